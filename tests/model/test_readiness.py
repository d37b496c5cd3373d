"""Readiness (issue 14): contributors hold forces at readiness levels
(``contributor.ID.ready.LEVEL.CAPABILITY``), and a phase may require that a share of its
persons, or of a named task's, come from forces ready within a level's days
(``phase.ID.ready``). Hand-made mandates with optima worked out by hand, on both solvers,
every plan through the independent checker (``plan_of``). Two phases of 2 months; a person
costs 2,000 a phase from A and 6,000 from B.
"""

from __future__ import annotations

import pytest

from forcesize.errors import CheckFailure, InputError
from forcesize.mandate import validate
from forcesize.pipeline import explain_mandate
from forcesize.render.markdown import plan_markdown
from forcesize.results.check import check_plan

from ..solving import SOLVERS, base, plan_of
from .test_phase_overrides import split
from .test_realism import contributor, phases, task


def two(ready: dict | None = None, a_ready: int = 4, b_ready: int = 10) -> dict:
    """Task t needs 10 inf in phases one and two; A (cheap) holds ``a_ready`` of its 10
    ready within 30 days and 4 more within 90; B (dear) holds ``b_ready`` within 30."""
    doc = phases(task(base(), fixed=10), one=2, two=2)
    contributor(doc, "A", 10, ready={"rapid": {"inf": a_ready}, "standard": {"inf": 4}})
    contributor(doc, "B", 10, cost=3000.0, ready={"rapid": {"inf": b_ready}})
    doc["readiness"] = {"rapid": {"name": "high readiness", "days": 30},
                        "standard": {"days": 90}}
    if ready is not None:
        doc["phase"]["one"]["ready"] = ready
    return doc


@pytest.mark.parametrize("solver", SOLVERS)
def test_without_a_requirement_readiness_changes_nothing(solver):
    plan = plan_of(two(), solver)
    assert split(plan) == {"one": (10, 0), "two": (10, 0)} and plan.total_cost == 40_000


@pytest.mark.parametrize("solver", SOLVERS)
def test_a_phase_drawing_only_on_ready_forces(solver):
    # Phase one takes only forces ready within 30 days: A's 4, then B's 6 (8,000 + 36,000).
    plan = plan_of(two({"within": "rapid"}), solver)
    assert split(plan) == {"one": (4, 6), "two": (10, 0)}
    assert plan.total_cost == 44_000 + 20_000


@pytest.mark.parametrize("solver", SOLVERS)
def test_a_slower_level_counts_the_faster_ones_too(solver):
    # Within 90 days A has 4 + 4 ready: A 8, B 2 (16,000 + 12,000).
    plan = plan_of(two({"within": "standard"}), solver)
    assert split(plan) == {"one": (8, 2), "two": (10, 0)}
    assert plan.total_cost == 28_000 + 20_000


@pytest.mark.parametrize("solver", SOLVERS)
def test_a_share_of_the_phase_from_ready_forces(solver):
    # Half of phase one ready within 30 days: A 9 (4 ready, 5 late) and B 1 (ready): 5 of
    # 10 ready. A 10 would leave 6 late (18,000 + 6,000).
    plan = plan_of(two({"within": "rapid", "share": 0.5}), solver)
    assert split(plan) == {"one": (9, 1), "two": (10, 0)}
    assert plan.total_cost == 24_000 + 20_000


@pytest.mark.parametrize("solver", SOLVERS)
def test_a_named_task_staffed_from_ready_forces(solver):
    # Only task r (4 needed) must be ready, and only A holds ready forces: A's 4 ready go
    # to r, A's other 6 to t, and B's 4 to the rest of t; 44,000 in each phase.
    doc = task(two({"within": "rapid", "tasks": ["r"]}, b_ready=0), "r", fixed=4)
    plan = plan_of(doc, solver)
    on = {(a.contributor, a.task): a.personnel for a in plan.allocations if a.phase == "one"}
    assert on == {("A", "r"): 4, ("A", "t"): 6, ("B", "t"): 4}
    assert plan.total_cost == 2 * 44_000


@pytest.mark.parametrize("solver", SOLVERS)
def test_nobody_ready_leaves_the_phase_short(solver):
    plan = plan_of(two({"within": "rapid"}, a_ready=0, b_ready=0), solver)
    assert split(plan) == {"one": (0, 0), "two": (10, 0)}
    assert plan.shortfall_person_months["essential"] == 20


@pytest.mark.parametrize("solver", SOLVERS)
def test_ready_forces_count_at_most_the_pool(solver):
    # A holds 40 ready but has 10: it can still send only 10.
    doc = two({"within": "rapid"}, a_ready=40)
    plan = plan_of(doc, solver)
    assert split(plan) == {"one": (10, 0), "two": (10, 0)}


def test_the_plan_shows_readiness_by_phase():
    plan = plan_of(two({"within": "rapid", "share": 0.5}))
    one, two_ = plan.readiness
    assert (one.phase, one.deployed, one.ready_within) == ("one", 10,
                                                          {"rapid": 5, "standard": 9})
    assert (one.within, one.share, one.counted, one.counted_ready) == ("rapid", 0.5, 10, 5)
    assert (two_.within, two_.ready_within) == (None, {"rapid": 4, "standard": 8})
    text = plan_markdown(plan)
    assert "| ready within rapid | 5 of 10 | 4 of 10 |" in text
    assert "| required | 50% of all within rapid: 5 of 10 ready | — |" in text


def test_a_mandate_without_levels_has_no_readiness_rows():
    doc = two()
    del doc["readiness"]
    for c in doc["contributor"].values():
        del c["ready"]
    assert plan_of(doc).readiness == []


# --------------------------------------------------------------------------- checker


def test_the_checker_refuses_a_phase_with_too_few_ready():
    doc = two({"within": "rapid"})
    plan = plan_of(doc)
    greedy = [a.model_copy(update={"contributor": "A", "cost": a.personnel * 2000.0})
              if (a.contributor, a.phase) == ("B", "one") else a for a in plan.allocations]
    merged: dict = {}
    for a in greedy:
        key = (a.contributor, a.capability, a.task, a.phase)
        merged[key] = a if key not in merged else merged[key].model_copy(update={
            "personnel": merged[key].personnel + a.personnel,
            "cost": merged[key].cost + a.cost})
    with pytest.raises(CheckFailure) as info:
        check_plan(validate(doc).mandate,
                   plan.model_copy(update={"allocations": list(merged.values())}))
    assert "readiness in one: 6 of 10 persons counted are not ready within rapid, at most 0 " \
        "may be" in info.value.violations


# --------------------------------------------------------------------------- explain


def test_explain_names_the_ready_forces_that_run_out():
    # A holds 4 ready, B none: 6 short in phase one, A's other 6 are not ready in time.
    doc = two({"within": "rapid"}, b_ready=0)
    _, ex = explain_mandate(validate(doc), confirm=0)
    (why,) = ex.shortfalls
    assert (why.phase, why.shortfall) == ("one", 6)
    blockers = {b.contributor: b for b in why.blockers}
    assert blockers["A"].reason == "readiness"
    assert blockers["A"].text == ("A: its 4 inf ready within rapid (30 days) are all deployed "
                                  "in one, with 6 inf idle that are not ready in time")
    assert blockers["A"].path == "contributor.A.ready.rapid.inf"
    assert blockers["B"].path == "contributor.B.ready.rapid.inf"


def test_explain_names_the_readiness_share():
    doc = two({"within": "rapid", "share": 0.5}, b_ready=0)
    doc["contributor"]["B"]["available"]["inf"] = 0
    _, ex = explain_mandate(validate(doc), confirm=0)
    (why,) = ex.shortfalls
    assert (why.phase, why.shortfall) == ("one", 2)  # A 8: 4 ready, 4 late
    (blocker,) = why.blockers
    assert (blocker.reason, blocker.path) == ("ready_share", "phase.one.ready.share")
    (record,) = [x for x in ex.limits if x.kind == "ready_share"]
    assert record.text.startswith("one is at its readiness share: 4 of 8 persons in all ready "
                                  "within rapid (30 days), at least 50%")


# --------------------------------------------------------------------------- validation


def test_unknown_levels_tasks_and_capabilities_are_input_errors():
    doc = two({"within": "rapdi", "tasks": ["tt"]})
    doc["contributor"]["A"]["ready"]["standrd"] = {"ifn": 3}
    with pytest.raises(InputError) as info:
        validate(doc)
    got = {i.path: i.hint for i in info.value.issues}
    assert set(got) == {"phase.one.ready.within", "phase.one.ready.tasks[0]",
                        "contributor.A.ready.standrd", "contributor.A.ready.standrd.ifn"}
    assert "did you mean 'rapid'" in got["phase.one.ready.within"]
    assert "did you mean 'standard'" in got["contributor.A.ready.standrd"]


def test_a_share_must_be_above_zero():
    with pytest.raises(InputError) as info:
        validate(two({"within": "rapid", "share": 0.0}))
    (issue,) = info.value.issues
    assert issue.path == "phase.one.ready.share"


def test_warnings_for_a_requirement_nobody_can_meet_and_ready_forces_beyond_a_pool():
    doc = two({"within": "rapid"}, a_ready=0, b_ready=0)
    doc["contributor"]["A"]["ready"]["standard"]["inf"] = 40
    codes = {(w.code, w.path) for w in validate(doc).warnings}
    assert ("readiness-unreachable", "phase.one.ready.within") in codes
    assert ("ready-above-pool", "contributor.A.ready") in codes
