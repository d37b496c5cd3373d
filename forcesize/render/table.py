"""Rich tables of every result: a plan, a diff, a comparison, an explanation.

Renderers only arrange what the result objects already hold, and print to the
console they are given (the CLI decides colour and width). User-supplied text
goes in as :class:`rich.text.Text`, never as markup, so a mandate name with
brackets prints as written. Changes are coloured only where better or worse is
unambiguous: more shortfall or more cost is red, less is green; persons moving
between contributors are neither, so they stay uncoloured.
"""

from __future__ import annotations

from collections import defaultdict

from rich import box
from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ..explain.models import Explanation
from ..fmt import money, number, percent, signed
from ..library import RuleListing, scenario_range
from ..results import Comparison, Diff, Plan
from ..results.alternatives import Alternatives
from ..results.backtest import Backtest
from ..results.diff import OutcomeChange
from ..results.draws import RiskDraws
from ..results.risk import Withdrawals
from ..results.sensitivity import Sensitivity
from ..results.sweep import Sweep
from .cells import (
    BACKTEST_HEADER,
    BACKTEST_RIGHT,
    BACKTEST_TITLE,
    BAR_WIDTH,
    BURDEN_TITLE,
    BY_PHASE_TITLE,
    CHANGES_HEADER,
    NO_SHORTFALLS,
    NONE,
    PLAIN_MARKS,
    PRIORITY_ORDER,
    READINESS_TITLE,
    SCHEMES_TITLE,
    UNIT_GROUPS_TITLE,
    alternative_changes,
    alternatives_header,
    alternatives_notes,
    alternatives_rows,
    alternatives_title,
    backtest_cells,
    backtest_summary,
    burden_by_phase,
    burden_table,
    cap_cell,
    comparison_value,
    contributor_label,
    diff_headline,
    draws_header,
    draws_notes,
    draws_rows,
    draws_title,
    financing_words,
    has_ranges,
    integer_check,
    is_money_row,
    outcome_cells,
    range_cell,
    range_text,
    readiness_table,
    relaxation_effect,
    schemes_table,
    section_title,
    shortfall_header,
    shortfall_rows,
    shortfall_title,
    solver_note,
    sweep_header,
    sweep_rows,
    sweep_title,
    tornado_base,
    tornado_charts,
    tornado_header,
    tornado_rows,
    tornado_title,
    unit_groups_table,
    unit_text,
    value_text,
    withdraw_base,
    withdraw_header,
    withdraw_rows,
    withdraw_title,
)

SHORT = "bold red"
WORSE = "bold red"
BETTER = "green"


# --------------------------------------------------------------------------- plan


def summary(plan: Plan) -> Panel:
    """Status, personnel by component and phase, cost against limits, shortfall by priority."""
    head = Table.grid(padding=(0, 2))
    head.add_column(style="bold")
    head.add_column()
    status = Text(plan.status, style="green" if plan.status == "optimal" else "yellow")
    head.add_row("Status", Text.assemble(status, f"  ({solver_note(plan)})"))
    cost = money(plan.total_cost, plan.currency)
    limits = []
    if plan.budget is not None:
        limits.append(f"budget {money(plan.budget, plan.currency)}")
    pledged = sum(f.pledge or 0 for f in plan.financing)
    if pledged:
        limits.append(f"pledges {money(pledged, plan.currency)}")
    head.add_row("Total cost", cost + (f"  (of {', '.join(limits)})" if limits else ""))
    head.add_row("Financing", Text(financing_words(plan)))
    shortfalls = Text()
    for i, (priority, pm) in enumerate(plan.shortfall_person_months.items()):
        shortfalls.append(("" if i == 0 else ", ") + f"{priority} ")
        shortfalls.append(f"{pm:,.0f}", style=SHORT if pm > 0 else "green")
    head.add_row("Shortfall", Text.assemble(shortfalls, " person-months"))

    phases = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    phases.add_column("Phase")
    phases.add_column("Name")
    phases.add_column("Months", justify="right")
    for component in ("military", "police", "civilian"):
        phases.add_column(component.capitalize(), justify="right")
    phases.add_column("Deployed", justify="right")
    phases.add_column("Required", justify="right")
    phases.add_column("Short", justify="right")
    for p in plan.phases:
        phases.add_row(Text(p.phase), Text(p.name if p.name != p.phase else ""), number(p.months),
                       *(number(p.by_component[c]) for c in ("military", "police", "civilian")),
                       number(p.deployed), number(p.required),
                       Text(number(p.shortfall), style=SHORT if p.shortfall else ""))
    return Panel(Group(head, phases), title=Text(plan.mandate, style="bold"), expand=False,
                 title_align="left")


def requirements(plan: Plan) -> Table:
    """Filled against required, per task and capability, a column per phase."""
    phases = [p.phase for p in plan.phases]
    table = Table(title="Requirements (filled / required persons)", box=box.SIMPLE_HEAD,
                  title_justify="left")
    table.add_column("Task")
    table.add_column("Capability")
    table.add_column("Priority")
    for p in plan.phases:
        table.add_column(Text(p.phase), justify="right")
    cells: dict[tuple[str, str], dict[str, Text]] = defaultdict(dict)
    priority: dict[tuple[str, str], str] = {}
    for r in plan.requirements:
        style = SHORT if r.shortfall else ""
        cells[r.task, r.capability][r.phase] = Text(f"{number(r.filled)}/{number(r.required)}",
                                                     style=style)
        priority[r.task, r.capability] = r.priority
    for (task, cap), by_phase in cells.items():
        table.add_row(Text(task), Text(cap), priority[task, cap],
                      *(by_phase.get(p, Text(NONE, style="dim")) for p in phases))
    return table


def allocation(plan: Plan) -> Table:
    """Persons by contributor and capability, a column per phase, with shares and cost."""
    phases = [p.phase for p in plan.phases]
    table = Table(title="Allocation by contributor (persons; share of the phase)",
                  box=box.SIMPLE_HEAD, title_justify="left")
    table.add_column("Contributor")
    table.add_column("Capability")
    for p in plan.phases:
        table.add_column(Text(p.phase), justify="right")
    table.add_column("Cost", justify="right")
    per_cap: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    units: dict[tuple[str, str, str], int] = defaultdict(int)
    named: dict[tuple[str, str], str] = {}
    cap_cost: dict[tuple[str, str], float] = defaultdict(float)
    for a in plan.allocations:
        per_cap[a.contributor, a.capability][a.phase] += a.personnel
        cap_cost[a.contributor, a.capability] += a.cost
        if a.units is not None:
            units[a.contributor, a.capability, a.phase] += a.units
            named[a.contributor, a.capability] = a.unit_name or "unit"

    def cell(cid: str, cap: str, phase: str, persons: int) -> str:
        n = units.get((cid, cap, phase))
        if not n:
            return number(persons)
        return f"{n} × {named[cid, cap]} ({number(persons)})"

    for c in plan.contributors:
        if not any(c.personnel.values()):
            continue
        share = [Text(f"{number(c.personnel[p])} ({percent(c.share[p])})", style="bold")
                 for p in phases]
        label = contributor_label(c.contributor, c.name)
        table.add_row(Text(label, style="bold"), Text(cap_cell(c)), *share,
                      Text(money(c.cost, plan.currency), style="bold"))
        for (cid, cap), by_phase in per_cap.items():
            if cid == c.contributor:
                table.add_row("", Text(cap), *(cell(cid, cap, p, by_phase.get(p, 0))
                                               for p in phases),
                              money(cap_cost[cid, cap], plan.currency))
    idle = [c.contributor for c in plan.contributors if not any(c.personnel.values())]
    if idle:
        table.caption = "Not deployed: " + ", ".join(idle)
    return table


def financing(plan: Plan) -> Table:
    """Who pays what, against pledges."""
    table = Table(title=f"Financing ({financing_words(plan)})", box=box.SIMPLE_HEAD,
                  title_justify="left")
    table.add_column("Contributor")
    table.add_column("Pledge", justify="right")
    table.add_column("Pays", justify="right")
    table.add_column("Own personnel", justify="right")
    table.add_column("Pledge used", justify="right")
    for f in plan.financing:
        if f.pays == 0 and f.pledge is None and f.personnel_cost == 0:
            continue
        used = percent(f.pays / f.pledge) if f.pledge else NONE
        table.add_row(Text(f.contributor),
                      NONE if f.pledge is None else money(f.pledge, plan.currency),
                      money(f.pays, plan.currency), money(f.personnel_cost, plan.currency),
                      used)
    return table


def _filled(title: str, header: list[str], rows: list[list[str]], right: list[bool]) -> Table:
    """:func:`_table` with ``rows`` of plain text (ids and names are user text)."""
    table = _table(title, *zip(header, right, strict=True))
    for row in rows:
        table.add_row(*(Text(cell) for cell in row))
    return table


def burden(plan: Plan) -> Group:
    """Who carries the mission: persons and money by payer, their shares, and by phase; the
    financing schemes when the mandate has any."""
    parts = [_filled(BURDEN_TITLE, *burden_table(plan))]
    by_phase = burden_by_phase(plan)
    if by_phase is not None:
        parts.append(_filled(BY_PHASE_TITLE, *by_phase))
    scheme_rows = schemes_table(plan)
    if scheme_rows is not None:
        parts.append(_filled(SCHEMES_TITLE, *scheme_rows))
    return Group(*parts)


def shortfalls(plan: Plan) -> Table | Text:
    """Every requirement left short, highest priority first."""
    rows = [r for r in plan.requirements if r.shortfall > 0]
    if not rows:
        return Text(NO_SHORTFALLS, style=BETTER)
    rows.sort(key=lambda r: (PRIORITY_ORDER[r.priority], -r.shortfall_person_months, r.task))
    table = Table(title="Shortfalls", box=box.SIMPLE_HEAD, title_justify="left",
                  title_style=SHORT)
    for name in ("Priority", "Task", "Capability", "Phase"):
        table.add_column(name)
    table.add_column("Short (persons)", justify="right")
    table.add_column("Person-months", justify="right")
    for r in rows:
        table.add_row(r.priority, Text(r.task), Text(r.capability), Text(r.phase),
                      Text(number(r.shortfall), style=SHORT),
                      Text(number(r.shortfall_person_months), style=SHORT))
    return table


def unit_groups(plan: Plan) -> Table | None:
    """Units counted per theatre or mission and their split across tasks; None without."""
    rows = unit_groups_table(plan)
    return None if rows is None else _filled(UNIT_GROUPS_TITLE, *rows)


def readiness(plan: Plan) -> Table | None:
    """Persons by how soon they can deploy, by phase; None without readiness levels."""
    rows = readiness_table(plan)
    return None if rows is None else _filled(READINESS_TITLE, *rows)


def render_plan(plan: Plan, console: Console) -> None:
    """Print every section of the plan to ``console``."""
    for section in (summary(plan), requirements(plan), allocation(plan), unit_groups(plan),
                    readiness(plan),
                    financing(plan), burden(plan), shortfalls(plan)):
        if section is None:
            continue
        console.print(section)
        console.print()


# --------------------------------------------------------------------------- diff and comparison


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


# --------------------------------------------------------------------------- explanation


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
                      Text(d.formula), number(d.required))
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
    table.add_column("Relaxation", justify="right")
    table.add_column("Integer plan", justify="right")
    table.add_column("Unit")
    ranged = has_ranges(ex)
    if ranged:
        table.add_column("Holds for")
    table.add_column("Key")
    for m in ex.marginals:
        table.add_row(Text(m.change), m.stage, relaxation_effect(m.effect),
                      Text(integer_check(m.check, m.integer_effect),
                           style="" if m.check == "confirmed" else "dim"),
                      m.effect_unit, *([range_cell(m)] if ranged else []),
                      Text(m.path, style="dim"))
    if ex.marginals:
        console.print(table)
        if ranged:
            console.print(_title("Where each marginal value holds"))
            for m in ex.marginals:
                console.print(Text.assemble("  • ", (m.change, "bold"), ": ",
                                            range_text(m)))
    else:
        console.print(_title("Marginal values (LP relaxation)"))
        console.print("  None: loosening any one limit a little changes neither shortfall "
                      "nor cost.")
    for note in ex.notes:
        console.print(Text(note, style="italic"))
    console.print()


def render_rules(found: RuleListing, console: Console) -> None:
    """The rules found, one row each, with source and quality."""
    table = _table(f"{len(found.rules)} of {found.total} library rules", ("Rule", False),
                   ("Sizes", False), ("Central (low–high)", True), ("Unit", False),
                   ("Mission types", False), ("Source", False), ("Quality", False))
    for r in found.rules:
        table.add_row(Text(r.id, style="bold"), Text(r.sizes), scenario_range(r), Text(r.unit),
                      Text(", ".join(r.mission_types)), Text(r.citation), r.quality)
    console.print(table)


def render_backtest(bt: Backtest, console: Console) -> None:
    """Model ÷ history by mission and phase, then the spread in one sentence."""
    table = _table(BACKTEST_TITLE,
                   *zip(BACKTEST_HEADER, BACKTEST_RIGHT, strict=True))
    for row in bt.rows:
        cells = backtest_cells(row)
        table.add_row(Text(cells[0], style="bold"), *cells[1:])
    console.print(table)
    console.print(backtest_summary(bt.summary))


def render_sweep(sweep: Sweep, console: Console) -> None:
    """One row per point: its values, then status, shortfalls, cost and peak persons."""
    table = _table(sweep_title(sweep), *sweep_header(sweep))
    for cells in sweep_rows(sweep):
        table.add_row(*cells)
    console.print(table)


BLOCK_MARKS = ("░", "█", "│")
"""A tornado bar's side down, side up and axis on a terminal."""


def render_sensitivity(s: Sensitivity, console: Console) -> None:
    """Every input that moves the plan, ranked with its changes, then a tornado chart per
    metric that moves: block characters on a terminal, plain ``=``, ``#`` and ``|``
    elsewhere (pipes, files, NO_COLOR), so the chart survives any encoding."""
    table = _table(tornado_title(s), *tornado_header(s))
    table.caption, table.caption_justify = Text(tornado_base(s)), "left"
    for cells in tornado_rows(s):
        table.add_row(*(Text(c) for c in cells))
    console.print(table)
    plain = console.no_color or console.color_system is None
    for title, lines in tornado_charts(s, BAR_WIDTH, PLAIN_MARKS if plain else BLOCK_MARKS):
        chart = Table.grid(padding=(0, 2))
        chart.add_column(overflow="fold")
        chart.add_column(no_wrap=True)
        chart.add_column(justify="right", no_wrap=True)
        for label, bar, text in lines:
            chart.add_row(Text(label), Text(bar), Text(text))
        console.print()
        console.print(Text(title, style="bold"))
        console.print(chart)


def render_withdrawals(w: Withdrawals, console: Console) -> None:
    """Every withdrawal, ranked by what its loss does to the plan."""
    table = _table(withdraw_title(w), *withdraw_header(w))
    table.caption, table.caption_justify = Text(withdraw_base(w)), "left"
    for cells in withdraw_rows(w):
        table.add_row(*(Text(c) for c in cells))
    console.print(table)


def render_draws(r: RiskDraws, console: Console) -> None:
    """Each task's chance of being fully staffed, riskiest first, then the shortfall by
    priority over the draws."""
    table = _table(draws_title(r), *draws_header())
    table.caption, table.caption_justify = Text("\n".join(draws_notes(r))), "left"
    for cells in draws_rows(r):
        table.add_row(*(Text(c) for c in cells))
    console.print(table)
    short = _table(shortfall_title(r), *shortfall_header(r))
    for cells in shortfall_rows(r):
        short.add_row(*(Text(c) for c in cells))
    console.print(short)


def render_alternatives(a: Alternatives, console: Console) -> None:
    """Axes × alternatives, then each alternative's changes from the optimum."""
    table = _table(alternatives_title(a), *alternatives_header(a))
    table.caption, table.caption_justify = Text("\n".join(alternatives_notes(a))), "left"
    for cells in alternatives_rows(a):
        table.add_row(*(Text(c) for c in cells))
    console.print(table)
    for alt in a.alternatives:
        title, rows = alternative_changes(alt)
        changes = _table(title, *CHANGES_HEADER)
        for cells in rows:
            changes.add_row(*(Text(c) for c in cells))
        console.print(changes)


RENDERERS = {Plan: render_plan, Diff: render_diff, Comparison: render_comparison,
             Explanation: render_explanation, RuleListing: render_rules,
             Backtest: render_backtest, Sweep: render_sweep,
             Sensitivity: render_sensitivity, Withdrawals: render_withdrawals,
             RiskDraws: render_draws, Alternatives: render_alternatives}
"""The rich renderer of each result type."""
