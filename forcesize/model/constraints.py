"""Constraint families, one function each, rows added in sorted id order.

Each docstring gives the row in the notation of docs/model.md and what its
dual means. Rows are written from the contributions collected in
``variables.py``; nothing here searches the variables.
"""

from __future__ import annotations

import pulp

from .naming import Entry, Family, Key
from .variables import MONEY_SCALE, Context, Pairs


def _row(ctx: Context, key: Key, tokens: tuple[str, ...], pairs: Pairs, sense: int,
         rhs: float, description: str, path: str) -> None:
    name = "__".join((key.family.value, *tokens))
    con = pulp.LpConstraint(pulp.LpAffineExpression(pairs), sense=sense, name=name, rhs=rhs)
    ctx.prob.addConstraint(con, name)
    ctx.registry.constraints[key] = Entry(con, name, description, path)


def add_need_cover_eq(ctx: Context) -> None:
    """Σ_c x[c,k,t,p] + s[t,k,p] = R[t,k,p]: every requirement is met or declared short.
    The dual is the value, in the current stage's objective, of one more required person."""
    tok = ctx.tok
    for r in ctx.derived.requirements:
        if r.required == 0:
            continue
        key = (r.task, r.capability, r.phase)
        pairs = [(v, 1.0) for v in ctx.by_need.get(key, [])] + [(ctx.shortfall[key], 1.0)]
        _row(ctx, Key(Family.NEED_COVER_EQ, key),
             (tok["task"][r.task], tok["capability"][r.capability], tok["phase"][r.phase]),
             pairs, pulp.LpConstraintEQ, r.required,
             f"{r.task} needs {r.required} {r.capability} in {r.phase}",
             f"task.{r.task}.need.{r.capability}")


def add_pool_max(ctx: Context) -> None:
    """Σ_t x[c,k,t,p] ≤ A[c,k] in each phase p: a contributor's pool is shared by its tasks.
    The dual is the value of one more available person of k from c in p."""
    tok = ctx.tok
    m = ctx.derived.mandate
    for (cid, cap, phase) in sorted(ctx.by_pool, key=lambda k: (k[0], k[1],
                                                            ctx.derived.phases.index(k[2]))):
        pool = m.contributor[cid].available[cap]
        _row(ctx, Key(Family.POOL_MAX, (cid, cap, phase)),
             (tok["contributor"][cid], tok["capability"][cap], tok["phase"][phase]),
             [(v, 1.0) for v in ctx.by_pool[cid, cap, phase]], pulp.LpConstraintLE, pool,
             f"{cid} has {pool} {cap} available in {phase}",
             f"contributor.{cid}.available.{cap}")


def add_phase_total_eq(ctx: Context) -> None:
    """D[p] + Σ_{t,k} s[t,k,p] = Σ_{t,k} R[t,k,p]: the phase total that share caps refer to.

    Equal to Σ x[c,k,t,p] by the need rows, but written over the shortfalls: one term
    per requirement instead of one per assignment. HiGHS propagates long rows on every
    bound change in its rounding heuristics, and the per-assignment form made the root
    node of a 12,000-column mandate take tens of seconds."""
    for phase, total in ctx.deployed.items():
        reqs = [r for r in ctx.derived.requirements if r.phase == phase and r.required > 0]
        pairs = [(ctx.shortfall[r.task, r.capability, r.phase], 1.0) for r in reqs]
        pairs.append((total, 1.0))
        _row(ctx, Key(Family.PHASE_TOTAL_EQ, (phase,)), (ctx.tok["phase"][phase],), pairs,
             pulp.LpConstraintEQ, float(sum(r.required for r in reqs)),
             f"all persons deployed in {phase}", f"phase.{phase}")


def add_share_max(ctx: Context) -> None:
    """Σ_{k,t} x[c,k,t,p] − σ[c]·D[p] ≤ 0: no contributor exceeds its share of a phase.
    The dual is the value of letting c's share in p rise by one person's worth."""
    d = ctx.derived
    tok = ctx.tok
    for cid in sorted(d.mandate.contributor):
        share = d.max_share(cid)
        if share >= 1:
            continue
        own = d.mandate.contributor[cid].max_share
        path = f"contributor.{cid}.max_share" if own is not None else "objective.max_share"
        for phase in d.phases:
            mine = ctx.by_contributor_phase.get((cid, phase))
            if not mine:
                continue
            pairs = [(v, 1.0) for v in mine] + [(ctx.deployed[phase], -share)]
            _row(ctx, Key(Family.SHARE_MAX, (cid, phase)),
                 (tok["contributor"][cid], tok["phase"][phase]), pairs, pulp.LpConstraintLE,
                 0.0, f"{cid} provides at most {share:g} of all persons in {phase}", path)


def add_pledge_max(ctx: Context) -> None:
    """Σ cost·months·x[c,·,·,·] ≤ pledge[c] under national financing: a contributor
    with a pledge spends at most that on its own personnel. The dual is the value
    of one more unit of money pledged by c."""
    m = ctx.derived.mandate
    if m.objective.financing != "national":
        return
    for cid in sorted(m.contributor):
        pledge = m.contributor[cid].pledge
        if pledge is None or not ctx.cost_by_contributor.get(cid):
            continue
        _row(ctx, Key(Family.PLEDGE_MAX, (cid,)), (ctx.tok["contributor"][cid],),
             list(ctx.cost_by_contributor[cid]), pulp.LpConstraintLE, pledge * MONEY_SCALE,
             f"{cid} spends at most its pledge of {pledge:,.0f}", f"contributor.{cid}.pledge")


def add_fund_max(ctx: Context) -> None:
    """Σ cost·months·x ≤ Σ_c pledge[c] under common-fund financing (money in millions).
    The dual is the value of one more unit of money in the fund."""
    m = ctx.derived.mandate
    if m.objective.financing != "common-fund" or not ctx.assigned:
        return
    fund = sum(c.pledge or 0.0 for c in m.contributor.values())
    _row(ctx, Key(Family.FUND_MAX), (), ctx.all_costs(), pulp.LpConstraintLE,
         fund * MONEY_SCALE,
         f"total cost within the common fund of {fund:,.0f}", "objective.financing")


def add_budget_max(ctx: Context) -> None:
    """Σ cost·months·x ≤ budget (money in millions). The dual is the value of one more
    unit of money in the budget."""
    budget = ctx.derived.mandate.objective.budget
    if budget is None or not ctx.assigned:
        return
    _row(ctx, Key(Family.BUDGET_MAX), (), ctx.all_costs(), pulp.LpConstraintLE,
         budget * MONEY_SCALE,
         f"total cost within the budget of {budget:,.0f}", "objective.budget")


def add_commitment_min(ctx: Context) -> None:
    """Σ_{k,t} x[c,k,t,p] ≥ min_personnel[c] in each phase p: a contributor's committed
    minimum deployment, a hard row with no shortfall to absorb it, so it can make the
    model infeasible (then ``conflicts.py`` names what it contradicts). The dual is the
    cost, in the current stage's objective, of one more committed person."""
    d = ctx.derived
    tok = ctx.tok
    for cid in sorted(d.mandate.contributor):
        floor = d.mandate.contributor[cid].min_personnel
        if not floor:
            continue
        for phase in d.phases:
            _row(ctx, Key(Family.COMMITMENT_MIN, (cid, phase)),
                 (tok["contributor"][cid], tok["phase"][phase]),
                 [(v, 1.0) for v in ctx.by_contributor_phase.get((cid, phase), [])],
                 pulp.LpConstraintGE, float(floor),
                 f"{cid} deploys at least {floor} persons in {phase}",
                 f"contributor.{cid}.min_personnel")
