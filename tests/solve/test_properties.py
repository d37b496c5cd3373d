"""Properties on generated mandates (hypothesis).

- every plan passes the independent checker (plan_mandate runs it), with or
  without the force-generation keys (units, standing pools, groups,
  multinational tasks, phased scales and pledges, threat, throughput);
- HiGHS and CBC reach the same value in every preemptive stage;
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

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forcesize.errors import InfeasibleError
from forcesize.mandate import validate
from forcesize.pipeline import plan_mandate
from forcesize.render.json import render_json
from tests.synthetic import synthetic_mandate

from ..solving import cbc_available

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
    )


CBC_SECONDS = 90
"""CBC's time limit in the agreement test: CBC 2.10 needs up to about 30 s on some
generated mandates when the machine is busy (issue 11 tracks CBC's slow cases)."""


def _stage_values(plan) -> list[float]:
    return [s.objective for s in plan.stages]


@pytest.mark.slow
@pytest.mark.cbc
@pytest.mark.skipif(not cbc_available(), reason="CBC is not installed: the agreement of the "
                    "two solvers is NOT checked")
@PROFILE
@given(doc=mandates(commitments=True))
def test_highs_and_cbc_agree_on_every_stage(doc):
    # CBC gets CBC_SECONDS: with 10 s it found no plan at all in the important stage of a
    # generated mandate (commitments, units, a group cap) on a loaded machine, where it
    # needs 28 s and then agrees with HiGHS; a stage stopped with a plan is compared below
    loaded = validate(doc)
    try:
        highs = plan_mandate(loaded, solver="highs", time_limit=60)
    except InfeasibleError:  # a commitment beyond what can be sent: CBC must agree
        with pytest.raises(InfeasibleError):
            plan_mandate(loaded, solver="cbc", time_limit=CBC_SECONDS)
        return
    cbc = plan_mandate(loaded, solver="cbc", time_limit=CBC_SECONDS)
    assert highs.status == "optimal"
    for a, b in zip(highs.stages, cbc.stages, strict=True):
        if b.status == "not_run":
            break
        if b.status == "time_limit":  # CBC's incumbent can only be worse than the optimum
            assert a.objective <= b.objective * (1 + 1e-5) + 1e-6, (a, b)
            break
        assert math.isclose(a.objective, b.objective, rel_tol=1e-5, abs_tol=1e-6), (a, b)


@PROFILE
@given(doc=mandates(), extra=st.integers(1, 300), pick=st.integers(0, 10_000))
def test_more_personnel_never_worsens_the_shortfall(doc, extra, pick):
    pools = [(c, table, k) for c, body in doc["contributor"].items()
             for table in ("available", "standing") for k in body.get(table, {})]
    before = plan_mandate(validate(doc)).shortfall_person_months
    c, table, k = pools[pick % len(pools)]
    doc["contributor"][c][table][k] += extra
    after = plan_mandate(validate(doc)).shortfall_person_months
    order = ("essential", "important", "desirable")
    assert after["essential"] <= before["essential"] + 1e-6
    assert [round(after[p], 6) for p in order] <= [round(before[p], 6) for p in order]


@settings(max_examples=10, deadline=None)
@given(doc=mandates())
def test_the_same_mandate_gives_byte_identical_json(doc):
    loaded = validate(doc)
    assert render_json(plan_mandate(loaded)) == render_json(plan_mandate(loaded))


REALISM_KEYS = {"unit_size", "unit_name", "sustainment_ratio", "standing", "available_by_phase",
                "group", "min_contributors", "phase_scale", "pledge_by_phase", "threat",
                "trainees", "trainees_per_instructor_month", "min_personnel", "quantities",
                "per", "share", "scenario", "host"}


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
               "sizing": {"quantities", "per", "share", "scenario", "host"}}
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
