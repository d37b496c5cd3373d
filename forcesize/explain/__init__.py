"""Explain a plan: where each requirement comes from, what limits the plan, what would
close each shortfall, and the marginal value of each limit.

Built in two steps, so that nothing here solves: :func:`draft_explanation` reads the
model, the checked plan and the LP relaxation's duals (computed by ``solve/relax.py``
in the pipeline) into limits, shortfalls and marginal-value candidates; the pipeline
re-solves the candidates' steps in whole persons; :func:`build_explanation` writes the
explanation with those results.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import BuiltModel
from ..results import SCHEMA_VERSION, Plan
from ..solve.relax import StageDuals
from .derivations import derivations
from .limits import shortfalls_and_limits
from .marginals import Candidate, marginal_records
from .marginals import candidates as marginal_candidates
from .models import Explanation, Limit, Range, ShortfallWhy

__all__ = ["Candidate", "Draft", "Explanation", "build_explanation", "draft_explanation"]

RELAXATION_NOTE = (
    "Marginal values come from the LP relaxation (persons may be fractional), solved stage "
    "by stage like the plan. They hold only for small changes, read in the first stage a "
    "change moves (higher priorities first); where the relaxation has several optimal dual "
    "solutions another set is equally valid. A value marked confirmed was re-solved in whole "
    "persons with its step applied and moved the same stage the same way; one the integer "
    "plan does not reach is shown as a relaxation estimate only.")


@dataclass(frozen=True)
class Draft:
    """An explanation before its marginal values are re-solved in whole persons: the
    pipeline re-solves ``candidates`` (their ``edits``) and hands the effects to
    :func:`build_explanation`."""

    model: BuiltModel
    plan: Plan
    shortfalls: list[ShortfallWhy]
    limits: list[Limit]
    candidates: list[Candidate]


def draft_explanation(model: BuiltModel, plan: Plan, duals: list[StageDuals]) -> Draft:
    """Derivations aside, everything ``explain`` says of ``plan`` that needs no solver."""
    whys, limits, binding = shortfalls_and_limits(model, plan)
    return Draft(model, plan, whys, limits, marginal_candidates(model.derived, duals, binding))


def build_explanation(draft: Draft, integer: dict[int, float | None] | None = None,
                      ranges: dict[int, Range | str] | None = None) -> Explanation:
    """The explanation of the draft's plan; ``integer[i]`` is the integer re-solve's effect
    of candidate ``i`` (see :func:`~.marginals.marginal_records`), absent if not run, and
    ``ranges[i]`` its interval or why it has none (``explain --ranges``)."""
    d = draft.model.derived
    plan = draft.plan
    notes = [RELAXATION_NOTE]
    m = d.mandate
    if any(k.unit_size for k in m.capability.values()) or \
            any(c.unit_size for c in m.contributor.values()) or \
            any(t.min_contributors for t in m.task.values()):
        notes.append("The relaxation also loosens whole units: a marginal value can promise "
                     "what only part of a unit would give; the blockers above name those "
                     "limits.")
    if plan.status != "optimal":
        notes.append("The plan stopped at the time limit and is not proven optimal; a limit "
                     "named here may not be the one that binds in an optimal plan.")
    return Explanation(
        schema_version=SCHEMA_VERSION, kind="explain",
        forcesize_version=plan.forcesize_version, mandate=plan.mandate,
        currency=plan.currency, status=plan.status, derivations=derivations(d),
        limits=draft.limits, shortfalls=draft.shortfalls,
        marginals=marginal_records(d, draft.candidates, integer or {}, ranges or {}),
        notes=notes)
