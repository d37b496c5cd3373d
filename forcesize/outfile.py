"""Write an output file the way a careful tool does, whoever runs it (root in a container).

A regular file, or a path that does not exist yet, is written atomically: into a
temporary file in the same folder, flushed to disk, then renamed over the target,
keeping an existing file's permissions (a symbolic link is followed, and stays a
link). Anything else is never replaced: a character device or a FIFO (``/dev/null``,
``/dev/stdout``, a named pipe) is written straight through, and a directory, a socket
or a block device is refused. Every failure is an :class:`~forcesize.errors.OutputError`
naming the path and the reason (exit 2).

A log of JSON lines that a resumed study extends (``sweep --resume``) is the exception
to the atomic rule, since rewriting it after each point would copy it over and over:
:class:`LineLog` appends each line with one write, flushed to disk before the next point
starts, so an interrupt loses at most the line being written, and cuts such a torn last
line off before it appends.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from .errors import OutputError


def write_file(path: str | Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path``; see the module's docstring for which kinds of
    file are written how."""
    target = Path(path)
    try:
        info = target.stat()  # follows links: the kind of what would be written
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        if info is None or stat.S_ISREG(info.st_mode):
            _atomic(target.resolve(), text, None if info is None else info.st_mode & 0o7777)
        elif stat.S_ISCHR(info.st_mode) or stat.S_ISFIFO(info.st_mode):
            with open(target, "w", encoding="utf-8", newline="") as handle:
                handle.write(text)
        elif stat.S_ISDIR(info.st_mode):
            raise OutputError(f"cannot write {path}: it is a directory")
        else:
            raise OutputError(f"cannot write {path}: it is not a regular file, a character "
                              "device or a pipe")
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None


def _atomic(path: Path, text: str, mode: int | None) -> None:
    """Write through a temporary file beside ``path`` and a rename."""
    if mode is None:
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


class LineLog:
    """An append-only file of lines (a regular file, created if missing)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        try:
            info = self.path.stat()
        except FileNotFoundError:
            info = None
        except OSError as exc:
            raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
        if info is not None and not stat.S_ISREG(info.st_mode):
            raise OutputError(f"cannot resume in {path}: it is not a regular file")

    def read(self) -> str:
        """The complete lines already written (a torn last line is cut off the file)."""
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            return ""
        except OSError as exc:
            raise OutputError(f"cannot read {self.path}: {exc.strerror or exc}") from None
        whole = data[:data.rfind(b"\n") + 1]
        if len(whole) != len(data):
            try:
                os.truncate(self.path, len(whole))
            except OSError as exc:
                raise OutputError(f"cannot write {self.path}: {exc.strerror or exc}") from None
        return whole.decode("utf-8", errors="replace")

    def append(self, line: str) -> None:
        """Append ``line`` (ending in a newline) and flush it to disk."""
        try:
            with open(self.path, "a", encoding="utf-8", newline="") as handle:
                handle.write(line)
                handle.flush()
                os.fsync(handle.fileno())
        except OSError as exc:
            raise OutputError(f"cannot write {self.path}: {exc.strerror or exc}") from None
