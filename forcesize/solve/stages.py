"""Run the preemptive stages, one solver call per stage.

Each stage minimises its own objective; before the next stage starts, a row
``stage_lock_max__<stage>`` holds the stage's objective at its optimum (plus
the tolerance of :func:`~.settings.lock_bound`), so later stages never trade an
earlier priority away. No weights are mixed, so no big-M can distort the order.
Both solvers run with one thread and a fixed seed, so runs repeat.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Literal

import pulp

from ..errors import SolverError
from ..model import BuiltModel
from .cbc import CbcRun
from .highs import HighsRun
from .quiet import stdout_to_stderr
from .settings import lock_bound

SolverName = Literal["highs", "cbc"]
SOLVERS: tuple[SolverName, ...] = ("highs", "cbc")


@dataclass(frozen=True)
class StageResult:
    """How one preemptive stage ended."""

    name: str
    status: Literal["optimal", "time_limit", "empty", "not_run"]
    objective: float
    gap: float | None
    seconds: float


@dataclass
class Solution:
    """Variable values by LP name, and how each stage ended."""

    solver: SolverName
    stages: list[StageResult]
    values: dict[str, float]
    seconds: float
    status: Literal["optimal", "time_limit"] = "optimal"

    def value(self, var: pulp.LpVariable | None) -> float:
        return 0.0 if var is None else self.values.get(var.name, 0.0)



def solve(model: BuiltModel, solver: SolverName = "highs",
          time_limit: float | None = None) -> Solution:
    """Solve the stages in order; raise :class:`SolverError` when there is no plan."""
    if solver not in SOLVERS:
        raise SolverError(f"unknown solver '{solver}'; choose one of {', '.join(SOLVERS)}")
    if time_limit is not None and not (time_limit > 0 and math.isfinite(time_limit)):
        raise SolverError("the time limit must be a positive number of seconds")
    started = time.perf_counter()
    run = HighsRun(model) if solver == "highs" else CbcRun(model)
    stages: list[StageResult] = []
    status: Literal["optimal", "time_limit"] = "optimal"
    for stage in model.stages:
        if not stage.pairs:
            stages.append(StageResult(stage.name, "empty", 0.0, None, 0.0))
            continue
        remaining = None if time_limit is None else time_limit - (time.perf_counter() - started)
        if status == "time_limit" or (remaining is not None and remaining <= 0):
            if not run.values:
                raise SolverError(f"the time limit ran out before the {stage.description} "
                                  "stage could start, so there is no plan; allow more time")
            status = "time_limit"
            stages.append(StageResult(stage.name, "not_run", math.nan, None, 0.0))
            continue
        t0 = time.perf_counter()
        with stdout_to_stderr():
            outcome, gap = run.minimise(stage, remaining)
        objective = sum(coef * run.values.get(v.name, 0.0) for v, coef in stage.pairs)
        if outcome == "time_limit":
            status = "time_limit"
        stages.append(StageResult(stage.name, outcome, objective / stage.unit, gap,
                                  time.perf_counter() - t0))
        run.lock(stage, lock_bound(objective))
    return Solution(solver, stages, dict(run.values), time.perf_counter() - started, status)

