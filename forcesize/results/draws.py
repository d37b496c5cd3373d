"""How likely the plan is to be staffed when pledges may not arrive (``forcesize risk
--draws``, issue 16 items 1–2): each draw's outcome, and the probabilities over all draws.

**What a draw keeps of the plan** (recourse ``none``, :func:`arrived`): each contingent
(a contributor's persons of a capability on a task in a phase) of a contributor that does
not arrive is lost; one that arrives a phase late loses its contingents in the first
phase in which it has forces; one that brings a fraction f keeps ⌊f × persons⌋ of each, in
whole units where the contingent is counted in units, and nothing of a contingent cut
below its minimum slice. Nothing moves between tasks. ``reallocate`` keeps those
contingents where they are and fills the gaps from the forces left in the draw;
``replan`` re-optimises the draw from scratch (the pipeline solves both).

**Probabilities.** A task is *fully staffed* in a phase when none of its requirements
there is short. Its probability is the share of all draws in which it is, with a Wilson
score interval at 95 % (exact enough at the ends, where the normal interval is not), and a
band. A draw that found no plan (infeasible, solver error) counts as not staffed for
every task, the cautious reading, and is counted in ``failed``; a draw stopped at the time
limit counts with its best plan and is counted in ``time_limited``. Expected shortfall
is over the draws with a plan. Nothing here solves.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping
from typing import Literal

from ..mandate.derive import Derived
from ..mandate.draws import FATES, scaled
from ..mandate.schema import PRIORITIES, Uncertainty
from ..version import __version__
from .base import SCHEMA_VERSION, Frozen
from .plan import Plan
from .sweep import SweepPoint

Assignment = tuple[str, str, str, str]
"""(contributor, capability, task, phase)."""

Recourse = Literal["none", "reallocate", "replan"]

Z95 = 1.959963984540054
"""The standard normal quantile of a two-sided 95 % interval."""

BANDS: tuple[tuple[float, str], ...] = ((0.99, "low"), (0.9, "minor"), (0.7, "moderate"),
                                        (0.5, "significant"), (0.0, "high"))
"""Risk bands by the probability of being fully staffed, highest first: a task staffed in
at least 99 % of draws is at low risk, in 90–99 % at minor risk, 70–90 % moderate, 50–70 %
significant, below 50 % high. Discrete bands rather than a colour scale: planners read and
compare them (US Army force-structure risk is reported the same way)."""


def band(probability: float) -> str:
    """The risk band of a probability of being fully staffed (:data:`BANDS`)."""
    return next(name for floor, name in BANDS if probability >= floor)


def wilson(successes: int, n: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval of a binomial proportion (0, 1 when n is 0)."""
    if n == 0:
        return 0.0, 1.0
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


class DrawOutcome(Frozen):
    """What one distinct draw leaves of the plan (equal draws share one outcome)."""

    status: str
    """``kept`` (the plan as it arrives, recourse ``none``, or the plan unchanged because
    it still fits the draw), the re-solved plan's status (``optimal``, ``time_limit``), or
    ``infeasible`` or ``error`` where the draw has no plan."""
    short: list[str]
    """``task@phase`` of every task not fully staffed in a phase, sorted."""
    shortfall_person_months: dict[str, float] | None
    """A re-solved draw's shortfalls are optimal; its cost is not minimised (nothing here
    depends on it, and the cost stage is where solves of such draws spend most time), so
    no draw reports a cost."""
    reason: str | None = None
    refilled: bool | None = None
    """``reallocate`` only: False where the contingents that arrived break a rule of the
    mandate on their own (a group's floor, a share cap), so no gap could be filled without
    moving them and the draw counts as ``none``."""


class DrawRow(Frozen):
    """One draw: whose forces did not arrive, arrived in part or late, and its outcome."""

    draw: int
    lost: list[str]
    partial: list[str]
    slipped: list[str]
    outcome: DrawOutcome


class TaskRisk(Frozen):
    """A task in a phase: how often it is fully staffed."""

    task: str
    phase: str
    priority: str
    planned: bool
    """Whether the plan itself staffs it fully (with every pledge in full and on time)."""
    staffed: int
    """Draws in which it is fully staffed."""
    probability: float
    low: float
    high: float
    """The 95 % Wilson interval of ``probability``."""
    band: str


class PriorityRisk(Frozen):
    """The shortfall of one priority over the draws with a plan, in person-months."""

    priority: str
    plan: float
    """The plan's own, every pledge in full and on time."""
    mean: float
    p90: float
    """Exceeded in at most 10 % of the draws (nearest rank)."""
    worst: float
    worse: float
    """The share of draws with more shortfall than the plan's."""


class RiskDraws(Frozen):
    """``forcesize risk --draws N``: the probabilities of being staffed over N draws."""

    schema_version: int
    kind: Literal["risk_draws"]
    forcesize_version: str
    mandate: str
    currency: str
    solver: str
    seed: int
    draws: int
    recourse: Recourse
    uncertainty: Uncertainty
    base: SweepPoint
    tasks: list[TaskRisk]
    """Riskiest first: the ones the plan staffs before the ones it does not, then by
    priority, then by probability."""
    shortfall: list[PriorityRisk]
    distinct: int
    """Distinct draws (equal draws are solved once)."""
    solves: int
    """Plans solved, the base's included."""
    failed: dict[str, int]
    """Draws without a plan, by status."""
    time_limited: int
    not_refilled: int
    """``reallocate``: draws whose arrived contingents break a rule on their own."""
    fail_below: float | None = None
    rows: list[DrawRow]


def arrived(plan: Plan, derived: Derived, fates: FATES,
            first: Mapping[str, str | None]) -> dict[Assignment, int]:
    """The plan's contingents as they arrive in the draw (the module's rules)."""
    by = dict(fates)
    need = {(r.task, r.capability, r.phase): r.required for r in plan.requirements}
    out: dict[Assignment, int] = {}
    for a in plan.allocations:
        fate = by[a.contributor]
        persons = 0
        if fate.arrived and not (fate.slipped and a.phase == first[a.contributor]):
            persons = scaled(a.personnel, fate.fraction, a.unit_size)
            least = derived.least(a.contributor, a.capability,
                                  need[a.task, a.capability, a.phase])
            persons = persons if persons >= least else 0
        out[a.contributor, a.capability, a.task, a.phase] = persons
    return out


def recounted(plan: Plan, contingents: Mapping[Assignment, int]) -> DrawOutcome:
    """The plan's requirements counted again with only ``contingents`` in place."""
    filled: Counter[tuple[str, str, str]] = Counter()
    for (_, capability, task, phase), persons in contingents.items():
        filled[task, capability, phase] += persons
    months = {p.phase: p.months for p in plan.phases}
    short: set[str] = set()
    pm = dict.fromkeys(PRIORITIES, 0.0)
    for r in plan.requirements:
        gap = max(0, r.required - filled[r.task, r.capability, r.phase])
        if gap:
            short.add(f"{r.task}@{r.phase}")
            pm[r.priority] += gap * months[r.phase]
    return DrawOutcome(status="kept", short=sorted(short),
                       shortfall_person_months={p: round(v, 2) for p, v in pm.items()})


def outcome_of(plan: Plan) -> DrawOutcome:
    """A re-solved draw's outcome, from its checked plan."""
    short = sorted({f"{r.task}@{r.phase}" for r in plan.requirements if r.shortfall > 0})
    stopped = next((s for s in plan.stages if s.status == "time_limit"), None)
    return DrawOutcome(status=plan.status, short=short,
                       shortfall_person_months=dict(plan.shortfall_person_months),
                       reason=None if stopped is None else
                       f"stopped at the time limit in the {stopped.stage.replace('_', ' ')} "
                       "stage")


def failed_outcome(status: str, reason: str) -> DrawOutcome:
    """A draw without a plan."""
    return DrawOutcome(status=status, short=[], shortfall_person_months=None,
                       reason=reason)


def _p90(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.9 * len(ordered)) - 1)] if ordered else 0.0


def build_risk(mandate: str, currency: str, solver: str, seed: int, recourse: Recourse,
               uncertainty: Uncertainty, base: SweepPoint, plan: Plan,
               rows: list[DrawRow], distinct: int, solves: int,
               fail_below: float | None) -> RiskDraws:
    """The probabilities over ``rows`` (the module's rules)."""
    n = len(rows)
    staffed: Counter[str] = Counter()
    for row in rows:
        if row.outcome.shortfall_person_months is not None:
            staffed.update(set(_needs(plan)) - set(row.outcome.short))
    planned_short = {f"{r.task}@{r.phase}" for r in plan.requirements if r.shortfall > 0}
    tasks = []
    for key, priority in _needs(plan).items():
        task, phase = key.split("@")
        k = staffed[key]
        low, high = wilson(k, n)
        p = k / n if n else 0.0
        tasks.append(TaskRisk(task=task, phase=phase, priority=priority,
                              planned=key not in planned_short, staffed=k,
                              probability=round(p, 6), low=round(low, 6), high=round(high, 6),
                              band=band(p)))
    order = {p: i for i, p in enumerate(PRIORITIES)}
    tasks.sort(key=lambda t: (not t.planned, order[t.priority], t.probability, t.task,
                              t.phase))
    with_plan = [r.outcome.shortfall_person_months for r in rows
                 if r.outcome.shortfall_person_months is not None]
    shortfall = []
    for p in PRIORITIES:
        values = [s[p] for s in with_plan]
        mine = (base.shortfall_person_months or {}).get(p, 0.0)
        shortfall.append(PriorityRisk(
            priority=p, plan=mine,
            mean=round(sum(values) / len(values), 2) if values else 0.0,
            p90=_p90(values), worst=max(values, default=0.0),
            worse=round(sum(1 for v in values if v > mine + 1e-6) / len(values), 6)
            if values else 0.0))
    failed = Counter(r.outcome.status for r in rows
                     if r.outcome.shortfall_person_months is None)
    return RiskDraws(
        schema_version=SCHEMA_VERSION, kind="risk_draws", forcesize_version=__version__,
        mandate=mandate, currency=currency, solver=solver, seed=seed, draws=n,
        recourse=recourse, uncertainty=uncertainty, base=base, tasks=tasks,
        shortfall=shortfall, distinct=distinct, solves=solves, failed=dict(sorted(failed.items())),
        time_limited=sum(1 for r in rows if r.outcome.status == "time_limit"
                         and r.outcome.shortfall_person_months is not None),
        not_refilled=sum(1 for r in rows if r.outcome.refilled is False),
        fail_below=fail_below, rows=rows)


def _needs(plan: Plan) -> dict[str, str]:
    """``task@phase`` of every task with a requirement in a phase, and its priority, in the
    plan's order."""
    return {f"{r.task}@{r.phase}": r.priority for r in plan.requirements}


def below(risk: RiskDraws) -> list[TaskRisk]:
    """The tasks the plan staffs whose probability of being staffed is below
    ``fail_below`` (what ``--fail-below`` gates on)."""
    if risk.fail_below is None:
        return []
    return [t for t in risk.tasks if t.planned and t.probability < risk.fail_below]
