"""Properties on generated mandates (hypothesis).

- every plan passes the independent checker (plan_mandate runs it);
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

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forcesize.loader import validate
from forcesize.pipeline import plan_mandate
from forcesize.render.json import render_json
from forcesize.synthetic import synthetic_mandate

from .solving import cbc_available

EXAMPLES = int(os.environ.get("FORCESIZE_EXAMPLES", "60"))
PROFILE = settings(max_examples=EXAMPLES, deadline=None, derandomize=bool(os.environ.get("CI")),
                   suppress_health_check=[HealthCheck.too_slow])


@st.composite
def mandates(draw: st.DrawFn) -> dict:
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
    )


def _stage_values(plan) -> list[float]:
    return [s.objective for s in plan.stages]


@PROFILE
@given(doc=mandates())
def test_highs_and_cbc_agree_on_every_stage(doc):
    if not cbc_available():  # pragma: no cover
        return
    loaded = validate(doc)
    highs = plan_mandate(loaded, solver="highs", time_limit=60)
    cbc = plan_mandate(loaded, solver="cbc", time_limit=10)
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
    pools = [(c, k) for c, body in doc["contributor"].items() for k in body["available"]]
    before = plan_mandate(validate(doc)).shortfall_person_months
    c, k = pools[pick % len(pools)]
    doc["contributor"][c]["available"][k] += extra
    after = plan_mandate(validate(doc)).shortfall_person_months
    order = ("essential", "important", "desirable")
    assert after["essential"] <= before["essential"] + 1e-6
    assert [round(after[p], 6) for p in order] <= [round(before[p], 6) for p in order]


@settings(max_examples=10, deadline=None)
@given(doc=mandates())
def test_the_same_mandate_gives_byte_identical_json(doc):
    loaded = validate(doc)
    assert render_json(plan_mandate(loaded)) == render_json(plan_mandate(loaded))
