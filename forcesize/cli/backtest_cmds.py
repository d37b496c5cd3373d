"""``backtest``: the rule library's persons beside what historic missions fielded."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..render import Format
from .app import DebugOpt, FormatOpt, OutputOpt, Solver, SolverOpt, TimeLimitOpt, check_time_limit
from .guard import guarded
from .output import check_output, emit, progress


def backtest(
    folder: Annotated[Path | None, typer.Argument(
        help="A folder of reference mandates with their history.toml (default: the bundled "
             "mandates/reference).", show_default=False, file_okay=False)] = None,
    format: FormatOpt = Format.table,
    solver: SolverOpt = Solver.highs,
    time_limit: TimeLimitOpt = None,
    output: OutputOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Size each historic reference mission with the rule library (low, central and high
    scenario) and print model ÷ history by mission and phase, with the median and worst
    |ratio − 1|.

    Each reference mandate is sized from the mission's inputs (population, area, sites,
    crossings) with rules derived from other missions; docs/validation.md discusses the
    result. --time-limit applies to each of the solves."""
    with guarded(debug):
        from ..pipeline import backtest as run

        check_time_limit(time_limit)
        check_output(output)
        with progress("Solving the reference missions…"):
            result = run(folder, solver=solver.value, time_limit=time_limit)
        emit(result, format, output)
