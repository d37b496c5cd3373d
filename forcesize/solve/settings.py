"""The solvers' settings in one place: seed, gaps and the stage-lock rule.

Every code path that locks a stage (the integer stages, the LP relaxation that
prices limits) calls :func:`lock_bound`, so a stage is held at its optimum the
same way everywhere.
"""

from __future__ import annotations

SEED = 20100201
"""Fixed random seed for both solvers (the seed paper's month, as a mnemonic)."""

MIP_REL_GAP = 1e-6
"""Relative gap at which HiGHS counts the cost stage as proven optimal."""
CBC_REL_GAP = 1e-4
"""CBC's gap on the cost stage. The relaxation splits whole units between tasks, and CBC
2.10's root cuts close that or not depending on the seed and the row order: at 1e-5 the
default mandate's cost stage took from 0.1 s to 64 s, and it and four bundled variants
ran out of a minute; at 1e-4 the default ends at the root and NATO members only and no
US troops finish (the budget cut only just or not, Turkey not: docs/model.md, "Solve
time"). 1e-4 of a $4.7 bn mission is $470,000, about one soldier for a 36-month phase;
the plan's status line says how far within it CBC got, and HiGHS (10⁻⁶) is the solver
for figures to the dollar."""
STEP_GAP = 0.5
"""A stage whose objective moves in steps (shortfall in person-months, persons moved) is
proven optimal when its bound is within half a step of its value: no whole plan can
then be better. A relative gap would let a huge requirement hide every small one."""
INTEGRALITY = 1e-4
"""How far from a whole number a solver's value of a variable may be (absolute, plus
1e-9 relative) before its plan is refused; within it, values are rounded."""
RETRY_OPTIONS = {"highs": {"presolve": "off"}, "cbc": ["preprocess off"]}
"""Settings of the second attempt at a stage a solver declared infeasible although a plan
for it is known (the previous stage's, or sending nobody): CBC 2.10's preprocessing
does this on some models (issue 18, defect D)."""
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


def cutoff(step: float | None, value: float) -> float:
    """The cutoff HiGHS is given for a stage when a plan of ``value`` (model units) is
    known to be feasible for it (the previous stage's plan): just above that value, by
    less than the stage's own tolerance, so that the known plan is within it and HiGHS
    must return one at least as good. Nodes whose bound cannot beat it are pruned, and
    bounds tightened by reduced costs, from the first node rather than from whenever the
    heuristics find a plan: the cost stage of the budget cut with Turkey unacceptable to
    Israel found its first plan after 29 s without it (docs/model.md, "Solve time")."""
    if step is not None:
        return value + STEP_GAP * step
    return value + max(abs(value) * MIP_REL_GAP, LOCK_ABS)


def gaps(step: float | None, relative: float) -> tuple[float, float]:
    """(relative gap, absolute gap) for a stage: the relative gap for the cost stage
    (``step`` None), else no relative gap and :data:`STEP_GAP` of a step."""
    if step is None:
        return relative, 0.0
    return 0.0, STEP_GAP * step
