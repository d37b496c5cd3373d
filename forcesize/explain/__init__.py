"""Explain a plan: where each requirement comes from, what limits the plan, what would
close each shortfall, and the marginal value of each limit.

Built from the model, the checked plan, the LP relaxation's duals (computed by
``solve/relax.py`` in the pipeline) and the integer re-solves that check the
marginal values (run by the pipeline, which takes the steps from
:func:`marginal_candidates`); nothing here solves.
"""

from __future__ import annotations

from ..model import BuiltModel
from ..results import SCHEMA_VERSION, Plan
from ..solve.relax import StageDuals
from .derivations import derivations
from .limits import shortfalls_and_limits
from .marginals import Candidate, marginal_records
from .marginals import candidates as marginal_candidates
from .models import Explanation

__all__ = ["Candidate", "Explanation", "build_explanation", "marginal_candidates"]

RELAXATION_NOTE = (
    "Marginal values come from the LP relaxation (persons may be fractional), solved stage "
    "by stage like the plan. They hold only for small changes, read in the first stage a "
    "change moves (higher priorities first); where the relaxation has several optimal dual "
    "solutions another set is equally valid. A value marked confirmed was re-solved in whole "
    "persons with its step applied and moved the same stage the same way; one the integer "
    "plan does not reach is shown as a relaxation estimate only.")


def build_explanation(model: BuiltModel, plan: Plan, duals: list[StageDuals],
                      found: list[Candidate] | None = None,
                      integer: dict[int, float | None] | None = None) -> Explanation:
    """The explanation of ``plan``, the model's checked plan. ``found`` are the marginal
    candidates of ``duals`` (computed here when not given) and ``integer[i]`` the integer
    re-solve's effect of candidate ``i`` (see :func:`~.marginals.marginal_records`)."""
    d = model.derived
    whys, limits = shortfalls_and_limits(model, plan)
    if found is None:
        found = marginal_candidates(d, duals)
    notes = [RELAXATION_NOTE]
    m = d.mandate
    if any(k.unit_size for k in m.capability.values()) or \
            any(c.unit_size for c in m.contributor.values()) or \
            any(t.min_contributors for t in m.task.values()):
        notes.append("The relaxation also loosens whole units and the multinational rule: "
                     "a marginal value can promise what only part of a unit, or a single "
                     "contributor on a multinational task, would give; the blockers above "
                     "name those limits.")
    if plan.status != "optimal":
        notes.append("The plan stopped at the time limit and is not proven optimal; a limit "
                     "named here may not be the one that binds in an optimal plan.")
    return Explanation(
        schema_version=SCHEMA_VERSION, kind="explain",
        forcesize_version=plan.forcesize_version, mandate=plan.mandate,
        currency=plan.currency, status=plan.status, derivations=derivations(d),
        limits=limits, shortfalls=whys, marginals=marginal_records(d, found, integer or {}),
        notes=notes)
