"""The independent checker rejects plans that break each rule."""

from __future__ import annotations

import pytest

from forcesize.check import check_plan, required_persons
from forcesize.errors import CheckFailure
from forcesize.loader import validate
from forcesize.results import Allocation

from .solving import base, plan_of


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
