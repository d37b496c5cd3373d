"""Rich tables of every result: a plan, a diff, a comparison, an explanation.

Renderers only arrange what the result objects already hold, and print to the
console they are given (the CLI decides colour and width). User-supplied text
goes in as :class:`rich.text.Text`, never as markup, so a mandate name with
brackets prints as written. Changes are coloured only where better or worse is
unambiguous: more shortfall or more cost is red, less is green; persons moving
between contributors are neither, so they stay uncoloured.

Bars. On a colour terminal a plan's requirement cells carry a coverage bar (filled
against required persons) and each contributor's share of a phase a bar against its cap
on that share: five Unicode blocks after the number, sized by the one rule the tornado
uses too (``cells.bar_cells``). Plain output (a pipe, a file, ``NO_COLOR``, ``TERM=dumb``)
gets no bars rather than ``#`` bars: a bar only restates the figure beside it, and plain
text is what CI diffs, the docs paste and scripts grep, so without bars it stays what it
was, byte for byte and no wider. The tornado is the exception that proves it: its chart is
the only picture of the swings, so plain text draws it in ``=``, ``#`` and ``|``.

Width. Ids (tasks, capabilities, contributors, phases) are never cut, since an id cut
short cannot be copied into ``--set``. Each plan table has a wide layout (the one plain
text, 250 columns wide, always gets) and narrower ones (each task on a row of its own
with its capabilities under it, headers over two lines, the phases as columns); the first
that fits the console is printed, with bars if there is colour and room. In it the id
columns are pinned to their longest id, so rich narrows the other columns, which wrap at
spaces, and every column folds rather than being cut with ``…`` on a terminal narrower
than any layout. ``solve --summary`` (:func:`render_summary`) keeps to 100 columns.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from functools import partial
from typing import TypeVar

from rich import box
from rich.cells import cell_len
from rich.console import Console, Group, RenderableType
from rich.measure import Measurement
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ..explain.models import Explanation
from ..fmt import money, number, percent, signed
from ..library import RuleListing, scenario_range
from ..mandate.schema import COMPONENTS, PRIORITIES
from ..results import Comparison, Diff, Plan
from ..results.alternatives import Alternatives
from ..results.backtest import Backtest
from ..results.diff import OutcomeChange
from ..results.draws import RiskDraws
from ..results.plan import ContributorRow, RequirementRow
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
    GAUGE_WIDTH,
    NEXT_TITLE,
    NO_SHORTFALLS,
    NONE,
    PLAIN_MARKS,
    PRIORITY_ORDER,
    READ_FIRST,
    READINESS_TITLE,
    SCHEMES_TITLE,
    SUMMARY_SECTIONS,
    SUMMARY_TOP,
    SUMMARY_WIDTH,
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
    caps_words,
    comparison_value,
    contributor_label,
    coverage_cells,
    diff_headline,
    draws_header,
    draws_notes,
    draws_rows,
    draws_title,
    financing_words,
    has_ranges,
    integer_check,
    is_money_row,
    more_shares,
    more_shortfalls,
    next_steps,
    outcome_cells,
    phase_cap,
    range_cell,
    range_text,
    readiness_table,
    relaxation_effect,
    schemes_table,
    section_title,
    share_cells,
    share_text,
    shares_order,
    short_requirements,
    shortfall_header,
    shortfall_rows,
    shortfall_title,
    solver_note,
    summary_title,
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
    verdict_rows,
    withdraw_base,
    withdraw_header,
    withdraw_rows,
    withdraw_title,
)
from .views import SummaryView

SHORT = "bold red"
WORSE = "bold red"
BETTER = "green"

REQUIREMENTS_TITLE = "Requirements (filled / required persons)"
ALLOCATION_TITLE = "Allocation by contributor (persons; share of the phase)"


# --------------------------------------------------------------------------- plan

GAUGE_MARKS = ("█", "░")
"""A coverage or share bar's filled and empty cells, on a terminal only."""

_UNBOUNDED = 100_000
"""A width no table reaches: measuring at it gives a layout's natural width."""

T = TypeVar("T", bound=RenderableType)


def _plain(console: Console) -> bool:
    """Whether ``console`` prints plain text (a pipe, a file, ``NO_COLOR``, ``TERM=dumb``:
    see ``console.py``). Plain text gets no bars and no hint: it is what CI diffs and the
    docs paste, and the numbers already say what a bar would."""
    return bool(console.no_color or console.color_system is None)


def _natural(console: Console, renderable: RenderableType) -> int:
    """The width ``renderable`` takes when nothing in it wraps."""
    return Measurement.get(console, console.options.update_width(_UNBOUNDED),
                           renderable).maximum


def _fitted(console: Console, layouts: Sequence[Callable[[], T]], width: int | None = None
            ) -> T:
    """The first of ``layouts`` (widest first) that fits ``width`` (the console's) without
    wrapping anything; else the last, in which rich wraps what may wrap and keeps ids
    whole."""
    width = width or console.width
    for build in layouts[:-1]:
        built = build()
        if _natural(console, built) <= width:
            return built
    last = layouts[-1]()
    if _natural(console, last) > width:
        for table in last.renderables if isinstance(last, Group) else [last]:
            if isinstance(table, Table):
                _loosen(table, width)
    return last


def _fit(console: Console, *layouts: Callable[[bool], T], width: int | None = None) -> T:
    """The first of ``layouts`` (each built with bars or without; widest first) that fits
    ``width``: every layout with bars on a colour console, then every layout without. A
    narrower layout with bars wins over a wider one without; no id or figure is ever
    squeezed to make room for a bar."""
    bars = [True, False] if not _plain(console) else [False]
    return _fitted(console, [partial(build, with_bars) for with_bars in bars
                             for build in layouts], width)


def _longest(cell: RenderableType) -> int:
    """The width of a cell's longest line (a header or a cell given as text)."""
    text = cell.plain if isinstance(cell, Text) else str(cell)
    return max(cell_len(line) for line in text.split("\n"))


def _whole(table: Table, *ids: int) -> Table:
    """Keep the columns ``ids`` whole (ids, figures that have no space to wrap at): pinned
    to their longest line, so when the table is too wide rich narrows the other columns
    (names, notes), which wrap at spaces. Every column folds rather than being cut with
    '…', so even a terminal narrower than the ids loses no character: an id cut short
    cannot be copied into ``--set``."""
    for i in ids:
        column = table.columns[i]
        column.width = max(_longest(cell) for cell in (column.header, *column.cells))
    for column in table.columns:
        column.overflow = "fold"
    return table


FLOOR = 6
"""Columns a column that wraps keeps at the least beside the ids pinned whole."""


def _loosen(table: Table, width: int) -> None:
    """Unpin ``table``'s columns when the pinned ones leave the others less than
    :data:`FLOOR` each within ``width``: rich would narrow those to nothing and leave them
    out. Then every column narrows alike and folds, so nothing is lost, though an id may
    break over lines (a terminal narrower than any layout: 50 columns and a 46-character
    task id)."""
    pinned = sum(c.width for c in table.columns if c.width is not None)
    free = sum(min(FLOOR, max(_longest(cell) for cell in (c.header, *c.cells)))
               for c in table.columns if c.width is None)
    if pinned + free + 3 * len(table.columns) + 1 > width:
        for column in table.columns:
            column.width = None


def _narrow(table: Table) -> Table:
    """A narrow layout's table: no blank edge columns, four characters more for the cells."""
    table.pad_edge = False
    table.show_edge = False
    return table


def _broken(header: str) -> str:
    """A header on several lines, broken at spaces and after hyphens (``Person-`` /
    ``months``), so it is no wider than the figures under it."""
    return re.sub(r"(?<=-)(?=\w)|\s+", "\n", header)


def _bar(cells: int, style: str) -> Text:
    """A bar of :data:`GAUGE_WIDTH` cells, ``cells`` of them filled in ``style``."""
    full, empty = GAUGE_MARKS
    return Text.assemble((full * cells, style), (empty * (GAUGE_WIDTH - cells), "dim"))


def _head(plan: Plan) -> Table:
    """Status, cost against limits, financing and shortfall by priority, one line each."""
    head = Table.grid(padding=(0, 2))
    head.add_column(style="bold", no_wrap=True)
    head.add_column(overflow="fold")
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
    return head


def _phases_wide(plan: Plan) -> Table:
    """A row per phase: its name, months, persons by component, deployed, required, short."""
    phases = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    phases.add_column("Phase")
    phases.add_column("Name")
    phases.add_column("Months", justify="right")
    for component in COMPONENTS:
        phases.add_column(component.capitalize(), justify="right")
    phases.add_column("Deployed", justify="right")
    phases.add_column("Required", justify="right")
    phases.add_column("Short", justify="right")
    for p in plan.phases:
        phases.add_row(Text(p.phase), Text(p.name if p.name != p.phase else ""), number(p.months),
                       *(number(p.by_component[c]) for c in COMPONENTS),
                       number(p.deployed), number(p.required),
                       Text(number(p.shortfall), style=SHORT if p.shortfall else ""))
    return _whole(phases, 0)


def _phases_narrow(plan: Plan) -> Group:
    """The phases as columns (as in the tables below), the figures as rows, then the names."""
    table = _narrow(Table(box=box.SIMPLE_HEAD))
    table.add_column("Phase")
    for p in plan.phases:
        table.add_column(Text(p.phase), justify="right")
    table.add_row("Months", *(number(p.months) for p in plan.phases))
    for component in COMPONENTS:
        table.add_row(component.capitalize(),
                      *(number(p.by_component[component]) for p in plan.phases))
    table.add_row("Deployed", *(number(p.deployed) for p in plan.phases))
    table.add_row("Required", *(number(p.required) for p in plan.phases))
    table.add_row("Short", *(Text(number(p.shortfall), style=SHORT if p.shortfall else "")
                             for p in plan.phases))
    _whole(table, *range(1, len(plan.phases) + 1))
    names = Table.grid(padding=(0, 2))
    names.add_column(no_wrap=True)
    names.add_column(overflow="fold")
    for p in plan.phases:
        if p.name != p.phase:
            names.add_row(Text(p.phase), Text(p.name, style="dim"))
    return Group(table, names) if names.row_count else Group(table)


def summary(plan: Plan, console: Console) -> RenderableType:
    """Status, cost against limits, shortfall by priority, then persons by phase: in a
    panel with a row per phase where that fits, else with the phases as columns."""
    def wide() -> RenderableType:
        return Panel(Group(_head(plan), _phases_wide(plan)),
                     title=Text(plan.mandate, style="bold"), expand=False, title_align="left")

    def narrow() -> RenderableType:
        return Group(Text(plan.mandate, style="bold"), _head(plan), Text(),
                     _phases_narrow(plan))

    return _fitted(console, [wide, narrow])


def _coverage(r: RequirementRow, bars: bool) -> Text:
    """``filled/required``, red when short; with its coverage bar on a colour terminal."""
    style = SHORT if r.shortfall else ""
    text = Text(f"{number(r.filled)}/{number(r.required)}", style=style)
    if bars:
        text.append(" ")
        text.append_text(_bar(coverage_cells(r.filled, r.required), style or BETTER))
    return text


def _requirements_wide(plan: Plan, bars: bool) -> Table:
    """A row per task and capability, the priority beside it, a column per phase."""
    phases = [p.phase for p in plan.phases]
    table = Table(title=REQUIREMENTS_TITLE, box=box.SIMPLE_HEAD, title_justify="left")
    table.add_column("Task")
    table.add_column("Capability")
    table.add_column("Priority")
    for p in plan.phases:
        table.add_column(Text(p.phase), justify="right")
    cells: dict[tuple[str, str], dict[str, Text]] = defaultdict(dict)
    priority: dict[tuple[str, str], str] = {}
    for r in plan.requirements:
        cells[r.task, r.capability][r.phase] = _coverage(r, bars)
        priority[r.task, r.capability] = r.priority
    for (task, cap), by_phase in cells.items():
        table.add_row(Text(task), Text(cap), priority[task, cap],
                      *(by_phase.get(p, Text(NONE, style="dim")) for p in phases))
    return _whole(table, 0, 1)


def _requirements_narrow(plan: Plan, bars: bool) -> Table:
    """The same cells with each task on a row of its own under its priority and its
    capabilities indented below it: one id column instead of three."""
    phases = [p.phase for p in plan.phases]
    table = _narrow(Table(title=REQUIREMENTS_TITLE, box=box.SIMPLE_HEAD, title_justify="left"))
    table.add_column("Task, capability")
    for p in plan.phases:
        table.add_column(Text(p.phase), justify="right")
    tree: dict[str, dict[str, dict[str, dict[str, Text]]]] = {}
    for r in sorted(plan.requirements, key=lambda r: PRIORITY_ORDER.get(r.priority, 3)):
        tree.setdefault(r.priority, {}).setdefault(r.task, {}).setdefault(
            r.capability, {})[r.phase] = _coverage(r, bars)
    for priority, tasks in tree.items():
        table.add_row(Text(f"{priority} tasks", style="bold underline"))
        for task, caps in tasks.items():
            table.add_row(Text(f"  {task}", style="bold"))
            for cap, by_phase in caps.items():
                table.add_row(Text(f"    {cap}"),
                              *(by_phase.get(p, Text(NONE, style="dim")) for p in phases))
    return _whole(table, 0)


def requirements(plan: Plan, console: Console) -> Table:
    """Filled against required, per task and capability, a column per phase."""
    return _fit(console, partial(_requirements_wide, plan),
                partial(_requirements_narrow, plan))


def _share(c: ContributorRow, phase: str, bars: bool) -> Text:
    """``512 (21%)`` in bold; with its bar against the phase's cap on a colour terminal
    (yellow when full: the cap is reached)."""
    text = Text(share_text(c, phase), style="bold")
    if bars:
        cells = share_cells(c.share.get(phase, 0.0), phase_cap(c, phase))
        text.append(" ")
        text.append_text(_bar(cells, "yellow" if cells == GAUGE_WIDTH else "cyan"))
    return text


def _allocation(plan: Plan, bars: bool, narrow: bool) -> Table:
    """A bold row per contributor (persons and share per phase, cost), then its persons by
    capability. Wide: the contributor and the capability in columns of their own, the cap
    beside the contributor and whole units named (``2 × infantry unit (300)``). Narrow:
    the capabilities indented under the contributor, units counted (``300 (2 units)``) and
    the caps under the table."""
    phases = [p.phase for p in plan.phases]
    table = Table(title=ALLOCATION_TITLE, box=box.SIMPLE_HEAD, title_justify="left")
    table.add_column("Contributor")
    if not narrow:
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
        if narrow:
            return f"{number(persons)} ({n} unit{'s' if n != 1 else ''})"
        return f"{n} × {named[cid, cap]} ({number(persons)})"

    deployed = [c for c in plan.contributors if any(c.personnel.values())]
    for c in deployed:
        label = Text(contributor_label(c.contributor, c.name), style="bold")
        table.add_row(label, *(() if narrow else (Text(cap_cell(c)),)),
                      *(_share(c, p, bars) for p in phases),
                      Text(money(c.cost, plan.currency), style="bold"))
        for (cid, cap), by_phase in per_cap.items():
            if cid == c.contributor:
                table.add_row(Text(f"  {cap}") if narrow else "",
                              *(() if narrow else (Text(cap),)),
                              *(cell(cid, cap, p, by_phase.get(p, 0)) for p in phases),
                              money(cap_cost[cid, cap], plan.currency))
    notes = [caps_words(deployed) + "."] if narrow and deployed else []
    idle = [c.contributor for c in plan.contributors if not any(c.personnel.values())]
    if idle:
        notes.append("Not deployed: " + ", ".join(idle))
    if notes:
        table.caption = Text("\n".join(notes))
        if narrow:
            table.caption_justify = "left"
    return _whole(_narrow(table), 0) if narrow else _whole(table, 0, 1)


def allocation(plan: Plan, console: Console) -> Table:
    """Persons by contributor and capability, a column per phase, with shares and cost."""
    return _fit(console, partial(_allocation, plan, narrow=False),
                partial(_allocation, plan, narrow=True))


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
    return _whole(table, 0)


def _filled(console: Console, title: str, header: list[str], rows: list[list[str]],
            right: list[bool], whole: Sequence[int] = ()) -> Table:
    """:func:`_table` with ``rows`` of plain text (ids and names are user text) and the
    columns ``whole`` kept whole; where it does not fit, with its headers broken over lines
    and no blank edges."""
    def build(narrow: bool) -> Table:
        table = _table(title, *zip((_broken(h) if narrow else h for h in header), right,
                                   strict=True))
        for row in rows:
            table.add_row(*(Text(cell) for cell in row))
        return _whole(_narrow(table) if narrow else table, *whole)

    return _fitted(console, [partial(build, False), partial(build, True)])


def _figures(right: list[bool]) -> list[int]:
    """The right-aligned columns (money, persons, shares): kept whole."""
    return [i for i, r in enumerate(right) if r]


def burden(plan: Plan, console: Console) -> Group:
    """Who carries the mission: persons and money by payer, their shares, and by phase; the
    financing schemes when the mandate has any. The payer's name wraps where it must (its
    id, in brackets, stays whole); the figures do not."""
    header, rows, right = burden_table(plan)
    parts = [_filled(console, BURDEN_TITLE, header, rows, right, _figures(right))]
    by_phase = burden_by_phase(plan)
    if by_phase is not None:
        parts.append(_filled(console, BY_PHASE_TITLE, *by_phase, whole=_figures(by_phase[2])))
    scheme_rows = schemes_table(plan)
    if scheme_rows is not None:
        parts.append(_filled(console, SCHEMES_TITLE, *scheme_rows,
                             whole=_figures(scheme_rows[2])))
    return Group(*parts)


def _shortfall_table(rows: list[RequirementRow], title: str | None, layout: int) -> Table:
    """A row per short requirement (``rows`` worst first). ``layout`` 0: every header on one
    line; 1: the figures' headers over two lines and no blank edges; 2: besides, the
    capability under its task in one column; 3: besides, the priority on a row of its own
    over its requirements."""
    table = Table(title=title, box=box.SIMPLE_HEAD, title_justify="left", title_style=SHORT)
    if layout < 3:
        table.add_column("Priority")
    if layout >= 2:
        table.add_column("Task, capability")
    else:
        table.add_column("Task")
        table.add_column("Capability")
    table.add_column("Phase")
    for name in ("Short (persons)", "Person-months"):
        table.add_column(_broken(name) if layout else name, justify="right")
    priority = None
    for r in rows:
        if layout == 3 and r.priority != priority:
            table.add_row(Text(r.priority, style="bold underline"))
        priority = r.priority
        ids = [Text(f"{r.task}\n  {r.capability}")] if layout >= 2 else [Text(r.task),
                                                                         Text(r.capability)]
        table.add_row(*([r.priority] if layout < 3 else []), *ids, Text(r.phase),
                      Text(number(r.shortfall), style=SHORT),
                      Text(number(r.shortfall_person_months), style=SHORT))
    ids = {0: (1, 2, 3), 1: (1, 2, 3), 2: (1, 2), 3: (0, 1)}[layout]
    return _whole(table if not layout else _narrow(table), *ids)


def _shortfall_layouts(rows: list[RequirementRow], title: str | None
                       ) -> list[Callable[[], Table]]:
    return [partial(_shortfall_table, rows, title, layout) for layout in range(4)]


def shortfalls(plan: Plan, console: Console) -> Table | Text:
    """Every requirement left short, highest priority first."""
    rows = [r for r in plan.requirements if r.shortfall > 0]
    if not rows:
        return Text(NO_SHORTFALLS, style=BETTER)
    rows.sort(key=lambda r: (PRIORITY_ORDER[r.priority], -r.shortfall_person_months, r.task))
    return _fitted(console, _shortfall_layouts(rows, "Shortfalls"))


def unit_groups(plan: Plan, console: Console) -> Table | None:
    """Units counted per theatre or mission and their split across tasks; None without."""
    rows = unit_groups_table(plan)
    return None if rows is None else _filled(console, UNIT_GROUPS_TITLE, *rows,
                                             whole=(0, 1))


def readiness(plan: Plan, console: Console) -> Table | None:
    """Persons by how soon they can deploy, by phase; None without readiness levels."""
    rows = readiness_table(plan)
    return None if rows is None else _filled(console, READINESS_TITLE, *rows)


def render_plan(plan: Plan, console: Console) -> None:
    """Print every section of the plan to ``console``; on a terminal, first a line saying
    what to read first."""
    if not _plain(console):
        console.print(Text(READ_FIRST, style="dim"))
    for section in (summary(plan, console), requirements(plan, console),
                    allocation(plan, console), unit_groups(plan, console),
                    readiness(plan, console), financing(plan), burden(plan, console),
                    shortfalls(plan, console)):
        if section is None:
            continue
        console.print(section)
        console.print()


def _shares(plan: Plan, rows: list[ContributorRow], bars: bool) -> Table:
    """The first :data:`SUMMARY_TOP` of ``rows``: each one's persons and share of each
    phase, with bars against its cap on a colour terminal."""
    table = _narrow(Table(box=box.SIMPLE_HEAD))
    table.add_column("Contributor")
    for p in plan.phases:
        table.add_column(Text(p.phase), justify="right")
    for c in rows[:SUMMARY_TOP]:
        table.add_row(Text(contributor_label(c.contributor, c.name)),
                      *(_share(c, p.phase, bars) for p in plan.phases))
    return _whole(table, 0)


def render_summary(view: SummaryView, console: Console) -> None:
    """``solve --summary``: what to read first, on one screen no wider than
    :data:`SUMMARY_WIDTH` columns, even in plain text (whose console is wider): the
    verdict (status, shortfall by priority, cost against budget and pledges), the
    shortfalls worst first, each contributor's share of each phase against its cap, and
    where to read on. Ids in full; bars only on a colour terminal."""
    plan = view.plan
    width = min(console.width, SUMMARY_WIDTH)

    def say(renderable: RenderableType = "") -> None:
        console.print(renderable, width=width)

    say(Text(summary_title(plan), style="bold"))
    say()
    say(Text(SUMMARY_SECTIONS[0], style="bold"))
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    short = short_requirements(plan)
    essential = any(r.priority == PRIORITIES[0] for r in short)
    for label, text in verdict_rows(plan):
        style = (SHORT if essential else "yellow" if short else BETTER) if \
            label == "Verdict" else ""
        grid.add_row(label, Text(text, style=style))
    say(grid)
    say()
    if short:
        say(Text(f"{SUMMARY_SECTIONS[1]} ({len(short)})", style=SHORT))
        # the narrow layouts only, as the shares' table: one look for the whole summary
        say(_fitted(console, _shortfall_layouts(short[:SUMMARY_TOP], None)[1:], width))
        more = more_shortfalls(short)
        if more:
            say(Text(more + "."))
    else:
        say(Text(SUMMARY_SECTIONS[1], style="bold"))
        say(Text(NO_SHORTFALLS, style=BETTER))
    say()
    rows = shares_order(plan)
    if rows:
        say(Text(SUMMARY_SECTIONS[2], style="bold"))
        bars = not _plain(console) and _natural(console, _shares(plan, rows, True)) <= width
        say(_shares(plan, rows, bars))
        say(Text(caps_words(rows) + (": a full bar." if bars else ".")))
        more = more_shares(rows)
        if more:
            say(Text(more + "."))
        say()
    say(Text(NEXT_TITLE + ":", style="bold"))
    steps = Table.grid(padding=(0, 2))
    steps.add_column(no_wrap=True)
    steps.add_column(overflow="fold")
    for command, what in next_steps(plan):
        steps.add_row(Text(f"  {command}", style="bold"), Text(what))
    say(steps)


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
    for title, lines in tornado_charts(s, BAR_WIDTH, PLAIN_MARKS if _plain(console)
                                       else BLOCK_MARKS):
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


RENDERERS = {Plan: render_plan, SummaryView: render_summary, Diff: render_diff,
             Comparison: render_comparison, Explanation: render_explanation,
             RuleListing: render_rules,
             Backtest: render_backtest, Sweep: render_sweep,
             Sensitivity: render_sensitivity, Withdrawals: render_withdrawals,
             RiskDraws: render_draws, Alternatives: render_alternatives}
"""The rich renderer of each result type."""
