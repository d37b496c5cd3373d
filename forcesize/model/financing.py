"""Rows of financing schemes: what a mechanism may spend, and what payers may bear.

Each row is written from the routes of ``mandate/routes.py``: an assignment's own cost
(cost · months · x) and, where a scheme pays for it, the scheme's payment (rate · months
· x). Money is in millions (``MONEY_SCALE``), as in ``constraints.py``. The rows, in the
notation of docs/model.md (section "Financing schemes"), with M_S the scheme's spending,
F_S its fixed payments and κ_jS payer j's key:

- ``scheme_fund_max[S]``: M_S ≤ Σ pledges + F_S (a common fund spends what it holds);
- ``scheme_budget_max[S]``: M_S ≤ budget_S;
- ``phase_budget_max[p]``: Σ cost · months · x over phase p ≤ budget_p;
- ``payment_max[j]``: Σ_S (F_jS + κ_jS · r_S) ≤ max_payment_j;
- ``net_burden_max[c]``: own cost_c − Σ reimbursed_c + Σ_S (F_cS + κ_cS · r_S) ≤
  max_net_burden_c;

where r_S, what is apportioned by the key, is M_S when the scheme has no fixed payments,
else the variable ``apportioned[S]`` ≥ max(0, M_S − F_S) (``apportioned_min``): the caps
only bind harder as r_S grows, so the least r_S, the true apportioned sum, is the one any
plan can take.
"""

from __future__ import annotations

from collections.abc import Iterable

import pulp

from .constraints import _row, own_costs, phase_costs
from .naming import Family, Key
from .variables import MONEY_SCALE, Context, Pairs


def _paid(ctx: Context, keys: Iterable[tuple[str, str, str, str]],
          scheme: str | None = None) -> Pairs:
    """Σ rate · months · x over the assignments in ``keys`` that a scheme (``scheme``, or
    any) pays for, in millions."""
    d = ctx.derived
    out: Pairs = []
    for k in keys:
        route = d.routes.route(*k)
        if route.scheme is not None and (scheme is None or route.scheme == scheme) \
                and route.rate:
            out.append((ctx.assigned[k], route.rate * d.months[k[3]] * MONEY_SCALE))
    return out


def scheme_spend(ctx: Context, scheme: str) -> Pairs:
    """M_S: what the scheme pays, over every assignment."""
    return _paid(ctx, ctx.assigned, scheme)


def add_scheme_limits(ctx: Context) -> None:
    """``scheme_fund_max`` and ``scheme_budget_max``: a scheme's spending within its fund
    and its budget. The dual is the value of one more million in the fund or budget."""
    d = ctx.derived
    for sid in d.routes.schemes:
        spend = scheme_spend(ctx, sid)
        if not spend:
            continue
        token = (ctx.tok["financing"][sid],)
        capacity = d.routes.capacity(sid)
        if capacity is not None:
            _row(ctx, Key(Family.SCHEME_FUND_MAX, (sid,)), token, spend, pulp.LpConstraintLE,
                 capacity * MONEY_SCALE,
                 f"{sid} spends at most its pledges and fixed payments, {capacity:,.0f}",
                 f"financing.{sid}.pledges")
        budget = d.mandate.financing[sid].budget
        if budget is not None:
            _row(ctx, Key(Family.SCHEME_BUDGET_MAX, (sid,)), token, spend, pulp.LpConstraintLE,
                 budget * MONEY_SCALE, f"{sid} spends at most its budget of {budget:,.0f}",
                 f"financing.{sid}.budget")


def add_phase_budget_max(ctx: Context) -> None:
    """Σ cost · months · x over phase p ≤ budget_p: a phase's personnel within its budget,
    whoever pays. The dual is the value of one more million in the phase's budget."""
    d = ctx.derived
    for phase in d.phases:
        budget = d.mandate.phase[phase].budget
        pairs = [] if budget is None else phase_costs(ctx, phase)
        if not pairs:
            continue
        _row(ctx, Key(Family.PHASE_BUDGET_MAX, (phase,)), (ctx.tok["phase"][phase],),
             pairs, pulp.LpConstraintLE, budget * MONEY_SCALE,
             f"the cost of {phase} within its budget of {budget:,.0f}",
             f"phase.{phase}.budget")


def _apportioned(ctx: Context, sid: str, cache: dict[str, Pairs]) -> Pairs:
    """r_S as pairs: M_S itself, or the ``apportioned`` variable when the scheme has
    fixed payments (made once, with its row ``apportioned_min``)."""
    if sid in cache:
        return cache[sid]
    d = ctx.derived
    spend = scheme_spend(ctx, sid)
    fixed = d.routes.fixed(sid)
    if not fixed:
        cache[sid] = spend
        return spend
    token = (ctx.tok["financing"][sid],)
    var = ctx.new_var(Key(Family.APPORTIONED, (sid,)), token,
                      f"what {sid} spends beyond its fixed payments of {fixed:,.0f}",
                      f"financing.{sid}.payments")
    _row(ctx, Key(Family.APPORTIONED_MIN, (sid,)), token,
         [(var, 1.0), *((v, -c) for v, c in spend)], pulp.LpConstraintGE,
         -fixed * MONEY_SCALE, f"{sid}'s key apportions what it spends beyond {fixed:,.0f}",
         f"financing.{sid}.payments")
    cache[sid] = [(var, 1.0)]
    return cache[sid]


def _shares(ctx: Context, payer: str, cache: dict[str, Pairs]) -> tuple[Pairs, float]:
    """(Σ_S κ_jS · r_S as pairs, Σ_S F_jS): what ``payer`` pays into schemes."""
    pairs: Pairs = []
    fixed = 0.0
    for sid, (payment, share) in ctx.derived.routes.pays_into(payer).items():
        fixed += payment
        if share:
            pairs += [(v, c * share) for v, c in _apportioned(ctx, sid, cache)]
    return pairs, fixed


def _merged(pairs: Pairs) -> Pairs:
    """One term per variable: an assignment's own cost and its reimbursement net out."""
    out: dict[str, tuple[pulp.LpVariable, float]] = {}
    for var, coef in pairs:
        held = out.get(var.name)
        out[var.name] = (var, coef + (held[1] if held else 0.0))
    return list(out.values())


def add_payer_limits(ctx: Context) -> None:
    """``payment_max[j]`` and ``net_burden_max[c]``: a payer's cap on what it pays into
    schemes, and a contributor's cap on its net national burden. The dual is the value of
    one more million the payer will bear."""
    d = ctx.derived
    m = d.mandate
    cache: dict[str, Pairs] = {}
    for payer in d.routes.payers:
        cap = d.routes.max_payment(payer)
        if cap is None:
            continue
        pairs, fixed = _shares(ctx, payer, cache)
        if not pairs and fixed <= cap:
            continue  # fixed payments alone, within the cap: nothing the plan does matters
        _row(ctx, Key(Family.PAYMENT_MAX, (payer,)), (ctx.tok["payer"][payer],), pairs,
             pulp.LpConstraintLE, (cap - fixed) * MONEY_SCALE,
             f"{payer} pays into schemes at most {cap:,.0f}",
             f"{d.routes.payer_path(payer)}.max_payment")
    for cid in sorted(m.contributor):
        cap = m.contributor[cid].max_net_burden
        if cap is None:
            continue
        mine = [k for k in ctx.assigned if k[0] == cid]
        pairs = own_costs(ctx, mine) + [(v, -c) for v, c in _paid(ctx, mine)]  # - reimbursed
        shares, fixed = _shares(ctx, cid, cache)
        pairs += shares
        if not pairs and fixed <= cap:
            continue
        _row(ctx, Key(Family.NET_BURDEN_MAX, (cid,)), (ctx.tok["contributor"][cid],),
             _merged(pairs),
             pulp.LpConstraintLE, (cap - fixed) * MONEY_SCALE,
             f"{cid}'s net national burden is at most {cap:,.0f}",
             f"contributor.{cid}.max_net_burden")
