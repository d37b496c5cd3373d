"""A tornado: each input varied down and up on its own, ranked by how far it moves the plan.

Each side of an input is a :class:`~forcesize.results.sweep.SweepPoint` of its own
checked plan (or its reason for having none), so a tornado reads like two sweeps of one
value each. The ranking is by the *swing* (the widest spread among the base and both
sides) in shortfall, highest priority first, then in cost: an input that moves the
essential shortfall by one person-month outranks any that only moves money, as the
preemptive objective itself does. An input one of whose sides has no plan ranks first (it
breaks the mandate); one whose varied value the format refuses ranks last, with the
reason. Nothing here solves.
"""

from __future__ import annotations

from typing import Literal

from ..mandate.schema import PRIORITIES, Mandate
from ..mandate.tornado import Used
from ..version import __version__
from .base import SCHEMA_VERSION, Frozen
from .plan import Plan
from .sweep import SweepPoint

METRICS: tuple[str, ...] = (*PRIORITIES, "cost")
"""What a swing is measured in: shortfall person-months of each priority, then cost."""


class TornadoRow(Frozen):
    """One input, its two varied values and the plan at each."""

    rank: int
    """1 = moves the plan most (see the module's ranking)."""
    path: str
    kind: str
    """pool, pledge, cost, budget, sizing, share or other (``mandate/tornado.py``)."""
    base: int | float
    low: int | float
    """The value down by the fraction (whole numbers rounded half up)."""
    high: int | float
    at_low: SweepPoint | None
    """The plan at ``low``; None when ``low`` is the base value (a whole number that rounds
    back to it), whose plan is the base's."""
    at_high: SweepPoint | None
    swing: dict[str, float] | None
    """Per metric (each priority's shortfall person-months, then ``cost``): the largest
    minus the smallest among the base and the two sides. None when a side has no plan."""

    def side(self, which: Literal["low", "high"], base: SweepPoint) -> SweepPoint:
        """The plan at one side, the base's where that side did not change the value."""
        point = self.at_low if which == "low" else self.at_high
        return point if point is not None else base


class Sensitivity(Frozen):
    """``forcesize sensitivity --tornado``: the base plan and every varied input, ranked."""

    schema_version: int
    kind: Literal["sensitivity"]
    forcesize_version: str
    mandate: str
    currency: str
    solver: str
    method: Literal["tornado"]
    fraction: float
    """Each side's step, as a fraction of the input (0.2 for ``--tornado 20%``)."""
    base: SweepPoint
    rows: list[TornadoRow]
    unvaried: list[str]
    """Inputs chosen but not solved: both sides round back to the base value (a zero, or
    a small whole number such as 2 contributors at 20 %)."""
    solves: int
    """How many plans the tornado solved, the base included (equal mandates once)."""


def metric(point: SweepPoint, name: str) -> float | None:
    """A point's figure for one metric: shortfall person-months of a priority, or cost."""
    if point.shortfall_person_months is None:
        return None
    if name == "cost":
        return point.total_cost
    return point.shortfall_person_months[name]


def used_by(plan: Plan, mandate: Mandate) -> Used:
    """What ``plan`` touches (:func:`~forcesize.mandate.tornado.touched`): the contributors
    it deploys or that pay, the capabilities, tasks and phases with a requirement, those
    tasks' theatres, and the contributor–capability pairs it deploys."""
    needed = [r for r in plan.requirements if r.required > 0]
    tasks = frozenset(r.task for r in needed)
    return Used(ids={"contributor": frozenset(a.contributor for a in plan.allocations)
                     | frozenset(f.contributor for f in plan.financing if f.pays > 0),
                     "capability": frozenset(r.capability for r in needed),
                     "task": tasks,
                     "phase": frozenset(r.phase for r in needed),
                     "theatre": frozenset(mandate.task[t].theatre for t in tasks)},
                pairs=frozenset((a.contributor, a.capability) for a in plan.allocations))


def swing_of(base: SweepPoint, low: SweepPoint, high: SweepPoint) -> dict[str, float] | None:
    """Per metric, the spread among the base and the two sides (None if one has no plan)."""
    out: dict[str, float] = {}
    for name in METRICS:
        figures = [metric(p, name) for p in (base, low, high)]
        if any(f is None for f in figures):
            return None
        known = [f for f in figures if f is not None]
        out[name] = round(max(known) - min(known), 2)
    return out


def ranked(rows: list[TornadoRow]) -> list[TornadoRow]:
    """``rows`` in rank order, numbered: no plan on a side first, then by swing (highest
    priority first, then cost, the path breaking ties), refused values last."""

    def key(row: TornadoRow) -> tuple[int, tuple[float, ...], str]:
        sides = (row.at_low, row.at_high)
        if any(p is not None and p.status == "invalid" for p in sides):
            return (2, (), row.path)
        if row.swing is None:
            return (0, (), row.path)
        return (1, tuple(-row.swing[m] for m in METRICS), row.path)

    return [row.model_copy(update={"rank": i})
            for i, row in enumerate(sorted(rows, key=key), 1)]


def build_sensitivity(mandate: str, currency: str, solver: str, fraction: float,
                      base: SweepPoint, rows: list[TornadoRow], unvaried: list[str],
                      solves: int) -> Sensitivity:
    return Sensitivity(schema_version=SCHEMA_VERSION, kind="sensitivity",
                       forcesize_version=__version__, mandate=mandate, currency=currency,
                       solver=solver, method="tornado", fraction=fraction, base=base,
                       rows=ranked(rows), unvaried=unvaried, solves=solves)
