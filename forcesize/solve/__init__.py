"""Solve a built model: the only package that runs a solver or imports highspy.

:func:`solve` runs the preemptive stages with HiGHS (``highs.py``) or CBC
(``cbc.py``); ``relax.py`` prices limits with the LP relaxation's duals and
``conflicts.py`` names the limits that leave a mandate without any plan.
"""

from __future__ import annotations

from .cbc import cbc_path
from .quiet import stdout_to_stderr
from .stages import SOLVERS, Solution, SolverName, StageResult, solve

__all__ = ["SOLVERS", "Solution", "SolverName", "StageResult", "cbc_path", "solve",
           "stdout_to_stderr"]
