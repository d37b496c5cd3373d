"""Near-optimal alternatives (``forcesize alternatives``, issue 16 item 4): the last stage
that pushes a plan as far as it goes along an axis, among plans whose every shortfall is
at its optimum and whose cost is within a slack of the optimum.

The stage replaces the cost stage. The shortfall stages are solved as for any plan (the
cost cap cannot change their optima: the optimal plan is under it), then the stage adds
its cost cap (``near_cost_max``: Σ cost ≤ cap) and minimises its direction:

* an axis is a set of contributors' **person-months** (Σ persons × the phase's months):
  a group's members (``group:ID``), one contributor (``contributor:ID``), or, for
  ``largest-share``, a column ``largest`` ≥ each contributor's person-months
  (``largest_min`` rows), so that minimising it spreads the burden;
* ``contributors-per-task`` counts, for each contributor, task and phase it may serve, a
  binary ``counted``: pushed up, it may be 1 only with a meaningful contribution
  (``counted_link_min``: persons ≥ ``Derived.meaningful`` × counted, the threshold
  ``min_contributors`` counts by); pushed down, it must be 1 with any persons
  (``counted_link_max``: persons ≤ their bounds × counted). Only the row of the direction
  is written, so no contribution the mandate allows is forbidden;
* ``fund-share`` is what the ``[financing]`` schemes pay (Σ rate × months × persons over
  the assignments a scheme pays for, ``Derived.routes``, in millions); with the cost
  near its optimum, more of it is a larger share paid from a common purse;
* a direction weighs axes, + for as much as possible and − for as little: the stage
  minimises −Σ weight × the axis (person-months, a count, or money).

Person-months rather than shares keep the stage linear; the shortfalls are locked, so the
mission's person-months barely move and an axis's person-months rank plans as its share
does. The stage is a refinement (``node_limit``): stopped at the cap it keeps the furthest
plan found, which is still within the slack and optimal in every shortfall.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pulp

from ..mandate.axes import FUND_SHARE, LARGEST_SHARE, PER_TASK, Direction
from .naming import Family, lp_name
from .objective import COST_STAGE, Stage, granularity
from .variables import MONEY_SCALE, Pairs

if TYPE_CHECKING:
    from . import BuiltModel

NEAR_STAGE = "near_optimal"
NEAR_NODES = 2_000
"""Branch-and-bound nodes an alternative's stage may take: it refines a plan already
optimal in every shortfall, so a cap (deterministic, unlike a time limit) bounds the time
an axis that is hard to push can take; stopped there, the plan is the furthest found."""


def near_stage(model: BuiltModel, direction: Direction, cost_cap: float) -> Stage:
    """The stage minimising −Σ weight × each axis (its person-months, or its count), with
    the cost at most ``cost_cap`` (plain money). ``model`` is a
    :class:`~forcesize.model.BuiltModel` whose cost stage is then dropped."""
    months = {p: model.derived.mandate.phase[p].months for p in model.derived.mandate.phase}
    cost = next(s for s in model.stages if s.name == COST_STAGE)
    columns: list[pulp.LpVariable] = []
    rows = [pulp.LpConstraint(pulp.LpAffineExpression(cost.pairs), pulp.LpConstraintLE,
                              lp_name(Family.NEAR_COST_MAX), cost_cap * cost.unit)]
    coefficients: dict[pulp.LpVariable, float] = {}
    for axis, weight in direction.weights:
        if axis.name == LARGEST_SHARE:
            largest = model.prob.add_variable(lp_name(Family.LARGEST), lowBound=0)
            columns.append(largest)
            for cid in axis.members:
                pairs = [(x, -months[key[3]]) for key, x in sorted(model.assigned.items())
                         if key[0] == cid]
                if pairs:
                    rows.append(pulp.LpConstraint(
                        pulp.LpAffineExpression([(largest, 1.0), *pairs]), pulp.LpConstraintGE,
                        lp_name(Family.LARGEST_MIN, model.tok["contributor"][cid]), 0))
            coefficients[largest] = coefficients.get(largest, 0.0) - weight
            continue
        if axis.name == PER_TASK:
            for b in _counted(model, columns, rows, up=weight > 0):
                coefficients[b] = coefficients.get(b, 0.0) - weight
            continue
        if axis.name == FUND_SHARE:
            for key, x in sorted(model.assigned.items()):
                route = model.derived.routes.route(*key)
                if route.scheme is not None and route.rate:
                    coefficients[x] = coefficients.get(x, 0.0) - weight * route.rate * \
                        months[key[3]] * MONEY_SCALE
            continue
        members = set(axis.members)
        for key, x in sorted(model.assigned.items()):
            if key[0] in members:
                coefficients[x] = coefficients.get(x, 0.0) - weight * months[key[3]]
    pairs: Pairs = [(v, c) for v, c in coefficients.items() if c]
    single = len(direction.weights) == 1 and abs(direction.weights[0][1]) == 1 \
        and direction.weights[0][0].name != FUND_SHARE  # money stops at a relative gap
    return Stage(NEAR_STAGE, direction.label, pairs, columns=columns,
                 rows=rows, node_limit=NEAR_NODES,
                 step=granularity(c for _, c in pairs) if single else None)


def _counted(model: BuiltModel, columns: list[pulp.LpVariable],
             rows: list[pulp.LpConstraint], up: bool) -> list[pulp.LpVariable]:
    """A ``counted`` binary for each contributor, task and phase with assignments, and its
    link row (the module's rules), added to ``columns`` and ``rows``."""
    by: dict[tuple[str, str, str], list[pulp.LpVariable]] = {}
    for (cid, _, tid, phase), x in sorted(model.assigned.items()):
        by.setdefault((cid, tid, phase), []).append(x)
    tok = model.tok
    out = []
    for (cid, tid, phase), xs in by.items():
        tokens = (tok["contributor"][cid], tok["task"][tid], tok["phase"][phase])
        b = model.prob.add_variable(lp_name(Family.COUNTED, *tokens), lowBound=0, upBound=1,
                                    cat=pulp.LpInteger)
        columns.append(b)
        persons = [(x, 1.0) for x in xs]
        if up:
            least = model.derived.meaningful(tid, phase)
            rows.append(pulp.LpConstraint(pulp.LpAffineExpression([*persons, (b, -least)]),
                                          pulp.LpConstraintGE,
                                          lp_name(Family.COUNTED_LINK_MIN, *tokens), 0))
        else:
            most = sum(x.upBound for x in xs)
            rows.append(pulp.LpConstraint(pulp.LpAffineExpression([*persons, (b, -most)]),
                                          pulp.LpConstraintLE,
                                          lp_name(Family.COUNTED_LINK_MAX, *tokens), 0))
        out.append(b)
    return out


def with_near_stage(model: BuiltModel, direction: Direction, cost_cap: float) -> None:
    """Replace ``model``'s cost stage by the alternative's stage (in place)."""
    stage = near_stage(model, direction, cost_cap)
    model.stages = [s for s in model.stages if s.name != COST_STAGE] + [stage]
