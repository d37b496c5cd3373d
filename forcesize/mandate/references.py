"""Reference checks: every id a mandate names must exist, each listed once.

Each check is one function returning error :class:`Issue` records. All checks run,
so one ``validate`` lists every broken reference. When a document has shape
errors, the checks still run on its shape-valid part (built by
``issues.salvage``), with the ids of the malformed entities :class:`Tolerated`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from ..errors import Issue
from .schema import Mandate
from .suggest import did_you_mean


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


def refs(
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


def _id_keys(kind: str, table: Iterable[str], known: Iterable[str], path: str,
             tolerated: Tolerated) -> Iterator[Issue]:
    """Keys of a table keyed by ids of ``kind`` (a need, a pool, a phase scale, a phased
    pledge) must name existing entities."""
    known = list(known)
    for key in table:
        if key not in known and not tolerated.allows(kind, key):
            yield Issue(
                code=f"unknown-{kind}",
                path=f"{path}.{key}",
                value=repr(key),
                message=f"no {kind} has the id '{key}'",
                hint=did_you_mean(key, known),
            )


def capability_keys(table: Iterable[str], m: Mandate, path: str,
                     tolerated: Tolerated) -> Iterator[Issue]:
    return _id_keys("capability", table, m.capability, path, tolerated)


def phase_keys(table: Iterable[str], m: Mandate, path: str,
                tolerated: Tolerated) -> Iterator[Issue]:
    return _id_keys("phase", table, m.phase, path, tolerated)


def task_references(m: Mandate, tolerated: Tolerated) -> Iterator[Issue]:
    """A task's theatre, phases, consent parties, needed capabilities and scaled
    phases must exist."""
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
        yield from refs(task.phases or [], m.phase, f"{base}.phases", "phase", "unknown-phase",
                         "phase", tolerated)
        yield from refs(
            task.consent_of or [], m.mission.parties, f"{base}.consent_of", "mission party",
            "unknown-party", "party", tolerated,
        )
        yield from capability_keys(task.need, m, f"{base}.need", tolerated)
        yield from phase_keys(task.phase_scale, m, f"{base}.phase_scale", tolerated)


def theatre_references(m: Mandate, tolerated: Tolerated) -> Iterator[Issue]:
    """A theatre's phased threat levels name existing phases."""
    for th, theatre in m.theatre.items():
        yield from phase_keys(theatre.threat_by_phase, m, f"theatre.{th}.threat_by_phase",
                              tolerated)


def contributor_references(m: Mandate, tolerated: Tolerated) -> Iterator[Issue]:
    """A contributor's parties, theatres, capabilities and phases must exist."""
    for cid, c in m.contributor.items():
        base = f"contributor.{cid}"
        yield from refs(
            c.acceptable_to or [], m.mission.parties, f"{base}.acceptable_to", "mission party",
            "unknown-party", "party", tolerated,
        )
        yield from refs(
            c.excluded_theatres, m.theatre, f"{base}.excluded_theatres", "theatre",
            "unknown-theatre", "theatre", tolerated,
        )
        yield from refs(c.phases or [], m.phase, f"{base}.phases", "phase", "unknown-phase",
                        "phase", tolerated)
        yield from capability_keys(c.available, m, f"{base}.available", tolerated)
        yield from capability_keys(c.cost_per_month, m, f"{base}.cost_per_month", tolerated)
        yield from capability_keys(c.standing, m, f"{base}.standing", tolerated)
        yield from capability_keys(c.unit_size, m, f"{base}.unit_size", tolerated)
        yield from capability_keys(c.min_slice, m, f"{base}.min_slice", tolerated)
        yield from capability_keys(c.unit_scope, m, f"{base}.unit_scope", tolerated)
        yield from phase_keys(c.available_by_phase, m, f"{base}.available_by_phase", tolerated)
        for phase, table in c.available_by_phase.items():
            yield from capability_keys(table, m, f"{base}.available_by_phase.{phase}",
                                        tolerated)
        yield from phase_keys(c.pledge_by_phase, m, f"{base}.pledge_by_phase", tolerated)
        for key in ("excluded_functions_by_phase", "excluded_theatres_by_phase",
                    "max_share_by_phase", "min_personnel_by_phase", "cost_per_month_by_phase"):
            yield from phase_keys(getattr(c, key), m, f"{base}.{key}", tolerated)
        for phase, listed in c.excluded_theatres_by_phase.items():
            yield from refs(listed, m.theatre, f"{base}.excluded_theatres_by_phase.{phase}",
                            "theatre", "unknown-theatre", "theatre", tolerated)
        for phase, table in c.cost_per_month_by_phase.items():
            yield from capability_keys(table, m, f"{base}.cost_per_month_by_phase.{phase}",
                                        tolerated)


def contributor_pools_once(m: Mandate, tolerated: Tolerated) -> Iterator[Issue]:
    """A contributor gives a capability's pool once: as ``available`` (deployable) or as
    ``standing`` (the whole pool, divided by the sustainment ratio), not both."""
    for cid, c in m.contributor.items():
        for cap in c.standing:
            if cap in c.available:
                yield Issue(
                    code="pool-given-twice",
                    path=f"contributor.{cid}.standing.{cap}",
                    value=repr(c.standing[cap]),
                    message=f"'{cap}' is in both available ({c.available[cap]}) and standing "
                    f"({c.standing[cap]}); give one",
                    hint="available is what can deploy at any one time; standing is the whole "
                    "pool, of which 1 in the capability's sustainment_ratio deploys",
                )


def throughput_rules_complete(m: Mandate, tolerated: Tolerated) -> Iterator[Issue]:
    """A need rule with ``trainees`` gives ``trainees_per_instructor_month``, and the
    rate comes only with trainees: one without the other sizes nothing."""
    for tid, task in m.task.items():
        for cap, rule in task.need.items():
            base = f"task.{tid}.need.{cap}"
            if rule.trainees > 0 and rule.trainees_per_instructor_month is None:
                yield Issue(
                    code="incomplete-throughput",
                    path=f"{base}.trainees",
                    value=repr(rule.trainees),
                    message="trainees without trainees_per_instructor_month: the rule cannot "
                    "say how many instructors they need",
                    hint="add trainees_per_instructor_month, the trainees one person trains in "
                    "a month",
                )
            elif rule.trainees == 0 and rule.trainees_per_instructor_month is not None:
                yield Issue(
                    code="incomplete-throughput",
                    path=f"{base}.trainees_per_instructor_month",
                    value=repr(rule.trainees_per_instructor_month),
                    message="trainees_per_instructor_month without trainees: there is nobody "
                    "to train",
                    hint="add trainees, the persons to be trained over the task's phases, or "
                    "delete the rate",
                )


def group_references(m: Mandate, tolerated: Tolerated) -> Iterator[Issue]:
    """A group's members must be contributors, each listed once, and its floor may not
    exceed its cap."""
    for gid, g in m.group.items():
        base = f"group.{gid}"
        yield from refs(g.members, m.contributor, f"{base}.members", "contributor",
                         "unknown-contributor", "contributor", tolerated)
        yield from phase_keys(g.min_share_by_phase, m, f"{base}.min_share_by_phase", tolerated)
        yield from phase_keys(g.max_share_by_phase, m, f"{base}.max_share_by_phase", tolerated)
        for phase in (None, *m.phase):
            low = g.min_share_by_phase.get(phase, g.min_share) if phase else g.min_share
            high = g.max_share_by_phase.get(phase, g.max_share) if phase else g.max_share
            phased = phase in g.min_share_by_phase or phase in g.max_share_by_phase
            if low is None or high is None or low <= high or (phase and not phased):
                continue
            path = f"{base}.min_share_by_phase.{phase}" if phase in g.min_share_by_phase \
                else f"{base}.min_share"
            yield Issue(
                code="group-shares-inverted",
                path=path,
                value=repr(low),
                message=f"min_share {low:g} is above max_share {high:g}"
                + (f" in {phase}, so no plan with anyone deployed there" if phase else
                   ", so no phase with anyone deployed") + " could satisfy both",
                hint="swap the two shares, or lower min_share",
            )


def readiness_references(m: Mandate, tolerated: Tolerated) -> Iterator[Issue]:
    """A phase's readiness names an existing level and tasks; a contributor's ready forces
    name existing levels and capabilities."""
    for pid, phase in m.phase.items():
        if phase.ready is None:
            continue
        base = f"phase.{pid}.ready"
        if phase.ready.within not in m.readiness and \
                not tolerated.allows("readiness", phase.ready.within):
            yield Issue(
                code="unknown-readiness",
                path=f"{base}.within",
                value=repr(phase.ready.within),
                message=f"no readiness level has the id '{phase.ready.within}'",
                hint=did_you_mean(phase.ready.within, m.readiness) if m.readiness else
                "define the level as [readiness.ID] with its days",
            )
        yield from refs(phase.ready.tasks or [], m.task, f"{base}.tasks", "task",
                        "unknown-task", "task", tolerated)
    for cid, c in m.contributor.items():
        for level in c.ready:
            if level not in m.readiness and not tolerated.allows("readiness", level):
                yield Issue(
                    code="unknown-readiness",
                    path=f"contributor.{cid}.ready.{level}",
                    value=repr(level),
                    message=f"no readiness level has the id '{level}'",
                    hint=did_you_mean(level, m.readiness) if m.readiness else
                    "define the level as [readiness.ID] with its days",
                )
        for level, table in c.ready.items():
            yield from capability_keys(table, m, f"contributor.{cid}.ready.{level}", tolerated)


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



def uncertainty_references(m: Mandate, tolerated: Tolerated) -> Iterator[Issue]:
    """The contributors and groups ``[uncertainty]`` gives odds for must exist."""
    if m.uncertainty is None:
        return
    yield from _id_keys("contributor", m.uncertainty.contributor, m.contributor,
                        "uncertainty.contributor", tolerated)
    yield from _id_keys("group", m.uncertainty.group, m.group, "uncertainty.group", tolerated)


REFERENCE_CHECKS: tuple[ReferenceCheck, ...] = (
    mission_parties_unique,
    task_references,
    theatre_references,
    contributor_references,
    contributor_pools_once,
    throughput_rules_complete,
    group_references,
    readiness_references,
    uncertainty_references,
)
