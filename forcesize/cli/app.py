"""The typer application and the options its commands share.

Only the ``cli`` package imports typer, prints, reads argv or exits. Commands
are thin: they call :mod:`forcesize.pipeline`, hand the result to a renderer
and map outcomes to :class:`~forcesize.exit_codes.ExitCode`. Heavy imports
(pydantic models, PuLP, HiGHS, rich) happen inside commands, so
``forcesize --help`` starts fast.
"""

from __future__ import annotations

import math
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..errors import InputError
from ..render import Format
from .output import warn

if TYPE_CHECKING:
    from decimal import Decimal

    from ..mandate import LoadedMandate

app = typer.Typer(
    name="forcesize",
    help="Mandate and force-sizing calculator for peacekeeping and stabilisation missions.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class Solver(StrEnum):
    highs = "highs"
    cbc = "cbc"


class FailOn(StrEnum):
    essential = "essential"
    important = "important"
    desirable = "desirable"
    never = "never"


MandateArg = Annotated[
    Path | None,
    typer.Argument(help="Mandate TOML file; the bundled West Bank and Gaza mission if omitted.",
                   show_default=False),
]
DebugOpt = Annotated[bool, typer.Option("--debug", help="Show tracebacks of internal errors.")]
SetOpt = Annotated[list[str] | None, typer.Option(
    "--set", metavar="PATH=VALUE",
    help="Override one key of the mandate, e.g. contributor.USA.available.infantry=0 or "
         "objective.budget=3e9; VALUE is a TOML value (a bare word is a string). Repeatable.",
    show_default=False)]
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
SolverOpt = Annotated[Solver, typer.Option(
    help="MILP solver: HiGHS, or CBC as the second, independent solver.")]
TimeLimitOpt = Annotated[float | None, typer.Option(
    "--time-limit", min=0.001, help="Seconds for all stages together.")]
OutputOpt = Annotated[Path | None, typer.Option(
    "--output", "-o", help="Write the result to FILE (atomically) instead of stdout.",
    dir_okay=False)]
CONFIRM = 10
"""Marginal values ``explain`` re-solves by default (``pipeline.CONFIRM``, tested equal)."""
ConfirmOpt = Annotated[int, typer.Option(
    "--confirm", min=0, metavar="N",
    help="Re-solve the first N marginal values in whole persons, with their step applied, "
         "to confirm them (0: none).")]
RangesOpt = Annotated[bool, typer.Option(
    "--ranges",
    help="Give each marginal value the interval over which it holds in the LP relaxation, "
         "checked on the mandate rebuilt at both ends and re-solved in whole persons there "
         "for the first --confirm values.")]
FailOnOpt = Annotated[FailOn, typer.Option(
    "--fail-on", help="Exit 1 when a task of this priority or higher stays short.")]
JobsOpt = Annotated[int, typer.Option(
    "--jobs", "-j", min=0, max=256, metavar="N",
    help="Solve N points at once in worker processes, each on one core (0: one per core). "
         "The rows are the same as with 1.")]

SchedulerOpt = Annotated[str | None, typer.Option(
    "--scheduler", metavar="ADDRESS", envvar="DASK_SCHEDULER_ADDRESS", show_envvar=True,
    help="Solve on a Dask cluster: a scheduler's address (tcp://HOST:8786), or 'local' for "
         "a cluster of --jobs workers on this machine's loopback interface. Needs "
         "pip install 'forcesize[dask]'. The rows are the same as without.")]


def workers(jobs: int) -> int:
    """``--jobs``: 0 means one worker per core this process may use."""
    if jobs:
        return jobs
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else \
        os.cpu_count() or 1


def percentage(text: str, option: str, example: str) -> Decimal:
    """A percentage option (``20%`` or ``20``) as a fraction; a bad one is a usage error
    (exit 2) that names the option and gives ``example``."""
    from ..mandate.tornado import parse_fraction

    try:
        return parse_fraction(text, option)
    except InputError as exc:
        raise typer.BadParameter(f"{exc.issues[0].message}, e.g. {example}",
                                 param_hint=f"'{option}'") from None


def check_time_limit(value: float | None) -> float | None:
    """A time limit must be a finite number of seconds (typer already refuses ≤ 0)."""
    if value is not None and not math.isfinite(value):
        raise typer.BadParameter("must be a finite number of seconds", param_hint="'--time-limit'")
    return value


def load(mandate: Path | None, overrides: list[str] | None, every: bool = False
         ) -> LoadedMandate:
    """Load (following ``extends``), apply ``--set`` and print the warnings (``every`` one,
    else at most ``SAME_KIND`` of a kind)."""
    from ..mandate import load_mandate

    loaded = load_mandate(mandate, overrides or ())
    warn(loaded.warnings, every)
    return loaded
