"""Numeric sanity of what a mandate derives: sizes the model can take, and degenerate input.

The schema bounds every number a planner writes (``schema.py``); these checks bound
what the numbers make together. A requirement beyond :data:`~.schema.MAX_PERSONS`
(a mistyped ``per_1000_population = 1e12``) is an error at the need rule that gives
it. A mandate that asks for nobody, a phase shorter than a day and a requirement
orders of magnitude beyond every pool are legal but almost certainly not meant:
warnings.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from ..errors import Issue
from ..fmt import number
from .derive import Derived
from .host import host_evaluable
from .rules import evaluable
from .schema import MAX_PERSONS, Mandate
from .shares import shares_evaluable

DAY_IN_MONTHS = 12 / 365.25
"""One day, in months."""
BEYOND = 100
"""A requirement more than this many times what every contributor together could send
is warned about: no plausible change of pools closes it."""


def _evaluable(m: Mandate) -> Derived | None:
    """``Derived`` when every task's requirements can be derived (else the reference
    errors say why)."""
    return Derived.of(m) if all(evaluable(m, tid) for tid in m.task) and shares_evaluable(m) \
        and host_evaluable(m) else None


def requirements_in_range(m: Mandate) -> Iterator[Issue]:
    """Error when a need rule asks for more than MAX_PERSONS persons in a phase."""
    d = _evaluable(m)
    if d is None:
        return
    seen: set[tuple[str, str]] = set()
    for r in d.requirements:
        if r.required > MAX_PERSONS and (r.task, r.capability) not in seen:
            seen.add((r.task, r.capability))
            yield Issue(code="requirement-too-large", path=f"task.{r.task}.need.{r.capability}",
                        message=f"this rule asks for {number(r.required)} persons in "
                                f"{r.phase}, more than the {number(MAX_PERSONS)} forcesize "
                                "sizes one requirement for",
                        hint="check the rule's rates and the theatre's figures (a rate per "
                             "1,000 inhabitants, per km or per crossing)")


def mandate_requires_someone(m: Mandate) -> Iterator[Issue]:
    """Warn when the whole mandate requires nobody: every plan is then empty and
    'optimal'."""
    d = _evaluable(m)
    if d is None or any(r.required > 0 for r in d.requirements):
        return
    yield Issue(code="nothing-to-staff", severity="warning", path="task" if m.task else "",
                message="no task requires anyone, so every plan deploys nobody and costs "
                        "nothing",
                hint="add phases, tasks with need rules and contributors (see "
                     "docs/mandate-format.md)")


def phases_last_a_day(m: Mandate) -> Iterator[Issue]:
    """Warn when a phase is shorter than a day: its person-months are too small to tell
    a shortfall from none."""
    for pid, phase in m.phase.items():
        if phase.months < DAY_IN_MONTHS:
            yield Issue(code="phase-shorter-than-a-day", severity="warning",
                        path=f"phase.{pid}.months", value=repr(phase.months),
                        message="the phase is shorter than a day; months are calendar months",
                        hint="write the phase's length in months (one week is about 0.23)")


def requirements_within_reach(m: Mandate) -> Iterator[Issue]:
    """Warn when a requirement exceeds every contributor's pool of its capability in its
    phase together by orders of magnitude."""
    d = _evaluable(m)
    if d is None:
        return
    pools: dict[tuple[str, str], int] = defaultdict(int)
    for cid in m.contributor:
        for cap in m.capability:
            for phase in d.phases:
                pools[cap, phase] += d.pool(cid, cap, phase)
    seen: set[tuple[str, str]] = set()
    for r in d.requirements:
        have = pools[r.capability, r.phase]
        if r.required > BEYOND * max(have, 1) and (r.task, r.capability) not in seen:
            seen.add((r.task, r.capability))
            yield Issue(code="requirement-beyond-reach", severity="warning",
                        path=f"task.{r.task}.need.{r.capability}",
                        message=f"requires {number(r.required)} {r.capability} in {r.phase}, "
                                f"and all contributors together have {number(have)}",
                        hint="check the rule's rates and the theatre's figures, or the pools")
