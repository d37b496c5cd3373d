"""Warnings: input that is legal but probably not what the planner meant.

Each check is one function yielding warning :class:`Issue` records. The warnings
run only on a whole, valid mandate; they tolerate broken references (they skip
what they cannot evaluate), since those are reported as errors anyway. Every
figure they reason about (requirements, pools, eligibility, money by phase) is
read from ``derive.py``, never recomputed here.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterator
from fractions import Fraction

from ..errors import Issue
from .derive import THROUGHPUT, Derived, Requirement, exact
from .host import host_evaluable
from .rules import evaluable as derivable
from .schema import Contributor, Mandate
from .schemes import scheme_payers_declared
from .shares import shares_evaluable
from .suggest import did_you_mean

Check = Callable[[Mandate], Iterator[Issue]]
"""A warning check: the mandate → its warnings."""



class _Facts:
    """What the warnings share: the model's requirements and pools (``Derived``),
    evaluated as far as the references allow. A task whose theatre does not exist (or
    whose rule uses do not resolve, :func:`~.rules.evaluable`), or
    a pool of an unknown capability, is an error reported elsewhere: such a task
    counts as needing every capability it names in every phase it runs in, and such
    a pool counts as written (there is no sustainment ratio to divide it by)."""

    def __init__(self, m: Mandate) -> None:
        self.m = m
        self.d = Derived.of(m)
        evaluable = {tid: t for tid, t in m.task.items() if derivable(m, tid)} \
            if shares_evaluable(m) and host_evaluable(m) else {}
        self.evaluable = m.model_copy(update={"task": evaluable})
        """The mandate without the tasks whose requirements cannot be evaluated."""
        requirements = (self.d if len(evaluable) == len(m.task) else
                        Derived(self.evaluable)).requirements
        self.requirements: dict[str, list[Requirement]] = {tid: [] for tid in evaluable}
        for r in requirements:
            self.requirements[r.task].append(r)
        self.needed: list[tuple[str, str, str]] = [
            (r.task, r.capability, r.phase) for r in requirements if r.required > 0]
        for tid, task in m.task.items():
            if tid not in evaluable:
                self.needed += [(tid, cap, p) for cap in task.need
                                for p in self.d.task_phases(tid)]

    def pool(self, cid: str, cap: str, phase: str | None) -> int:
        """``Derived.pool``; with ``phase`` None (a mandate without phases), the pool
        that ``available`` or ``standing`` gives in every phase."""
        c = self.m.contributor[cid]
        if phase is not None and cap in c.available_by_phase.get(phase, {}):
            return c.available_by_phase[phase][cap]
        if cap in c.available or cap not in c.standing:
            return c.available.get(cap, 0)
        if cap not in self.m.capability:
            return c.standing[cap]
        return self.d.pool(cid, cap, "") if phase is None else self.d.pool(cid, cap, phase)

    def offered(self, cid: str) -> list[str]:
        """Capabilities the contributor has anyone of, in some phase."""
        c = self.m.contributor[cid]
        caps = {*c.available, *c.standing, *(k for t in c.available_by_phase.values() for k in t)}
        phases: tuple[str | None, ...] = self.d.phases or (None,)
        return sorted(k for k in caps if any(self.pool(cid, k, p) > 0 for p in phases))

    def serves(self, cid: str) -> set[tuple[str, str]]:
        """(task, phase) pairs the contributor can put someone on: the task needs a
        capability the contributor has in that phase, and the contributor is eligible."""
        return {(t, p) for t, k, p in self.needed
                if self.pool(cid, k, p) > 0 and self.d.eligible(cid, t, p)}

    def pledges(self, cid: str) -> bool:
        """Whether the contributor pledges any money, over the horizon or by phase."""
        c = self.m.contributor[cid]
        return (c.pledge or 0) > 0 or any(v > 0 for v in c.pledge_by_phase.values())


_SHARED: list[tuple[Mandate, _Facts]] = []
"""The facts of the mandate last checked: every check of one validation reads the same,
instead of deriving the requirements again (each derivation took 6–7 ms of the default
mandate's 116 ms load; the mandate is frozen, so the facts cannot go stale)."""


def _facts(m: Mandate) -> _Facts:
    """The :class:`_Facts` of ``m``, derived once per mandate."""
    if not _SHARED or _SHARED[0][0] is not m:
        _SHARED[:] = [(m, _Facts(m))]
    return _SHARED[0][1]


def _needs(m: Mandate) -> set[tuple[str, str]]:
    """(task, capability) pairs the mandate requires someone for: the task runs in at
    least one phase and its requirement for the capability is more than 0 persons in
    one of them (or cannot be evaluated because of a broken reference, reported as an
    error)."""
    return {(t, k) for t, k, _ in _facts(m).needed}


def _listed(items: list[str], most: int = 3) -> str:
    shown = ", ".join(items[:most])
    return shown + (f" and {len(items) - most} more" if len(items) > most else "")


def _written(x: float) -> str:
    """A number as the planner wrote it, with thousands separators: ``1,800``, ``2.5``."""
    return f"{exact(x).normalize():,f}"


def _phases(phases: list[str], every: tuple[str, ...] = (), all_: str = "every phase") -> str:
    """``phase late``, ``phases early and late``; ``all_`` (``every phase``) when
    ``phases`` are all of ``every`` (and more than one)."""
    if len(phases) > 1 and set(phases) == set(every):
        return all_
    if len(phases) == 1:
        return f"phase {phases[0]}"
    return f"phases {', '.join(phases[:-1])} and {phases[-1]}"


def excluded_functions_known(m: Mandate) -> Iterator[Issue]:
    """Warn when a caveat names a function no task has: probably a misspelling."""
    functions = {t.function for t in m.task.values()}
    for cid, c in m.contributor.items():
        for i, f in enumerate(c.excluded_functions):
            if functions and f not in functions:
                yield Issue(
                    code="unused-caveat",
                    severity="warning",
                    path=f"contributor.{cid}.excluded_functions[{i}]",
                    value=repr(f),
                    message=f"no task has the function '{f}', so this caveat excludes nothing",
                    hint=did_you_mean(f, functions),
                )


def common_fund_has_pledges(m: Mandate) -> Iterator[Issue]:
    """Warn when a common fund has no pledges: nothing could then be paid for."""
    facts = _facts(m)
    if m.common_fund and m.task and not any(
        facts.pledges(cid) for cid in m.contributor
    ):
        yield Issue(
            code="empty-common-fund",
            severity="warning",
            path="objective.financing",
            value="'common-fund'",
            message="common-fund financing but no contributor pledges money, "
            "so no personnel can be paid for",
            hint="add a pledge to at least one contributor, or use financing = \"national\"",
        )


def flat_pledges_reach_a_phase(m: Mandate) -> Iterator[Issue]:
    """Warn when, under a common fund, a contributor lists every phase in
    ``pledge_by_phase`` and its flat ``pledge`` is larger: the rest has no phase to go
    to (``Derived.pledge_in_phase``) and can never be spent."""
    if not m.common_fund or not m.phase:
        return
    d = _facts(m).d
    for cid, c in m.contributor.items():
        if c.pledge is None or not c.pledge_by_phase or set(m.phase) - set(c.pledge_by_phase):
            continue
        placed = sum(d.pledge_in_phase(cid, p) for p in d.phases)
        if c.pledge - placed > 1e-9 * c.pledge:
            currency = m.mission.currency
            yield Issue(
                code="pledge-beyond-its-phases",
                severity="warning",
                path=f"contributor.{cid}.pledge",
                value=repr(c.pledge),
                message=f"pledge_by_phase lists every phase and adds up to {placed:,.0f} "
                        f"{currency}, so {c.pledge - placed:,.0f} {currency} of the pledge "
                        "has no phase to go to and can never be spent",
                hint="raise a phase's pledge, drop a phase from pledge_by_phase to give it "
                     "the rest, or lower the pledge")


def _pool_key(c: Contributor, caps: list[str]) -> str:
    """The table that gives the contributor's pools of ``caps``."""
    if any(k in c.available for k in caps) or not (c.standing or c.available_by_phase):
        return "available"
    return "standing" if any(k in c.standing for k in caps) else "available_by_phase"


def contributors_can_serve(m: Mandate) -> Iterator[Issue]:
    """Warn when a contributor is eligible for nothing: the planner listed it, but no
    plan can deploy any of its personnel.

    A contributor can serve a task in a phase when it has at least one person of a
    capability the task requires in that phase (``Derived.pool``: ``available_by_phase``,
    ``available`` or ``standing`` ÷ the sustainment ratio; a requirement of more than
    0 persons, scaled by the phase and the threat) and it is eligible for the task:
    acceptable to every party whose consent the task needs, and not caveated out of
    the task's function or theatre (``Derived.eligible``, as the model decides). A
    contributor with nothing in any phase is warned too, except a donor under
    common-fund financing (a pledge > 0), whose money is its contribution.
    """
    facts = _facts(m)
    d = facts.d
    needs = {(t, k) for t, k, _ in facts.needed}
    for cid, c in m.contributor.items():
        offered = facts.offered(cid)
        if not offered:
            if m.common_fund and facts.pledges(cid):
                continue
            yield Issue(
                code="contributor-serves-nothing",
                severity="warning",
                path=f"contributor.{cid}",
                message="has no personnel available, so it can serve no task",
                hint="list the persons it can deploy, by capability, in its available (or "
                "standing) table, or remove the contributor",
            )
            continue
        key = _pool_key(c, offered)
        wanted = sorted({tid for tid, cap in needs if cap in offered})
        in_phase = sorted({t for t, k, p in facts.needed if facts.pool(cid, k, p) > 0})
        when: dict[str, list[str]] = {}
        for t, k, p in facts.needed:
            if facts.pool(cid, k, p) > 0 and p not in when.setdefault(t, []):
                when[t].append(p)
        if not wanted:
            yield Issue(
                code="contributor-serves-nothing",
                severity="warning",
                path=f"contributor.{cid}.{key}",
                message=f"no task needs any capability it has available ({_listed(offered)}), "
                "so it can serve no task",
                hint=f"check the capability ids in its {key} table against the tasks' "
                "need tables",
            )
        elif not in_phase:
            yield Issue(
                code="contributor-serves-nothing",
                severity="warning",
                path=f"contributor.{cid}.available_by_phase",
                message=f"has {_listed(offered)} available only in phases in which no task "
                f"needs them ({_listed(wanted)} need{'s' if len(wanted) == 1 else ''} them in "
                "other phases), so it can serve no task",
                hint="check its available_by_phase table against the tasks' phases",
            )
        elif not any(d.eligible(cid, tid, p) for tid in in_phase for p in when[tid]):
            by_reason: dict[str, list[str]] = {}
            keys: set[str] = set()
            for tid in in_phase:
                why = list(dict.fromkeys(w for p in when[tid] for w in d.blockers(cid, tid, p)))
                by_reason.setdefault(" and ".join(why), []).append(tid)
                task = m.task[tid]
                if not set(d.consent_of(tid)) <= set(d.acceptable_to(cid)):
                    keys.add("acceptable_to")
                for kind, caveat in (("functions", task.function), ("theatres", task.theatre)):
                    for p in when[tid]:
                        if caveat in getattr(d, f"excluded_{kind}")(cid, p):
                            keys.add(d.caveat_path(cid, p, kind).split(".", 2)[2])
            reasons = "; ".join(f"{why} ({_listed(tids)})" for why, tids in by_reason.items())
            yield Issue(
                code="contributor-serves-nothing",
                severity="warning",
                path=f"contributor.{cid}" + (f".{keys.pop()}" if len(keys) == 1 else ""),
                message=f"may serve none of the {len(in_phase)} "
                        f"task{'s' if len(in_phase) != 1 else ''} that need its personnel: "
                f"{reasons}",
                hint="check its acceptable_to, excluded_functions and excluded_theatres, and "
                "the tasks' consent_of",
            )


def _unit_pools(m: Mandate) -> Iterator[tuple[str, str, str, int, int, list[str]]]:
    """(contributor, capability, key path, pool, unit size, phases) of every pool of a
    capability that comes in formed units (``Derived.unit_size``), for the phases in
    which a task the contributor may serve requires the capability (``Derived.eligible``)
    and that key sets the pool (``Derived.pool_path``: ``available_by_phase``, else
    ``available`` or ``standing``), phases in order."""
    facts = _facts(m)
    d = facts.d
    for cid, c in m.contributor.items():
        listed = {*c.available, *c.standing, *(k for t in c.available_by_phase.values() for k in t)}
        for cap in sorted(k for k in listed if k in m.capability):
            size = d.unit_size(cid, cap)
            if size is None:
                continue
            wanted = {p for t, k, p in facts.needed if k == cap and d.eligible(cid, t, p)}
            by_key: dict[tuple[str, int], list[str]] = {}
            for phase in d.phases:
                if phase in wanted:
                    key = (d.pool_path(cid, cap, phase), d.pool(cid, cap, phase))
                    by_key.setdefault(key, []).append(phase)
            for (path, pool), phases in by_key.items():
                yield cid, cap, path, pool, size, phases


def _pool_words(m: Mandate, cid: str, cap: str, path: str, pool: int) -> str:
    """``the pool of 900 infantry``, with how a standing pool gives it."""
    standing = m.contributor[cid].standing
    if path != f"contributor.{cid}.standing.{cap}":
        return f"the pool of {pool:,} {cap}"
    ratio = m.capability[cap].sustainment_ratio
    whole = (Fraction(standing[cap]) / Fraction(exact(ratio))).denominator == 1
    return (f"the pool of {pool:,} {cap} ({standing[cap]:,} standing ÷ the sustainment ratio "
            f"{_written(ratio)}{'' if whole else ', rounded down'})")


def _pool_value(m: Mandate, cid: str, cap: str, path: str, pool: int) -> str:
    """The value written at the key that sets the pool."""
    standing = path == f"contributor.{cid}.standing.{cap}"
    return repr(m.contributor[cid].standing[cap] if standing else pool)


def _persons(n: int) -> str:
    return f"{n:,} person{'' if n == 1 else 's'}"


def _standing_for(m: Mandate, cap: str, deployed: int) -> int:
    """The smallest standing pool that deploys ``deployed`` of the capability."""
    return math.ceil(deployed * Fraction(exact(m.capability[cap].sustainment_ratio)))


def _other_unit_size(m: Mandate, cid: str, cap: str) -> str:
    if cap in m.contributor[cid].unit_size:
        return f"check its unit_size.{cap}"
    return f"give it its own unit_size.{cap} if its units are of another size"


def _pool_of_at_least(m: Mandate, cid: str, cap: str, path: str, persons: int,
                      what: str) -> str:
    """The fix for a pool below ``persons``: ``raise the pool to at least 850``, or for a
    standing pool ``a standing pool of at least 2,550 deploys`` ``what``."""
    if path == f"contributor.{cid}.standing.{cap}":
        return f"a standing pool of at least {_standing_for(m, cap, persons):,} deploys {what}"
    return f"raise the pool to at least {persons:,}"


def pools_hold_a_unit(m: Mandate) -> Iterator[Issue]:
    """Warn when a contributor's pool of a capability that comes in formed units holds
    more than nobody but less than one of its units, in phases in which a task it may
    serve requires the capability: it can send none of it there, and the pool sits idle.

    The pool is ``Derived.pool`` (``available_by_phase``, ``available``, or ``standing``
    ÷ the sustainment ratio, rounded down), the unit ``Derived.unit_size`` (the
    contributor's ``unit_size``, else the capability's); one warning per key that sets
    such a pool. Pools of capabilities no task it may serve requires are left to
    ``contributor-serves-nothing`` and ``capability-unneeded``."""
    d = _facts(m).d
    for cid, cap, path, pool, size, phases in _unit_pools(m):
        if not 0 < pool < size:
            continue
        fix = _pool_of_at_least(m, cid, cap, path, size, "one unit")
        yield Issue(
            code="pool-below-unit",
            severity="warning",
            path=path,
            value=_pool_value(m, cid, cap, path, pool),
            message=f"{_pool_words(m, cid, cap, path, pool)} is smaller than "
                    f"{d.unit_words(cid, cap)}, so the contributor can send no {cap} in "
                    f"{_phases(phases, d.phases, 'any phase')}: {_persons(pool)} sit idle",
            hint=f"{fix}, {_other_unit_size(m, cid, cap)}, or remove the pool",
        )


def pools_hold_a_slice(m: Mandate) -> Iterator[Issue]:
    """Warn when a contributor's pool of a capability with a minimum slice it sets
    (``min_slice``, the contributor's or the capability's) holds more than nobody but less
    than the fewest persons it may send to any requirement of the capability that a task it
    may serve has in that phase (``Derived.least``: its slice, or the whole need where that
    is smaller): no assignment is made, and the pool sits idle there. Default slices (one
    unit) are left to ``pool-below-unit``."""
    facts = _facts(m)
    d = facts.d
    by_phase: dict[tuple[str, str], list] = {}
    for reqs in facts.requirements.values():
        for r in reqs:
            if r.required > 0 and r.capability in m.capability:
                by_phase.setdefault((r.capability, r.phase), []).append(r)
    for cid, c in m.contributor.items():
        for cap in facts.offered(cid):
            if cap not in m.capability or (cap not in c.min_slice
                                           and m.capability[cap].min_slice is None):
                continue
            found: dict[tuple[str, int, int], list[str]] = {}
            for phase in d.phases:
                pool = facts.pool(cid, cap, phase)
                reqs = [r for r in by_phase.get((cap, phase), [])
                        if d.eligible(cid, r.task, phase)]
                if not reqs or pool <= 0:
                    continue
                fewest = min(d.least(cid, cap, r.required) for r in reqs)
                if pool < fewest:
                    found.setdefault((d.pool_path(cid, cap, phase), pool, fewest),
                                     []).append(phase)
            for (path, pool, least), phases in found.items():
                yield Issue(
                    code="pool-below-slice",
                    severity="warning",
                    path=path,
                    value=_pool_value(m, cid, cap, path, pool),
                    message=f"{_pool_words(m, cid, cap, path, pool)} is less than "
                            f"{least:,}, the fewest it may send to a task there (its minimum "
                            f"slice, {d.min_slice_path(cid, cap)}, or a whole need if "
                            f"smaller), so it sends no {cap} in "
                            f"{_phases(phases, d.phases, 'any phase')}: {_persons(pool)} sit "
                            "idle",
                    hint=f"{_pool_of_at_least(m, cid, cap, path, least, f'{least:,}')}, "
                         "lower the minimum slice, or remove the pool",
                )


def pools_divide_into_units(m: Mandate) -> Iterator[Issue]:
    """Warn when a contributor's pool of a capability that comes in formed units is not
    a whole number of its units, in phases in which a task it may serve requires the
    capability: units come whole, so the persons over (the pool mod the unit) can never
    deploy.

    Pool and unit as in :func:`pools_hold_a_unit` (a pool smaller than one unit is
    warned there). A standing pool of 2,550 at a sustainment ratio of 3 is exactly one
    battalion of 850; one of 2,600 leaves 16 over."""
    d = _facts(m).d
    for cid, cap, path, pool, size, phases in _unit_pools(m):
        if pool < size or not pool % size:
            continue
        whole, rest = divmod(pool, size)
        units = d.unit_words(cid, cap) if whole == 1 else f"{whole:,} units of {size:,}"
        low, high = whole * size, (whole + 1) * size
        if path == f"contributor.{cid}.standing.{cap}":
            fix = (f"a standing pool of {_standing_for(m, cap, low):,} deploys {low:,} and "
                   f"one of {_standing_for(m, cap, high):,} deploys {high:,}")
        else:
            fix = f"list a whole number of units ({low:,} or {high:,})"
        yield Issue(
            code="pool-remainder",
            severity="warning",
            path=path,
            value=_pool_value(m, cid, cap, path, pool),
            message=f"{_pool_words(m, cid, cap, path, pool)} holds {units}; the "
                    f"{_persons(rest)} over can never deploy, since {cap} comes in whole "
                    f"units, and {'sits' if rest == 1 else 'sit'} idle in "
                    f"{_phases(phases, d.phases)}",
            hint=f"{fix}, or {_other_unit_size(m, cid, cap)}",
        )


def capabilities_needed(m: Mandate) -> Iterator[Issue]:
    """Warn when no task needs a capability: no task that runs in a phase has a need
    rule for it giving more than 0 persons, so its cost and the persons
    contributors list for it play no part in any plan."""
    needed = {cap for _, cap in _needs(m)}
    for cap in m.capability:
        if cap in needed:
            continue
        naming = sorted(tid for tid, task in m.task.items() if cap in task.need)
        message = "no task needs this capability"
        if naming:
            message += (f" (the need rules of {_listed(naming)} name it, but give 0 persons "
                        "or run in no phase)")
        yield Issue(
            code="capability-unneeded",
            severity="warning",
            path=f"capability.{cap}",
            message=message + ", so no plan deploys anyone of it",
            hint=f"add a need rule [task.<id>.need.{cap}] to a task, or remove the capability",
        )


def tasks_need_someone(m: Mandate) -> Iterator[Issue]:
    """Warn when a task requires nobody: its ``phases`` list is empty (or the mandate
    has no phase), it has no need rule, or every requirement is 0 persons (all its
    rates are 0, they multiply theatre figures that are 0, or its ``phase_scale`` is 0
    in every phase it runs in). Such a task is never short and costs nothing,
    whatever its priority."""
    facts = _facts(m)
    for tid, task in m.task.items():
        base = f"task.{tid}"
        reqs = facts.requirements.get(tid)
        if task.phases == []:
            path, message = f"{base}.phases", "phases is empty, so the task runs in no phase"
            hint = "list the phases it runs in, or delete the key to run it in every phase"
        elif not m.phase:
            path, message = base, "the mandate has no phase, so the task runs in none"
            hint = "add a [phase.<id>] table with its months"
        elif not task.need:
            path, message = base, "the task has no need rule, so it requires nobody"
            hint = f"add a sizing rule such as [{base}.need.<capability>] with fixed = <persons>"
        elif not reqs or any(r.required > 0 for r in reqs):
            continue  # its phases or theatre are unknown (an error), or it needs someone
        elif any(sum(t.persons for t in r.terms) > 0 for r in reqs):
            path = f"{base}.phase_scale"
            message = ("its phase_scale is 0 in every phase it runs in, so it requires "
                       "nobody")
            hint = "raise a phase's scale, or delete the task"
        else:
            path = f"{base}.need"
            message = "every need rule of the task gives 0 persons, so it requires nobody"
            hint = (f"a rule's rates multiply the figures of theatre '{task.theatre}' "
                    "(population, area_km2, border_km, coastline_km, crossings): check both")
        yield Issue(code="task-needs-nobody", severity="warning", path=path, message=message,
                    hint=hint)


def phase_scales_used(m: Mandate) -> Iterator[Issue]:
    """Warn when a task's ``phase_scale`` names a phase the task does not run in: the
    scale changes nothing there (probably the wrong phase, or a missing one in
    ``phases``)."""
    d = _facts(m).d
    for tid, task in m.task.items():
        runs = d.task_phases(tid)
        for phase in task.phase_scale:
            if phase in m.phase and phase not in runs:
                yield Issue(
                    code="unused-phase-scale",
                    severity="warning",
                    path=f"task.{tid}.phase_scale.{phase}",
                    value=repr(task.phase_scale[phase]),
                    message=f"the task does not run in phase '{phase}', so this scale "
                    "changes nothing",
                    hint=f"the task runs in {_listed(list(runs), 8) or 'no phase'}; add "
                    f"'{phase}' to its phases, or delete the scale",
                )


def _compared(cap: str, now: dict[str, int], then: dict[str, int]) -> str:
    """``100 persons of infantry in phase late, 150 if the task ran only in that phase``, or by
    phase: ``100 persons of infantry in phase mid, 50 in phase late; 150 and 75 if ...``."""
    phases = list(now)
    if len(set(now.values())) == 1 and len(set(then.values())) == 1:
        return (f"{_persons(now[phases[0]])} of {cap} in {_phases(phases)}, "
                f"{then[phases[0]]:,} if the task ran only in "
                f"{'that phase' if len(phases) == 1 else 'those phases'}")
    each = ", ".join(f"{now[p]:,} in phase {p}" for p in phases[1:])
    theirs = [f"{then[p]:,}" for p in phases]
    return (f"{_persons(now[phases[0]])} of {cap} in phase {phases[0]}, {each}; "
            f"{', '.join(theirs[:-1])} and {theirs[-1]} if the task ran only in those phases")


def throughputs_count_staffed_months(m: Mandate) -> Iterator[Issue]:
    """Warn when a throughput rule (``trainees`` ÷ (``trainees_per_instructor_month`` ×
    the task's months), ``derive.rule_terms``) counts the months of phases in which the
    task's ``phase_scale`` is 0: the trainees are spread over every month of the task
    (``Derived.task_months``), but nobody trains in those phases, so the requirement in
    the others is lower than what training them there alone takes. The message gives the
    requirement if the task ran only in the phases it trains in (``Derived.requirements``
    of that mandate); not warned when that is the same, or when the scale is 0 in every
    phase (``task-needs-nobody``)."""
    facts = _facts(m)
    d = facts.d
    for tid, reqs in facts.requirements.items():
        task = m.task[tid]
        runs = d.task_phases(tid)
        idle = [p for p in runs if task.phase_scale.get(p, 1) == 0]
        staffed = [p for p in runs if p not in idle]
        throughputs = sorted({r.capability for r in reqs
                              if any(t.rule == THROUGHPUT for t in r.terms)})
        if not idle or not staffed or not throughputs:
            continue
        alone = task.model_copy(update={"phases": staffed})
        then = Derived(facts.evaluable.model_copy(
            update={"task": {**facts.evaluable.task, tid: alone}})).requirements
        for cap in throughputs:
            now = {r.phase: r.required for r in reqs
                   if r.capability == cap and r.phase in staffed}
            alone_req = {r.phase: r.required for r in then
                         if (r.task, r.capability) == (tid, cap)}
            if now == alone_req:
                continue
            idle_months = sum(exact(d.months[p]) for p in idle)
            yield Issue(
                code="throughput-diluted",
                severity="warning",
                path=f"task.{tid}.need.{cap}.trainees",
                value=repr(task.need[cap].trainees),
                message=f"{_written(task.need[cap].trainees)} trainees are spread over all "
                        f"{_written(d.task_months(tid))} months of the task, "
                        f"{idle_months.normalize():,f} of them in {_phases(idle)} where its "
                        f"phase_scale is 0, so nobody trains then: it requires "
                        f"{_compared(cap, now, alone_req)}",
                hint=f"to train them in {_phases(staffed)} alone, run the task only there "
                     f"(phases = {json.dumps(staffed)}) "
                     f"and drop its scale of 0 for {_phases(idle)}",
            )


def threat_levels_scale_tasks(m: Mandate) -> Iterator[Issue]:
    """Warn when a theatre's ``threat`` level scales no task: no task in the theatre has
    a function ``threat.functions`` lists (``Derived.threat_factor``), so the level
    changes nothing. A level whose multiplier is 1 (``low``, by default) is not warned:
    it would scale nothing anyway, and records how the planner reads the theatre."""
    defaults = type(m.threat)().multipliers
    scaled = m.threat.functions
    for th, theatre in m.theatre.items():
        functions = sorted({t.function for t in m.task.values() if t.theatre == th})
        if set(functions) & set(scaled):
            continue
        levels = [(f"theatre.{th}.threat", theatre.threat),
                  *((f"theatre.{th}.threat_by_phase.{p}", v)
                    for p, v in theatre.threat_by_phase.items())]
        factors = [(path, level, m.threat.multipliers.get(level, defaults[level]))
                   for path, level in levels if level is not None]
        scaling = [f for f in factors if f[2] != 1]
        if not scaling:
            continue
        path, level, factor = scaling[0]
        if not functions:
            why = "no task is in this theatre"
            hint = "delete the level, or give the theatre its tasks"
        else:
            why = (f"no task in this theatre has a function threat.functions lists "
                   f"({', '.join(scaled) or 'none'})")
            close = [f"threat.functions has '{f}': {did_you_mean(f, functions)}"
                     for f in scaled if did_you_mean(f, functions).startswith("did you mean")]
            hint = "; ".join(close) or (
                f"its tasks' function{'s are' if len(functions) > 1 else ' is'} "
                f"{_listed(functions)}: add to threat.functions the one whose needs the level "
                "should scale, or delete the level")
        yield Issue(
            code="threat-scales-nothing",
            severity="warning",
            path=path,
            value=repr(level),
            message=f"{why}, so the threat level '{level}' (× {_written(factor)}) scales "
                    "nothing",
            hint=hint,
        )


def multinational_reachable(m: Mandate) -> Iterator[Issue]:
    """Warn when a multinational task can never be staffed in a phase: its
    ``min_contributors`` meaningful contributions (``Derived.meaningful``) add up to more
    than the task can take there (its requirements, over-covered by less than the largest
    unit that can serve each), so it stays short whoever is willing."""
    facts = _facts(m)
    d = facts.d
    for tid, task in m.task.items():
        n = task.min_contributors or 1
        if n < 2:
            continue
        blocked: list[tuple[str, int, int]] = []
        for phase in d.task_phases(tid):
            reqs = [r for r in facts.requirements.get(tid, [])
                    if r.phase == phase and r.required > 0]
            room = sum(r.required + d.largest_unit(tid, r.capability, phase) - 1 for r in reqs)
            least = d.meaningful(tid, phase)
            if reqs and n * least > room:
                blocked.append((phase, least, room))
        if not blocked:
            continue
        phase, least, room = blocked[0]
        where = _listed([p for p, _, _ in blocked])
        own = task.meaningful_contribution is not None
        yield Issue(
            code="multinational-unreachable",
            severity="warning",
            path=f"task.{tid}.{'meaningful_contribution' if own else 'min_contributors'}",
            value=repr(least if own else n),
            message=f"{n} contributors of at least {least:,} persons each need {n * least:,}, "
                    f"more than the {room:,} the task can take in phase {phase} (its "
                    "requirements, over-covered by less than one unit), so it is never "
                    f"staffed in phase {where}",
            hint="set task.meaningful_contribution lower (by default it is the minimum slice "
                 "or unit of the task's largest need), or lower min_contributors"
                 if not own else "lower meaningful_contribution or min_contributors",
        )


def groups_bounded(m: Mandate) -> Iterator[Issue]:
    """Warn when a group bounds nothing: it sets neither ``min_share`` nor
    ``max_share``, or only bounds that hold whatever the plan (``min_share = 0``, no
    floor; ``max_share = 1``, no cap)."""
    for gid, g in m.group.items():
        floor = any(v > 0 for v in (g.min_share or 0, *g.min_share_by_phase.values()))
        cap = any(v < 1 for v in (1 if g.max_share is None else g.max_share,
                                  *g.max_share_by_phase.values()))
        if floor or cap:
            continue
        hint = ("give min_share above 0 (a floor on its members' share of each phase) or "
                "max_share below 1 (a cap), or remove the group")
        if g.min_share is None and g.max_share is None:
            path, value = f"group.{gid}", None
            message = "the group has neither min_share nor max_share, so it bounds nothing"
            hint = ("add min_share (a floor on its members' share of each phase) or "
                    "max_share (a cap), or remove the group")
        elif g.max_share is None:
            path, value = f"group.{gid}.min_share", repr(g.min_share)
            message = ("min_share is 0, which is no floor, and the group has no max_share, "
                       "so it bounds nothing")
        elif g.min_share is None:
            path, value = f"group.{gid}.max_share", repr(g.max_share)
            message = ("max_share is 1, which caps nothing, and the group has no min_share, "
                       "so it bounds nothing")
        else:
            path, value = f"group.{gid}", None
            message = ("min_share is 0 and max_share is 1, which bound nothing, so the group "
                       "bounds nothing")
        yield Issue(
            code="group-unbounded",
            severity="warning",
            path=path,
            value=value,
            message=message,
            hint=hint,
        )


def group_floors_reachable(m: Mandate) -> Iterator[Issue]:
    """Warn when a group's ``min_share`` cannot be met in a phase: in that phase its
    members can serve no task (no pool of a capability a task requires then, or not
    eligible), while other contributors can. The floor then holds only if nobody
    deploys in that phase, so every requirement of that phase stays short."""
    if not any(g.min_share or any(g.min_share_by_phase.values()) for g in m.group.values()):
        return
    facts = _facts(m)
    served = {cid: {p for _, p in facts.serves(cid)} for cid in m.contributor}
    for gid, g in m.group.items():
        members = [cid for cid in g.members if cid in m.contributor]
        others = [cid for cid in m.contributor if cid not in g.members]
        floored = [p for p in facts.d.phases
                   if facts.d.group_share(gid, p, "min_share")]
        blocked = [p for p in floored
                   if not any(p in served[c] for c in members)
                   and any(p in served[c] for c in others)]
        if blocked:
            path = facts.d.group_share_path(gid, blocked[0], "min_share")
            floor = facts.d.group_share(gid, blocked[0], "min_share")
            where = ("any phase" if len(blocked) == len(facts.d.phases)
                     else f"phase {_listed(blocked)}")
            yield Issue(
                code="group-floor-unreachable",
                severity="warning",
                path=path,
                value=repr(floor),
                message=f"its members can serve no task in {where}, so the floor holds there "
                "only if nobody is deployed: every requirement there stays short",
                hint="add members that can serve, check the members' pools and caveats, or "
                "lower min_share",
            )


def _dearest_cost_by_phase(m: Mandate) -> dict[str, float] | None:
    """Cost by phase of filling every requirement at the dearest rate among the
    contributors eligible for its task that have the capability in that phase, with
    one person short of the largest of their units over (the most a plan over-covers);
    ``None`` when a requirement cannot be evaluated (a broken reference)."""
    facts = _facts(m)
    d = facts.d
    if any(tid not in facts.requirements for tid in m.task):
        return None
    cost = dict.fromkeys(d.phases, 0.0)
    for reqs in facts.requirements.values():
        for r in reqs:
            if r.capability not in m.capability:
                return None
            if r.required == 0:
                continue
            serving = [cid for cid in m.contributor
                       if facts.pool(cid, r.capability, r.phase) > 0
                       and d.eligible(cid, r.task, r.phase)]
            rates = [d.cost_per_month(cid, r.capability, r.phase) for cid in serving]
            over = d.largest_unit(r.task, r.capability, r.phase) - 1
            cost[r.phase] += (r.required + over) * r.months * max(rates, default=0.0)
    return cost


def common_fund_spendable(m: Mandate) -> Iterator[Issue]:
    """Warn when part of a common fund can never be spent.

    Under common-fund financing the pledges pool into a fund F = Σ pledge that caps
    the total cost, and each contributor pays the cost pro rata to its pledge. The
    plan can never cost more than S = min(budget, C), where C is the cost of
    filling every requirement at the dearest rate among the contributors eligible
    for its task that have the capability available (the plan never deploys more
    than a requirement plus one person short of a unit; a requirement no one can
    fill costs nothing). When F > S, at least F − S of the pledges can never be
    called: each contributor pays at most S/F of its pledge. When a contributor
    pledges by phase, the fund and C are counted phase by phase (a phase's fund
    caps that phase's cost), and S = min(budget, Σ_p min(F_p, C_p)). Under national
    financing a pledge only caps its own contributor's spending, and an unused
    margin there is normal; not checked.
    """
    if not m.common_fund or not m.phase:
        return
    d = _facts(m).d
    phased = d.phased_pledges
    fund_by_phase = {p: d.fund_in_phase(p) for p in d.phases}
    fund = sum(fund_by_phase.values()) if phased else d.fund
    if fund <= 0:
        return  # empty-common-fund
    budget = m.objective.budget
    by_phase = _dearest_cost_by_phase(m)
    if by_phase is None:
        return
    cost = sum(by_phase.values())
    spendable = (sum(min(fund_by_phase[p], by_phase[p]) for p in m.phase) if phased
                 else cost)
    currency = m.mission.currency
    if budget is not None and budget < spendable:
        cap, path, value = budget, "objective.budget", repr(budget)
        why = f"the budget caps spending at {budget:,.0f} {currency}"
        hint = "raise the budget to the fund, or lower the pledges, if that is not meant"
    else:
        cap, path, value = spendable, "objective.financing", "'common-fund'"
        over = [p for p in m.phase if fund_by_phase[p] - by_phase[p] > 1e-9 * fund]
        if phased and cost > 0:
            why = (f"in phase {_listed(over)} filling every requirement at the dearest "
                   f"eligible rates costs less than the phase's pledges")
        elif cost > 0:
            why = (f"filling every requirement at the dearest eligible rates costs at most "
                   f"{cost:,.0f} {currency}")
        else:
            why = "no task has a requirement an eligible contributor could fill"
        hint = ("lower the pledges, or check the tasks' needs and the contributors' "
                "availability and caveats")
    if fund - cap <= 1e-9 * fund:
        return
    share = ("" if phased else
             f" (each contributor pays at most {math.floor(100 * cap / fund)}% of its pledge)")
    yield Issue(
        code="unspendable-pledges",
        severity="warning",
        path=path,
        value=value,
        message=f"the pledges pool {fund:,.0f} {currency} into the common fund, but {why}, so "
        f"{fund - cap:,.0f} {currency} of the pledges can never be spent{share}",
        hint=hint,
    )


def readiness_reachable(m: Mandate) -> Iterator[Issue]:
    """Warn when a phase's readiness requirement draws on nobody: no contributor that can
    serve the tasks it counts holds forces of a capability they need at its level or a
    faster one (``Derived.ready_pool``), so only the share the requirement leaves may
    deploy there (at share 1, nobody)."""
    if not any(p.ready for p in m.phase.values()):
        return
    facts = _facts(m)
    d = facts.d
    for pid, phase in m.phase.items():
        need = phase.ready
        if need is None or need.within not in m.readiness:
            continue
        scope = d.ready_scope(pid)
        wanted = {(t, k) for t, k, p in facts.needed if p == pid and t in scope}
        ready = sum(d.ready_pool(cid, k, pid) for cid in m.contributor
                    for k in {k for t, k in wanted if d.eligible(cid, t, pid)})
        if not wanted or ready > 0:
            continue
        level = m.readiness[need.within]
        what = f"the tasks {_listed(sorted(scope))}" if need.tasks else "any task"
        then = ("so nobody may deploy there: every requirement it counts stays short"
                if need.share >= 1 else
                f"so at most {1 - need.share:.0%} of the persons there may deploy")
        yield Issue(
            code="readiness-unreachable",
            severity="warning",
            path=f"phase.{pid}.ready.within",
            value=repr(need.within),
            message=f"no contributor that can serve {what} in this phase holds forces ready "
                    f"within {need.within} ({level.days:,} days), {then}",
            hint="declare the forces contributors hold ready (contributor.ID.ready.LEVEL."
                 "CAPABILITY), name a slower level, or lower the share",
        )


def ready_forces_within_pools(m: Mandate) -> Iterator[Issue]:
    """Warn when a contributor holds more of a capability at readiness levels than its pool
    in a phase it takes part in: only the pool can deploy, so the rest counts for nothing
    (``Derived.ready_pool`` caps it)."""
    facts = _facts(m)
    d = facts.d
    for cid, c in m.contributor.items():
        held: dict[str, int] = {}
        for table in c.ready.values():
            for cap, n in table.items():
                held[cap] = held.get(cap, 0) + n
        for cap, n in sorted(held.items()):
            if cap not in m.capability:
                continue
            over = [p for p in d.phases if d.present(cid, p) and n > facts.pool(cid, cap, p)]
            if over:
                pool = facts.pool(cid, cap, over[0])
                yield Issue(
                    code="ready-above-pool",
                    severity="warning",
                    path=f"contributor.{cid}.ready",
                    value=None,
                    message=f"holds {n:,} {cap} at readiness levels, more than its pool of "
                            f"{pool:,} in {_listed(over)}: only the pool counts as ready",
                    hint=f"check its ready tables against its {cap} pool",
                )


WARNING_CHECKS: tuple[Check, ...] = (
    excluded_functions_known,
    common_fund_has_pledges,
    common_fund_spendable,
    flat_pledges_reach_a_phase,
    contributors_can_serve,
    pools_hold_a_unit,
    pools_hold_a_slice,
    pools_divide_into_units,
    capabilities_needed,
    tasks_need_someone,
    phase_scales_used,
    throughputs_count_staffed_months,
    threat_levels_scale_tasks,
    multinational_reachable,
    groups_bounded,
    group_floors_reachable,
    scheme_payers_declared,
    readiness_reachable,
    ready_forces_within_pools,
)
