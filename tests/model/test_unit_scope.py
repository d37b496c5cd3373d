"""Units counted per theatre or mission (``unit_scope``, issue 14): a contributor's units of
a capability are whole per theatre (or mission) and phase, their persons split across the
tasks there. Hand-made mandates with optima worked out by hand, on both solvers, every plan
through the independent checker (``plan_of``). One phase of 2 months; a person costs 2,000
(1,000 a person-month).
"""

from __future__ import annotations

import pytest

from forcesize.errors import CheckFailure, InputError
from forcesize.mandate import validate
from forcesize.pipeline import explain_mandate
from forcesize.render.markdown import plan_markdown
from forcesize.results.check import check_plan

from ..solving import SOLVERS, base, plan_of
from .test_realism import contributor, task


def line_and_zone(scope: str = "theatre", pool: int = 1700) -> dict:
    """Tasks a (500) and b (300) in theatre x and c (200) in theatre y need infantry in
    battalions of 850 (``scope``); A has ``pool``."""
    doc = task(task(task(base(), "a", fixed=500), "b", fixed=300), "c", fixed=200)
    doc["theatre"]["y"] = {"population": 1000}
    doc["task"]["c"]["theatre"] = "y"
    doc["capability"]["inf"] |= {"unit_size": 850, "unit_name": "infantry battalion",
                                 "unit_scope": scope}
    contributor(doc, "A", pool)
    return doc


def on(plan) -> dict[str, int]:
    return {a.task: a.personnel for a in plan.allocations}


@pytest.mark.parametrize("solver", SOLVERS)
def test_units_per_task_round_each_task_up(solver):
    # a, b and c take a battalion each: 3 × 850 = 2,550 persons, 5,100,000.
    plan = plan_of(line_and_zone("task", pool=2550), solver)
    assert on(plan) == {"a": 850, "b": 850, "c": 850} and plan.total_cost == 5_100_000


@pytest.mark.parametrize("solver", SOLVERS)
def test_a_battalion_split_across_the_tasks_of_its_theatre(solver):
    # x's 800 in one battalion, y's 200 in another: 1,700 persons (3,400,000); 50 of x's
    # battalion over-cover one of its tasks.
    plan = plan_of(line_and_zone(), solver)
    got = on(plan)
    assert got["c"] == 850 and got["a"] + got["b"] == 850
    assert got["a"] >= 500 and got["b"] >= 300
    assert plan.total_cost == 3_400_000
    (x, y) = plan.unit_groups
    assert (x.theatre, x.units, x.unit_size, x.personnel, sum(x.tasks.values())) == (
        "x", 1, 850, 850, 850)
    assert (y.theatre, y.units, y.tasks) == ("y", 1, {"c": 850})
    assert all(a.units is None and a.unit_size is None for a in plan.allocations)


@pytest.mark.parametrize("solver", SOLVERS)
def test_a_battalion_split_across_the_whole_mission(solver):
    # 1,000 needed in all: two battalions, 1,700 (3,400,000) — but one pool of 850 covers
    # only 850 of them, so with a pool of 850 one battalion fills 850 and 150 stay short.
    plan = plan_of(line_and_zone("mission", pool=850), solver)
    assert sum(on(plan).values()) == 850
    (g,) = plan.unit_groups
    assert (g.theatre, g.units, g.personnel) == (None, 1, 850)
    assert plan.shortfall_person_months["essential"] == 150 * 2


@pytest.mark.parametrize("solver", SOLVERS)
def test_a_contributor_override_of_the_scope(solver):
    doc = line_and_zone("task", pool=1700)
    doc["contributor"]["A"]["unit_scope"] = {"inf": "theatre"}
    plan = plan_of(doc, solver)
    assert plan.total_cost == 3_400_000 and len(plan.unit_groups) == 2


@pytest.mark.parametrize("solver", SOLVERS)
def test_never_more_units_than_the_theatre_needs(solver):
    # x needs 800 in all: one battalion, with a pool of three.
    doc = line_and_zone(pool=2550)
    del doc["task"]["c"]
    plan = plan_of(doc, solver)
    (g,) = plan.unit_groups
    assert g.units == 1


@pytest.mark.parametrize("solver", SOLVERS)
def test_a_minimum_slice_still_holds_per_task(solver):
    # x needs a 800 and b 300; A's battalion (850) and B's 250 loose persons (cheaper,
    # 500 a person-month, kept out of y) cover its 1,100 exactly. With A's slice of 100, A
    # sends no task fewer than 100 (not b's last 50, say); the cost is 850 × 2,000 +
    # 250 × 1,000, and c's battalion 1,700,000.
    doc = line_and_zone()
    doc["task"]["a"]["need"]["inf"]["fixed"] = 800
    doc["contributor"]["A"]["min_slice"] = {"inf": 100}
    contributor(doc, "B", 250, cost=500.0, excluded_theatres=["y"])
    doc["contributor"]["B"]["unit_size"] = {"inf": 1}
    plan = plan_of(doc, solver)
    sent = {(a.contributor, a.task): a.personnel for a in plan.allocations}
    assert min(n for (c, t), n in sent.items() if c == "A") >= 100
    assert sum(n for (c, _t), n in sent.items() if c == "B") == 250
    assert plan.total_cost == 850 * 2000 + 250 * 1000 + 1_700_000


def test_the_plan_shows_units_by_theatre():
    text = plan_markdown(plan_of(line_and_zone()))
    assert "### Units by theatre" in text
    assert "| A | inf | y | 1 × infantry battalion (850): c 850 |" in text


def test_the_checker_refuses_persons_that_are_not_whole_units_in_a_theatre():
    doc = line_and_zone()
    plan = plan_of(doc)
    cut = [a.model_copy(update={"personnel": a.personnel - 10, "cost": a.cost - 20_000})
           if a.task == "c" else a for a in plan.allocations]
    with pytest.raises(CheckFailure) as info:
        check_plan(validate(doc).mandate, plan.model_copy(update={"allocations": cut}))
    assert "units of A/inf in y in one: 840 persons is not a whole number of units of 850" \
        in info.value.violations


def test_the_checker_refuses_more_units_than_the_theatre_needs():
    doc = line_and_zone(pool=2550)
    plan = plan_of(doc)
    more = [a.model_copy(update={"personnel": a.personnel + 850, "cost": a.cost + 1_700_000})
            if a.task == "c" else a for a in plan.allocations]
    with pytest.raises(CheckFailure) as info:
        check_plan(validate(doc).mandate, plan.model_copy(update={"allocations": more}))
    assert ("units of A/inf in y in one: 1700 persons, more than the units that would cover "
            "its 200 needed there alone") in info.value.violations


def test_explain_names_the_unit_that_does_not_fit():
    # 1,200 available: x's battalion, and 350 left for y: less than a battalion.
    _, ex = explain_mandate(validate(line_and_zone(pool=1200)), confirm=0)
    (why,) = ex.shortfalls
    assert (why.task, why.shortfall) == ("c", 200)
    (blocker,) = why.blockers
    assert (blocker.reason, blocker.text) == (
        "unit", "A: 350 inf idle in one, less than one infantry battalion of 850")


def test_an_unknown_scope_is_an_input_error():
    doc = line_and_zone()
    doc["capability"]["inf"]["unit_scope"] = "theater"
    with pytest.raises(InputError) as info:
        validate(doc)
    (issue,) = info.value.issues
    assert issue.path == "capability.inf.unit_scope"
