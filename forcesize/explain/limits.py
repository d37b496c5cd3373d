"""Why shortfalls stay open: the limits the final plan reaches, in the planner's words.

Pure arithmetic on the checked plan and the mandate; no solver. For every
requirement left short and every contributor that has the capability, the
first reason that contributor does not send one more person is found, in the
order a planner would check them: consent and caveats (may it serve the
task?), its pool (has it anyone left in that phase?), its share cap (would
one more person, which also raises the phase total, break it?), and money
(its pledge under national financing, the common fund, the budget: does one
more person for that phase fit?). The limits section lists the same facts
once per limit, with the shortfalls each keeps open.
"""

from __future__ import annotations

from collections import defaultdict

from ..fmt import money
from ..mandate.derive import Derived
from ..results import Plan
from .models import Blocker, BlockReason, Limit, ShortfallWhy

MONEY_TOL = 0.005
SHARE_TOL = 1e-9


def _at_cap(mine: int, total: int, share: float) -> bool:
    """Whether one more person would break a share cap: it raises the phase total too."""
    return mine + 1 > share * (total + 1) + SHARE_TOL


class _Ledger:
    """What the plan uses: persons by pool and phase, shares, money."""

    def __init__(self, d: Derived, plan: Plan) -> None:
        self.d = d
        m = d.mandate
        self.used: dict[tuple[str, str, str], int] = defaultdict(int)
        self.on: dict[tuple[str, str, str], dict[str, int]] = defaultdict(dict)
        self.persons: dict[tuple[str, str], int] = defaultdict(int)
        self.own_cost: dict[str, float] = defaultdict(float)
        self.phase_cost: dict[tuple[str, str], float] = defaultdict(float)
        for a in plan.allocations:
            self.used[a.contributor, a.capability, a.phase] += a.personnel
            self.on[a.contributor, a.capability, a.phase][a.task] = a.personnel
            self.persons[a.contributor, a.phase] += a.personnel
            self.own_cost[a.contributor] += a.cost
            self.phase_cost[a.contributor, a.phase] += a.cost
        self.deployed = {p.phase: p.deployed for p in plan.phases}
        self.total = plan.total_cost
        self.fund = sum(d.total_pledge(c) or 0.0 for c in m.contributor)
        self.currency = m.mission.currency

    def blocker(self, cid: str, tid: str, cap: str, phase: str) -> Blocker | None:
        """The first reason ``cid`` does not send one more ``cap`` to ``tid`` in ``phase``."""
        d = self.d
        m = d.mandate
        c = m.contributor[cid]
        available = d.pool(cid, cap, phase)
        if available <= 0:
            return None
        idle = available - self.used[cid, cap, phase]
        reasons = d.blockers(cid, tid)
        if reasons:
            if idle <= 0:
                return None  # excluded, and nobody left anyway: the pool is the story
            consent = [r for r in reasons if r.startswith("not acceptable")]
            reason: BlockReason = "consent" if consent else "caveat"
            path = (f"contributor.{cid}.acceptable_to" if consent else
                    f"contributor.{cid}.excluded_functions"
                    if "function" in reasons[0] else f"contributor.{cid}.excluded_theatres")
            return Blocker(contributor=cid, reason=reason, idle=idle, path=path,
                           text=f"{cid}: {'; '.join(reasons)}, with {idle:,} {cap} idle "
                                f"in {phase}",
                           remedy=" and ".join(_unblock(r) for r in reasons) + " for {who}")
        n = m.task[tid].min_contributors or 1
        able = [x for x in m.contributor if d.eligible(x, tid)
                and any(d.pool(x, k, phase) > 0 for k in m.task[tid].need)]
        if n > 1 and len(able) < n:
            return Blocker(contributor=cid, reason="multinational", idle=idle,
                           path=f"task.{tid}.min_contributors",
                           text=f"{cid}: {tid} must have {n} contributors when staffed, and only "
                                f"{len(able)} may serve it in {phase}",
                           remedy=f"another contributor that may serve {tid}, besides {{who}}")
        if idle <= 0:
            tasks = ", ".join(f"{t} ({n:,})" for t, n in sorted(self.on[cid, cap, phase].items()))
            return Blocker(contributor=cid, reason="pool", idle=0,
                           path=d.pool_path(cid, cap, phase),
                           text=f"{cid}: all {available:,} {cap} are deployed in {phase}, on "
                                f"{tasks}",
                           remedy=f"more {cap} from {{who}}")
        size = d.unit_size(cid, cap)
        if size is not None and idle < size:
            return Blocker(contributor=cid, reason="unit", idle=idle,
                           path=f"capability.{cap}.unit_size",
                           text=f"{cid}: {idle:,} {cap} idle in {phase}, less than one formed "
                                f"unit of {size:,}",
                           remedy=f"a larger {cap} pool (or smaller units) from {{who}}")
        share = d.max_share(cid)
        mine, total = self.persons[cid, phase], self.deployed[phase]
        if share < 1 and _at_cap(mine, total, share):
            own = c.max_share is not None
            return Blocker(contributor=cid, reason="share_cap", idle=idle,
                           path=f"contributor.{cid}.max_share" if own else "objective.max_share",
                           text=f"{cid}: at its share cap in {phase}, {mine:,} of {total:,} "
                                f"persons (cap {share:.0%}), with {idle:,} {cap} idle",
                           remedy="a higher share cap for {who}")
        for gid, g in sorted(m.group.items()):
            inside = sum(self.persons[x, phase] for x in g.members)
            if cid in g.members and g.max_share is not None and \
                    _at_cap(inside, total, g.max_share):
                return Blocker(contributor=cid, reason="group_cap", idle=idle,
                               path=f"group.{gid}.max_share",
                               text=f"{cid}: group {gid} is at its cap in {phase}, {inside:,} of "
                                    f"{total:,} persons (cap {g.max_share:.0%}), with {idle:,} "
                                    f"{cap} idle",
                               remedy=f"a higher cap for group {gid} (for {{who}})")
        one = d.cost_per_month(cid, cap) * d.months[phase] * (size or 1)
        cost = f"one more {cap} for {phase} costs {money(one, self.currency)}"
        phased = c.pledge_by_phase.get(phase)
        if m.objective.financing == "national" and phased is not None and \
                self.phase_cost[cid, phase] + one > phased + MONEY_TOL:
            return Blocker(contributor=cid, reason="pledge", idle=idle,
                           path=f"contributor.{cid}.pledge_by_phase.{phase}",
                           text=f"{cid}: its pledge for {phase} is spent, "
                                f"{money(self.phase_cost[cid, phase], self.currency)} of "
                                f"{money(phased, self.currency)}; {cost}",
                           remedy=f"a larger pledge for {phase} from {{who}}")
        if m.objective.financing == "national" and c.pledge is not None and \
                self.own_cost[cid] + one > c.pledge + MONEY_TOL:
            return Blocker(contributor=cid, reason="pledge", idle=idle,
                           path=f"contributor.{cid}.pledge",
                           text=f"{cid}: its pledge is spent, "
                                f"{money(self.own_cost[cid], self.currency)} of "
                                f"{money(c.pledge, self.currency)}; {cost}",
                           remedy="a larger pledge from {who}")
        if m.objective.financing == "common-fund" and self.total + one > self.fund + MONEY_TOL:
            return Blocker(contributor=cid, reason="fund", idle=idle, path="objective.financing",
                           text=f"{cid}: the common fund is spent, "
                                f"{money(self.total, self.currency)} of "
                                f"{money(self.fund, self.currency)}; {cost}",
                           remedy="a larger common fund, spent on {who}")
        budget = m.objective.budget
        if budget is not None and self.total + one > budget + MONEY_TOL:
            return Blocker(contributor=cid, reason="budget", idle=idle, path="objective.budget",
                           text=f"{cid}: the budget is spent, {money(self.total, self.currency)} "
                                f"of {money(budget, self.currency)}; {cost}",
                           remedy="a larger budget, spent on {who}")
        return Blocker(contributor=cid, reason="unexplained", idle=idle, path="",
                       text=f"{cid}: {idle:,} {cap} idle and no limit found; the plan may "
                            "not be proven optimal",
                       remedy="no limit found for {who}")


def _unblock(reason: str) -> str:
    """The remedy for one of ``Derived.blockers``' reasons."""
    if reason.startswith("not acceptable to "):
        return f"the consent of {reason.removeprefix('not acceptable to ')}"
    return reason.replace("caveat excludes", "lifting the caveat on")


def _closing(cap: str, task: str, blockers: list[Blocker]) -> str:
    if not blockers:
        return (f"No contributor has {cap} that {task} may use: closing it needs a new "
                f"contributor, or {cap} from one that is acceptable and not caveated out.")
    grouped: dict[str, list[Blocker]] = defaultdict(list)
    for b in blockers:
        grouped[b.remedy].append(b)
    parts = []
    for remedy, group in grouped.items():
        who = ", ".join(b.contributor for b in group)
        idle = sum(b.idle for b in group)
        parts.append(remedy.replace("{who}", who) + (f" ({idle:,} idle)" if idle else ""))
    return "Would close it: " + "; or ".join(parts) + "."


def shortfalls_and_limits(d: Derived, plan: Plan) -> tuple[list[ShortfallWhy], list[Limit]]:
    """Every short requirement with its blockers, and the limits that block, once each."""
    ledger = _Ledger(d, plan)
    m = d.mandate
    order = {p: i for i, p in enumerate(d.phases)}
    whys = []
    limits: dict[tuple[str, str | None, str | None, str | None], Limit] = {}
    short = sorted((r for r in plan.requirements if r.shortfall > 0),
                   key=lambda r: (r.priority != "essential", r.priority != "important",
                                  r.task, r.capability, order[r.phase]))
    for r in short:
        blockers = [b for cid in sorted(m.contributor)
                    if (b := ledger.blocker(cid, r.task, r.capability, r.phase)) is not None]
        head = (f"{r.task} lacks {r.shortfall:,} of {r.required:,} {r.capability} in {r.phase} "
                f"({r.priority}).")
        whys.append(ShortfallWhy(task=r.task, capability=r.capability, phase=r.phase,
                                 priority=r.priority, required=r.required, filled=r.filled,
                                 shortfall=r.shortfall, blockers=blockers,
                                 text=f"{head} {_closing(r.capability, r.task, blockers)}"))
        for b in blockers:
            limit = _limit(ledger, b, r.task, r.capability, r.phase)
            if limit is not None:
                key = (limit.kind, limit.contributor, limit.capability, limit.phase)
                if key in limits:
                    old = limits[key]
                    if r.task not in old.text:
                        limits[key] = old.model_copy(update={
                            "text": old.text[:-1] + f", {r.task}."})
                else:
                    limits[key] = limit
    for cid, c in sorted(m.contributor.items()):
        for phase in d.phases:
            if c.min_personnel and ledger.persons[cid, phase] == c.min_personnel:
                limits["commitment", cid, None, phase] = Limit(
                    kind="commitment", contributor=cid, capability=None, phase=phase,
                    used=c.min_personnel, limit=c.min_personnel, unit="persons",
                    path=f"contributor.{cid}.min_personnel",
                    text=f"{cid} deploys exactly its committed minimum of "
                         f"{c.min_personnel:,} persons in {phase}.")
    kinds = ("pool", "share_cap", "pledge", "fund", "budget", "consent", "caveat", "commitment")
    ordered = sorted(limits.values(), key=lambda x: (kinds.index(x.kind), x.contributor or "",
                                                     x.capability or "",
                                                     order.get(x.phase or "", -1)))
    return whys, ordered


def _limit(ledger: _Ledger, b: Blocker, task: str, cap: str, phase: str) -> Limit | None:
    m = ledger.d.mandate
    c = m.contributor[b.contributor]
    cur = ledger.currency
    keeps = f"; it keeps short {task}."
    if b.reason == "pool":
        n = ledger.d.pool(b.contributor, cap, phase)
        return Limit(kind="pool", contributor=b.contributor, capability=cap, phase=phase,
                     used=n, limit=n, unit="persons", path=b.path,
                     text=f"{b.contributor}'s {cap} pool is exhausted in {phase}: {n:,} of "
                          f"{n:,} deployed{keeps}")
    if b.reason == "share_cap":
        share = ledger.d.max_share(b.contributor)
        mine, total = ledger.persons[b.contributor, phase], ledger.deployed[phase]
        return Limit(kind="share_cap", contributor=b.contributor, capability=None, phase=phase,
                     used=mine / total if total else 0.0, limit=share, unit="share",
                     path=b.path,
                     text=f"{b.contributor} is at its share cap in {phase}: {mine:,} of "
                          f"{total:,} persons, cap {share:.0%}{keeps}")
    if b.reason == "pledge":
        return Limit(kind="pledge", contributor=b.contributor, capability=None, phase=None,
                     used=ledger.own_cost[b.contributor], limit=c.pledge or 0.0, unit=cur,
                     path=b.path,
                     text=f"{b.contributor}'s pledge is spent: "
                          f"{money(ledger.own_cost[b.contributor], cur)} of "
                          f"{money(c.pledge or 0.0, cur)}{keeps}")
    if b.reason in ("budget", "fund"):
        cap_money = m.objective.budget if b.reason == "budget" else ledger.fund
        name = "budget" if b.reason == "budget" else "common fund"
        return Limit(kind=b.reason, contributor=None, capability=None, phase=None,
                     used=ledger.total, limit=cap_money or 0.0, unit=cur, path=b.path,
                     text=f"The {name} is spent: {money(ledger.total, cur)} of "
                          f"{money(cap_money or 0.0, cur)}{keeps}")
    if b.reason in ("consent", "caveat"):
        why = b.text.split(": ", 1)[1].split(", with")[0]
        return Limit(kind=b.reason, contributor=b.contributor, capability=cap, phase=phase,
                     used=b.idle, limit=ledger.d.pool(b.contributor, cap, phase),
                     unit="persons idle", path=b.path,
                     text=f"{b.contributor} has {b.idle:,} {cap} idle in {phase} but may not "
                          f"serve where {cap} is short ({why}){keeps}")
    return None
