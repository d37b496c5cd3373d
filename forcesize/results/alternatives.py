"""Plans nearly as good as the optimum (``forcesize alternatives``, issue 16 item 4): each
alternative's figures on every axis, and its diff against the optimal plan.

An alternative keeps every shortfall at its optimum and costs at most (1 + slack) × the
optimal cost; the pipeline re-checks both beside the independent checker. An axis is
reported as a **share of the mission's person-months** (Σ persons × the phase's months,
over every phase): a group's members', one contributor's, or the largest any one
contributor carries; ``contributors-per-task`` as the mean number of contributors that
send persons to a task in a phase, over the tasks and phases with any; ``fund-share`` as
the share of the total cost that financing schemes spend. Alternatives that
come out as a plan already listed (the optimum or an earlier alternative) are named in
``duplicates``, not listed again. Nothing here solves.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Literal

from ..mandate.axes import FUND_SHARE, LARGEST_SHARE, PER_TASK, Axis
from ..mandate.schema import Mandate
from ..version import __version__
from .base import SCHEMA_VERSION, Frozen
from .diff import Diff
from .plan import Plan


class Alternative(Frozen):
    """One plan nearly as good as the optimum."""

    number: int
    direction: str
    """Which way it was pushed: ``most group:nato``, ``least contributor:USA``, a mix."""
    status: str
    proven: bool
    """Whether the push was proven as far as it goes (else stopped at the node cap, with
    the furthest plan found)."""
    total_cost: float
    cost_above: float
    """How far above the optimal cost, as a fraction of it."""
    axes: dict[str, float]
    """Each axis as a share of the mission's person-months (a mean count for
    ``contributors-per-task``)."""
    moved: float
    """Person-months that differ from the optimal plan (each assignment's |change| ×
    months, summed): how different the plan is."""
    diff: Diff


class Alternatives(Frozen):
    """``forcesize alternatives``: the optimum and the plans nearly as good."""

    schema_version: int
    kind: Literal["alternatives"]
    forcesize_version: str
    mandate: str
    currency: str
    solver: str
    slack: float
    seed: int
    count: int
    """Distinct alternatives asked for."""
    total_cost: float
    """The optimal plan's."""
    cost_cap: float
    shortfall_person_months: dict[str, float]
    """The optimal plan's, which every alternative keeps."""
    axes: dict[str, float]
    """The optimal plan on each axis."""
    alternatives: list[Alternative]
    duplicates: list[str]
    """Directions that gave a plan already listed."""
    failed: dict[str, str]
    """Directions without a plan, and why."""
    solves: int


def person_months(m: Mandate, plan: Plan) -> dict[str, float]:
    """Each contributor's person-months in the plan."""
    out: dict[str, float] = defaultdict(float)
    for a in plan.allocations:
        out[a.contributor] += a.personnel * m.phase[a.phase].months
    return dict(out)


def axis_values(m: Mandate, plan: Plan, axes: list[Axis]) -> dict[str, float]:
    """Each axis as the module reads it (0 in a plan with nobody)."""
    used = person_months(m, plan)
    total = sum(used.values())
    serving: dict[tuple[str, str], set[str]] = defaultdict(set)
    for a in plan.allocations:
        serving[a.task, a.phase].add(a.contributor)
    out = {}
    for axis in axes:
        if axis.name == FUND_SHARE:
            spent = sum(s.spends for s in plan.schemes)
            out[axis.name] = round(spent / plan.total_cost, 6) if plan.total_cost else 0.0
            continue
        if axis.name == PER_TASK:
            out[axis.name] = round(sum(len(c) for c in serving.values()) / len(serving), 6) \
                if serving else 0.0
            continue
        value = max((used.get(c, 0.0) for c in axis.members), default=0.0) \
            if axis.name == LARGEST_SHARE else sum(used.get(c, 0.0) for c in axis.members)
        out[axis.name] = round(value / total, 6) if total else 0.0
    return out


def moved(m: Mandate, base: Plan, plan: Plan) -> float:
    """Person-months in which two plans differ (Σ |Δ persons| × months)."""
    before = {(a.contributor, a.capability, a.task, a.phase): a.personnel
              for a in base.allocations}
    after = {(a.contributor, a.capability, a.task, a.phase): a.personnel
             for a in plan.allocations}
    return round(sum(abs(after.get(k, 0) - before.get(k, 0)) * m.phase[k[3]].months
                     for k in before.keys() | after.keys()), 2)


def same_plan(a: Plan, b: Plan) -> bool:
    """Whether two plans allocate the same persons everywhere."""
    return {(x.contributor, x.capability, x.task, x.phase, x.personnel) for x in a.allocations} \
        == {(x.contributor, x.capability, x.task, x.phase, x.personnel) for x in b.allocations}


def build_alternatives(mandate: str, m: Mandate, solver: str, slack: float, seed: int,
                       count: int, base: Plan, cost_cap: float, axes: list[Axis],
                       alternatives: list[Alternative], duplicates: list[str],
                       failed: dict[str, str], solves: int) -> Alternatives:
    return Alternatives(
        schema_version=SCHEMA_VERSION, kind="alternatives", forcesize_version=__version__,
        mandate=mandate, currency=m.mission.currency, solver=solver, slack=slack, seed=seed,
        count=count, total_cost=base.total_cost, cost_cap=round(cost_cap, 2),
        shortfall_person_months=dict(base.shortfall_person_months),
        axes=axis_values(m, base, axes), alternatives=alternatives, duplicates=duplicates,
        failed=failed, solves=solves)
