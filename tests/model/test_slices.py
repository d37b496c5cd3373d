"""Minimum slices and meaningful contributions (issue 14): hand-made mandates with
optima worked out by hand, on both solvers, every plan through the independent checker
(``plan_of``). The skeleton is ``base()``: one phase ``one`` of 2 months, capability
``inf`` at 1,000 a person-month, so a person costs 2,000.
"""

from __future__ import annotations

from typing import Any

import pytest

from forcesize.errors import CheckFailure
from forcesize.mandate import validate
from forcesize.mandate.derive import Derived
from forcesize.pipeline import explain_mandate
from forcesize.results.check import check_plan

from ..solving import SOLVERS, base, persons, plan_of
from .test_realism import contributor, row, task


def sent(plan, cid: str, tid: str = "t") -> int:
    return sum(a.personnel for a in plan.allocations if (a.contributor, a.task) == (cid, tid))


# --------------------------------------------------------------------------- slices


@pytest.mark.parametrize("solver", SOLVERS)
def test_a_minimum_slice_forbids_a_token_top_up(solver):
    # 12 needed; A (1,000) has 10, B (3,000) has 10, both in slices of at least 5.
    # Without slices A 10 + B 2 = 32,000; with them B must send 5, so A 7 + B 5:
    # 7 × 2,000 + 5 × 6,000 = 44,000.
    doc = task(base(), fixed=12)
    contributor(doc, "A", 10)
    contributor(doc, "B", 10, cost=3000.0)
    assert plan_of(doc, solver).total_cost == 32_000
    doc["capability"]["inf"]["min_slice"] = 5
    plan = plan_of(doc, solver)
    assert (persons(plan, "A"), persons(plan, "B")) == (7, 5)
    assert plan.total_cost == 44_000


@pytest.mark.parametrize("solver", SOLVERS)
def test_a_contributor_covering_a_need_alone_is_never_a_token(solver):
    # 3 needed, slices of 5: A sends the whole 3.
    doc = task(base(), fixed=3)
    doc["capability"]["inf"]["min_slice"] = 5
    contributor(doc, "A", 10)
    plan = plan_of(doc, solver)
    assert persons(plan, "A") == 3 and row(plan).shortfall == 0


@pytest.mark.parametrize("solver", SOLVERS)
def test_a_contributor_override_of_the_slice(solver):
    # 12 needed: A (1,000, pool 10) sends in slices of 8, B (3,000, pool 10) of 1 (its
    # override): A 10 + B 2 is allowed again, 32,000; with B's slice 3 too: A 9 + B 3.
    doc = task(base(), fixed=12)
    doc["capability"]["inf"]["min_slice"] = 8
    contributor(doc, "A", 10)
    contributor(doc, "B", 10, cost=3000.0, min_slice={"inf": 1})
    plan = plan_of(doc, solver)
    assert (persons(plan, "A"), persons(plan, "B")) == (10, 2)
    doc["contributor"]["B"]["min_slice"] = {"inf": 3}
    plan = plan_of(doc, solver)
    assert (persons(plan, "A"), persons(plan, "B")) == (9, 3)
    assert plan.total_cost == 9 * 2000 + 3 * 6000


@pytest.mark.parametrize("solver", SOLVERS)
def test_what_is_left_below_a_slice_stays_short(solver):
    # 12 needed; A has 10 and B 3, both in slices of 5 (B's pool holds no slice):
    # A sends 10 and 2 stay short (4 person-months).
    doc = task(base(), fixed=12)
    doc["capability"]["inf"]["min_slice"] = 5
    contributor(doc, "A", 10)
    contributor(doc, "B", 3)
    plan = plan_of(doc, solver)
    assert (persons(plan, "A"), persons(plan, "B")) == (10, 0)
    assert plan.shortfall_person_months["essential"] == 4


@pytest.mark.parametrize("solver", SOLVERS)
def test_a_slice_in_whole_units(solver):
    # 45 needed in units of 10: A (1,000, pool 30) and B (3,000, pool 50). Without a slice
    # A 30 + B 20 (5 over) = 60,000 + 120,000. With slices of 25, rounded up to 3 units,
    # each sends 0 or at least 30: A 30 + B 30 is 15 over (more than 9, one unit less one
    # person), so B alone sends 50 (5 over): 300,000.
    doc = task(base(), fixed=45)
    doc["capability"]["inf"]["unit_size"] = 10
    contributor(doc, "A", 30)
    contributor(doc, "B", 50, cost=3000.0)
    assert plan_of(doc, solver).total_cost == 180_000
    doc["capability"]["inf"]["min_slice"] = 25
    assert Derived(validate(doc).mandate).least("A", "inf", 45) == 30
    plan = plan_of(doc, solver)
    assert (persons(plan, "A"), persons(plan, "B")) == (0, 50)
    assert row(plan).excess == 5 and plan.total_cost == 300_000


# --------------------------------------------------------------------------- meaningful


@pytest.mark.parametrize("solver", SOLVERS)
def test_a_token_second_contributor_does_not_make_a_task_multinational(solver):
    # 100 needed by 2 contributors; A (1,000) has 100, B (3,000) 100. Anyone counts:
    # A 99 + B 1 = 204,000. With a meaningful contribution of 30: A 70 + B 30 = 320,000.
    doc = task(base(), fixed=100, min_contributors=2, meaningful_contribution=1)
    contributor(doc, "A", 100)
    contributor(doc, "B", 100, cost=3000.0)
    plan = plan_of(doc, solver)
    assert (persons(plan, "A"), persons(plan, "B")) == (99, 1)
    doc["task"]["t"]["meaningful_contribution"] = 30
    plan = plan_of(doc, solver)
    assert (persons(plan, "A"), persons(plan, "B")) == (70, 30)
    assert plan.total_cost == 320_000


@pytest.mark.parametrize("solver", SOLVERS)
def test_smaller_contributions_are_allowed_but_not_counted(solver):
    # 100 needed of inf by 2 contributors of at least 30 each; A (1,000) and B (3,000)
    # as above, and C (500, the cheapest) with 10 only: C's 10 join (they are cheaper),
    # but A and B must still both count: C 10 + A 60 + B 30 = 10,000 + 120,000 + 180,000.
    doc = task(base(), fixed=100, min_contributors=2, meaningful_contribution=30)
    contributor(doc, "A", 100)
    contributor(doc, "B", 100, cost=3000.0)
    contributor(doc, "C", 10, cost=500.0)
    plan = plan_of(doc, solver)
    assert (persons(plan, "A"), persons(plan, "B"), persons(plan, "C")) == (60, 30, 10)
    assert plan.total_cost == 310_000


@pytest.mark.parametrize("solver", SOLVERS)
def test_the_meaningful_contribution_defaults_to_the_slice_of_the_largest_need(solver):
    # The task needs 100 inf (slices of 40) and 20 staff: the largest need's slice, 40,
    # is the threshold. A (1,000) has 100 inf and 20 staff, B (3,000) 100 inf: A 60 + B 40.
    doc = task(base(), fixed=100, min_contributors=2)
    doc["capability"]["inf"]["min_slice"] = 40
    doc["capability"]["staff"] = {"component": "military", "cost_per_month": 1000.0}
    doc["task"]["t"]["need"]["staff"] = {"fixed": 20}
    contributor(doc, "A", 100)
    doc["contributor"]["A"]["available"]["staff"] = 20
    contributor(doc, "B", 100, cost=3000.0)
    assert Derived(validate(doc).mandate).meaningful("t", "one") == 40
    plan = plan_of(doc, solver)
    assert sent(plan, "A") == 80 and sent(plan, "B") == 40


@pytest.mark.parametrize("solver", SOLVERS)
def test_a_threshold_no_second_contributor_can_reach_leaves_the_task_short(solver):
    # 100 needed by 2 contributors of at least 60 each: only one can count, so nobody goes.
    doc = task(base(), fixed=100, min_contributors=2, meaningful_contribution=60)
    contributor(doc, "A", 100)
    contributor(doc, "B", 100, cost=3000.0)
    plan = plan_of(doc, solver)
    assert plan.allocations == [] and row(plan).shortfall == 100


# --------------------------------------------------------------------------- checker, explain


def _tokens() -> dict[str, Any]:
    doc = task(base(), fixed=12)
    doc["capability"]["inf"]["min_slice"] = 5
    contributor(doc, "A", 10)
    contributor(doc, "B", 10, cost=3000.0)
    return doc


def test_the_checker_refuses_a_contribution_below_its_slice():
    mandate = validate(_tokens())
    plan = plan_of(_tokens())
    token = [a.model_copy(update={"personnel": 2, "cost": 2 * 6000.0})
             if a.contributor == "B" else
             a.model_copy(update={"personnel": 10, "cost": 10 * 2000.0})
             for a in plan.allocations]
    with pytest.raises(CheckFailure) as info:
        check_plan(mandate.mandate, plan.model_copy(update={"allocations": token}))
    assert "allocation B/inf/t/one: 2 persons, below the minimum slice of 5" in \
        info.value.violations


def test_the_checker_counts_only_meaningful_contributors():
    doc = task(base(), fixed=100, min_contributors=2, meaningful_contribution=30)
    contributor(doc, "A", 100)
    contributor(doc, "B", 100, cost=3000.0)
    mandate = validate(doc)
    plan = plan_of(doc)
    moved = [a.model_copy(update={"personnel": 99 if a.contributor == "A" else 1})
             for a in plan.allocations]
    with pytest.raises(CheckFailure) as info:
        check_plan(mandate.mandate, plan.model_copy(update={"allocations": moved}))
    assert any(v.startswith("task t in one: served by 1 contributor(s) with a meaningful "
                            "contribution (A), at least 2 required")
               for v in info.value.violations)


def test_explain_names_the_slice_that_keeps_a_need_short():
    # 12 needed; A has 10, B 4 in slices of 5: B's 4 cannot go, and explain says so.
    doc = task(base(), fixed=12)
    doc["capability"]["inf"]["min_slice"] = 5
    contributor(doc, "A", 10)
    contributor(doc, "B", 4)
    _, ex = explain_mandate(validate(doc), confirm=0)
    (why,) = ex.shortfalls
    (blocker,) = [b for b in why.blockers if b.contributor == "B"]
    assert blocker.reason == "slice"
    assert blocker.text == "B: 4 inf available in one, less than its minimum slice of 5"
    assert blocker.path == "capability.inf.min_slice"
    assert [x.kind for x in ex.limits if x.contributor == "B"] == ["slice"]


def test_explain_names_a_shortfall_smaller_than_the_slice():
    # 12 needed in slices of 5; A is committed to 10 and may serve only this task, so it
    # sends 10; C has 10 idle, but the 2 left short are less than its slice of 5.
    doc = task(base(), fixed=12)
    doc["capability"]["inf"]["min_slice"] = 5
    contributor(doc, "A", 10, min_personnel=10)
    contributor(doc, "C", 10)
    _, ex = explain_mandate(validate(doc), confirm=0)
    (why,) = ex.shortfalls
    assert (why.filled, why.shortfall) == (10, 2)
    (blocker,) = [b for b in why.blockers if b.contributor == "C"]
    assert (blocker.reason, blocker.text) == (
        "slice", "C: t lacks 2 inf in one, less than its minimum slice of 5")


def test_explain_names_the_whole_need_where_the_slice_is_larger():
    # 12 needed in slices of 20: a contributor sends 0 or all 12; B has 4.
    doc = task(base(), fixed=12)
    doc["capability"]["inf"]["min_slice"] = 20
    contributor(doc, "A", 10)
    contributor(doc, "B", 4)
    _, ex = explain_mandate(validate(doc), confirm=0)
    (record,) = [x for x in ex.limits if x.kind == "slice" and x.contributor == "B"]
    assert record.text == ("B: 4 inf available in one, less than its minimum slice of 20 or "
                           "the whole need of 12; it keeps short t.")
