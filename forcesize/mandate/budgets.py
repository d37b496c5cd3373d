"""Which points of a study only loosen another's budgets.

A budget (``objective.budget``, ``phase.ID.budget``, ``financing.ID.budget``) appears in
the model only as an upper limit on spending (``budget_max``, ``phase_budget_max``,
``scheme_budget_max``). So of two mandates equal but for their budgets, the one whose every
budget is at least the other's (no budget counting as unlimited) admits every plan the
other does: its optimal plan, when it fits the tighter budgets, is optimal for those too,
stage by stage. A budget sweep uses this to solve the points above the unconstrained cost
once (``pipeline.sweep``).
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Mapping
from typing import Any

Budgets = dict[str, float]
"""Budget values by key path; a budget the document does not set is absent (unlimited)."""


def budget_view(data: Mapping[str, Any]) -> tuple[str, Budgets]:
    """(a digest of the document with every budget taken out, its budgets by key path):
    two documents with equal digests differ in their budgets at most."""
    rest = json.loads(json.dumps(data, default=str))
    budgets: Budgets = {}
    objective = rest.get("objective")
    if isinstance(objective, dict) and "budget" in objective:
        budgets["objective.budget"] = objective.pop("budget")
    for table in ("phase", "financing"):
        entries = rest.get(table)
        if not isinstance(entries, dict):
            continue
        for eid, entry in entries.items():
            if isinstance(entry, dict) and "budget" in entry:
                budgets[f"{table}.{eid}.budget"] = entry.pop("budget")
    text = json.dumps(rest, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest(), budgets


def covers(loose: Budgets, tight: Budgets) -> bool:
    """Whether every budget of ``tight`` is at most the same budget of ``loose`` (unlimited
    where ``loose`` sets none); then every plan within ``tight`` is within ``loose``."""
    def limit(budgets: Budgets, path: str) -> float:
        value = budgets.get(path)
        return math.inf if value is None else float(value)

    return all(limit(tight, path) <= limit(loose, path) for path in {*loose, *tight})
