"""Views of a result: a result shown another way, which adds nothing to it.

Their own module, below the renderers, so that ``table.py`` and ``markdown.py`` can name
them without importing the package that picks a renderer (an import cycle).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # a view loads without pydantic: the CLI names it before it solves
    from ..results import Plan


@dataclass(frozen=True)
class SummaryView:
    """A plan shown as its summary (``solve --summary``): the verdict, the worst shortfalls,
    each contributor's share of each phase against its cap, and where to read on.

    A view, not a result: it holds the plan and adds nothing, so it has a table and a
    markdown form (what a person reads first, on a terminal or in a comment) and no JSON
    or CSV form. Those are the plan's contracts for scripts, which read every figure
    anyway; a shortened copy would be a second contract that says less."""

    plan: Plan
