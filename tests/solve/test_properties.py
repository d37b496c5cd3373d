"""Properties on generated mandates (hypothesis).

- every plan passes the independent checker (plan_mandate runs it), with or
  without the force-generation keys (units, standing pools, groups,
  multinational tasks, phased scales and pledges, threat, throughput);
- HiGHS and CBC reach the same value in every preemptive stage (or, where the time limit
  stops one, values within each other's proven bounds);
- adding personnel to a pool never makes the shortfall worse: essential
  shortfall never rises, and the (essential, important, desirable) vector
  never gets lexicographically worse. (A single lower priority may rise: the
  extra persons can close an essential gap with money that paid for an
  important task before, which the preemptive order demands.)
- the plan is the same, byte for byte, when solved twice.
"""

from __future__ import annotations

import math
import os
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from forcesize.errors import InfeasibleError, TimeLimitError
from forcesize.mandate import validate
from forcesize.pipeline import plan_mandate
from forcesize.render.json import render_json
from forcesize.results.plan import StageRow
from tests.synthetic import synthetic_mandate

from ..solving import PROVEN, cbc_available, overlap, proven_interval

EXAMPLES = int(os.environ.get("FORCESIZE_EXAMPLES", "60"))
PROFILE = settings(max_examples=EXAMPLES, deadline=None, derandomize=bool(os.environ.get("CI")),
                   suppress_health_check=[HealthCheck.too_slow])


@st.composite
def mandates(draw: st.DrawFn, commitments: bool = False) -> dict:
    return synthetic_mandate(
        contributors=draw(st.integers(1, 6)),
        capabilities=draw(st.integers(1, 4)),
        tasks=draw(st.integers(1, 5)),
        phases=draw(st.integers(1, 3)),
        seed=draw(st.integers(0, 10_000)),
        max_share=draw(st.sampled_from([1.0, 0.7, 0.5, 0.3])),
        needs_per_task=draw(st.integers(1, 3)),
        capabilities_per_contributor=draw(st.integers(1, 4)),
        financing=draw(st.sampled_from(["national", "common-fund"])),
        budget_fraction=draw(st.sampled_from([None, 0.2, 0.6, 1.5])),
        pledge_rate=draw(st.sampled_from([0.0, 0.5, 1.0])),
        units=draw(st.booleans()),
        standing=draw(st.booleans()),
        groups=draw(st.integers(0, 2)),
        multinational=draw(st.booleans()),
        phased=draw(st.booleans()),
        threat=draw(st.booleans()),
        throughput=draw(st.booleans()),
        commitments=draw(st.booleans()) if commitments else False,
        corners=draw(st.booleans()),
        sizing=draw(st.booleans()),
        schemes=draw(st.booleans()),
        slices=draw(st.booleans()),
        presence=draw(st.booleans()),
        overrides=draw(st.booleans()),
        readiness=draw(st.booleans()),
        scopes=draw(st.booleans()),
    )


SECONDS = 60
"""Each solver's time limit per generated mandate in the tests here. No verdict depends on
it: a stage stopped by the clock is compared through its proven bound (:func:`_agree`),
or the example is counted as inconclusive, so a busy machine makes a test less
searching, never red, and a hard mandate cannot stall it. CBC 2.10 needs up to about
30 s on some generated mandates; HiGHS did not prove one (tests/fixtures/cliffs/) in
120 s (issue 11)."""


def _interval(stage) -> tuple[float, float]:
    return proven_interval(stage.status, stage.objective, stage.gap, stage.bound)


def _agree(highs, cbc) -> list[str]:
    """The stages both solvers decided, compared: equal values where both proved them, and
    overlapping intervals where either stopped; the comparison ends at the first stage that
    either solver did not prove, because later stages then start from different locks.
    Returns what was compared, for the example's notes."""
    compared = []
    for a, b in zip(highs.stages, cbc.stages, strict=True):
        if "not_run" in (a.status, b.status):
            break
        assert overlap(_interval(a), _interval(b), rel=1e-5), (a, b)
        compared.append(f"{a.stage}: {a.status}/{b.status}")
        if a.status not in PROVEN or b.status not in PROVEN:
            break
    return compared


@pytest.mark.slow
@pytest.mark.cbc
@pytest.mark.skipif(not cbc_available(), reason="CBC is not installed: the agreement of the "
                    "two solvers is NOT checked")
@PROFILE
@given(doc=mandates(commitments=True))
def test_highs_and_cbc_agree_on_every_stage(doc):
    # Only a real disagreement fails: a plan (checked by plan_mandate) from one solver where
    # the other proved there is none, or proven stage values that differ. Running out of
    # time is inconclusive, and is counted in hypothesis' statistics
    # (pytest --hypothesis-show-statistics).
    loaded = validate(doc)
    results = {}
    for solver in ("highs", "cbc"):
        try:
            results[solver] = plan_mandate(loaded, solver=solver, time_limit=SECONDS)
        except InfeasibleError as exc:  # proven: a commitment beyond what can be sent
            results[solver] = exc
        except TimeLimitError:
            results[solver] = None
    highs, cbc = results["highs"], results["cbc"]
    if highs is None or cbc is None:
        event("inconclusive: a solver found no plan in time")
        return
    infeasible = [isinstance(r, InfeasibleError) for r in (highs, cbc)]
    assert infeasible[0] == infeasible[1], results
    if infeasible[0]:
        event("both proved that no plan exists")
    else:
        compared = _agree(highs, cbc)
        event("every stage proven by both" if len(compared) == len(highs.stages) and
              all(a.status in PROVEN and b.status in PROVEN
                  for a, b in zip(highs.stages, cbc.stages, strict=True))
              else "a stage stopped: compared by bounds")


def _row(stage: str, status: str, objective: float, bound: float | None = None) -> StageRow:
    return StageRow(stage=stage, status=status, objective=objective, gap=None, bound=bound)


def test_the_agreement_check_fails_on_a_real_disagreement_only():
    def plan(*rows):
        return SimpleNamespace(stages=list(rows))

    same = plan(_row("essential", "optimal", 10.0), _row("cost", "optimal", 5e9))
    assert len(_agree(same, same)) == 2
    with pytest.raises(AssertionError):  # two proven values that differ
        _agree(same, plan(_row("essential", "optimal", 10.0), _row("cost", "optimal", 5.1e9)))
    stopped = plan(_row("essential", "time_limit", 12.0, bound=9.0),
                   _row("cost", "not_run", math.nan))
    assert _agree(same, stopped) == ["essential: optimal/time_limit"]  # 10 lies in [9, 12]
    with pytest.raises(AssertionError):  # the proven bound is above the other's optimum
        _agree(same, plan(_row("essential", "time_limit", 12.0, bound=11.0),
                          _row("cost", "not_run", math.nan)))
    with pytest.raises(AssertionError):  # a plan better than the other's proven optimum
        _agree(same, plan(_row("essential", "time_limit", 8.0), _row("cost", "not_run", 0.0)))


@PROFILE
@given(doc=mandates(), extra=st.integers(1, 300), pick=st.integers(0, 10_000))
def test_more_personnel_never_worsens_the_shortfall(doc, extra, pick):
    pools = [(c, table, k) for c, body in doc["contributor"].items()
             for table in ("available", "standing") for k in body.get(table, {})]
    try:
        first = plan_mandate(validate(doc), time_limit=SECONDS)
    except InfeasibleError:  # fixed payments beyond a payer's cap (schemes): no plan at all
        event("no plan: a payer's fixed payments exceed its cap")
        return
    c, table, k = pools[pick % len(pools)]
    doc["contributor"][c][table][k] += extra
    second = plan_mandate(validate(doc), time_limit=SECONDS)  # the first plan still fits
    if "time_limit" in (first.status, second.status):
        # unproven values prove nothing either way, and without a limit one generated
        # mandate (tests/fixtures/cliffs/) ran for minutes: the verdict must not depend on
        # the machine's speed, and a random seed must not stall `make test`
        event("inconclusive: a solve reached the time limit")
        return
    before, after = first.shortfall_person_months, second.shortfall_person_months
    order = ("essential", "important", "desirable")
    assert after["essential"] <= before["essential"] + 1e-6
    assert [round(after[p], 6) for p in order] <= [round(before[p], 6) for p in order]


@settings(max_examples=10, deadline=None)
@given(doc=mandates())
def test_the_same_mandate_gives_byte_identical_json(doc):
    loaded = validate(doc)
    try:
        first = plan_mandate(loaded, time_limit=SECONDS)
    except InfeasibleError as exc:  # fixed payments beyond a payer's cap: the same each time
        with pytest.raises(InfeasibleError) as again:
            plan_mandate(loaded)
        assert again.value.conflicts == exc.conflicts
        return
    if first.status == "time_limit":  # where a time limit stops a solve depends on the clock
        event("inconclusive: the solve reached the time limit")
        return
    assert render_json(first) == render_json(plan_mandate(loaded))


REALISM_KEYS = {"unit_size", "unit_name", "sustainment_ratio", "standing", "available_by_phase",
                "group", "min_contributors", "phase_scale", "pledge_by_phase", "threat",
                "trainees", "trainees_per_instructor_month", "min_personnel", "quantities",
                "per", "share", "scenario", "host", "payer", "max_payment", "max_net_burden",
                "weight", "min_slice", "meaningful_contribution", "threat_by_phase",
                "excluded_functions_by_phase", "excluded_theatres_by_phase",
                "max_share_by_phase", "cost_per_month_by_phase", "min_personnel_by_phase",
                "min_share_by_phase", "readiness", "ready", "unit_scope"}


def _keys(doc) -> set[str]:
    if isinstance(doc, dict):
        return set(doc) | {k for v in doc.values() for k in _keys(v)}
    return set()


def test_synthetic_realism_options_are_off_by_default():
    # existing seeds keep their mandates: no new key, whatever the size
    for seed in range(20):
        assert not _keys(synthetic_mandate(6, 4, 5, 3, seed=seed)) & REALISM_KEYS


@given(seed=st.integers(0, 10_000))
@settings(max_examples=20, deadline=None)
def test_each_synthetic_realism_option_adds_its_keys_and_only_those(seed):
    plain = synthetic_mandate(8, 4, 6, 3, seed=seed)
    options = {"units": {"unit_size", "unit_name"}, "standing": {"standing",
               "available_by_phase", "sustainment_ratio"}, "groups": {"group"},
               "multinational": {"min_contributors"}, "phased": {"phase_scale",
               "pledge_by_phase"}, "threat": {"threat"},
               "throughput": {"trainees", "trainees_per_instructor_month"},
               "commitments": {"min_personnel"},
               "sizing": {"quantities", "per", "share", "scenario", "host"},
               "schemes": {"payer", "financing", "max_payment", "max_net_burden", "weight",
                           "budget"},
               "slices": {"min_slice", "meaningful_contribution"},
               "presence": {"phases"},
               "overrides": {"threat_by_phase", "excluded_functions_by_phase",
                             "excluded_theatres_by_phase", "max_share_by_phase",
                             "cost_per_month_by_phase", "min_personnel_by_phase"},
               "readiness": {"readiness", "ready", "share"}, "scopes": {"unit_scope"}}
    for option, keys in options.items():
        doc = synthetic_mandate(8, 4, 6, 3, seed=seed, **{option: 2 if option == "groups"
                                                          else True})
        assert _keys(doc) & REALISM_KEYS <= keys, option
        assert validate(doc).mandate is not None
        if option not in ("standing", "sizing"):  # these move `available`, or `fixed`
            assert _strip(doc, keys) == _strip(plain, keys), option


def _strip(doc, keys: set[str]):
    if isinstance(doc, dict):
        return {k: _strip(v, keys) for k, v in doc.items() if k not in keys}
    return doc
