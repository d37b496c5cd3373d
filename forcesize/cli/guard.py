"""Errors to exit codes: the one place an exception becomes a sentence and a number.

Every command runs inside :func:`guarded`. Bad input gets every issue with its
file, key path and line (exit 2); solver trouble a sentence (exit 3); a plan
that fails the independent checker, or any other exception, is a bug (exit 4).
Tracebacks are shown only with ``--debug``.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, NoReturn

import typer

from ..exit_codes import ExitCode
from ..fmt import shorten

if TYPE_CHECKING:
    from ..errors import Issue

BROKEN_PIPE = int(ExitCode.BROKEN_PIPE)


def say(message: str) -> None:
    """A line of chatter on stderr (stdout holds only the result)."""
    print(message, file=sys.stderr)


def _issue_lines(issue: Issue) -> list[str]:
    """An issue as two lines; long input (an id, a value, an override) is shortened."""
    head = f"  {shorten(issue.location())}: {shorten(issue.path) or '(file)'}"
    if issue.value is not None:
        head += f" = {shorten(issue.value)}"
    body = f"      {shorten(issue.message, 400)}"
    if issue.hint:
        body += f"; {shorten(issue.hint, 400)}"
    return [head, body]


def fail(code: ExitCode, message: str) -> NoReturn:
    say(message)
    raise typer.Exit(int(code))


@contextmanager
def guarded(debug: bool) -> Iterator[None]:
    """Map every error to its exit code and a sentence; tracebacks only with --debug."""
    from ..errors import (
        CheckFailure,
        InfeasibleError,
        InputError,
        OutputError,
        SolverError,
        Terminated,
    )

    try:
        yield
    except (typer.Exit, typer.BadParameter):
        raise
    except InputError as exc:
        count = len(exc.issues)
        say(f"forcesize: invalid {exc.what} {exc.file or ''} "
             f"({count} problem{'s' if count != 1 else ''})")
        for issue in exc.issues:
            for line in _issue_lines(issue):
                say(line)
        raise typer.Exit(int(ExitCode.INVALID_INPUT)) from None
    except InfeasibleError as exc:
        if debug:
            traceback.print_exc()
        if exc.conflicts:
            say("forcesize: no plan exists: these limits cannot all hold together; each set "
                 "is minimal (lift any one of its limits and that conflict is gone):")
            for i, sentences in enumerate(exc.conflicts):
                if i:
                    say("  and with those limits lifted (the commitments kept), still:")
                for sentence in sentences:
                    say(f"  - {sentence}")
            raise typer.Exit(int(ExitCode.SOLVER_FAILURE)) from None
        fail(ExitCode.SOLVER_FAILURE, f"forcesize: {exc}; no conflicting limits were found "
              "within the time limit")
    except SolverError as exc:
        if debug:
            traceback.print_exc()
        fail(ExitCode.SOLVER_FAILURE, f"forcesize: solver failure: {exc}")
    except OutputError as exc:
        fail(ExitCode.INVALID_INPUT, f"forcesize: {exc}")
    except CheckFailure as exc:
        if debug:
            traceback.print_exc()
            for v in exc.violations:
                say(f"  {v}")
        fail(ExitCode.INTERNAL_ERROR,
              f"forcesize: internal error: the plan failed the independent check ({exc}). "
              "This is a bug; rerun with --debug and report it.")
    except BrokenPipeError:
        # The reader of stdout went away (`forcesize solve | head`): say nothing more, and
        # exit as Unix tools killed by SIGPIPE do, never with a code that means a result.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise typer.Exit(BROKEN_PIPE) from None
    except KeyboardInterrupt as exc:
        _ignore_further_signals()  # a second Ctrl-C while we tidy up must not trace back
        where = "; ".join(getattr(exc, "__notes__", []))
        name = "SIGTERM" if isinstance(exc, Terminated) else "Ctrl-C"
        say(f"forcesize: stopped by {name}" + (f" {where}" if where else "")
            + "; nothing was written")
        raise typer.Exit(int(ExitCode.TERMINATED if isinstance(exc, Terminated)
                             else ExitCode.INTERRUPTED)) from None
    except Exception as exc:  # a bug: one line, the traceback only on request
        if debug:
            traceback.print_exc()
        fail(ExitCode.INTERNAL_ERROR,
              f"forcesize: internal error: {type(exc).__name__}: {exc}. "
              "This is a bug; rerun with --debug for the traceback.")


def _ignore_further_signals() -> None:
    """Ignore Ctrl-C and SIGTERM from here on: forcesize is already stopping."""
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(ValueError, OSError):  # ValueError: not the main thread
            signal.signal(sig, signal.SIG_IGN)
