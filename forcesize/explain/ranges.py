"""Where a marginal value holds, in the planner's terms (``explain --ranges``).

``solve/ranging.py`` finds, in steps, the interval over which the relaxation's slope
holds. This module turns steps into the mandate's own numbers (each key the step moves,
at each end) and words, and judges the whole-person re-solves at the two ends that the
pipeline runs: the relaxation lets persons be fractional and whole units split, so a
slope can hold over an interval the integer plan does not follow (ranging alone is wrong
for integer plans).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from ..fmt import money, number, signed
from ..mandate.overrides import value_at
from ..model.families import Step
from ..solve.ranging import Found
from .marginals import stage_words
from .models import Range, RangeCheck, RangeEnd

TOLERANCE = 0.10
"""Relative difference within which a whole-person re-solve confirms an end (or one
person-month, one unit of money, if that is larger)."""


def moves(data: Mapping[str, Any], edits: Mapping[str, Any]
          ) -> dict[str, tuple[float, float]] | str:
    """Each key a step moves: (its value in the mandate, its value one step on); or the
    first key that has no number in the mandate to move from."""
    out: dict[str, tuple[float, float]] = {}
    for path, stepped in edits.items():
        base = value_at(data, path)
        if not isinstance(base, int | float) or isinstance(base, bool):
            return path
        out[path] = (base, stepped)
    return out


def valid_steps(keys: Mapping[str, tuple[float, float]]) -> tuple[float, float]:
    """(fewest, most) steps that keep every key at zero or above: a pool, a budget, a
    pledge cannot be negative."""
    low, high = -math.inf, math.inf
    for base, stepped in keys.values():
        delta = stepped - base
        if delta > 0:
            low = max(low, -base / delta)
        elif delta < 0:
            high = min(high, base / -delta)
    return low, high


def values_at(keys: Mapping[str, tuple[float, float]], steps: float) -> dict[str, float]:
    """The keys ``steps`` from the mandate, whole numbers rounded towards the mandate's
    value (the rebuilt model's check says how far the rounded values really moved)."""
    values: dict[str, float] = {}
    for path, (base, stepped) in keys.items():
        value: float = base + steps * (stepped - base)
        if isinstance(base, int) and isinstance(stepped, int):
            value = base + math.trunc(round(steps * (stepped - base), 9))
        values[path] = value
    return values


def judge(relaxation: float, integer: float | None) -> RangeCheck:
    """Whether a whole-person re-solve follows the relaxation at an end."""
    if integer is None:
        return "unchecked"
    close = abs(integer - relaxation) <= max(1.0, TOLERANCE * abs(relaxation))
    return "confirmed" if close else "differs"


EndFound = tuple[Found, Mapping[str, float], float, float | None]
"""An end as the pipeline found it: where and why, the keys there, the stage's change in
the relaxation rebuilt there and in whole persons (reported units; None: not re-solved)."""


def range_end(found: EndFound, step: Step) -> RangeEnd:
    """One end as a record, judged when it was re-solved (an end at the mandate itself
    has nothing to judge)."""
    end, values, relaxation, integer = found
    return RangeEnd(steps=round(end.steps, 6), change=round(end.steps * step.size, 6),
                    end=end.end, values={k: round(v, 6) for k, v in values.items()},
                    relaxation_effect=round(relaxation, 6),
                    integer_effect=None if integer is None else round(integer, 6),
                    check=judge(relaxation, integer) if end.steps else "unchecked")


_SHAPE = ("the model has other variables or rows, e.g. at a pool of 0 or one too small for a "
          "whole unit")
_END_WORDS = {"valid": " (as far as the key can go)", "searched": " (searched no further)",
              "shape": f" (beyond it {_SHAPE})", "slope": ""}
_AT_ONCE = {"valid": "the key can go no further", "searched": "not searched",
            "shape": f"at once {_SHAPE}", "slope": "the relaxation's slope changes at once"}


def _parts(change: float, step: Step, currency: str) -> tuple[str, str]:
    """(the signed number, its unit) of a change in the step's unit (persons or money: the
    steps that have a range)."""
    if step.unit == "money":
        return signed(change / 1e6), f"m {currency}"
    return signed(change), step.unit


def _amount(change: float, step: Step, currency: str) -> str:
    return " ".join(_parts(change, step, currency))


def _value(value: float, step: Step, currency: str) -> str:
    return money(value, currency) if step.unit == "money" else number(value)


def _whole(end: RangeEnd, step: Step, currency: str, stage: str) -> str:
    if end.integer_effect is None:
        return ""
    _, unit = stage_words(stage, currency)
    moved = f"{signed(end.integer_effect)} {unit}" if abs(end.integer_effect) >= 0.5 \
        else "no change"
    return (f"; at {_amount(end.change, step, currency)} in whole persons {moved} "
            f"(relaxation {signed(end.relaxation_effect)})")


def build_range(ends: list[EndFound], step: Step, currency: str, stage: str) -> Range:
    """The record and its sentence: ``holds from -30 persons to +8 persons
    (contributor.EGY.available.border-police 20 to 58); at -30 persons in whole persons
    +7,214,400 USD (relaxation +7,220,571.43); ...``."""
    low, high = range_end(ends[0], step), range_end(ends[1], step)
    path = next(iter(low.values))
    if not low.steps and not high.steps:
        text = (f"holds for no step either way: below, {_AT_ONCE[low.end]}; above, "
                f"{_AT_ONCE[high.end]}" +
                (" (a degenerate optimum, where this dual is one of several)"
                 if low.end == high.end == "slope" else ""))
    else:
        more = ", and the other phases' keys alike" if len(low.values) > 1 else ""
        text = (f"holds from {_amount(low.change, step, currency)}{_END_WORDS[low.end]} to "
                f"{_amount(high.change, step, currency)}{_END_WORDS[high.end]} ({path} "
                f"{_value(low.values[path], step, currency)} to "
                f"{_value(high.values[path], step, currency)}{more})"
                f"{_whole(low, step, currency, stage)}{_whole(high, step, currency, stage)}")
    span = f"{_parts(low.change, step, currency)[0]} to {_amount(high.change, step, currency)}" \
        if low.steps or high.steps else "no step"
    return Range(low=low, high=high, span=span, text=text)
