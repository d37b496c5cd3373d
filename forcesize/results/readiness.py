"""Readiness by phase: how many of a plan's persons could arrive within each readiness
level's days, and how a phase's readiness requirement (``phase.ID.ready``) is met."""

from __future__ import annotations

from collections import defaultdict

from ..mandate.derive import Derived
from .base import Frozen


class ReadinessRow(Frozen):
    """One phase's persons by how soon they can deploy."""

    phase: str
    deployed: int
    ready_within: dict[str, int]
    """Persons deployed in the phase that are ready within each readiness level's days, by
    level id, fastest level first (cumulative: a level counts the faster ones too): a
    contributor's persons of a capability, up to what it holds at that level or a faster
    one (``contributor.ID.ready``)."""
    within: str | None = None
    """The level the phase's readiness requirement names; null without one."""
    share: float | None = None
    """The share of the persons counted that must be ready in time."""
    tasks: list[str] | None = None
    """The tasks the requirement counts (null: every task)."""
    counted: int = 0
    """Persons on the tasks the requirement counts."""
    counted_ready: int = 0
    """Of those, persons ready in time (``Derived.ready_pool`` per contributor and
    capability)."""


def readiness_rows(d: Derived, allocations: list[tuple[str, str, str, str, int]]
                   ) -> list[ReadinessRow]:
    """Every phase's row, from allocations given as (contributor, capability, task, phase,
    persons); none when the mandate defines no readiness level."""
    m = d.mandate
    if not m.readiness:
        return []
    levels = sorted(m.readiness, key=lambda lv: (m.readiness[lv].days, lv))
    persons: dict[tuple[str, str, str], int] = defaultdict(int)
    counted: dict[tuple[str, str, str], int] = defaultdict(int)
    scopes = {phase: d.ready_scope(phase) for phase in d.phases}
    for cid, cap, tid, phase, n in allocations:
        persons[cid, cap, phase] += n
        if tid in scopes[phase]:
            counted[cid, cap, phase] += n
    rows = []
    for phase in d.phases:
        here = {(c, k): n for (c, k, p), n in persons.items() if p == phase}
        within = {level: sum(min(n, d.ready_within(c, k, level, phase))
                             for (c, k), n in here.items()) for level in levels}
        need = m.phase[phase].ready
        scope = {(c, k): n for (c, k, p), n in counted.items() if p == phase}
        rows.append(ReadinessRow(
            phase=phase, deployed=sum(here.values()), ready_within=within,
            within=None if need is None else need.within,
            share=None if need is None else need.share,
            tasks=None if need is None or need.tasks is None else list(need.tasks),
            counted=sum(scope.values()),
            counted_ready=sum(min(n, d.ready_pool(c, k, phase)) for (c, k), n in scope.items())
            if need is not None else 0))
    return rows
