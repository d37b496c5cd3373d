"""CBC, the second and independent solver, through PuLP's ``COIN_CMD``.

``COIN_CMD`` is the interface PuLP 4 keeps; it is pointed at the CBC 2.10 release
that PuLP 3 bundles, and where that binary is absent (PuLP 4), :func:`cbc_path`
finds ``cbc`` on the PATH. The ``cbcbox`` 2.935 build that ``pulp[cbc]`` installs
today is a development CBC: its new bound propagation declared a trivially
feasible share-cap model infeasible, and it could not close a 1e-6 gap on the
default mandate's cost stage in a minute.
"""

from __future__ import annotations

import math
import os

import pulp

from ..errors import InfeasibleError, SolverError
from ..model import BuiltModel, Stage
from ..model.naming import Family, lp_name
from .settings import CBC_REL_GAP, SEED


def cbc_path() -> str | None:
    """The CBC binary: PuLP 3's bundled release, else ``cbc`` on the PATH."""
    import shutil

    from pulp.apis.coin_api import pulp_cbc_path

    for candidate in (pulp_cbc_path, shutil.which("cbc")):
        if candidate and os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return None


class CbcRun:
    """CBC through PuLP: a fresh problem per stage sharing the model's rows."""

    def __init__(self, model: BuiltModel) -> None:
        self.model = model
        self.locks: list[pulp.LpConstraint] = []
        self.rows: list[pulp.LpConstraint] = []
        self.columns: dict[str, pulp.LpVariable] = {}  # brought in by stages
        self.values: dict[str, float] = {}
        self.path = cbc_path()

    def minimise(self, stage: Stage, remaining: float | None) -> tuple[str, float | None]:
        prob = pulp.LpProblem(f"forcesize_{stage.name}", pulp.LpMinimize)
        prob.setObjective(stage.expression())
        for entry in self.model.registry.constraints.values():
            prob.addConstraint(entry.obj, entry.name)
        self.rows += stage.rows
        for row in self.rows:
            prob.addConstraint(row, row.name)
        for lock in self.locks:
            prob.addConstraint(lock, lock.name)
        if self.path is None:
            raise SolverError("the CBC solver is not installed: PuLP's bundled CBC is missing "
                              "and no 'cbc' is on the PATH")
        solver = pulp.COIN_CMD(
            path=self.path, msg=False, threads=1, gapRel=CBC_REL_GAP,
            timeLimit=None if remaining is None else max(1, math.ceil(remaining)),
            options=[f"randomSeed {SEED}", f"randomCbcSeed {SEED}"],
        )
        try:
            prob.solve(solver)
        except pulp.PulpSolverError as exc:
            raise SolverError(f"CBC failed in the {stage.description} stage: {exc}") from None
        if prob.status == pulp.LpStatusInfeasible:
            raise InfeasibleError(f"no plan satisfies the mandate's hard limits (CBC, "
                                  f"{stage.description} stage)")
        if prob.status != pulp.LpStatusOptimal and not (
                prob.status == pulp.LpStatusNotSolved and self.values):
            raise SolverError(f"CBC stopped with status '{pulp.LpStatus[prob.status]}' in the "
                              f"{stage.description} stage")
        if prob.sol_status == pulp.LpSolutionIntegerFeasible:
            outcome = "time_limit"
        elif prob.sol_status == pulp.LpSolutionOptimal:
            outcome = "optimal"
        elif self.values:
            return "time_limit", None  # keep the previous stage's plan: it is feasible here
        else:
            raise SolverError(f"CBC reached the time limit in the {stage.description} stage "
                              "before it found any plan; allow more time with --time-limit")
        self.values = {e.name: float(e.obj.varValue or 0.0)
                       for e in self.model.registry.variables.values()}
        self.columns.update((v.name, v) for v in stage.columns)
        self.values.update((n, float(v.varValue or 0.0)) for n, v in self.columns.items())
        return outcome, None if outcome == "time_limit" else 0.0

    def lock(self, stage: Stage, bound: float) -> None:
        name = lp_name(Family.STAGE_LOCK_MAX, stage.name)
        self.locks.append(pulp.LpConstraint(stage.expression(), pulp.LpConstraintLE, name, bound))
