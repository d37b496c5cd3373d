"""The backtest: the rule library's persons beside what historic missions fielded.

Each reference mandate is solved in the library's low, central and high scenario; the
persons its plan deploys in a phase, of the components the historic figure counts, are set
beside that figure as model ÷ history. The summary is the spread of those ratios: how far
the rules are from history, not whether they match it (a historic figure is itself an
outcome of budgets and politics, see docs/validation.md). Nothing here solves: the pipeline
hands in the plans.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping
from typing import Literal

from ..mandate import Mandate
from ..mandate.history import HistoricMission, Kind
from ..version import __version__
from .base import SCHEMA_VERSION, Frozen
from .plan import Plan

SCENARIOS = ("low", "central", "high")


class BacktestRow(Frozen):
    """One phase of one historic mission: the model's persons in each scenario beside the
    historic figure."""

    mission: str
    name: str
    phase: str
    counts: tuple[str, ...]
    """The components compared (those the historic figure counts)."""
    kind: Kind
    as_of: str | None
    historic: int
    low: int
    central: int
    high: int
    ratio: float
    """central ÷ historic."""
    ratio_low: float
    ratio_high: float
    within: bool
    """Whether the historic figure lies in the model's low–high range."""


class BacktestSummary(Frozen):
    """The spread of the central ratios over every compared phase."""

    phases: int
    median_error: float
    """The median of |central ÷ historic − 1|."""
    worst_error: float
    worst: str
    """``mission/phase`` of the worst |ratio − 1|."""
    within_range: int
    """Phases whose historic figure lies in the model's low–high range."""
    within_quarter: int
    """Phases whose central ratio lies within 0.75–1.25 (strict bounds in neither case)."""


class Backtest(Frozen):
    """``forcesize backtest``: every compared phase and the summary."""

    schema_version: int
    kind: Literal["backtest"]
    forcesize_version: str
    folder: str
    solver: str
    rows: list[BacktestRow]
    summary: BacktestSummary


def persons_by_phase(plan: Plan, mandate: Mandate, counts: tuple[str, ...]
                     ) -> dict[str, int]:
    """Persons the plan deploys in each phase, of capabilities of the ``counts``
    components only."""
    out: dict[str, int] = {}
    for a in plan.allocations:
        if mandate.capability[a.capability].component in counts:
            out[a.phase] = out.get(a.phase, 0) + a.personnel
    return out


def build_backtest(folder: str, solver: str, missions: Mapping[str, HistoricMission],
                   plans: Mapping[tuple[str, str], tuple[Mandate, Plan]]) -> Backtest:
    """The rows and summary from each mission's plan by (mission, scenario)."""
    rows = []
    for mid, mission in missions.items():
        for phase, hist in mission.phase.items():
            if hist.personnel is None or hist.kind is None:
                continue  # a phase the sources give only a cost for
            persons = {sc: persons_by_phase(plans[mid, sc][1], plans[mid, sc][0],
                                            hist.counts).get(phase, 0) for sc in SCENARIOS}
            low, high = min(persons.values()), max(persons.values())
            base = hist.personnel  # > 0: history.py refuses 0
            rows.append(BacktestRow(
                mission=mid, name=mission.name, phase=phase, counts=hist.counts,
                kind=hist.kind, as_of=hist.as_of, historic=hist.personnel,
                low=persons["low"], central=persons["central"], high=persons["high"],
                ratio=round(persons["central"] / base, 4),
                ratio_low=round(persons["low"] / base, 4),
                ratio_high=round(persons["high"] / base, 4),
                within=low <= hist.personnel <= high))
    return Backtest(schema_version=SCHEMA_VERSION, kind="backtest",
                    forcesize_version=__version__, folder=folder, solver=solver, rows=rows,
                    summary=summarise(rows))


def summarise(rows: list[BacktestRow]) -> BacktestSummary:
    """Median and worst |central ratio − 1|, and how many phases the range covers."""
    if not rows:
        return BacktestSummary(phases=0, median_error=0.0, worst_error=0.0, worst="",
                               within_range=0, within_quarter=0)
    errors = [abs(r.ratio - 1) for r in rows]
    worst = max(range(len(rows)), key=lambda i: (errors[i], -i))
    return BacktestSummary(
        phases=len(rows), median_error=round(statistics.median(errors), 4),
        worst_error=round(errors[worst], 4), worst=f"{rows[worst].mission}/{rows[worst].phase}",
        within_range=sum(r.within for r in rows),
        within_quarter=sum(0.75 < r.ratio < 1.25 for r in rows))
