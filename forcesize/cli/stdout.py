"""stdout that fails the way a Unix tool should, whatever writes to it (a result, typer's
help, rich) and however Python buffers it (``PYTHONUNBUFFERED`` or not).

* A reader that closes the pipe early (``forcesize solve | head -1``): exit 141,
  128 + SIGPIPE as a shell reports it, silently; never 0 or 1, which mean results.
* Any other failure to write (a full disk, ``/dev/full``, an I/O error, stdout closed
  with ``>&-``): one line on stderr naming the reason, exit 2; never "This is a bug".
"""

from __future__ import annotations

import contextlib
import os
import sys
from typing import Any, NoReturn

from ..exit_codes import ExitCode
from .guard import BROKEN_PIPE


def _silence() -> None:
    """Point descriptor 1 at the null device, so Python's last flush cannot fail again."""
    with contextlib.suppress(OSError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), 1)


def _broken(exc: OSError) -> NoReturn:
    _silence()
    if isinstance(exc, BrokenPipeError):
        raise SystemExit(BROKEN_PIPE)
    with contextlib.suppress(OSError):
        print(f"forcesize: cannot write the result to stdout: {exc.strerror or exc}",
              file=sys.stderr)
    raise SystemExit(int(ExitCode.INVALID_INPUT))


class GuardedStream:
    """A text stream that turns write errors into the exits above; everything else is the
    wrapped stream's."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        try:
            return int(self._stream.write(text))
        except OSError as exc:
            _broken(exc)

    def flush(self) -> None:
        try:
            self._stream.flush()
        except OSError as exc:
            _broken(exc)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


class ClosedStream:
    """stdout when descriptor 1 was closed before forcesize started (``>&-``)."""

    def write(self, text: str) -> int:
        _broken(OSError(9, "stdout is closed"))

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:
        raise OSError(9, "stdout is closed")


def guard_stdout() -> None:
    """Replace ``sys.stdout`` with a guarded stream (once)."""
    if sys.stdout is None:
        sys.stdout = ClosedStream()  # type: ignore[assignment]
    elif not isinstance(sys.stdout, GuardedStream):
        sys.stdout = GuardedStream(sys.stdout)  # type: ignore[assignment]
