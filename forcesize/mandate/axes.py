"""What near-optimal alternatives may differ in (``forcesize alternatives``, issue 16 item
4): axes named from the mandate, and the directions a study pushes them in.

An axis is the person-months of some contributors: ``group:ID`` (a group's members),
``contributor:ID``, or ``largest-share`` (the largest any one contributor carries); or
``contributors-per-task``, how many contributors serve each task in each phase; or
``fund-share``, the share of the cost that ``[financing]`` schemes pay rather than the
contributors themselves. A direction weighs axes, + for as much as possible and − for as
little.

**Which directions, in which order** (:func:`directions`): each axis at its two extremes
first, in the order the axes are given (``largest-share`` only at its least: as much as
possible of it has no bound the slack does not already give); then mixes of every axis
with weights drawn from ``--seed``, so that more alternatives than extremes differ in
several ways at once, the same for the same seed (person-month axes only: a count or a sum
of money does not mix with person-months).

**Default axes** (:func:`default_axes`): every group of several members, then the
largest single share, then every contributor the optimal plan uses, the most used first:
the questions a planner asks first are who leads (the blocs), how concentrated the
burden is, and whom the plan leans on.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from ..errors import InputError, Issue
from .schema import Mandate
from .suggest import did_you_mean

LARGEST_SHARE = "largest-share"
PER_TASK = "contributors-per-task"
FUND_SHARE = "fund-share"
NAMED = (LARGEST_SHARE, PER_TASK, FUND_SHARE)
"""The axes named without an id."""
KINDS = ("group", "contributor")


@dataclass(frozen=True)
class Axis:
    """What an alternative may push: the person-months of some contributors."""

    name: str
    """``group:ID``, ``contributor:ID`` or ``largest-share``."""
    members: tuple[str, ...]
    """The contributors it counts (every contributor for ``largest-share``)."""


@dataclass(frozen=True)
class Direction:
    """Axes and their weights: + as much as possible, − as little."""

    weights: tuple[tuple[Axis, float], ...]
    label: str


def parse_axis(m: Mandate, text: str) -> Axis:
    """``group:ID``, ``contributor:ID`` or one of :data:`NAMED` → its axis; anything else
    (``fund-share`` where no scheme pays for a phase) an :class:`InputError` naming the
    option, the value, the rule and a did-you-mean."""
    def bad(message: str, hint: str) -> InputError:
        return InputError([Issue(code="bad-axis", path="--axis", value=text,
                                 message=message, hint=hint, file="--axis")], file="--axis")

    if text == FUND_SHARE and not any(m.financing_of(p) in m.financing for p in m.phase):
        raise bad("no phase is paid for by a [financing] scheme, so every plan pays the same "
                  "share from one (none under national financing, all under the built-in "
                  "common fund)", "give a phase a [financing.ID] scheme, or another axis")
    if text in NAMED:
        return Axis(text, tuple(m.contributor))
    kind, _, ident = text.partition(":")
    if kind not in KINDS or not ident:
        raise bad("expected group:ID, contributor:ID, " + ", ".join(NAMED[:-1]) + " or "
                  + NAMED[-1], did_you_mean(kind, [*KINDS, *NAMED]) or
                  "e.g. --axis group:nato --axis contributor:USA")
    table = m.group if kind == "group" else m.contributor
    if ident not in table:
        raise bad(f"no {kind} has the id '{ident}'",
                  did_you_mean(ident, table) or f"the mandate's {kind}s: {', '.join(table)}")
    members = tuple(m.group[ident].members) if kind == "group" else (ident,)
    return Axis(text, members)


def default_axes(m: Mandate, used: Mapping[str, float]) -> list[Axis]:
    """The module's default axes; ``used`` is the optimal plan's person-months by
    contributor."""
    axes = [Axis(f"group:{gid}", tuple(g.members)) for gid, g in m.group.items()
            if len(g.members) > 1]
    axes.append(Axis(LARGEST_SHARE, tuple(m.contributor)))
    ranked = sorted((c for c in m.contributor if used.get(c, 0) > 0),
                    key=lambda c: (-used[c], c))
    return axes + [Axis(f"contributor:{cid}", (cid,)) for cid in ranked]


def directions(axes: list[Axis], seed: int, mixes: int) -> Iterator[Direction]:
    """Every axis's extremes in order, then ``mixes`` seeded mixes of every axis."""
    for axis in axes:
        yield Direction(((axis, -1.0),), f"least {axis.name}")
        if axis.name != LARGEST_SHARE:
            yield Direction(((axis, 1.0),), f"most {axis.name}")
    mixed = [axis for axis in axes if axis.name not in (PER_TASK, FUND_SHARE)]
    if not mixed:
        return
    rng = random.Random(seed)
    for n in range(1, mixes + 1):
        weights = []
        for axis in mixed:
            w = round(rng.uniform(-1.0, 1.0), 3)
            weights.append((axis, -abs(w) if axis.name == LARGEST_SHARE else w))
        yield Direction(tuple(weights), f"mix {n} (seed {seed})")
