"""Names that travel: every variable and constraint is named from mandate ids.

Only :func:`lp_name` makes LP names, as ``<family>__<id>__<id>...``. PuLP
rewrites characters such as ``-`` in names, so ids are sanitised here, and an
id whose sanitised form would collide with another's gets a short index.
Nothing ever parses a name back: the :class:`Registry` maps keys to the PuLP
objects with a one-line description and the TOML path they come from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Family(StrEnum):
    """Variable and constraint families. Constraint suffixes give the sense."""

    # variables: what is decided
    ASSIGNED = "assigned"
    SHORTFALL = "shortfall"
    DEPLOYED = "deployed"
    CHANGE = "change"
    UNITS = "units"
    EXCESS = "excess"
    SERVES = "serves"
    STAFFED = "staffed"
    ALLOWANCE = "allowance"
    APPORTIONED = "apportioned"
    SLICE = "slice"
    LATE = "late"
    POOLED_UNITS = "pooled_units"
    LARGEST = "largest"
    COUNTED = "counted"
    # constraints: <subject>_<min|max|eq>
    NEED_COVER_EQ = "need_cover_eq"
    POOL_MAX = "pool_max"
    PHASE_TOTAL_EQ = "phase_total_eq"
    SHARE_MAX = "share_max"
    PLEDGE_MAX = "pledge_max"
    FUND_MAX = "fund_max"
    BUDGET_MAX = "budget_max"
    COMMITMENT_MIN = "commitment_min"
    UNIT_EQ = "unit_eq"
    PLEDGE_PHASE_MAX = "pledge_phase_max"
    FUND_PHASE_MAX = "fund_phase_max"
    GROUP_MAX = "group_max"
    GROUP_MIN = "group_min"
    SERVES_LINK_MIN = "serves_link_min"
    STAFFED_LINK_MAX = "staffed_link_max"
    ASSIGNED_STAFFED_MAX = "assigned_staffed_max"
    SERVES_STAFFED_MAX = "serves_staffed_max"
    MULTINATIONAL_MIN = "multinational_min"
    ALLOWANCE_CUT_MAX = "allowance_cut_max"
    ALLOWANCE_CUT_MIN = "allowance_cut_min"
    STAGE_LOCK_MAX = "stage_lock_max"
    CHANGE_UP_MIN = "change_up_min"
    CHANGE_DOWN_MIN = "change_down_min"
    SCHEME_FUND_MAX = "scheme_fund_max"
    SCHEME_BUDGET_MAX = "scheme_budget_max"
    PHASE_BUDGET_MAX = "phase_budget_max"
    PAYMENT_MAX = "payment_max"
    NET_BURDEN_MAX = "net_burden_max"
    APPORTIONED_MIN = "apportioned_min"
    SLICE_MIN = "slice_min"
    SLICE_MAX = "slice_max"
    POOLED_UNIT_EQ = "pooled_unit_eq"
    READY_MAX = "ready_max"
    READY_SHARE_MIN = "ready_share_min"
    LARGEST_MIN = "largest_min"
    COUNTED_LINK_MIN = "counted_link_min"
    COUNTED_LINK_MAX = "counted_link_max"
    NEAR_COST_MAX = "near_cost_max"


_UNSAFE = re.compile(r"[^A-Za-z0-9_]")


class Tokens:
    """Collision-free LP tokens for one kind of id (contributors, tasks, ...)."""

    def __init__(self, ids: list[str]) -> None:
        self._token: dict[str, str] = {}
        used: dict[str, int] = {}
        for i in sorted(ids):
            base = _UNSAFE.sub("_", i)
            used[base] = used.get(base, 0) + 1
        seen: set[str] = set()
        for n, i in enumerate(sorted(ids)):
            base = _UNSAFE.sub("_", i)
            token = base if used[base] == 1 and base not in seen else f"{base}_{n}"
            seen.add(token)
            self._token[i] = token

    def __getitem__(self, entity_id: str) -> str:
        return self._token[entity_id]


def lp_name(family: Family, *tokens: str) -> str:
    """``<family>__<token>__<token>...``: the only way LP names are made."""
    return "__".join((family.value, *tokens))


@dataclass(frozen=True)
class Key:
    """A variable or constraint: its family and the mandate ids it is indexed by."""

    family: Family
    ids: tuple[str, ...] = ()


@dataclass
class Entry:
    """What the registry knows of one variable or constraint."""

    obj: Any
    name: str
    description: str
    path: str


@dataclass
class Registry:
    """Keys → PuLP objects, descriptions and TOML paths, in creation order."""

    variables: dict[Key, Entry] = field(default_factory=dict)
    constraints: dict[Key, Entry] = field(default_factory=dict)
