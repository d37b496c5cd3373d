"""The readings docs/model.md decides where the format allowed more than one (issue 18),
each checked by hand, on both solvers, and read the same way by the model (``derive.py``)
and the independent checker (``results/check.py``)."""

from __future__ import annotations

from typing import Any

import pytest

from forcesize.mandate import Derived, validate
from forcesize.mandate.warnings import flat_pledges_reach_a_phase
from forcesize.pipeline import plan_mandate
from forcesize.results import check

from ..solving import SOLVERS


def _mandate(phases: dict[str, float], **objective: Any) -> dict[str, Any]:
    return {
        "mission": {"name": "readings"},
        "objective": dict(objective),
        "phase": {p: {"months": m} for p, m in phases.items()},
        "theatre": {"x": {}},
        "capability": {"k": {"component": "civilian", "cost_per_month": 1000.0}},
        "task": {"t": {"function": "f", "theatre": "x", "need": {"k": {"fixed": 100}}}},
        "contributor": {},
    }


def _persons(plan, phase: str) -> int:
    return sum(a.personnel for a in plan.allocations if a.phase == phase)


@pytest.mark.parametrize("solver", SOLVERS)
def test_a_flat_pledge_beyond_every_listed_phase_is_never_spent(solver):
    # ambiguity 1: pledge 100,000, phases one and two pledged 30,000 each, 1 month each
    doc = _mandate({"one": 1, "two": 1}, financing="common-fund")
    doc["contributor"]["A"] = {"available": {"k": 100}, "pledge": 100_000.0,
                               "pledge_by_phase": {"one": 30_000.0, "two": 30_000.0}}
    loaded = validate(doc)
    d = Derived(loaded.mandate)
    assert [d.fund_in_phase(p) for p in d.phases] == [30_000, 30_000]
    plan = plan_mandate(loaded, solver=solver)
    assert (_persons(plan, "one"), _persons(plan, "two")) == (30, 30)
    assert plan.total_cost == 60_000
    assert check.phase_pledge(loaded.mandate, "A", "one") == 30_000
    (warning,) = flat_pledges_reach_a_phase(loaded.mandate)
    assert "40,000 USD of the pledge has no phase to go to" in warning.message


@pytest.mark.parametrize("solver", SOLVERS)
def test_a_phase_fund_mixes_phased_and_flat_pledges(solver):
    # ambiguity 2: A pledges 90,000 in all and 60,000 for p1; B 300,000 flat.
    # p1 (12 months): 60,000 + 300,000 × 12/36 = 160,000 → 13 persons at 12,000 each;
    # p2 (24 months): A's rest 30,000 + 300,000 × 24/36 = 230,000 → 9 persons at 24,000.
    doc = _mandate({"p1": 12, "p2": 24}, financing="common-fund")
    doc["contributor"]["A"] = {"available": {"k": 100}, "pledge": 90_000.0,
                               "pledge_by_phase": {"p1": 60_000.0}}
    doc["contributor"]["B"] = {"pledge": 300_000.0}
    loaded = validate(doc)
    d = Derived(loaded.mandate)
    assert [d.fund_in_phase(p) for p in d.phases] == pytest.approx([160_000, 230_000])
    assert [float(check.phase_pledge(loaded.mandate, c, p)) for c in ("A", "B")
            for p in ("p1", "p2")] == pytest.approx([60_000, 30_000, 100_000, 200_000])
    plan = plan_mandate(loaded, solver=solver)
    assert (_persons(plan, "p1"), _persons(plan, "p2")) == (13, 9)


def test_the_largest_unit_is_read_per_phase_and_only_where_it_can_be_fielded():
    # ambiguity 4: B's companies of 50 serve only where B's pool holds one: not in one
    # (nothing there), not in two (40), in three (60); A's teams of 5 everywhere
    doc = _mandate({"one": 1, "two": 1, "three": 1})
    doc["contributor"]["A"] = {"available": {"k": 100}, "unit_size": {"k": 5}}
    doc["contributor"]["B"] = {"unit_size": {"k": 50},
                               "available_by_phase": {"two": {"k": 40}, "three": {"k": 60}}}
    m = validate(doc).mandate
    d = Derived(m)
    assert [d.largest_unit("t", "k", p) for p in d.phases] == [5, 5, 50]
    assert [check.largest_unit(m, "t", "k", p) for p in d.phases] == [5, 5, 50]


@pytest.mark.parametrize("solver", SOLVERS)
def test_no_contributor_sends_a_unit_the_requirement_does_not_need_from_it_alone(solver):
    # A's teams of 10 for a need of 25: at most 3 teams from A, whatever B's battalions allow
    doc = _mandate({"one": 1}, max_share=0.5)
    doc["task"]["t"]["need"]["k"]["fixed"] = 25
    doc["capability"]["e"] = {"component": "military", "cost_per_month": 1000.0}
    doc["task"]["big"] = {"function": "f", "theatre": "x", "need": {"e": {"fixed": 200}}}
    doc["contributor"]["A"] = {"available": {"k": 300}, "unit_size": {"k": 10}}
    doc["contributor"]["B"] = {"available": {"k": 150}, "unit_size": {"k": 150},
                               "cost_per_month": {"k": 9000.0}}
    doc["contributor"]["C"] = {"available": {"e": 200}}
    plan = plan_mandate(validate(doc), solver=solver)
    a_on_t = sum(x.personnel for x in plan.allocations if x.contributor == "A")
    assert a_on_t <= 30
