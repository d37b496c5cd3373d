"""Who the mission cannot afford to lose: each contributor, and each group, withdrawn in
turn (``forcesize risk --withdraw-each``, issue 16 item 3).

A withdrawn contributor sends nobody: every pool it gives (``available``, ``standing``,
``available_by_phase``, the ``ready`` forces within them) is emptied and its committed
minimum (``min_personnel``, by phase too) lifted, since a nation that leaves honours no
commitment. Its money stays (pledges, payments, shares of a scheme): the question is
which forces the mission cannot do without, and a pledge withdrawn with its troops is a
second question (``--set contributor.ID.pledge=0`` on top). A group is withdrawn as all its
members at once (members of an alliance that leave together), and its floor on their
share of each phase (``min_share``, by phase too) with them: a floor on a bloc that has
left could only be met by deploying nobody. Its cap stays, harmlessly. A contributor
withdrawn alone leaves its groups' floors in force for the members that remain.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from .schema import Mandate

EMPTIED = {"available": {}, "standing": {}, "available_by_phase": {}, "ready": {},
           "min_personnel_by_phase": {}, "min_personnel": 0}
"""Each key of a contributor a withdrawal sets, and the value it sets."""


@dataclass(frozen=True)
class Withdrawal:
    """One contributor, or one group's members, withdrawn."""

    name: str
    """The contributor's id, or the group's."""
    kind: Literal["contributor", "group"]
    members: tuple[str, ...]

    def edits(self) -> dict[str, Any]:
        """The mandate keys that withdraw it, and their values."""
        out = {f"contributor.{cid}.{key}": value for cid in self.members
               for key, value in EMPTIED.items()}
        if self.kind == "group":
            out |= {f"group.{self.name}.min_share": 0, f"group.{self.name}.min_share_by_phase": {}}
        return out


def withdrawals(m: Mandate) -> list[Withdrawal]:
    """Every contributor in the mandate's order, then every group of more than one
    member (a group of one is its member)."""
    out = [Withdrawal(cid, "contributor", (cid,)) for cid in m.contributor]
    out += [Withdrawal(gid, "group", tuple(g.members)) for gid, g in m.group.items()
            if len(g.members) > 1]
    return out
