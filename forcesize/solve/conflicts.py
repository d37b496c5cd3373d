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
from ..model.families import ConflictContext, Limit, limit
from .highs import load_model, run_interruptibly


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


def _spec(family: Family) -> Limit:
    found = limit(family)
    assert found is not None, family
    return found


def _group_of(key: Key) -> Group:
    return Group(key.family, _spec(key.family).entity(key.ids))


MOST_CONFLICTS = 5
"""How many successive conflicts :func:`find_conflicts` reports at most."""


def find_conflicts(model: BuiltModel, time_limit: float | None = None,
                   most: int = MOST_CONFLICTS) -> list[Conflict]:
    """Minimal conflicts, one after another: the first, then the next that remains once
    every limit of the first except the commitments is lifted, and so on until the
    commitments can be met or only commitments conflict. Together they say everything
    that would have to change to honour the commitments; each alone is minimal."""
    import highspy

    hm = load_model(model, open_bounds=True, cuts=False,
                    options={"time_limit": time_limit} if time_limit else None)
    h = hm.h
    lp = h.getLp()
    lower, upper = list(lp.row_lower_), list(lp.row_upper_)
    members: dict[Group, list[int]] = {}
    for row, key in enumerate(hm.rows):
        if limit(key.family) is not None:  # definitions are never relaxed
            members.setdefault(_group_of(key), []).append(row)
    inf = highspy.kHighsInf
    runs = 0

    def feasible() -> bool:
        nonlocal runs
        runs += 1
        h.clearSolver()
        interrupt = run_interruptibly(h)
        if interrupt is not None:
            raise interrupt
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
        return _spec(g.family).rank, g.entity

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
    for family in sorted(by_family, key=lambda f: _spec(f).rank):
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
    """One sentence per group, from its family's spec: the mandate's ids and the key that
    sets the limit."""
    ctx = ConflictContext({g.family for g in groups},
                          {(g.family, g.entity) for g in lifted or set()})
    return [_spec(g.family).conflict(d, g.entity, ctx) for g in groups]
