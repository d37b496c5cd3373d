"""Run the preemptive stages, one solver call per stage.

Each stage minimises its own objective; before the next stage starts, a row
``stage_lock_max__<stage>`` holds the stage's objective at the value of the plan it
found (plus the tolerance of :func:`~.settings.lock_bound`), so later stages never
trade an earlier priority away. No weights are mixed, so no big-M can distort the
order. Both solvers run with one thread and a fixed seed, so runs repeat.

Every stage's result is checked before it is locked:

* the solver's values are rounded to whole numbers (every variable of a plan is whole:
  persons, units, shortfalls, binaries), refusing a decision further than
  :data:`~.settings.INTEGRALITY` from one; the variables that rows define from the
  decisions (shortfall, excess, phase totals) are recomputed from the rounded ones, and
  the lock holds the *rounded* plan's value.
  A lock at the solver's own value (6,551.99999 where every whole plan scores 6,552)
  excluded every plan from the next stage, which HiGHS then called infeasible;
* a stage declared infeasible although a plan for it is known (the previous stage's,
  or sending nobody when the mandate commits nobody) is a solver defect, not a
  finding: it is solved again with safer settings (:data:`~.settings.RETRY_OPTIONS`),
  and reported as a solver failure if that fails too, never as "no plan".

A stage stopped by the time limit or by Ctrl-C/SIGTERM keeps its best plan so far
(else the previous stage's, which is feasible for it) by one rule; the later stages
are not run. An interrupt is raised again once that plan is recorded.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Literal

import pulp

from ..errors import InfeasibleError, SolverError, TimeLimitError
from ..model import BuiltModel, Family, Key, Stage
from ..model.settle import defined_names, settle
from .cbc import CbcRun
from .highs import HighsRun
from .outcome import Outcome
from .settings import INTEGRALITY, lock_bound

SolverName = Literal["highs", "cbc"]
UNPROVEN = ("time_limit", "interrupted", "not_run")
"""Stage statuses that leave the plan not proven optimal (``node_limit`` is a refinement
stopped at its cap: every deciding stage before it is proven)."""
SOLVERS: tuple[SolverName, ...] = ("highs", "cbc")


@dataclass(frozen=True)
class StageResult:
    """How one preemptive stage ended; ``objective`` and ``bound`` in reported units
    (person-months, persons or money)."""

    name: str
    status: Literal["optimal", "time_limit", "node_limit", "interrupted", "empty", "not_run"]
    objective: float
    gap: float | None
    seconds: float
    bound: float | None = None
    """The proven lower bound of the stage's objective when the stage is not proven
    optimal (None when it is, or when the solver gives none)."""
    nodes: int | None = None
    """Branch-and-bound nodes (HiGHS only), reported by ``scripts/benchmark.py --hard``."""


@dataclass
class Solution:
    """The plan's values by LP name (whole numbers), and how each stage ended."""

    solver: SolverName
    stages: list[StageResult]
    values: dict[str, float]
    seconds: float
    status: Literal["optimal", "time_limit"] = "optimal"

    def value(self, var: pulp.LpVariable | None) -> float:
        return 0.0 if var is None else self.values.get(var.name, 0.0)


def whole(values: dict[str, float], stage: Stage, solver: str,
          model: BuiltModel) -> dict[str, float]:
    """The solver's plan rounded to whole numbers; refused when a decision is not one
    within :data:`~.settings.INTEGRALITY` (then the solver or the model has a defect).
    Shortfalls, excesses and phase totals are not read from the solver but recomputed
    from the rounded decisions by :func:`~forcesize.model.settle.settle`: a stage lock's
    slack lets them drift in pairs that leave every row satisfied (issue 10)."""
    defined = defined_names(model)
    out = {}
    for name, value in values.items():
        if name in defined:
            continue
        n = round(value)
        if abs(value - n) > INTEGRALITY + 1e-9 * abs(value):
            raise SolverError(f"{solver} returned {name} = {value!r} in the "
                              f"{stage.description} stage, which is not a whole number")
        out[name] = float(n) + 0.0
    out.update(settle(model, out))
    return out


def _is_whole(values: dict[str, float], model: BuiltModel) -> bool:
    defined = defined_names(model)
    return all(abs(v - round(v)) <= INTEGRALITY + 1e-9 * abs(v)
               for name, v in values.items() if name not in defined)


def _broken_by_nobody(key: Key, con: pulp.LpConstraint) -> bool:
    """Whether sending nobody breaks the row: a commitment (``0 ≥ floor``), or a cap on
    payments or on a net burden that fixed payments alone exceed (``0 ≤ −excess``)."""
    if key.family is Family.COMMITMENT_MIN:
        return con.constant < 0
    return key.family in (Family.PAYMENT_MAX, Family.NET_BURDEN_MAX) and con.constant > 0


def _no_empty_commitment(model: BuiltModel) -> None:
    """Raise :class:`InfeasibleError`, its conflicts named, when a row without terms cannot
    hold (:func:`_broken_by_nobody`): a contributor commits to deploying persons in a phase
    where no assignment of it exists (nothing it may serve is required there), or a payer's
    fixed payments alone exceed its cap on payments or on its net burden. Both solvers drop
    a row without terms, so they would return a plan that breaks it, which only the
    checker caught (exit 4)."""
    conflicts = []
    what = []
    for key, entry in model.registry.constraints.items():
        if len(entry.obj) or not _broken_by_nobody(key, entry.obj):
            continue
        if key.family is Family.COMMITMENT_MIN:
            conflicts.append([f"{entry.description} ({entry.path}), but nothing it may serve "
                              f"is required in {key.ids[1]}: no task needs a capability it "
                              "can send there, or it is not eligible for those that do"])
            what.append("a commitment")
        else:
            conflicts.append([f"{entry.description} ({entry.path}), but its fixed payments "
                              "alone exceed that"])
            what.append("a cap on payments")
    if conflicts:
        raise InfeasibleError("no plan satisfies the mandate's hard limits: "
                              f"{' and '.join(dict.fromkeys(what))} cannot be met", conflicts)


def _nobody_fits(model: BuiltModel) -> bool:
    """Whether sending nobody is a plan (every requirement short): unless a row breaks then
    (:func:`_broken_by_nobody`; a reimbursement above cost may still bring a net burden
    within its cap, so such a mandate may have a plan all the same), nor while an
    assignment is held above zero (``risk --recourse reallocate``)."""
    if any((var.lowBound or 0) > 0 for var in model.assigned.values()):
        return False
    return not any(_broken_by_nobody(key, entry.obj)
                   for key, entry in model.registry.constraints.items())


def _at_ideal(run: HighsRun | CbcRun, stage: Stage, remaining: float | None
              ) -> Outcome | None:
    """The stage solved with its ideal columns fixed (``Stage.ideal``), when that finds a
    plan at which the objective is zero, hence optimal; else None, and the stage is
    searched as usual. An interrupt is kept: it stops the stage all the same."""
    if not stage.ideal:
        return None
    outcome = run.minimise(stage, remaining, fixed=stage.ideal)
    if outcome.interrupt is not None:
        return outcome
    if outcome.status != "optimal" or outcome.values is None:
        return None
    values = outcome.values
    if stage.value(values) > 0.5:
        return None  # not the ideal after all (a reference value the model cannot take)
    return outcome


def solve(model: BuiltModel, solver: SolverName = "highs",
          time_limit: float | None = None) -> Solution:
    """Solve the stages in order; raise :class:`SolverError` when there is no plan, or
    :class:`~forcesize.errors.InfeasibleError` when the mandate's hard limits exclude every
    plan."""
    if solver not in SOLVERS:
        raise SolverError(f"unknown solver '{solver}'; choose one of {', '.join(SOLVERS)}")
    if time_limit is not None and not (time_limit > 0 and math.isfinite(time_limit)):
        raise SolverError("the time limit must be a positive number of seconds")
    started = time.perf_counter()
    _no_empty_commitment(model)
    run: HighsRun | CbcRun = HighsRun(model) if solver == "highs" else CbcRun(model)
    committed = not _nobody_fits(model)
    plan: dict[str, float] | None = None
    stages: list[StageResult] = []
    stopped: Outcome | None = None
    for stage in model.stages:
        if not stage.pairs:
            stages.append(StageResult(stage.name, "empty", 0.0, None, 0.0))
            continue
        remaining = None if time_limit is None else time_limit - (time.perf_counter() - started)
        if stopped is not None or (remaining is not None and remaining <= 0):
            if plan is None:
                raise TimeLimitError(f"the time limit ran out before the {stage.description} "
                                     "stage could start, so there is no plan; allow more time")
            stages.append(StageResult(stage.name, "not_run", math.nan, None, 0.0))
            continue
        t0 = time.perf_counter()
        start = None if stage.start is None or plan is None else \
            {**plan, **stage.start(plan)}
        outcome = _at_ideal(run, stage, remaining) if plan is not None else None
        if outcome is None:
            # what the ideal's try left of the time limit; never ≤ 0, which HiGHS refuses
            # (it would keep the try's own limit and overrun the user's)
            left = None if remaining is None else \
                max(remaining - (time.perf_counter() - t0), 1e-3)
            # the previous stage's plan is feasible here (its lock holds its value): a
            # solver may use it as a cutoff
            outcome = run.minimise(stage, left, start=start, known=plan)
        if outcome.status == "infeasible":
            known = plan is not None or not committed
            if known:
                outcome = run.minimise(stage, remaining, retry=True)
            if outcome.status == "infeasible":
                if known:
                    raise SolverError(
                        f"{run.name} declared the {stage.description} stage infeasible, "
                        "although a plan for it is known, even with safer settings; this is "
                        "a solver defect: try the other solver")
                raise InfeasibleError(f"no plan satisfies the mandate's hard limits "
                                      f"({run.name}, {stage.description} stage)")
        values = outcome.values
        if values is not None and outcome.status != "optimal" and not _is_whole(values, model):
            values = None  # a stopped CBC may write its LP point: no plan from this stage
        if values is not None:
            plan = whole(values, stage, run.name, model)
        elif start is not None:
            plan = start  # a refinement found nothing better than where it started
        elif plan is None:
            if outcome.interrupt is not None:
                raise outcome.interrupt
            raise TimeLimitError(f"{run.name} reached the time limit in the "
                                 f"{stage.description} stage before it found any plan; allow "
                                 "more time with --time-limit")
        objective = stage.value(plan)
        status = outcome.status
        if stage.node_limit is not None and status == "time_limit" and \
                (remaining is None or time.perf_counter() - t0 < remaining):
            status = "node_limit"  # a refinement stopped at its cap: the plan stays optimal
        elif status != "optimal":
            stopped = outcome
        bound = None if outcome.bound is None or status == "optimal" else \
            min(outcome.bound, objective) / stage.unit
        stages.append(StageResult(stage.name, status, objective / stage.unit,
                                  outcome.gap, time.perf_counter() - t0, bound, outcome.nodes))
        run.lock(stage, lock_bound(objective))
    if plan is None:  # no stage had terms: nothing is required, so nobody is deployed
        plan = {}
    if stopped is not None and stopped.interrupt is not None:
        stopped.interrupt.add_note(f"during the {stages[-1].name.replace('_', ' ')} stage")
        raise stopped.interrupt
    # optimal only when every stage was solved: a stage stopped, or one that never ran
    # because the limit ran out between stages (a plan said to be optimal with its later
    # stages not run was seen on a 300-contributor mandate with --time-limit 3)
    status: Literal["optimal", "time_limit"] = \
        "time_limit" if any(s.status in UNPROVEN for s in stages) else "optimal"
    return Solution(solver, stages, plan, time.perf_counter() - started, status)
