"""The pipeline in one call: mandate → requirements → model → solve → plan → check.

The CLI, the benchmark and the tests go through here so that no plan reaches
a renderer without passing the independent checker.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import InfeasibleError
from .mandate import Derived, LoadedMandate
from .model import BuiltModel, build_model
from .model.anchor import Assignment, anchor_stage
from .results import Plan, build_plan, check_plan
from .solve import SolverName, solve

if TYPE_CHECKING:
    from .explain import Explanation
    from .results.backtest import Backtest
    from .results.sweep import Sweep, SweepPoint


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
                    time_limit: float | None = None, confirm: int = CONFIRM
                    ) -> tuple[Plan, Explanation]:
    """The checked plan and its explanation, with the LP relaxation's marginal values; the
    first ``confirm`` of them are re-solved in whole persons with their step applied."""
    from .explain import build_explanation, draft_explanation
    from .solve.relax import relaxation_duals

    model, plan = _plan(loaded, solver, time_limit, None, None)
    draft = draft_explanation(model, plan, relaxation_duals(model))
    integer: dict[int, float | None] = {}
    if plan.status == "optimal":
        for i, candidate in enumerate(draft.candidates[:confirm]):
            if candidate.edits is not None:
                integer[i] = _integer_effect(loaded, plan, candidate.edits, candidate.stage,
                                             solver, time_limit)
    return plan, build_explanation(draft, integer)


def _integer_effect(loaded: LoadedMandate, plan: Plan, edits: dict[str, object], stage: str,
                    solver: SolverName, time_limit: float | None) -> float | None:
    """How ``stage`` moves when the mandate takes ``edits`` and is re-solved in whole persons
    up to that stage; None when the changed mandate is invalid or the re-solve stops at the
    time limit."""
    from .errors import InputError, SolverError
    from .mandate import validate
    from .mandate.overrides import with_values

    try:
        changed = validate(with_values(loaded.data, edits), loaded.file)
    except InputError:
        return None
    model = build_model(Derived(changed.mandate))
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

    export_model(build_model(Derived(loaded.mandate)), path, kind)


def _plan(loaded: LoadedMandate, solver: SolverName, time_limit: float | None,
          timings: Timings | None, anchor: Mapping[Assignment, int] | None
          ) -> tuple[BuiltModel, Plan]:
    t0 = time.perf_counter()
    model = build_model(Derived(loaded.mandate))
    if anchor is not None:
        model.stages.append(anchor_stage(model, anchor))
    t1 = time.perf_counter()
    try:
        solution = solve(model, solver, time_limit)
    except InfeasibleError as exc:
        if exc.conflicts:  # named already, without a solver (an empty commitment row)
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
    return model, plan


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
          on_row: Callable[[SweepPoint], None] | None = None) -> Sweep:
    """Solve the mandate at every point of the grid the ``--set`` axes span
    (``mandate/grid.py``), each point relative to the base. Every point is loaded and
    validated before the first solve, so a bad value stops the sweep at once (an
    :class:`InputError` naming the point) rather than after hours of solves. A point
    without a plan is a row with its reason. With ``limits``, each point's plan is
    explained (without re-solving its marginal values) for the limits that keep it short.
    ``time_limit`` is per point; ``on_point(i, n)`` is called before point i of n.

    ``done`` holds rows of an earlier run by key (``point_key``): a point whose key is
    there is not solved again (a resumed study), nor is a point the grid holds twice.
    ``on_row`` gets each row solved here as soon as it is, to be written before the next
    point starts."""
    from .errors import InputError, SolverError, TimeLimitError
    from .mandate import load_mandate
    from .mandate.grid import parse_axis, points
    from .mandate.overrides import parse_override
    from .results.sweep import build_sweep, failed_point, point_key, point_of

    parsed = [parse_axis(text) for text in axes]
    grid = points(parsed, zipped)

    def texts(point: list[tuple[str, str]]) -> list[str]:
        return [f"{path}={value}" for path, value in point]

    for i, point in enumerate(grid, 1):
        try:
            load_mandate(mandate, texts(point))
        except InputError as exc:
            where = ", ".join(texts(point)) or "the base"
            raise InputError(exc.issues, file=f"{exc.file}, sweep point {i} of {len(grid)} "
                                              f"({where})") from None
    rows, name, currency = [], "", ""
    solved: dict[str, SweepPoint] = {}  # a point the grid holds twice is solved once
    for i, point in enumerate(grid, 1):
        if on_point is not None:
            on_point(i, len(grid))
        values = {path: parse_override(f"{path}={value}").value for path, value in point}
        loaded = load_mandate(mandate, texts(point))
        name, currency = loaded.file, loaded.mandate.mission.currency
        key = point_key(loaded.data, solver, time_limit, limits)
        earlier = solved.get(key) or (done or {}).get(key)
        if earlier is not None:
            rows.append(earlier.model_copy(update={"point": i, "values": values}))
            continue
        try:
            if limits:
                plan, explanation = explain_mandate(loaded, solver, time_limit, confirm=0)
                row = point_of(i, key, values, plan, [(limit.kind, limit.path)
                                                      for limit in explanation.limits])
            else:
                row = point_of(i, key, values, plan_mandate(loaded, solver, time_limit))
        except InfeasibleError as exc:
            first = exc.conflicts[0] if exc.conflicts else []
            row = failed_point(i, key, values, "infeasible", "; ".join([str(exc), *first]))
        except TimeLimitError as exc:
            row = failed_point(i, key, values, "time_limit", str(exc))
        except SolverError as exc:
            row = failed_point(i, key, values, "error", str(exc))
        rows.append(row)
        solved[key] = row
        if on_row is not None:
            on_row(row)
    return build_sweep(name, currency, solver, [a.path for a in parsed], zipped, limits, rows)
