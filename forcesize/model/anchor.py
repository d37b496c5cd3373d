"""The anchor stage: among optimal plans, the one closest to a reference plan.

``forcesize diff`` solves the variant with one more preemptive stage after
cost: minimise Σ |x[c,k,t,p] − x_ref[c,k,t,p]| over the variant's assignments,
with the shortfall and cost stages locked at their optima. A contributor the
variant does not touch therefore keeps its reference allocation unless the
variant's optima force a change, so a diff shows changes, not the solver's
choice between equally good plans.

|x − ref| is a ``change`` variable with two rows, ``change_up_min``
(change ≥ x − ref) and ``change_down_min`` (change ≥ ref − x), made only where
the reference has persons; where it has none, |x − 0| is x itself. The
variables and rows belong to the stage alone, so every earlier stage is
solved on exactly the model a plain ``solve`` builds and finds the same plan.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import pulp

from .naming import Family, lp_name
from .objective import Stage
from .variables import Pairs

if TYPE_CHECKING:
    from . import BuiltModel

ANCHOR_STAGE = "change"
ANCHOR_NODES = 100
"""Branch-and-bound nodes the anchor stage may take. Its search is a refinement: among
plans already optimal in every stage, the closest to the base. On five of the six bundled
variants the anchor is proven within 100 nodes; on the Turkey variant neither 100 nor 500
nodes found a plan closer than the variant's own (500 took 7 s, 100 took 3.4 s), and a
proof can take minutes (over 130 s). Stopped at the cap, the variant keeps the closest
plan found, which diff reports as not proven the closest."""

Assignment = tuple[str, str, str, str]
"""(contributor, capability, task, phase)."""


def anchor_stage(model: BuiltModel, reference: Mapping[Assignment, int]) -> Stage:
    """The stage minimising the total change, in persons, from ``reference``.

    ``model`` is a :class:`~forcesize.model.BuiltModel`. Reference assignments
    the model cannot make (a contributor removed, no longer eligible) are
    changes the variant forces; they add a constant and are left out."""
    tok = model.tok
    pairs: Pairs = []
    columns: list[pulp.LpVariable] = []
    rows: list[pulp.LpConstraint] = []
    moved: dict[str, tuple[str, int]] = {}  # change column → (its assignment's column, ref)
    for key in sorted(model.assigned):
        x = model.assigned[key]
        ref = reference.get(key, 0)
        if ref <= 0:
            pairs.append((x, 1.0))
            continue
        cid, cap, tid, phase = key
        tokens = (tok["contributor"][cid], tok["capability"][cap], tok["task"][tid],
                  tok["phase"][phase])
        change = model.prob.add_variable(lp_name(Family.CHANGE, *tokens), lowBound=0)
        columns.append(change)
        moved[change.name] = (x.name, ref)
        pairs.append((change, 1.0))
        rows.append(pulp.LpConstraint(pulp.LpAffineExpression([(change, 1.0), (x, -1.0)]),
                                      pulp.LpConstraintGE, lp_name(Family.CHANGE_UP_MIN, *tokens),
                                      -ref))
        rows.append(pulp.LpConstraint(pulp.LpAffineExpression([(change, 1.0), (x, 1.0)]),
                                      pulp.LpConstraintGE,
                                      lp_name(Family.CHANGE_DOWN_MIN, *tokens), ref))
    def start(plan: dict[str, float]) -> dict[str, float]:
        return {name: abs(plan.get(x, 0.0) - ref) for name, (x, ref) in moved.items()}

    ideal = {model.assigned[key].name: float(max(reference.get(key, 0), 0))
             for key in model.assigned}
    return Stage(ANCHOR_STAGE, "change from the reference plan, in persons", pairs,
                 columns=columns, rows=rows, step=1.0, node_limit=ANCHOR_NODES, start=start,
                 ideal=ideal)
