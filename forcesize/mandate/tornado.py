"""The inputs of a tornado: every number a mandate gives, each varied by ±x %.

``forcesize sensitivity --tornado 20%`` moves one input at a time, down and up by the same
fraction, and re-solves; this module says which inputs there are (every number the
mandate and its bases write, with its key path and what kind of input it is) and what the
two varied values are. Nothing here solves; the pipeline picks the inputs the plan touches
(:func:`touched`) and solves each side relative to the base, never cumulatively.

A whole number stays whole (a pool of 850 varied by 20 % is 680 and 1,020; 2 contributors
varied by 20 % stay 2, and the side is then not solved: it *is* the base). Values are
computed in decimal, so 0.35 varied by 20 % is exactly 0.28 and 0.42.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any, get_origin

from ..errors import InputError, Issue
from .schema import Mandate
from .suggest import did_you_mean

KINDS: dict[str, str] = {
    "standing": "pool", "available": "pool", "available_by_phase": "pool", "ready": "pool",
    "host": "pool",
    "pledge": "pledge", "pledge_by_phase": "pledge", "pledges": "pledge",
    "payments": "pledge", "max_payment": "pledge",
    "cost_per_month": "cost", "cost_per_month_by_phase": "cost", "reimbursement": "cost",
    "reimbursement_by_capability": "cost",
    "budget": "budget", "max_net_burden": "budget",
    "need": "sizing", "phase_scale": "sizing", "population": "sizing", "area_km2": "sizing",
    "border_km": "sizing", "coastline_km": "sizing", "crossings": "sizing",
    "quantities": "sizing", "multipliers": "sizing",
    "max_share": "share", "min_share": "share", "max_share_by_phase": "share",
    "min_share_by_phase": "share", "scale": "share", "weight": "share",
}
"""The kind of an input, by the field that holds it (the key after the entity's id, or
after the top-level table for ``objective`` and ``threat``); any other field is ``other``
(phase months, unit sizes, sustainment ratios, commitments, thresholds)."""

KEYED = frozenset(name for name, info in Mandate.model_fields.items()
                  if get_origin(info.annotation) is dict)
"""The top-level tables keyed by id (``contributor``, ``task``, …): their second key is an
id, not a field."""


@dataclass(frozen=True)
class NumericInput:
    """One number the mandate gives, where it is and what kind of input it is."""

    path: str
    value: int | float
    kind: str


def numeric_inputs(data: dict[str, Any]) -> list[NumericInput]:
    """Every number of the merged document ``data``, in document order. Numbers inside
    arrays are not inputs here: ``--set`` cannot address one element of an array."""
    out: list[NumericInput] = []

    def walk(node: Any, parts: tuple[str, ...]) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                walk(value, (*parts, str(key)))
        elif isinstance(node, int | float) and not isinstance(node, bool):
            out.append(NumericInput(".".join(parts), node, kind_of(parts)))

    walk(data, ())
    return out


def kind_of(parts: tuple[str, ...]) -> str:
    """The kind of the input at ``parts`` (see :data:`KINDS`)."""
    if not parts:
        return "other"
    at = 2 if parts[0] in KEYED else 1
    return KINDS.get(parts[at], "other") if len(parts) > at else "other"


def parse_fraction(text: str, option: str = "--tornado") -> Decimal:
    """``20%`` or ``20`` → 0.2: a percentage given to ``option`` (each step of a tornado,
    risk's ``--fail-below``)."""
    raw = text.strip().removesuffix("%").strip()
    try:
        value = Decimal(raw)
    except InvalidOperation:
        value = Decimal("NaN")
    if not value.is_finite() or not 0 < value <= 100:
        raise InputError([Issue(code="bad-percentage", path=option, value=text,
                                message="expected a percentage above 0 and at most 100",
                                hint=f"e.g. {option} 20%", file=option)], file=option)
    return value / 100


def vary(value: int | float, fraction: Decimal) -> tuple[int | float, int | float]:
    """``value`` down and up by ``fraction``, whole numbers rounded half up to whole ones."""
    base = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    low, high = base * (1 - fraction), base * (1 + fraction)
    if isinstance(value, int):
        return (int(low.to_integral_value(ROUND_HALF_UP)),
                int(high.to_integral_value(ROUND_HALF_UP)))
    return float(low), float(high)


def select(inputs: list[NumericInput], patterns: list[str]) -> list[NumericInput]:
    """The inputs whose key path matches one of ``patterns`` (exact paths or shell-style
    patterns, ``contributor.*.pledge``), in document order. A pattern that matches no
    number of the mandate is an error with a did-you-mean: a misspelt key would otherwise
    leave the study silently smaller."""
    paths = [i.path for i in inputs]
    issues = [Issue(code="bad-tornado", path=p, file="--keys",
                    message="names no number the mandate gives",
                    hint=did_you_mean(p, paths) or "a number must be written in the "
                         "mandate (or its base) to be varied; list them with --keys '*'")
              for p in patterns if not any(fnmatch.fnmatchcase(path, p) for path in paths)]
    if issues:
        raise InputError(issues, file="--keys")
    return [i for i in inputs if any(fnmatch.fnmatchcase(i.path, p) for p in patterns)]


_ID_TABLES = ("contributor", "capability", "task", "theatre", "phase")


@dataclass(frozen=True)
class Used:
    """What a plan touches: the ids of each kind it deploys, pays or requires, and the
    contributor–capability pairs it deploys."""

    ids: dict[str, frozenset[str]]
    pairs: frozenset[tuple[str, str]]


def touched(item: NumericInput, data: dict[str, Any], used: Used) -> bool:
    """Whether the plan touches ``item``: every id in its path (a contributor, capability,
    task, theatre or phase of the mandate) is one the plan uses, and a contributor's number
    for a capability (its pool, cost, unit size) is of a pair the plan deploys. Objective,
    groups, schemes and the threat table always count."""
    parts = item.path.split(".")
    known = {kind: set(data.get(kind) or ()) for kind in _ID_TABLES}
    for part in parts[1:]:
        for kind, ids in known.items():
            if part in ids and part not in used.ids.get(kind, frozenset()):
                return False
    capabilities = [p for p in parts[2:] if p in known["capability"]]
    if parts[0] == "contributor" and capabilities:
        return (parts[1], capabilities[0]) in used.pairs
    return True
