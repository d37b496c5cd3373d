"""Named cross-entity checks on a shape-valid mandate.

Each check is one function returning :class:`Issue` records, errors for
broken references and warnings for input that is legal but probably not what
the planner meant. All checks run, so one ``validate`` lists every problem.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from .errors import Issue
from .schema import Mandate
from .suggest import did_you_mean

Check = Callable[[Mandate], Iterator[Issue]]


def _refs(
    ids: Iterable[str], known: Iterable[str], path: str, what: str, code: str
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
        if ref not in known:
            yield Issue(
                code=code,
                path=f"{path}[{i}]",
                value=repr(ref),
                message=f"no {what} has the id '{ref}'",
                hint=did_you_mean(ref, known),
            )


def _capability_keys(table: Iterable[str], m: Mandate, path: str) -> Iterator[Issue]:
    """Keys of a table keyed by capability id (a need, a pool, a cost override) must exist."""
    for cap in table:
        if cap not in m.capability:
            yield Issue(
                code="unknown-capability",
                path=f"{path}.{cap}",
                value=repr(cap),
                message=f"no capability has the id '{cap}'",
                hint=did_you_mean(cap, m.capability),
            )


def task_references(m: Mandate) -> Iterator[Issue]:
    """A task's theatre, phases, consent parties and needed capabilities must exist."""
    for tid, task in m.task.items():
        base = f"task.{tid}"
        if task.theatre not in m.theatre:
            yield Issue(
                code="unknown-theatre",
                path=f"{base}.theatre",
                value=repr(task.theatre),
                message=f"no theatre has the id '{task.theatre}'",
                hint=did_you_mean(task.theatre, m.theatre),
            )
        yield from _refs(task.phases or [], m.phase, f"{base}.phases", "phase", "unknown-phase")
        yield from _refs(
            task.consent_of or [], m.mission.parties, f"{base}.consent_of", "mission party",
            "unknown-party",
        )
        yield from _capability_keys(task.need, m, f"{base}.need")


def contributor_references(m: Mandate) -> Iterator[Issue]:
    """A contributor's parties, theatres and capabilities must exist."""
    for cid, c in m.contributor.items():
        base = f"contributor.{cid}"
        yield from _refs(
            c.acceptable_to or [], m.mission.parties, f"{base}.acceptable_to", "mission party",
            "unknown-party",
        )
        yield from _refs(
            c.excluded_theatres, m.theatre, f"{base}.excluded_theatres", "theatre",
            "unknown-theatre",
        )
        yield from _capability_keys(c.available, m, f"{base}.available")
        yield from _capability_keys(c.cost_per_month, m, f"{base}.cost_per_month")


def mission_parties_unique(m: Mandate) -> Iterator[Issue]:
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


CHECKS: tuple[Check, ...] = (
    mission_parties_unique,
    task_references,
    contributor_references,
    excluded_functions_known,
    common_fund_has_pledges,
)


def run_checks(m: Mandate) -> list[Issue]:
    """Every issue every check finds, errors and warnings, in check order."""
    return [issue for check in CHECKS for issue in check(m)]
