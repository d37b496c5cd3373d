"""Starter mandates that ``forcesize init`` writes: commented TOML files shipped as data.

Each template is a file beside this module (``minimal.toml``, ``peacekeeping.toml``, ...)
and is written out byte for byte, so the comments that explain every key and cite every
figure reach the user; generating the text from the models would lose them. The files are
package data, so the wheel carries them (``tests/test_wheel.py`` checks), and the tests
hold each one to what ``init`` promises: it validates, solves at once with every task
covered, and every key line has a comment beside it.

:func:`target` decides where ``init`` writes and :func:`write` writes there without ever
replacing a file unless told to; both live here, below the CLI, so that the command stays
a thin layer that prints what happened.
"""

from __future__ import annotations

import os
from importlib.resources import files
from pathlib import Path

from ...errors import OutputError
from ...outfile import write_file

TEMPLATES = ("minimal", "peacekeeping", "observer", "border")
"""Every template by name (``NAME.toml`` beside this module), in the order ``init --help``
lists them; the help describes what each models."""

FILE_NAME = "mandate.toml"
"""The file ``init`` writes into a folder."""


def template_text(name: str) -> str:
    """The template ``name`` exactly as shipped, comments and all (a ``KeyError`` for an
    unknown name: the CLI offers only the known ones)."""
    if name not in TEMPLATES:
        raise KeyError(name)
    return files(__package__).joinpath(f"{name}.toml").read_text(encoding="utf-8")


def target(where: Path) -> Path:
    """The file ``init`` writes for ``where``: ``where`` itself when its name ends in
    ``.toml`` (the planner named the file), else ``where/mandate.toml`` (a folder, which
    need not exist yet). A fixed name in a folder means the next command to run is always
    the same, ``forcesize solve DIR/mandate.toml``."""
    if where.suffix.lower() == ".toml":
        return where
    return where / FILE_NAME


def write(text: str, path: Path, force: bool) -> None:
    """Write ``text`` to ``path``, creating its folder; an existing file (a dangling link
    too) is replaced only when ``force`` is set, and then atomically (``outfile``), so a
    planner's edited mandate is never lost to a second ``init``. Every refusal is an
    :class:`OutputError` naming the path (exit 2).

    The check and the write are two steps: a file created between them by another process
    is replaced. ``init`` is run by hand, so that race is accepted rather than giving up the
    atomic write."""
    if path.is_dir():
        raise OutputError(f"cannot write {path}: it is a directory; give another folder, "
                          f"or a file name ending in .toml")
    if os.path.lexists(path) and not force:
        raise OutputError(f"{path} exists already and init does not replace it; add --force "
                          "to overwrite it")
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise OutputError(f"cannot create the folder {folder}: a file of that name is in "
                          "the way") from None
    except OSError as exc:
        raise OutputError(f"cannot create the folder {folder}: "
                          f"{exc.strerror or exc}") from None
    write_file(path, text)
