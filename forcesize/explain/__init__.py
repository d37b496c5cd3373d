"""Explain a plan: where each requirement comes from, what limits the plan, what would
close each shortfall, and the marginal value of each limit.

Pure: built from the mandate, the checked plan and the LP relaxation's duals
(computed by ``solve/relax.py`` in the pipeline), never by solving here.
"""

from __future__ import annotations

from ..mandate.derive import Derived
from ..results import SCHEMA_VERSION, Plan
from ..solve.relax import StageDuals
from .derivations import derivations
from .limits import shortfalls_and_limits
from .marginals import marginals
from .models import Explanation

__all__ = ["Explanation", "build_explanation"]

RELAXATION_NOTE = (
    "Marginal values come from the LP relaxation (persons may be fractional), solved stage "
    "by stage like the plan. They hold only for small changes, read in the first stage a "
    "change moves (higher priorities first); the integer plan, in whole persons, can gain "
    "less or more, and where the relaxation has several optimal dual solutions another set "
    "is equally valid.")


def build_explanation(d: Derived, plan: Plan, duals: list[StageDuals]) -> Explanation:
    """The explanation of ``plan`` for the mandate in ``d``."""
    whys, limits = shortfalls_and_limits(d, plan)
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
        limits=limits, shortfalls=whys, marginals=marginals(d, duals), notes=notes)
