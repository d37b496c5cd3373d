"""Derive what the mandate asks for: requirements, eligibility, costs.

Pure functions of a validated mandate, no solver. The model builder, the
result objects and the explanations all read requirements from here, so a
figure printed anywhere can be traced to the rule terms that made it.

Requirements are computed in exact decimal arithmetic from the numbers as
written in the file, then rounded up: ``2.2 per 1,000 × 2,500,000`` is exactly
5,500 persons, not 5,501 from a binary floating-point product.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal, localcontext
from fractions import Fraction
from functools import cached_property

from .host import credit, netted_tasks
from .routes import Routes
from .rules import resolve
from .schema import Mandate, NeedRule, Priority, Scenario, Theatre
from .shares import order, referred

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
    """One rule term of a requirement: ``rate`` × ``quantity`` = ``persons``.

    ``value`` is the same product as an exact fraction: a throughput term divides
    (2,100 ÷ (10 × 6) is 35, where 2,100 × 0.01666… would round up to 36)."""

    rule: str
    """The need term (``per_1000_population``, ``per.observation_posts``, ``trainees``)."""
    rate: Decimal
    quantity: Decimal
    persons: Decimal
    value: Fraction | None = None
    citation: str | None = None
    """``rule-id (scenario): source, place`` when a library rule gave the rate (for the
    throughput term, the rate per instructor-month)."""
    scaled: bool = True
    """Whether the task's phase scale and threat multiplier apply: not to a share of
    other needs, whose requirements already carry their own."""

    @property
    def exact_value(self) -> Fraction:
        return self.value if self.value is not None else Fraction(self.persons)


PER = "per."
"""The prefix of a term per one of a theatre's named quantities (``per.checkpoints``)."""
SHARE = "share"
"""The rule name of a share term: the rate × the persons the needs referred to require."""
THROUGHPUT = "trainees"
"""The rule name of the throughput term: trainees ÷ (trainees per instructor-month ×
the task's months)."""


@dataclass(frozen=True)
class Requirement:
    """``required`` persons of ``capability`` for ``task`` in ``phase``: the terms'
    sum times ``factor`` (the phase scale and the threat multiplier), rounded up."""

    task: str
    capability: str
    phase: str
    priority: Priority
    months: float
    required: int
    exact: Decimal
    terms: tuple[Term, ...]
    factor: Decimal = Decimal(1)
    scale: Decimal = Decimal(1)
    """The task's ``phase_scale`` for this phase."""
    threat: Decimal = Decimal(1)
    """The theatre's threat multiplier, for enforcement-type tasks."""
    host: Fraction = Fraction(0)
    """Mission persons the theatre's host forces replace in this requirement: subtracted
    from its own (scaled) terms, before a share is added and the sum rounded up."""


PRECISION = 80
"""Decimal digits: two 17-digit numbers multiply exactly, so nothing rounds before the
round-up (the default 28 digits rounded 5000000000000001 × 1.0000000000000002)."""


def rule_terms(rule: NeedRule, theatre: Theatre, task_months: Decimal | None = None,
               scenario: Scenario = "central") -> tuple[Term, ...]:
    """The non-zero terms of a sizing rule applied to a theatre, library rules taken in
    ``scenario``; the throughput term (``trainees``) needs the task's months. ``per``
    terms follow the others, by quantity name."""
    terms = []
    with localcontext(prec=PRECISION):
        for key, (attribute, divisor, _) in RULE_TERMS.items():
            got = resolve(getattr(rule, key), scenario)
            rate = exact(got.value)
            if rate == 0:
                continue
            quantity = (Decimal(1) if attribute is None
                        else exact(getattr(theatre, attribute)) / divisor)
            terms.append(Term(key, rate, quantity, rate * quantity, citation=got.citation))
        for name in sorted(rule.per):
            got = resolve(rule.per[name], scenario)
            rate = exact(got.value)
            if rate == 0:
                continue
            quantity = exact(theatre.quantities[name])
            terms.append(Term(f"{PER}{name}", rate, quantity, rate * quantity,
                              citation=got.citation))
        got = resolve(rule.trainees_per_instructor_month or 0, scenario)
        per = exact(got.value)
        if rule.trainees and per > 0 and task_months:
            value = Fraction(exact(rule.trainees)) / (Fraction(per) * Fraction(task_months))
            terms.append(Term(THROUGHPUT, exact(rule.trainees), 1 / (per * task_months),
                              Decimal(value.numerator) / Decimal(value.denominator), value,
                              citation=got.citation))
    return tuple(terms)


def persons_needed(terms: tuple[Term, ...], factor: Decimal = Decimal(1),
                   host: Fraction = Fraction(0)) -> tuple[int, Decimal]:
    """The sum of the scaled terms times ``factor``, less the ``host`` persons netted,
    plus the unscaled (share) terms, and that rounded up to a whole person.

    Summed as exact fractions, so no rounding happens before the round-up; the
    decimal returned (for display) has 80 significant digits."""
    total = own_persons(terms, factor) - host \
        + sum((t.exact_value for t in terms if not t.scaled), Fraction(0))
    with localcontext(prec=PRECISION):
        shown = Decimal(total.numerator) / Decimal(total.denominator)
    return math.ceil(total), shown


def own_persons(terms: tuple[Term, ...], factor: Decimal = Decimal(1)) -> Fraction:
    """The scaled terms' sum times ``factor``: what host forces may net."""
    return sum((t.exact_value for t in terms if t.scaled), Fraction(0)) * Fraction(factor)


WHOLE_MISSION = "*"
"""The group of units counted across the whole mission (``unit_scope = "mission"``); no
theatre id can be ``*``."""


_LAST: list[tuple[Mandate, Derived]] = []
"""The mandate :meth:`Derived.of` saw last, and its ``Derived``."""


class Derived:
    """Sets and coefficients the model, the results and explanations share."""

    @classmethod
    def of(cls, mandate: Mandate) -> Derived:
        """The ``Derived`` of this mandate object, shared by the checks that validate it and
        the model built from it: each used to derive the requirements again, most of a
        validation's time and, in a sweep, of each point's work besides the solve. Only
        the last mandate's is kept."""
        if _LAST and _LAST[0][0] is mandate:
            return _LAST[0][1]
        derived = cls(mandate)
        _LAST[:] = [(mandate, derived)]
        return derived

    def __init__(self, mandate: Mandate) -> None:
        self.mandate = mandate
        self.phases: tuple[str, ...] = tuple(mandate.phase)
        self.months: dict[str, float] = {p: ph.months for p, ph in mandate.phase.items()}
        self.routes = Routes(mandate, self.cost_per_month)
        """Who pays for each person-month (``routes.py``)."""
        self._blockers: dict[tuple[str, str, str], tuple[str, ...]] = {}
        self._refused: dict[tuple[str, str], tuple[str, ...]] = {}
        """Consent refusals by contributor and task (the same in every phase)."""
        self._pools: dict[tuple[str, str, str], int] = {}
        """:meth:`pool` by (contributor, capability, phase): the checks ask it about 8,000
        times per validation of the default mandate, a sweep validates each point."""

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

    def blockers(self, contributor_id: str, task_id: str, phase: str) -> list[str]:
        """Why the contributor may not serve the task in the phase, in the planner's words;
        [] if eligible."""
        key = (contributor_id, task_id, phase)
        if key not in self._blockers:
            self._blockers[key] = self._why_not(contributor_id, task_id, phase)
        return list(self._blockers[key])

    def _why_not(self, contributor_id: str, task_id: str, phase: str) -> tuple[str, ...]:
        t = self.mandate.task[task_id]
        if (contributor_id, task_id) not in self._refused:
            self._refused[contributor_id, task_id] = tuple(
                f"not acceptable to {party}" for party in self.consent_of(task_id)
                if party not in self.acceptable_to(contributor_id))
        why = list(self._refused[contributor_id, task_id])
        if t.function in self.excluded_functions(contributor_id, phase):
            why.append(f"caveat excludes the function '{t.function}'")
        if t.theatre in self.excluded_theatres(contributor_id, phase):
            why.append(f"caveat excludes the theatre '{t.theatre}'")
        return tuple(why)

    def eligible(self, contributor_id: str, task_id: str, phase: str) -> bool:
        """Acceptable to every consenting party and not caveated out of the task in the
        phase."""
        key = (contributor_id, task_id, phase)
        return not (self._blockers[key] if key in self._blockers
                    else self.blockers(contributor_id, task_id, phase))

    def excluded_functions(self, contributor_id: str, phase: str) -> list[str]:
        """The contributor's function caveats in the phase: ``excluded_functions_by_phase``,
        else ``excluded_functions``."""
        c = self.mandate.contributor[contributor_id]
        return c.excluded_functions_by_phase.get(phase, c.excluded_functions)

    def excluded_theatres(self, contributor_id: str, phase: str) -> list[str]:
        """The contributor's theatre caveats in the phase: ``excluded_theatres_by_phase``,
        else ``excluded_theatres``."""
        c = self.mandate.contributor[contributor_id]
        return c.excluded_theatres_by_phase.get(phase, c.excluded_theatres)

    def caveat_path(self, contributor_id: str, phase: str, kind: str) -> str:
        """The mandate key that sets the contributor's ``kind`` caveats (``functions`` or
        ``theatres``) in the phase."""
        c = self.mandate.contributor[contributor_id]
        phased = getattr(c, f"excluded_{kind}_by_phase")
        base = f"contributor.{contributor_id}.excluded_{kind}"
        return f"{base}_by_phase.{phase}" if phase in phased else base

    def cost_per_month(self, contributor_id: str, capability_id: str, phase: str) -> float:
        """Money per person-month of the capability from the contributor in the phase:
        ``cost_per_month_by_phase``, else its ``cost_per_month``, else the capability's."""
        c = self.mandate.contributor[contributor_id]
        phased = c.cost_per_month_by_phase.get(phase, {})
        if capability_id in phased:
            return phased[capability_id]
        return c.cost_per_month.get(capability_id,
                                    self.mandate.capability[capability_id].cost_per_month)

    def max_share(self, contributor_id: str, phase: str) -> float:
        """The contributor's share cap in the phase: ``max_share_by_phase``, else its
        ``max_share``, else the mandate's default."""
        c = self.mandate.contributor[contributor_id]
        if phase in c.max_share_by_phase:
            return c.max_share_by_phase[phase]
        return self.mandate.objective.max_share if c.max_share is None else c.max_share

    def max_share_path(self, contributor_id: str, phase: str) -> str:
        """The mandate key that sets :meth:`max_share` for the contributor in the phase."""
        c = self.mandate.contributor[contributor_id]
        if phase in c.max_share_by_phase:
            return f"contributor.{contributor_id}.max_share_by_phase.{phase}"
        if c.max_share is not None:
            return f"contributor.{contributor_id}.max_share"
        return "objective.max_share"

    def min_personnel(self, contributor_id: str, phase: str) -> int:
        """The contributor's commitment in the phase: 0 in a phase it takes no part in,
        else ``min_personnel_by_phase``, else ``min_personnel``, else 0."""
        c = self.mandate.contributor[contributor_id]
        if not self.present(contributor_id, phase):
            return 0
        return c.min_personnel_by_phase.get(phase, c.min_personnel or 0)

    def min_personnel_path(self, contributor_id: str, phase: str) -> str:
        """The mandate key that sets :meth:`min_personnel` in the phase."""
        c = self.mandate.contributor[contributor_id]
        base = f"contributor.{contributor_id}.min_personnel"
        return f"{base}_by_phase.{phase}" if phase in c.min_personnel_by_phase else base

    def group_share(self, group_id: str, phase: str, bound: str) -> float | None:
        """The group's ``min_share`` or ``max_share`` (``bound``) in the phase: its
        ``..._by_phase`` value, else the mandate-wide one; None when it has none."""
        g = self.mandate.group[group_id]
        phased = getattr(g, f"{bound}_by_phase")
        return phased[phase] if phase in phased else getattr(g, bound)

    def group_share_path(self, group_id: str, phase: str, bound: str) -> str:
        """The mandate key that sets :meth:`group_share` in the phase."""
        phased = getattr(self.mandate.group[group_id], f"{bound}_by_phase")
        base = f"group.{group_id}.{bound}"
        return f"{base}_by_phase.{phase}" if phase in phased else base

    def task_months(self, task_id: str) -> Decimal:
        """Months the task runs: the sum over its phases (for throughput terms)."""
        with localcontext(prec=PRECISION):
            return sum((exact(self.months[p]) for p in self.task_phases(task_id)), Decimal(0))

    def threat_level(self, task_id: str, phase: str) -> str | None:
        """The threat level of the task's theatre in the phase: ``threat_by_phase``, else
        ``threat``; None where none is set."""
        theatre = self.mandate.theatre[self.mandate.task[task_id].theatre]
        return theatre.threat_by_phase.get(phase, theatre.threat)

    def threat_factor(self, task_id: str, phase: str) -> Decimal:
        """The theatre's threat multiplier in the phase when the task's function is
        enforcement-type."""
        m = self.mandate
        level = self.threat_level(task_id, phase)
        if level is None or m.task[task_id].function not in m.threat.functions:
            return Decimal(1)
        defaults = type(m.threat)().multipliers
        return exact(m.threat.multipliers.get(level, defaults[level]))

    def present(self, contributor_id: str, phase: str) -> bool:
        """Whether the contributor takes part in the phase (``contributor.ID.phases``)."""
        listed = self.mandate.contributor[contributor_id].phases
        return listed is None or phase in listed

    def pool(self, contributor_id: str, capability_id: str, phase: str) -> int:
        """Persons of the capability the contributor can deploy in the phase: 0 in a phase
        it takes no part in, else ``available_by_phase``, else ``available``, else
        ``standing`` ÷ the capability's sustainment ratio (rounded down), else 0."""
        key = (contributor_id, capability_id, phase)
        if key not in self._pools:
            self._pools[key] = self._pool(contributor_id, capability_id, phase)
        return self._pools[key]

    def _pool(self, contributor_id: str, capability_id: str, phase: str) -> int:
        c = self.mandate.contributor[contributor_id]
        if not self.present(contributor_id, phase):
            return 0
        by_phase = c.available_by_phase.get(phase, {})
        if capability_id in by_phase:
            return by_phase[capability_id]
        if capability_id in c.available:
            return c.available[capability_id]
        if capability_id in c.standing:
            ratio = exact(self.mandate.capability[capability_id].sustainment_ratio)
            with localcontext(prec=PRECISION):
                return int((Decimal(c.standing[capability_id]) / ratio)
                           .to_integral_value(rounding=ROUND_FLOOR))
        return 0

    def pool_path(self, contributor_id: str, capability_id: str, phase: str) -> str:
        """The mandate key that sets :meth:`pool` for this phase."""
        c = self.mandate.contributor[contributor_id]
        base = f"contributor.{contributor_id}"
        if not self.present(contributor_id, phase):
            return f"{base}.phases"
        if capability_id in c.available_by_phase.get(phase, {}):
            return f"{base}.available_by_phase.{phase}.{capability_id}"
        if capability_id in c.standing:
            return f"{base}.standing.{capability_id}"
        return f"{base}.available.{capability_id}"

    def ready_scope(self, phase: str) -> frozenset[str]:
        """Tasks whose persons the phase's readiness requirement counts: its ``tasks``,
        else every task; empty without a requirement."""
        need = self.mandate.phase[phase].ready
        if need is None:
            return frozenset()
        return frozenset(self.mandate.task if need.tasks is None else need.tasks)

    def ready_within(self, contributor_id: str, capability_id: str, level: str,
                     phase: str) -> int:
        """Persons of the contributor's pool of the capability in the phase that deploy
        within the level's days: those it holds at that level or a faster one (fewer days;
        ``contributor.ID.ready``), at most the pool."""
        levels = self.mandate.readiness
        days = levels[level].days
        ready = self.mandate.contributor[contributor_id].ready
        held = sum(ready.get(lv, {}).get(capability_id, 0)
                   for lv, each in levels.items() if each.days <= days)
        return min(held, self.pool(contributor_id, capability_id, phase))

    def ready_pool(self, contributor_id: str, capability_id: str, phase: str) -> int:
        """Persons of the contributor's pool of the capability that are ready for the
        phase's readiness requirement (:meth:`ready_within` its level); 0 without one."""
        need = self.mandate.phase[phase].ready
        if need is None:
            return 0
        return self.ready_within(contributor_id, capability_id, need.within, phase)

    def ready_path(self, contributor_id: str, capability_id: str, phase: str) -> str:
        """The mandate key a planner raises for more ready forces in the phase: the
        contributor's ``ready`` table at the phase's level, for the capability."""
        need = self.mandate.phase[phase].ready
        level = need.within if need is not None else "LEVEL"
        return f"contributor.{contributor_id}.ready.{level}.{capability_id}"

    def unit_size(self, contributor_id: str, capability_id: str) -> int | None:
        """Persons per formed unit of the capability from the contributor, or None."""
        own = self.mandate.contributor[contributor_id].unit_size.get(capability_id)
        return own if own is not None else self.mandate.capability[capability_id].unit_size

    def unit_scope(self, contributor_id: str, capability_id: str) -> str:
        """Where the contributor's units of the capability are counted whole: ``task``,
        ``theatre`` or ``mission`` (its override, else the capability's)."""
        own = self.mandate.contributor[contributor_id].unit_scope.get(capability_id)
        return own if own is not None else self.mandate.capability[capability_id].unit_scope

    def task_unit(self, contributor_id: str, capability_id: str) -> int | None:
        """The unit one assignment (a task, a phase) comes in: the unit size where units are
        counted per task; None (any number of persons) where there are none, or where they
        are counted per theatre or mission (:meth:`unit_group`)."""
        if self.unit_scope(contributor_id, capability_id) != "task":
            return None
        return self.unit_size(contributor_id, capability_id)

    def unit_group(self, contributor_id: str, capability_id: str, task_id: str) -> str | None:
        """Where the contributor's units of the capability sent to the task are counted
        whole, when not per task: the task's theatre, or :data:`WHOLE_MISSION`; None per
        task or without units."""
        if self.unit_size(contributor_id, capability_id) is None:
            return None
        scope = self.unit_scope(contributor_id, capability_id)
        if scope == "task":
            return None
        return self.mandate.task[task_id].theatre if scope == "theatre" else WHOLE_MISSION

    def unit_scope_path(self, contributor_id: str, capability_id: str) -> str:
        """The mandate key that sets :meth:`unit_scope`."""
        if capability_id in self.mandate.contributor[contributor_id].unit_scope:
            return f"contributor.{contributor_id}.unit_scope.{capability_id}"
        return f"capability.{capability_id}.unit_scope"

    def fields_units(self, contributor_id: str, capability_id: str, phase: str) -> bool:
        """Whether the contributor can send the capability in the phase at all: its pool
        there holds at least one of its units (loose persons are units of one)."""
        pool = self.pool(contributor_id, capability_id, phase)
        return pool > 0 and pool >= (self.unit_size(contributor_id, capability_id) or 1)

    def largest_unit(self, task_id: str, capability_id: str, phase: str) -> int:
        """The largest unit that can be fielded for a requirement: among contributors
        eligible for the task that can field the capability in that phase
        (:meth:`fields_units`), the largest unit size; loose persons count as 1, and 1
        when nobody comes in units. A requirement may be over-covered by less than this:
        never by loose persons alone, never by a unit that cannot be fielded."""
        sizes = [self.unit_size(c, capability_id) or 1 for c in self.mandate.contributor
                 if self.eligible(c, task_id, phase) and self.fields_units(c, capability_id, phase)]
        return max(sizes, default=1)

    def most_alone(self, contributor_id: str, capability_id: str, required: int) -> int:
        """The most persons a contributor sends to one requirement: the whole units that
        would cover it alone, ``u·⌈R/u⌉`` (``R`` for loose persons and units counted per
        theatre or mission, :meth:`task_unit`). A contributor never sends a unit the
        requirement does not need even from it alone."""
        size = self.task_unit(contributor_id, capability_id) or 1
        return size * -(-required // size)

    def min_slice(self, contributor_id: str, capability_id: str) -> int:
        """The smallest contribution of the capability the contributor makes to a task in a
        phase: its override, else the capability's ``min_slice``, else one unit (one
        person for loose persons, and for units counted per theatre or mission)."""
        own = self.mandate.contributor[contributor_id].min_slice.get(capability_id)
        if own is not None:
            return own
        written = self.mandate.capability[capability_id].min_slice
        return written if written is not None else (
            self.task_unit(contributor_id, capability_id) or 1)

    def min_slice_path(self, contributor_id: str, capability_id: str) -> str:
        """The mandate key that sets :meth:`min_slice`."""
        if capability_id in self.mandate.contributor[contributor_id].min_slice:
            return f"contributor.{contributor_id}.min_slice.{capability_id}"
        if self.mandate.capability[capability_id].min_slice is not None:
            return f"capability.{capability_id}.min_slice"
        return self.unit_size_path(contributor_id, capability_id)

    def least(self, contributor_id: str, capability_id: str, required: int) -> int:
        """The fewest persons the contributor sends to a requirement of ``required`` if it
        sends any: its minimum slice, but never more than would cover the requirement alone
        (:meth:`most_alone`: a contributor that covers a need alone is no token), in whole
        units of :meth:`task_unit`; one unit (or one person) at least."""
        size = self.task_unit(contributor_id, capability_id) or 1
        fewest = min(self.min_slice(contributor_id, capability_id),
                     self.most_alone(contributor_id, capability_id, required))
        return max(size, size * -(-fewest // size))

    def meaningful(self, task_id: str, phase: str) -> int:
        """Persons a contributor sends to the task in the phase (all capabilities together)
        to count towards its ``min_contributors``: ``meaningful_contribution``, else the
        minimum slice of the task's largest need in the phase (the first by capability id
        among equals), at most that need; 1 when it needs nobody then."""
        own = self.mandate.task[task_id].meaningful_contribution
        if own is not None:
            return own
        largest = self._largest_needs.get((task_id, phase))
        if largest is None:
            return 1
        cap = self.mandate.capability[largest.capability]
        per_task = cap.unit_size if cap.unit_scope == "task" else None
        slice_ = cap.min_slice if cap.min_slice is not None else (per_task or 1)
        return min(slice_, largest.required)

    @cached_property
    def _largest_needs(self) -> dict[tuple[str, str], Requirement]:
        """Each task's largest requirement in each phase (the first capability id among
        equals), where it requires anyone."""
        out: dict[tuple[str, str], Requirement] = {}
        for r in self.requirements:
            best = out.get((r.task, r.phase))
            if r.required > 0 and (best is None or (-r.required, r.capability)
                                   < (-best.required, best.capability)):
                out[r.task, r.phase] = r
        return out

    def meaningful_path(self, task_id: str) -> str:
        """The mandate key that sets :meth:`meaningful`."""
        return f"task.{task_id}.meaningful_contribution"

    def unit_size_path(self, contributor_id: str, capability_id: str) -> str:
        """The mandate key that sets :meth:`unit_size`: the contributor's override, else the
        capability's."""
        if capability_id in self.mandate.contributor[contributor_id].unit_size:
            return f"contributor.{contributor_id}.unit_size.{capability_id}"
        return f"capability.{capability_id}.unit_size"

    def unit_words(self, contributor_id: str, capability_id: str) -> str:
        """One formed unit in words: ``one infantry company of 150`` (``one unit of 150``
        where the capability names none); ``one person`` when it comes in persons."""
        size = self.unit_size(contributor_id, capability_id)
        if size is None:
            return f"one {capability_id}"
        name = self.mandate.capability[capability_id].unit_name or f"{capability_id} unit"
        return f"one {name} of {size:,}"

    @cached_property
    def phased_pledges(self) -> bool:
        """Whether any contributor pledges money phase by phase."""
        return any(c.pledge_by_phase for c in self.mandate.contributor.values())

    def total_pledge(self, contributor_id: str) -> float | None:
        """The contributor's pledge over the horizon: ``pledge``, else the sum of
        ``pledge_by_phase``; None when it pledged nothing."""
        c = self.mandate.contributor[contributor_id]
        if c.pledge is not None:
            return c.pledge
        return sum(c.pledge_by_phase.values()) if c.pledge_by_phase else None

    def pledge_in_phase(self, contributor_id: str, phase: str) -> float:
        """Money the contributor puts into a phase of a common fund: its phased pledge for
        that phase; else what its flat pledge leaves after its phased pledges, spread over
        the phases it did not list by their months (so the phases add up to the pledge)."""
        c = self.mandate.contributor[contributor_id]
        if phase in c.pledge_by_phase:
            return c.pledge_by_phase[phase]
        rest = max(0.0, (c.pledge or 0.0) - sum(c.pledge_by_phase.values()))
        months = sum(m for p, m in self.months.items() if p not in c.pledge_by_phase)
        return rest * self.months[phase] / months if months else 0.0

    @cached_property
    def fund(self) -> float:
        """The common fund over the horizon: every contributor's :meth:`total_pledge`."""
        return sum(self.total_pledge(cid) or 0.0 for cid in self.mandate.contributor)

    def fund_in_phase(self, phase: str) -> float:
        """The common fund of a phase when pledges are counted phase by phase: every
        contributor's :meth:`pledge_in_phase`."""
        return sum(self.pledge_in_phase(cid, phase) for cid in self.mandate.contributor)

    @cached_property
    def requirements(self) -> tuple[Requirement, ...]:
        """Every (task, capability, phase) requirement, by task id, capability id, phase order.

        Derived in :func:`~.shares.order`, so a share of other needs is computed after
        them, from their rounded requirements in the same phase."""
        m = self.mandate
        scenario = m.mission.scenario
        # (terms, factor, phase scale, threat) of every requirement, referents first
        own: dict[tuple[str, str, str], tuple[tuple[Term, ...], Decimal, Decimal, Decimal]] = {}
        for tid, cap in order(m):
            task = m.task[tid]
            terms = rule_terms(task.need[cap], m.theatre[task.theatre],
                               self.task_months(tid), scenario)
            for phase in self.task_phases(tid):
                threat = self.threat_factor(tid, phase)
                scale = exact(task.phase_scale.get(phase, 1))
                with localcontext(prec=PRECISION):
                    own[tid, cap, phase] = (terms, scale * threat, scale, threat)
        netted = self._netted({k: own_persons(v[0], v[1]) for k, v in own.items()})
        found: dict[tuple[str, str, str], Requirement] = {}
        for key, (terms, factor, scale, threat) in own.items():
            tid, cap, phase = key
            task = m.task[tid]
            share = self._share_term(task.need[cap], referred(m, tid, cap), phase, found)
            both = terms if share is None else (*terms, share)
            host = netted.get(key, Fraction(0))
            required, total = persons_needed(both, factor, host)
            found[key] = Requirement(tid, cap, phase, task.priority, self.months[phase],
                                     required, total, both, factor, scale, threat, host)
        rank = {p: i for i, p in enumerate(self.phases)}
        return tuple(found[k] for k in sorted(found, key=lambda k: (k[0], k[1], rank[k[2]])))

    def _netted(self, own: dict[tuple[str, str, str], Fraction]
                ) -> dict[tuple[str, str, str], Fraction]:
        """Persons each requirement's host forces replace: a theatre's credit for a
        capability in a phase (:func:`~.host.credit`) taken by its tasks in
        :func:`~.host.netted_tasks` order, each up to its own terms."""
        m = self.mandate
        out: dict[tuple[str, str, str], Fraction] = {}
        for th, theatre in m.theatre.items():
            for cap in theatre.host:
                for phase in self.phases:
                    left = credit(m, th, cap, phase)
                    for tid in netted_tasks(m, th, cap):
                        key = (tid, cap, phase)
                        if key in own and left > 0:
                            out[key] = min(own[key], left)
                            left -= out[key]
        return out

    def _share_term(self, need: NeedRule, refs: list[tuple[str, str]], phase: str,
                    found: dict[tuple[str, str, str], Requirement]) -> Term | None:
        """The share term of a need in a phase: the rate × the persons its referents
        require there (those not running in the phase count 0); None without a share."""
        if need.share is None:
            return None
        got = resolve(need.share.rate, self.mandate.mission.scenario)
        rate = exact(got.value)
        persons = sum((found[t, k, phase].required for t, k in refs
                       if (t, k, phase) in found), 0)
        with localcontext(prec=PRECISION):
            return Term(SHARE, rate, Decimal(persons), rate * persons,
                        citation=got.citation, scaled=False)
