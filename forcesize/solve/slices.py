"""Minimum slices proven by the plan without them.

A minimum slice (``capability.min_slice``) makes an assignment 0 or at least the slice,
with one binary per assignment (``slice[c,k,t,p]``). Those binaries hardly move a
stage's optimum, but they cost HiGHS the proof: on the default mandate with slices on
every capability that comes in persons, the cost stage found its optimum at the root in
0.8 s and spent 12 s more proving the last 2·10⁻⁶ of it (docs/model.md, "Solve time").

Every plan with slices is a plan without them, so the stage solved with the slice
binaries continuous (the slices relaxed away) bounds the stage from below; that run is
as quick as a mandate without slices. Its plan is then repaired: the binaries of the
assignments that already respect their slice are fixed (0 where it sends nobody, 1
where it sends a slice or more), and only those of the requirements with a token
assignment are searched.
A repaired plan that reaches the bound is optimal, by the bound; one that does not is
handed on, with the bound as the solver's target, to the full search. This module holds
the arithmetic; ``highs.py`` runs the three solves.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from ..model import BuiltModel, Stage
from .settings import MIP_REL_GAP, STEP_GAP


@dataclass(frozen=True)
class SliceColumn:
    """One assignment with a minimum slice: the LP names of its binary and its persons,
    the slice, and the requirement it serves (task, capability, phase)."""

    binary: str
    persons: str
    least: int
    need: tuple[str, str, str]


def slice_columns(model: BuiltModel) -> list[SliceColumn]:
    """Every assignment's slice binary, in the model's order."""
    return [SliceColumn(var.name, model.assigned[key].name, least, (key[2], key[1], key[3]))
            for key, (var, least) in model.slices.items()]


def respects(values: Mapping[str, float], column: SliceColumn) -> bool | None:
    """Whether a plan's assignment respects its slice: sends nobody (False: the binary is
    0), at least the slice (True: the binary is 1), or neither (None: a token)."""
    persons = values.get(column.persons, 0.0)
    if persons < 0.5:
        return False
    return True if persons > column.least - 0.5 else None


def repair_fixings(values: Mapping[str, float], columns: list[SliceColumn]
                   ) -> dict[str, float] | None:
    """The slice binaries a repair holds: 0 or 1 for the assignments that respect their
    slice, except on the requirements where some assignment does not (a token), whose
    contributors may all be rearranged; None when every assignment respects its slice
    (then the plan needs no repair: it is a plan with slices as it stands, and
    :func:`with_binaries` completes it)."""
    tokens = {c.need for c in columns if respects(values, c) is None}
    if not tokens:
        return None
    return {c.binary: float(bool(respects(values, c))) for c in columns if c.need not in tokens}


def with_binaries(values: Mapping[str, float], columns: list[SliceColumn]) -> dict[str, float]:
    """A plan that respects every slice, with its slice binaries set to what it sends."""
    out = dict(values)
    for c in columns:
        out[c.binary] = 1.0 if values.get(c.persons, 0.0) >= 0.5 else 0.0
    return out


def target(stage: Stage, bound: float) -> float:
    """The stage value (model units) within which a plan is optimal, given a proven lower
    bound: half a step above the bound rounded up to a whole step where the stage moves
    in steps, else the cost stage's relative gap above it."""
    if stage.step is not None:
        steps = math.ceil(bound / stage.step - 1e-6)
        return (steps + STEP_GAP) * stage.step
    return bound + MIP_REL_GAP * abs(bound)
