"""What becomes of each contributor's forces in one random draw (``forcesize risk --draws``,
issue 16 items 1–2), and the mandate that draw leaves.

**Common random numbers.** Every random number is a hash of (seed, draw, who, what): the
same seed gives the same fate to the same contributor in the same draw whatever else the
mandate holds, so ``risk`` on two variants compares like with like, and a contributor
added by a variant does not reshuffle the others' fates.

**A draw.** For each group with a ``correlation`` ρ (in the mandate's group order), one
number decides whether its members share one fate in this draw (probability ρ); a member
of several such groups takes the first's. A contributor then arrives when its arrival
number (its group's when it shares, else its own) is below its ``arrives``; an arriving
contributor slips one phase when its slip number is below its ``slips``, and brings
``fraction`` of its forces. Members sharing one number fail together as far as their own
probabilities allow; for members with equal odds, ρ is the correlation of their failures.

**The mandate a draw leaves** (:func:`draw_edits`), as ``--set`` edits of the base:

* a contributor that does not arrive is withdrawn as ``risk --withdraw-each`` withdraws it
  (``mandate/withdraw.py``: no forces, commitments lifted, money kept);
* one that brings a fraction f < 1 has every pool cut to ⌊f × pool⌋, in whole units where
  it has units (written as ``available_by_phase`` for each phase), the forces it holds
  ready cut alike, and its commitments lifted (they were made for the whole pledge);
* one that slips has no forces in the first phase in which it has any (left out of its
  ``phases``; it arrives after the mandate when that was its last);
* a group's floor (``min_share``) is lifted in a phase where its members had forces and
  have none left in the draw: a floor on a bloc that is not there could be met only by
  deploying nobody.

Money is untouched: pledges are a second question (``--set``). Nothing here solves.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .derive import Derived
from .schema import Mandate, Uncertainty
from .withdraw import Withdrawal


@dataclass(frozen=True)
class Fate:
    """What becomes of one contributor's forces in a draw."""

    arrived: bool
    fraction: float
    """The share of its forces that arrives (0 when they do not)."""
    slipped: bool
    """Whether they arrive one phase late."""


FATES = tuple[tuple[str, Fate], ...]
"""A draw: each contributor's fate, in the mandate's order (hashable, so equal draws are
solved once)."""


def uniform(seed: int, draw: int, *what: str) -> float:
    """A number in [0, 1) from (seed, draw, what) alone: blake2b, the same on every
    machine and Python version, independent of everything else in the mandate."""
    text = "\x1f".join((str(seed), str(draw), *what))
    digest = hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") / 2 ** 64


def fates_of(m: Mandate, u: Uncertainty, seed: int, draw: int) -> FATES:
    """Every contributor's fate in draw ``draw`` (1-based) of ``seed``."""
    shared: dict[str, str] = {}
    for gid, group in m.group.items():
        odds = u.group.get(gid)
        if odds is not None and uniform(seed, draw, "group", gid, "together") < \
                odds.correlation:
            for cid in group.members:
                shared.setdefault(cid, gid)
    out = []
    for cid in m.contributor:
        arrives, fraction, slips = u.odds(cid)
        who = ("group", shared[cid]) if cid in shared else ("contributor", cid)
        arrived = uniform(seed, draw, *who, "arrives") < arrives
        slipped = arrived and uniform(seed, draw, *who, "slips") < slips
        out.append((cid, Fate(arrived, fraction if arrived else 0.0, slipped)))
    return tuple(out)


def scaled(persons: int, fraction: float, unit: int | None) -> int:
    """⌊fraction × persons⌋ in whole units of ``unit`` (persons when None), exactly."""
    size = unit or 1
    return math.floor(Decimal(repr(fraction)) * persons / size) * size


def draw_edits(derived: Derived, fates: FATES) -> dict[str, Any]:
    """The mandate keys the draw changes, and their values (the module's rules)."""
    m = derived.mandate
    phases = list(m.phase)
    edits: dict[str, Any] = {}
    had = {cid: {p for p in phases if forces_in(derived, cid, p)} for cid in m.contributor}
    left = dict(had)
    for cid, fate in fates:
        c = m.contributor[cid]
        base = f"contributor.{cid}"
        if not fate.arrived or (fate.slipped and len(had[cid]) <= 1 and had[cid]):
            edits |= Withdrawal(cid, "contributor", (cid,)).edits()
            left[cid] = set()
            continue
        if fate.fraction < 1:
            caps = [*c.available, *c.standing,
                    *(k for table in c.available_by_phase.values() for k in table)]
            edits[f"{base}.available_by_phase"] = {
                p: {k: scaled(derived.pool(cid, k, p), fate.fraction,
                              derived.unit_size(cid, k)) for k in dict.fromkeys(caps)}
                for p in phases if derived.present(cid, p)}
            edits[f"{base}.ready"] = {
                level: {k: scaled(n, fate.fraction, derived.unit_size(cid, k))
                        for k, n in table.items()} for level, table in c.ready.items()}
            edits[f"{base}.min_personnel"] = 0
            edits[f"{base}.min_personnel_by_phase"] = {}
            left[cid] = {p for p in had[cid]
                         if any(edits[f"{base}.available_by_phase"].get(p, {}).values())}
        if fate.slipped and had[cid]:
            first = min(had[cid], key=phases.index)
            edits[f"{base}.phases"] = [p for p in phases
                                       if derived.present(cid, p) and p != first]
            left[cid] = left[cid] - {first}
    for gid, g in m.group.items():
        lifted = {p: 0 for p in phases
                  if any(p in had[c] for c in g.members)
                  and not any(p in left[c] for c in g.members)
                  and derived.group_share(gid, p, "min_share")}
        if lifted:
            edits[f"group.{gid}.min_share_by_phase"] = {**g.min_share_by_phase, **lifted}
    return edits


def forces_in(derived: Derived, cid: str, phase: str) -> bool:
    """Whether the contributor has any forces in the phase."""
    c = derived.mandate.contributor[cid]
    caps = {*c.available, *c.standing, *c.available_by_phase.get(phase, {})}
    return any(derived.pool(cid, k, phase) > 0 for k in caps)


def first_phases(derived: Derived) -> dict[str, str | None]:
    """Each contributor's first phase with forces: the one a slip costs it."""
    return {cid: next((p for p in derived.mandate.phase if forces_in(derived, cid, p)), None)
            for cid in derived.mandate.contributor}
