"""Where results go: stdout, or a file (``forcesize/outfile.py``); warnings and a spinner
on stderr."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from ..fmt import number, shorten
from ..outfile import write_file
from ..render import Format, render_console, render_pair, render_text
from .guard import say

if TYPE_CHECKING:
    from ..errors import Issue
    from ..explain import Explanation
    from ..render import Result
    from ..results import Plan


SAME_KIND = 20
"""Warnings of one kind (code) printed before the rest are counted in one line: a generated
mandate with 300 contributors raised 1,700 true pool warnings, which buried everything else
on stderr (and filled a pipe nobody read yet)."""


def warn(warnings: list[Issue], every: bool = False) -> None:
    """Each warning on one line of stderr, with its place and hint; past :data:`SAME_KIND`
    of one code, a count (``every`` prints them all, as ``validate`` does)."""
    shown: dict[str, int] = {}
    for issue in warnings:
        shown[issue.code] = shown.get(issue.code, 0) + 1
        if every or shown[issue.code] <= SAME_KIND:
            say(f"warning: {shorten(issue.location())}: {shorten(issue.path)}: "
                f"{shorten(issue.message, 400)}" + (f"; {shorten(issue.hint, 400)}"
                                                    if issue.hint else ""))
    for code, count in shown.items():
        if not every and count > SAME_KIND:
            say(f"warning: {count - SAME_KIND:,} more warnings of the kind {code}; "
                "`forcesize validate` lists every one")


def check_output(output: Path | None, option: str = "--output") -> None:
    """Refuse, before any work, an output path that is a folder or whose folder does not
    exist."""
    if output is None:
        return
    if output.is_dir():
        raise typer.BadParameter(f"{output} is a folder; give a file name",
                                 param_hint=f"'{option}'")
    if not output.resolve().parent.is_dir():
        raise typer.BadParameter(f"the folder {output.parent} does not exist",
                                 param_hint=f"'{option}'")


def emit(result: Result, format: Format, output: Path | None) -> None:
    """Print ``result`` in ``format`` on stdout, or write it to ``output`` atomically."""
    if output is None and format is Format.table:
        from ..render.console import make_console

        render_console(result, make_console(sys.stdout))
        sys.stdout.flush()  # a closed pipe surfaces here, inside the guard
    else:
        write_text(render_text(result, format), output)


def emit_pair(plan: Plan, explanation: Explanation, format: Format,
              output: Path | None) -> None:
    """A plan with its explanation under it; in JSON, the plan with an ``explanation`` key."""
    console = None
    if format is Format.table and output is None:
        from ..render.console import make_console

        console = make_console(sys.stdout)
    text = render_pair(plan, explanation, format, console)
    if text is None:
        sys.stdout.flush()
        return
    write_text(text, output)


def write_text(text: str, output: Path | None) -> None:
    """``text`` on stdout, or in ``output`` (atomically for a regular file, straight
    through to a device or a pipe; see ``forcesize/outfile.py``)."""
    if output is not None:
        write_file(output, text)
        say(f"wrote {output}")
    else:
        sys.stdout.write(text)
        sys.stdout.flush()


SPINNER_AFTER = 1.0
"""Seconds a solve runs before a spinner appears on a terminal's stderr."""


@contextmanager
def progress(what: str) -> Iterator[Callable[[str], None]]:
    """A spinner on stderr, shown only on a terminal and only once the work has taken
    more than :data:`SPINNER_AFTER` seconds, so quick runs and pipes stay silent. Yields
    a function that replaces the spinner's text (a sweep counts its points)."""
    if not sys.stderr.isatty() or os.environ.get("TERM") == "dumb":
        yield lambda text: None
        return
    import threading

    from ..render.console import make_console

    status = make_console(sys.stderr, stderr=True).status(what, spinner="dots")
    timer = threading.Timer(SPINNER_AFTER, status.start)
    timer.daemon = True
    timer.start()
    try:
        yield status.update
    finally:
        timer.cancel()
        status.stop()


def warn_time_limit(plans: list[Plan]) -> None:
    """Say on stderr when a plan stopped at the time limit: which stage, its gap and the
    bound it proved."""
    for plan in plans:
        if plan.status != "optimal":
            stopped = next((s for s in plan.stages if s.status == "time_limit"), None)
            detail = ""
            if stopped is not None:
                parts = [f"{stopped.stage.replace('_', ' ')} stage"]
                if stopped.gap is not None:
                    parts.append(f"gap {stopped.gap:.3g}")
                if stopped.bound is not None and stopped.objective is not None:
                    parts.append(f"value {number(stopped.objective)}, proven bound "
                                 f"{number(stopped.bound)}")
                detail = " (" + "; ".join(parts) + ")"
            else:
                skipped = next((s for s in plan.stages if s.status == "not_run"), None)
                if skipped is not None:
                    detail = (f" (it ran out before the {skipped.stage.replace('_', ' ')} "
                              "stage could start)")
            say(f"warning: {plan.mandate}: the time limit was reached; the plan is feasible but "
                f"not proven optimal{detail}")
