"""``forcesize alternatives``: plans nearly as good as the optimum that differ from it as
much as they can along the axes a planner names."""

from __future__ import annotations

from typing import Annotated

import typer

from ..errors import InputError
from ..exit_codes import ExitCode
from ..render import Format
from .app import (
    DebugOpt,
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
from .guard import guarded
from .output import check_output, emit, progress


def alternatives(
    mandate: MandateArg = None,
    slack: Annotated[str, typer.Option(
        "--slack", metavar="PERCENT",
        help="How much dearer than the optimal plan an alternative may be.")] = "5%",
    count: Annotated[int, typer.Option(
        "--count", min=1, max=100, metavar="K",
        help="Distinct alternatives to find.")] = 6,
    axis: Annotated[list[str] | None, typer.Option(
        "--axis", metavar="AXIS",
        help="What the alternatives should differ in: group:ID (its members' share), "
             "contributor:ID (its share), largest-share (the largest any one contributor "
             "carries), contributors-per-task (how many serve each task in each phase) or "
             "fund-share (the share of the cost financing schemes pay). "
             "Repeatable; each is pushed to its least, then its most. Default: "
             "every group of several members, largest-share, then every contributor the "
             "optimal plan uses, the most used first.", show_default=False)] = None,
    seed: Annotated[int, typer.Option(
        "--seed", min=0, metavar="S",
        help="The seed of the mixed directions tried once every axis's extremes are: the "
             "same seed gives the same alternatives.")] = 1,
    format: FormatOpt = Format.table,
    solver: SolverOpt = Solver.highs,
    time_limit: TimeLimitOpt = None,
    jobs: JobsOpt = 1,
    scheduler: SchedulerOpt = None,
    output: OutputOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Plans nearly as good as the optimal one: each keeps every shortfall at its optimum,
    costs at most --slack more, and goes as far as it can along one axis (a group's share,
    a contributor's, the largest single share), its least and then its most, axis by axis,
    then in mixed directions drawn from --seed, until --count distinct plans are found.
    Each is checked by the independent checker and shown against the optimum: a summary of
    axes × alternatives, then the persons by contributor and phase that differ.

    A direction that gives a plan already listed is named, not listed again; one that
    finds no plan is kept with its reason and the command exits 3 after printing.
    --time-limit applies to each solve."""
    with guarded(debug):
        from ..mandate.axes import parse_axis
        from ..pipeline import alternatives as run

        check_time_limit(time_limit)
        check_output(output)
        fraction = float(percentage(slack, "--slack", "5%"))
        loaded = load(mandate, [])  # the warnings, once
        for text in axis or ():  # a bad axis is a usage error, before any solve
            try:
                parse_axis(loaded.mandate, text)
            except InputError as exc:
                issue = exc.issues[0]
                raise typer.BadParameter(f"{issue.message}; {issue.hint}",
                                         param_hint="'--axis'") from None
        with progress("Solving the optimal plan…") as update:
            result = run(mandate, fraction, count, list(axis or ()), seed,
                         solver=solver.value, time_limit=time_limit, workers=workers(jobs),
                         scheduler=scheduler,
                         on_point=lambda i, n: update(f"Solving alternative {i} of {n}…"))
        emit(result, format, output)
        if result.failed:
            raise typer.Exit(int(ExitCode.SOLVER_FAILURE))
