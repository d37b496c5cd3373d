"""Host-nation and local forces: how many mission persons they replace, phase by phase,
and which requirements they net.

``theatre.ID.host.CAPABILITY`` declares host persons of a capability in a theatre. In a
phase they count ``persons × effectiveness`` mission persons, scaled by the phase's ramp
(``by_phase``) or limited to those trained before the phase begins
(``trained_per_month`` from ``initial``). That credit nets the own terms (after phase
scale and threat) of the theatre's tasks needing the capability, in the order of
:func:`netted_tasks`, each requirement down to zero at most; a share of other needs is
then taken of the netted requirements, and is not netted itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction

from ..errors import Issue
from .references import Tolerated, capability_keys, phase_keys, refs
from .schema import PRIORITIES, Mandate


def _exact(x: float) -> Fraction:
    return Fraction(repr(float(x)))


def present(m: Mandate, theatre: str, capability: str, phase: str) -> Fraction:
    """Host persons of ``capability`` in ``theatre`` in ``phase``: ``persons`` × the
    ramp, or those trained before the phase begins (at most ``persons``); 0 where none
    are declared."""
    host = m.theatre[theatre].host.get(capability)
    if host is None:
        return Fraction(0)
    persons = _exact(host.persons)
    if host.trained_per_month is None:
        return persons * _exact(host.by_phase.get(phase, 1))
    phases = list(m.phase)
    before = sum((_exact(m.phase[p].months) for p in phases[:phases.index(phase)]),
                 Fraction(0))
    return min(persons, _exact(host.initial) + _exact(host.trained_per_month) * before)


def credit(m: Mandate, theatre: str, capability: str, phase: str) -> Fraction:
    """Mission persons the host forces of ``capability`` in ``theatre`` replace in
    ``phase``: :func:`present` × ``effectiveness``."""
    host = m.theatre[theatre].host.get(capability)
    return Fraction(0) if host is None else \
        present(m, theatre, capability, phase) * _exact(host.effectiveness)


def netted_tasks(m: Mandate, theatre: str, capability: str) -> list[str]:
    """The tasks whose needs of ``capability`` the theatre's host forces net, in order:
    as listed in ``tasks``, else the theatre's tasks needing it, essential first, then by
    id."""
    host = m.theatre[theatre].host[capability]
    if host.tasks is not None:
        return [t for t in host.tasks if t in m.task and capability in m.task[t].need]
    rank = {p: i for i, p in enumerate(PRIORITIES)}
    found = [t for t, task in m.task.items()
             if task.theatre == theatre and capability in task.need]
    return sorted(found, key=lambda t: (rank[m.task[t].priority], t))


def host_valid(m: Mandate, tolerated: Tolerated) -> Iterator[Issue]:
    """Host forces name existing capabilities and phases, give a ramp or a training rate
    (not both), and net only tasks of their theatre that need their capability."""
    for th, theatre in m.theatre.items():
        yield from capability_keys(theatre.host, m, f"theatre.{th}.host", tolerated)
        for cap, host in theatre.host.items():
            path = f"theatre.{th}.host.{cap}"
            yield from phase_keys(host.by_phase, m, f"{path}.by_phase", tolerated)
            if host.by_phase and host.trained_per_month is not None:
                yield Issue(code="host-ramp-twice", path=f"{path}.by_phase",
                            message="give by_phase (a ramp) or trained_per_month (a "
                            "throughput), not both")
            if host.initial and host.trained_per_month is None:
                yield Issue(code="host-ramp-twice", path=f"{path}.initial",
                            value=repr(host.initial),
                            message="initial counts only with trained_per_month",
                            hint="add trained_per_month, or give persons alone")
            yield from refs(host.tasks or [], m.task, f"{path}.tasks", "task", "unknown-task",
                            "task", tolerated)
            for i, tid in enumerate(host.tasks or []):
                task = m.task.get(tid)
                if task is not None and (task.theatre != th or cap not in task.need):
                    yield Issue(code="host-task-elsewhere", path=f"{path}.tasks[{i}]",
                                value=repr(tid),
                                message=f"task '{tid}' does not need {cap} in {th}, so the "
                                "host forces cannot net it")


def host_evaluable(m: Mandate) -> bool:
    """Whether netting can be computed: every host capability, ramp phase and listed task
    exists."""
    return all(cap in m.capability and set(h.by_phase) <= set(m.phase)
               and all(t in m.task for t in h.tasks or [])
               for theatre in m.theatre.values() for cap, h in theatre.host.items())
