"""The family table is complete: a new family cannot be forgotten by explain or conflicts.

Every :class:`Family` has a spec; every limit family has a conflict sentence, a limit
line, a reason, a marginal value with a step, and a hand-made mandate below whose
optimum is known and in which one of its rows binds. The optima are solved on both
solvers; ``explain`` must name the family's limit and price it.
"""

from __future__ import annotations

import copy
import math
from typing import Any

import pytest

from forcesize.mandate import validate
from forcesize.model import Family, build_model
from forcesize.model.families import LIMITS, SPECS, Limit, limit
from forcesize.pipeline import explain_mandate, plan_mandate

from ..solving import SOLVERS, base


def hold(**objective: Any) -> dict[str, Any]:
    """One 2-month phase, one task needing 100 infantry at 1,000 a person-month."""
    doc = base(**objective)
    doc["task"]["hold"] = {"function": "supervision", "theatre": "x",
                           "need": {"inf": {"fixed": 100}}}
    return doc


def _with(doc: dict[str, Any], **contributors: dict[str, Any]) -> dict[str, Any]:
    doc["contributor"].update(contributors)
    return doc


def _two_phases(doc: dict[str, Any]) -> dict[str, Any]:
    doc["phase"]["two"] = {"months": 2}
    return doc


def _budgeted(doc: dict[str, Any], **budgets: float) -> dict[str, Any]:
    for phase, amount in budgets.items():
        doc["phase"][phase]["budget"] = amount
    return doc


def _group(doc: dict[str, Any], **group: Any) -> dict[str, Any]:
    doc["group"] = {"g": group}
    return doc


def _multinational() -> dict[str, Any]:
    """Only A may serve a task that needs two contributors: nobody deploys."""
    doc = _with(hold(), A={"available": {"inf": 100}},
                B={"available": {"inf": 100}, "excluded_functions": ["supervision"]})
    doc["task"]["hold"]["min_contributors"] = 2
    return doc


def _fund(phased: bool) -> dict[str, Any]:
    doc = hold(financing="common-fund")
    if phased:
        return _with(_two_phases(doc), A={"available": {"inf": 100}, "pledge": 1_000_000.0,
                                          "pledge_by_phase": {"one": 100_000.0}})
    return _with(doc, A={"available": {"inf": 100}, "pledge": 100_000.0})


def _scheme(scheme: dict[str, Any], **contributors: dict[str, Any]) -> dict[str, Any]:
    """``hold`` paid for by one scheme, ``s``, with payers D and E besides the contributors."""
    doc = _with(hold(financing="s"), **contributors)
    doc["financing"] = {"s": scheme}
    doc["payer"] = {"D": {"name": "Donor"}, "E": {}}
    return doc


def _payer_cap() -> dict[str, Any]:
    """D pays half of what s spends beyond E's fixed 20,000, and at most 40,000: s spends at
    most 100,000, 50 persons at 2,000."""
    doc = _scheme({"kind": "assessed", "scale": {"D": 0.5, "E": 0.5},
                   "payments": {"E": 20_000.0}}, A={"available": {"inf": 100}})
    doc["payer"]["D"]["max_payment"] = 40_000.0
    return doc


def _ready(share: float = 1.0) -> dict[str, Any]:
    """A holds 30 (share 0.5) or 60 (share 1) of its 100 inf ready within 30 days, which
    the phase requires: 60 deploy either way (at 0.5, 30 ready and 30 late)."""
    doc = _with(hold(), A={"available": {"inf": 100},
                           "ready": {"rapid": {"inf": 60 if share == 1 else 30}}})
    doc["readiness"] = {"rapid": {"days": 30}}
    doc["phase"]["one"]["ready"] = {"within": "rapid", "share": share}
    return doc


KNOWN: dict[Family, tuple[dict[str, Any], tuple[float, float, float, float]]] = {
    # family: (mandate, (essential pm, important pm, desirable pm, cost))
    Family.NEED_COVER_EQ: (_with(hold(), A={"available": {"inf": 150}}), (0, 0, 0, 200_000)),
    Family.POOL_MAX: (_with(hold(), A={"available": {"inf": 60}}), (80, 0, 0, 120_000)),
    Family.SHARE_MAX: (_with(hold(max_share=0.5), A={"available": {"inf": 100}},
                             B={"available": {"inf": 20}}, C={"available": {"inf": 20}}),
                       (40, 0, 0, 160_000)),
    Family.GROUP_MAX: (_group(_with(hold(), A={"available": {"inf": 100}},
                                    B={"available": {"inf": 100}},
                                    C={"available": {"inf": 10},
                                       "cost_per_month": {"inf": 2000.0}}),
                              members=["A", "B"], max_share=0.6), (150, 0, 0, 70_000)),
    Family.GROUP_MIN: (_group(_with(hold(), A={"available": {"inf": 30}},
                                    B={"available": {"inf": 100}}),
                              members=["A"], min_share=0.5), (80, 0, 0, 120_000)),
    Family.MULTINATIONAL_MIN: (_multinational(), (200, 0, 0, 0)),
    Family.COMMITMENT_MIN: (_with(hold(), A={"available": {"inf": 100},
                                             "cost_per_month": {"inf": 500.0}},
                                  B={"available": {"inf": 100}, "min_personnel": 30}),
                            (0, 0, 0, 130_000)),
    Family.PLEDGE_MAX: (_with(hold(), A={"available": {"inf": 100}, "pledge": 50_000.0}),
                        (150, 0, 0, 50_000)),
    Family.PLEDGE_PHASE_MAX: (_with(_two_phases(hold()), A={
        "available": {"inf": 100}, "pledge_by_phase": {"two": 60_000.0}}), (140, 0, 0, 260_000)),
    Family.FUND_MAX: (_fund(phased=False), (100, 0, 0, 100_000)),
    Family.FUND_PHASE_MAX: (_fund(phased=True), (100, 0, 0, 300_000)),
    Family.BUDGET_MAX: (_with(hold(budget=100_000.0), A={"available": {"inf": 100}}),
                        (100, 0, 0, 100_000)),
    # a donor fund of 100,000 pays 50 persons at 2,000
    Family.SCHEME_FUND_MAX: (_scheme({"kind": "common-fund", "pledges": {"D": 100_000.0}},
                                     A={"available": {"inf": 100}}), (100, 0, 0, 100_000)),
    # the scheme pays 500 a person-month, 1,000 a person, within 50,000: 50 persons
    Family.SCHEME_BUDGET_MAX: (_scheme({"kind": "assessed", "scale": {"D": 1.0},
                                        "reimbursement": {"military": 500.0},
                                        "budget": 50_000.0},
                                       A={"available": {"inf": 100}}), (100, 0, 0, 100_000)),
    Family.PHASE_BUDGET_MAX: (_with(_budgeted(hold(), one=100_000.0),
                                    A={"available": {"inf": 100}}), (100, 0, 0, 100_000)),
    Family.PAYMENT_MAX: (_payer_cap(), (100, 0, 0, 100_000)),
    # A bears 1,000 − 500 a person-month, 1,000 a person, at most 30,000: 30 persons
    Family.READY_MAX: (_ready(), (80, 0, 0, 120_000)),
    Family.READY_SHARE_MIN: (_ready(0.5), (80, 0, 0, 120_000)),
    Family.NET_BURDEN_MAX: (_scheme({"kind": "assessed", "scale": {"D": 1.0},
                                     "reimbursement": {"military": 500.0}},
                                    A={"available": {"inf": 100}, "max_net_burden": 30_000.0}),
                            (140, 0, 0, 60_000)),
}
"""A hand-made mandate per limit family (and the requirement), with its known optimum."""


def test_every_family_has_a_spec():
    assert set(SPECS) == set(Family)
    for family, spec in SPECS.items():
        assert spec.family is family and spec.meaning


LIMIT_FAMILIES = [s.family for s in LIMITS]


@pytest.mark.parametrize("family", LIMIT_FAMILIES, ids=str)
def test_every_limit_family_says_everything_about_itself(family):
    spec = limit(family)
    assert isinstance(spec, Limit) and spec.kind and spec.step is not None
    overridden = {name for name in ("conflict", "limit_line", "reason", "rate", "change",
                                    "path", "edits")
                  if getattr(type(spec), name) is not getattr(Limit, name)}
    assert overridden >= {"conflict", "limit_line", "rate", "change", "path", "edits"}, family
    if family is not Family.COMMITMENT_MIN:  # one more person never breaks a minimum
        assert "reason" in overridden


@pytest.mark.parametrize("family", [*LIMIT_FAMILIES, Family.NEED_COVER_EQ], ids=str)
def test_every_limit_family_has_a_hand_made_case_with_a_known_optimum(family):
    assert family in KNOWN, f"add a hand-made mandate with a known optimum for {family}"


@pytest.mark.parametrize("solver", SOLVERS)
@pytest.mark.parametrize("family", list(KNOWN), ids=str)
def test_the_known_optimum_is_found_and_the_family_binds(family, solver):
    doc, expected = KNOWN[family]
    loaded = validate(copy.deepcopy(doc))
    plan = plan_mandate(loaded, solver=solver)
    got = tuple(s.objective for s in plan.stages)
    assert all(math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-6) for a, b in
               zip(got, expected, strict=True)), (got, expected)
    model = build_model(plan_derived(loaded))
    assert any(k.family is family for k in model.registry.constraints), family


def plan_derived(loaded):
    from forcesize.mandate import Derived

    return Derived(loaded.mandate)


@pytest.mark.parametrize("family", [f for f in KNOWN if f in LIMIT_FAMILIES], ids=str)
def test_explain_names_and_prices_each_limit_family(family):
    doc, _expected = KNOWN[family]
    plan, ex = explain_mandate(validate(copy.deepcopy(doc)))
    spec = limit(family)
    assert spec is not None
    priced = [m for m in ex.marginals if m.kind == spec.kind]
    assert any(m.check == "confirmed" for m in priced), (family, ex.marginals)
    if plan.shortfall_person_months["essential"] > 0:  # a limit that keeps something short
        named = {x.kind for x in ex.limits} | {b.reason for s in ex.shortfalls
                                               for b in s.blockers}
        assert spec.kind in named, (family, ex.limits)
