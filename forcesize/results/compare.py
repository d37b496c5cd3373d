"""Headline figures of several solved mandates, side by side.

Pure: reads checked plans, never solves. Each row is one figure with a
stable ``metric`` id that scripts can rely on; the :class:`Comparison`
model's JSON dump is a contract (``kind`` ``"compare"``, ``schema_version`` 1;
see docs/variants.md).
"""

from __future__ import annotations

from typing import Literal

from ..mandate.schema import COMPONENTS, PRIORITIES, Mandate
from ..version import __version__
from .base import SCHEMA_VERSION, Frozen
from .plan import Plan

Value = float | int | str | None


class Column(Frozen):
    """One compared mandate."""

    label: str
    file: str
    mission: str
    status: str
    solver: str
    currency: str


class Row(Frozen):
    """One headline figure, a value per mandate in column order. Money rows have the
    unit ``money``: each value is in its own mandate's currency (see ``mandates``)."""

    metric: str
    label: str
    unit: str
    level: int
    """0 for a headline figure, 1 for a breakdown of the row above it."""
    values: list[Value]


class Comparison(Frozen):
    """The headline figures of several mandates."""

    schema_version: int
    kind: Literal["compare"]
    forcesize_version: str
    mandates: list[Column]
    rows: list[Row]


MONEY = "money"


def headline(m: Mandate, plan: Plan) -> list[tuple[str, str, str, Value]]:
    """(metric, label, unit, value) for one plan, in display order; a label starting
    with two spaces is a breakdown of the row above."""
    peak = max((p.deployed for p in plan.phases), default=0)
    months = {p.phase: p.months for p in plan.phases}
    person_months = sum(a.personnel * months[a.phase] for a in plan.allocations)
    rows: list[tuple[str, str, str, Value]] = [
        ("personnel_peak", "Personnel, largest phase", "persons", peak),
    ]
    for component in COMPONENTS:
        rows.append((f"personnel_{component}", f"  {component.capitalize()}, its largest phase",
                     "persons", max((p.by_component.get(component, 0) for p in plan.phases),
                                    default=0)))
    rows += [
        ("required_peak", "Required, largest phase", "persons",
         max((p.required for p in plan.phases), default=0)),
        ("person_months", "Person-months deployed", "person-months", round(person_months, 6)),
        ("total_cost", "Total cost", MONEY, plan.total_cost),
    ]
    for priority in PRIORITIES:
        rows.append((f"shortfall_{priority}", f"Shortfall, {priority}", "person-months",
                     plan.shortfall_person_months.get(priority, 0.0)))
    short_tasks = {r.task for r in plan.requirements if r.shortfall > 0}
    used = [c for c in plan.contributors if any(c.personnel.values())]
    share, who = 0.0, None
    for c in plan.contributors:
        for phase, s in c.share.items():
            if s > share:
                share, who = s, f"{c.contributor} ({phase})"
    rows += [
        ("tasks_short", "Tasks under-resourced", "tasks", len(short_tasks)),
        ("contributors_used", "Contributors used", "contributors", len(used)),
        ("largest_share", "Largest share of a phase", "fraction", share),
        ("largest_share_by", "  held by", "", who),
        ("status", "Solver status", "", plan.status),
    ]
    return rows


def build_comparison(entries: list[tuple[str, str, Mandate, Plan]]) -> Comparison:
    """``entries`` are (label, file, mandate, plan) in column order."""
    columns = [Column(label=label, file=file, mission=m.mission.name, status=plan.status,
                      solver=plan.solver, currency=plan.currency)
               for label, file, m, plan in entries]
    tables = [headline(m, plan) for _, _, m, plan in entries]
    rows = []
    for i, (metric, label, unit, _) in enumerate(tables[0] if tables else []):
        rows.append(Row(metric=metric, label=label.strip(), unit=unit,
                        level=1 if label.startswith("  ") else 0,
                        values=[t[i][3] for t in tables]))
    rows += _who_pays([plan for _, _, _, plan in entries])
    return Comparison(schema_version=SCHEMA_VERSION, kind="compare",
                      forcesize_version=__version__, mandates=columns, rows=rows)


def _who_pays(plans: list[Plan]) -> list[Row]:
    """What schemes spend (when any mandate has one), and each payer's net burden over the
    horizon, for the union of the payers of every plan (null where a mandate does not have
    the payer)."""
    rows = []
    if any(p.schemes for p in plans):
        rows.append(Row(metric="scheme_spending", label="Spent by financing schemes",
                        unit=MONEY, level=0,
                        values=[round(sum(s.spends for s in p.schemes), 2) for p in plans]))
    rows.append(Row(metric="net_burden", label="Net burden, all payers", unit=MONEY, level=0,
                    values=[round(sum(r.net for r in p.burden if r.phase is None), 2)
                            for p in plans]))
    nets = [{r.payer: r.net for r in p.burden if r.phase is None} for p in plans]
    for payer in sorted({payer for net in nets for payer in net}):
        rows.append(Row(metric=f"net_burden_{payer}", label=payer, unit=MONEY, level=1,
                        values=[net.get(payer) for net in nets]))
    return rows


def labels_for(files: list[str]) -> list[str]:
    """Short column labels: file stems, or whole paths where stems would repeat."""
    from pathlib import PurePath

    stems = [PurePath(f).stem for f in files]
    return [s if stems.count(s) == 1 else f for s, f in zip(stems, files, strict=True)]
