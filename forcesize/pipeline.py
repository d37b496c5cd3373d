"""The pipeline in one call: mandate → requirements → model → solve → plan → check.

The CLI, the benchmark and the tests go through here so that no plan reaches
a renderer without passing the independent checker.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from .errors import InfeasibleError
from .mandate import Derived, LoadedMandate
from .model import BuiltModel, build_model
from .model.anchor import Assignment, anchor_stage
from .model.objective import COST_STAGE
from .results import Plan, build_plan, check_plan
from .solve import Solution, SolverName, solve

if TYPE_CHECKING:
    from decimal import Decimal

    from .explain import Draft, Explanation
    from .explain.marginals import Candidate
    from .explain.models import Range
    from .mandate.axes import Direction
    from .mandate.budgets import Budgets
    from .render.html import Report
    from .results.alternatives import Alternatives
    from .results.backtest import Backtest
    from .results.draws import DrawOutcome, Recourse, RiskDraws
    from .results.risk import Withdrawals
    from .results.sensitivity import Sensitivity
    from .results.studies import Study
    from .results.sweep import Sweep, SweepPoint


J = TypeVar("J")
R = TypeVar("R")


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
    return _plan(loaded, solver, time_limit, timings, anchor)[1]


CONFIRM = 10
"""How many marginal values ``explain`` re-solves in whole persons by default: the first
in its order (highest priority stage first, largest effect first)."""


def explain_mandate(loaded: LoadedMandate, solver: SolverName = "highs",
                    time_limit: float | None = None, confirm: int = CONFIRM,
                    ranges: bool = False) -> tuple[Plan, Explanation]:
    """The checked plan and its explanation, with the LP relaxation's marginal values; the
    first ``confirm`` of them are re-solved in whole persons with their step applied. With
    ``ranges``, each value also gets the interval over which it holds in the relaxation,
    and the first ``confirm`` are re-solved in whole persons at its two ends."""
    from .explain import build_explanation

    model, plan, _ = _plan(loaded, solver, time_limit, None, None)
    draft = _draft(model, plan)
    integer: dict[int, float | None] = {}
    found: dict[int, Range | str] = {}
    if plan.status == "optimal":
        for i, candidate in enumerate(draft.candidates[:confirm]):
            if candidate.edits is not None:
                integer[i] = _integer_effect(loaded, plan, candidate.edits, candidate.stage,
                                             solver, time_limit)
        if ranges:
            for i, candidate in enumerate(draft.candidates):
                found[i] = _range(loaded, model, plan, candidate, i < confirm, solver,
                                  time_limit)
    elif ranges:
        found = dict.fromkeys(range(len(draft.candidates)),
                              "no range: the plan is not proven optimal")
    return plan, build_explanation(draft, integer, found)


def _draft(model: BuiltModel, plan: Plan) -> Draft:
    """The plan's explanation before any marginal value is re-solved: the limits it
    reaches, priced by the LP relaxation (``explain`` and a study's limits alike)."""
    from .explain import draft_explanation
    from .solve.relax import relaxation_duals

    return draft_explanation(model, plan, relaxation_duals(model))


def _range(loaded: LoadedMandate, model: BuiltModel, plan: Plan, candidate: Candidate,
           resolve: bool, solver: SolverName, time_limit: float | None) -> Range | str:
    """Where ``candidate`` holds in the relaxation (``solve/ranging.py``), re-solved in whole
    persons at both ends when ``resolve``; or why it has no interval."""
    from .errors import InputError
    from .explain.ranges import build_range, moves, valid_steps, values_at
    from .model.variables import MONEY_SCALE
    from .solve.ranging import Ranging

    spec, step = candidate.spec, candidate.spec.step
    assert step is not None
    if candidate.effect is None:
        return "no range: the relaxation has no slope here to range"
    if step.unit not in ("persons", "money"):
        return (f"no range: a step of one {step.unit} changes the model's coefficients, not "
                "a limit's right-hand side, so its effect is not linear in the step "
                "(sweep the key instead)")
    if candidate.edits is None:
        return "no range: no number in the mandate takes this step alone"
    keys = moves(loaded.data, candidate.edits)
    if isinstance(keys, str):
        return (f"no range: {keys} is not set in the mandate (it takes its value from "
                "elsewhere), so there is no number of its own to move")

    def rebuild(at: float) -> BuiltModel | None:
        try:
            return _rebuilt(loaded, values_at(keys, at))
        except InputError:
            return None

    unit = next(s.unit for s in model.stages if s.name == candidate.stage)
    rows = [k for k in model.registry.constraints
            if k.family is spec.family and spec.marginal_entity(k.ids) == candidate.entity]
    ranging = Ranging(model, rebuild, candidate.stage, candidate.effect * unit, rows,
                      step.size * MONEY_SCALE if spec.money else step.size)
    valid = valid_steps(keys)
    ends = []
    for sign, limit in ((-1.0, -valid[0]), (1.0, valid[1])):
        found = ranging.walk(sign, limit)
        integer = _integer_change(found.model, plan, candidate.stage, solver, time_limit) \
            if resolve and found.model is not None else None
        ends.append((found, values_at(keys, found.at), found.change / unit, integer))
    return build_range(ends, step, model.derived.mandate.mission.currency, candidate.stage)


def _rebuilt(loaded: LoadedMandate, values: Mapping[str, object]) -> BuiltModel:
    """The model of the mandate with ``values`` set (InputError if that is not valid)."""
    from .mandate import validate
    from .mandate.overrides import with_values

    changed = validate(with_values(loaded.data, dict(values)), loaded.file)
    return build_model(Derived.of(changed.mandate))


def _integer_effect(loaded: LoadedMandate, plan: Plan, edits: dict[str, object], stage: str,
                    solver: SolverName, time_limit: float | None) -> float | None:
    """How ``stage`` moves when the mandate takes ``edits`` and is re-solved in whole persons
    up to that stage; None when the changed mandate is invalid or the re-solve stops at the
    time limit."""
    from .errors import InputError

    try:
        model = _rebuilt(loaded, edits)
    except InputError:
        return None
    return _integer_change(model, plan, stage, solver, time_limit)


def _integer_change(model: BuiltModel, plan: Plan, stage: str, solver: SolverName,
                    time_limit: float | None) -> float | None:
    """How ``stage`` moves from ``plan`` when ``model`` (the mandate changed) is solved in
    whole persons up to that stage; None when it stops at the time limit."""
    from .errors import SolverError

    names = [s.name for s in model.stages]
    model.stages = model.stages[:names.index(stage) + 1]
    try:
        solution = solve(model, solver, time_limit)
    except SolverError:
        return None
    if solution.status != "optimal":
        return None
    before = next(s.objective for s in plan.stages if s.stage == stage)
    return solution.stages[-1].objective - (before or 0.0)


def write_model(loaded: LoadedMandate, path: str, kind: str) -> None:
    """Export the mandate's model as an LP or MPS file (see ``model/export.py``)."""
    from .model.export import export_model

    export_model(build_model(Derived.of(loaded.mandate)), path, kind)


def _plan(loaded: LoadedMandate, solver: SolverName, time_limit: float | None,
          timings: Timings | None, anchor: Mapping[Assignment, int] | None,
          adjust: Callable[[BuiltModel], None] | None = None,
          conflicts: bool = True) -> tuple[BuiltModel, Plan, Solution]:
    """Build, solve and check. ``adjust`` changes the built model before it is solved (a
    study's stage or bounds: :func:`_held`, :func:`_near`); without ``conflicts`` an
    infeasible model raises without the conflicts being searched for (a study expects
    some, and counts them)."""
    t0 = time.perf_counter()
    model = build_model(Derived.of(loaded.mandate))
    if anchor is not None:
        model.stages.append(anchor_stage(model, anchor))
    if adjust is not None:
        adjust(model)
    t1 = time.perf_counter()
    try:
        solution = solve(model, solver, time_limit)
    except InfeasibleError as exc:
        if exc.conflicts or not conflicts:  # named already (an empty commitment row)
            raise
        from .solve.conflicts import find_conflicts

        found = find_conflicts(model, time_limit)
        raise InfeasibleError(str(exc), [c.sentences for c in found]) from None
    t2 = time.perf_counter()
    plan = build_plan(model, solution)
    check_plan(loaded.mandate, plan)
    t3 = time.perf_counter()
    if timings is not None:
        timings.build, timings.solve, timings.plan_and_check = t1 - t0, t2 - t1, t3 - t2
        timings.stages = {s.name: s.seconds for s in solution.stages}
    return model, plan, solution


def _taken(loaded: LoadedMandate, solutions: Sequence[Solution]
           ) -> tuple[BuiltModel, Plan, Solution] | None:
    """The first of ``solutions`` (optimal plans of mandates equal to this one but for
    looser budgets, ``mandate/budgets.py``) whose plan the checker accepts for this
    mandate, read into this mandate's model: it is optimal here too, since every plan
    here is a plan there. None when none fits (a budget here binds)."""
    from .errors import CheckFailure

    budget = loaded.mandate.objective.budget
    model: BuiltModel | None = None
    for solution in solutions:
        cost = next((s.objective for s in solution.stages if s.name == COST_STAGE), None)
        if solution.status != "optimal" or (  # over the budget: no model built to see it
                budget is not None and cost is not None and cost > budget):
            continue
        if model is None:
            model = build_model(Derived.of(loaded.mandate))
            names = {entry.obj.name for entry in model.registry.variables.values()}
        if set(solution.values) != names:
            continue
        plan = build_plan(model, solution)
        try:
            check_plan(loaded.mandate, plan)
        except CheckFailure:
            continue
        return model, plan, solution
    return None


def reference_of(plan: Plan) -> dict[Assignment, int]:
    """A plan's allocations as the reference an anchored solve stays close to."""
    return {(a.contributor, a.capability, a.task, a.phase): a.personnel
            for a in plan.allocations}


def backtest(folder: Path | None = None, solver: SolverName = "highs",
             time_limit: float | None = None) -> Backtest:
    """Solve every reference mandate of ``folder`` (the bundled ``mandates/reference/``
    when None) in the low, central and high scenario, and set the persons beside
    ``history.toml``. ``time_limit`` is per solve. A plan stopped by the time limit is an
    error here (exit 3): a ratio must rest on an optimal plan."""
    from .errors import InputError, SolverError
    from .mandate import load_mandate
    from .mandate.history import left_in, load_history, reference_folder
    from .results.backtest import SCENARIOS, build_backtest

    where = folder if folder is not None else reference_folder()
    history = load_history(where)
    plans = {}
    for mid, mission in history.mission.items():
        for scenario in SCENARIOS:
            loaded = load_mandate(where / mission.file, [f"mission.scenario={scenario}"])
            if scenario == SCENARIOS[0] and (own := left_in(mid, mission, loaded.mandate,
                                                            loaded.file)):
                raise InputError(own, file=loaded.file)
            plan = plan_mandate(loaded, solver, time_limit)
            if plan.status != "optimal":
                raise SolverError(f"{mission.file} ({scenario}) stopped at the time limit; "
                                  "a backtest needs optimal plans: allow more time")
            plans[mid, scenario] = (loaded.mandate, plan)
    label = str(folder) if folder is not None else "<bundled>/reference"
    return build_backtest(label, solver, history.mission, plans)


def sweep(mandate: Path | None, axes: list[str], zipped: bool = False,
          solver: SolverName = "highs", time_limit: float | None = None,
          limits: bool = True, on_point: Callable[[int, int], None] | None = None,
          done: Mapping[str, SweepPoint] | None = None,
          on_row: Callable[[SweepPoint], None] | None = None, workers: int = 1,
          scheduler: str | None = None) -> Sweep:
    """Solve the mandate at every point of the grid the ``--set`` axes span
    (``mandate/grid.py``), each point relative to the base. Every point is loaded and
    validated before the first solve, so a bad value stops the sweep at once (an
    :class:`InputError` naming the point) rather than after hours of solves. A point
    without a plan is a row with its reason. With ``limits``, each point's plan is
    explained (without re-solving its marginal values) for the limits that keep it short.
    ``time_limit`` is per point; ``on_point(i, n)`` counts the points being solved
    (:func:`solve_each`).

    ``done`` holds rows of an earlier run by key (``point_key``): a point whose key is
    there is not solved again (a resumed study), nor is a point the grid holds twice.
    ``on_row`` gets each row solved here as soon as it is, to be written before the next
    point starts. ``workers`` above 1 solves that many points at once, ``scheduler`` on a
    Dask cluster (:func:`solve_each`)."""
    from .errors import InputError
    from .mandate.budgets import budget_view
    from .mandate.grid import parse_axis, points
    from .mandate.loader import compose_mandate, load_composed, with_overrides
    from .mandate.overrides import parse_override
    from .results.sweep import build_sweep, point_key

    parsed = [parse_axis(text) for text in axes]
    grid = points(parsed, zipped)

    def texts(point: list[tuple[str, str]]) -> list[str]:
        return [f"{path}={value}" for path, value in point]

    base, name = compose_mandate(mandate)  # the files are read once
    at: list[tuple[str, dict[str, object]]] = []  # each point's key and values
    views: dict[str, tuple[str, Budgets]] = {}  # each point's budgets, and the rest's digest
    currency = ""
    for i, point in enumerate(grid, 1):
        try:
            loaded = load_composed(with_overrides(base, name, texts(point)), name)
        except InputError as exc:
            where = ", ".join(texts(point)) or "the base"
            raise InputError(exc.issues, file=f"{exc.file}, sweep point {i} of {len(grid)} "
                                              f"({where})") from None
        name, currency = loaded.file, loaded.mandate.mission.currency
        key = point_key(loaded.data, solver, time_limit, limits)
        at.append((key, {path: parse_override(f"{path}={value}").value
                         for path, value in point}))
        views[key] = budget_view(loaded.data)
    earlier = dict(done or {})
    first: dict[str, int] = {}  # a point the grid holds twice is solved once
    for i, (key, _) in enumerate(at):
        if key not in earlier:
            first.setdefault(key, i)
    covered = covering(first, views)
    needed = {k for keys in covered.values() for k in keys}
    solutions: dict[str, Solution | None] = {}  # of the points in ``needed``, as they end

    def jobs() -> Iterator[Job | object]:
        """The points no other covers first, in grid order; then each of the others, once
        the points that cover it have ended, with their plans to take (``_taken``)."""
        from .solve.pool import WAIT

        for key, i in sorted(first.items(), key=lambda item: (item[0] in covered, item[1])):
            while any(k not in solutions for k in covered.get(key, ())):
                yield WAIT
            plans = tuple(p for k in covered.get(key, ()) if (p := solutions[k]) is not None)
            yield Job(with_overrides(base, name, texts(grid[i])).data, name, i + 1, key,
                      at[i][1], solver, time_limit, limits, plans)  # validated above

    for row, solution in solve_each(jobs(), len(first), workers, on_point, scheduler,
                                    run=run_sweep_job):
        if row.key in needed:
            solutions[row.key] = solution
        earlier[row.key] = row
        if on_row is not None:
            on_row(row)
    rows = [earlier[key].model_copy(update={"point": i, "values": values})
            for i, (key, values) in enumerate(at, 1)]
    return build_sweep(name, currency, solver, [a.path for a in parsed], zipped, limits, rows)


@dataclass(frozen=True)
class Job:
    """One point of a study to solve: the merged document (validated where it is solved,
    so a large study does not validate every point in one process first) and what its row
    is called."""

    data: dict[str, object]
    file: str
    index: int
    key: str
    values: dict[str, object]
    solver: SolverName
    time_limit: float | None
    limits: bool
    plans: tuple[Solution, ...] = ()
    """Optimal plans of points whose budgets cover this one's (a sweep's, ``covering``):
    the first that fits this point is its plan, without a solve (``_taken``)."""


def covering(first: Mapping[str, int], views: Mapping[str, tuple[str, Budgets]]
             ) -> dict[str, tuple[str, ...]]:
    """For each point (by key) whose budgets another point's cover, everything else being
    equal (``mandate/budgets.py``), the points that cover it and that no point covers
    itself, in grid order. Since covering is transitive, each covered point has one."""
    from .mandate.budgets import covers

    groups: dict[str, list[str]] = {}
    for key in sorted(first, key=first.__getitem__):
        groups.setdefault(views[key][0], []).append(key)
    out: dict[str, tuple[str, ...]] = {}
    for keys in groups.values():
        if len(keys) < 2:
            continue
        # A point covering another has at least as many unlimited budgets and, with as
        # many, at least the same sum: in that order, a point is uncovered when no
        # uncovered point before it covers it (linear in the points for one budget axis).
        paths = {path for key in keys for path in views[key][1]}
        ranked = sorted(keys, key=lambda k: (-len(paths - views[k][1].keys()),
                                             -sum(views[k][1].values())))
        top: list[str] = []
        for b in ranked:
            above = [a for a in top if covers(views[a][1], views[b][1])]
            if above:
                out[b] = tuple(sorted(above, key=first.__getitem__))
            else:
                top.append(b)
    return out


def failure(exc: Exception) -> tuple[str, str]:
    """How a study reports a solve without a plan, as (status, reason): a document the
    format refuses is ``invalid`` (its first reasons), a mandate without a plan
    ``infeasible`` (with its first conflict, when searched for), a solve stopped before any
    plan ``time_limit``, anything else from the solver ``error``."""
    from .errors import InputError, TimeLimitError

    if isinstance(exc, InputError):
        return "invalid", "; ".join(f"{i.path}: {i.message}" for i in exc.issues[:3])
    if isinstance(exc, InfeasibleError):
        first = exc.conflicts[0] if exc.conflicts else []
        return "infeasible", "; ".join([str(exc), *first])
    if isinstance(exc, TimeLimitError):
        return "time_limit", str(exc)
    return "error", str(exc)


def run_job(job: Job) -> SweepPoint:
    """Solve one point (in this process or a worker); a document the format refuses is a
    row with status ``invalid`` and the reasons."""
    return run_sweep_job(job)[0]


def run_sweep_job(job: Job) -> tuple[SweepPoint, Solution | None]:
    """:func:`run_job`, with the point's solution (None without a plan), which the points
    its budgets cover may take."""
    from .errors import InputError
    from .mandate import validate
    from .results.sweep import failed_point

    try:
        loaded = validate(job.data, job.file)
    except InputError as exc:
        return failed_point(job.index, job.key, job.values, *failure(exc)), None
    return _point(loaded, job.index, job.key, job.values, job.solver, job.time_limit,
                  job.limits, job.plans)


def solve_each(jobs: Iterator[J], count: int, workers: int = 1,
               on_point: Callable[[int, int], None] | None = None,
               scheduler: str | None = None,
               run: Callable[[J], R] = run_job) -> Iterator[R]:
    """Each job's row, in the order the jobs finish. With ``workers`` above 1 the jobs run
    in that many worker processes (``solve/pool.py``), with ``scheduler`` on a Dask
    cluster (``solve/cluster.py``; ``local`` starts one of ``workers`` processes), a few
    at a time so a large grid is never all in memory. Every worker solves on one thread,
    so the rows are the ones a single process gives. ``on_point(i, count)`` is called as
    job i starts (serial) or as i - 1 jobs have finished (in parallel). ``run`` does one job
    (a top-level function, so that workers can import it)."""
    if scheduler is None and (workers <= 1 or count <= 1):
        for i, job in enumerate(jobs, 1):
            if on_point is not None:
                on_point(i, count)
            yield run(job)
        return
    progress = None if on_point is None else \
        lambda finished: on_point(min(finished + 1, count), count)
    if scheduler is not None:
        from .solve.cluster import on_dask

        yield from on_dask(run, jobs, scheduler, max(workers, 1), on_point=progress)
    else:
        from .solve.pool import in_workers

        yield from in_workers(run, jobs, workers, on_point=progress)


def _point(loaded: LoadedMandate, index: int, key: str, values: dict[str, object],
           solver: SolverName, time_limit: float | None, limits: bool,
           plans: Sequence[Solution] = ()) -> tuple[SweepPoint, Solution | None]:
    """One point of a study: its checked plan's figures, or why it has none, and its
    solution. The first of ``plans`` that fits the point is its plan (``_taken``); else it
    is solved. With ``limits``, the plan is explained (without re-solving marginal values)
    for the limits that keep it short."""
    from .errors import SolverError
    from .explain import build_explanation
    from .results.sweep import failed_point, point_of

    try:
        taken = _taken(loaded, plans) if plans else None
        model, plan, solution = taken or _plan(loaded, solver, time_limit, None, None)
        if not limits:
            return point_of(index, key, values, plan), solution
        # explain's limits, as ``explain_mandate`` gives them with no value re-solved
        explained = build_explanation(_draft(model, plan), {}, {})
        reached = [(limit.kind, limit.path) for limit in explained.limits]
        return point_of(index, key, values, plan, reached), solution
    except SolverError as exc:  # infeasible, stopped before any plan, or a solver failure
        return failed_point(index, key, values, *failure(exc)), None


def sensitivity(mandate: Path | None, fraction: Decimal, keys: list[str] | None = None,
                solver: SolverName = "highs", time_limit: float | None = None,
                on_point: Callable[[int, int], None] | None = None,
                workers: int = 1, scheduler: str | None = None) -> Sensitivity:
    """A tornado: each number the base plan touches (or each matching ``keys``), moved
    down and up by ``fraction`` on its own and re-solved relative to the base. A value the
    format refuses is a row with the reason, not an error (``vary`` makes the values, not
    the planner). The base must have a plan: without one there is nothing to compare (the
    solver's errors, exit 3).
    ``workers`` above 1 solves that many sides at once, ``scheduler`` on a Dask cluster
    (:func:`solve_each`)."""
    from .mandate import load_mandate
    from .mandate.overrides import with_values
    from .mandate.tornado import numeric_inputs, select, touched, vary
    from .results.sensitivity import TornadoRow, build_sensitivity, swing_of, used_by
    from .results.sweep import point_key, point_of

    loaded = load_mandate(mandate)
    inputs = numeric_inputs(loaded.data)
    chosen = select(inputs, keys) if keys else []  # a bad pattern stops before any solve
    plan = plan_mandate(loaded, solver, time_limit)
    base = point_of(0, point_key(loaded.data, solver, time_limit, False), {}, plan)
    if not keys:
        used = used_by(plan, loaded.mandate)
        chosen = [i for i in inputs if touched(i, loaded.data, used)]
    sides: dict[tuple[str, str], tuple[int | float, dict[str, object], str]] = {}
    varied, unvaried = [], []
    for item in chosen:
        low, high = vary(item.value, fraction)
        if low == item.value and high == item.value:
            unvaried.append(item.path)
            continue
        varied.append((item, low, high))
        for which, value in (("low", low), ("high", high)):
            if value != item.value:  # else the base itself (a whole number rounding back)
                data = with_values(loaded.data, {item.path: value})
                sides[item.path, which] = value, data, point_key(data, solver, time_limit,
                                                                 False)
    first: dict[str, tuple[str, str]] = {}  # equal mandates are solved once
    for where, (_, _, key) in sides.items():
        if key != base.key:
            first.setdefault(key, where)
    jobs = (Job(sides[where][1], loaded.file, i, key, {where[0]: sides[where][0]}, solver,
                time_limit, False) for i, (key, where) in enumerate(first.items(), 1))
    solved = {base.key: base}
    for row in solve_each(jobs, len(first), workers, on_point, scheduler):
        solved[row.key] = row

    def at(path: str, which: str) -> SweepPoint | None:
        if (path, which) not in sides:
            return None
        value, _, key = sides[path, which]
        return solved[key].model_copy(update={"values": {path: value}})

    rows = []
    for item, low, high in varied:
        at_low, at_high = at(item.path, "low"), at(item.path, "high")
        rows.append(TornadoRow(rank=0, path=item.path, kind=item.kind, base=item.value,
                               low=low, high=high, at_low=at_low, at_high=at_high,
                               swing=swing_of(base, at_low or base, at_high or base)))
    return build_sensitivity(loaded.file, loaded.mandate.mission.currency, solver,
                             float(fraction), base, rows, unvaried, len(first) + 1)


def withdraw_each(mandate: Path | None, solver: SolverName = "highs",
                  time_limit: float | None = None,
                  on_point: Callable[[int, int], None] | None = None,
                  workers: int = 1, scheduler: str | None = None) -> Withdrawals:
    """The plan with each contributor, and each group of several, withdrawn in turn
    (``mandate/withdraw.py``) and re-optimised, with the limits that keep it short. A
    contributor the base plan does not use is not re-solved (its plan is the base's). The
    base must have a plan (the solver's errors, exit 3). ``workers`` and ``scheduler`` as
    for :func:`sweep`."""
    from .mandate import load_mandate
    from .mandate.overrides import with_values
    from .mandate.withdraw import Withdrawal, withdrawals
    from .results.risk import WithdrawalRow, build_withdrawals, compared, persons_from
    from .results.sweep import point_key, point_of

    loaded = load_mandate(mandate)
    plan = plan_mandate(loaded, solver, time_limit)
    base = point_of(0, point_key(loaded.data, solver, time_limit, False), {}, plan)
    chosen = [(i, w, persons_from(plan, w.members))
              for i, w in enumerate(withdrawals(loaded.mandate), 1)]
    used = [(i, w) for i, w, persons in chosen if persons]

    def job(i: int, w: Withdrawal) -> Job:
        data = with_values(loaded.data, w.edits())
        return Job(data, loaded.file, i, point_key(data, solver, time_limit, True),
                   {"withdrawn": w.name}, solver, time_limit, True)

    # one mandate in memory per job at a time, as in sweep and sensitivity
    solved = {row.point: row for row in solve_each((job(i, w) for i, w in used), len(used),
                                                   workers, on_point, scheduler)}
    rows = []
    for i, w, persons in chosen:
        point = solved.get(i) or base.model_copy(update={"point": i,
                                                         "values": {"withdrawn": w.name}})
        added, cost = compared(base, point)
        rows.append(WithdrawalRow(rank=0, withdrawn=w.name, kind=w.kind,
                                  members=list(w.members), persons=persons, point=point,
                                  added=added, cost_change=cost))
    return build_withdrawals(loaded.file, loaded.mandate.mission.currency, solver, base,
                             rows, len(used) + 1)



@dataclass(frozen=True)
class DrawJob:
    """One distinct draw to re-solve: the mandate it leaves, and for ``reallocate`` the
    contingents that stay where they are."""

    data: dict[str, object]
    file: str
    index: int
    solver: SolverName
    time_limit: float | None
    floor: tuple[tuple[Assignment, int], ...]
    """``reallocate``: the persons each assignment is held at least at (else empty)."""


def _held(floor: Mapping[Assignment, int]) -> Callable[[BuiltModel], None]:
    """A draw's model: each assignment in ``floor`` held at least at its persons
    (``reallocate``: contingents that stay where they are), and no cost stage: the plan's
    shortfalls are optimal, its cost is not minimised (nothing ``risk --draws`` reports
    depends on it, and the cost stage is where such solves spend most time)."""
    def adjust(model: BuiltModel) -> None:
        for key, persons in floor.items():
            if persons and key in model.assigned:
                model.assigned[key].lowBound = persons
        model.stages = [s for s in model.stages if s.name != COST_STAGE]

    return adjust


def run_draw(job: DrawJob) -> tuple[int, DrawOutcome]:
    """Re-solve one draw (in this process or a worker): its outcome from the checked plan,
    or why it has none."""
    from .errors import InputError, SolverError
    from .mandate import validate
    from .results.draws import failed_outcome, outcome_of

    try:
        loaded = validate(job.data, job.file)  # a draw's edits are built to be valid
        plan = _plan(loaded, job.solver, job.time_limit, None, None,
                     _held(dict(job.floor)), conflicts=False)[1]
        return job.index, outcome_of(plan)
    except (InputError, SolverError) as exc:
        return job.index, failed_outcome(*failure(exc))


def risk_draws(mandate: Path | None, draws: int, seed: int, recourse: Recourse = "replan",
               solver: SolverName = "highs", time_limit: float | None = None,
               fail_below: float | None = None,
               on_point: Callable[[int, int], None] | None = None,
               workers: int = 1, scheduler: str | None = None) -> RiskDraws:
    """How likely each task is to be fully staffed over ``draws`` random draws of the
    mandate's ``[uncertainty]`` (``mandate/draws.py``, ``results/draws.py``).

    Equal draws are solved once. A draw in which every contingent of the plan arrives in
    full and on time is not re-solved when the plan still passes the checker against the
    mandate that draw leaves: a draw only takes forces away (and lifts commitments of
    contributors the plan does not use), so a plan that still fits stays optimal. With
    ``none`` nothing is solved but the base. The base must have a plan (the solver's
    errors, exit 3); a mandate without ``[uncertainty]`` is an input error."""
    from .errors import CheckFailure, InputError, Issue
    from .mandate import load_mandate, validate
    from .mandate.draws import draw_edits, fates_of, first_phases
    from .mandate.overrides import with_values
    from .results.draws import DrawRow, arrived, build_risk, recounted
    from .results.sweep import point_key, point_of

    loaded = load_mandate(mandate)
    m = loaded.mandate
    if m.uncertainty is None:
        raise InputError([Issue(
            code="no-uncertainty", path="uncertainty", value="(none)",
            message="the mandate gives no [uncertainty] table, so every pledge would arrive "
                    "in full and on time in every draw",
            hint="add [uncertainty] with arrives, fraction and slips (docs/risk.md), or "
                 "--set uncertainty.arrives=0.9", file=loaded.file)], file=loaded.file)
    plan = plan_mandate(loaded, solver, time_limit)
    base = point_of(0, point_key(loaded.data, solver, time_limit, False), {}, plan)
    derived = Derived.of(m)
    first = first_phases(derived)
    drawn = [fates_of(m, m.uncertainty, seed, d) for d in range(1, draws + 1)]
    distinct = list(dict.fromkeys(drawn))
    outcomes: dict[int, DrawOutcome] = {}
    kept: dict[int, DrawOutcome] = {}
    todo: list[tuple[int, dict[str, object], dict[Assignment, int]]] = []
    planned = reference_of(plan)
    for i, fates in enumerate(distinct):
        contingents = arrived(plan, derived, fates, first)
        kept[i] = recounted(plan, contingents)
        if recourse == "none":
            outcomes[i] = kept[i]
            continue
        edits = draw_edits(derived, fates)
        if contingents == planned and not any(k.startswith("group.") for k in edits):
            try:
                check_plan(validate(with_values(loaded.data, edits), loaded.file).mandate,
                           plan)
                outcomes[i] = kept[i]
                continue
            except (CheckFailure, InputError):
                pass
        todo.append((i, edits, contingents if recourse == "reallocate" else {}))
    # each draw's mandate is made as its job starts: one in memory per job at a time
    jobs = (DrawJob(with_values(loaded.data, edits), loaded.file, i, solver, time_limit,
                    tuple(sorted(floor.items())))
            for i, edits, floor in todo)
    for i, outcome in solve_each(jobs, len(todo), workers, on_point, scheduler,
                                 run=run_draw):
        if recourse == "reallocate" and outcome.status == "infeasible":
            outcome = kept[i].model_copy(update={"refilled": False})
        elif recourse == "reallocate" and outcome.shortfall_person_months is not None:
            outcome = outcome.model_copy(update={"refilled": True})
        outcomes[i] = outcome
    index = {fates: i for i, fates in enumerate(distinct)}
    rows = [DrawRow(draw=d, lost=[c for c, f in fates if not f.arrived],
                    partial=[c for c, f in fates if f.arrived and f.fraction < 1],
                    slipped=[c for c, f in fates if f.slipped],
                    outcome=outcomes[index[fates]])
            for d, fates in enumerate(drawn, 1)]
    return build_risk(loaded.file, m.mission.currency, solver, seed, recourse, m.uncertainty,
                      base, plan, rows, len(distinct), len(todo) + 1, fail_below)


@dataclass(frozen=True)
class NearJob:
    """One direction of ``alternatives`` to solve."""

    data: dict[str, object]
    file: str
    index: int
    direction: Direction
    cost_cap: float
    reference: tuple[tuple[Assignment, int], ...]
    """The optimal plan's allocations."""
    solver: SolverName
    time_limit: float | None


def _near(direction: Direction, cost_cap: float, reference: Mapping[Assignment, int]
          ) -> Callable[[BuiltModel], None]:
    """An alternative's model: the cost stage replaced by the push along ``direction``
    with the cost at most ``cost_cap`` (``model/alternative.py``), then ``diff``'s anchor
    stage: among the plans pushed furthest, the closest to the optimal plan, so that an
    alternative differs from it only where the push forces it to."""
    from .model.alternative import with_near_stage

    def adjust(model: BuiltModel) -> None:
        with_near_stage(model, direction, cost_cap)
        model.stages.append(anchor_stage(model, reference))

    return adjust


def run_near(job: NearJob) -> tuple[int, Plan | str]:
    """Solve one direction (in this process or a worker): its checked plan, or why there
    is none."""
    from .errors import SolverError
    from .mandate import validate

    loaded = validate(job.data, job.file)
    try:
        return job.index, _plan(loaded, job.solver, job.time_limit, None, None,
                                _near(job.direction, job.cost_cap, dict(job.reference)),
                                conflicts=False)[1]
    except SolverError as exc:
        return job.index, failure(exc)[1]


def alternatives(mandate: Path | None, slack: float, count: int,
                 axes: list[str] | None = None, seed: int = 1,
                 solver: SolverName = "highs", time_limit: float | None = None,
                 on_point: Callable[[int, int], None] | None = None,
                 workers: int = 1, scheduler: str | None = None) -> Alternatives:
    """Up to ``count`` distinct plans that keep every shortfall at its optimum, cost at most
    (1 + ``slack``) × the optimum, and go as far as they can along the axes' directions
    (``mandate/axes.py``), in that order, until ``count`` distinct plans are found or the
    directions run out (every extreme, then up to ``count`` seeded mixes). Each plan passes
    the independent checker, and its shortfalls and cost are checked against the optimum
    here too. The optimum must have a plan (the solver's errors, exit 3); a bad axis is an
    input error."""
    import itertools

    from .errors import CheckFailure, SolverError
    from .mandate import load_mandate
    from .mandate.axes import default_axes, directions, parse_axis
    from .model.alternative import NEAR_STAGE
    from .model.anchor import ANCHOR_STAGE
    from .results.alternatives import (
        Alternative,
        axis_values,
        build_alternatives,
        moved,
        person_months,
        same_plan,
    )
    from .results.diff import build_diff

    loaded = load_mandate(mandate)
    m = loaded.mandate
    chosen = [parse_axis(m, a) for a in axes] if axes else []  # before any solve
    base = plan_mandate(loaded, solver, time_limit)
    if base.status != "optimal":
        raise SolverError("the optimal plan stopped at the time limit, so there is no proven "
                          "optimum to stay near; allow more time with --time-limit")
    chosen = chosen or default_axes(m, person_months(m, base))
    cap = base.total_cost * (1 + slack)
    reference = tuple(sorted(reference_of(base).items()))
    pending = directions(chosen, seed, mixes=count)
    found: list[Alternative] = []
    plans: list[Plan] = [base]
    duplicates: list[str] = []
    failed: dict[str, str] = {}
    solves = 1
    while len(found) < count:
        batch = list(itertools.islice(pending, max(count - len(found), workers)))
        if not batch:
            break
        jobs = (NearJob(loaded.data, loaded.file, i, d, cap, reference, solver, time_limit)
                for i, d in enumerate(batch))
        results = dict(solve_each(jobs, len(batch), workers, on_point, scheduler,
                                  run=run_near))
        solves += len(batch)
        for i, direction in enumerate(batch):
            plan = results[i]
            if isinstance(plan, str):
                failed[direction.label] = plan
                continue
            if len(found) == count:
                break  # a batch run on more workers than plans still wanted
            if any(same_plan(plan, p) for p in plans):
                duplicates.append(direction.label)
                continue
            if any(s.status == "time_limit" for s in plan.stages
                   if s.stage not in (NEAR_STAGE, ANCHOR_STAGE)):
                failed[direction.label] = "stopped at the time limit before the shortfalls " \
                                          "were proven optimal; allow more time"
                continue
            if plan.shortfall_person_months != base.shortfall_person_months or \
                    plan.total_cost > cap + max(1e-6 * cap, 0.01):
                raise CheckFailure([f"alternative '{direction.label}': shortfall "
                                    f"{plan.shortfall_person_months} or cost "
                                    f"{plan.total_cost} outside the optimum's "
                                    f"{base.shortfall_person_months}, cap {cap}"])
            near = next(s for s in plan.stages if s.stage == NEAR_STAGE)
            plans.append(plan)
            found.append(Alternative(
                number=len(found) + 1, direction=direction.label, status=plan.status,
                proven=near.status == "optimal", total_cost=plan.total_cost,
                cost_above=round(plan.total_cost / base.total_cost - 1, 6)
                if base.total_cost else 0.0,
                axes=axis_values(m, plan, chosen), moved=moved(m, base, plan),
                diff=build_diff(loaded.file, m, base, loaded.file, m, plan, False)))
    return build_alternatives(loaded.file, m, solver, slack, seed, count, base, cap, chosen,
                              found, duplicates, failed, solves)


def report(loaded: list[LoadedMandate], labels: list[str], solver: SolverName = "highs",
           time_limit: float | None = None, confirm: int = CONFIRM,
           studies: list[tuple[str, Study]] | None = None) -> Report:
    """What ``forcesize report`` draws: each mandate's checked plan and explanation (the
    first is the base), their comparison when there are several, and the studies given.
    The page itself is written by ``render/html.py``, which never solves."""
    from .render.html import Report, ReportEntry
    from .results.compare import build_comparison
    from .results.groups import group_rows

    entries = []
    for label, one in zip(labels, loaded, strict=True):
        plan, explanation = explain_mandate(one, solver, time_limit, confirm)
        entries.append(ReportEntry(label=label, file=one.file, plan=plan,
                                   explanation=explanation,
                                   groups=group_rows(Derived.of(one.mandate), plan)))
    comparison = build_comparison([(e.label, e.file, x.mandate, e.plan)
                                   for e, x in zip(entries, loaded, strict=True)]) \
        if len(entries) > 1 else None
    return Report(entries=entries, comparison=comparison, studies=list(studies or []))
