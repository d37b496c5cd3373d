"""Who pays, exactly: each payer's burden by phase, and what each scheme spends.

Read from the plan's allocations and the routes of ``mandate/routes.py``, in exact
fractions, and rounded to cents once per figure (as every money figure of a plan). For
each payer and phase:

- ``own_cost``: the cost of its personnel;
- ``reimbursed``: what schemes pay it for them (the reimbursement rate, or the full cost
  of what a scheme pays for; under the built-in common fund, all of it);
- ``contributed``: what it pays into schemes: its fixed payments, spread over the
  scheme's phases by their months, and its key's share of what the scheme spends beyond
  them, spread by what the scheme spends in each phase (under the built-in common fund,
  its pledge's share of each phase's cost);
- ``paid`` = own cost + contributed; ``net`` = paid − reimbursed, its net burden.

Summed over payers, net burdens are the plan's total cost plus fixed payments left
unspent: reimbursements are transfers between payers.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..mandate.derive import Derived


def exact(x: float) -> Fraction:
    """The number the planner wrote, exactly (floats round-trip through repr)."""
    return Fraction(repr(float(x)))


@dataclass
class Burden:
    """Exact money and person-months by (payer, phase), and by (scheme, phase)."""

    persons: dict[tuple[str, str], int] = field(default_factory=lambda: defaultdict(int))
    own: dict[tuple[str, str], Fraction] = field(default_factory=lambda: defaultdict(Fraction))
    reimbursed: dict[tuple[str, str], Fraction] = field(
        default_factory=lambda: defaultdict(Fraction))
    contributed: dict[tuple[str, str], Fraction] = field(
        default_factory=lambda: defaultdict(Fraction))
    spend: dict[tuple[str, str], Fraction] = field(default_factory=lambda: defaultdict(Fraction))
    """What each scheme spends in each phase."""

    def scheme_total(self, scheme: str, phases: tuple[str, ...]) -> Fraction:
        return sum((self.spend[scheme, p] for p in phases), Fraction(0))


def burden(d: Derived, allocations: list[tuple[str, str, str, str, int]]) -> Burden:
    """The burden of a plan given as (contributor, capability, task, phase, persons)."""
    out = Burden()
    m = d.mandate
    routes = d.routes
    phase_cost: dict[str, Fraction] = defaultdict(Fraction)
    for cid, cap, tid, phase, persons in allocations:
        months = exact(d.months[phase])
        cost = persons * exact(d.cost_per_month(cid, cap, phase)) * months
        out.persons[cid, phase] += persons
        out.own[cid, phase] += cost
        phase_cost[phase] += cost
        route = routes.route(cid, cap, tid, phase)
        if route.scheme is not None:
            paid = persons * exact(route.rate) * months
            out.reimbursed[cid, phase] += paid
            out.spend[route.scheme, phase] += paid
    if m.common_fund:
        _built_in_fund(d, out, phase_cost)
    for sid in routes.schemes:
        _scheme(d, out, sid)
    return out


def _built_in_fund(d: Derived, out: Burden, phase_cost: dict[str, Fraction]) -> None:
    """The built-in common fund pays every cost; each phase's cost is shared pro rata to
    the money pledged for that phase (flat pledges spread by months when anyone pledges
    by phase), else to the pledges."""
    m = d.mandate
    for (cid, phase), cost in list(out.own.items()):
        out.reimbursed[cid, phase] += cost
    if d.phased_pledges:
        for phase in d.phases:
            fund = sum((exact(d.pledge_in_phase(c, phase)) for c in m.contributor), Fraction(0))
            for cid in m.contributor:
                if fund:
                    out.contributed[cid, phase] += \
                        phase_cost[phase] * exact(d.pledge_in_phase(cid, phase)) / fund
        return
    pledges = {cid: exact(d.total_pledge(cid) or 0.0) for cid in m.contributor}
    fund = sum(pledges.values(), Fraction(0))
    if not fund:
        return
    for phase in d.phases:
        for cid, pledge in pledges.items():
            out.contributed[cid, phase] += phase_cost[phase] * pledge / fund


def _scheme(d: Derived, out: Burden, sid: str) -> None:
    """Fixed payments spread over the scheme's phases by months; the key's share of what
    it spends beyond them spread by what it spends in each phase."""
    s = d.mandate.financing[sid]
    phases = d.routes.phases_of(sid)
    total = out.scheme_total(sid, phases)
    fixed = sum((exact(v) for v in s.payments.values()), Fraction(0))
    rest = max(Fraction(0), total - fixed)
    months = sum((exact(d.months[p]) for p in phases), Fraction(0))
    for payer, amount in s.payments.items():
        for p in phases:
            out.contributed[payer, p] += exact(amount) * exact(d.months[p]) / months
    if not rest:
        return
    for payer, share in d.routes.key(sid).items():
        for p in phases:
            out.contributed[payer, p] += share * rest * out.spend[sid, p] / total
