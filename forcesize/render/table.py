"""Rich tables of a plan: summary, requirements, allocation, financing, shortfalls.

Renderers only arrange what the :class:`~forcesize.results.Plan` already
holds. User-supplied text goes in as :class:`rich.text.Text`, never as
markup, so a mandate name with brackets prints as written.
"""

from __future__ import annotations

from collections import defaultdict

from rich import box
from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ..fmt import money
from ..results import Plan

SHORT = "bold red"


def _n(x: float) -> str:
    return f"{x:,.0f}"


def summary(plan: Plan) -> Panel:
    """Status, personnel by component and phase, cost against limits, shortfall by priority."""
    head = Table.grid(padding=(0, 2))
    head.add_column(style="bold")
    head.add_column()
    status = Text(plan.status, style="green" if plan.status == "optimal" else "yellow")
    head.add_row("Status", Text.assemble(status, f"  (solver {plan.solver})"))
    cost = money(plan.total_cost, plan.currency)
    limits = []
    if plan.budget is not None:
        limits.append(f"budget {money(plan.budget, plan.currency)}")
    pledged = sum(f.pledge or 0 for f in plan.financing)
    if pledged:
        limits.append(f"pledges {money(pledged, plan.currency)}")
    head.add_row("Total cost", cost + (f"  (of {', '.join(limits)})" if limits else ""))
    head.add_row("Financing", plan.financing_mode)
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
        phases.add_row(Text(p.phase), Text(p.name if p.name != p.phase else ""), f"{p.months:g}",
                       *(_n(p.by_component[c]) for c in ("military", "police", "civilian")),
                       _n(p.deployed), _n(p.required),
                       Text(_n(p.shortfall), style=SHORT if p.shortfall else ""))
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
        cells[r.task, r.capability][r.phase] = Text(f"{r.filled:,}/{r.required:,}", style=style)
        priority[r.task, r.capability] = r.priority
    for (task, cap), by_phase in cells.items():
        table.add_row(Text(task), Text(cap), priority[task, cap],
                      *(by_phase.get(p, Text("–", style="dim")) for p in phases))
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
            return _n(persons)
        return f"{n} × {named[cid, cap]} ({_n(persons)})"

    for c in plan.contributors:
        if not any(c.personnel.values()):
            continue
        share = [Text(f"{c.personnel[p]:,} ({c.share[p]:.0%})", style="bold") for p in phases]
        label = c.contributor if c.name == c.contributor else f"{c.name} ({c.contributor})"
        table.add_row(Text(label, style="bold"), Text(f"all (cap {c.max_share:.0%})"), *share,
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
    table = Table(title=f"Financing ({plan.financing_mode})", box=box.SIMPLE_HEAD,
                  title_justify="left")
    table.add_column("Contributor")
    table.add_column("Pledge", justify="right")
    table.add_column("Pays", justify="right")
    table.add_column("Own personnel", justify="right")
    table.add_column("Pledge used", justify="right")
    for f in plan.financing:
        if f.pays == 0 and f.pledge is None and f.personnel_cost == 0:
            continue
        used = f"{f.pays / f.pledge:.0%}" if f.pledge else "–"
        table.add_row(Text(f.contributor),
                      "–" if f.pledge is None else money(f.pledge, plan.currency),
                      money(f.pays, plan.currency), money(f.personnel_cost, plan.currency),
                      used)
    return table


def shortfalls(plan: Plan) -> Table | Text:
    """Every requirement left short, highest priority first."""
    rows = [r for r in plan.requirements if r.shortfall > 0]
    if not rows:
        return Text("No shortfalls: every requirement is filled.", style="green")
    order = {"essential": 0, "important": 1, "desirable": 2}
    rows.sort(key=lambda r: (order[r.priority], -r.shortfall_person_months, r.task))
    table = Table(title="Shortfalls", box=box.SIMPLE_HEAD, title_justify="left",
                  title_style=SHORT)
    for name in ("Priority", "Task", "Capability", "Phase"):
        table.add_column(name)
    table.add_column("Short (persons)", justify="right")
    table.add_column("Person-months", justify="right")
    for r in rows:
        table.add_row(r.priority, Text(r.task), Text(r.capability), Text(r.phase),
                      Text(_n(r.shortfall), style=SHORT), Text(_n(r.shortfall_person_months),
                                                               style=SHORT))
    return table


def render_tables(plan: Plan, console: Console) -> None:
    """Print every section of the plan to ``console``."""
    for section in (summary(plan), requirements(plan), allocation(plan), financing(plan),
                    shortfalls(plan)):
        console.print(section)
        console.print()
