"""Result objects: the plan, its independent check, and the diff and comparison of plans.

A :class:`Plan` is read from a solution through the model's registry
(``plan.py``); :func:`check_plan` re-verifies it against the mandate alone
(``check.py``); ``diff.py`` and ``compare.py`` set plans side by side. Nothing
here solves.
"""

from __future__ import annotations

from .base import SCHEMA_VERSION, Frozen
from .check import check_plan
from .compare import Comparison, build_comparison
from .diff import Diff, build_diff
from .plan import Plan, build_plan

__all__ = ["SCHEMA_VERSION", "Comparison", "Diff", "Frozen", "Plan", "build_comparison",
           "build_diff", "build_plan", "check_plan"]
