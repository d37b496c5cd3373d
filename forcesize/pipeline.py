"""The pipeline in one call: mandate → requirements → model → solve → plan → check.

The CLI, the benchmark and the tests go through here so that no plan reaches
a renderer without passing the independent checker.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field

from .check import check_plan
from .derive import Derived
from .loader import LoadedMandate
from .model import build_model
from .model.anchor import Assignment, anchor_stage
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
                 timings: Timings | None = None,
                 anchor: Mapping[Assignment, int] | None = None) -> Plan:
    """Solve a validated mandate and return its checked plan.

    With ``anchor`` (persons by contributor, capability, task and phase), a last
    stage picks, among the optimal plans, the one closest to that reference."""
    t0 = time.perf_counter()
    model = build_model(Derived(loaded.mandate))
    if anchor is not None:
        model.stages.append(anchor_stage(model, anchor))
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


def reference_of(plan: Plan) -> dict[Assignment, int]:
    """A plan's allocations as the reference an anchored solve stays close to."""
    return {(a.contributor, a.capability, a.task, a.phase): a.personnel
            for a in plan.allocations}
