"""A built model as HiGHS arrays, and a quiet HiGHS instance.

Shared by the three places that run HiGHS: the preemptive stages
(``solve.py``), the LP relaxation whose duals price the limits
(``relax.py``) and the conflict search for infeasible mandates
(``conflicts.py``). The model is handed to HiGHS once, column-wise, with its
rows in registry order, so row *i* of HiGHS is entry *i* of
``model.registry.constraints``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pulp

from .errors import SolverError
from .model import BuiltModel, Key

SEED = 20100201
"""Fixed random seed for both solvers (the seed paper's month, as a mnemonic)."""


@dataclass
class HighsModel:
    """A HiGHS instance holding a built model, and how its columns and rows are named."""

    h: Any
    names: list[str]
    """Column names (LP names) in column order."""
    index: dict[str, int]
    """Column index by LP name."""
    rows: list[Key]
    """Registry key of each row, in row order."""


def new_highs(options: dict[str, Any] | None = None) -> Any:
    """A HiGHS instance that prints nothing, single-threaded with a fixed seed."""
    import highspy

    from .solve import stdout_to_stderr

    with stdout_to_stderr(discard=True):  # highspy's banner is chatter, not a message
        h = highspy.Highs()
    base: dict[str, Any] = {"output_flag": False, "log_to_console": False, "threads": 1,
                            "random_seed": SEED}
    for option, value in {**base, **(options or {})}.items():
        h.setOptionValue(option, value)
    return h


def load_model(model: BuiltModel, *, relax: bool = False, open_bounds: bool = False,
               options: dict[str, Any] | None = None) -> HighsModel:
    """Pass ``model`` to a new HiGHS instance.

    ``relax`` drops integrality (the LP relaxation). ``open_bounds`` lifts the upper
    bounds of the columns, which only repeat what rows already say (x ≤ pool, x ≤ R),
    so that relaxing a row in a conflict search really removes its limit."""
    import highspy
    import numpy as np

    columns = [e.obj for e in model.registry.variables.values()]
    names = [v.name for v in columns]
    index = {name: i for i, name in enumerate(names)}
    n = len(columns)
    inf = highspy.kHighsInf
    lower = np.array([-inf if v.lowBound is None else v.lowBound for v in columns], float)
    upper = np.array([inf if (v.upBound is None or open_bounds) else v.upBound
                      for v in columns], float)
    rows_lo, rows_up, r_idx, c_idx, vals = [], [], [], [], []
    for r, entry in enumerate(model.registry.constraints.values()):
        con = entry.obj
        rhs = -con.constant
        rows_lo.append(rhs if con.sense in (pulp.LpConstraintGE, pulp.LpConstraintEQ) else -inf)
        rows_up.append(rhs if con.sense in (pulp.LpConstraintLE, pulp.LpConstraintEQ) else inf)
        for var, coef in con.expr.items():
            r_idx.append(r)
            c_idx.append(index[var.name])
            vals.append(coef)
    m = len(rows_lo)
    cols = np.array(c_idx, dtype=np.int32)
    order = np.lexsort((np.array(r_idx, dtype=np.int32), cols))
    lp = highspy.HighsLp()
    lp.num_col_ = n
    lp.num_row_ = m
    lp.col_cost_ = np.zeros(n)
    lp.col_lower_ = lower
    lp.col_upper_ = upper
    lp.row_lower_ = np.array(rows_lo, float)
    lp.row_upper_ = np.array(rows_up, float)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.num_col_ = n
    lp.a_matrix_.num_row_ = m
    lp.a_matrix_.start_ = np.concatenate(
        ([0], np.cumsum(np.bincount(cols, minlength=n)))).astype(np.int32)
    lp.a_matrix_.index_ = np.array(r_idx, dtype=np.int32)[order]
    lp.a_matrix_.value_ = np.array(vals, float)[order]
    integer = [v.cat == pulp.LpInteger for v in columns]
    if any(integer) and not relax:
        lp.integrality_ = [highspy.HighsVarType.kInteger if i else
                           highspy.HighsVarType.kContinuous for i in integer]
    h = new_highs(options)
    if n and h.passModel(lp) == highspy.HighsStatus.kError:
        raise SolverError("HiGHS rejected the model")
    return HighsModel(h, names, index, list(model.registry.constraints))
