"""The command line: the only package that reads argv, prints or exits.

``app.py`` holds the typer application and the shared options; each command
group is one module (``plan_cmds``: solve, explain; ``variant_cmds``: resolve,
diff, compare; ``mandate_cmds``: validate, schema; ``init_cmds``: init; ``rules_cmds``: rules;
``backtest_cmds``: backtest; ``study_cmds``: sweep, sensitivity, risk;
``alternative_cmds``: alternatives; ``report_cmds``: report).
``guard.py`` maps errors to exit codes, ``output.py`` writes results and chatter.
"""

from __future__ import annotations

import contextlib
import inspect
import os
import signal
import sys
from typing import Annotated

import typer

from ..errors import Terminated
from ..exit_codes import ExitCode
from ..version import __version__
from . import (
    alternative_cmds,
    backtest_cmds,
    init_cmds,
    mandate_cmds,
    plan_cmds,
    report_cmds,
    rules_cmds,
    study_cmds,
    variant_cmds,
)
from .app import app
from .guard import BROKEN_PIPE
from .stdout import guard_stdout

__all__ = ["BROKEN_PIPE", "app", "main"]

COMMANDS = (plan_cmds.solve, plan_cmds.explain, report_cmds.report, variant_cmds.resolve,
            variant_cmds.diff, variant_cmds.compare, study_cmds.sweep, study_cmds.sensitivity,
            study_cmds.risk, alternative_cmds.alternatives, init_cmds.init,
            mandate_cmds.validate, mandate_cmds.schema, rules_cmds.rules, backtest_cmds.backtest)
"""Every command, in the order ``forcesize --help`` lists them."""


def prose(doc: str | None) -> str:
    """A docstring as help text: paragraphs kept, the lines within each joined, so that rich
    wraps them to the terminal instead of breaking them where the source did as well
    ("sites,⏎crossings) … discusses the⏎result")."""
    paragraphs = inspect.cleandoc(doc or "").split("\n\n")
    return "\n\n".join(" ".join(line.strip() for line in p.splitlines()) for p in paragraphs)


for _command in COMMANDS:
    app.command(help=prose(_command.__doc__))(_command)


def _version(value: bool) -> None:
    if value:
        print(f"forcesize {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """Mandate and force-sizing calculator for peacekeeping and stabilisation missions."""


def main() -> None:
    """Console-script entry point: stdout guarded, SIGTERM handled like Ctrl-C."""
    guard_stdout()
    signal.signal(signal.SIGTERM, _terminate)
    try:
        app()
    except SystemExit as exc:
        if exc.code in (ExitCode.INTERRUPTED, ExitCode.TERMINATED):
            _leave_now(int(exc.code))
        raise


def _leave_now(code: int) -> None:
    """Exit at once after an interrupt: tearing down a large model's Python objects takes
    about a second (measured on a 300-task mandate), and an interrupt promises to stop
    within one. Nothing is pending: the guard has reported, no file was being written."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(code)


def _terminate(signum: int, frame: object) -> None:
    """SIGTERM: stop as Ctrl-C would, so solvers and their children are cleaned up."""
    raise Terminated
