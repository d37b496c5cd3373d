"""Each group's share of every phase in a plan, against its bounds.

The plan's JSON lists contributors' shares but not groups' (a group is a view of the
contributors); the report and anyone reading a plan against ``[group.*]`` bounds need
both the share and the bound in force in that phase, which :meth:`Derived.group_share`
defines (a phase's override, else the group's own bound).
"""

from __future__ import annotations

from collections import defaultdict

from ..mandate.derive import Derived
from .base import Frozen
from .plan import Plan


class GroupShareRow(Frozen):
    """Persons a group's members deploy in one phase, their share of it, and the bounds."""

    group: str
    name: str
    phase: str
    persons: int
    share: float
    min_share: float | None
    max_share: float | None


def group_rows(derived: Derived, plan: Plan) -> list[GroupShareRow]:
    """A row per group and phase, groups by id, phases in order."""
    persons: dict[tuple[str, str], int] = defaultdict(int)
    for a in plan.allocations:
        persons[a.contributor, a.phase] += a.personnel
    deployed = {p.phase: p.deployed for p in plan.phases}
    rows = []
    for gid in sorted(derived.mandate.group):
        group = derived.mandate.group[gid]
        for phase in derived.phases:
            count = sum(persons[cid, phase] for cid in group.members)
            rows.append(GroupShareRow(
                group=gid, name=group.name or gid, phase=phase, persons=count,
                share=round(count / deployed[phase], 6) if deployed[phase] else 0.0,
                min_share=derived.group_share(gid, phase, "min_share"),
                max_share=derived.group_share(gid, phase, "max_share")))
    return rows
