"""The independent checker: re-verify a plan against every rule of the mandate.

Written apart from the model builder on purpose: it reads only the validated
mandate and the :class:`~forcesize.results.Plan`, recomputes requirements in
exact rational arithmetic (``fractions.Fraction``, where ``derive.py`` uses
``decimal``), and checks each rule of docs/model.md from the allocations
alone. It shares no code with ``derive.py`` or ``model/``, so a mistake in
either shows up as a violation here instead of a wrong plan on screen.

Money rules allow the solvers' feasibility tolerance: a relative 1e-6 of the
limit (and one hundredth of a currency unit) on pledges, fund and budget.
"""

from __future__ import annotations

import math
from collections import defaultdict
from fractions import Fraction

from .errors import CheckFailure
from .results import Plan
from .schema import Mandate

MONEY_REL_TOL = 1e-6
SHARE_ABS_TOL = 1e-6

_RULES = (
    ("fixed", None, 1),
    ("per_1000_population", "population", 1000),
    ("per_100_km2", "area_km2", 100),
    ("per_border_km", "border_km", 1),
    ("per_coastline_km", "coastline_km", 1),
    ("per_crossing", "crossings", 1),
)


def _frac(x: float) -> Fraction:
    return Fraction(repr(x)) if isinstance(x, float) else Fraction(x)


def _within(value: float, limit: float) -> bool:
    return value <= limit + MONEY_REL_TOL * max(abs(limit), 1.0) + 0.01


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=0.011)


def required_persons(m: Mandate) -> dict[tuple[str, str, str], tuple[int, str]]:
    """(task, capability, phase) -> (persons rounded up, priority), from the mandate alone."""
    phase_order = list(m.phase)
    out = {}
    for tid, task in m.task.items():
        theatre = m.theatre[task.theatre]
        phases = phase_order if task.phases is None else [p for p in phase_order
                                                          if p in task.phases]
        for cap, rule in task.need.items():
            total = Fraction(0)
            for key, attribute, per in _RULES:
                rate = _frac(getattr(rule, key))
                size = Fraction(1) if attribute is None else _frac(getattr(theatre, attribute))
                total += rate * size / per
            persons = math.ceil(total)
            for p in phases:
                out[tid, cap, p] = (persons, task.priority)
    return out


def check_plan(m: Mandate, plan: Plan) -> None:
    """Raise :class:`CheckFailure` listing every rule the plan breaks."""
    bad: list[str] = []
    parties = list(m.mission.parties)
    need = required_persons(m)
    cost_of: dict[str, float] = defaultdict(float)
    filled: dict[tuple[str, str, str], int] = defaultdict(int)
    pool_use: dict[tuple[str, str, str], int] = defaultdict(int)
    mine: dict[tuple[str, str], int] = defaultdict(int)
    phase_total: dict[str, int] = defaultdict(int)
    total_cost = 0.0

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
        if c.available.get(a.capability, 0) <= 0:
            bad.append(f"{where}: the contributor has no {a.capability} available")
        accepted_by = parties if c.acceptable_to is None else c.acceptable_to
        consenting = parties if t.consent_of is None else t.consent_of
        refused = [p for p in consenting if p not in accepted_by]
        if refused:
            bad.append(f"{where}: not acceptable to {', '.join(refused)}")
        if t.function in c.excluded_functions:
            bad.append(f"{where}: caveat excludes the function {t.function}")
        if t.theatre in c.excluded_theatres:
            bad.append(f"{where}: caveat excludes the theatre {t.theatre}")
        rate = c.cost_per_month.get(a.capability, m.capability[a.capability].cost_per_month)
        cost = a.personnel * rate * m.phase[a.phase].months
        if not _close(a.cost, cost):
            bad.append(f"{where}: cost {a.cost} should be {cost}")
        cost_of[a.contributor] += cost
        total_cost += cost
        filled[a.task, a.capability, a.phase] += a.personnel
        pool_use[a.contributor, a.capability, a.phase] += a.personnel
        mine[a.contributor, a.phase] += a.personnel
        phase_total[a.phase] += a.personnel

    reported = {(r.task, r.capability, r.phase): r for r in plan.requirements}
    if set(reported) != set(need):
        missing = sorted(set(need) - set(reported))
        extra = sorted(set(reported) - set(need))
        bad.append(f"requirements listed do not match the mandate: missing {missing[:3]}, "
                   f"extra {extra[:3]}")
    short_pm: dict[str, Fraction] = defaultdict(Fraction)
    for key, (persons, priority) in need.items():
        r = reported.get(key)
        if r is None:
            continue
        label = "/".join(key)
        if r.required != persons:
            bad.append(f"requirement {label}: required {r.required}, the rules give {persons}")
        if r.filled != filled[key]:
            bad.append(f"requirement {label}: filled {r.filled}, allocations sum to {filled[key]}")
        if filled[key] > persons:
            bad.append(f"requirement {label}: over-allocated, {filled[key]} > {persons}")
        if r.shortfall < 0 or filled[key] + r.shortfall != persons:
            bad.append(f"requirement {label}: filled {filled[key]} + shortfall {r.shortfall} "
                       f"!= required {persons}")
        if r.priority != priority:
            bad.append(f"requirement {label}: priority {r.priority}, the mandate says {priority}")
        short_pm[priority] += r.shortfall * _frac(m.phase[key[2]].months)
    for priority in ("essential", "important", "desirable"):
        got = plan.shortfall_person_months.get(priority)
        if got is None or not math.isclose(got, float(short_pm[priority]), abs_tol=1e-6):
            bad.append(f"shortfall person-months ({priority}) {got} should be "
                       f"{float(short_pm[priority])}")

    for (cid, cap, phase), used in pool_use.items():
        pool = m.contributor[cid].available.get(cap, 0)
        if used > pool:
            bad.append(f"pool {cid}/{cap} in {phase}: {used} deployed, {pool} available")
    default_share = m.objective.max_share
    for (cid, phase), persons in mine.items():
        share = m.contributor[cid].max_share or default_share
        if persons > share * phase_total[phase] + SHARE_ABS_TOL * max(1, phase_total[phase]):
            bad.append(f"share {cid} in {phase}: {persons} of {phase_total[phase]} exceeds "
                       f"{share:g}")

    for cid, c in m.contributor.items():
        for phase in m.phase:
            if c.min_personnel and mine[cid, phase] < c.min_personnel:
                bad.append(f"commitment {cid} in {phase}: {mine[cid, phase]} deployed, "
                           f"at least {c.min_personnel} committed")
    if not _close(plan.total_cost, total_cost):
        bad.append(f"total cost {plan.total_cost} should be {total_cost}")
    budget = m.objective.budget
    if budget is not None and not _within(total_cost, budget):
        bad.append(f"total cost {total_cost:,.2f} exceeds the budget {budget:,.2f}")
    pledges = {cid: c.pledge for cid, c in m.contributor.items()}
    fund = sum(p for p in pledges.values() if p is not None)
    pays = {f.contributor: f.pays for f in plan.financing}
    if set(pays) != set(m.contributor):
        bad.append("financing rows do not list every contributor once")
    for cid, pledge in pledges.items():
        if m.objective.financing == "national":
            if pledge is not None and not _within(cost_of[cid], pledge):
                bad.append(f"{cid} spends {cost_of[cid]:,.2f}, over its pledge {pledge:,.2f}")
            expected = cost_of[cid]
        else:
            expected = total_cost * (pledge or 0.0) / fund if fund else 0.0
        if cid in pays and not _close(pays[cid], expected):
            bad.append(f"{cid} pays {pays[cid]:,.2f}, the {m.objective.financing} rule gives "
                       f"{expected:,.2f}")
    if m.objective.financing == "common-fund" and not _within(total_cost, fund):
        bad.append(f"total cost {total_cost:,.2f} exceeds the common fund {fund:,.2f}")
    if plan.status not in ("optimal", "time_limit"):
        bad.append(f"status {plan.status!r} is not a plan status")
    if bad:
        raise CheckFailure(bad)
