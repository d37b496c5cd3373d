"""Run the preemptive stages: the only module that runs a solver.

Each stage minimises its own objective; before the next stage starts, a row
``stage_lock_max__<stage>`` holds the stage's objective at its optimum (plus
a tolerance), so later stages never trade an earlier priority away. No
weights are mixed, so no big-M can distort the order.

HiGHS (the default) is driven through highspy directly: the PuLP problem is
handed over once as sparse arrays and then only re-costed and given one lock
row per stage. PuLP's own HiGHS interface rebuilds the model column by column
on every solve, which dominated the run time on large mandates.

CBC (the alternative) goes through PuLP's ``COIN_CMD``, the interface PuLP 4
keeps, pointed at the CBC 2.10 release that PuLP 3 bundles; where that binary
is absent (PuLP 4), :func:`cbc_path` finds ``cbc`` on the PATH. The ``cbcbox``
2.935 build that ``pulp[cbc]`` installs today is a development CBC: its new
bound propagation declared a trivially feasible share-cap model infeasible,
and it could not close a 1e-6 gap on the default mandate's cost stage in a
minute. Both solvers run with one thread and a fixed seed, so runs repeat.

highspy 1.16 prints a banner on file descriptor 1 when its first ``Highs``
object is made, which ``contextlib.redirect_stdout`` cannot catch;
:func:`stdout_to_stderr` moves the descriptor itself while a solver runs, so
stdout carries only the result.
"""

from __future__ import annotations

import math
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Literal

import pulp

from .errors import InfeasibleError, SolverError
from .highs import SEED
from .model import BuiltModel, Stage
from .model.naming import Family, lp_name

SolverName = Literal["highs", "cbc"]
SOLVERS: tuple[SolverName, ...] = ("highs", "cbc")

MIP_REL_GAP = 1e-6
"""Relative gap at which HiGHS counts a stage as proven optimal."""
CBC_REL_GAP = 1e-5
"""CBC's gap: CBC 2.10 could not close 1e-6 on the cost stage of mandates/gaza.toml in
30 s and closes 1e-5 in 0.1 s; 1e-5 of a billion is well under one person-phase's cost."""
LOCK_TOL = 1e-9
"""Relative slack a stage lock allows above the stage optimum (and LOCK_ABS absolute).
Tight, so that a later stage (the anchor of ``diff``) cannot buy its own aim with a
little more cost: a person-phase costs far more than 1e-9 of any mission's budget."""
LOCK_ABS = 1e-6
"""Absolute slack of a stage lock, in model units (persons, person-months, millions)."""


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


@contextmanager
def stdout_to_stderr(discard: bool = False) -> Iterator[None]:
    """Point file descriptor 1 at stderr (or, with ``discard``, at the null device)
    while native solver code runs, so nothing it prints can reach stdout."""
    sys.stdout.flush()
    try:
        saved = os.dup(1)
    except OSError:  # no descriptor 1 at all: nothing to protect
        yield
        return
    target = os.open(os.devnull, os.O_WRONLY) if discard else 2
    try:
        os.dup2(target, 1)
        yield
    finally:
        sys.stdout.flush()
        os.dup2(saved, 1)
        os.close(saved)
        if discard:
            os.close(target)


def _lock_bound(value: float) -> float:
    return value + max(LOCK_ABS, LOCK_TOL * abs(value))


def solve(model: BuiltModel, solver: SolverName = "highs",
          time_limit: float | None = None) -> Solution:
    """Solve the stages in order; raise :class:`SolverError` when there is no plan."""
    if solver not in SOLVERS:
        raise SolverError(f"unknown solver '{solver}'; choose one of {', '.join(SOLVERS)}")
    if time_limit is not None and not (time_limit > 0 and math.isfinite(time_limit)):
        raise SolverError("the time limit must be a positive number of seconds")
    started = time.perf_counter()
    run = _HighsRun(model) if solver == "highs" else _CbcRun(model)
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
        run.lock(stage, _lock_bound(objective))
    return Solution(solver, stages, dict(run.values), time.perf_counter() - started, status)


class _HighsRun:
    """One HiGHS model, re-costed and locked stage by stage."""

    def __init__(self, model: BuiltModel) -> None:
        import highspy
        import numpy as np

        from .highs import load_model

        self.hs = highspy
        self.np = np
        self.values: dict[str, float] = {}
        loaded = load_model(model, options={"mip_rel_gap": MIP_REL_GAP})
        self.h, self.names, self.index = loaded.h, loaded.names, loaded.index
        self.n = len(self.names)

    def _add_stage_parts(self, stage: Stage) -> None:
        """Give HiGHS the columns and rows that only this stage (and later ones) use."""
        hs, np, h = self.hs, self.np, self.h
        for var in stage.columns:
            h.addCol(0.0, 0.0 if var.lowBound is None else var.lowBound,
                     hs.kHighsInf if var.upBound is None else var.upBound, 0, [], [])
            self.index[var.name] = self.n
            self.names.append(var.name)
            self.n += 1
        for con in stage.rows:
            rhs = -con.constant
            low = rhs if con.sense in (pulp.LpConstraintGE, pulp.LpConstraintEQ) else -hs.kHighsInf
            up = rhs if con.sense in (pulp.LpConstraintLE, pulp.LpConstraintEQ) else hs.kHighsInf
            idx = np.array([self.index[v.name] for v in con.expr], dtype=np.int32)
            val = np.array(list(con.expr.values()), float)
            h.addRow(low, up, len(idx), idx, val)

    def minimise(self, stage: Stage, remaining: float | None) -> tuple[str, float | None]:
        hs, np, h = self.hs, self.np, self.h
        if stage.columns or stage.rows:
            self._add_stage_parts(stage)
        costs = np.zeros(self.n)
        for var, coef in stage.pairs:
            costs[self.index[var.name]] += coef
        h.changeColsCost(self.n, np.arange(self.n, dtype=np.int32), costs)
        h.setOptionValue("time_limit", float(remaining) if remaining is not None else hs.kHighsInf)
        # No setSolution() warm start: with a start from the previous stage, HiGHS 1.16
        # returned a cost-stage plan whose value (1,599.8 m) disagreed with the objective
        # it reported (1,392.4 m) and beat neither CBC's nor its own cold-start 1,508.2 m
        # (mandates/gaza.toml). The check below guards against any such mismatch.
        h.run()
        status = h.getModelStatus()
        info = h.getInfo()
        has_plan = info.primal_solution_status == 2  # kSolutionStatusFeasible
        stopped = status in (hs.HighsModelStatus.kTimeLimit, hs.HighsModelStatus.kInterrupt)
        if status == hs.HighsModelStatus.kOptimal:
            outcome = "optimal"
        elif stopped and has_plan:
            outcome = "time_limit"
        elif stopped and self.values:
            return "time_limit", None  # keep the previous stage's plan: it is feasible here
        elif status in (hs.HighsModelStatus.kInfeasible,
                        hs.HighsModelStatus.kUnboundedOrInfeasible):
            raise InfeasibleError(f"no plan satisfies the mandate's hard limits (HiGHS, "
                                  f"{stage.description} stage)")
        elif status == hs.HighsModelStatus.kTimeLimit:
            raise SolverError(f"HiGHS reached the time limit in the {stage.description} stage "
                              "before it found any plan; allow more time with --time-limit")
        else:
            raise SolverError(f"HiGHS stopped with status '{h.modelStatusToString(status)}' "
                              f"in the {stage.description} stage")
        col_value = h.getSolution().col_value
        self.values = dict(zip(self.names, (float(x) for x in col_value), strict=True))
        recomputed = sum(coef * self.values[var.name] for var, coef in stage.pairs)
        reported = float(info.objective_function_value)
        if abs(recomputed - reported) > 1e-6 * max(1.0, abs(reported)):
            raise SolverError(f"HiGHS reported {reported!r} for the {stage.description} stage "
                              f"but its plan gives {recomputed!r}")
        gap = float(info.mip_gap) if math.isfinite(info.mip_gap) else None
        return outcome, gap if outcome == "time_limit" else (gap or 0.0)

    def lock(self, stage: Stage, bound: float) -> None:
        np = self.np
        idx = np.array([self.index[v.name] for v, _ in stage.pairs], dtype=np.int32)
        val = np.array([c for _, c in stage.pairs], float)
        self.h.addRow(-self.hs.kHighsInf, bound, len(idx), idx, val)


def cbc_path() -> str | None:
    """The CBC binary: PuLP 3's bundled release, else ``cbc`` on the PATH."""
    import shutil

    from pulp.apis.coin_api import pulp_cbc_path

    for candidate in (pulp_cbc_path, shutil.which("cbc")):
        if candidate and os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return None


class _CbcRun:
    """CBC through PuLP: a fresh problem per stage sharing the model's rows."""

    def __init__(self, model: BuiltModel) -> None:
        self.model = model
        self.locks: list[pulp.LpConstraint] = []
        self.rows: list[pulp.LpConstraint] = []
        self.columns: dict[str, pulp.LpVariable] = {}  # brought in by stages
        self.values: dict[str, float] = {}
        self.path = cbc_path()

    def minimise(self, stage: Stage, remaining: float | None) -> tuple[str, float | None]:
        prob = pulp.LpProblem(f"forcesize_{stage.name}", pulp.LpMinimize)
        prob.setObjective(stage.expression())
        for entry in self.model.registry.constraints.values():
            prob.addConstraint(entry.obj, entry.name)
        self.rows += stage.rows
        for row in self.rows:
            prob.addConstraint(row, row.name)
        for lock in self.locks:
            prob.addConstraint(lock, lock.name)
        if self.path is None:
            raise SolverError("the CBC solver is not installed: PuLP's bundled CBC is missing "
                              "and no 'cbc' is on the PATH")
        solver = pulp.COIN_CMD(
            path=self.path, msg=False, threads=1, gapRel=CBC_REL_GAP,
            timeLimit=None if remaining is None else max(1, math.ceil(remaining)),
            options=[f"randomSeed {SEED}", f"randomCbcSeed {SEED}"],
        )
        try:
            prob.solve(solver)
        except pulp.PulpSolverError as exc:
            raise SolverError(f"CBC failed in the {stage.description} stage: {exc}") from None
        if prob.status == pulp.LpStatusInfeasible:
            raise InfeasibleError(f"no plan satisfies the mandate's hard limits (CBC, "
                                  f"{stage.description} stage)")
        if prob.status != pulp.LpStatusOptimal and not (
                prob.status == pulp.LpStatusNotSolved and self.values):
            raise SolverError(f"CBC stopped with status '{pulp.LpStatus[prob.status]}' in the "
                              f"{stage.description} stage")
        if prob.sol_status == pulp.LpSolutionIntegerFeasible:
            outcome = "time_limit"
        elif prob.sol_status == pulp.LpSolutionOptimal:
            outcome = "optimal"
        elif self.values:
            return "time_limit", None  # keep the previous stage's plan: it is feasible here
        else:
            raise SolverError(f"CBC reached the time limit in the {stage.description} stage "
                              "before it found any plan; allow more time with --time-limit")
        self.values = {e.name: float(e.obj.varValue or 0.0)
                       for e in self.model.registry.variables.values()}
        self.columns.update((v.name, v) for v in stage.columns)
        self.values.update((n, float(v.varValue or 0.0)) for n, v in self.columns.items())
        return outcome, None if outcome == "time_limit" else 0.0

    def lock(self, stage: Stage, bound: float) -> None:
        name = lp_name(Family.STAGE_LOCK_MAX, stage.name)
        self.locks.append(pulp.LpConstraint(stage.expression(), pulp.LpConstraintLE, name, bound))
