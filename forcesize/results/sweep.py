"""A sweep: one row per point of a grid of overrides, each from its own checked plan.

A point that found no plan (infeasible, a solver failure, the time limit before any plan)
is kept with its reason, never dropped: a study that silently lost its hard points would
overstate how well the mandate holds. Nothing here solves: the pipeline hands in the
plans or the reasons.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from typing import Any, Literal

from pydantic import Field

from ..mandate.grid import SWEEP_METRICS
from ..version import __version__
from .base import SCHEMA_VERSION, Frozen
from .plan import Plan, at_or_above


class SweepPoint(Frozen):
    """One point: the swept values, and what its plan gives (or why there is none)."""

    point: int
    """1-based, in the order of the grid."""
    key: str
    """What the point's figures rest on, hashed (:func:`point_key`): a resumed sweep
    reuses a row whose key it finds and solves the others."""
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
        return at_or_above(self.shortfall_person_months, priority)


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
    metrics: tuple[str, ...] = Field(SWEEP_METRICS, exclude=True)
    """Which of ``SWEEP_METRICS`` (``mandate/grid.py``) the table, markdown and CSV show,
    in this order; JSON lines always carry every figure."""


def point_key(data: dict[str, Any], solver: str, time_limit: float | None,
              explained: bool) -> str:
    """A hash of the point's whole mandate (the base with its overrides merged), the
    solver, the time limit, whether limits are named, and the forcesize version: equal
    keys mean the same figures, so a row can be reused."""
    doc = {"mandate": data, "solver": solver, "time_limit": time_limit,
           "explained": explained, "forcesize": __version__}
    text = json.dumps(doc, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def point_of(index: int, key: str, values: dict[str, Any], plan: Plan,
             reached: list[tuple[str, str]] | None = None) -> SweepPoint:
    """The row of a point that has a plan, with the limits its explanation names as
    (kind, key path) pairs, in its order."""
    limits = kinds = None
    if reached is not None:
        distinct = list(dict.fromkeys(reached))
        limits = list(dict.fromkeys(path for _, path in distinct))
        kinds = dict(Counter(kind for kind, _ in distinct))
    stopped = next((s for s in plan.stages if s.status == "time_limit"), None)
    return SweepPoint(point=index, key=key, values=values, status=plan.status,
                      shortfall_person_months=dict(plan.shortfall_person_months),
                      total_cost=plan.total_cost,
                      peak_persons=max((p.deployed for p in plan.phases), default=0),
                      stopped_stage=stopped.stage if stopped is not None else None,
                      gap=stopped.gap if stopped is not None else None,
                      reason=None if stopped is None else
                      f"stopped at the time limit in the {stopped.stage.replace('_', ' ')} "
                      "stage: the best plan found, not proven optimal",
                      limits=limits, limit_kinds=kinds)


def failed_point(index: int, key: str, values: dict[str, Any], status: str, reason: str
                 ) -> SweepPoint:
    """The row of a point without a plan, with its reason."""
    return SweepPoint(point=index, key=key, values=values, status=status,
                      shortfall_person_months=None, total_cost=None, peak_persons=None,
                      stopped_stage=None, gap=None, reason=reason)


def build_sweep(mandate: str, currency: str, solver: str, axes: list[str], zipped: bool,
                explained: bool, points: list[SweepPoint]) -> Sweep:
    return Sweep(schema_version=SCHEMA_VERSION, kind="sweep", forcesize_version=__version__,
                 mandate=mandate, currency=currency, solver=solver, axes=axes, zipped=zipped,
                 explained=explained, points=points)


def rows_by_key(text: str) -> dict[str, SweepPoint]:
    """The rows of earlier JSON lines by key, for a resumed sweep: lines of another kind or
    schema, or that do not parse, are skipped (they are not this sweep's)."""
    out: dict[str, SweepPoint] = {}
    for line in text.splitlines():
        try:
            doc = json.loads(line)
            if doc.get("kind") != "sweep_point" or doc.get("schema_version") != SCHEMA_VERSION:
                continue
            row = SweepPoint.model_validate(doc)
        except (ValueError, AttributeError):
            continue
        out[row.key] = row
    return out
