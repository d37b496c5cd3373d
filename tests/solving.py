"""Shared helpers for tests that solve: a mandate dict in, a checked plan out."""

from __future__ import annotations

from typing import Any

import pytest

from forcesize.mandate import validate
from forcesize.pipeline import plan_mandate
from forcesize.results import Plan
from forcesize.solve import cbc_path


def cbc_available() -> bool:
    return cbc_path() is not None


SOLVERS = [
    "highs",
    pytest.param("cbc", marks=[pytest.mark.cbc,
                               pytest.mark.skipif(not cbc_available(),
                                                  reason="CBC is not installed: NOT checked")]),
]


def plan_of(doc: dict[str, Any], solver: str = "highs") -> Plan:
    """Validate, solve and check (plan_mandate runs the independent checker)."""
    return plan_mandate(validate(doc), solver=solver)  # type: ignore[arg-type]


def base(**objective: Any) -> dict[str, Any]:
    """A one-theatre, one-capability skeleton to which tests add tasks and contributors."""
    return {
        "mission": {"name": "test", "parties": ["a", "b"]},
        "objective": dict(objective),
        "phase": {"one": {"months": 2}},
        "theatre": {"x": {"population": 10_000}},
        "capability": {"inf": {"component": "military", "cost_per_month": 1000.0}},
        "task": {},
        "contributor": {},
    }


def filled(plan: Plan, task: str, phase: str = "one") -> int:
    return sum(r.filled for r in plan.requirements if r.task == task and r.phase == phase)


def persons(plan: Plan, contributor: str) -> int:
    return sum(a.personnel for a in plan.allocations if a.contributor == contributor)
