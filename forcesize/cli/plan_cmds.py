"""``solve`` and ``explain``: one mandate's plan, and why it is what it is."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ..exit_codes import ExitCode
from ..render import Format
from ..render.views import SummaryView
from .app import (
    CONFIRM,
    ConfirmOpt,
    DebugOpt,
    FailOn,
    FailOnOpt,
    FormatOpt,
    MandateArg,
    OutputOpt,
    RangesOpt,
    SetOpt,
    Solver,
    SolverOpt,
    TimeLimitOpt,
    check_time_limit,
    load,
)
from .guard import fail, guarded, say
from .output import check_output, emit, emit_pair, progress, warn_time_limit, write_text


class CsvTable(StrEnum):
    """The tables ``solve --format csv`` can write."""

    allocations = "allocations"
    burden = "burden"


def solve(
    mandate: MandateArg = None,
    set_: SetOpt = None,
    format: FormatOpt = Format.table,
    solver: SolverOpt = Solver.highs,
    time_limit: TimeLimitOpt = None,
    fail_on: FailOnOpt = FailOn.essential,
    explain: Annotated[bool, typer.Option(
        "--explain", help="Add the sections of 'forcesize explain' under the plan "
                          "(table, JSON or markdown).")] = False,
    summary: Annotated[bool, typer.Option(
        "--summary", help="Print only what to read first, in 100 columns: the verdict, the "
                          "shortfalls worst first, each contributor's share of each phase "
                          "against its cap, and where to read next (table or markdown).")
    ] = False,
    write_lp: Annotated[Path | None, typer.Option(
        "--write-lp", metavar="FILE", dir_okay=False,
        help="Also write the model as an LP file, named from the mandate's ids.")] = None,
    write_mps: Annotated[Path | None, typer.Option(
        "--write-mps", metavar="FILE", dir_okay=False,
        help="Also write the model as a (free) MPS file, named from the mandate's ids.")
    ] = None,
    table: Annotated[CsvTable, typer.Option(
        "--table", help="Which table CSV output holds: the allocations, or who pays "
                        "(burden-sharing by payer and phase).")] = CsvTable.allocations,
    output: OutputOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Size the force for a mandate: who provides what, what it costs, where it stays short.

    CSV output is the allocation table, one row per contributor, capability, task and phase
    (with --table burden: one row per payer and phase). Model files are written before
    solving, so an infeasible mandate can be exported too. --summary is a short view for
    people (table or markdown), so it refuses JSON and CSV, which scripts read whole, and
    --explain, which makes the view long again."""
    with guarded(debug):
        from ..pipeline import explain_mandate, plan_mandate, write_model

        check_time_limit(time_limit)
        for path, option in ((output, "--output"), (write_lp, "--write-lp"),
                             (write_mps, "--write-mps")):
            check_output(path, option)
        if table is not CsvTable.allocations and format is not Format.csv:
            raise typer.BadParameter("--table chooses the table of CSV output; the other "
                                     "formats show every table", param_hint="'--table'")
        if explain and format is Format.csv:
            raise typer.BadParameter("the explanation has no CSV form here; use "
                                     "'forcesize explain --format csv'", param_hint="'--explain'")
        if summary and format in (Format.json, Format.csv):
            raise typer.BadParameter("the summary is for reading (table or markdown); "
                                     f"--format {format.value} writes the whole plan without "
                                     "--summary", param_hint="'--summary'")
        if summary and explain:
            raise typer.BadParameter("the summary is the short view and --explain adds the "
                                     "long one; run 'forcesize explain' beside it",
                                     param_hint="'--summary'")
        loaded = load(mandate, set_)
        for path, kind in ((write_lp, "lp"), (write_mps, "mps")):
            if path is not None:
                try:
                    write_model(loaded, str(path), kind)
                except OSError as exc:
                    fail(ExitCode.INVALID_INPUT, f"forcesize: cannot write {path}: "
                          f"{exc.strerror or exc}")
                say(f"wrote {path}")
        if explain:
            with progress("Solving and explaining…"):
                plan, explanation = explain_mandate(loaded, solver=solver.value,
                                                    time_limit=time_limit)
            emit_pair(plan, explanation, format, output)
        else:
            with progress("Solving…"):
                plan = plan_mandate(loaded, solver=solver.value, time_limit=time_limit)
            if table is CsvTable.burden:
                from ..render.csv import burden_csv

                write_text(burden_csv(plan), output)
            else:
                emit(SummaryView(plan) if summary else plan, format, output)
        warn_time_limit([plan])
        if fail_on is not FailOn.never and plan.shortfall_at_or_above(fail_on.value) > 0:
            raise typer.Exit(int(ExitCode.UNDER_RESOURCED))


def explain(
    mandate: MandateArg = None,
    set_: SetOpt = None,
    format: FormatOpt = Format.table,
    solver: SolverOpt = Solver.highs,
    time_limit: TimeLimitOpt = None,
    confirm: ConfirmOpt = CONFIRM,
    ranges: RangesOpt = False,
    output: OutputOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Why the plan is what it is: how each requirement was derived, the limits it
    reaches, what would close each shortfall, and marginal values from the LP relaxation
    (with --ranges, where each holds)."""
    with guarded(debug):
        from ..pipeline import explain_mandate

        check_time_limit(time_limit)
        check_output(output)
        loaded = load(mandate, set_)
        with progress("Solving and explaining…"):
            plan, explanation = explain_mandate(loaded, solver=solver.value,
                                                time_limit=time_limit, confirm=confirm,
                                                ranges=ranges)
        emit(explanation, format, output)
        warn_time_limit([plan])
