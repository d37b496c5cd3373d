"""Limits on persons: the requirement, pools, shares of a phase, groups, multinational
tasks and commitments."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

from ...fmt import number, percent
from ...mandate.derive import Derived
from ..naming import Family, Key
from .base import ConflictContext, Figures, Ids, Limit, Move, PerPool, Reason, Row, Step


class NeedCover(Limit):
    family = Family.NEED_COVER_EQ
    role = "requirement"
    kind = "requirement"
    rank = 0
    meaning = ("Each requirement is met, declared short, or over-covered by less than one "
               "unit: Σ x + shortfall − excess = R.")

    key_ids = ("task", "capability", "phase")
    grouped_by = ("task",)

    def conflict(self, d: Derived, entity: Ids, ctx: ConflictContext) -> str:
        tid = entity[0]
        needs = {r.capability: r.required for r in d.requirements if r.task == tid}
        listed = ", ".join(f"{number(n)} {cap}" for cap, n in needs.items())
        return (f"{tid} needs no more than {listed} in each of its phases (task.{tid}.need); "
                "nobody deploys beyond a requirement.")


class PoolMax(PerPool):
    family = Family.POOL_MAX
    kind = "pool"
    rank = 1
    meaning = "A contributor's persons of a capability in a phase are shared by its tasks."
    step = Step(100, "persons", "100 more persons, in every phase")

    def conflict(self, d: Derived, entity: Ids, ctx: ConflictContext) -> str:
        cid, cap = entity
        pools = sorted({d.pool(cid, cap, p) for p in d.phases})
        amount = number(pools[0]) if len(pools) == 1 else \
            f"{number(pools[0])} to {number(pools[-1])} (by phase)"
        return f"{cid} has {amount} {cap} available ({d.pool_path(cid, cap, d.phases[0])})."

    def limit_line(self, d: Derived, row: Row) -> str:
        cid, cap, phase = row.key.ids
        return (f"{cid}'s {cap} pool is exhausted in {phase}: {number(row.activity)} of "
                f"{number(row.rhs)} deployed")

    def reason(self, d: Derived, row: Row, move: Move) -> Reason:
        cid, cap, phase = row.key.ids
        if move.idle > 0:  # persons are left, but fewer than one whole unit
            return Reason("unit", f"{cid}: {number(move.idle)} {cap} idle in {phase}, less "
                          f"than {d.unit_words(cid, cap)}",
                          f"a larger {cap} pool (or smaller units) from {{who}}",
                          d.unit_size_path(cid, cap))
        tasks = ", ".join(f"{t} ({number(n)})" for t, n in sorted(row.by_task().items()))
        return Reason("pool", f"{cid}: all {number(row.rhs)} {cap} are deployed in {phase}, "
                      f"on {tasks}", f"more {cap} from {{who}}", row.path)

    def change(self, d: Derived, entity: Ids) -> str:
        cid, cap = entity
        return f"100 more deployable {cap} from {cid} (in every phase)"

    def path(self, d: Derived, entity: Ids) -> str:
        cid, cap = entity
        return d.pool_path(cid, cap, d.phases[0]) if d.phases else ""

    def edits(self, d: Derived, entity: Ids) -> dict[str, Any] | None:
        cid, cap = entity
        c = d.mandate.contributor[cid]
        out: dict[str, Any] = {}
        for phase in d.phases:
            if d.pool(cid, cap, phase) <= 0:
                continue
            path = d.pool_path(cid, cap, phase)
            if ".standing." in path:
                ratio = d.mandate.capability[cap].sustainment_ratio
                out[path] = c.standing[cap] + math.ceil(100 * ratio)
            elif ".available_by_phase." in path:
                out[path] = c.available_by_phase[phase][cap] + 100
            else:
                out[path] = c.available[cap] + 100
        return out or None


class _ShareOfPhase(Limit):
    """A bound on a share of a phase's persons: x − σ·D ≤ 0 (or ≥ 0 for a floor)."""

    step = Step(0.01, "share", "one point lower")

    key_ids = ("entity", "phase")
    grouped_by = ("entity",)

    def fields(self, ids: Ids) -> tuple[str | None, str | None, str | None]:
        return None, None, ids[1]

    def share(self, d: Derived, entity: Ids, phase: str) -> float:
        """The bound in ``phase`` (a phase override, else the entity's own)."""
        raise NotImplementedError

    def bound_path(self, d: Derived, entity: Ids, phase: str) -> str:
        """The mandate key that sets :meth:`share` in ``phase``."""
        raise NotImplementedError

    def bounded(self, d: Derived, entity: Ids, phase: str) -> bool:
        """Whether the bound binds anything in ``phase`` (a row is written there)."""
        raise NotImplementedError

    def edits(self, d: Derived, entity: Ids) -> dict[str, Any] | None:
        """One point lower in every phase it bounds: each key that sets it there (the
        entity's own, or a phase's override) one point lower."""
        out: dict[str, Any] = {}
        for phase in d.phases:
            if self.bounded(d, entity, phase):
                lower = round(self.share(d, entity, phase) - 0.01, 12)
                path = self.bound_path(d, entity, phase)
                if lower < 0 or (lower == 0 and self.family is Family.SHARE_MAX):
                    return None
                out[path if "_by_phase." in path else self.path(d, entity)] = lower
        return out or None

    def room(self, mine: float, total: float, share: float) -> float:
        """Persons that can still join the phase on the bounded side before the row binds:
        for a cap, r with mine + r ≤ share · (total + r)."""
        return (share * total - mine) / (1 - share) if share < 1 else math.inf

    def at(self, d: Derived, row: Row, bound: str, short: str = "") -> str:
        """``at its share cap in one: 15 of 25 persons, cap 60%``; where the row still has
        room, but less than the whole unit that was to be added, ``within 193 persons of its
        share cap in negotiation: 372 of 3,575 persons, cap 15%``, so that the figures do
        not seem to contradict "at"."""
        mine, total = row.total(Family.ASSIGNED), row.value(Family.DEPLOYED)
        share = self.share(d, row.key.ids[:1], row.key.ids[1])
        room = self.room(mine, total, share)
        where = f"at its {bound}" if not 1 <= room < math.inf else \
            f"within {number(math.floor(room + 1e-9))} persons of its {bound}"
        return (f"{where} in {row.key.ids[1]}: {number(mine)} of {number(total)} persons, "
                f"{short or bound} {percent(share)}")

    def figures(self, d: Derived, row: Row) -> Figures:
        mine, total = row.total(Family.ASSIGNED), row.value(Family.DEPLOYED)
        share = self.share(d, row.key.ids[:1], row.key.ids[1])
        return Figures(mine / total if total else 0.0, share, "share")

    def rate(self, d: Derived, key: Key, dual: float, primal: Mapping[Key, float]) -> float:
        # one point lower: the row's D coefficient −σ becomes −(σ − 0.01), which moves the
        # row as a right-hand side 0.01·D lower would
        return -dual * primal.get(Key(Family.DEPLOYED, (key.ids[1],)), 0.0) * 0.01


class ShareMax(_ShareOfPhase):
    family = Family.SHARE_MAX
    kind = "share_cap"
    rank = 2
    meaning = "No contributor provides more than its share cap of a phase's persons."

    key_ids = ("contributor", "phase")
    grouped_by = ("contributor",)

    def fields(self, ids: Ids) -> tuple[str | None, str | None, str | None]:
        return ids[0], None, ids[1]

    def owner(self, entity: Ids) -> tuple[str | None, str | None]:
        return entity[0], None

    def share(self, d: Derived, entity: Ids, phase: str) -> float:
        return d.max_share(entity[0], phase)

    def bound_path(self, d: Derived, entity: Ids, phase: str) -> str:
        return d.max_share_path(entity[0], phase)

    def bounded(self, d: Derived, entity: Ids, phase: str) -> bool:
        return d.max_share(entity[0], phase) < 1

    def conflict(self, d: Derived, entity: Ids, ctx: ConflictContext) -> str:
        cid = entity[0]
        required = {p: sum(r.required for r in d.requirements if r.phase == p) for p in d.phases
                    if d.max_share(cid, p) < 1}
        tightest = min(required, key=lambda p: (d.max_share(cid, p) * required[p],
                                                d.phases.index(p)))
        share = d.max_share(cid, tightest)
        varies = len({d.max_share(cid, p) for p in d.phases}) > 1
        return (f"{cid} may provide at most {percent(share)} of the persons deployed in "
                f"{tightest if varies else 'a phase'} ({d.max_share_path(cid, tightest)}); in "
                f"{tightest} the tasks require {number(required[tightest])} persons in all, "
                f"so at most {number(int(share * required[tightest]))}.")

    def limit_line(self, d: Derived, row: Row) -> str:
        return f"{row.key.ids[0]} is {self.at(d, row, 'share cap', 'cap')}"

    def reason(self, d: Derived, row: Row, move: Move) -> Reason:
        return Reason(self.kind, f"{move.contributor}: {self.at(d, row, 'share cap', 'cap')}, "
                      f"with {number(move.idle)} {move.capability} idle",
                      "a higher share cap for {who}", row.path)

    def change(self, d: Derived, entity: Ids) -> str:
        return f"{entity[0]}'s share cap one point lower"

    def path(self, d: Derived, entity: Ids) -> str:
        return f"contributor.{entity[0]}.max_share"  # the key that moves this cap alone


class _GroupShare(_ShareOfPhase):
    bound_key: ClassVar[str]
    word: ClassVar[str]

    key_ids = ("group", "phase")
    grouped_by = ("group",)

    def share(self, d: Derived, entity: Ids, phase: str) -> float:
        return d.group_share(entity[0], phase, self.bound_key) or 0.0

    def bound_path(self, d: Derived, entity: Ids, phase: str) -> str:
        return d.group_share_path(entity[0], phase, self.bound_key)

    def bounded(self, d: Derived, entity: Ids, phase: str) -> bool:
        bound = d.group_share(entity[0], phase, self.bound_key)
        return bound is not None and (bound > 0 if self.bound_key == "min_share" else bound < 1)

    def conflict(self, d: Derived, entity: Ids, ctx: ConflictContext) -> str:
        gid = entity[0]
        members = ", ".join(d.mandate.group[gid].members)
        bounds = {p: (self.share(d, entity, p), self.bound_path(d, entity, p))
                  for p in d.phases if self.bounded(d, entity, p)}
        if len(set(bounds.values())) == 1:
            share, path = next(iter(bounds.values()))
            return (f"group {gid} ({members}) provides {self.word} {percent(share)} of the "
                    f"persons deployed in a phase ({path}).")
        each = "; ".join(f"{percent(share)} in {p} ({path})"
                         for p, (share, path) in bounds.items())
        return f"group {gid} ({members}) provides {self.word}: {each}."

    def path(self, d: Derived, entity: Ids) -> str:
        return f"group.{entity[0]}.{self.bound_key}"


class GroupMax(_GroupShare):
    family = Family.GROUP_MAX
    kind = "group_cap"
    rank = 3
    bound_key = "max_share"
    word = "at most"
    meaning = "A group's members provide at most its max_share of a phase's persons."

    def limit_line(self, d: Derived, row: Row) -> str:
        return f"group {row.key.ids[0]} is {self.at(d, row, 'cap')}"

    def reason(self, d: Derived, row: Row, move: Move) -> Reason:
        gid = row.key.ids[0]
        return Reason(self.kind, f"{move.contributor}: group {gid} is {self.at(d, row, 'cap')}, "
                      f"with {number(move.idle)} {move.capability} idle",
                      f"a higher cap for group {gid} (for {{who}})", row.path)

    def change(self, d: Derived, entity: Ids) -> str:
        return f"group {entity[0]}'s cap one point lower"


class GroupMin(_GroupShare):
    family = Family.GROUP_MIN
    kind = "group_floor"
    rank = 4
    bound_key = "min_share"
    word = "at least"
    meaning = "A group's members provide at least its min_share of a phase's persons."

    def room(self, mine: float, total: float, share: float) -> float:
        """Persons from outside the group that can still join before the floor binds: r
        with mine ≥ share · (total + r)."""
        return mine / share - total if share > 0 else math.inf

    def limit_line(self, d: Derived, row: Row) -> str:
        return f"group {row.key.ids[0]} is {self.at(d, row, 'floor')}"

    def reason(self, d: Derived, row: Row, move: Move) -> Reason:
        gid = row.key.ids[0]
        return Reason(self.kind, f"{move.contributor}: more persons from outside group {gid} "
                      f"would take it below its floor; it is {self.at(d, row, 'floor')}",
                      f"a lower floor for group {gid}, or more from its members (for {{who}})",
                      row.path)

    def change(self, d: Derived, entity: Ids) -> str:
        return f"group {entity[0]}'s floor one point lower"


class Multinational(Limit):
    family = Family.MULTINATIONAL_MIN
    kind = "multinational"
    rank = 5
    meaning = "A multinational task, whenever staffed, has at least min_contributors."
    step = Step(1, "contributors", "one contributor fewer")

    key_ids = ("task", "phase")
    grouped_by = ("task",)

    def fields(self, ids: Ids) -> tuple[str | None, str | None, str | None]:
        return None, None, ids[1]

    def figures(self, d: Derived, row: Row) -> Figures:
        n = d.mandate.task[row.key.ids[0]].min_contributors or 1
        return Figures(row.total(Family.SERVES), n, "contributors")

    def _able(self, d: Derived, tid: str, phase: str) -> list[str]:
        """Contributors that may serve the task and have a capability it needs then."""
        return [c for c in sorted(d.mandate.contributor) if d.eligible(c, tid, phase)
                and any(d.pool(c, k, phase) > 0 for k in d.mandate.task[tid].need)]

    def conflict(self, d: Derived, entity: Ids, ctx: ConflictContext) -> str:
        tid = entity[0]
        least = sorted({d.meaningful(tid, p) for p in d.task_phases(tid)})
        each = number(least[0]) if len(least) == 1 else \
            f"{number(least[0])} to {number(least[-1])} (by phase)"
        return (f"{tid}, when staffed, needs at least {d.mandate.task[tid].min_contributors} "
                f"distinct contributors (task.{tid}.min_contributors), each sending at least "
                f"{each} persons to count ({d.meaningful_path(tid)}).")

    def limit_line(self, d: Derived, row: Row) -> str:
        tid, phase = row.key.ids
        n = d.mandate.task[tid].min_contributors or 1
        able = self._able(d, tid, phase)
        return (f"{tid} must have {n} contributors of at least {number(d.meaningful(tid, phase))} "
                f"persons each whenever it is staffed in {phase}, and {len(able)} may serve "
                f"it then ({', '.join(able) or 'none'})")

    def reason(self, d: Derived, row: Row, move: Move) -> Reason:
        tid, phase = row.key.ids
        n = d.mandate.task[tid].min_contributors or 1
        able = self._able(d, tid, phase)
        if len(able) < n:
            return Reason(self.kind, f"{move.contributor}: {tid} must have {n} contributors "
                          f"when staffed, and only {len(able)} may serve it in {phase}",
                          f"another contributor that may serve {tid}, besides {{who}}",
                          row.path)
        serving = round(row.total(Family.SERVES))
        least = number(d.meaningful(tid, phase))
        return Reason(self.kind, f"{move.contributor}: {tid} must have {n} contributors of at "
                      f"least {least} persons each when staffed in {phase}, and it has "
                      f"{serving}; of the {len(able)} that may serve it, the others cannot "
                      "send that many",
                      f"persons from {n - 1} more contributors on {tid} besides {{who}}",
                      row.path)

    def rate(self, d: Derived, key: Key, dual: float, primal: Mapping[Key, float]) -> float:
        # one contributor fewer: Σ serves − (n − 1)·staffed ≥ 0 moves as a rhs lower by staffed
        return -dual * primal.get(Key(Family.STAFFED, key.ids), 0.0)

    def change(self, d: Derived, entity: Ids) -> str:
        return f"one contributor fewer required on {entity[0]}"

    def path(self, d: Derived, entity: Ids) -> str:
        return f"task.{entity[0]}.min_contributors"

    def edits(self, d: Derived, entity: Ids) -> dict[str, Any] | None:
        n = d.mandate.task[entity[0]].min_contributors or 1
        return {self.path(d, entity): n - 1} if n > 1 else None


class CommitmentMin(Limit):
    family = Family.COMMITMENT_MIN
    kind = "commitment"
    rank = 99
    meaning = ("A contributor's committed minimum deployment in every phase: a hard row that "
               "can make a mandate infeasible.")
    step = Step(1, "persons", "one more person, in every phase")

    key_ids = ("contributor", "phase")
    grouped_by = ("contributor",)

    def fields(self, ids: Ids) -> tuple[str | None, str | None, str | None]:
        return ids[0], None, ids[1]

    def owner(self, entity: Ids) -> tuple[str | None, str | None]:
        return entity[0], None

    def conflict(self, d: Derived, entity: Ids, ctx: ConflictContext) -> str:
        m = d.mandate
        cid = entity[0]
        floors = {p: d.min_personnel(cid, p) for p in d.phases if d.min_personnel(cid, p)}
        floor = max(floors.values(), default=0)
        if len(set(floors.values())) > 1 or m.contributor[cid].min_personnel_by_phase:
            sentence = f"{cid} commits to at least " + ", ".join(
                f"{number(n)} persons in {p} ({d.min_personnel_path(cid, p)})"
                for p, n in floors.items())
        else:
            every = "every phase" if m.contributor[cid].phases is None else \
                f"each of its phases ({', '.join(p for p in d.phases if d.present(cid, p))})"
            sentence = (f"{cid} commits to at least {number(floor)} persons in {every} "
                        f"(contributor.{cid}.min_personnel)")
        if ctx.families <= {Family.COMMITMENT_MIN, Family.NEED_COVER_EQ, Family.POOL_MAX}:
            tasks = [t for t in sorted(m.task)
                     if any(d.eligible(cid, t, p) for p in floors)]
            sentence += (f"; consent and caveats let it serve only {len(tasks)} of the "
                         f"{len(m.task)} tasks: {', '.join(tasks)}" if tasks
                         else "; consent and caveats leave it no task to serve")
            lifted = {e for f, e in ctx.lifted if f is Family.POOL_MAX}
            short = [f"{p} at most {number(n)}"
                     for p, n in _most_deployable(d, cid, lifted).items()
                     if n < floors.get(p, 0)]
            if tasks and short:
                sentence += (" — with its pools and what those tasks need, it can deploy in "
                             + ", ".join(short))
        return sentence + "."

    def limit_line(self, d: Derived, row: Row) -> str:
        cid, phase = row.key.ids
        return (f"{cid} deploys exactly its committed minimum of {number(row.rhs)} persons in "
                f"{phase}")

    def reason(self, d: Derived, row: Row, move: Move) -> Reason:
        raise AssertionError("one more person never breaks a minimum")  # pragma: no cover

    def rate(self, d: Derived, key: Key, dual: float, primal: Mapping[Key, float]) -> float:
        return dual

    def change(self, d: Derived, entity: Ids) -> str:
        return f"one more person committed by {entity[0]} (in every phase)"

    def path(self, d: Derived, entity: Ids) -> str:
        return f"contributor.{entity[0]}.min_personnel"

    def edits(self, d: Derived, entity: Ids) -> dict[str, Any] | None:
        cid = entity[0]
        out: dict[str, Any] = {}
        for phase in d.phases:
            floor = d.min_personnel(cid, phase)
            if floor:
                path = d.min_personnel_path(cid, phase)
                out[path if "_by_phase." in path else self.path(d, entity)] = floor + 1
        return out or None


def _most_deployable(d: Derived, cid: str, lifted: Iterable[Ids]) -> dict[str, int]:
    """Per phase it takes part in, the most ``cid`` could deploy: each pool (unless lifted
    by an earlier conflict), capped by what the tasks it may serve need of that capability
    then."""
    lifted = set(lifted)
    out = {}
    for phase in d.phases:
        if not d.present(cid, phase):
            continue
        need: dict[str, int] = {}
        for r in d.requirements:
            if r.phase == phase and d.eligible(cid, r.task, phase):
                need[r.capability] = need.get(r.capability, 0) + r.required
        out[phase] = sum(need.get(cap, 0) if (cid, cap) in lifted
                         else min(d.pool(cid, cap, phase), need.get(cap, 0))
                         for cap in d.mandate.capability)
    return out
