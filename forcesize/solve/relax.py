"""Marginal values: the duals of the LP relaxation, stage by stage.

The plan is integer, and an integer program has no duals. Its LP relaxation
(persons allowed to be fractional) has, and they say how the optimum of each
preemptive stage moves when one limit is loosened by one unit: a person in a
pool, a million in a budget or a pledge. Each stage is solved as an LP with
the earlier stages locked at their LP optima, exactly as the integer solve
locks them, so a stage's duals price limits *given* the higher priorities.

These are marginal values of the relaxation: they hold for small changes,
can differ from what the integer plan would gain, and where the LP is
degenerate another equally valid set of duals may exist. ``explain`` says so.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import SolverError
from ..model import BuiltModel, Key
from .highs import load_model, run_interruptibly
from .settings import lock_bound


@dataclass(frozen=True)
class StageDuals:
    """One stage of the relaxation: its optimum and the row duals.

    ``duals[key]`` is d(stage objective, in model units) / d(row bound, in model units):
    persons for pools and commitments, millions of money for money rows."""

    stage: str
    unit: float
    """Model units per reported unit of the objective (as :class:`Stage`)."""
    objective: float
    duals: dict[Key, float]
    primal: dict[Key, float]
    """Column values of the relaxation's optimum, by variable key."""


def relaxation_duals(model: BuiltModel) -> list[StageDuals]:
    """Solve the LP relaxation stage by stage and read the duals of every model row."""
    import highspy
    import numpy as np

    # duals land on rows, not on bounds or cuts
    hm = load_model(model, relax=True, open_bounds=True, cuts=False)
    h = hm.h
    keys = [key for key in model.registry.variables]
    n = len(hm.names)
    out = []
    for stage in model.stages:
        if not stage.pairs or stage.columns:
            continue  # an empty stage has nothing to price; the anchor is not a limit
        costs = np.zeros(n)
        for var, coef in stage.pairs:
            costs[hm.index[var.name]] += coef
        h.changeColsCost(n, np.arange(n, dtype=np.int32), costs)
        interrupt = run_interruptibly(h)
        if interrupt is not None:
            raise interrupt
        status = h.getModelStatus()
        if status != highspy.HighsModelStatus.kOptimal:
            raise SolverError(f"the LP relaxation stopped with status "
                              f"'{h.modelStatusToString(status)}' in the {stage.description} "
                              "stage")
        solution = h.getSolution()
        value = float(h.getInfo().objective_function_value)
        duals = {key: float(solution.row_dual[i]) for i, key in enumerate(hm.rows)}
        primal = dict(zip(keys, (float(x) for x in solution.col_value[:len(keys)]),
                          strict=True))
        out.append(StageDuals(stage.name, stage.unit, value, duals, primal))
        idx = np.array([hm.index[v.name] for v, _ in stage.pairs], dtype=np.int32)
        val = np.array([c for _, c in stage.pairs], float)
        h.addRow(-highspy.kHighsInf, lock_bound(value), len(idx), idx, val)
    return out
