"""Result objects: the plan as the planner reads it, built from a solution.

Frozen pydantic models, read through the model's registry (never by parsing
LP names). They are the only thing renderers and the checker see, and their
JSON dump is the contract scripts rely on (``schema_version`` 1).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from fractions import Fraction
from typing import TYPE_CHECKING

from pydantic import Field

from ..errors import CheckFailure
from ..mandate.derive import WHOLE_MISSION
from ..mandate.schema import COMPONENTS, PRIORITIES
from ..version import __version__
from .base import SCHEMA_VERSION, Frozen
from .burden import Burden, burden, exact
from .readiness import ReadinessRow, readiness_rows

if TYPE_CHECKING:  # the plan models load without PuLP or HiGHS; only build_plan needs them
    from ..mandate.derive import Derived
    from ..model import BuiltModel
    from ..solve import Solution

INTEGRALITY_TOL = 1e-5


class Allocation(Frozen):
    """Persons of one capability that one contributor provides to one task in one phase."""

    contributor: str
    capability: str
    task: str
    phase: str
    personnel: int
    cost: float
    units: int | None = None
    """Whole formed units, where the capability comes in units (personnel = units × size)."""
    unit_size: int | None = None
    unit_name: str | None = None
    """What one unit is called (the capability's ``unit_name``, else ``unit``)."""


class UnitGroupRow(Frozen):
    """Whole units a contributor sends to a theatre (or the whole mission) in a phase, where
    its units of the capability are counted there rather than per task, and how their
    persons are split across the tasks."""

    contributor: str
    capability: str
    theatre: str | None
    """The theatre id; null where units are counted across the whole mission."""
    phase: str
    units: int
    unit_size: int
    unit_name: str
    personnel: int
    tasks: dict[str, int]
    """Persons on each task, by task id."""


class RequirementRow(Frozen):
    """What one task needs of one capability in one phase, and how much of it is filled."""

    task: str
    capability: str
    phase: str
    required: int
    filled: int
    shortfall: int
    priority: str
    component: str
    months: float
    shortfall_person_months: float
    excess: int = 0
    """Persons beyond the requirement that whole units bring (filled − required when
    positive); always less than one unit."""


class FinancingRow(Frozen):
    """What a contributor pays over the horizon: its net burden (under national financing,
    the cost of its own personnel; under the built-in common fund, its pledge's share of
    the total cost; in general, see :class:`BurdenRow`)."""

    contributor: str
    pays: float
    pledge: float | None
    personnel_cost: float


class BurdenRow(Frozen):
    """One payer's burden in one phase (``phase`` null: over the whole horizon).

    ``net`` = ``own_cost`` − ``reimbursed`` + ``contributed``; ``paid`` = ``own_cost`` +
    ``contributed``. Shares are of the sums over all payers (0 when that sum is 0)."""

    payer: str
    name: str
    phase: str | None
    persons: int | None
    """Persons deployed in the phase (null on the horizon row)."""
    person_months: float
    own_cost: float
    """The cost of the payer's own personnel."""
    reimbursed: float
    """What financing schemes pay the payer for its personnel."""
    contributed: float
    """What the payer pays into financing schemes."""
    paid: float
    net: float
    """Its net burden: own cost − reimbursed + contributed."""
    share_of_person_months: float
    share_of_net: float
    weight: float | None = None
    """The payer's economic weight, where the mandate gives one (horizon rows only)."""
    weight_gap: float | None = None
    """share_of_net − weight: above 0, the payer carries more than its weight."""


class SchemeRow(Frozen):
    """What one financing scheme spends over its phases and how it is funded."""

    scheme: str
    name: str
    kind: str
    phases: list[str]
    spends: float
    """Reimbursements and the costs it pays in full, over its phases."""
    fixed_payments: float
    apportioned: float
    """What its key apportions: what it spends beyond the fixed payments (at least 0)."""
    unspent: float
    """Fixed payments beyond what it spends."""
    budget: float | None
    capacity: float | None
    """A common fund's pledges and fixed payments; null for other kinds."""


class ContributorRow(Frozen):
    """One contributor's deployment by phase, its share of each phase and its cost."""

    contributor: str
    name: str
    personnel: dict[str, int]
    share: dict[str, float]
    max_share: float
    """The contributor's cap on its share of a phase (its own, else the mandate's)."""
    max_share_by_phase: dict[str, float] = Field(default_factory=dict)
    """The cap in the phases where an override (``max_share_by_phase``) changes it."""
    cost: float


class PhaseRow(Frozen):
    """Persons deployed in one phase, by component, against what the tasks require."""

    phase: str
    name: str
    months: float
    required: int
    deployed: int
    by_component: dict[str, int]
    shortfall: int
    financed_by: str = "national"
    """How the phase is paid for: ``national``, ``common-fund`` or a scheme id."""


class StageRow(Frozen):
    """How one preemptive stage ended; ``objective`` is person-months or money."""

    stage: str
    status: str
    objective: float | None
    gap: float | None
    bound: float | None = None
    """The proven lower bound of ``objective`` when the stage stopped before it was proven
    optimal (at the time limit); null otherwise."""


class Plan(Frozen):
    """The whole answer for one mandate; its JSON dump is the output contract."""

    schema_version: int
    forcesize_version: str
    mandate: str
    currency: str
    status: str
    solver: str
    financing_mode: str
    shortfall_person_months: dict[str, float]
    total_cost: float
    budget: float | None
    stages: list[StageRow]
    phases: list[PhaseRow]
    allocations: list[Allocation]
    requirements: list[RequirementRow]
    financing: list[FinancingRow]
    contributors: list[ContributorRow]
    burden: list[BurdenRow] = Field(default_factory=list)
    """Each payer's burden by phase and over the horizon (burden-sharing)."""
    schemes: list[SchemeRow] = Field(default_factory=list)
    """The financing schemes the phases use."""
    unit_groups: list[UnitGroupRow] = Field(default_factory=list)
    """Units counted per theatre or mission (``unit_scope``) and their split across tasks;
    empty where every unit serves one task."""
    readiness: list[ReadinessRow] = Field(default_factory=list)
    """Each phase's persons by how soon they can deploy, where the mandate defines
    readiness levels."""

    def cost_gap(self) -> float | None:
        """The relative gap to which the cost stage was proven, when it was proven optimal:
        HiGHS closes 10⁻⁶ and usually reports 0, CBC stops within 10⁻⁴ and says how far
        within it got. None when the cost stage was not proven (its own status says so)."""
        from ..model.objective import COST_STAGE

        return next((s.gap for s in self.stages
                     if s.stage == COST_STAGE and s.status == "optimal"), None)

    def shortfall_at_or_above(self, priority: str) -> float:
        """Shortfall person-months of ``priority`` and every higher priority."""
        return at_or_above(self.shortfall_person_months, priority)


def at_or_above(shortfall: Mapping[str, float], priority: str) -> float:
    """The person-months of ``shortfall`` (by priority) at ``priority`` and every higher
    priority: what ``--fail-on`` gates on."""
    cut = PRIORITIES.index(priority) + 1  # type: ignore[arg-type]
    return sum(shortfall[p] for p in PRIORITIES[:cut])


def _money(x: Fraction | float) -> float:
    """Money as reported: rounded to cents (half to even) once, from an exact sum."""
    cents = round(Fraction(x) * 100)
    return cents / 100 + 0.0


def _whole(name: str, x: float) -> int:
    n = round(x)
    if abs(x - n) > INTEGRALITY_TOL:
        raise CheckFailure([f"{name} = {x!r} is not a whole number of persons"])
    return int(n)


def build_plan(model: BuiltModel, solution: Solution) -> Plan:
    """Read a solution into a :class:`Plan`; whole persons are checked here."""
    from ..model.objective import COST_STAGE

    d: Derived = model.derived
    m = d.mandate
    order = {p: i for i, p in enumerate(d.phases)}

    allocations = []
    exact_cost: dict[tuple[str, str, str, str], Fraction] = {}
    for (cid, cap, tid, phase), var in model.assigned.items():
        persons = _whole(var.name, solution.value(var))
        if persons:
            cost = persons * exact(d.cost_per_month(cid, cap, phase)) * exact(d.months[phase])
            exact_cost[cid, cap, tid, phase] = cost
            unit = model.units.get((cid, cap, tid, phase))
            allocations.append(Allocation(
                contributor=cid, capability=cap, task=tid, phase=phase, personnel=persons,
                cost=_money(cost), units=_whole(unit[0].name, solution.value(unit[0]))
                if unit else None, unit_size=unit[1] if unit else None,
                unit_name=(m.capability[cap].unit_name or "unit") if unit else None))
    allocations.sort(key=lambda a: (a.contributor, a.capability, a.task, order[a.phase]))

    filled: dict[tuple[str, str, str], int] = defaultdict(int)
    for a in allocations:
        filled[a.task, a.capability, a.phase] += a.personnel
    requirements = []
    short_pm = dict.fromkeys(PRIORITIES, Fraction(0))
    for r in d.requirements:
        key = (r.task, r.capability, r.phase)
        short = _whole(f"shortfall {key}", solution.value(model.shortfall.get(key)))
        excess = _whole(f"excess {key}", solution.value(model.excess.get(key)))
        requirements.append(RequirementRow(
            task=r.task, capability=r.capability, phase=r.phase, required=r.required,
            filled=filled[key], shortfall=short, priority=r.priority,
            component=m.capability[r.capability].component, months=r.months,
            shortfall_person_months=float(short * exact(r.months)), excess=excess))
        short_pm[r.priority] += short * exact(r.months)

    # Money is summed exactly and rounded to cents once per figure, so that a total is the
    # same whether it is summed here, by the checker or by a reader of the allocations.
    total = sum(exact_cost.values(), Fraction(0))
    tuples = [(a.contributor, a.capability, a.task, a.phase, a.personnel) for a in allocations]
    owed = burden(d, tuples)
    burden_rows = _burden_rows(d, owed)
    horizon = {r.payer: r for r in burden_rows if r.phase is None}
    financing = [FinancingRow(contributor=cid, pays=horizon[cid].net, pledge=d.total_pledge(cid),
                              personnel_cost=horizon[cid].own_cost)
                 for cid in sorted(m.contributor)]

    deployed: dict[str, int] = defaultdict(int)
    by_contributor: dict[tuple[str, str], int] = defaultdict(int)
    by_component: dict[tuple[str, str], int] = defaultdict(int)
    for a in allocations:
        deployed[a.phase] += a.personnel
        by_contributor[a.contributor, a.phase] += a.personnel
        by_component[a.phase, m.capability[a.capability].component] += a.personnel
    contributors = []
    for cid in sorted(m.contributor):
        persons = {p: by_contributor[cid, p] for p in d.phases}
        contributors.append(ContributorRow(
            contributor=cid, name=m.contributor[cid].name or cid, personnel=persons,
            share={p: round(persons[p] / deployed[p], 6) if deployed[p] else 0.0
                   for p in d.phases},
            max_share=(own := m.contributor[cid].max_share
                       if m.contributor[cid].max_share is not None else m.objective.max_share),
            max_share_by_phase={p: d.max_share(cid, p) for p in d.phases
                                if d.max_share(cid, p) != own},
            cost=horizon[cid].own_cost))

    phases = []
    for p in d.phases:
        rows = [r for r in requirements if r.phase == p]
        phases.append(PhaseRow(
            phase=p, name=m.phase[p].name or p, months=d.months[p],
            required=sum(r.required for r in rows), deployed=deployed[p],
            by_component={c: by_component[p, c] for c in COMPONENTS},
            shortfall=sum(r.shortfall for r in rows), financed_by=m.financing_of(p)))

    stages = [StageRow(stage=s.name, status=s.status,
                       objective=None if s.status == "not_run" else
                       round(s.objective, 2 if s.name == COST_STAGE else 6),
                       gap=s.gap, bound=None if s.bound is None else
                       round(s.bound, 2 if s.name == COST_STAGE else 6))
              for s in solution.stages]
    return Plan(
        schema_version=SCHEMA_VERSION, forcesize_version=__version__,
        mandate=m.mission.name, currency=m.mission.currency, status=solution.status,
        solver=solution.solver, financing_mode=m.objective.financing,
        shortfall_person_months={p: round(float(v), 6) for p, v in short_pm.items()},
        total_cost=_money(total), budget=m.objective.budget, stages=stages, phases=phases,
        allocations=allocations, requirements=requirements, financing=financing,
        contributors=contributors, burden=burden_rows, schemes=_scheme_rows(d, owed),
        unit_groups=_unit_groups(model, solution, allocations), readiness=readiness_rows(d, tuples))


def _unit_groups(model: BuiltModel, solution: Solution, allocations: list[Allocation]
                 ) -> list[UnitGroupRow]:
    """A row per group of pooled units with anyone in it, by contributor, capability,
    theatre (the whole mission last) and phase order."""
    d = model.derived
    order = {p: i for i, p in enumerate(d.phases)}
    split: dict[tuple[str, str, str, str], dict[str, int]] = defaultdict(dict)
    for a in allocations:
        group = model.pooled_of.get((a.contributor, a.capability, a.task, a.phase))
        if group is not None:
            split[group][a.task] = a.personnel
    rows = []
    for group, (var, size) in model.pooled.items():
        units = _whole(var.name, solution.value(var))
        if not units:
            continue
        cid, cap, where, phase = group
        rows.append(UnitGroupRow(
            contributor=cid, capability=cap, theatre=None if where == WHOLE_MISSION else where,
            phase=phase, units=units, unit_size=size,
            unit_name=d.mandate.capability[cap].unit_name or "unit",
            personnel=sum(split[group].values()), tasks=dict(sorted(split[group].items()))))
    rows.sort(key=lambda r: (r.contributor, r.capability, r.theatre is None, r.theatre or "",
                             order[r.phase]))
    return rows


def _share(part: Fraction, whole: Fraction) -> float:
    return round(float(part / whole), 6) if whole else 0.0


def _burden_rows(d: Derived, owed: Burden) -> list[BurdenRow]:
    """Every payer's burden in each phase, then over the horizon."""
    routes = d.routes
    rows = []
    for phase in (*d.phases, None):
        phases = d.phases if phase is None else (phase,)
        figures = {}
        for payer in routes.payers:
            pm = sum((owed.persons[payer, p] * exact(d.months[p]) for p in phases), Fraction(0))
            own = sum((owed.own[payer, p] for p in phases), Fraction(0))
            back = sum((owed.reimbursed[payer, p] for p in phases), Fraction(0))
            put = sum((owed.contributed[payer, p] for p in phases), Fraction(0))
            figures[payer] = (pm, own, back, put, own + put - back)
        all_pm = sum((f[0] for f in figures.values()), Fraction(0))
        all_net = sum((f[4] for f in figures.values()), Fraction(0))
        for payer, (pm, own, back, put, net) in figures.items():
            weight = routes.weight(payer) if phase is None else None
            share = _share(net, all_net)
            rows.append(BurdenRow(
                payer=payer, name=routes.name(payer), phase=phase,
                persons=None if phase is None else owed.persons[payer, phase],
                person_months=float(pm), own_cost=_money(own), reimbursed=_money(back),
                contributed=_money(put), paid=_money(own + put), net=_money(net),
                share_of_person_months=_share(pm, all_pm), share_of_net=share,
                weight=weight,
                weight_gap=None if weight is None else round(share - weight, 6)))
    return rows


def _scheme_rows(d: Derived, owed: Burden) -> list[SchemeRow]:
    out = []
    for sid in d.routes.schemes:
        s = d.mandate.financing[sid]
        phases = d.routes.phases_of(sid)
        spends = owed.scheme_total(sid, phases)
        fixed = sum((exact(v) for v in s.payments.values()), Fraction(0))
        out.append(SchemeRow(
            scheme=sid, name=s.name or sid, kind=s.kind, phases=list(phases),
            spends=_money(spends), fixed_payments=_money(fixed),
            apportioned=_money(max(Fraction(0), spends - fixed)),
            unspent=_money(max(Fraction(0), fixed - spends)), budget=s.budget,
            capacity=d.routes.capacity(sid)))
    return out
