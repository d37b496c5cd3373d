"""Where results go: stdout, or a file written atomically; warnings and a spinner on stderr."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from ..exit_codes import ExitCode
from ..render import Format, render_console, render_pair, render_text
from .guard import fail, say

if TYPE_CHECKING:
    from ..errors import Issue
    from ..explain import Explanation
    from ..render import Result
    from ..results import Plan


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder and a rename."""
    path = path.resolve()
    try:
        mode = path.stat().st_mode & 0o777  # keep an existing file's permissions
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def warn(warnings: list[Issue]) -> None:
    """Each warning on one line of stderr, with its place and hint."""
    for issue in warnings:
        say(f"warning: {issue.location()}: {issue.path}: {issue.message}"
            + (f"; {issue.hint}" if issue.hint else ""))


def check_output(output: Path | None, option: str = "--output") -> None:
    """Refuse, before any work, an output file whose folder does not exist."""
    if output is not None and not output.resolve().parent.is_dir():
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
    """``text`` on stdout, or in ``output`` written atomically."""
    if output is not None:
        try:
            write_atomic(output, text)
        except OSError as exc:
            fail(ExitCode.INVALID_INPUT, f"forcesize: cannot write {output}: "
                 f"{exc.strerror or exc}")
        say(f"wrote {output}")
    else:
        sys.stdout.write(text)
    sys.stdout.flush()


SPINNER_AFTER = 1.0
"""Seconds a solve runs before a spinner appears on a terminal's stderr."""


@contextmanager
def progress(what: str) -> Iterator[None]:
    """A spinner on stderr, shown only on a terminal and only once the work has taken
    more than :data:`SPINNER_AFTER` seconds, so quick runs and pipes stay silent."""
    if not sys.stderr.isatty() or os.environ.get("TERM") == "dumb":
        yield
        return
    import threading

    from ..render.console import make_console

    status = make_console(sys.stderr, stderr=True).status(what, spinner="dots")
    timer = threading.Timer(SPINNER_AFTER, status.start)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
        status.stop()


def warn_time_limit(plans: list[Plan]) -> None:
    """Say on stderr when a plan stopped at the time limit, with its gap."""
    for plan in plans:
        if plan.status != "optimal":
            gaps = [s.gap for s in plan.stages if s.status == "time_limit" and s.gap is not None]
            say(f"warning: {plan.mandate}: the time limit was reached; the plan is feasible but "
                "not proven optimal" + (f" (gap {gaps[0]:.3g})" if gaps else ""))
