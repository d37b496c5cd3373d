"""Render results: the output formats and the one table that picks a renderer.

Every result (a :class:`~forcesize.results.Plan`, a
:class:`~forcesize.results.Diff`, a :class:`~forcesize.results.Comparison`, an
:class:`~forcesize.explain.Explanation`) can be printed in every
:class:`Format`. Each format is one module with a ``RENDERERS`` table from
result type to function; the module is imported only when its format is asked
for, so JSON, markdown and CSV never load rich. Rendering never solves.
"""

from __future__ import annotations

import io
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console

    from ..explain.models import Explanation
    from ..library import RuleListing
    from ..results import Comparison, Diff, Plan
    from ..results.alternatives import Alternatives
    from ..results.backtest import Backtest
    from ..results.draws import RiskDraws
    from ..results.risk import Withdrawals
    from ..results.sensitivity import Sensitivity
    from ..results.sweep import Sweep
    from .views import SummaryView


class Format(StrEnum):
    """The output formats every command offers."""

    table = "table"
    json = "json"
    markdown = "markdown"
    csv = "csv"


if TYPE_CHECKING:
    Result = (Plan | SummaryView | Diff | Comparison | Explanation | RuleListing | Backtest
              | Sweep | Sensitivity | Withdrawals | RiskDraws | Alternatives)


def _renderer(table: dict[type, Any], result: object) -> Any:
    try:
        return table[type(result)]
    except KeyError:
        raise TypeError(f"no renderer for {type(result).__name__}") from None


def render_console(result: Result, console: Console) -> None:
    """Print ``result`` as rich tables on ``console`` (colour and width are its own)."""
    from .table import RENDERERS

    _renderer(RENDERERS, result)(result, console)


def render_text(result: Result, format: Format) -> str:
    """``result`` as text in ``format``; tables as plain text, for files and pipes."""
    if format is Format.json:
        from .json import json_text

        return json_text(result)
    if format is Format.markdown:
        from .markdown import RENDERERS as MARKDOWN

        text: str = _renderer(MARKDOWN, result)(result)
        return text
    if format is Format.csv:
        from .csv import RENDERERS as CSV

        text = _renderer(CSV, result)(result)
        return text
    from .console import make_console

    buffer = io.StringIO()
    render_console(result, make_console(buffer))
    return buffer.getvalue()


def render_pair(plan: Plan, explanation: Explanation, format: Format,
                console: Console | None = None) -> str | None:
    """A plan with its explanation under it (``solve --explain``). In JSON, one document:
    the plan with an ``explanation`` key. With ``console`` (a table on a terminal), both
    are printed there and None is returned; otherwise the text."""
    if format is Format.json:
        from .json import render_json

        return render_json(plan, explanation=explanation)
    if format is Format.table and console is not None:
        render_console(plan, console)
        render_console(explanation, console)
        return None
    return render_text(plan, format) + "\n" + render_text(explanation, format)


__all__ = ["Format", "render_console", "render_pair", "render_text"]
