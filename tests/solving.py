"""Shared helpers for tests that solve: a mandate dict in, a checked plan out."""

from __future__ import annotations

import math
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


PROVEN = ("optimal", "empty")  # "empty": a stage with nothing to minimise, hence 0


def proven_interval(status: str, objective: float, gap: float | None = None,
                    bound: float | None = None) -> tuple[float, float]:
    """Where a stage's optimum lies, as far as its solver proved: the value itself when the
    stage is optimal, down to the relative gap it reports (CBC stops the cost stage within
    CBC_REL_GAP and says how far within it got), else between the proven bound (or minus
    infinity without one) and the best plan's value."""
    if status in PROVEN:
        return objective - (gap or 0.0) * abs(objective), objective
    return (bound if bound is not None else -math.inf), objective


def overlap(a: tuple[float, float], b: tuple[float, float], rel: float = 1e-9) -> bool:
    """Whether two solvers' intervals for the same stage meet (within ``rel`` of the larger
    value, for rounding): then neither contradicts the other."""
    tol = max(1e-6, rel * max(abs(a[1]), abs(b[1])))
    return a[0] <= b[1] + tol and b[0] <= a[1] + tol
