"""A sweep: one row per point of a grid of overrides, each from its own checked plan.

A point that found no plan (infeasible, a solver failure, the time limit before any plan)
is kept with its reason, never dropped: a study that silently lost its hard points would
overstate how well the mandate holds. Nothing here solves: the pipeline hands in the
plans or the reasons.
"""

from __future__ import annotations

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
    cost_gap: float | None
    """The relative gap of the cost stage where it stopped short of a proof."""
    reason: str | None
    """Why the point has no plan, or why it is not proven optimal."""

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
    points: list[SweepPoint]


def point_of(index: int, values: dict[str, Any], plan: Plan) -> SweepPoint:
    """The row of a point that has a plan."""
    gap = None
    if plan.status != "optimal":
        gap = next((s.gap for s in plan.stages if s.stage == "cost"), None)
    return SweepPoint(point=index, values=values, status=plan.status,
                      shortfall_person_months=dict(plan.shortfall_person_months),
                      total_cost=plan.total_cost,
                      peak_persons=max((p.deployed for p in plan.phases), default=0),
                      cost_gap=gap,
                      reason=None if plan.status == "optimal" else
                      "stopped at the time limit: the figures are the best plan found")


def failed_point(index: int, values: dict[str, Any], status: str, reason: str
                 ) -> SweepPoint:
    """The row of a point without a plan, with its reason."""
    return SweepPoint(point=index, values=values, status=status,
                      shortfall_person_months=None, total_cost=None, peak_persons=None,
                      cost_gap=None, reason=reason)


def build_sweep(mandate: str, currency: str, solver: str, axes: list[str], zipped: bool,
                points: list[SweepPoint]) -> Sweep:
    return Sweep(schema_version=SCHEMA_VERSION, kind="sweep", forcesize_version=__version__,
                 mandate=mandate, currency=currency, solver=solver, axes=axes, zipped=zipped,
                 points=points)
