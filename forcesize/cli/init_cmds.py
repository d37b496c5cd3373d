"""``init``: write a commented starter mandate, so that a new mission begins from a file
that solves and says where each of its figures comes from, not from a blank page."""

from __future__ import annotations

import shlex
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from .app import DebugOpt
from .guard import guarded, say


class Template(StrEnum):
    """The templates ``init`` offers: the names of ``forcesize.mandate.templates.TEMPLATES``
    (a test holds them equal), spelt out here so that ``--help`` lists them without importing
    the mandate package and pydantic."""

    minimal = "minimal"
    peacekeeping = "peacekeeping"
    observer = "observer"
    border = "border"


def init(
    where: Annotated[Path, typer.Argument(
        metavar="DIR",
        help="Folder to write mandate.toml into, created if missing; a name ending in .toml "
             "is the file itself.", show_default=False)] = Path("."),
    template: Annotated[Template, typer.Option(
        "--template", "-t", help="The starter mandate to write (see above).")]
        = Template.minimal,
    force: Annotated[bool, typer.Option(
        "--force", help="Overwrite the file if it exists (without it, an existing file is "
                        "never replaced).")] = False,
    debug: DebugOpt = False,
) -> None:
    """Write a commented starter mandate that solves as it stands: every key explained,
    every figure citing its source or saying that it is an assumption.

    Templates: minimal (one theatre, phase and task, two contributors); peacekeeping
    (military, police and civilian components over three phases, with rotation, formed
    units, pledges, caps and a budget); observer (unarmed military and civilian observers,
    liaison officers and mission staff); border (border police and customs experts at the
    crossings and on the green border, and advisers to the host's services).

    Writes DIR/mandate.toml (DIR is the current folder if omitted, and is created if
    missing), or DIR itself when its name ends in .toml. An existing file is never replaced
    unless --force is given. Says on stderr what it wrote and the command to run next;
    prints nothing on stdout."""
    with guarded(debug):
        from ..mandate.templates import target, template_text, write

        path = target(where)
        write(template_text(template.value), path, force)
        say(f"wrote {path} (the {template.value} template)")
        say(f"next: forcesize solve {shlex.quote(str(path))}")
