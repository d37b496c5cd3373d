"""The preemptive objective: one stage per priority's shortfall, then cost.

No weights: each stage is solved on its own, and later stages hold the
earlier optima (see ``solve/stages.py``). A stage with no terms is still listed,
with value 0, so results always report all four.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction

import pulp

from ..mandate.schema import PRIORITIES
from .variables import MONEY_SCALE, Context, Pairs

COST_STAGE = "cost"


@dataclass(frozen=True)
class Stage:
    """One preemptive stage: a name and the expression it minimises."""

    name: str
    description: str
    pairs: Pairs
    unit: float = 1.0
    """Model units per reported unit (money is modelled in millions)."""
    columns: list[pulp.LpVariable] = field(default_factory=list)
    """Variables this stage brings in; earlier stages never see them."""
    rows: list[pulp.LpConstraint] = field(default_factory=list)
    """Rows this stage brings in (named); they stay for any later stage."""
    node_limit: int | None = None
    """A cap on the solver's branch-and-bound nodes for a stage that refines the plan rather
    than decides it (the anchor of ``diff``): deterministic, unlike a time limit. Stopped
    at the cap, the stage keeps the best plan found, and the plan stays optimal in every
    earlier stage."""
    start: Callable[[dict[str, float]], dict[str, float]] | None = None
    """For a refinement stage: the values of its own columns for the previous stage's plan
    (by LP name), so that the solver starts from that plan, which is feasible for it."""
    ideal: dict[str, float] | None = None
    """For a refinement stage whose objective is a sum of non-negative terms: values of
    some columns (by LP name) at which it is zero (the anchor: every assignment as the
    reference has it). The stage is first solved with those columns fixed; a plan found
    so is optimal, and only when there is none is the stage searched as usual. A change
    that forces nothing then moves nothing, however hard the search (issue 10)."""
    step: float | None = None
    """The smallest difference between two values the objective takes on whole plans
    (person-months: the greatest common divisor of the phases' months; persons: 1), so
    that a stage is proven optimal when its bound is within less than one step. None
    for the cost stage, which stops at a relative gap instead."""

    def expression(self) -> pulp.LpAffineExpression:
        return pulp.LpAffineExpression(self.pairs)

    def value(self, values: Mapping[str, float]) -> float:
        """The stage's objective at a plan given by LP name (model units; a column the plan
        does not name is 0)."""
        return sum(coef * values.get(var.name, 0.0) for var, coef in self.pairs)


def granularity(coefficients: Iterable[float]) -> float:
    """The greatest common divisor of the coefficients as written (exact decimals): every
    whole-number combination of them is a multiple of it. 1 when there are none."""
    fractions = [Fraction(repr(float(c))) for c in coefficients if c]
    if not fractions:
        return 1.0
    denominator = math.lcm(*(f.denominator for f in fractions))
    numerator = math.gcd(*(int(f * denominator) for f in fractions))
    return float(Fraction(numerator, denominator))


def shortfall_stages(ctx: Context) -> list[Stage]:
    """min Σ_{t of priority π} months[p]·s[t,k,p], for π = essential, important, desirable."""
    stages = []
    for priority in PRIORITIES:
        pairs: Pairs = [
            (ctx.shortfall[r.task, r.capability, r.phase], r.months)
            for r in ctx.derived.requirements
            if r.priority == priority and r.required > 0
        ]
        stages.append(Stage(f"{priority}_shortfall",
                            f"{priority} shortfall in person-months", pairs,
                            step=granularity(c for _, c in pairs)))
    return stages


def cost_stage(ctx: Context) -> Stage:
    """min Σ cost·months·x: the cheapest plan among those with the least shortfall."""
    return Stage(COST_STAGE, "total cost", ctx.all_costs(), unit=MONEY_SCALE)
