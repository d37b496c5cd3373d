"""The pipeline in one call: mandate → requirements → model → solve → plan → check.

The CLI, the benchmark and the tests go through here so that no plan reaches
a renderer without passing the independent checker.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from .check import check_plan
from .derive import Derived
from .loader import LoadedMandate
from .model import build_model
from .results import Plan, build_plan
from .solve import SolverName, solve


@dataclass
class Timings:
    """Seconds spent in each step, for the benchmark."""

    build: float = 0.0
    solve: float = 0.0
    stages: dict[str, float] = field(default_factory=dict)
    plan_and_check: float = 0.0


def plan_mandate(loaded: LoadedMandate, solver: SolverName = "highs",
                 time_limit: float | None = None,
                 timings: Timings | None = None) -> Plan:
    """Solve a validated mandate and return its checked plan."""
    t0 = time.perf_counter()
    model = build_model(Derived(loaded.mandate))
    t1 = time.perf_counter()
    solution = solve(model, solver, time_limit)
    t2 = time.perf_counter()
    plan = build_plan(model, solution)
    check_plan(loaded.mandate, plan)
    t3 = time.perf_counter()
    if timings is not None:
        timings.build, timings.solve, timings.plan_and_check = t1 - t0, t2 - t1, t3 - t2
        timings.stages = {s.name: s.seconds for s in solution.stages}
    return plan
