"""``rules``: list and search the sourced rule library that mandates may cite by id."""

from __future__ import annotations

from typing import Annotated

import typer

from ..render import Format
from .app import DebugOpt, FormatOpt, OutputOpt
from .guard import guarded
from .output import check_output, emit


def _choice(value: str | None, allowed: tuple[str, ...], option: str) -> str | None:
    """``value`` if it is one of ``allowed`` (or None), else a usage error (exit 2) with a
    did-you-mean."""
    if value is None or value in allowed:
        return value
    from ..mandate.suggest import did_you_mean

    hint = did_you_mean(value, allowed) or f"one of {', '.join(allowed)}"
    raise typer.BadParameter(f"'{value}' is not known; {hint}", param_hint=f"'{option}'")


def rules(
    query: Annotated[list[str] | None, typer.Argument(
        help="Words every listed rule contains (in its id, title, unit, source or note).",
        show_default=False)] = None,
    mission_type: Annotated[str | None, typer.Option(
        "--mission-type", "-m", metavar="TYPE",
        help="Only rules suited to TYPE: observation, interposition, border-and-crossing, "
             "maritime, policing, stabilisation, peace-enforcement, "
             "transitional-administration, training.", show_default=False)] = None,
    term: Annotated[str | None, typer.Option(
        "--term", "-t", metavar="TERM",
        help="Only rules that size TERM (per_1000_population, fixed, per.checkpoints, ...).",
        show_default=False)] = None,
    component: Annotated[str | None, typer.Option(
        "--component", "-c", metavar="COMPONENT",
        help="Only rules for military, police or civilian personnel.", show_default=False)]
        = None,
    format: FormatOpt = Format.table,
    output: OutputOpt = None,
    debug: DebugOpt = False,
) -> None:
    """List the library's sourced sizing rules: what each sizes, its central value and
    low–high range, the mission types it suits, its source and the source's quality.

    A mandate uses a rule by id where a need term takes a number, e.g.
    per_1000_population = "police-per-capita-peaceful"."""
    with guarded(debug):
        from ..library import MISSION_TYPES, listing
        from ..library import rules as library

        check_output(output)
        _choice(mission_type, MISSION_TYPES, "--mission-type")
        _choice(component, ("military", "police", "civilian"), "--component")
        terms = tuple(dict.fromkeys(r.sizes for r in library().values()))
        if term is not None and not term.startswith("per.") and term != "share":
            _choice(term, terms, "--term")
        emit(listing(" ".join(query or []), mission_type, term, component), format, output)
