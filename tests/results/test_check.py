"""The independent checker rejects plans that break each rule."""

from __future__ import annotations

import pytest

from forcesize.errors import CheckFailure
from forcesize.mandate import validate
from forcesize.results.check import check_plan, required_persons
from forcesize.results.plan import Allocation

from ..solving import base, plan_of


def case_doc(**a: object) -> dict:
    """Need 10; A (pledge 14,000) and B have 7 each; share cap 0.7. ``a`` overrides A's keys."""
    doc = base(max_share=0.7, budget=1e6)
    doc["task"]["t"] = {"function": "supervision", "theatre": "x",
                        "need": {"inf": {"fixed": 10}}}
    doc["contributor"]["A"] = {"available": {"inf": 7}, "pledge": 14_000.0, **a}
    doc["contributor"]["B"] = {"available": {"inf": 7}}
    return doc


@pytest.fixture
def case():
    doc = case_doc()
    return validate(doc).mandate, plan_of(doc)


def _with_allocations(plan, allocations):
    return plan.model_copy(update={"allocations": allocations})


def test_a_solved_plan_passes(case):
    mandate, plan = case
    check_plan(mandate, plan)


def test_requirements_are_recomputed_from_the_mandate_alone(case):
    mandate, _ = case
    assert required_persons(mandate) == {("t", "inf", "one"): (10, "essential")}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"personnel": 8}, "pool A/inf"),
        ({"contributor": "Z"}, "refers to an id"),
        ({"cost": 1.0}, "cost 1.0 should be"),
        ({"task": "nope"}, "refers to an id"),
    ],
)
def test_tampered_allocations_are_caught(case, change, message):
    mandate, plan = case
    first = plan.allocations[0]
    assert first.contributor == "A"
    broken = [first.model_copy(update=change), *plan.allocations[1:]]
    with pytest.raises(CheckFailure) as err:
        check_plan(mandate, _with_allocations(plan, broken))
    assert any(message in v for v in err.value.violations), err.value.violations


def test_over_allocation_is_caught(case):
    mandate, plan = case
    extra = Allocation(contributor="B", capability="inf", task="t", phase="one",
                       personnel=5, cost=10_000.0)
    with pytest.raises(CheckFailure) as err:
        check_plan(mandate, _with_allocations(plan, [*plan.allocations, extra]))
    assert any("over-allocated" in v for v in err.value.violations)


def test_share_cap_breach_is_caught(case):
    mandate, plan = case
    only_b = [Allocation(contributor="B", capability="inf", task="t", phase="one",
                         personnel=7, cost=14_000.0)]
    rows = [r.model_copy(update={"filled": 7, "shortfall": 3}) for r in plan.requirements]
    bad = plan.model_copy(update={"allocations": only_b, "requirements": rows})
    with pytest.raises(CheckFailure) as err:
        check_plan(mandate, bad)
    assert any("share B" in v for v in err.value.violations)


def test_pledge_breach_is_caught(case):
    _, plan = case
    with pytest.raises(CheckFailure) as err:
        check_plan(validate(case_doc(pledge=1_000.0)).mandate, plan)
    assert any("over its pledge" in v for v in err.value.violations)


def test_misreported_shortfall_is_caught(case):
    mandate, plan = case
    bad = plan.model_copy(update={"shortfall_person_months":
                                  {"essential": 5.0, "important": 0.0, "desirable": 0.0}})
    with pytest.raises(CheckFailure) as err:
        check_plan(mandate, bad)
    assert any("shortfall person-months (essential)" in v for v in err.value.violations)


def test_ineligible_contributor_is_caught(case):
    _, plan = case
    with pytest.raises(CheckFailure) as err:
        check_plan(validate(case_doc(excluded_functions=["supervision"])).mandate, plan)
    assert any("caveat excludes the function" in v for v in err.value.violations)


# --------------------------------------------------------------------------- force generation


def _two_phases(doc: dict) -> dict:
    doc["phase"] = {"one": {"months": 2}, "two": {"months": 2}}
    return doc


def _need(doc: dict, fixed: int, **task: object) -> dict:
    doc["task"]["t"] = {"function": "supervision", "theatre": "x",
                        "need": {"inf": {"fixed": fixed}}, **task}
    return doc


def _tampered(plan, allocations=None, rows=None):
    """The plan with new allocations (costs recomputed at 1,000 × 2 months a person), and
    requirement rows updated by ``rows``: {(task, phase): {field: value}}."""
    update: dict = {}
    if allocations is not None:
        update["allocations"] = [
            Allocation(contributor=c, capability="inf", task=t, phase=p, personnel=n,
                       cost=2_000.0 * n, **extra)
            for c, t, p, n, extra in allocations]
    if rows:
        update["requirements"] = [r.model_copy(update=rows.get((r.task, r.phase), {}))
                                  for r in plan.requirements]
    return plan.model_copy(update=update)


def _violations(mandate, plan) -> list[str]:
    with pytest.raises(CheckFailure) as err:
        check_plan(mandate, plan)
    return err.value.violations


def _caught(mandate, plan, message: str) -> None:
    found = _violations(mandate, plan)
    assert any(message in v for v in found), found


def _solved(doc: dict):
    plan = plan_of(doc)
    mandate = validate(doc).mandate
    check_plan(mandate, plan)
    return mandate, plan


def test_requirements_include_throughput_phase_scale_and_threat():
    # 2,100 trainees over 15 months at 10 per instructor-month: exactly 14 instructors,
    # halved in the draw-down phase (7), and a high threat multiplies an enforcement
    # task's 3 persons by 10
    doc = base()
    doc["phase"] = {"one": {"months": 5}, "two": {"months": 10}}
    doc["theatre"]["x"]["threat"] = "high"
    doc["task"]["train"] = {"function": "capacity-building", "theatre": "x",
                            "phase_scale": {"two": 0.5},
                            "need": {"inf": {"trainees": 2100,
                                             "trainees_per_instructor_month": 10}}}
    doc["task"]["hold"] = {"function": "enforcement", "theatre": "x",
                           "need": {"inf": {"fixed": 3}}}
    got = required_persons(validate(doc).mandate)
    assert {k: v[0] for k, v in got.items()} == {
        ("train", "inf", "one"): 14, ("train", "inf", "two"): 7,
        ("hold", "inf", "one"): 30, ("hold", "inf", "two"): 30}
    doc["threat"] = {"multipliers": {"high": 2.5}, "functions": ["enforcement"]}
    assert required_persons(validate(doc).mandate)["hold", "inf", "one"][0] == 8
    doc["threat"] = {"functions": ["capacity-building"]}
    got = required_persons(validate(doc).mandate)
    assert (got["hold", "inf", "one"][0], got["train", "inf", "one"][0]) == (3, 140)


def test_a_misstated_requirement_is_caught():
    doc = _need(base(), 4, phase_scale={"one": 2.5})
    doc["contributor"]["A"] = {"available": {"inf": 20}}
    mandate, plan = _solved(doc)
    assert plan.requirements[0].required == 10
    _caught(mandate, _tampered(plan, rows={("t", "one"): {"required": 4}}),
            "requirement t/inf/one: required 4, the rules give 10")


def units_case() -> dict:
    """Need 12 of a capability in units of 5; A has 20: three units, 3 persons over."""
    doc = _need(base(), 12)
    doc["capability"]["inf"]["unit_size"] = 5
    doc["contributor"]["A"] = {"available": {"inf": 20}}
    return doc


def test_units_pass_and_show_in_the_plan():
    _, plan = _solved(units_case())
    (a,) = plan.allocations
    assert (a.personnel, a.units, a.unit_size) == (15, 3, 5)
    assert (plan.requirements[0].excess, plan.requirements[0].shortfall) == (3, 0)


@pytest.mark.parametrize(("allocation", "row", "message"), [
    ((14, {"units": 3, "unit_size": 5}), {"filled": 14, "excess": 2},
     "14 persons is not a whole number of units of 5"),
    ((15, {"units": 2, "unit_size": 5}), {}, "2 units of 5 is not 15 persons"),
    ((15, {"units": 3, "unit_size": 3}), {}, "unit size 3, the mandate gives 5"),
    ((15, {"units": 3, "unit_size": 5}), {"excess": 2}, "- excess 2 != required 12"),
    ((20, {"units": 4, "unit_size": 5}), {"filled": 20, "excess": 8},
     "excess 8 outside 0..4"),
])
def test_tampered_units_are_caught(allocation, row, message):
    mandate, plan = _solved(units_case())
    persons, extra = allocation
    bad = _tampered(plan, [("A", "t", "one", persons, extra)], rows={("t", "one"): row})
    _caught(mandate, bad, message)


def test_excess_without_units_is_caught():
    _, plan = _solved(units_case())
    doc = units_case()
    del doc["capability"]["inf"]["unit_size"]
    mandate = validate(doc).mandate
    bad = _tampered(plan, [("A", "t", "one", 15, {})], rows={("t", "one"): {"excess": 3}})
    found = _violations(mandate, bad)
    assert any("excess 3 outside 0..0 (no unit-sized contributor" in v for v in found), found
    assert any("over-allocated, 15 > 12" in v for v in found), found


def test_a_contributors_own_unit_size_is_the_one_checked():
    doc = units_case()
    doc["contributor"]["A"]["unit_size"] = {"inf": 4}
    mandate, plan = _solved(doc)
    assert [(a.personnel, a.units, a.unit_size) for a in plan.allocations] == [(12, 3, 4)]
    _caught(mandate, _tampered(plan, [("A", "t", "one", 15, {"units": 3, "unit_size": 5})]),
            "unit size 5, the mandate gives 4")


def test_a_standing_pool_is_divided_by_the_sustainment_ratio():
    doc = _need(base(), 12)
    doc["contributor"]["A"] = {"standing": {"inf": 32}}  # 32 / 3: 10 deployable
    mandate, plan = _solved(doc)
    assert plan.allocations[0].personnel == 10
    _caught(mandate, _tampered(plan, [("A", "t", "one", 11, {})],
                               rows={("t", "one"): {"filled": 11, "shortfall": 1}}),
            "pool A/inf in one: 11 deployed, 10 available")


def test_a_pool_by_phase_is_checked_in_its_phase():
    doc = _need(_two_phases(base()), 10)
    doc["contributor"]["A"] = {"available": {"inf": 10},
                               "available_by_phase": {"two": {"inf": 4}}}
    mandate, plan = _solved(doc)
    assert [(a.phase, a.personnel) for a in plan.allocations] == [("one", 10), ("two", 4)]
    bad = _tampered(plan, [("A", "t", "one", 10, {}), ("A", "t", "two", 5, {})],
                    rows={("t", "two"): {"filled": 5, "shortfall": 5}})
    _caught(mandate, bad, "pool A/inf in two: 5 deployed, 4 available")
    doc["contributor"]["A"]["available_by_phase"] = {"two": {"inf": 0}}
    _caught(validate(doc).mandate, plan, "the contributor has no inf available in two")


def test_a_multinational_task_needs_its_contributors():
    doc = _need(base(), 10, min_contributors=2)
    doc["contributor"]["A"] = {"available": {"inf": 10}}
    doc["contributor"]["B"] = {"available": {"inf": 10}, "cost_per_month": {"inf": 2000.0}}
    mandate, plan = _solved(doc)
    assert {a.contributor for a in plan.allocations} == {"A", "B"}
    _caught(mandate, _tampered(plan, [("A", "t", "one", 10, {})]),
            "task t in one: served by 1 contributor(s) with a meaningful contribution (A), "
            "at least 2 required")


@pytest.mark.parametrize(("bounds", "a", "message"), [
    ({"max_share": 0.5}, 8, "group G in one: 8 of 10 exceeds its max share 0.5"),
    ({"min_share": 0.6}, 5, "group G in one: 5 of 10 is below its min share 0.6"),
])
def test_group_shares_are_checked(bounds, a, message):
    doc = _need(base(), 10)
    doc["contributor"]["A"] = {"available": {"inf": 10}}
    doc["contributor"]["B"] = {"available": {"inf": 10}}
    doc["group"] = {"G": {"members": ["A"], **bounds}}
    mandate, plan = _solved(doc)
    _caught(mandate, _tampered(plan, [("A", "t", "one", a, {}), ("B", "t", "one", 10 - a, {})]),
            message)


def test_a_phased_national_pledge_caps_its_phase():
    doc = _need(_two_phases(base()), 3)
    doc["contributor"]["A"] = {"available": {"inf": 10}, "pledge_by_phase": {"one": 4_000.0}}
    doc["contributor"]["B"] = {"available": {"inf": 10}, "cost_per_month": {"inf": 2000.0}}
    mandate, plan = _solved(doc)
    assert [(a.contributor, a.phase, a.personnel) for a in plan.allocations] == [
        ("A", "one", 2), ("A", "two", 3), ("B", "one", 1)]
    assert {f.contributor: f.pledge for f in plan.financing} == {"A": 4_000.0, "B": None}
    bad = _tampered(plan, [("A", "t", "one", 3, {}), ("A", "t", "two", 3, {})])
    bad = bad.model_copy(update={"total_cost": 12_000.0, "financing": [
        f.model_copy(update={"pays": 12_000.0, "personnel_cost": 12_000.0})
        if f.contributor == "A" else f.model_copy(update={"pays": 0.0, "personnel_cost": 0.0})
        for f in plan.financing]})
    found = [v for v in _violations(mandate, bad) if not v.startswith("burden of")]
    assert found == ["A spends 6,000.00 on its own personnel in one, over its pledge for the "
                     "phase 4,000.00"]


def phased_fund_case() -> dict:
    """A common fund: A pledges 6,000 for phase one only, B 8,000 flat (4,000 a phase by
    months). Need 3 in both phases at 2,000 a person-phase: 6,000 in each phase."""
    doc = _need(_two_phases(base(financing="common-fund")), 3)
    doc["contributor"]["A"] = {"available": {"inf": 10}, "pledge_by_phase": {"one": 6_000.0}}
    doc["contributor"]["B"] = {"available": {"inf": 10}, "pledge": 8_000.0}
    return doc


def test_a_phased_common_fund_pays_phase_by_phase():
    mandate, plan = _solved(phased_fund_case())
    # phase one: fund 6,000 + 4,000, cost 6,000 → A 3,600, B 2,400;
    # phase two: fund 0 + 4,000, so only 2 persons (4,000), all paid by B
    assert [r.filled for r in plan.requirements] == [3, 2]
    pays = {f.contributor: f.pays for f in plan.financing}
    assert pays == pytest.approx({"A": 3_600.0, "B": 6_400.0})
    assert {f.contributor: f.pledge for f in plan.financing} == {"A": 6_000.0, "B": 8_000.0}
    swapped = plan.model_copy(update={"financing": [
        f.model_copy(update={"pays": 10_000.0 - f.pays}) for f in plan.financing]})
    _caught(mandate, swapped, "A pays 6,400.00, the financing rules give 3,600.00")
    shown = plan.model_copy(update={"financing": [
        f.model_copy(update={"pledge": None}) for f in plan.financing]})
    _caught(mandate, shown, "A's financing row shows the pledge None, the mandate gives 6000.0")


def test_a_phase_over_its_common_fund_is_caught():
    mandate, plan = _solved(phased_fund_case())
    over = [(a.contributor, a.task, a.phase, a.personnel + (a.phase == "two"), {})
            for a in plan.allocations]
    bad = _tampered(plan, over, rows={("t", "two"): {"filled": 3, "shortfall": 0}})
    _caught(mandate, bad, "cost of two 6,000.00 exceeds the common fund for the phase 4,000.00")
