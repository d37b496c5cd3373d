"""Who the mission cannot afford to lose: the plan with each contributor, and each group,
withdrawn in turn (``forcesize risk --withdraw-each``, issue 16 item 3).

Each withdrawal is a :class:`~forcesize.results.sweep.SweepPoint` of its own checked,
re-optimised plan (or its reason for having none), beside the base plan. Rows are ranked
as the preemptive objective ranks plans: by the essential shortfall the loss adds, then
the important, then the desirable, then the cost; a withdrawal that leaves no plan ranks
first. A contributor the base plan does not use is not re-solved: taking away an option
an optimal plan does not use leaves that plan optimal, so its figures are the base's.
Nothing here solves.
"""

from __future__ import annotations

from typing import Literal

from ..mandate.schema import PRIORITIES
from ..version import __version__
from .base import SCHEMA_VERSION, Frozen
from .plan import Plan
from .sensitivity import METRICS, metric
from .sweep import SweepPoint


class WithdrawalRow(Frozen):
    """One contributor, or one group, withdrawn, and the plan without it."""

    rank: int
    """1 = its loss hurts the plan most (see the module's ranking)."""
    withdrawn: str
    kind: Literal["contributor", "group"]
    members: list[str]
    persons: int
    """Persons the base plan has from it in its largest phase (0: not used, not re-solved)."""
    point: SweepPoint
    """The plan without it (the base's figures when ``persons`` is 0)."""
    added: dict[str, float] | None
    """Shortfall person-months its loss adds, by priority; None when no plan is left."""
    cost_change: float | None
    """Total cost without it, minus the base's; None when no plan is left."""


class Withdrawals(Frozen):
    """``forcesize risk --withdraw-each``: the base plan and every withdrawal, ranked."""

    schema_version: int
    kind: Literal["withdraw_each"]
    forcesize_version: str
    mandate: str
    currency: str
    solver: str
    base: SweepPoint
    rows: list[WithdrawalRow]
    solves: int
    """Plans solved, the base's included."""


def persons_from(plan: Plan, members: tuple[str, ...]) -> int:
    """Persons the plan has from ``members`` together in its largest phase for them."""
    by_phase: dict[str, int] = {}
    for a in plan.allocations:
        if a.contributor in members:
            by_phase[a.phase] = by_phase.get(a.phase, 0) + a.personnel
    return max(by_phase.values(), default=0)


def compared(base: SweepPoint, point: SweepPoint
             ) -> tuple[dict[str, float] | None, float | None]:
    """(shortfall added by priority, cost change) of ``point`` against ``base``."""
    changes: dict[str, float] = {}
    for name in METRICS:
        now, before = metric(point, name), metric(base, name)
        if now is None or before is None:
            return None, None
        changes[name] = round(now - before, 2)
    return changes, changes.pop("cost")


def ranked(rows: list[WithdrawalRow]) -> list[WithdrawalRow]:
    """``rows`` in rank order, numbered: no plan left first, then by the shortfall added
    (highest priority first), then by the cost change, the name breaking ties."""

    def key(row: WithdrawalRow) -> tuple[int, tuple[float, ...], str, str]:
        if row.added is None or row.cost_change is None:
            return (0, (), row.kind, row.withdrawn)
        return (1, (*(-row.added[p] for p in PRIORITIES), -row.cost_change), row.kind,
                row.withdrawn)

    return [row.model_copy(update={"rank": i})
            for i, row in enumerate(sorted(rows, key=key), 1)]


def build_withdrawals(mandate: str, currency: str, solver: str, base: SweepPoint,
                      rows: list[WithdrawalRow], solves: int) -> Withdrawals:
    return Withdrawals(schema_version=SCHEMA_VERSION, kind="withdraw_each",
                       forcesize_version=__version__, mandate=mandate, currency=currency,
                       solver=solver, base=base, rows=ranked(rows), solves=solves)
