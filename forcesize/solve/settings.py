"""The solvers' settings in one place: seed, gaps and the stage-lock rule.

Every code path that locks a stage (the integer stages, the LP relaxation that
prices limits) calls :func:`lock_bound`, so a stage is held at its optimum the
same way everywhere.
"""

from __future__ import annotations

SEED = 20100201
"""Fixed random seed for both solvers (the seed paper's month, as a mnemonic)."""

MIP_REL_GAP = 1e-6
"""Relative gap at which HiGHS counts a stage as proven optimal."""
CBC_REL_GAP = 1e-5
"""CBC's gap: CBC 2.10 could not close 1e-6 on the cost stage of mandates/gaza.toml in
30 s and closes 1e-5 in 0.1 s; 1e-5 of a billion is well under one person-phase's cost."""
LOCK_TOL = 1e-9
"""Relative slack a stage lock allows above the stage optimum (and LOCK_ABS absolute).
Tight, so that a later stage (the anchor of ``diff``) cannot buy its own aim with a
little more cost: a person-phase costs far more than 1e-9 of any mission's budget."""
LOCK_ABS = 1e-6
"""Absolute slack of a stage lock, in model units (persons, person-months, millions)."""


def lock_bound(value: float) -> float:
    """The bound a stage lock row ``objective ≤ bound`` gets after the stage's optimum
    ``value`` (in model units)."""
    return value + max(LOCK_ABS, LOCK_TOL * abs(value))
