"""The explanation of a plan, as data: what ``explain`` prints and its JSON contract.

Every item carries a sentence in the planner's words *and* the figures and
mandate key path behind it, so a script can use the numbers and a reader the
text. ``kind`` is ``"explain"``, ``schema_version`` 1 (docs/explain.md).
"""

from __future__ import annotations

from typing import Literal

from ..results.base import Frozen


class DerivationTerm(Frozen):
    """One term of a sizing rule: ``rate`` × ``quantity`` = ``persons`` (exact decimals)."""

    rule: str
    wording: str
    rate: str
    quantity: str
    persons: str
    source: str | None = None
    """``rule-id (scenario): source, place`` when a library rule gave the rate."""


class Derivation(Frozen):
    """How the requirement of one task for one capability was computed."""

    task: str
    capability: str
    priority: str
    phases: list[str]
    required: int
    exact: str
    terms: list[DerivationTerm]
    host: str = "0"
    """Persons the theatre's host forces replace in these phases (a decimal string)."""
    formula: str
    """The arithmetic, e.g. ``2.2 per 1,000 × 2,500,000 population (west-bank) = 5,500``."""
    path: str
    text: str


LimitKind = Literal["pool", "unit", "slice", "share_cap", "group_cap", "group_floor",
                    "multinational", "pledge", "budget", "fund", "payment_cap", "burden_cap",
                    "consent", "caveat", "commitment", "readiness", "ready_share"]


class Limit(Frozen):
    """A limit of the final plan that is reached and keeps a shortfall open."""

    kind: LimitKind
    contributor: str | None
    capability: str | None
    phase: str | None
    used: float
    limit: float
    unit: str
    path: str
    text: str


BlockReason = Literal["consent", "caveat", "pool", "unit", "slice", "multinational", "share_cap",
                      "group_cap", "group_floor", "pledge", "budget", "fund", "payment_cap",
                      "burden_cap", "readiness", "ready_share", "unexplained"]


class Blocker(Frozen):
    """Why one contributor that has the capability does not fill more of a shortfall."""

    contributor: str
    reason: BlockReason
    idle: int
    """Persons of the capability the contributor has but does not deploy in that phase."""
    path: str
    text: str
    remedy: str
    """What would let it send more, with ``{who}`` where the contributor ids go, e.g.
    ``the consent of hamas for {who}``; contributors with the same remedy are grouped."""


class ShortfallWhy(Frozen):
    """One requirement left short, who could fill it and what stops them."""

    task: str
    capability: str
    phase: str
    priority: str
    required: int
    filled: int
    shortfall: int
    blockers: list[Blocker]
    text: str


MarginalKind = Literal["pool", "budget", "pledge", "fund", "payment_cap", "burden_cap",
                       "share_cap", "group_cap", "group_floor", "multinational", "commitment",
                       "readiness", "ready_share"]
Check = Literal["confirmed", "not_reached", "unchecked"]
RangeCheck = Literal["confirmed", "differs", "unchecked"]


class RangeEnd(Frozen):
    """One end of the interval over which a marginal value holds in the relaxation."""

    steps: float
    """Signed, in steps from the mandate as it is (to 0.01 of a step)."""
    change: float
    """``steps`` times the step, in the step's unit (persons, money, ...)."""
    end: Literal["slope", "valid", "searched", "shape"]
    """Why the interval ends here: ``slope``: beyond it another limit binds or a
    higher-priority stage moves; ``valid``: the key cannot go further (a pool of 0);
    ``searched``: the slope still holds at the farthest point searched; ``shape``: the
    model has other variables or rows beyond it, so it was not followed further."""
    values: dict[str, int | float]
    """Each mandate key the step moves, at this end (whole numbers rounded towards the
    mandate's own value)."""
    relaxation_effect: float
    """Change of the stage's objective at these values in the relaxation: the slope times
    the steps the values take."""
    integer_effect: float | None = None
    """Change of the stage's objective when the plan is re-solved in whole persons at
    these values; null when not re-solved (an end at the mandate itself, or beyond
    ``--confirm``) or when the re-solve did not finish."""
    check: RangeCheck = "unchecked"
    """``confirmed``: the whole-person re-solve moves the stage to within 10 % of the
    relaxation, or within one person-month (one unit of money), whichever is larger;
    ``differs``: it does not."""


class Range(Frozen):
    """The interval of a marginal value (``explain --ranges``)."""

    low: RangeEnd
    high: RangeEnd
    span: str
    """The interval in a few words, for a table cell: ``-29.69 to +7.81 persons``."""
    text: str


class Marginal(Frozen):
    """A marginal value from the LP relaxation: the first preemptive stage that a small
    step of one limit moves, and by how much."""

    kind: MarginalKind
    change: str
    """The step, in words: ``100 more infantry from TUR (in every phase)``."""
    contributor: str | None
    capability: str | None
    step: float
    step_unit: str
    stage: str
    effect: float | None
    """Change of the stage's objective per step in the LP relaxation (person-months, or
    money for ``cost``): the dual times the step; null for a limit the plan reaches whose
    relaxation shows no gain at its margin (``integer_effect`` then says what it is
    worth)."""
    effect_unit: str
    path: str
    text: str
    check: Check = "unchecked"
    """``confirmed``: an integer re-solve with the step applied moves the stage the same way
    (by ``integer_effect``); ``not_reached``: it does not, so the value is only the
    relaxation's; ``unchecked``: not re-solved (see ``explain --confirm``)."""
    integer_effect: float | None = None
    """Change of the stage's objective in the integer re-solve with the step applied."""
    range: Range | None = None
    """Where the value holds (``explain --ranges``); null without ``--ranges`` or when
    ``range_note`` says why it has none."""
    range_note: str | None = None
    """Why a marginal value has no range under ``--ranges`` (e.g. a share cap's step
    changes coefficients, so its effect is not linear in the step)."""


class Explanation(Frozen):
    """Why the plan is what it is: derivations, limits, shortfalls, marginal values."""

    schema_version: int
    kind: Literal["explain"]
    forcesize_version: str
    mandate: str
    currency: str
    status: str
    derivations: list[Derivation]
    limits: list[Limit]
    shortfalls: list[ShortfallWhy]
    marginals: list[Marginal]
    notes: list[str]
