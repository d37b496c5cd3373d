"""Constraint families, one function each, rows added in sorted id order.

Each docstring gives the row in the notation of docs/model.md and what its
dual means. Rows are written from the contributions collected in
``variables.py``; nothing here searches the variables.
"""

from __future__ import annotations

from collections.abc import Iterable

import pulp

from ..mandate.derive import WHOLE_MISSION
from .naming import Entry, Family, Key, Tokens
from .variables import MONEY_SCALE, Context, Pairs, ready_assignments


def _row(ctx: Context, key: Key, tokens: tuple[str, ...], pairs: Pairs, sense: int,
         rhs: float, description: str, path: str) -> None:
    name = "__".join((key.family.value, *tokens))
    con = pulp.LpConstraint(pulp.LpAffineExpression(pairs), sense=sense, name=name, rhs=rhs)
    ctx.prob.addConstraint(con, name)
    ctx.registry.constraints[key] = Entry(con, name, description, path)


def add_need_cover_eq(ctx: Context) -> None:
    """Σ_c x[c,k,t,p] + s[t,k,p] − e[t,k,p] = R[t,k,p]: every requirement is met or
    declared short; e, the excess of whole units, exists only where units may serve.
    The dual is the value, in the current stage's objective, of one more required person."""
    tok = ctx.tok
    for r in ctx.derived.requirements:
        if r.required == 0:
            continue
        key = (r.task, r.capability, r.phase)
        pairs = [(v, 1.0) for v in ctx.by_need.get(key, [])] + [(ctx.shortfall[key], 1.0)]
        if key in ctx.excess:
            pairs.append((ctx.excess[key], -1.0))
        _row(ctx, Key(Family.NEED_COVER_EQ, key),
             (tok["task"][r.task], tok["capability"][r.capability], tok["phase"][r.phase]),
             pairs, pulp.LpConstraintEQ, r.required,
             f"{r.task} needs {r.required} {r.capability} in {r.phase}",
             f"task.{r.task}.need.{r.capability}")


def add_pool_max(ctx: Context) -> None:
    """Σ_t x[c,k,t,p] ≤ A[c,k] in each phase p: a contributor's pool is shared by its tasks.
    The dual is the value of one more available person of k from c in p."""
    tok = ctx.tok
    for (cid, cap, phase) in sorted(ctx.by_pool, key=lambda k: (k[0], k[1],
                                                            ctx.derived.phases.index(k[2]))):
        pool = ctx.derived.pool(cid, cap, phase)
        _row(ctx, Key(Family.POOL_MAX, (cid, cap, phase)),
             (tok["contributor"][cid], tok["capability"][cap], tok["phase"][phase]),
             [(v, 1.0) for v in ctx.by_pool[cid, cap, phase]], pulp.LpConstraintLE, pool,
             f"{cid} has {pool} {cap} available in {phase}",
             ctx.derived.pool_path(cid, cap, phase))


def add_phase_total_eq(ctx: Context) -> None:
    """D[p] + Σ_{t,k} s[t,k,p] − Σ e[t,k,p] = Σ_{t,k} R[t,k,p]: the phase total that share
    caps and groups refer to.

    Equal to Σ x[c,k,t,p] by the need rows, but written over the shortfalls: one term
    per requirement instead of one per assignment. HiGHS propagates long rows on every
    bound change in its rounding heuristics, and the per-assignment form made the root
    node of a 12,000-column mandate take tens of seconds."""
    for phase, total in ctx.deployed.items():
        reqs = [r for r in ctx.derived.requirements if r.phase == phase and r.required > 0]
        pairs = [(ctx.shortfall[r.task, r.capability, r.phase], 1.0) for r in reqs]
        pairs += [(ctx.excess[k], -1.0) for r in reqs
                  if (k := (r.task, r.capability, r.phase)) in ctx.excess]
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
        for phase in d.phases:
            share = d.max_share(cid, phase)
            mine = ctx.by_contributor_phase.get((cid, phase))
            if share >= 1 or not mine:
                continue
            pairs = [(v, 1.0) for v in mine] + [(ctx.deployed[phase], -share)]
            _row(ctx, Key(Family.SHARE_MAX, (cid, phase)),
                 (tok["contributor"][cid], tok["phase"][phase]), pairs, pulp.LpConstraintLE,
                 0.0, f"{cid} provides at most {share:g} of all persons in {phase}",
                 d.max_share_path(cid, phase))


def add_pledge_max(ctx: Context) -> None:
    """Σ cost·months·x[c,·,·,·] ≤ pledge[c] over the assignments whose cost lies where it
    falls (national financing; outside a scheme's routes): a contributor with a pledge
    spends at most that on its own personnel. The dual is the value of one more unit of
    money pledged by c."""
    d = ctx.derived
    m = d.mandate
    if m.common_fund:
        return
    mine = _by_contributor(ctx)
    for cid in sorted(m.contributor):
        pledge = m.contributor[cid].pledge
        if pledge is None:
            continue
        pairs = _borne(ctx, mine.get(cid, []))
        if not pairs:
            continue
        _row(ctx, Key(Family.PLEDGE_MAX, (cid,)), (ctx.tok["contributor"][cid],),
             pairs, pulp.LpConstraintLE, pledge * MONEY_SCALE,
             f"{cid} spends at most its pledge of {pledge:,.0f}", f"contributor.{cid}.pledge")


def _by_contributor(ctx: Context) -> dict[str, list[tuple[str, str, str, str]]]:
    """The assignments' keys by contributor, in the order they were made."""
    out: dict[str, list[tuple[str, str, str, str]]] = {}
    for k in ctx.assigned:
        out.setdefault(k[0], []).append(k)
    return out


def own_costs(ctx: Context, keys: Iterable[tuple[str, str, str, str]]) -> Pairs:
    """Σ cost·months·x over the assignments in ``keys`` (money in millions)."""
    d = ctx.derived
    return [(ctx.assigned[k], d.cost_per_month(k[0], k[1], k[3]) * d.months[k[3]] * MONEY_SCALE)
            for k in keys]


def _borne(ctx: Context, keys: list[tuple[str, str, str, str]]) -> Pairs:
    """Σ cost·months·x over the assignments in ``keys`` that no scheme pays for."""
    return own_costs(ctx, (k for k in keys if ctx.derived.routes.route(*k).scheme is None))


def phase_costs(ctx: Context, phase: str) -> Pairs:
    """Σ cost·months·x over the assignments of one phase."""
    return own_costs(ctx, (k for k in ctx.assigned if k[3] == phase))


def add_pledge_phase_max(ctx: Context) -> None:
    """Σ cost·months·x[c,·,·,p] ≤ pledge_by_phase[c][p] where the cost lies where it
    falls: money pledged for a phase caps the contributor's own cost in that phase."""
    d = ctx.derived
    m = d.mandate
    if m.common_fund:
        return
    mine = _by_contributor(ctx)
    for cid in sorted(m.contributor):
        for phase, amount in sorted(m.contributor[cid].pledge_by_phase.items(),
                                    key=lambda kv: d.phases.index(kv[0])):
            pairs = _borne(ctx, [k for k in mine.get(cid, []) if k[3] == phase])
            if not pairs:
                continue
            _row(ctx, Key(Family.PLEDGE_PHASE_MAX, (cid, phase)),
                 (ctx.tok["contributor"][cid], ctx.tok["phase"][phase]), pairs,
                 pulp.LpConstraintLE, amount * MONEY_SCALE,
                 f"{cid} spends at most {amount:,.0f} in {phase}",
                 f"contributor.{cid}.pledge_by_phase.{phase}")


def add_fund_phase_max(ctx: Context) -> None:
    """Σ cost·months·x[·,·,·,p] ≤ F_p under a common fund with phased pledges: each
    phase's cost within that phase's money, F_p = Σ_c pledge[c,p] (a flat pledge
    spread over the phases by their months)."""
    d = ctx.derived
    if not d.mandate.common_fund or not d.phased_pledges:
        return
    for phase in d.phases:
        pairs = phase_costs(ctx, phase)
        if not pairs:
            continue
        fund = sum(d.pledge_in_phase(cid, phase) for cid in d.mandate.contributor)
        _row(ctx, Key(Family.FUND_PHASE_MAX, (phase,)), (ctx.tok["phase"][phase],), pairs,
             pulp.LpConstraintLE, fund * MONEY_SCALE,
             f"the cost of {phase} within its common fund of {fund:,.0f}",
             "objective.financing")


def add_fund_max(ctx: Context) -> None:
    """Σ cost·months·x ≤ Σ_c pledge[c] under common-fund financing (money in millions).
    The dual is the value of one more unit of money in the fund."""
    m = ctx.derived.mandate
    if not m.common_fund or not ctx.assigned:
        return
    fund = sum(ctx.derived.total_pledge(cid) or 0.0 for cid in m.contributor)
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
    """Σ_{k,t} x[c,k,t,p] ≥ min_personnel[c] in each phase p it takes part in
    (``Derived.present``): a contributor's committed
    minimum deployment, a hard row with no shortfall to absorb it, so it can make the
    model infeasible (then ``solve/conflicts.py`` names what it contradicts). The dual is the
    cost, in the current stage's objective, of one more committed person."""
    d = ctx.derived
    tok = ctx.tok
    for cid in sorted(d.mandate.contributor):
        for phase in d.phases:
            floor = d.min_personnel(cid, phase)
            if not floor:
                continue
            _row(ctx, Key(Family.COMMITMENT_MIN, (cid, phase)),
                 (tok["contributor"][cid], tok["phase"][phase]),
                 [(v, 1.0) for v in ctx.by_contributor_phase.get((cid, phase), [])],
                 pulp.LpConstraintGE, float(floor),
                 f"{cid} deploys at least {floor} persons in {phase}",
                 d.min_personnel_path(cid, phase))


def add_unit_eq(ctx: Context) -> None:
    """x[c,k,t,p] − u·units[c,k,t,p] = 0: allocations of a capability that comes in formed
    units are whole multiples of the unit size."""
    tok = ctx.tok
    for key, (units, size) in ctx.units.items():
        x = ctx.assigned[key]
        cid, cap, tid, phase = key
        _row(ctx, Key(Family.UNIT_EQ, key),
             (tok["contributor"][cid], tok["capability"][cap], tok["task"][tid],
              tok["phase"][phase]),
             [(x, 1.0), (units, -float(size))], pulp.LpConstraintEQ, 0.0,
             f"{key[0]} sends {key[1]} to {key[2]} in {key[3]} in units of {size}",
             ctx.derived.unit_size_path(cid, cap))


def add_pooled_unit_eq(ctx: Context) -> None:
    """Σ_{t∈g} x[c,k,t,p] − u·pooled_units[c,k,g,p] = 0: where a contributor's units of a
    capability are counted per theatre (or mission) g, its persons there are whole units,
    split across g's tasks in any numbers."""
    tok = ctx.tok
    members: dict[tuple[str, str, str, str], Pairs] = {}
    for key, group in ctx.pooled_of.items():
        members.setdefault(group, []).append((ctx.assigned[key], 1.0))
    for group, (units, size) in sorted(ctx.pooled.items()):
        cid, cap, where, phase = group
        mission = where == WHOLE_MISSION
        _row(ctx, Key(Family.POOLED_UNIT_EQ, group),
             (tok["contributor"][cid], tok["capability"][cap],
              "mission" if mission else tok["theatre"][where], tok["phase"][phase]),
             [*members[group], (units, -float(size))], pulp.LpConstraintEQ, 0.0,
             f"{cid} sends {cap} to {'the mission' if mission else where} in {phase} in "
             f"units of {size}, split across its tasks", ctx.derived.unit_scope_path(cid, cap))


def add_group_share(ctx: Context) -> None:
    """min·D[p] ≤ Σ_{c∈g} x[c,·,·,p] ≤ max·D[p]: a bloc's share of each phase's persons."""
    d = ctx.derived
    tok = Tokens(list(d.mandate.group))
    for gid in sorted(d.mandate.group):
        g = d.mandate.group[gid]
        for phase in d.phases:
            mine = [(v, 1.0) for c in g.members for v in ctx.by_contributor_phase.get(
                (c, phase), [])]
            for name, family, sense, word in (
                    ("max_share", Family.GROUP_MAX, pulp.LpConstraintLE, "at most"),
                    ("min_share", Family.GROUP_MIN, pulp.LpConstraintGE, "at least")):
                bound = d.group_share(gid, phase, name)
                if bound is None or (family is Family.GROUP_MAX and bound >= 1) or \
                        (family is Family.GROUP_MIN and bound <= 0):
                    continue  # a group without a share bounds nothing and has no D[p]
                _row(ctx, Key(family, (gid, phase)), (tok[gid], ctx.tok["phase"][phase]),
                     [*mine, (ctx.deployed[phase], -bound)], sense, 0.0,
                     f"group {gid} provides {word} {bound:g} of all persons in {phase}",
                     d.group_share_path(gid, phase, name))


def add_slices(ctx: Context) -> None:
    """x[c,k,t,p] − m·slice[c,k,t,p] ≥ 0 (``slice_min``) and x[c,k,t,p] − x̄·slice[c,k,t,p]
    ≤ 0 (``slice_max``), for x̄ its upper bound: an assignment is 0 or at least the
    contributor's minimum slice m (``Derived.least``). Exact with the binary; written only
    where m is more than one unit, since whole units are already 0 or at least one."""
    tok = ctx.tok
    for key, (chosen, least) in ctx.slices.items():
        x = ctx.assigned[key]
        cid, cap, tid, phase = key
        tokens = (tok["contributor"][cid], tok["capability"][cap], tok["task"][tid],
                  tok["phase"][phase])
        path = ctx.derived.min_slice_path(cid, cap)
        _row(ctx, Key(Family.SLICE_MIN, key), tokens, [(x, 1.0), (chosen, -float(least))],
             pulp.LpConstraintGE, 0.0,
             f"{cid} sends {cap} to {tid} in {phase} in a slice of at least {least}", path)
        _row(ctx, Key(Family.SLICE_MAX, key), tokens,
             [(x, 1.0), (chosen, -float(x.upBound))], pulp.LpConstraintLE, 0.0,
             f"{cid} sends {cap} to {tid} in {phase} only in a slice", path)


def add_multinational(ctx: Context) -> None:
    """For a task with min_contributors n, in each phase p, with binaries serves[c,t,p]
    (c counts towards the n) and staffed[t,p] (t has anyone), and θ[t,p] the persons of a
    meaningful contribution (``Derived.meaningful``):

    * Σ_k x[c,k,t,p] ≥ θ·serves[c,t,p] (``serves_link_min``): c counts only with a
      meaningful contribution; smaller ones are allowed, and not counted;
    * x[c,k,t,p] ≤ x̄·staffed[t,p] for each assignment, x̄ its upper bound
      (``assigned_staffed_max``), and Σ x[·,·,t,p] ≤ (Σ x̄)·staffed[t,p]
      (``staffed_link_max``): a task has persons only when it is staffed;
    * serves[c,t,p] ≤ staffed[t,p] (``serves_staffed_max``);
    * Σ_c serves[c,t,p] ≥ n·staffed[t,p]: whenever t is staffed, n contributors count.

    Exact with binaries. The staffed links are written per assignment, not summed with one
    big M: the relaxation then sees that a task only one contributor may serve cannot be
    staffed at all (Σ serves ≥ n·staffed with serves ≤ staffed leaves staffed 0 for n ≥ 2,
    and each assignment with it); with summed links it staffed such a task halfway, and
    HiGHS spent 20 s on the Turkey variant's cost stage closing that gap. The summed link
    is implied by them but kept: without it CBC's cost stage on the default mission took
    25 s instead of 0.3 s (measured again when the meaningful contribution came in)."""
    tok = ctx.tok
    d = ctx.derived
    sends: dict[tuple[str, str, str], list[tuple[str, pulp.LpVariable]]] = {}
    for (cid, cap, tid, phase), v in ctx.assigned.items():
        sends.setdefault((cid, tid, phase), []).append((cap, v))
    for (tid, phase), staffed in ctx.staffed.items():
        n = d.mandate.task[tid].min_contributors or 1
        least = d.meaningful(tid, phase)
        serving = [(cid, serves) for (cid, t, p), serves in ctx.serves.items()
                   if (t, p) == (tid, phase)]
        every = []
        for cid in sorted({c for (c, t, p) in sends if (t, p) == (tid, phase)}):
            for cap, v in sends[cid, tid, phase]:
                every.append((v, 1.0))
                _row(ctx, Key(Family.ASSIGNED_STAFFED_MAX, (cid, cap, tid, phase)),
                     (tok["contributor"][cid], tok["capability"][cap], tok["task"][tid],
                      tok["phase"][phase]),
                     [(v, 1.0), (staffed, -float(v.upBound))], pulp.LpConstraintLE, 0.0,
                     f"{cid} sends {cap} to {tid} in {phase} only if it is staffed",
                     f"task.{tid}.min_contributors")
        _row(ctx, Key(Family.STAFFED_LINK_MAX, (tid, phase)),
             (tok["task"][tid], tok["phase"][phase]),
             [*every, (staffed, -float(sum(v.upBound for v, _ in every)))],
             pulp.LpConstraintLE, 0.0, f"{tid} has persons in {phase} only if staffed",
             f"task.{tid}.min_contributors")
        for cid, serves in serving:
            mine = sends[cid, tid, phase]
            tokens = (tok["contributor"][cid], tok["task"][tid], tok["phase"][phase])
            _row(ctx, Key(Family.SERVES_LINK_MIN, (cid, tid, phase)), tokens,
                 [*((v, 1.0) for _, v in mine), (serves, -float(least))],
                 pulp.LpConstraintGE, 0.0,
                 f"{cid} counts on {tid} in {phase} only with at least {least} persons",
                 d.meaningful_path(tid))
            _row(ctx, Key(Family.SERVES_STAFFED_MAX, (cid, tid, phase)), tokens,
                 [(serves, 1.0), (staffed, -1.0)], pulp.LpConstraintLE, 0.0,
                 f"{tid} is staffed in {phase} when {cid} serves it",
                 f"task.{tid}.min_contributors")
        _row(ctx, Key(Family.MULTINATIONAL_MIN, (tid, phase)),
             (tok["task"][tid], tok["phase"][phase]),
             [*((serves, 1.0) for _, serves in serving), (staffed, -float(n))],
             pulp.LpConstraintGE, 0.0,
             f"when staffed in {phase}, {tid} has at least {n} contributors",
             f"task.{tid}.min_contributors")


WHOLE_SHARES = {Family.SHARE_MAX: (Family.ALLOWANCE_CUT_MAX, pulp.LpConstraintLE),
                Family.GROUP_MAX: (Family.ALLOWANCE_CUT_MAX, pulp.LpConstraintLE),
                Family.GROUP_MIN: (Family.ALLOWANCE_CUT_MIN, pulp.LpConstraintGE)}
"""The share rows that get an integer allowance, and the family and sense of its cuts."""


def add_whole_shares(ctx: Context) -> None:
    """A share row in whole persons: Σ x ≤ a[r] ≤ σ·D[p] for a cap, Σ x ≥ a[r] ≥ σ·D[p]
    for a floor, with a[r] integral (``allowance``); the share row itself stays as it is.

    Every plan meets them (its Σ x is whole, so Σ x ≤ σ·D means Σ x ≤ ⌊σ·D⌋), but the
    relaxation does not see the rounding: it fills a capped phase with a fraction of a
    person, and HiGHS then branched for minutes on the hundreds of assignments behind one
    share row to prove that the last person-month step cannot be had. With ``a`` it
    branches on one integer per row: on the NATO-members-only variant the cost stage went
    from 25,526 nodes to 1 (docs/model.md, "Solve time"). The rows are cuts: the LP
    relaxation that prices the limits and the conflict search leave them out (they would
    share the share row's dual, or keep a cap the search had lifted)."""
    for key, entry in list(ctx.registry.constraints.items()):
        if key.family not in WHOLE_SHARES:
            continue
        family, sense = WHOLE_SHARES[key.family]
        con = entry.obj
        total = ctx.deployed[key.ids[-1]]
        share = -con.expr[total]
        persons = [(v, c) for v, c in con.expr.items() if v is not total]
        tokens = (key.family.value, *entry.name.split("__")[1:])
        allowance = ctx.new_var(
            Key(Family.ALLOWANCE, (key.family.value, *key.ids)), tokens,
            f"whole persons the share allows: {entry.description}", entry.path,
            cat=pulp.LpInteger)
        bound = "at most" if sense == pulp.LpConstraintLE else "at least"
        _row(ctx, Key(family, (key.family.value, *key.ids, "persons")), (*tokens, "persons"),
             [*persons, (allowance, -1.0)], sense, 0.0,
             f"whole persons, {bound} the allowance: {entry.description}", entry.path)
        _row(ctx, Key(family, (key.family.value, *key.ids, "share")), (*tokens, "share"),
             [(allowance, 1.0), (total, -share)], sense, 0.0,
             f"the allowance, {bound} the share: {entry.description}", entry.path)


def add_readiness(ctx: Context) -> None:
    """Σ_{t∈S} x[c,k,t,p] − late[c,k,p] ≤ ready[c,k,p] (``ready_max``) and
    (1 − share)·Σ_{c,k,t∈S} x[c,k,t,p] − Σ_{c,k} late[c,k,p] ≥ 0 (``ready_share_min``), for a
    phase p with a readiness requirement over the tasks S (``Derived.ready_scope``): of the
    persons deployed on S, at least ``share`` come from forces held at the phase's level or a
    faster one (``Derived.ready_pool``). At share 1 there is no late variable and no share
    row: each contributor's persons on S are at most its ready pool. A ``ready_max`` row is
    written only where c could send more than its ready pool (a pool wholly ready never
    binds). The dual of ``ready_max`` is the value of one more ready person."""
    d = ctx.derived
    tok = ctx.tok
    for phase in d.phases:
        need = d.mandate.phase[phase].ready
        if need is None:
            continue
        counted = ready_assignments(ctx, phase)
        every: Pairs = []
        for (cid, cap), xs in sorted(counted.items()):
            every += [(v, 1.0 - need.share) for v in xs]
            ready = d.ready_pool(cid, cap, phase)
            if sum(v.upBound for v in xs) <= ready:
                continue
            late = ctx.late.get((cid, cap, phase))
            pairs: Pairs = [(v, 1.0) for v in xs] + ([(late, -1.0)] if late is not None else [])
            _row(ctx, Key(Family.READY_MAX, (cid, cap, phase)),
                 (tok["contributor"][cid], tok["capability"][cap], tok["phase"][phase]),
                 pairs, pulp.LpConstraintLE, float(ready),
                 f"{cid}'s {cap} in {phase} ready within {need.within}: at most {ready}"
                 + (" beyond those late" if late is not None else ""),
                 d.ready_path(cid, cap, phase))
        late_here = [(v, -1.0) for (_c, _k, p), v in sorted(ctx.late.items()) if p == phase]
        if late_here:
            _row(ctx, Key(Family.READY_SHARE_MIN, (phase,)), (tok["phase"][phase],),
                 every + late_here, pulp.LpConstraintGE, 0.0,
                 f"at least {need.share:g} of the persons counted in {phase} ready within "
                 f"{need.within}", f"phase.{phase}.ready.share")
