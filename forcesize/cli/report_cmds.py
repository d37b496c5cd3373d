"""``report``: the plan (or several mandates side by side) as one offline HTML page."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from .app import (
    CONFIRM,
    ConfirmOpt,
    DebugOpt,
    OutputOpt,
    SetOpt,
    Solver,
    SolverOpt,
    TimeLimitOpt,
    check_time_limit,
    load,
)
from .guard import guarded
from .output import check_output, progress, write_text


def report(
    mandates: Annotated[list[Path] | None, typer.Argument(
        help="Mandate TOML files: one for its report, several to set the variants beside "
             "the first (the base); the bundled West Bank and Gaza mission if omitted.",
        show_default=False)] = None,
    set_: SetOpt = None,
    study: Annotated[list[Path] | None, typer.Option(
        "--study", metavar="FILE",
        help="The JSON output of a study to draw too: 'sweep' (JSON lines), 'sensitivity', "
             "'risk' or 'alternatives' with --format json. Repeatable.",
        show_default=False, dir_okay=False)] = None,
    solver: SolverOpt = Solver.highs,
    time_limit: TimeLimitOpt = None,
    confirm: ConfirmOpt = CONFIRM,
    output: OutputOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Write one self-contained HTML page to read and share: the verdict, coverage by task
    and phase, persons by component, shares against caps, who pays, each shortfall with
    what would close it, and every requirement's derivation.

    The page needs no network and no JavaScript, and is byte-identical for identical
    inputs. --set applies to every mandate. With --study, the report draws a study's
    JSON output as well (a sweep's lines, a tornado, risk bands, alternatives)."""
    with guarded(debug):
        from ..pipeline import report as build_report
        from ..render.html import html_report
        from ..results.compare import labels_for
        from ..results.studies import read_study

        check_time_limit(time_limit)
        check_output(output)
        if output is None and sys.stdout.isatty():
            raise typer.BadParameter("the report is an HTML page: write it to a file with "
                                     "-o report.html (or redirect stdout)",
                                     param_hint="'--output'")
        studies = [(str(path), read_study(path)) for path in study or []]
        loaded = [load(m, set_) for m in (mandates or [None])]
        with progress(f"Solving and explaining {len(loaded)} mandate"
                      f"{'s' if len(loaded) != 1 else ''}…"):
            result = build_report(loaded, labels_for([x.file for x in loaded]),
                                  solver=solver.value, time_limit=time_limit,
                                  confirm=confirm, studies=studies)
        write_text(html_report(result), output)
