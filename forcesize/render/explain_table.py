"""An explanation as rich tables and lists, under or instead of the plan's tables."""

from __future__ import annotations

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..explain.models import Explanation


def _title(text: str) -> Text:
    return Text(text, style="bold")


def render_explanation(ex: Explanation, console: Console) -> None:
    """Print the four sections of ``explain``."""
    table = Table(box=box.SIMPLE_HEAD, title=_title("How each requirement was derived"),
                  title_justify="left")
    for name in ("Task", "Capability", "Priority", "Phases", "Rule"):
        table.add_column(name)
    table.add_column("Persons", justify="right")
    for d in ex.derivations:
        table.add_row(Text(d.task), Text(d.capability), d.priority, Text(", ".join(d.phases)),
                      Text(d.formula), f"{d.required:,}")
    console.print(table)
    console.print()

    console.print(_title("Limits the plan reaches"))
    if not ex.limits:
        console.print("  No limit keeps a shortfall open: every requirement is filled.")
    for x in ex.limits:
        console.print(Text.assemble("  • ", x.text, (f"  [{x.path}]", "dim")))
    console.print()

    console.print(_title("Shortfalls and what would close them"))
    if not ex.shortfalls:
        console.print("  None.")
    for s in ex.shortfalls:
        console.print(Text.assemble("  • ", (s.text, "red" if s.priority == "essential" else "")))
        for b in s.blockers:
            console.print(Text.assemble("      – ", b.text))
    console.print()

    table = Table(box=box.SIMPLE_HEAD, title=_title("Marginal values (LP relaxation)"),
                  title_justify="left")
    table.add_column("Change")
    table.add_column("Moves first")
    table.add_column("Effect", justify="right")
    table.add_column("Unit")
    table.add_column("Key")
    for m in ex.marginals:
        sign = "+" if m.effect > 0 else "−" if m.effect < 0 else ""
        value = abs(m.effect)
        table.add_row(Text(m.change), m.stage,
                      f"{sign}{value:,.0f}" if value.is_integer() else f"{sign}{value:,.1f}",
                      m.effect_unit, Text(m.path, style="dim"))
    if ex.marginals:
        console.print(table)
    else:
        console.print(_title("Marginal values (LP relaxation)"))
        console.print("  None: loosening any one limit a little changes neither shortfall "
                      "nor cost.")
    for note in ex.notes:
        console.print(Text(note, style="italic"))
    console.print()
