"""Why a mandate has no plan: a minimal set of limits that cannot hold together.

Shortfall variables keep every requirement soft, so only hard commitments
(``contributor.min_personnel``) can make a mandate infeasible, against pools,
the requirements themselves (a task needs only so many persons), share caps,
pledges, the common fund or the budget.

The search is a deletion filter over groups of rows, run on the integer
model (an LP relaxation can be feasible when whole persons are not): relax a
group's rows; if the model is still infeasible the group is not needed and
stays relaxed, else it is restored and kept. What is kept is minimal: relax
any one kept group and a plan exists. The filter runs first over families
(pools, shares, ...) and then over the entities of the families kept, so a
mandate with hundreds of rows needs a few dozen feasibility runs. Column upper
bounds that repeat a row (x ≤ pool, x ≤ requirement) are lifted, so relaxing a
row really removes its limit.

One minimal conflict is not the whole story: lifting one of its limits may
only expose the next (a pledge, then a share cap, then the pools). So the
search repeats with the limits already found lifted, and reports each
conflict in turn: together, what would have to change.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..mandate.derive import Derived
from ..model import BuiltModel, Family, Key
from .highs import load_model
from .quiet import stdout_to_stderr

DEFINITIONAL = {Family.PHASE_TOTAL_EQ, Family.UNIT_EQ, Family.SERVES_LINK_MAX,
                Family.SERVES_LINK_MIN, Family.STAFFED_LINK_MAX}
"""Rows that define a quantity rather than limit one; never relaxed."""
FAMILY_ORDER = (Family.NEED_COVER_EQ, Family.POOL_MAX, Family.SHARE_MAX, Family.GROUP_MAX,
                Family.GROUP_MIN, Family.MULTINATIONAL_MIN, Family.PLEDGE_MAX,
                Family.PLEDGE_PHASE_MAX, Family.FUND_MAX, Family.FUND_PHASE_MAX,
                Family.BUDGET_MAX, Family.COMMITMENT_MIN)
"""Families in the order the filter tries to drop them: the commitments last, so they are
the likeliest to be kept and the report starts from them."""


@dataclass(frozen=True)
class Group:
    """Rows relaxed together: a family and the mandate entity they belong to."""

    family: Family
    entity: tuple[str, ...]


@dataclass
class Conflict:
    """A minimal set of groups and the sentences that name them."""

    groups: list[Group]
    sentences: list[str] = field(default_factory=list)
    runs: int = 0
    """Feasibility runs the search took."""


def _group_of(key: Key) -> Group:
    family = key.family
    if family in (Family.POOL_MAX,):  # (contributor, capability, phase) → per pool
        return Group(family, key.ids[:2])
    if family in (Family.SHARE_MAX, Family.COMMITMENT_MIN, Family.GROUP_MAX,
                  Family.GROUP_MIN, Family.PLEDGE_PHASE_MAX, Family.MULTINATIONAL_MIN):
        return Group(family, key.ids[:1])  # (entity, phase) → per entity
    if family is Family.NEED_COVER_EQ:  # (task, capability, phase) → per task
        return Group(family, key.ids[:1])
    return Group(family, key.ids)


MOST_CONFLICTS = 5
"""How many successive conflicts :func:`find_conflicts` reports at most."""


def find_conflicts(model: BuiltModel, time_limit: float | None = None,
                   most: int = MOST_CONFLICTS) -> list[Conflict]:
    """Minimal conflicts, one after another: the first, then the next that remains once
    every limit of the first except the commitments is lifted, and so on until the
    commitments can be met or only commitments conflict. Together they say everything
    that would have to change to honour the commitments; each alone is minimal."""
    import highspy

    hm = load_model(model, open_bounds=True,
                    options={"time_limit": time_limit} if time_limit else None)
    h = hm.h
    lp = h.getLp()
    lower, upper = list(lp.row_lower_), list(lp.row_upper_)
    members: dict[Group, list[int]] = {}
    for row, key in enumerate(hm.rows):
        if key.family not in DEFINITIONAL:
            members.setdefault(_group_of(key), []).append(row)
    inf = highspy.kHighsInf
    runs = 0

    def feasible() -> bool:
        nonlocal runs
        runs += 1
        with stdout_to_stderr():
            h.clearSolver()
            h.run()
        return h.getModelStatus() != highspy.HighsModelStatus.kInfeasible

    def relax(groups: list[Group]) -> None:
        for g in groups:
            for row in members[g]:
                h.changeRowBounds(row, -inf, inf)

    def restore(groups: list[Group]) -> None:
        for g in groups:
            for row in members[g]:
                h.changeRowBounds(row, lower[row], upper[row])

    def rank(g: Group) -> tuple[int, tuple[str, ...]]:
        return FAMILY_ORDER.index(g.family), g.entity

    lifted: set[Group] = set()
    found: list[Conflict] = []
    while len(found) < most and not feasible():
        candidates = sorted((g for g in members if g not in lifted), key=rank)
        kept = _filter(candidates, relax, restore, feasible)
        found.append(Conflict(kept, describe(model.derived, kept, lifted), runs))
        restore(candidates)
        more = [g for g in kept if g.family is not Family.COMMITMENT_MIN]
        if not more:
            break
        lifted.update(more)
        relax(more)
    return found


def _filter(candidates: list[Group], relax: Callable[[list[Group]], None],
            restore: Callable[[list[Group]], None], feasible: Callable[[], bool]
            ) -> list[Group]:
    """The deletion filter over ``candidates`` (the model is infeasible with them all):
    whole families first, then the entities of the families that must stay."""
    by_family: dict[Family, list[Group]] = {}
    for g in candidates:
        by_family.setdefault(g.family, []).append(g)
    kept_families = []
    for family in FAMILY_ORDER:
        groups = by_family.get(family, [])
        if not groups:
            continue
        relax(groups)
        if feasible():
            restore(groups)
            kept_families.append(family)
    kept: list[Group] = []
    for family in kept_families:
        for g in by_family[family]:
            relax([g])
            if feasible():
                restore([g])
                kept.append(g)
    return kept


def find_conflict(model: BuiltModel, time_limit: float | None = None) -> Conflict:
    """The first minimal conflict (empty when the model is feasible)."""
    conflicts = find_conflicts(model, time_limit, most=1)
    return conflicts[0] if conflicts else Conflict([])


def describe(d: Derived, groups: list[Group], lifted: set[Group] | None = None) -> list[str]:
    """One sentence per group, naming the mandate's ids and the key that sets the limit."""
    m = d.mandate
    currency = m.mission.currency
    families = {g.family for g in groups}
    required = {p: sum(r.required for r in d.requirements if r.phase == p) for p in d.phases}
    out = []
    for g in groups:
        if g.family is Family.COMMITMENT_MIN:
            cid = g.entity[0]
            floor = m.contributor[cid].min_personnel
            sentence = (f"{cid} commits to at least {floor:,} persons in every phase "
                        f"(contributor.{cid}.min_personnel)")
            if families <= {Family.COMMITMENT_MIN, Family.NEED_COVER_EQ, Family.POOL_MAX}:
                tasks = [t for t in sorted(m.task) if d.eligible(cid, t)]
                sentence += (f"; consent and caveats let it serve only {len(tasks)} of the "
                             f"{len(m.task)} tasks: {', '.join(tasks)}" if tasks
                             else "; consent and caveats leave it no task to serve")
                short = [f"{p} at most {n:,}"
                         for p, n in _most_deployable(d, cid, lifted or set()).items()
                         if n < (floor or 0)]
                if tasks and short:
                    sentence += (" — with its pools and what those tasks need, it can deploy "
                                 "in " + ", ".join(short))
            out.append(sentence + ".")
        elif g.family is Family.POOL_MAX:
            cid, cap = g.entity
            pools = sorted({d.pool(cid, cap, p) for p in d.phases})
            amount = f"{pools[0]:,}" if len(pools) == 1 else \
                f"{pools[0]:,} to {pools[-1]:,} (by phase)"
            out.append(f"{cid} has {amount} {cap} available "
                       f"(contributor.{cid}.available.{cap}).")
        elif g.family is Family.NEED_COVER_EQ:
            tid = g.entity[0]
            needs = {r.capability: r.required for r in d.requirements if r.task == tid}
            listed = ", ".join(f"{n:,} {cap}" for cap, n in needs.items())
            out.append(f"{tid} needs no more than {listed} in each of its phases "
                       f"(task.{tid}.need); nobody deploys beyond a requirement.")
        elif g.family is Family.SHARE_MAX:
            cid = g.entity[0]
            own = m.contributor[cid].max_share
            where = f"contributor.{cid}.max_share" if own is not None else "objective.max_share"
            share = d.max_share(cid)
            smallest = min(required, key=lambda p: (required[p], d.phases.index(p)))
            out.append(f"{cid} may provide at most {share:.0%} of the persons deployed in a "
                       f"phase ({where}); in {smallest} the tasks require "
                       f"{required[smallest]:,} persons in all, so at most "
                       f"{int(share * required[smallest]):,}.")
        elif g.family is Family.PLEDGE_MAX:
            cid = g.entity[0]
            pledge = m.contributor[cid].pledge or 0.0
            rates = [d.cost_per_month(cid, k) for k, n in m.contributor[cid].available.items()
                     if n > 0]
            sentence = (f"{cid} pays for its own personnel up to its pledge of {pledge:,.0f} "
                        f"{currency} (contributor.{cid}.pledge)")
            if rates and min(rates) > 0:
                sentence += (f"; at its cheapest rate, {min(rates):,.0f} {currency} per "
                             f"person-month, that buys {pledge / min(rates):,.0f} person-months "
                             f"over {sum(d.months.values()):g} months")
            out.append(sentence + ".")
        elif g.family is Family.FUND_MAX:
            fund = sum(d.total_pledge(c) or 0.0 for c in m.contributor)
            out.append(f"the total cost may not exceed the common fund of {fund:,.0f} "
                       f"{currency}, the sum of the pledges (objective.financing).")
        elif g.family in (Family.GROUP_MAX, Family.GROUP_MIN):
            gid = g.entity[0]
            group = m.group[gid]
            high = g.family is Family.GROUP_MAX
            bound = group.max_share if high else group.min_share
            out.append(f"group {gid} ({', '.join(group.members)}) provides "
                       f"{'at most' if high else 'at least'} {bound:.0%} of the persons "
                       f"deployed in a phase (group.{gid}.{'max' if high else 'min'}_share).")
        elif g.family is Family.MULTINATIONAL_MIN:
            tid = g.entity[0]
            out.append(f"{tid}, when staffed, needs at least "
                       f"{m.task[tid].min_contributors} distinct contributors "
                       f"(task.{tid}.min_contributors).")
        elif g.family is Family.PLEDGE_PHASE_MAX:
            cid = g.entity[0]
            phased = ", ".join(f"{p} {v:,.0f}" for p, v in
                               m.contributor[cid].pledge_by_phase.items())
            out.append(f"{cid} pays for its own personnel in each phase up to its phased "
                       f"pledges ({phased} {currency}; contributor.{cid}.pledge_by_phase).")
        elif g.family is Family.FUND_PHASE_MAX:
            phase = g.entity[0]
            fund = sum(d.pledge_in_phase(c, phase) for c in m.contributor)
            out.append(f"the cost of {phase} may not exceed the money pledged for it, "
                       f"{fund:,.0f} {currency} (objective.financing, pledge_by_phase).")
        elif g.family is Family.BUDGET_MAX:
            out.append(f"the total cost may not exceed the budget of "
                       f"{m.objective.budget:,.0f} {currency} (objective.budget).")
    return out


def _most_deployable(d: Derived, cid: str, lifted: set[Group]) -> dict[str, int]:
    """Per phase, the most ``cid`` could deploy: each pool (unless lifted by an earlier
    conflict), capped by what the tasks it may serve need of that capability then."""
    caps = d.mandate.capability
    out = {}
    for phase in d.phases:
        need: dict[str, int] = {}
        for r in d.requirements:
            if r.phase == phase and d.eligible(cid, r.task):
                need[r.capability] = need.get(r.capability, 0) + r.required
        out[phase] = sum(need.get(cap, 0) if Group(Family.POOL_MAX, (cid, cap)) in lifted
                         else min(d.pool(cid, cap, phase), need.get(cap, 0)) for cap in caps)
    return out
