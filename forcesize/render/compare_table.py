"""Rich tables of a diff and of a comparison, in the style of ``table.py``.

Renderers only arrange what :class:`~forcesize.diff.Diff` and
:class:`~forcesize.compare.Comparison` hold. User text (file names, ids,
labels, mandate values) goes in as :class:`rich.text.Text`, never markup.
Changes are coloured only where better or worse is unambiguous: more shortfall
or more cost is red, less is green; persons moving between contributors are
neither, so they stay uncoloured.
"""

from __future__ import annotations

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..compare import Comparison
from ..diff import Diff, OutcomeChange
from .csv import is_money_row, unit_text
from .markdown import (
    NONE,
    comparison_value,
    diff_headline,
    number,
    outcome_cells,
    section_title,
    signed,
    value_text,
)

WORSE = "bold red"
BETTER = "green"

_WORSE_WHEN_UP = frozenset({"shortfall", "cost"})
"""Outcome sections where an increase is unambiguously worse for the mission."""


def _change_style(o: OutcomeChange) -> str:
    if o.section not in _WORSE_WHEN_UP or o.change == 0:
        return ""
    return WORSE if o.change > 0 else BETTER


def _table(title: str, *columns: tuple[str, bool]) -> Table:
    """A SIMPLE_HEAD table; ``columns`` are (header, right-aligned)."""
    table = Table(title=Text(title, style="bold"), box=box.SIMPLE_HEAD, title_justify="left")
    for header, right in columns:
        table.add_column(header, justify="right" if right else "left")
    return table


def _inputs(diff: Diff) -> Table:
    table = _table("Inputs", ("Path", False), ("Change", False), ("Base", False),
                   ("Variant", False))
    for i in diff.inputs:
        table.add_row(Text(i.path), i.change, Text(value_text(i.base)),
                      Text(value_text(i.variant)))
    return table


def _outcome(diff: Diff) -> Table:
    table = _table("Outcome", ("Section", False), ("Item", False), ("Phase", False),
                   ("Base", True), ("Variant", True), ("Change", True))
    previous = None
    for o in diff.outcome:
        title = section_title(o)
        if previous is not None and title != previous:
            table.add_section()
        base, variant, change = outcome_cells(o)
        table.add_row(Text(title if title != previous else "", style="bold"), Text(o.item),
                      Text(o.phase), base, variant, Text(change, style=_change_style(o)))
        previous = title
    return table


def _tasks(diff: Diff) -> Table:
    table = _table("Tasks", ("Task", False), ("Priority", False), ("Change", False),
                   ("Base short (person-months)", True), ("Variant short (person-months)", True))
    for t in diff.tasks:
        style = WORSE if t.change == "became_short" else BETTER
        table.add_row(Text(t.task), Text(t.priority),
                      Text(t.change.replace("_", " "), style=style),
                      number(t.base_shortfall_person_months),
                      number(t.variant_shortfall_person_months))
    return table


def _allocations(diff: Diff) -> Table:
    table = _table("Allocation changes (persons)", ("Contributor", False),
                   ("Capability", False), ("Task", False), ("Phase", False), ("Base", True),
                   ("Variant", True), ("Change", True))
    for a in diff.allocations:
        table.add_row(Text(a.contributor), Text(a.capability), Text(a.task), Text(a.phase),
                      number(a.base), number(a.variant), signed(a.change))
    return table


def render_diff(diff: Diff, console: Console) -> None:
    """Print the diff to ``console``: a headline, then every non-empty section."""
    console.print(Text.assemble(("forcesize diff: ", "bold"), (diff.base.file, "bold"),
                                (" → ", "bold"), (diff.variant.file, "bold")))
    console.print(Text(diff_headline(diff)))
    b, v = diff.base, diff.variant
    if b.status != "optimal" or v.status != "optimal":
        console.print(Text(f"Base plan: {b.status} (solver {b.solver}); variant plan: "
                           f"{v.status} (solver {v.solver}).", style="yellow"))
    console.print()
    sections = [(diff.inputs, _inputs), (diff.outcome, _outcome), (diff.tasks, _tasks),
                (diff.allocations, _allocations)]
    for rows, build in sections:
        if rows:
            console.print(build(diff))
            console.print()


def render_comparison(cmp: Comparison, console: Console) -> None:
    """Print the headline figures, a column per mandate, then which file each column is."""
    table = Table(box=box.SIMPLE_HEAD, title=Text("forcesize compare", style="bold"),
                  title_justify="left")
    table.add_column("Figure")
    table.add_column("Unit")
    for c in cmp.mandates:
        table.add_column(Text(c.label), justify="right")
    currencies = [c.currency for c in cmp.mandates]
    for row in cmp.rows:
        money_row = is_money_row(row.unit)
        values = [comparison_value(row.values[j] if j < len(row.values) else None, row.unit,
                                   c.currency, money_row) for j, c in enumerate(cmp.mandates)]
        table.add_row(Text("  " * row.level + row.label), Text(unit_text(row.unit, currencies)),
                      *(Text(v, style="dim" if v == NONE else "") for v in values))
    console.print(table)
    for c in cmp.mandates:
        console.print(Text.assemble((c.label, "bold"), ": ", c.file, " (", c.mission, ")"))
    console.print()
