"""A sweep: one row per point of a grid of overrides, each from its own checked plan.

A point that found no plan (infeasible, a solver failure, the time limit before any plan)
is kept with its reason, never dropped: a study that silently lost its hard points would
overstate how well the mandate holds. Nothing here solves: the pipeline hands in the
plans or the reasons.
"""

from __future__ import annotations

from collections import Counter
from typing import Any, Literal

from ..mandate.schema import PRIORITIES
from ..version import __version__
from .base import SCHEMA_VERSION, Frozen
from .plan import Plan


class SweepPoint(Frozen):
    """One point: the swept values, and what its plan gives (or why there is none)."""

    point: int
    """1-based, in the order of the grid."""
    values: dict[str, Any]
    """Each swept path and its value at this point, as TOML gave it."""
    status: str
    """The plan's status (``optimal``, ``time_limit``), or ``infeasible`` or ``error``
    where the point has no plan."""
    shortfall_person_months: dict[str, float] | None
    total_cost: float | None
    peak_persons: int | None
    """The persons deployed in the busiest phase."""
    stopped_stage: str | None
    """The stage the time limit stopped (the first not proven optimal), if any."""
    gap: float | None
    """That stage's gap when it stopped."""
    reason: str | None
    """Why the point has no plan, or why it is not proven optimal."""
    limits: list[str] | None = None
    """The key paths of the limits the plan reaches that keep a shortfall open, as
    ``explain`` lists them (each once, in its order); None when not asked for
    (``--no-limits``) or when the point has no plan."""
    limit_kinds: dict[str, int] | None = None
    """How many of ``limits`` are of each kind (pool, budget, consent, ...): a path
    reached in several phases or by several tasks counts once."""

    def shortfall_at_or_above(self, priority: str) -> float:
        """Shortfall person-months of ``priority`` and higher (0 for a point without a
        plan, which ``status`` reports)."""
        if self.shortfall_person_months is None:
            return 0.0
        cut = PRIORITIES.index(priority) + 1  # type: ignore[arg-type]
        return sum(self.shortfall_person_months[p] for p in PRIORITIES[:cut])


class Sweep(Frozen):
    """``forcesize sweep``: the axes and every point."""

    schema_version: int
    kind: Literal["sweep"]
    forcesize_version: str
    mandate: str
    currency: str
    solver: str
    axes: list[str]
    """The swept paths, in the order of the ``--set`` options (held ones included)."""
    zipped: bool
    explained: bool
    """Whether each point names the limits that keep it short (``limits``)."""
    points: list[SweepPoint]


def point_of(index: int, values: dict[str, Any], plan: Plan,
             reached: list[tuple[str, str]] | None = None) -> SweepPoint:
    """The row of a point that has a plan, with the limits its explanation names as
    (kind, key path) pairs, in its order."""
    limits = kinds = None
    if reached is not None:
        distinct = list(dict.fromkeys(reached))
        limits = list(dict.fromkeys(path for _, path in distinct))
        kinds = dict(Counter(kind for kind, _ in distinct))
    stopped = next((s for s in plan.stages if s.status == "time_limit"), None)
    return SweepPoint(point=index, values=values, status=plan.status,
                      shortfall_person_months=dict(plan.shortfall_person_months),
                      total_cost=plan.total_cost,
                      peak_persons=max((p.deployed for p in plan.phases), default=0),
                      stopped_stage=stopped.stage if stopped is not None else None,
                      gap=stopped.gap if stopped is not None else None,
                      reason=None if stopped is None else
                      f"stopped at the time limit in the {stopped.stage.replace('_', ' ')} "
                      "stage: the best plan found, not proven optimal",
                      limits=limits, limit_kinds=kinds)


def failed_point(index: int, values: dict[str, Any], status: str, reason: str
                 ) -> SweepPoint:
    """The row of a point without a plan, with its reason."""
    return SweepPoint(point=index, values=values, status=status,
                      shortfall_person_months=None, total_cost=None, peak_persons=None,
                      stopped_stage=None, gap=None, reason=reason)


def build_sweep(mandate: str, currency: str, solver: str, axes: list[str], zipped: bool,
                explained: bool, points: list[SweepPoint]) -> Sweep:
    return Sweep(schema_version=SCHEMA_VERSION, kind="sweep", forcesize_version=__version__,
                 mandate=mandate, currency=currency, solver=solver, axes=axes, zipped=zipped,
                 explained=explained, points=points)
