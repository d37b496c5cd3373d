"""Studies: ``sweep`` (one mandate over a grid of overrides, one row per point) and
``sensitivity`` (a tornado: each input down and up on its own, ranked)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..exit_codes import ExitCode
from ..render import Format
from .app import (
    DebugOpt,
    FailOn,
    FailOnOpt,
    FormatOpt,
    JobsOpt,
    MandateArg,
    OutputOpt,
    SchedulerOpt,
    Solver,
    SolverOpt,
    TimeLimitOpt,
    check_time_limit,
    load,
    percentage,
    workers,
)
from .guard import guarded, say
from .output import check_output, emit, progress

if TYPE_CHECKING:
    from collections.abc import Callable

    from ..mandate import LoadedMandate
    from ..results.sweep import SweepPoint


class Metric(StrEnum):
    """A sweep's figures (``SWEEP_METRICS`` in ``mandate/grid.py``)."""

    essential = "essential"
    important = "important"
    desirable = "desirable"
    cost = "cost"
    peak = "peak"


def sweep(
    mandate: MandateArg = None,
    set_: Annotated[list[str] | None, typer.Option(
        "--set", metavar="PATH=SPEC",
        help="An axis of the sweep: PATH=a..b:step (a range, b included when a whole number "
             "of steps reaches it; whole numbers count by 1 without a step), PATH=v1,v2,v3 "
             "(TOML values; commas inside [..], {..} or quotes do not split) or PATH=VALUE "
             "(held at every point). Repeatable; after the axes of --from-file.",
        show_default=False)] = None,
    from_file: Annotated[Path | None, typer.Option(
        "--from-file", metavar="STUDY", dir_okay=False,
        help="A study file (TOML): mandate = PATH (relative to it), zip = true|false, and a "
             "[set] table from key path to a spec string, an array of values or one value.")
    ] = None,
    zip_: Annotated[bool, typer.Option(
        "--zip", help="Pair the axes' values (the i-th of each) instead of taking every "
                      "combination.")] = False,
    metric: Annotated[list[Metric] | None, typer.Option(
        "--metric", metavar="NAME",
        help="A figure to show in the table, markdown and CSV, in the order given "
             "(repeatable; default every one): essential, important or desirable shortfall, "
             "cost, peak persons. JSON lines keep every figure.", show_default=False)
    ] = None,
    limits: Annotated[bool, typer.Option(
        "--limits/--no-limits",
        help="Name the limits that keep each point short, as 'explain' does (its LP "
             "relaxation, without re-solving marginal values); --no-limits only solves.")
    ] = True,
    resume: Annotated[bool, typer.Option(
        "--resume", help="With --output FILE and --format json: append each point to FILE "
                         "as soon as it is solved, and reuse the points FILE already holds "
                         "(same mandate, values, solver, time limit and version), so an "
                         "interrupted sweep goes on where it stopped.")] = False,
    format: FormatOpt = Format.table,
    solver: SolverOpt = Solver.highs,
    time_limit: TimeLimitOpt = None,
    fail_on: FailOnOpt = FailOn.essential,
    jobs: JobsOpt = 1,
    scheduler: SchedulerOpt = None,
    output: OutputOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Solve a mandate at every point of a grid of --set values and print one row per
    point: its values, status, shortfall by priority, cost, peak persons and the limits
    that keep it short.

    Each point is taken relative to the mandate, never to the point before. Every point is
    validated before the first solve (exit 2 names the bad point). A point without a plan
    (no plan exists, or the solver failed) is kept with its reason, and the sweep then
    exits 3 after printing every row; --fail-on exits 1 when any point is short at that
    priority. JSON output is JSON lines, one point per line. --time-limit applies to each
    point."""
    with guarded(debug):
        from ..pipeline import sweep as run

        check_time_limit(time_limit)
        check_output(output)
        axes = list(set_ or ())
        if from_file is not None:
            from ..mandate.grid import read_study

            study = read_study(from_file)
            if study.mandate is not None and mandate is not None:
                raise typer.BadParameter(f"{from_file} names its mandate; give it in one "
                                         "place", param_hint="'MANDATE'")
            mandate = study.mandate or mandate
            axes = study.axes + axes
            zip_ = zip_ or study.zipped
            metric = metric or [Metric(m) for m in study.metrics]
        if not axes:
            raise typer.BadParameter("a sweep needs an axis: --set PATH=a..b:step or "
                                     "--from-file STUDY", param_hint="'--set'")
        if resume and (output is None or format is not Format.json):
            raise typer.BadParameter("resuming needs the JSON lines of --output FILE with "
                                     "--format json", param_hint="'--resume'")
        base = load(mandate, [])  # the base's warnings, once
        done, on_row = _log(output, base, solver.value) if resume and output else (None, None)
        with progress("Solving…") as update:
            result = run(mandate, axes, zip_, solver=solver.value, time_limit=time_limit,
                         limits=limits, done=done, on_row=on_row, workers=workers(jobs),
                         scheduler=scheduler,
                         on_point=lambda i, n: update(f"Solving point {i} of {n}…"))
        if metric:
            result = result.model_copy(
                update={"metrics": tuple(dict.fromkeys(m.value for m in metric))})
        if done is None:
            emit(result, format, output)
        else:
            keys = {p.key for p in result.points}
            say(f"wrote {len(keys - done.keys())} point(s) to {output}; "
                f"{len(keys & done.keys())} were there already")
        stopped = [p.point for p in result.points if p.stopped_stage is not None]
        if stopped:
            say(f"forcesize: {len(stopped)} point(s) stopped at the time limit "
                f"({', '.join(map(str, stopped[:10]))}{'…' if len(stopped) > 10 else ''}); "
                "their figures are not proven optimal")
        if any(p.shortfall_person_months is None for p in result.points):
            raise typer.Exit(int(ExitCode.SOLVER_FAILURE))
        if fail_on is not FailOn.never and any(p.shortfall_at_or_above(fail_on.value) > 0
                                               for p in result.points):
            raise typer.Exit(int(ExitCode.UNDER_RESOURCED))


def _log(output: Path, base: LoadedMandate, solver: str
         ) -> tuple[dict[str, SweepPoint], Callable[[SweepPoint], None]]:
    """For ``--resume``: the rows ``output`` already holds, by key, and a function that
    appends a new row to it as a JSON line."""
    from ..outfile import LineLog
    from ..render.json import point_line, sweep_head
    from ..results.sweep import rows_by_key

    log = LineLog(output)
    head = sweep_head(base.file, base.mandate.mission.currency, solver)
    return rows_by_key(log.read()), lambda row: log.append(point_line(head, row))


def sensitivity(
    mandate: MandateArg = None,
    tornado: Annotated[str, typer.Option(
        "--tornado", metavar="PERCENT",
        help="Move each input down and up by this percentage of its value, one input at "
             "a time (whole numbers stay whole, rounded half up).")] = "20%",
    keys: Annotated[list[str] | None, typer.Option(
        "--keys", metavar="PATTERN",
        help="Vary only the numbers whose key path matches: an exact path or a "
             "shell-style pattern ('contributor.*.pledge', 'task.*.need.*'). Repeatable. "
             "Default: every number the mandate gives that the base plan touches.",
        show_default=False)] = None,
    format: FormatOpt = Format.table,
    solver: SolverOpt = Solver.highs,
    time_limit: TimeLimitOpt = None,
    jobs: JobsOpt = 1,
    scheduler: SchedulerOpt = None,
    output: OutputOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Rank the mandate's inputs by how far each moves the plan: a tornado. Each number is
    moved down and up by --tornado's percentage on its own, relative to the mandate, and
    the plan re-solved; inputs are ranked by the swing in essential, then important, then
    desirable shortfall, then cost, and the largest swings are drawn as text bars.

    By default every number the mandate (and its bases) gives is varied where the base
    plan touches it: the pools, costs and unit sizes of the contributor–capability pairs it
    deploys, the pledges of the contributors in it, budgets, shares, and the sizing rules
    and theatre figures of the tasks it staffs. A varied value the mandate format refuses
    is a row with the reason; a side without a plan is kept with its reason, and the
    command then exits 3 after printing every row. --time-limit applies to each solve."""
    with guarded(debug):
        from ..pipeline import sensitivity as run

        check_time_limit(time_limit)
        check_output(output)
        fraction = percentage(tornado, "--tornado", "20%")
        load(mandate, [])  # the base's warnings, once
        with progress("Solving the base plan…") as update:
            result = run(mandate, fraction, list(keys or ()), solver=solver.value,
                         time_limit=time_limit, workers=workers(jobs), scheduler=scheduler,
                         on_point=lambda i, n: update(f"Solving side {i} of {n}…"))
        emit(result, format, output)
        # a value the format refuses (status invalid) is a row, not a failure
        _finish([p for r in result.rows for p in (r.at_low, r.at_high)
                 if p is not None and p.status != "invalid"], "side(s)")


class Recourse(StrEnum):
    """What a draw may do about a pledge that did not arrive (``results/draws.py``)."""

    none = "none"
    reallocate = "reallocate"
    replan = "replan"


def risk(
    mandate: MandateArg = None,
    draws: Annotated[int | None, typer.Option(
        "--draws", min=1, max=1_000_000, metavar="N",
        help="Draw N times what arrives of each contributor's forces, from the mandate's "
             "[uncertainty] table, and give each task's chance of being fully staffed in "
             "each phase.", show_default=False)] = None,
    seed: Annotated[int, typer.Option(
        "--seed", min=0, metavar="S",
        help="The draws' seed: the same seed gives the same draws, run to run and for any "
             "variant of the mandate (common random numbers).")] = 1,
    recourse: Annotated[Recourse, typer.Option(
        "--recourse",
        help="none: keep the plan and count what is lost; reallocate: keep the contingents "
             "that arrive where they are and fill the gaps from the forces left; replan: "
             "re-optimise each draw.")] = Recourse.none,
    fail_below: Annotated[str | None, typer.Option(
        "--fail-below", metavar="PERCENT",
        help="Exit 1 when a task the plan staffs is fully staffed in fewer than this share "
             "of the draws in some phase (e.g. 90%).", show_default=False)] = None,
    withdraw_each: Annotated[bool, typer.Option(
        "--withdraw-each",
        help="Instead of draws: withdraw each contributor, and each group of several, in "
             "turn; re-plan without it; rank by the essential, then important, then "
             "desirable shortfall its loss adds, then the cost.")] = False,
    format: FormatOpt = Format.table,
    solver: SolverOpt = Solver.highs,
    time_limit: TimeLimitOpt = None,
    jobs: JobsOpt = 1,
    scheduler: SchedulerOpt = None,
    output: OutputOpt = None,
    debug: DebugOpt = False,
) -> None:
    """What may go wrong with the plan's forces. With --draws N: how likely each task is to
    be fully staffed in each phase when pledges may not arrive, arrive in part or arrive a
    phase late (the mandate's [uncertainty] table), with a 95 % interval and a risk band,
    and the expected shortfall by priority. With --withdraw-each: who the plan cannot do
    without, each contributor (and each group of several) withdrawn in turn and
    re-optimised, ranked by what the loss does to it.

    Equal draws are solved once, and a draw the plan still fits is not re-solved. A draw
    (or withdrawal) that finds no plan is kept with its reason, never dropped: a draw
    counts as staffing no task, and the command exits 3 after printing every row.
    --time-limit applies to each solve."""
    with guarded(debug):
        if withdraw_each == (draws is not None):
            raise typer.BadParameter("give either --draws N or --withdraw-each",
                                     param_hint="'--draws' / '--withdraw-each'")
        check_time_limit(time_limit)
        check_output(output)
        below = None
        if fail_below is not None:
            if withdraw_each:
                raise typer.BadParameter("applies to --draws only",
                                         param_hint="'--fail-below'")
            below = float(percentage(fail_below, "--fail-below", "90%"))
        load(mandate, [])  # the base's warnings, once
        if withdraw_each:
            from ..pipeline import withdraw_each as run

            with progress("Solving the base plan…") as update:
                result = run(mandate, solver=solver.value, time_limit=time_limit,
                             workers=workers(jobs), scheduler=scheduler,
                             on_point=lambda i, n: update(f"Solving withdrawal {i} of {n}…"))
            emit(result, format, output)
            _finish([r.point for r in result.rows if r.persons], "withdrawal(s)")
            return
        from ..pipeline import risk_draws
        from ..results.draws import below as failing

        assert draws is not None
        with progress("Solving the base plan…") as update:
            drawn = risk_draws(mandate, draws, seed, recourse.value, solver=solver.value,
                               time_limit=time_limit, fail_below=below,
                               workers=workers(jobs), scheduler=scheduler,
                               on_point=lambda i, n: update(f"Solving draw {i} of {n}…"))
        emit(drawn, format, output)
        if drawn.time_limited:
            say(f"forcesize: {drawn.time_limited} draw(s) stopped at the time limit; their "
                "figures are not proven optimal")
        if drawn.failed:
            raise typer.Exit(int(ExitCode.SOLVER_FAILURE))
        if failing(drawn):
            raise typer.Exit(int(ExitCode.UNDER_RESOURCED))


def _finish(points: list[SweepPoint], what: str) -> None:
    """After a study's rows are out: say how many ``points`` stopped at the time limit,
    and exit 3 if any has no plan."""
    stopped = sum(1 for p in points if p.stopped_stage is not None)
    if stopped:
        say(f"forcesize: {stopped} {what} stopped at the time limit; their figures are not "
            "proven optimal")
    if any(p.shortfall_person_months is None for p in points):
        raise typer.Exit(int(ExitCode.SOLVER_FAILURE))
