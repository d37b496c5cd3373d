"""Variable families, one function each, and the shared contribution sums.

The contributions (who supplies which need, pool, phase and purse) are
collected once while the ``assigned`` variables are made, so every constraint
family writes its rows from them without searching the variables again.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import pulp

from ..mandate.derive import WHOLE_MISSION, Derived
from .naming import Entry, Family, Key, Registry, Tokens, lp_name

Pairs = list[tuple[pulp.LpVariable, float]]

MONEY_SCALE = 1e-6
"""Money enters the model in millions. Costs per person over a phase run to
10⁵–10⁶ and budgets to 10⁹–10¹⁰; in plain units the rows span fifteen orders
of magnitude against a 10⁻⁶ feasibility tolerance, and HiGHS spent seconds at
the root on a 12,000-column mandate. In millions the same model solves in a
fraction of that; results are computed from whole persons, in plain money."""


@dataclass
class Context:
    """What the families share while a model is built."""

    derived: Derived
    prob: pulp.LpProblem
    registry: Registry = field(default_factory=Registry)
    assigned: dict[tuple[str, str, str, str], pulp.LpVariable] = field(default_factory=dict)
    shortfall: dict[tuple[str, str, str], pulp.LpVariable] = field(default_factory=dict)
    deployed: dict[str, pulp.LpVariable] = field(default_factory=dict)
    units: dict[tuple[str, str, str, str], tuple[pulp.LpVariable, int]] = field(
        default_factory=dict)
    """Whole units behind an assignment, and the unit size, where the size is set."""
    slices: dict[tuple[str, str, str, str], tuple[pulp.LpVariable, int]] = field(
        default_factory=dict)
    """The binary behind an assignment with a minimum slice above one unit, and the
    slice in persons (``Derived.least``)."""
    excess: dict[tuple[str, str, str], pulp.LpVariable] = field(default_factory=dict)
    serves: dict[tuple[str, str, str], pulp.LpVariable] = field(default_factory=dict)
    staffed: dict[tuple[str, str], pulp.LpVariable] = field(default_factory=dict)
    pooled: dict[tuple[str, str, str, str], tuple[pulp.LpVariable, int]] = field(
        default_factory=dict)
    """Whole units counted per theatre or mission (``Derived.unit_group``), by contributor,
    capability, theatre id (or ``mission``) and phase, and the unit size."""
    pooled_of: dict[tuple[str, str, str, str], tuple[str, str, str, str]] = field(
        default_factory=dict)
    """The pooled units each assignment's persons belong to."""
    late: dict[tuple[str, str, str], pulp.LpVariable] = field(default_factory=dict)
    """Persons a phase's readiness requirement counts that are not ready in time, by
    contributor, capability and phase (``ready_max`` rows)."""
    # contributions, built once
    by_need: dict[tuple[str, str, str], list[pulp.LpVariable]] = field(
        default_factory=lambda: defaultdict(list))
    by_pool: dict[tuple[str, str, str], list[pulp.LpVariable]] = field(
        default_factory=lambda: defaultdict(list))
    by_contributor_phase: dict[tuple[str, str], list[pulp.LpVariable]] = field(
        default_factory=lambda: defaultdict(list))
    by_phase: dict[str, list[pulp.LpVariable]] = field(default_factory=lambda: defaultdict(list))
    cost_by_contributor: dict[str, Pairs] = field(default_factory=lambda: defaultdict(list))

    def __post_init__(self) -> None:
        m = self.derived.mandate
        self.tok = {kind: Tokens(list(getattr(m, kind)))
                    for kind in ("phase", "theatre", "capability", "task", "contributor",
                                 "financing")}
        self.tok["payer"] = Tokens(list(self.derived.routes.payers))

    def all_costs(self) -> Pairs:
        """Σ cost·months·x over every assignment (money in millions), by contributor id."""
        return [pair for cid in sorted(self.cost_by_contributor)
                for pair in self.cost_by_contributor[cid]]

    def new_var(self, key: Key, tokens: tuple[str, ...], description: str, path: str,
                low: float | None = 0, up: float | None = None,
                cat: str = pulp.LpContinuous) -> pulp.LpVariable:
        """Make a named variable and register it."""
        name = lp_name(key.family, *tokens)
        var = self.prob.add_variable(name, lowBound=low, upBound=up, cat=cat)
        self.registry.variables[key] = Entry(var, name, description, path)
        return var


def add_assigned_vars(ctx: Context) -> None:
    """``assigned[c,k,t,p]``: whole persons of capability k from contributor c on
    task t in phase p; only where c is eligible for t, can field k in p (a pool of at
    least one of its units), and t needs k in p. Bounded by the pool, by the requirement
    plus less than the largest unit that can be fielded for it (``Derived.largest_unit``;
    the rows also enforce both), and by the units that would cover the requirement from c
    alone (``Derived.most_alone``). Where c's k comes in units of u, ``units[c,k,t,p]``
    counts them and ``unit_eq`` makes x = u · units; where its units are counted per
    theatre or mission (``Derived.unit_group``), x is any number of persons up to the
    requirement plus less than the largest unit, and ``pooled_units[c,k,g,p]`` counts the
    units behind the assignments of the group g (``pooled_unit_eq``). Where c's minimum slice m of k
    (``Derived.least``) is more than one unit, ``slice[c,k,t,p]`` (binary) says whether it
    sends any, and ``slice_min`` / ``slice_max`` make x 0 or at least m; where not even m
    fits the pool, no assignment is made."""
    d = ctx.derived
    m = d.mandate
    tok = ctx.tok
    for r in d.requirements:
        if r.required == 0:
            continue
        over = d.largest_unit(r.task, r.capability, r.phase) - 1
        for cid in sorted(m.contributor):
            if not d.eligible(cid, r.task, r.phase) \
                    or not d.fields_units(cid, r.capability, r.phase):
                continue
            size = d.task_unit(cid, r.capability)
            pool = d.pool(cid, r.capability, r.phase)
            group = d.unit_group(cid, r.capability, r.task)
            alone = d.most_alone(cid, r.capability, r.required) if group is None \
                else r.required + over  # a pooled unit's remainder may over-cover
            up = min(pool, r.required + over, alone)
            if size is not None:
                up = size * (up // size)
            least = d.least(cid, r.capability, r.required)
            if up < least:
                continue  # not one minimum slice fits the pool
            tokens = (tok["contributor"][cid], tok["capability"][r.capability],
                      tok["task"][r.task], tok["phase"][r.phase])
            key = Key(Family.ASSIGNED, (cid, r.capability, r.task, r.phase))
            var = ctx.new_var(
                key, tokens,
                f"persons of {r.capability} from {cid} on {r.task} in {r.phase}",
                d.pool_path(cid, r.capability, r.phase),
                up=up,
                cat=pulp.LpInteger,
            )
            if size is not None:
                units = ctx.new_var(
                    Key(Family.UNITS, key.ids), tokens,
                    f"units of {size} {r.capability} from {cid} on {r.task} in {r.phase}",
                    d.unit_size_path(cid, r.capability), up=up // size, cat=pulp.LpInteger)
                ctx.units[key.ids] = (units, size)  # type: ignore[index]
            if least > (size or 1):
                ctx.slices[key.ids] = (ctx.new_var(  # type: ignore[index]
                    Key(Family.SLICE, key.ids), tokens,
                    f"{cid} sends {r.capability} to {r.task} in {r.phase} (then at least "
                    f"{least})", d.min_slice_path(cid, r.capability), up=1,
                    cat=pulp.LpInteger), least)
            ctx.assigned[cid, r.capability, r.task, r.phase] = var
            if group is not None:
                ctx.pooled_of[key.ids] = (cid, r.capability, group, r.phase)  # type: ignore[index]
            ctx.by_need[r.task, r.capability, r.phase].append(var)
            ctx.by_pool[cid, r.capability, r.phase].append(var)
            ctx.by_contributor_phase[cid, r.phase].append(var)
            ctx.by_phase[r.phase].append(var)
            unit = d.cost_per_month(cid, r.capability, r.phase) * d.months[r.phase] * MONEY_SCALE
            ctx.cost_by_contributor[cid].append((var, unit))


def add_excess_vars(ctx: Context) -> None:
    """``excess[t,k,p]``: persons beyond the requirement that whole units bring, in
    [0, U − 1] for the largest unit U that can be fielded for it; made only where some
    contributor's k comes in units, so other requirements are exactly as before."""
    tok = ctx.tok
    in_units = {(k[2], k[1], k[3]) for k in (*ctx.units, *ctx.pooled_of)}  # (t, k, p)
    for r in ctx.derived.requirements:
        key = (r.task, r.capability, r.phase)
        if r.required == 0 or key not in in_units:
            continue
        ctx.excess[key] = ctx.new_var(
            Key(Family.EXCESS, key),
            (tok["task"][r.task], tok["capability"][r.capability], tok["phase"][r.phase]),
            f"persons of {r.capability} beyond what {r.task} needs in {r.phase} (whole units)",
            f"task.{r.task}.need.{r.capability}",
            up=ctx.derived.largest_unit(r.task, r.capability, r.phase) - 1,
        )


def add_serves_vars(ctx: Context) -> None:
    """``staffed[t,p]`` (binary): task t has anyone in phase p, and ``serves[c,t,p]``
    (binary): contributor c counts towards t's ``min_contributors`` in p, with a meaningful
    contribution (``Derived.meaningful``); made only for tasks with ``min_contributors``,
    whose rows count distinct contributors exactly, and serves only for contributors whose
    assignments' bounds can reach a meaningful contribution."""
    d = ctx.derived
    tok = ctx.tok
    reach: dict[tuple[str, str, str], float] = defaultdict(float)
    for (cid, _cap, tid, phase), v in ctx.assigned.items():
        reach[cid, tid, phase] += v.upBound
    for tid in sorted(d.mandate.task):
        if not d.mandate.task[tid].min_contributors:
            continue
        for phase in d.task_phases(tid):
            who = sorted({c for (c, t, p) in reach if (t, p) == (tid, phase)})
            if not who:
                continue
            ctx.staffed[tid, phase] = ctx.new_var(
                Key(Family.STAFFED, (tid, phase)), (tok["task"][tid], tok["phase"][phase]),
                f"{tid} has anyone in {phase}", f"task.{tid}.min_contributors",
                up=1, cat=pulp.LpInteger)
            least = d.meaningful(tid, phase)
            for cid in who:
                if reach[cid, tid, phase] < least:
                    continue
                ctx.serves[cid, tid, phase] = ctx.new_var(
                    Key(Family.SERVES, (cid, tid, phase)),
                    (tok["contributor"][cid], tok["task"][tid], tok["phase"][phase]),
                    f"{cid} counts on {tid} in {phase} (at least {least} persons)",
                    f"task.{tid}.min_contributors", up=1, cat=pulp.LpInteger)


def add_shortfall_vars(ctx: Context) -> None:
    """``shortfall[t,k,p]``: persons of k that task t lacks in phase p, in [0, R].
    Integral in any plan because R and the assignments are whole numbers."""
    tok = ctx.tok
    for r in ctx.derived.requirements:
        if r.required == 0:
            continue
        ctx.shortfall[r.task, r.capability, r.phase] = ctx.new_var(
            Key(Family.SHORTFALL, (r.task, r.capability, r.phase)),
            (tok["task"][r.task], tok["capability"][r.capability], tok["phase"][r.phase]),
            f"persons of {r.capability} that {r.task} lacks in {r.phase}",
            f"task.{r.task}.need.{r.capability}",
            up=r.required,
        )


def add_deployed_vars(ctx: Context) -> None:
    """``deployed[p]``: all persons deployed in phase p, made only where a share cap
    below 1 or a group's share refers to it, so each share row has two or three terms,
    not thousands."""
    d = ctx.derived
    for phase in d.phases:
        grouped = any(d.group_share(g, phase, "min_share") is not None
                      or d.group_share(g, phase, "max_share") is not None
                      for g in d.mandate.group)
        capped = grouped or any(d.max_share(c, phase) < 1
                                for (c, p) in ctx.by_contributor_phase if p == phase)
        if capped:
            ctx.deployed[phase] = ctx.new_var(
                Key(Family.DEPLOYED, (phase,)), (ctx.tok["phase"][phase],),
                f"all persons deployed in {phase}", f"phase.{phase}",
            )


def ready_assignments(ctx: Context, phase: str) -> dict[tuple[str, str], list[pulp.LpVariable]]:
    """The assignments a phase's readiness requirement counts (on the tasks of
    ``Derived.ready_scope``), by contributor and capability, in the order they were made."""
    scope = ctx.derived.ready_scope(phase)
    out: dict[tuple[str, str], list[pulp.LpVariable]] = defaultdict(list)
    for (cid, cap, tid, p), var in ctx.assigned.items():
        if p == phase and tid in scope:
            out[cid, cap].append(var)
    return out


def add_late_vars(ctx: Context) -> None:
    """``late[c,k,p]``: persons of k from c that a phase's readiness requirement counts but
    that are not ready in time (beyond ``Derived.ready_pool``); made only where the
    requirement's share is below 1 (at 1 nobody may be late) and c could send more than its
    ready pool there (else its ``ready_max`` row never binds and is not written). Integer:
    the least late persons, max(0, Σx − ready), are whole, so this changes no optimum, and
    it took the cost stage of a first stage half from ready forces from 2.2 s to 0.4 s
    (HiGHS; CBC's whole solve from 19 s to 2 s)."""
    d = ctx.derived
    tok = ctx.tok
    for phase in d.phases:
        need = d.mandate.phase[phase].ready
        if need is None or need.share >= 1:
            continue
        for (cid, cap), xs in sorted(ready_assignments(ctx, phase).items()):
            reach = sum(v.upBound for v in xs)
            if reach <= d.ready_pool(cid, cap, phase):
                continue
            ctx.late[cid, cap, phase] = ctx.new_var(
                Key(Family.LATE, (cid, cap, phase)),
                (tok["contributor"][cid], tok["capability"][cap], tok["phase"][phase]),
                f"{cid}'s {cap} in {phase} not ready within {need.within}",
                d.ready_path(cid, cap, phase), up=reach, cat=pulp.LpInteger)


def add_pooled_units(ctx: Context) -> None:
    """``pooled_units[c,k,g,p]``: whole units of k from c in the theatre (or mission) g and
    phase p, where its units are counted there rather than per task; at most its pool's
    whole units and the units that would cover every requirement of k it may serve in g
    alone, ``⌈Σ R / u⌉``."""
    d = ctx.derived
    tok = ctx.tok
    if not ctx.pooled_of:
        return
    required = {(r.task, r.capability, r.phase): r.required for r in d.requirements}
    needed: dict[tuple[str, str, str, str], int] = defaultdict(int)
    for (_c, cap, tid, phase), group in ctx.pooled_of.items():
        needed[group] += required[tid, cap, phase]
    for group in sorted(needed):
        cid, cap, where, phase = group
        size = d.unit_size(cid, cap)
        assert size is not None
        up = min(d.pool(cid, cap, phase) // size, -(-needed[group] // size))
        mission = where == WHOLE_MISSION
        ctx.pooled[group] = (ctx.new_var(
            Key(Family.POOLED_UNITS, group),
            (tok["contributor"][cid], tok["capability"][cap],
             "mission" if mission else tok["theatre"][where], tok["phase"][phase]),
            f"units of {size} {cap} from {cid} in "
            f"{'the mission' if mission else where} in {phase}",
            d.unit_scope_path(cid, cap), up=up, cat=pulp.LpInteger), size)
