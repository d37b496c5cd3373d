"""Limits of readiness: a phase that must draw on forces ready in time (``phase.ID.ready``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ...fmt import number, percent
from ...mandate.derive import Derived
from ..naming import Family, Key
from .base import ConflictContext, Figures, Ids, Limit, Move, PerPool, Reason, Row, Step


def _within(d: Derived, phase: str) -> str:
    """``within rapid (30 days)``: the phase's readiness level in words."""
    need = d.mandate.phase[phase].ready
    assert need is not None
    level = d.mandate.readiness[need.within]
    return f"within {need.within} ({number(level.days)} days)"


def _ready_phases(d: Derived) -> list[str]:
    return [p for p in d.phases if d.mandate.phase[p].ready is not None]


class ReadyMax(PerPool):
    family = Family.READY_MAX
    kind = "readiness"
    rank = 16
    meaning = ("The persons a phase's readiness requirement counts come, up to its share, "
               "from forces held at its level or a faster one: a contributor's persons there "
               "beyond those are late.")
    step = Step(100, "persons", "100 more persons ready in time")

    def conflict(self, d: Derived, entity: Ids, ctx: ConflictContext) -> str:
        cid, cap = entity
        held = "; ".join(f"{number(d.ready_pool(cid, cap, p))} ready {_within(d, p)} for {p} "
                         f"({d.ready_path(cid, cap, p)})" for p in _ready_phases(d))
        return f"{cid} holds {cap} ready in time: {held}."

    def limit_line(self, d: Derived, row: Row) -> str:
        cid, cap, phase = row.key.ids
        return (f"{cid}'s {cap} ready {_within(d, phase)} are all deployed in {phase}: "
                f"{number(row.total(Family.ASSIGNED) - row.value(Family.LATE))} of "
                f"{number(row.rhs)}")

    def reason(self, d: Derived, row: Row, move: Move) -> Reason:
        cid, cap, phase = row.key.ids
        return Reason(self.kind, f"{cid}: its {number(row.rhs)} {cap} ready "
                      f"{_within(d, phase)} are all deployed in {phase}, with "
                      f"{number(move.idle)} {cap} idle that are not ready in time",
                      f"more {cap} ready in time from {{who}}", row.path)

    def change(self, d: Derived, entity: Ids) -> str:
        cid, cap = entity
        return f"100 more {cap} from {cid} ready in time (at each phase's level)"

    def path(self, d: Derived, entity: Ids) -> str:
        cid, cap = entity
        phases = _ready_phases(d)
        return d.ready_path(cid, cap, phases[0]) if phases else ""

    def edits(self, d: Derived, entity: Ids) -> dict[str, Any] | None:
        cid, cap = entity
        ready = d.mandate.contributor[cid].ready
        out: dict[str, Any] = {}
        for phase in _ready_phases(d):
            need = d.mandate.phase[phase].ready
            assert need is not None
            out[d.ready_path(cid, cap, phase)] = ready.get(need.within, {}).get(cap, 0) + 100
        return out or None


class ReadyShare(Limit):
    family = Family.READY_SHARE_MIN
    kind = "ready_share"
    rank = 17
    meaning = ("At least a phase's readiness share of the persons it counts come from forces "
               "ready in time.")
    step = Step(0.01, "share", "one point lower")

    key_ids = ("phase",)
    grouped_by = ("phase",)

    def fields(self, ids: Ids) -> tuple[str | None, str | None, str | None]:
        return None, None, ids[0]

    def _counted(self, row: Row) -> tuple[float, float]:
        """(persons counted, persons of them late) in the row."""
        return row.total(Family.ASSIGNED), sum(t.value for t in row.terms
                                               if t.key.family is Family.LATE)

    def figures(self, d: Derived, row: Row) -> Figures:
        counted, late = self._counted(row)
        need = d.mandate.phase[row.key.ids[0]].ready
        assert need is not None
        return Figures(1 - late / counted if counted else 1.0, need.share, "share")

    def _scope(self, d: Derived, phase: str) -> str:
        need = d.mandate.phase[phase].ready
        assert need is not None
        return f"on {', '.join(need.tasks)}" if need.tasks else "in all"

    def conflict(self, d: Derived, entity: Ids, ctx: ConflictContext) -> str:
        phase = entity[0]
        need = d.mandate.phase[phase].ready
        assert need is not None
        return (f"at least {percent(need.share)} of the persons deployed in {phase} "
                f"({self._scope(d, phase)}) come from forces ready {_within(d, phase)} "
                f"(phase.{phase}.ready.share).")

    def limit_line(self, d: Derived, row: Row) -> str:
        phase = row.key.ids[0]
        counted, late = self._counted(row)
        need = d.mandate.phase[phase].ready
        assert need is not None
        return (f"{phase} is at its readiness share: {number(counted - late)} of "
                f"{number(counted)} persons {self._scope(d, phase)} ready {_within(d, phase)}, "
                f"at least {percent(need.share)}")

    def reason(self, d: Derived, row: Row, move: Move) -> Reason:
        phase = row.key.ids[0]
        need = d.mandate.phase[phase].ready
        assert need is not None
        return Reason(self.kind, f"{move.contributor}: more {move.capability} not ready "
                      f"{_within(d, phase)} would take {phase} below its readiness share of "
                      f"{percent(need.share)}",
                      f"a lower readiness share for {phase}, or {move.capability} ready in "
                      f"time from {{who}}", row.path)

    def rate(self, d: Derived, key: Key, dual: float, primal: Mapping[Key, float]) -> float:
        # one point lower: each counted person's coefficient 1 − share rises by 0.01, which
        # moves the row as a right-hand side 0.01 · (persons counted) lower would
        phase = key.ids[0]
        scope = d.ready_scope(phase)
        counted = sum(v for k, v in primal.items() if k.family is Family.ASSIGNED
                      and k.ids[3] == phase and k.ids[2] in scope)
        return -dual * counted * 0.01

    def change(self, d: Derived, entity: Ids) -> str:
        return f"{entity[0]}'s readiness share one point lower"

    def path(self, d: Derived, entity: Ids) -> str:
        return f"phase.{entity[0]}.ready.share"

    def edits(self, d: Derived, entity: Ids) -> dict[str, Any] | None:
        need = d.mandate.phase[entity[0]].ready
        assert need is not None
        lower = round(need.share - 0.01, 12)
        return {self.path(d, entity): lower} if lower > 0 else None
