"""Named cross-entity checks on a shape-valid mandate.

Each check is one function returning :class:`Issue` records: errors for broken
references (:data:`REFERENCE_CHECKS`), warnings for input that is legal but
probably not what the planner meant (:data:`WARNING_CHECKS`). All checks run,
so one ``validate`` lists every problem.

When a document has shape errors, the reference checks still run, on its
shape-valid part (built by ``loader.validate``), with the ids of the malformed
entities :class:`Tolerated`. The warnings run only on a whole, valid mandate;
they tolerate broken references (they skip what they cannot evaluate), since
those are reported as errors anyway.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from .derive import Derived, persons_needed, rule_terms
from .errors import Issue
from .schema import Mandate
from .suggest import did_you_mean

Check = Callable[[Mandate], Iterator[Issue]]
"""A warning check: the mandate → its warnings."""


@dataclass(frozen=True)
class Tolerated:
    """Ids a reference may name although the checked mandate does not define them.

    An entity whose own table is malformed is left out of the shape-valid part of
    a document that the reference checks see; it is written in the file and its
    shape errors are reported, so a reference to it must not be reported again as
    naming nothing. ``ids`` holds such ids by kind (``phase``, ``theatre``,
    ``capability``, ``party``); a kind in ``every`` tolerates any id, because the
    whole table was malformed (``phase = 5``) or, for ``party``, the mission's
    parties could not be read.
    """

    ids: Mapping[str, frozenset[str]] = field(default_factory=dict)
    every: frozenset[str] = frozenset()

    def allows(self, kind: str, ref: str) -> bool:
        """Whether a reference to ``ref``, an id of ``kind``, passes unchecked."""
        return kind in self.every or ref in self.ids.get(kind, frozenset())


NOTHING_TOLERATED = Tolerated()

ReferenceCheck = Callable[[Mandate, Tolerated], Iterator[Issue]]
"""An error check: the mandate and the ids it tolerates → its errors."""


def _refs(
    ids: Iterable[str], known: Iterable[str], path: str, what: str, code: str,
    kind: str, tolerated: Tolerated,
) -> Iterator[Issue]:
    known = list(known)
    seen: set[str] = set()
    for i, ref in enumerate(ids):
        if ref in seen:
            yield Issue(
                code="duplicate-reference",
                path=f"{path}[{i}]",
                value=repr(ref),
                message=f"'{ref}' is listed twice",
            )
        seen.add(ref)
        if ref not in known and not tolerated.allows(kind, ref):
            yield Issue(
                code=code,
                path=f"{path}[{i}]",
                value=repr(ref),
                message=f"no {what} has the id '{ref}'",
                hint=did_you_mean(ref, known),
            )


def _capability_keys(table: Iterable[str], m: Mandate, path: str,
                     tolerated: Tolerated) -> Iterator[Issue]:
    """Keys of a table keyed by capability id (a need, a pool, a cost override) must exist."""
    for cap in table:
        if cap not in m.capability and not tolerated.allows("capability", cap):
            yield Issue(
                code="unknown-capability",
                path=f"{path}.{cap}",
                value=repr(cap),
                message=f"no capability has the id '{cap}'",
                hint=did_you_mean(cap, m.capability),
            )


def task_references(m: Mandate, tolerated: Tolerated) -> Iterator[Issue]:
    """A task's theatre, phases, consent parties and needed capabilities must exist."""
    for tid, task in m.task.items():
        base = f"task.{tid}"
        if task.theatre not in m.theatre and not tolerated.allows("theatre", task.theatre):
            yield Issue(
                code="unknown-theatre",
                path=f"{base}.theatre",
                value=repr(task.theatre),
                message=f"no theatre has the id '{task.theatre}'",
                hint=did_you_mean(task.theatre, m.theatre),
            )
        yield from _refs(task.phases or [], m.phase, f"{base}.phases", "phase", "unknown-phase",
                         "phase", tolerated)
        yield from _refs(
            task.consent_of or [], m.mission.parties, f"{base}.consent_of", "mission party",
            "unknown-party", "party", tolerated,
        )
        yield from _capability_keys(task.need, m, f"{base}.need", tolerated)


def contributor_references(m: Mandate, tolerated: Tolerated) -> Iterator[Issue]:
    """A contributor's parties, theatres and capabilities must exist."""
    for cid, c in m.contributor.items():
        base = f"contributor.{cid}"
        yield from _refs(
            c.acceptable_to or [], m.mission.parties, f"{base}.acceptable_to", "mission party",
            "unknown-party", "party", tolerated,
        )
        yield from _refs(
            c.excluded_theatres, m.theatre, f"{base}.excluded_theatres", "theatre",
            "unknown-theatre", "theatre", tolerated,
        )
        yield from _capability_keys(c.available, m, f"{base}.available", tolerated)
        yield from _capability_keys(c.cost_per_month, m, f"{base}.cost_per_month", tolerated)


def mission_parties_unique(m: Mandate, tolerated: Tolerated) -> Iterator[Issue]:
    """Each mission party is named once."""
    seen: set[str] = set()
    for i, party in enumerate(m.mission.parties):
        if party in seen:
            yield Issue(
                code="duplicate-reference",
                path=f"mission.parties[{i}]",
                value=repr(party),
                message=f"'{party}' is listed twice",
            )
        seen.add(party)


# --------------------------------------------------------------------------- warnings


def _persons(m: Mandate, task_id: str, capability_id: str) -> int | None:
    """Persons of the capability the task needs in each of its phases, as the model
    computes them; ``None`` when the task's theatre does not exist (an error)."""
    task = m.task[task_id]
    theatre = m.theatre.get(task.theatre)
    if theatre is None:
        return None
    return persons_needed(rule_terms(task.need[capability_id], theatre))[0]


def _needs(m: Mandate) -> set[tuple[str, str]]:
    """(task, capability) pairs the mandate requires someone for: the task runs in at
    least one phase and its rule for the capability gives more than 0 persons (or
    cannot be evaluated because of a broken reference, reported as an error)."""
    d = Derived(m)
    return {
        (tid, cap)
        for tid, task in m.task.items()
        if d.task_phases(tid)
        for cap in task.need
        if _persons(m, tid, cap) != 0
    }


def _listed(items: list[str], most: int = 3) -> str:
    shown = ", ".join(items[:most])
    return shown + (f" and {len(items) - most} more" if len(items) > most else "")


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
    if m.objective.financing == "common-fund" and m.task and not any(
        (c.pledge or 0) > 0 for c in m.contributor.values()
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


def contributors_can_serve(m: Mandate) -> Iterator[Issue]:
    """Warn when a contributor is eligible for nothing: the planner listed it, but no
    plan can deploy any of its personnel.

    A contributor can serve a task when it has at least one person available of a
    capability the task needs (a need rule giving more than 0 persons, in a task
    that runs in at least one phase) and it is eligible for the task: acceptable to
    every party whose consent the task needs, and not caveated out of the task's
    function or theatre (``Derived.eligible``, as the model decides). A contributor
    with nothing available (``available`` empty or all 0) is warned too, except a
    donor under common-fund financing (a pledge > 0), whose money is its
    contribution.
    """
    d = Derived(m)
    needs = _needs(m)
    for cid, c in m.contributor.items():
        offered = sorted(cap for cap, n in c.available.items() if n > 0)
        if not offered:
            if m.objective.financing == "common-fund" and (c.pledge or 0) > 0:
                continue
            yield Issue(
                code="contributor-serves-nothing",
                severity="warning",
                path=f"contributor.{cid}",
                message="has no personnel available, so it can serve no task",
                hint="list the persons it can deploy, by capability, in its available table, "
                "or remove the contributor",
            )
            continue
        wanted = sorted({tid for tid, cap in needs if cap in offered})
        if not wanted:
            yield Issue(
                code="contributor-serves-nothing",
                severity="warning",
                path=f"contributor.{cid}.available",
                message=f"no task needs any capability it has available ({_listed(offered)}), "
                "so it can serve no task",
                hint="check the capability ids in its available table against the tasks' "
                "need tables",
            )
        elif not any(d.eligible(cid, tid) for tid in wanted):
            by_reason: dict[str, list[str]] = {}
            keys: set[str] = set()
            for tid in wanted:
                by_reason.setdefault(" and ".join(d.blockers(cid, tid)), []).append(tid)
                task = m.task[tid]
                if not set(d.consent_of(tid)) <= set(d.acceptable_to(cid)):
                    keys.add("acceptable_to")
                if task.function in c.excluded_functions:
                    keys.add("excluded_functions")
                if task.theatre in c.excluded_theatres:
                    keys.add("excluded_theatres")
            reasons = "; ".join(f"{why} ({_listed(tids)})" for why, tids in by_reason.items())
            yield Issue(
                code="contributor-serves-nothing",
                severity="warning",
                path=f"contributor.{cid}" + (f".{keys.pop()}" if len(keys) == 1 else ""),
                message=f"may serve none of the {len(wanted)} "
                        f"task{'s' if len(wanted) != 1 else ''} that need its personnel: "
                f"{reasons}",
                hint="check its acceptable_to, excluded_functions and excluded_theatres, and "
                "the tasks' consent_of",
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
    has no phase), it has no need rule, or every need rule gives 0 persons (all its
    rates are 0, or they multiply theatre figures that are 0). Such a task is never
    short and costs nothing, whatever its priority."""
    d = Derived(m)
    for tid, task in m.task.items():
        base = f"task.{tid}"
        if task.phases == []:
            path, message = f"{base}.phases", "phases is empty, so the task runs in no phase"
            hint = "list the phases it runs in, or delete the key to run it in every phase"
        elif not m.phase:
            path, message = base, "the mandate has no phase, so the task runs in none"
            hint = "add a [phase.<id>] table with its months"
        elif not task.need:
            path, message = base, "the task has no need rule, so it requires nobody"
            hint = f"add a sizing rule such as [{base}.need.<capability>] with fixed = <persons>"
        elif not d.task_phases(tid):
            continue  # every phase it lists is unknown: an error already
        elif all(_persons(m, tid, cap) == 0 for cap in task.need):
            path = f"{base}.need"
            message = "every need rule of the task gives 0 persons, so it requires nobody"
            hint = (f"a rule's rates multiply the figures of theatre '{task.theatre}' "
                    "(population, area_km2, border_km, coastline_km, crossings): check both")
        else:
            continue
        yield Issue(code="task-needs-nobody", severity="warning", path=path, message=message,
                    hint=hint)


def _dearest_plan_cost(m: Mandate) -> float | None:
    """Cost of filling every requirement at the dearest rate among the contributors
    eligible for its task that have the capability available; ``None`` when a
    requirement cannot be evaluated (a broken reference)."""
    d = Derived(m)
    total = 0.0
    for tid in m.task:
        phases = d.task_phases(tid)
        months = sum(d.months[p] for p in phases)
        for cap in m.task[tid].need:
            persons = _persons(m, tid, cap)
            if persons is None or cap not in m.capability:
                return None
            rates = [d.cost_per_month(cid, cap) for cid, c in m.contributor.items()
                     if c.available.get(cap, 0) > 0 and d.eligible(cid, tid)]
            total += persons * months * max(rates, default=0.0)
    return total


def common_fund_spendable(m: Mandate) -> Iterator[Issue]:
    """Warn when part of a common fund can never be spent.

    Under common-fund financing the pledges pool into a fund F = Σ pledge that caps
    the total cost, and each contributor pays the cost pro rata to its pledge. The
    plan can never cost more than S = min(budget, C), where C is the cost of
    filling every requirement at the dearest rate among the contributors eligible
    for its task that have the capability available (the plan never deploys more
    than a requirement; a requirement no one can fill costs nothing). When F > S,
    at least F − S of the pledges can never be called: each contributor pays at
    most S/F of its pledge. Under national financing a pledge only caps its own
    contributor's spending, and an unused margin there is normal; not checked.
    """
    if m.objective.financing != "common-fund":
        return
    fund = sum(c.pledge or 0.0 for c in m.contributor.values())
    if fund <= 0:
        return  # empty-common-fund
    budget = m.objective.budget
    cost = _dearest_plan_cost(m)
    if cost is None:
        return
    currency = m.mission.currency
    if budget is not None and budget < cost:
        cap, path, value = budget, "objective.budget", repr(budget)
        why = f"the budget caps spending at {budget:,.0f} {currency}"
        hint = "raise the budget to the fund, or lower the pledges, if that is not meant"
    else:
        cap, path, value = cost, "objective.financing", "'common-fund'"
        why = (f"filling every requirement at the dearest eligible rates costs at most "
               f"{cost:,.0f} {currency}" if cost > 0 else
               "no task has a requirement an eligible contributor could fill")
        hint = ("lower the pledges, or check the tasks' needs and the contributors' "
                "availability and caveats")
    if fund - cap <= 1e-9 * fund:
        return
    yield Issue(
        code="unspendable-pledges",
        severity="warning",
        path=path,
        value=value,
        message=f"the pledges pool {fund:,.0f} {currency} into the common fund, but {why}, so "
        f"{fund - cap:,.0f} {currency} of the pledges can never be spent (each contributor "
        f"pays at most {math.floor(100 * cap / fund)}% of its pledge)",
        hint=hint,
    )


REFERENCE_CHECKS: tuple[ReferenceCheck, ...] = (
    mission_parties_unique,
    task_references,
    contributor_references,
)
WARNING_CHECKS: tuple[Check, ...] = (
    excluded_functions_known,
    common_fund_has_pledges,
    common_fund_spendable,
    contributors_can_serve,
    capabilities_needed,
    tasks_need_someone,
)


def run_checks(m: Mandate, tolerated: Tolerated | None = None) -> list[Issue]:
    """Every issue every check finds, errors and warnings, in check order.

    ``tolerated`` says that ``m`` is only the shape-valid part of a document with
    shape errors: then only the reference checks run, passing references to the
    ids it holds (warnings about part of a mandate would be guesses).
    """
    errors = [issue for check in REFERENCE_CHECKS
              for issue in check(m, tolerated or NOTHING_TOLERATED)]
    if tolerated is not None:
        return errors
    return errors + [issue for check in WARNING_CHECKS for issue in check(m)]
