"""The independent checker: re-verify a plan against every rule of the mandate.

Written apart from the model builder on purpose: it reads only the validated
mandate and the :class:`~forcesize.results.Plan`, recomputes requirements and
pools in exact rational arithmetic (``fractions.Fraction``), and checks each
rule of docs/model.md from the allocations alone. It shares no code with
``mandate/derive.py`` or ``model/``, so a mistake in either shows up as a violation
here instead of a wrong plan on screen.

The rules, as the checker reads them:

- requirement (t, k, p) = ⌈(Σ rule terms + Σ per[q] × the theatre's quantity q + trainees
  ÷ (trainees per instructor-month × the task's months)) × phase_scale[t][p] × threat
  multiplier − what host forces replace + share rate × Σ the requirements in p of the
  needs the share refers to⌉,
  where a term given as a library rule's id takes the rule's value in the use's
  scenario, else the mission's (read here from the library file itself);
- pool (c, k, p) = 0 where p is not among the contributor's ``phases``, else
  available_by_phase[p][k], else available[k], else ⌊standing[k] ÷ sustainment_ratio⌋,
  else 0; a commitment (``min_personnel``) holds in the contributor's phases only;
- where a contributor's capability comes in units of u counted per task (``unit_scope``),
  each allocation is a multiple of u and at most the whole units that would cover its
  requirement alone, u·⌈R/u⌉ (R for loose persons); counted per theatre or mission, its
  persons there in a phase are whole units, at most those that would cover alone every
  need of it there that the contributor may serve; a requirement may be
  over-covered by less than the largest unit that can be fielded for it (filled +
  shortfall − excess = required, 0 ≤ excess ≤ U − 1, U over contributors eligible for
  the task whose pool in the phase holds at least one of their units, loose persons
  counting as 1): never by loose persons alone, never by a unit that cannot be fielded;
- an allocation is at least the contributor's minimum slice of its capability
  (``min_slice``, else one unit), or the whole units that would cover its requirement
  alone if fewer;
- a task with ``min_contributors`` n has at least n distinct contributors in
  every phase it is staffed, counting only those that send it a meaningful contribution
  (``meaningful_contribution`` persons, else the minimum slice of its largest need then,
  at most that need);
- a group's members hold between min_share and max_share of each phase's persons;
- a phase with ``ready`` has, of the persons on its tasks, at most (1 − share) not
  ready in time: a contributor's persons of a capability beyond what it holds at the
  phase's readiness level or a faster one (at most its pool);
- a key ``..._by_phase`` (threat level, caveats, cost per person-month, share caps,
  group shares, commitments) replaces the mandate-wide key in its phase;
- money: pledges (whole horizon and by phase) on the costs no scheme pays for, the
  common fund (phase by phase when anyone pledges by phase), the budget, financing
  schemes (their funds and budgets, phase budgets, payers' caps on what they pay and
  contributors' caps on their net burden; ``check_schemes.py``), and who pays.

Money rules allow the solvers' feasibility tolerance: a relative 1e-6 of the
limit (and one hundredth of a currency unit) on pledges, fund and budget.
"""

from __future__ import annotations

import math
import tomllib
from collections import defaultdict
from fractions import Fraction
from functools import cache
from importlib.resources import files

from ..errors import CheckFailure
from ..mandate.schema import Mandate, RuleUse
from .check_numbers import SHARE_ABS_TOL, close, frac, within
from .check_schemes import Ledger, cost_rate, ledger, phase_pledge, scheme_rules
from .plan import Plan

_RULES = (
    ("fixed", None, 1),
    ("per_1000_population", "population", 1000),
    ("per_100_km2", "area_km2", 100),
    ("per_border_km", "border_km", 1),
    ("per_coastline_km", "coastline_km", 1),
    ("per_crossing", "crossings", 1),
)

THREAT_DEFAULTS = {"low": Fraction(1), "medium": Fraction("3.16"), "high": Fraction(10)}
"""Threat multipliers for levels ``[threat] multipliers`` does not give (docs/model.md)."""

THREAT_FUNCTIONS_DEFAULT = ("enforcement",)


def _task_phases(m: Mandate, task_id: str) -> list[str]:
    listed = m.task[task_id].phases
    return [p for p in m.phase if listed is None or p in listed]


def _threat(m: Mandate, task_id: str, phase: str) -> Fraction:
    """The theatre's multiplier in the phase for an enforcement-type task, else 1. Read
    from the keys the planner wrote (the phase's level, else the theatre's), with the
    defaults above for those not written."""
    task = m.task[task_id]
    theatre = m.theatre[task.theatre]
    level = theatre.threat_by_phase.get(phase, theatre.threat)
    written = m.threat.model_fields_set
    functions = m.threat.functions if "functions" in written else THREAT_FUNCTIONS_DEFAULT
    if level is None or task.function not in functions:
        return Fraction(1)
    multipliers = m.threat.multipliers if "multipliers" in written else {}
    return frac(multipliers[level]) if level in multipliers else THREAT_DEFAULTS[level]


@cache
def _library() -> dict[str, dict[str, object]]:
    """The rule library's tables by id, read from its data file (not through
    ``forcesize.library``'s code)."""
    text = files("forcesize.library").joinpath("rules.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)["rule"]


def _rate(m: Mandate, number: float | str | RuleUse) -> Fraction:
    """A need term's number: as written, or a library rule's value in its scenario."""
    if isinstance(number, int | float):
        return frac(number)
    rule_id = number if isinstance(number, str) else number.rule
    scenario = (None if isinstance(number, str) else number.scenario) or m.mission.scenario
    value = _library()[rule_id][scenario]
    assert isinstance(value, int | float)
    return frac(value)


def required_persons(m: Mandate) -> dict[tuple[str, str, str], tuple[int, str]]:
    """(task, capability, phase) -> (persons rounded up, priority), from the mandate alone.

    Needs without a share first; then, pass after pass, every share whose referents are
    all known (a share never counts its own need; a referent not running in a phase counts
    0 there), until none is left."""
    out: dict[tuple[str, str, str], tuple[int, str]] = {}
    own: dict[tuple[str, str, str], Fraction] = {}  # the scaled terms, before rounding
    for tid, task in m.task.items():
        theatre = m.theatre[task.theatre]
        phases = _task_phases(m, tid)
        months = sum((frac(m.phase[p].months) for p in phases), Fraction(0))
        for cap, rule in task.need.items():
            total = Fraction(0)
            for key, attribute, per in _RULES:
                rate = _rate(m, getattr(rule, key))
                size = Fraction(1) if attribute is None else frac(getattr(theatre, attribute))
                total += rate * size / per
            for quantity, number in rule.per.items():
                total += _rate(m, number) * frac(theatre.quantities[quantity])
            if rule.trainees_per_instructor_month is not None:
                rate = _rate(m, rule.trainees_per_instructor_month)
                if rule.trainees and rate and months:
                    total += frac(rule.trainees) / (rate * months)
            for p in phases:
                own[tid, cap, p] = total * frac(task.phase_scale.get(p, 1)) * _threat(m, tid, p)
    _net_host_forces(m, own)
    for (tid, cap, p), persons in own.items():
        if m.task[tid].need[cap].share is None:
            out[tid, cap, p] = (math.ceil(persons), m.task[tid].priority)
    waiting = [(t, k) for t, task in m.task.items() for k, rule in task.need.items()
               if rule.share is not None]
    while waiting:
        ready = [(t, k) for t, k in waiting
                 if all((t2, k2, p) in out for t2, k2 in _referents(m, t, k)
                        for p in _task_phases(m, t2))]
        if not ready:
            raise CheckFailure([f"shares refer to each other in a cycle: {sorted(waiting)}"])
        for t, k in ready:
            share = m.task[t].need[k].share
            assert share is not None
            rate = _rate(m, share.rate)
            for p in _task_phases(m, t):
                persons = sum(out[t2, k2, p][0] for t2, k2 in _referents(m, t, k)
                              if (t2, k2, p) in out)
                out[t, k, p] = (math.ceil(own[t, k, p] + rate * persons), m.task[t].priority)
        waiting = [w for w in waiting if w not in ready]
    return out


def _net_host_forces(m: Mandate, own: dict[tuple[str, str, str], Fraction]) -> None:
    """Subtract, in place, what host forces replace: per theatre, capability and phase,
    present persons (the ramp's share, or those trained before the phase begins, at most
    ``persons``) × effectiveness, taken by the listed tasks in order, else by the
    theatre's tasks needing the capability, essential first and then by id."""
    order = {"essential": 0, "important": 1, "desirable": 2}
    phases = list(m.phase)
    for th, theatre in m.theatre.items():
        for cap, host in theatre.host.items():
            tasks = host.tasks if host.tasks is not None else sorted(
                (t for t, task in m.task.items() if task.theatre == th and cap in task.need),
                key=lambda t: (order[m.task[t].priority], t))
            for i, p in enumerate(phases):
                if host.trained_per_month is None:
                    present = frac(host.persons) * frac(host.by_phase.get(p, 1))
                else:
                    months = sum((frac(m.phase[q].months) for q in phases[:i]), Fraction(0))
                    present = min(frac(host.persons), frac(host.initial)
                                  + frac(host.trained_per_month) * months)
                left = present * frac(host.effectiveness)
                for t in tasks:
                    if (t, cap, p) in own and left > 0:
                        take = min(own[t, cap, p], left)
                        own[t, cap, p] -= take
                        left -= take


def _referents(m: Mandate, task_id: str, capability: str) -> list[tuple[str, str]]:
    """The (task, capability) needs a share refers to: of its task or of every task
    (``scope``), of the capabilities listed or of every capability of the components."""
    share = m.task[task_id].need[capability].share
    assert share is not None
    wanted = (set(share.of) if share.of is not None else
              {k for k, c in m.capability.items() if c.component in (share.of_components or [])})
    tasks = [task_id] if share.scope == "task" else list(m.task)
    return [(t, k) for t in tasks for k in m.task[t].need
            if k in wanted and (t, k) != (task_id, capability)]


def pool(m: Mandate, contributor: str, capability: str, phase: str) -> int:
    """Persons of the capability the contributor can deploy in the phase, from the mandate:
    none in a phase outside its ``phases``."""
    c = m.contributor[contributor]
    if c.phases is not None and phase not in c.phases:
        return 0
    by_phase = c.available_by_phase.get(phase, {})
    if capability in by_phase:
        return by_phase[capability]
    if capability in c.available:
        return c.available[capability]
    if capability in c.standing:
        ratio = frac(m.capability[capability].sustainment_ratio)
        return math.floor(Fraction(c.standing[capability]) / ratio)
    return 0


def unit_size(m: Mandate, contributor: str, capability: str) -> int | None:
    """Persons per formed unit: the contributor's override, else the capability's."""
    own = m.contributor[contributor].unit_size
    return own[capability] if capability in own else m.capability[capability].unit_size


def _eligibility(m: Mandate, contributor: str, task: str, phase: str) -> list[str]:
    """Why the contributor may not serve the task in the phase; [] if it may."""
    parties = list(m.mission.parties)
    c = m.contributor[contributor]
    t = m.task[task]
    accepted_by = parties if c.acceptable_to is None else c.acceptable_to
    consenting = parties if t.consent_of is None else t.consent_of
    refused = [p for p in consenting if p not in accepted_by]
    why = [f"not acceptable to {', '.join(refused)}"] if refused else []
    functions = c.excluded_functions_by_phase.get(phase, c.excluded_functions)
    theatres = c.excluded_theatres_by_phase.get(phase, c.excluded_theatres)
    if t.function in functions:
        why.append(f"caveat excludes the function {t.function}")
    if t.theatre in theatres:
        why.append(f"caveat excludes the theatre {t.theatre}")
    return why


def largest_unit(m: Mandate, task: str, capability: str, phase: str) -> int:
    """The largest unit that can be fielded for (task, capability, phase): among
    contributors eligible for the task whose pool of the capability in the phase holds at
    least one of their units (loose persons are units of 1). 1 when none: then the
    requirement is never over-covered."""
    sizes = []
    for cid in m.contributor:
        size = unit_size(m, cid, capability) or 1
        have = pool(m, cid, capability, phase)
        if have > 0 and have >= size and not _eligibility(m, cid, task, phase):
            sizes.append(size)
    return max(sizes, default=1)


def task_unit(m: Mandate, contributor: str, capability: str) -> int | None:
    """The unit one allocation comes in: the unit size where the contributor's units are
    counted per task (its ``unit_scope``, else the capability's, default ``task``); None
    where they are counted per theatre or mission, or there are none."""
    own = m.contributor[contributor].unit_scope.get(capability)
    scope = own if own is not None else m.capability[capability].unit_scope
    return unit_size(m, contributor, capability) if scope == "task" else None


def unit_place(m: Mandate, contributor: str, capability: str, task: str) -> str | None:
    """Where the allocation's persons are counted in whole units when not per task: the
    task's theatre, or ``mission``; None otherwise."""
    if unit_size(m, contributor, capability) is None:
        return None
    own = m.contributor[contributor].unit_scope.get(capability)
    scope = own if own is not None else m.capability[capability].unit_scope
    return None if scope == "task" else (m.task[task].theatre if scope == "theatre"
                                         else "mission")


def min_slice(m: Mandate, cid: str, capability: str) -> int:
    """The smallest contribution of the capability the contributor makes to a task in a
    phase: its ``min_slice``, else the capability's, else one unit counted per task (one
    person)."""
    own = m.contributor[cid].min_slice.get(capability)
    if own is not None:
        return own
    written = m.capability[capability].min_slice
    return written if written is not None else (task_unit(m, cid, capability) or 1)


def meaningful(m: Mandate, need: dict[tuple[str, str, str], tuple[int, str]], task: str,
               phase: str) -> int:
    """Persons a contributor sends to the task in the phase to count towards its
    ``min_contributors``: ``meaningful_contribution``, else the capability's minimum slice
    (``min_slice``, else its unit size, else 1) of the task's largest need then (the first
    capability id among equals), at most that need."""
    own = m.task[task].meaningful_contribution
    if own is not None:
        return own
    needs = sorted((-persons, cap) for (t, cap, p), (persons, _) in need.items()
                   if (t, p) == (task, phase) and persons > 0)
    if not needs:
        return 1
    persons, cap = -needs[0][0], needs[0][1]
    k = m.capability[cap]
    per_task = k.unit_size if k.unit_scope == "task" else None
    return min(k.min_slice if k.min_slice is not None else (per_task or 1), persons)


def _has_units(m: Mandate) -> bool:
    return (any(k.unit_size is not None for k in m.capability.values())
            or any(c.unit_size for c in m.contributor.values()))


def check_plan(m: Mandate, plan: Plan) -> None:
    """Raise :class:`CheckFailure` listing every rule the plan breaks."""
    bad: list[str] = []
    need = required_persons(m)
    cost_of: dict[str, float] = defaultdict(float)
    phase_cost: dict[str, float] = defaultdict(float)
    filled: dict[tuple[str, str, str], int] = defaultdict(int)
    pool_use: dict[tuple[str, str, str], int] = defaultdict(int)
    mine: dict[tuple[str, str], int] = defaultdict(int)
    on_task: dict[tuple[str, str, str], int] = defaultdict(int)
    phase_total: dict[str, int] = defaultdict(int)
    total_cost = 0.0
    placed: dict[tuple[str, str, str, str], int] = defaultdict(int)

    for a in plan.allocations:
        where = f"allocation {a.contributor}/{a.capability}/{a.task}/{a.phase}"
        c = m.contributor.get(a.contributor)
        t = m.task.get(a.task)
        if c is None or t is None or a.capability not in m.capability or a.phase not in m.phase:
            bad.append(f"{where}: refers to an id the mandate does not define")
            continue
        if not isinstance(a.personnel, int) or a.personnel <= 0:
            bad.append(f"{where}: personnel {a.personnel!r} is not a positive whole number")
        if (a.task, a.capability, a.phase) not in need:
            bad.append(f"{where}: the task does not need this capability in this phase")
        if pool(m, a.contributor, a.capability, a.phase) <= 0:
            bad.append(f"{where}: the contributor has no {a.capability} available in {a.phase}")
        bad += [f"{where}: {why}" for why in _eligibility(m, a.contributor, a.task, a.phase)]
        size = task_unit(m, a.contributor, a.capability)
        place = unit_place(m, a.contributor, a.capability, a.task)
        if place is not None:
            placed[a.contributor, a.capability, place, a.phase] += a.personnel
        units, shown_size = getattr(a, "units", None), getattr(a, "unit_size", None)
        if size is not None and a.personnel % size:
            bad.append(f"{where}: {a.personnel} persons is not a whole number of units of "
                       f"{size}")
        required = need.get((a.task, a.capability, a.phase), (0, ""))[0]
        alone = (size or 1) * math.ceil(Fraction(required, size or 1))
        if a.personnel > alone and place is None:
            bad.append(f"{where}: {a.personnel} persons, more than the {alone} that would cover "
                       f"the requirement of {required} alone")
        smallest = min(min_slice(m, a.contributor, a.capability), alone)
        if a.personnel < smallest:
            bad.append(f"{where}: {a.personnel} persons, below the minimum slice of {smallest}")
        if shown_size != size:
            bad.append(f"{where}: unit size {shown_size}, the mandate gives {size}")
        if size is not None and (units is None or units * size != a.personnel):
            bad.append(f"{where}: {units} units of {size} is not {a.personnel} persons")
        if size is None and units is not None:
            bad.append(f"{where}: {units} units of a capability that does not come in units")
        rate = cost_rate(m, a.contributor, a.capability, a.phase)
        cost = a.personnel * rate * m.phase[a.phase].months
        if not close(a.cost, cost):
            bad.append(f"{where}: cost {a.cost} should be {cost}")
        cost_of[a.contributor] += cost
        phase_cost[a.phase] += cost
        total_cost += cost
        filled[a.task, a.capability, a.phase] += a.personnel
        pool_use[a.contributor, a.capability, a.phase] += a.personnel
        mine[a.contributor, a.phase] += a.personnel
        on_task[a.contributor, a.task, a.phase] += a.personnel
        phase_total[a.phase] += a.personnel

    serving: dict[tuple[str, str], set[str]] = defaultdict(set)
    least: dict[tuple[str, str], int] = {}
    for (cid, tid, phase), persons in on_task.items():  # every staffed task gets an entry
        counted = serving[tid, phase]
        if (tid, phase) not in least:
            least[tid, phase] = meaningful(m, need, tid, phase)
        if persons >= least[tid, phase]:
            counted.add(cid)
    bad += _pooled_units(m, need, placed)
    bad += _requirement_rows(m, plan, need, filled)
    bad += _people_rules(m, pool_use, mine, serving, phase_total)
    bad += _readiness_rules(m, plan)
    led = ledger(m, plan)
    bad += _money_rules(m, plan, total_cost, cost_of, led, phase_cost)
    bad += scheme_rules(m, plan, led)
    if plan.status not in ("optimal", "time_limit"):
        bad.append(f"status {plan.status!r} is not a plan status")
    if bad:
        raise CheckFailure(bad)


def _requirement_rows(m: Mandate, plan: Plan, need: dict[tuple[str, str, str], tuple[int, str]],
                      filled: dict[tuple[str, str, str], int]) -> list[str]:
    """Each requirement row: required as the rules give it, filled as allocated,
    filled + shortfall − excess = required with the excess under one unit, and the
    shortfall person-months by priority."""
    bad = []
    reported = {(r.task, r.capability, r.phase): r for r in plan.requirements}
    if set(reported) != set(need):
        missing = sorted(set(need) - set(reported))
        extra = sorted(set(reported) - set(need))
        bad.append(f"requirements listed do not match the mandate: missing {missing[:3]}, "
                   f"extra {extra[:3]}")
    short_pm: dict[str, Fraction] = defaultdict(Fraction)
    units = _has_units(m)
    for key, (persons, priority) in need.items():
        r = reported.get(key)
        if r is None:
            continue
        label = "/".join(key)
        excess = getattr(r, "excess", 0)
        over = largest_unit(m, *key) - 1 if units and persons > 0 else 0
        if r.required != persons:
            bad.append(f"requirement {label}: required {r.required}, the rules give {persons}")
        if r.filled != filled[key]:
            bad.append(f"requirement {label}: filled {r.filled}, allocations sum to {filled[key]}")
        if filled[key] > persons + over:
            bad.append(f"requirement {label}: over-allocated, {filled[key]} > {persons}"
                       + (f" + {over} (one person short of the largest unit)" if over else ""))
        if not 0 <= excess <= over:
            bad.append(f"requirement {label}: excess {excess} outside 0..{over}"
                       + (" (one person short of the largest unit that could serve it)"
                          if over else " (no unit-sized contributor could serve it)"))
        if r.shortfall < 0 or filled[key] + r.shortfall - excess != persons:
            bad.append(f"requirement {label}: filled {filled[key]} + shortfall {r.shortfall} "
                       f"- excess {excess} != required {persons}")
        if r.priority != priority:
            bad.append(f"requirement {label}: priority {r.priority}, the mandate says {priority}")
        short_pm[priority] += r.shortfall * frac(m.phase[key[2]].months)
    for priority in ("essential", "important", "desirable"):
        got = plan.shortfall_person_months.get(priority)
        if got is None or not math.isclose(got, float(short_pm[priority]), abs_tol=1e-6):
            bad.append(f"shortfall person-months ({priority}) {got} should be "
                       f"{float(short_pm[priority])}")
    return bad


def _people_rules(m: Mandate, pool_use: dict[tuple[str, str, str], int],
                  mine: dict[tuple[str, str], int], serving: dict[tuple[str, str], set[str]],
                  phase_total: dict[str, int]) -> list[str]:
    """Pools by phase, share caps, groups, multinational tasks and commitments."""
    bad = []
    for (cid, cap, phase), used in pool_use.items():
        limit = pool(m, cid, cap, phase)
        if used > limit:
            bad.append(f"pool {cid}/{cap} in {phase}: {used} deployed, {limit} available")
    default_share = m.objective.max_share
    for (cid, phase), persons in mine.items():
        c = m.contributor[cid]
        share = c.max_share_by_phase.get(phase, c.max_share or default_share)
        if persons > share * phase_total[phase] + SHARE_ABS_TOL * max(1, phase_total[phase]):
            bad.append(f"share {cid} in {phase}: {persons} of {phase_total[phase]} exceeds "
                       f"{share:g}")
    for gid, g in m.group.items():
        for phase in m.phase:
            total = phase_total[phase]
            ours = sum(mine[cid, phase] for cid in set(g.members))
            slack = SHARE_ABS_TOL * max(1, total)
            top = g.max_share_by_phase.get(phase, g.max_share)
            floor = g.min_share_by_phase.get(phase, g.min_share)
            if top is not None and ours > top * total + slack:
                bad.append(f"group {gid} in {phase}: {ours} of {total} exceeds its max share "
                           f"{top:g}")
            if floor is not None and ours < floor * total - slack:
                bad.append(f"group {gid} in {phase}: {ours} of {total} is below its min share "
                           f"{floor:g}")
    for (tid, phase), who in serving.items():
        n = m.task[tid].min_contributors
        if n is not None and len(who) < n:
            bad.append(f"task {tid} in {phase}: served by {len(who)} contributor(s) with a "
                       f"meaningful contribution ({', '.join(sorted(who))}), at least {n} "
                       "required")
    for cid, c in m.contributor.items():
        for phase in m.phase:
            present = c.phases is None or phase in c.phases
            floor = c.min_personnel_by_phase.get(phase, c.min_personnel or 0)
            if floor and present and mine[cid, phase] < floor:
                bad.append(f"commitment {cid} in {phase}: {mine[cid, phase]} deployed, "
                           f"at least {floor} committed")
    return bad


def _pooled_units(m: Mandate, need: dict[tuple[str, str, str], tuple[int, str]],
                  placed: dict[tuple[str, str, str, str], int]) -> list[str]:
    """Units counted per theatre or mission: a contributor's persons of the capability there
    in a phase are whole units, and no more units than would cover alone every requirement
    of it there that the contributor may serve."""
    bad = []
    for (cid, cap, place, phase), persons in placed.items():
        size = unit_size(m, cid, cap)
        assert size is not None
        if persons % size:
            bad.append(f"units of {cid}/{cap} in {place} in {phase}: {persons} persons is not "
                       f"a whole number of units of {size}")
        needed = sum(n for (t, k, p), (n, _) in need.items()
                     if (k, p) == (cap, phase) and (place == "mission"
                                                    or m.task[t].theatre == place)
                     and not _eligibility(m, cid, t, phase))
        if persons > size * math.ceil(Fraction(needed, size)):
            bad.append(f"units of {cid}/{cap} in {place} in {phase}: {persons} persons, more "
                       f"than the units that would cover its {needed} needed there alone")
    return bad


def _readiness_rules(m: Mandate, plan: Plan) -> list[str]:
    """A phase with ``ready``: of the persons on its tasks (``tasks``, else all), at least
    ``share`` are ready in time, a contributor's persons of a capability counting as ready
    up to what it holds at the phase's level or a faster one (at most its pool)."""
    bad = []
    for pid, phase in m.phase.items():
        need = phase.ready
        if need is None:
            continue
        days = m.readiness[need.within].days
        fast = [lv for lv, level in m.readiness.items() if level.days <= days]
        counted: dict[tuple[str, str], int] = defaultdict(int)
        for a in plan.allocations:
            if a.phase == pid and (need.tasks is None or a.task in need.tasks):
                counted[a.contributor, a.capability] += a.personnel
        late = 0
        for (cid, cap), persons in counted.items():
            held = sum(m.contributor[cid].ready.get(lv, {}).get(cap, 0) for lv in fast)
            late += max(0, persons - min(held, pool(m, cid, cap, pid)))
        total = sum(counted.values())
        allowed = (1 - Fraction(repr(need.share))) * total
        if late > allowed + Fraction(1, 10**6) * max(1, total):
            bad.append(f"readiness in {pid}: {late} of {total} persons counted are not ready "
                       f"within {need.within}, at most {float(allowed):g} may be")
    return bad


def _money_rules(m: Mandate, plan: Plan, total_cost: float, cost_of: dict[str, float],
                 led: Ledger, phase_cost: dict[str, float]) -> list[str]:
    """Total cost, budget, pledges (whole and by phase), the common fund and who pays.

    A pledge caps the cost a contributor bears itself (no scheme pays for it); what each
    contributor pays, its net burden, comes from the checker's own ledger."""
    bad = []
    if not close(plan.total_cost, total_cost):
        bad.append(f"total cost {plan.total_cost} should be {total_cost}")
    budget = m.objective.budget
    if budget is not None and not within(total_cost, budget):
        bad.append(f"total cost {total_cost:,.2f} exceeds the budget {budget:,.2f}")
    common = m.common_fund
    phased = any(c.pledge_by_phase for c in m.contributor.values())
    fund_in = {p: sum((phase_pledge(m, cid, p) for cid in m.contributor), Fraction(0))
               for p in m.phase} if phased else {}
    totals = [c.pledge if c.pledge is not None else sum(c.pledge_by_phase.values())
              for c in m.contributor.values()]
    fund = sum(totals)
    rows = {f.contributor: f for f in plan.financing}
    if set(rows) != set(m.contributor) or len(plan.financing) != len(m.contributor):
        bad.append("financing rows do not list every contributor once")
    for cid, c in m.contributor.items():
        pledge = c.pledge
        if not common:
            borne = float(sum((led.borne[cid, p] for p in m.phase), Fraction(0)))
            if pledge is not None and not within(borne, pledge):
                bad.append(f"{cid} spends {borne:,.2f} on its own personnel, over its pledge "
                           f"{pledge:,.2f}")
            for phase, amount in c.pledge_by_phase.items():
                if not within(float(led.borne[cid, phase]), amount):
                    bad.append(f"{cid} spends {float(led.borne[cid, phase]):,.2f} on its own "
                               f"personnel in {phase}, over its pledge for the phase "
                               f"{amount:,.2f}")
        expected = float(sum((led.own[cid, p] - led.back[cid, p] + led.put[cid, p]
                              for p in m.phase), Fraction(0)))
        row = rows.get(cid)
        if row is None:
            continue
        if not close(row.pays, expected):
            bad.append(f"{cid} pays {row.pays:,.2f}, the financing rules give {expected:,.2f}")
        shown = pledge if pledge is not None else (
            sum(c.pledge_by_phase.values()) if c.pledge_by_phase else None)
        if (row.pledge is None) != (shown is None) or (
                shown is not None and row.pledge is not None and not close(row.pledge, shown)):
            bad.append(f"{cid}'s financing row shows the pledge {row.pledge}, the mandate "
                       f"gives {shown}")
        if not close(row.personnel_cost, cost_of[cid]):
            bad.append(f"{cid}'s personnel cost {row.personnel_cost:,.2f} should be "
                       f"{cost_of[cid]:,.2f}")
    if common and phased:
        for phase, amount in fund_in.items():
            if not within(phase_cost[phase], float(amount)):
                bad.append(f"cost of {phase} {phase_cost[phase]:,.2f} exceeds the common fund "
                           f"for the phase {float(amount):,.2f}")
    if common and not within(total_cost, fund):
        bad.append(f"total cost {total_cost:,.2f} exceeds the common fund {fund:,.2f}")
    return bad
