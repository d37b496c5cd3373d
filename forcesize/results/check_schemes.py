"""The independent checker's reading of financing schemes (part of ``check.py``).

Like the rest of the checker it reads only the validated mandate and the plan, and
shares no code with ``mandate/routes.py``, ``results/burden.py`` or ``model/``: who pays
for each allocation is decided here again from docs/model.md ("Financing schemes"), in
exact fractions, and every money rule and every figure of the burden-sharing and scheme
tables is checked against it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from fractions import Fraction

from ..mandate.schema import Mandate
from .check_numbers import close, frac, within
from .plan import Plan

Money = dict[tuple[str, str], Fraction]


def _zero() -> Money:
    return defaultdict(Fraction)


@dataclass
class Ledger:
    """Exact money of a plan by (payer or scheme, phase)."""

    own: Money = field(default_factory=_zero)
    borne: Money = field(default_factory=_zero)
    """Own cost that no scheme pays for (national pledges cap it)."""
    back: Money = field(default_factory=_zero)
    put: Money = field(default_factory=_zero)
    spend: Money = field(default_factory=_zero)
    persons: dict[tuple[str, str], int] = field(default_factory=lambda: defaultdict(int))


def financing(m: Mandate, phase: str) -> str:
    return m.phase[phase].financing or m.objective.financing


def cost_rate(m: Mandate, contributor: str, capability: str, phase: str) -> float:
    """Money per person-month in the phase: the contributor's phase rate, else its own
    rate, else the capability's."""
    c = m.contributor[contributor]
    phased = c.cost_per_month_by_phase.get(phase, {})
    if capability in phased:
        return phased[capability]
    return c.cost_per_month.get(capability, m.capability[capability].cost_per_month)


def scheme_pays(m: Mandate, contributor: str, capability: str, task: str,
                phase: str) -> tuple[str, Fraction] | None:
    """(scheme, rate per person-month) when a scheme pays for the allocation, else None."""
    sid = financing(m, phase)
    s = m.financing.get(sid)
    if s is None or contributor in s.own_costs:
        return None
    if s.kind == "mixed" and capability not in s.common_costs and task not in s.common_costs:
        return None
    if capability in s.reimbursement_by_capability:
        return sid, frac(s.reimbursement_by_capability[capability])
    component = m.capability[capability].component
    if component in s.reimbursement:
        return sid, frac(s.reimbursement[component])
    return sid, frac(cost_rate(m, contributor, capability, phase))


def key(m: Mandate, sid: str) -> dict[str, Fraction]:
    s = m.financing[sid]
    if s.kind != "common-fund":
        return {j: frac(v) for j, v in s.scale.items() if v}
    total = sum((frac(v) for v in s.pledges.values()), Fraction(0))
    return {j: frac(v) / total for j, v in s.pledges.items() if v} if total else {}


def ledger(m: Mandate, plan: Plan) -> Ledger:
    """Who pays what in ``plan``, from its allocations alone."""
    out = Ledger()
    phase_cost: dict[str, Fraction] = defaultdict(Fraction)
    for a in plan.allocations:
        if a.contributor not in m.contributor or a.capability not in m.capability \
                or a.phase not in m.phase or a.task not in m.task:
            continue  # reported by the checker's allocation rules
        months = frac(m.phase[a.phase].months)
        rate = frac(cost_rate(m, a.contributor, a.capability, a.phase))
        cost = a.personnel * rate * months
        here = (a.contributor, a.phase)
        out.own[here] += cost
        out.persons[here] += a.personnel
        phase_cost[a.phase] += cost
        paid = scheme_pays(m, a.contributor, a.capability, a.task, a.phase)
        if paid is None:
            out.borne[here] += cost
        else:
            out.back[here] += a.personnel * paid[1] * months
            out.spend[paid[0], a.phase] += a.personnel * paid[1] * months
    if m.common_fund:
        _common_fund(m, out, phase_cost)
    for sid in m.financing:
        phases = [p for p in m.phase if financing(m, p) == sid]
        if not phases:
            continue
        s = m.financing[sid]
        total = sum((out.spend[sid, p] for p in phases), Fraction(0))
        fixed = sum((frac(v) for v in s.payments.values()), Fraction(0))
        months = sum((frac(m.phase[p].months) for p in phases), Fraction(0))
        for payer, amount in s.payments.items():
            for p in phases:
                out.put[payer, p] += frac(amount) * frac(m.phase[p].months) / months
        if total > fixed:
            for payer, share in key(m, sid).items():
                for p in phases:
                    out.put[payer, p] += share * (total - fixed) * out.spend[sid, p] / total
    return out


def _common_fund(m: Mandate, out: Ledger, phase_cost: dict[str, Fraction]) -> None:
    """The built-in fund pays every cost, shared pro rata to the money in each phase."""
    for here, cost in list(out.own.items()):
        out.back[here] += cost
        out.borne[here] -= cost
    for p in m.phase:
        money = {cid: phase_pledge(m, cid, p) for cid in m.contributor}
        fund = sum(money.values(), Fraction(0))
        for cid, amount in money.items():
            if fund:
                out.put[cid, p] += phase_cost[p] * amount / fund


def phase_pledge(m: Mandate, contributor: str, phase: str) -> Fraction:
    """Money the contributor puts into a phase of the built-in common fund: its pledge for
    the phase, else what its flat pledge leaves after the phased ones, spread over the
    phases it did not list by their months (without phased pledges anywhere, each phase's
    fund is then the pledges spread by months, and each shares pro rata to the pledges)."""
    c = m.contributor[contributor]
    if phase in c.pledge_by_phase:
        return frac(c.pledge_by_phase[phase])
    listed = sum((frac(v) for v in c.pledge_by_phase.values()), Fraction(0))
    rest = max(Fraction(0), frac(c.pledge or 0.0) - listed)
    months = sum((frac(ph.months) for p, ph in m.phase.items()
                  if p not in c.pledge_by_phase), Fraction(0))
    return rest * frac(m.phase[phase].months) / months if months else Fraction(0)


def scheme_rules(m: Mandate, plan: Plan, led: Ledger) -> list[str]:
    """Scheme funds and budgets, phase budgets, payers' and contributors' caps, and every
    figure of the plan's burden and scheme tables."""
    bad = []
    named = {j for s in m.financing.values() for j in (*s.scale, *s.pledges, *s.payments)}
    payers = sorted({*m.contributor, *m.payer, *named})
    phases = list(m.phase)

    def total(table: Money, who: str, over: list[str]) -> Fraction:
        return sum((table[who, p] for p in over), Fraction(0))

    shown_schemes = {s.scheme: s for s in plan.schemes}
    used = [sid for sid in m.financing if any(financing(m, p) == sid for p in phases)]
    if sorted(shown_schemes) != sorted(used):
        bad.append(f"scheme rows {sorted(shown_schemes)}, the phases use {sorted(used)}")
    for sid in used:
        s = m.financing[sid]
        spent = total(led.spend, sid, phases)
        fixed = sum((frac(v) for v in s.payments.values()), Fraction(0))
        if s.kind == "common-fund":
            fund = sum((frac(v) for v in s.pledges.values()), Fraction(0)) + fixed
            if not within(spent, float(fund)):
                bad.append(f"{sid} spends {float(spent):,.2f}, more than its pledges and fixed "
                           f"payments {float(fund):,.2f}")
        if s.budget is not None and not within(spent, s.budget):
            bad.append(f"{sid} spends {float(spent):,.2f}, over its budget {s.budget:,.2f}")
        row = shown_schemes.get(sid)
        if row is not None and not (close(row.spends, spent) and close(row.fixed_payments, fixed)
                                    and close(row.apportioned, max(Fraction(0), spent - fixed))
                                    and close(row.unspent, max(Fraction(0), fixed - spent))):
            bad.append(f"{sid}'s scheme row {row.spends:,.2f} spent, {row.apportioned:,.2f} "
                       f"apportioned, {row.unspent:,.2f} unspent; the mandate gives "
                       f"{float(spent):,.2f} of which {float(fixed):,.2f} fixed")
    for p, ph in m.phase.items():
        cost = sum((led.own[c, p] for c in m.contributor), Fraction(0))
        if ph.budget is not None and not within(cost, ph.budget):
            bad.append(f"cost of {p} {float(cost):,.2f} exceeds its budget {ph.budget:,.2f}")
    for payer in payers:
        entity = m.contributor.get(payer) or m.payer.get(payer)
        put = total(led.put, payer, phases)
        if entity is not None and entity.max_payment is not None \
                and not within(put, entity.max_payment):
            bad.append(f"{payer} pays {float(put):,.2f} into schemes, over its cap "
                       f"{entity.max_payment:,.2f}")
    for cid, c in m.contributor.items():
        net = total(led.own, cid, phases) - total(led.back, cid, phases) \
            + total(led.put, cid, phases)
        if c.max_net_burden is not None and not within(net, c.max_net_burden):
            bad.append(f"{cid}'s net burden {float(net):,.2f} is over its cap "
                       f"{c.max_net_burden:,.2f}")
    bad += _burden_rows(m, plan, led, payers)
    return bad


def _burden_rows(m: Mandate, plan: Plan, led: Ledger, payers: list[str]) -> list[str]:
    bad = []
    rows = {(r.payer, r.phase): r for r in plan.burden}
    expected = {(j, p) for j in payers for p in (*m.phase, None)}
    if set(rows) != expected or len(plan.burden) != len(expected):
        return ["burden rows do not list every payer once in every phase and the horizon"]
    for (payer, phase), row in rows.items():
        over = list(m.phase) if phase is None else [phase]
        own = sum((led.own[payer, p] for p in over), Fraction(0))
        back = sum((led.back[payer, p] for p in over), Fraction(0))
        put = sum((led.put[payer, p] for p in over), Fraction(0))
        pm = sum((led.persons[payer, p] * frac(m.phase[p].months) for p in over), Fraction(0))
        figures = (("own cost", row.own_cost, own), ("reimbursed", row.reimbursed, back),
                   ("contributed", row.contributed, put), ("paid", row.paid, own + put),
                   ("net", row.net, own + put - back))
        for what, shown, value in figures:
            if not close(shown, value):
                bad.append(f"burden of {payer} in {phase or 'all phases'}: {what} {shown:,.2f}, "
                           f"the mandate gives {float(value):,.2f}")
        if abs(frac(row.person_months) - pm) > Fraction(1, 10**6):
            bad.append(f"burden of {payer} in {phase or 'all phases'}: {row.person_months} "
                       f"person-months, the allocations give {float(pm)}")
    return bad
