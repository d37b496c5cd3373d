"""What each family of the model means, in one place.

Every variable and row of the model belongs to a :class:`~.naming.Family`. Its
spec here says what kind of thing it is (a decision, a requirement, a limit, a
definition), and for a limit everything the rest of forcesize says about it:

* how the conflict search groups its rows and the sentence it names them with
  (``solve/conflicts.py``);
* how a plan's reading of one of its rows is worded, as a limit the plan reaches
  and as the reason a contributor sends no more (``explain/limits.py``);
* its marginal value: the step a planner would take, how a dual of the LP
  relaxation turns into the effect of that step, and the mandate keys that the
  step changes, so that an integer re-solve can confirm it (``explain/marginals.py``
  and the pipeline).

The sentences read the registry's description and key path of each row and the
figures :class:`~forcesize.mandate.Derived` computes; nothing here re-derives a
rule. A meta-test fails when a family has no spec, or a limit lacks a sentence,
a marginal value or a hand-made test with a known optimum.

``base.py`` holds the spec types; ``structure.py`` the variables, definitions and
stage rows; ``people.py``, ``money.py`` and ``readiness.py`` the limits.
"""

from __future__ import annotations

from ..naming import Family
from .base import (
    ConflictContext,
    Figures,
    Limit,
    Move,
    PlanValues,
    Reason,
    Role,
    Row,
    Spec,
    Step,
    Term,
)
from .money import (
    BudgetMax,
    FundMax,
    FundPhaseMax,
    NetBurdenMax,
    PaymentMax,
    PhaseBudgetMax,
    PledgeMax,
    PledgePhaseMax,
    SchemeBudgetMax,
    SchemeFundMax,
)
from .people import (
    CommitmentMin,
    GroupMax,
    GroupMin,
    Multinational,
    NeedCover,
    PoolMax,
    ShareMax,
)
from .readiness import ReadyMax, ReadyShare
from .structure import STRUCTURE

__all__ = ["LIMITS", "SPECS", "ConflictContext", "Figures", "Limit", "Move", "PlanValues",
           "Reason", "Role", "Row", "Spec", "Step", "Term", "limit", "spec"]

SPECS: dict[Family, Spec] = {spec.family: spec for spec in (
    *STRUCTURE, NeedCover(), PoolMax(), ShareMax(), GroupMax(), GroupMin(), Multinational(),
    CommitmentMin(), PledgeMax(), PledgePhaseMax(), FundMax(), FundPhaseMax(), BudgetMax(),
    SchemeFundMax(), SchemeBudgetMax(), PhaseBudgetMax(), PaymentMax(), NetBurdenMax(),
    ReadyMax(), ReadyShare(),
)}
"""Every family's spec, by family."""


def spec(family: Family) -> Spec:
    return SPECS[family]


def limit(family: Family) -> Limit | None:
    """The family's spec when it bounds a plan (a limit or a requirement), else None."""
    found = SPECS[family]
    return found if isinstance(found, Limit) else None


LIMITS: tuple[Limit, ...] = tuple(sorted(
    (s for s in SPECS.values() if isinstance(s, Limit) and s.role == "limit"),
    key=lambda s: s.rank))
"""The limit families, in reporting order."""
