"""The rich console a result is drawn on: colour and terminal width only on a terminal.

Pipes, files, ``TERM=dumb`` and ``NO_COLOR`` get plain text: no escape codes at
all (not even bold) and a width wide enough that no table is cropped.
"""

from __future__ import annotations

import os
from typing import IO

from rich.console import Console

PLAIN_WIDTH = 250
"""Columns for plain output: wider than any table forcesize prints, so none is cropped."""


def is_plain(stream: object) -> bool:
    """Whether output to ``stream`` must be plain text (not a terminal, or asked so)."""
    tty = hasattr(stream, "isatty") and stream.isatty()
    return not tty or os.environ.get("TERM") == "dumb" or bool(os.environ.get("NO_COLOR"))


def make_console(stream: IO[str], stderr: bool = False) -> Console:
    """A console on ``stream``: fitted and coloured on a terminal, plain otherwise."""
    if not is_plain(stream):
        console = Console(file=stream, stderr=stderr)
    else:
        try:
            columns = int(os.environ.get("COLUMNS", "0"))
        except ValueError:
            columns = 0
        console = Console(file=stream, width=max(columns, PLAIN_WIDTH), color_system=None,
                          force_terminal=False, no_color=True, highlight=False, emoji=False,
                          soft_wrap=False)
    console.on_broken_pipe = _broken_pipe  # type: ignore[method-assign]
    return console


def _broken_pipe() -> None:
    """rich would exit 1 on a closed pipe, a code that means 'under-resourced' here."""
    raise BrokenPipeError
