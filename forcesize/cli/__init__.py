"""The command line: the only package that reads argv, prints or exits.

``app.py`` holds the typer application and the shared options; each command
group is one module (``plan_cmds``: solve, explain; ``variant_cmds``: resolve,
diff, compare; ``mandate_cmds``: validate, schema). ``guard.py`` maps errors to
exit codes, ``output.py`` writes results and chatter.
"""

from __future__ import annotations

import signal
from typing import Annotated

import typer

from ..errors import Terminated
from ..version import __version__
from . import mandate_cmds, plan_cmds, variant_cmds
from .app import app
from .guard import BROKEN_PIPE
from .stdout import guard_stdout

__all__ = ["BROKEN_PIPE", "app", "main"]

COMMANDS = (plan_cmds.solve, plan_cmds.explain, variant_cmds.resolve, variant_cmds.diff,
            variant_cmds.compare, mandate_cmds.validate, mandate_cmds.schema)
"""Every command, in the order ``forcesize --help`` lists them."""
for _command in COMMANDS:
    app.command()(_command)


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
    app()


def _terminate(signum: int, frame: object) -> None:
    """SIGTERM: stop as Ctrl-C would, so solvers and their children are cleaned up."""
    raise Terminated
