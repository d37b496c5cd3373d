"""Derive what the mandate asks for: requirements, eligibility, costs.

Pure functions of a validated mandate, no solver. The model builder, the
result objects and the explanations all read requirements from here, so a
figure printed anywhere can be traced to the rule terms that made it.

Requirements are computed in exact decimal arithmetic from the numbers as
written in the file, then rounded up: ``2.2 per 1,000 × 2,500,000`` is exactly
5,500 persons, not 5,501 from a binary floating-point product.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal, localcontext
from functools import cached_property

from .schema import Mandate, NeedRule, Priority, Theatre

# rule key -> (theatre attribute or None for `fixed`, divisor, planner's wording)
RULE_TERMS: dict[str, tuple[str | None, int, str]] = {
    "fixed": (None, 1, "fixed"),
    "per_1000_population": ("population", 1000, "per 1,000 population"),
    "per_100_km2": ("area_km2", 100, "per 100 km²"),
    "per_border_km": ("border_km", 1, "per km of border"),
    "per_coastline_km": ("coastline_km", 1, "per km of coastline"),
    "per_crossing": ("crossings", 1, "per crossing"),
}


def exact(x: float) -> Decimal:
    """The decimal number the planner wrote (floats round-trip through repr)."""
    return Decimal(repr(float(x))) if not isinstance(x, int) else Decimal(x)


@dataclass(frozen=True)
class Term:
    """One rule term of a requirement: ``rate`` × ``quantity`` = ``persons``."""

    rule: str
    rate: Decimal
    quantity: Decimal
    persons: Decimal


@dataclass(frozen=True)
class Requirement:
    """``required`` persons of ``capability`` for ``task`` in ``phase``."""

    task: str
    capability: str
    phase: str
    priority: Priority
    months: float
    required: int
    exact: Decimal
    terms: tuple[Term, ...]


PRECISION = 80
"""Decimal digits: two 17-digit numbers multiply exactly, so nothing rounds before the
round-up (the default 28 digits rounded 5000000000000001 × 1.0000000000000002)."""


def rule_terms(rule: NeedRule, theatre: Theatre) -> tuple[Term, ...]:
    """The non-zero terms of a sizing rule applied to a theatre."""
    terms = []
    with localcontext(prec=PRECISION):
        for key, (attribute, divisor, _) in RULE_TERMS.items():
            rate = exact(getattr(rule, key))
            if rate == 0:
                continue
            quantity = (Decimal(1) if attribute is None
                        else exact(getattr(theatre, attribute)) / divisor)
            terms.append(Term(key, rate, quantity, rate * quantity))
    return tuple(terms)


def persons_needed(terms: tuple[Term, ...]) -> tuple[int, Decimal]:
    """The sum of the terms, and that sum rounded up to a whole person."""
    with localcontext(prec=PRECISION):
        total = sum((t.persons for t in terms), Decimal(0))
        return int(total.to_integral_value(rounding=ROUND_CEILING)), total


class Derived:
    """Sets and coefficients the model, the results and explanations share."""

    def __init__(self, mandate: Mandate) -> None:
        self.mandate = mandate
        self.phases: tuple[str, ...] = tuple(mandate.phase)
        self.months: dict[str, float] = {p: ph.months for p, ph in mandate.phase.items()}

    def task_phases(self, task_id: str) -> tuple[str, ...]:
        """The task's phases in chronological order (default: every phase)."""
        listed = self.mandate.task[task_id].phases
        return self.phases if listed is None else tuple(p for p in self.phases if p in listed)

    def consent_of(self, task_id: str) -> tuple[str, ...]:
        """Parties that must accept a contributor for the task."""
        listed = self.mandate.task[task_id].consent_of
        return tuple(self.mandate.mission.parties if listed is None else listed)

    def acceptable_to(self, contributor_id: str) -> tuple[str, ...]:
        """Parties that accept the contributor."""
        listed = self.mandate.contributor[contributor_id].acceptable_to
        return tuple(self.mandate.mission.parties if listed is None else listed)

    def blockers(self, contributor_id: str, task_id: str) -> list[str]:
        """Why the contributor may not serve the task, in the planner's words; [] if eligible."""
        c = self.mandate.contributor[contributor_id]
        t = self.mandate.task[task_id]
        why = [
            f"not acceptable to {party}"
            for party in self.consent_of(task_id)
            if party not in self.acceptable_to(contributor_id)
        ]
        if t.function in c.excluded_functions:
            why.append(f"caveat excludes the function '{t.function}'")
        if t.theatre in c.excluded_theatres:
            why.append(f"caveat excludes the theatre '{t.theatre}'")
        return why

    def eligible(self, contributor_id: str, task_id: str) -> bool:
        """Acceptable to every consenting party and not caveated out of the task."""
        return not self.blockers(contributor_id, task_id)

    def cost_per_month(self, contributor_id: str, capability_id: str) -> float:
        """The contributor's override, else the capability's cost per person-month."""
        override = self.mandate.contributor[contributor_id].cost_per_month
        return override.get(capability_id, self.mandate.capability[capability_id].cost_per_month)

    def max_share(self, contributor_id: str) -> float:
        """The contributor's share cap, else the mandate's default."""
        own = self.mandate.contributor[contributor_id].max_share
        return self.mandate.objective.max_share if own is None else own

    @cached_property
    def requirements(self) -> tuple[Requirement, ...]:
        """Every (task, capability, phase) requirement, by task id, capability id, phase order."""
        out = []
        for tid in sorted(self.mandate.task):
            task = self.mandate.task[tid]
            theatre = self.mandate.theatre[task.theatre]
            for cap in sorted(task.need):
                terms = rule_terms(task.need[cap], theatre)
                required, total = persons_needed(terms)
                for phase in self.task_phases(tid):
                    out.append(
                        Requirement(tid, cap, phase, task.priority, self.months[phase],
                                    required, total, terms)
                    )
        return tuple(out)
