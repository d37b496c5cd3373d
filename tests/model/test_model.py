"""Each constraint family on a hand-made mandate whose optimum was computed by hand.

Every test runs with HiGHS and with CBC; plan_of() also runs the independent
checker, so each optimum here is both checked and cross-solved.
"""

from __future__ import annotations

import pytest

from forcesize.mandate import validate
from forcesize.mandate.derive import Derived
from forcesize.model import Family, build_model

from ..solving import SOLVERS, base, filled, persons, plan_of


def task(need: float, priority: str = "essential", **extra: object) -> dict:
    return {"function": "supervision", "theatre": "x", "priority": priority,
            "need": {"inf": {"fixed": need}}, **extra}


@pytest.fixture(params=SOLVERS)
def solver(request: pytest.FixtureRequest) -> str:
    return request.param


def test_need_cover_fills_the_requirement_and_costs_persons_times_rate_times_months(solver):
    doc = base()
    doc["task"]["t"] = task(30)
    doc["contributor"]["A"] = {"available": {"inf": 50}}
    plan = plan_of(doc, solver)
    assert filled(plan, "t") == 30
    assert plan.total_cost == 30 * 1000 * 2
    assert plan.shortfall_person_months == {"essential": 0, "important": 0, "desirable": 0}


def test_requirement_is_rounded_up_and_never_over_allocated(solver):
    doc = base()
    doc["task"]["t"] = task(0)
    doc["task"]["t"]["need"]["inf"] = {"per_1000_population": 0.25}  # 2.5 -> 3
    doc["contributor"]["A"] = {"available": {"inf": 50}}
    plan = plan_of(doc, solver)
    (row,) = plan.requirements
    assert (row.required, row.filled, row.shortfall) == (3, 3, 0)


def test_pool_is_shared_by_tasks_and_essential_comes_first(solver):
    doc = base()
    doc["task"]["ess"] = task(8)
    doc["task"]["imp"] = task(8, "important")
    doc["contributor"]["A"] = {"available": {"inf": 10}}
    plan = plan_of(doc, solver)
    assert filled(plan, "ess") == 8
    assert filled(plan, "imp") == 2
    assert plan.shortfall_person_months["important"] == 6 * 2


def test_priority_beats_cost(solver):
    """A cheap desirable task never takes personnel an expensive essential one needs."""
    doc = base()
    doc["capability"]["pol"] = {"component": "police", "cost_per_month": 1.0}
    doc["task"]["ess"] = task(5)
    doc["task"]["des"] = {"function": "supervision", "theatre": "x", "priority": "desirable",
                          "need": {"pol": {"fixed": 5}}}
    doc["objective"]["budget"] = 5 * 1000 * 2  # exactly the essential task's cost
    doc["contributor"]["A"] = {"available": {"inf": 5, "pol": 5}}
    plan = plan_of(doc, solver)
    assert filled(plan, "ess") == 5
    assert filled(plan, "des") == 0
    assert plan.shortfall_person_months["desirable"] == 10


def test_cost_stage_prefers_the_cheaper_contributor(solver):
    doc = base()
    doc["task"]["t"] = task(10)
    doc["contributor"]["DEAR"] = {"available": {"inf": 10}, "cost_per_month": {"inf": 3000.0}}
    doc["contributor"]["CHEAP"] = {"available": {"inf": 6}, "cost_per_month": {"inf": 500.0}}
    plan = plan_of(doc, solver)
    assert persons(plan, "CHEAP") == 6
    assert persons(plan, "DEAR") == 4
    assert plan.total_cost == (6 * 500 + 4 * 3000) * 2


@pytest.mark.parametrize(
    ("field", "value"),
    [("acceptable_to", ["a"]), ("excluded_functions", ["supervision"]),
     ("excluded_theatres", ["x"])],
)
def test_ineligible_contributors_are_never_assigned(solver, field, value):
    doc = base()
    doc["task"]["t"] = task(10)
    doc["contributor"]["A"] = {"available": {"inf": 10}, field: value}
    plan = plan_of(doc, solver)
    assert plan.allocations == []
    assert plan.shortfall_person_months["essential"] == 20


def test_consent_of_narrows_who_must_accept(solver):
    doc = base()
    doc["task"]["t"] = task(10, consent_of=["a"])
    doc["contributor"]["A"] = {"available": {"inf": 10}, "acceptable_to": ["a"]}
    assert filled(plan_of(doc, solver), "t") == 10


def test_share_cap_limits_a_dominant_contributor(solver):
    """A: 20 available, C: 5, cap 0.6, need 25. A ≤ 0.6(A + 5) gives A ≤ 7.5, so 7."""
    doc = base(max_share=0.6)
    doc["task"]["t"] = task(25)
    doc["contributor"]["A"] = {"available": {"inf": 20}}
    doc["contributor"]["C"] = {"available": {"inf": 5}}
    plan = plan_of(doc, solver)
    assert persons(plan, "A") == 7
    assert persons(plan, "C") == 5
    assert plan.shortfall_person_months["essential"] == 13 * 2


def test_contributor_share_overrides_the_default(solver):
    doc = base(max_share=0.5)
    doc["task"]["t"] = task(20)
    doc["contributor"]["A"] = {"available": {"inf": 20}, "max_share": 1.0}
    doc["contributor"]["B"] = {"available": {"inf": 20}}
    plan = plan_of(doc, solver)
    assert filled(plan, "t") == 20  # A may take all; B at most half
    assert persons(plan, "B") <= 10


def test_pledge_caps_national_spending(solver):
    """Each person costs 1000 × 2 months; a pledge of 10,000 pays for 5."""
    doc = base()
    doc["task"]["t"] = task(8)
    doc["contributor"]["A"] = {"available": {"inf": 8}, "pledge": 10_000.0}
    plan = plan_of(doc, solver)
    assert persons(plan, "A") == 5
    (row,) = [f for f in plan.financing if f.contributor == "A"]
    assert (row.pays, row.pledge) == (10_000.0, 10_000.0)


def test_common_fund_caps_the_total_and_shares_it_pro_rata(solver):
    doc = base(financing="common-fund")
    doc["task"]["t"] = task(10)
    doc["contributor"]["A"] = {"available": {"inf": 10}, "pledge": 9_000.0}
    doc["contributor"]["B"] = {"pledge": 3_000.0}
    plan = plan_of(doc, solver)
    assert filled(plan, "t") == 6  # 12,000 in the fund / 2,000 per person
    pays = {f.contributor: f.pays for f in plan.financing}
    assert pays == {"A": 9_000.0, "B": 3_000.0}


def test_budget_caps_the_total_cost(solver):
    doc = base(budget=7_000.0)
    doc["task"]["t"] = task(10)
    doc["contributor"]["A"] = {"available": {"inf": 10}}
    plan = plan_of(doc, solver)
    assert filled(plan, "t") == 3  # floor(7000 / 2000)
    assert plan.total_cost == 6_000.0


def test_phases_are_separate_and_weighted_by_months(solver):
    doc = base()
    doc["phase"] = {"early": {"months": 6}, "late": {"months": 12}}
    doc["task"]["t"] = task(10)
    doc["task"]["u"] = task(4, "important", phases=["late"])
    doc["contributor"]["A"] = {"available": {"inf": 12}}
    plan = plan_of(doc, solver)
    assert filled(plan, "t", "early") == 10
    assert filled(plan, "t", "late") == 10
    assert filled(plan, "u", "late") == 2
    assert plan.shortfall_person_months["important"] == 2 * 12


def test_an_empty_mandate_gives_an_empty_optimal_plan(solver):
    plan = plan_of({"mission": {"name": "nothing"}}, solver)
    assert plan.status == "optimal"
    assert (plan.allocations, plan.requirements, plan.total_cost) == ([], [], 0.0)


def test_every_family_has_rows_on_a_mandate_that_uses_it():
    """Names travel: rows are keyed by family and mandate ids, named from sanitised ids."""
    doc = base(max_share=0.5, budget=1e9)
    doc["task"]["gaza-border"] = task(10)
    doc["contributor"]["A"] = {"available": {"inf": 10}, "pledge": 1e9}
    doc["contributor"]["B"] = {"available": {"inf": 10}}
    model = build_model(Derived(validate(doc).mandate))
    families = {key.family for key in model.registry.constraints}
    assert families == {Family.NEED_COVER_EQ, Family.POOL_MAX, Family.PHASE_TOTAL_EQ,
                        Family.SHARE_MAX, Family.PLEDGE_MAX, Family.BUDGET_MAX,
                        Family.ALLOWANCE_CUT_MAX}
    need = model.registry.constraints[
        next(k for k in model.registry.constraints if k.family is Family.NEED_COVER_EQ)]
    assert need.name == "need_cover_eq__gaza_border__inf__one"
    assert need.path == "task.gaza-border.need.inf"


def test_ids_that_sanitise_alike_get_distinct_lp_names():
    doc = base()
    doc["task"]["a-b"] = task(1)
    doc["task"]["a_b"] = task(1)
    doc["contributor"]["A"] = {"available": {"inf": 5}}
    model = build_model(Derived(validate(doc).mandate))
    names = [e.name for e in model.registry.constraints.values()]
    assert len(names) == len(set(names))
    assert plan_of(doc).shortfall_person_months["essential"] == 0
