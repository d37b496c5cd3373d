"""What a variant changes: in the mandate, key path by key path, and in the plan.

Pure functions of two validated mandates and their two checked plans; nothing
here solves. The variant's plan is normally solved with the anchor stage
(``model/anchor.py``), so every allocation change listed is one the variant
forces. The :class:`Diff` model's JSON dump is a contract like the plan's
(``kind`` ``"diff"``, ``schema_version`` 1; see docs/variants.md).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any, Literal

from ..mandate.schema import COMPONENTS, PRIORITIES, Mandate
from ..version import __version__
from .base import SCHEMA_VERSION, Frozen
from .plan import Plan

MONEY_TOL = 0.005
"""Money figures are rounded to cents; smaller differences are not changes."""

Section = Literal["shortfall", "cost", "payer", "scheme", "contributor", "capability",
                  "component", "required", "deployed"]
SECTIONS: tuple[Section, ...] = ("shortfall", "cost", "payer", "scheme", "contributor",
                                 "capability", "component", "required", "deployed")
"""Outcome sections in the order they are listed."""
SECTION_UNITS: dict[Section, str] = {
    "shortfall": "person-months", "cost": "money", "payer": "money", "scheme": "money",
    "contributor": "persons",
    "capability": "persons", "component": "persons", "required": "persons",
    "deployed": "persons",
}


class PlanSummary(Frozen):
    """One side of a diff: the mandate file and its headline figures."""

    file: str
    mission: str
    status: str
    solver: str
    currency: str
    total_cost: float
    shortfall_person_months: dict[str, float]


class InputChange(Frozen):
    """One key path whose value differs between the two mandates (defaults filled in)."""

    path: str
    change: Literal["added", "removed", "changed"]
    base: Any
    variant: Any


class OutcomeChange(Frozen):
    """One figure of the plan that differs; ``phase`` is empty for whole-horizon figures."""

    section: Section
    item: str
    phase: str
    unit: str
    base: float
    variant: float
    change: float


class TaskChange(Frozen):
    """A task that became, or stopped being, under-resourced."""

    task: str
    priority: str
    change: Literal["became_short", "no_longer_short"]
    base_shortfall_person_months: float
    variant_shortfall_person_months: float


class AllocationChange(Frozen):
    """Persons of one capability from one contributor on one task in one phase."""

    contributor: str
    capability: str
    task: str
    phase: str
    base: int
    variant: int
    change: int


class Diff(Frozen):
    """Everything a variant changes; ``changed`` is true when the outcome differs."""

    schema_version: int
    kind: Literal["diff"]
    forcesize_version: str
    anchored: bool
    anchor_proven: bool | None = None
    """Whether the anchored plan is proven the closest of the variant's optimal plans
    (False: its search stopped at its cap and this is the closest found); None when the
    variant was not anchored."""
    changed: bool
    base: PlanSummary
    variant: PlanSummary
    inputs: list[InputChange]
    outcome: list[OutcomeChange]
    tasks: list[TaskChange]
    allocations: list[AllocationChange]


def _anchor_proven(plan: Plan) -> bool:
    """Whether the plan's anchor stage (``change``) was proven optimal."""
    return all(s.status in ("optimal", "empty") for s in plan.stages if s.stage == "change")


# --------------------------------------------------------------------------- inputs


def input_changes(base: Mandate, variant: Mandate) -> list[InputChange]:
    """Key paths whose values differ, in the base's key order, then the variant's.

    Values are compared with defaults filled in, so writing a default explicitly
    is no change; an added or removed table is shown as written (without its
    defaulted keys)."""
    out: list[InputChange] = []
    _walk(base.model_dump(mode="json"), variant.model_dump(mode="json"),
          base.model_dump(mode="json", exclude_defaults=True),
          variant.model_dump(mode="json", exclude_defaults=True), (), out)
    return out


def _get(tree: Any, path: tuple[str, ...]) -> Any:
    for key in path:
        if not isinstance(tree, dict) or key not in tree:
            return None
        tree = tree[key]
    return tree


def _walk(a: Any, b: Any, sparse_a: Any, sparse_b: Any, path: tuple[str, ...],
          out: list[InputChange]) -> None:
    if isinstance(a, dict) and isinstance(b, dict):
        for key in [*a, *(k for k in b if k not in a)]:
            here = (*path, key)
            if key not in b:
                out.append(InputChange(path=".".join(here), change="removed",
                                       base=_shown(sparse_a, here, a[key]), variant=None))
            elif key not in a:
                out.append(InputChange(path=".".join(here), change="added", base=None,
                                       variant=_shown(sparse_b, here, b[key])))
            else:
                _walk(a[key], b[key], sparse_a, sparse_b, here, out)
    elif a != b:
        out.append(InputChange(path=".".join(path), change="changed", base=a, variant=b))


def _shown(sparse: Any, path: tuple[str, ...], full: Any) -> Any:
    value = _get(sparse, path)
    return full if value is None else value


# --------------------------------------------------------------------------- outcome


def outcome_figures(m: Mandate, plan: Plan) -> dict[tuple[Section, str, str], float]:
    """Every figure a diff compares, keyed by (section, item, phase)."""
    fig: dict[tuple[Section, str, str], float] = defaultdict(float)
    for priority in PRIORITIES:
        fig["shortfall", priority, ""] = plan.shortfall_person_months.get(priority, 0.0)
    fig["cost", "total", ""] = plan.total_cost
    for r in plan.burden:  # every payer's net burden (financing[].pays), horizon and phases
        fig["payer", r.payer, r.phase or ""] = r.net
    for s in plan.schemes:
        fig["scheme", s.scheme, ""] = s.spends
    for a in plan.allocations:
        fig["contributor", a.contributor, a.phase] += a.personnel
        fig["capability", a.capability, a.phase] += a.personnel
    for p in plan.phases:
        fig["deployed", "all", p.phase] = p.deployed
        fig["required", "all", p.phase] = p.required
        for component, persons in p.by_component.items():
            fig["component", component, p.phase] = persons
    return fig


def _task_shortfalls(plan: Plan) -> dict[str, tuple[str, float]]:
    out: dict[str, tuple[str, float]] = {}
    for r in plan.requirements:
        _, pm = out.get(r.task, (r.priority, 0.0))
        out[r.task] = (r.priority, pm + r.shortfall_person_months)
    return out


def _summary(file: str, m: Mandate, plan: Plan) -> PlanSummary:
    return PlanSummary(file=file, mission=m.mission.name, status=plan.status, solver=plan.solver,
                       currency=plan.currency, total_cost=plan.total_cost,
                       shortfall_person_months=plan.shortfall_person_months)


def build_diff(base_file: str, base: Mandate, base_plan: Plan, variant_file: str,
               variant: Mandate, variant_plan: Plan, anchored: bool) -> Diff:
    """The diff of two solved mandates."""
    phase_order = {p: i for i, p in enumerate([*base.phase,
                                               *(p for p in variant.phase if p not in base.phase)])}
    before, after = outcome_figures(base, base_plan), outcome_figures(variant, variant_plan)
    outcome = []
    keys = sorted(set(before) | set(after),
                  key=lambda k: (SECTIONS.index(k[0]), _item_order(k), phase_order.get(k[2], -1)))
    for key in keys:
        a, b = before.get(key, 0.0), after.get(key, 0.0)
        money = SECTION_UNITS[key[0]] == "money"
        if abs(a - b) <= (MONEY_TOL if money else 1e-9):
            continue
        outcome.append(OutcomeChange(section=key[0], item=key[1], phase=key[2],
                                     unit=base_plan.currency if money else SECTION_UNITS[key[0]],
                                     base=a, variant=b, change=round(b - a, 2 if money else 6)))

    tasks = []
    short_a, short_b = _task_shortfalls(base_plan), _task_shortfalls(variant_plan)
    for tid in [*short_a, *(t for t in short_b if t not in short_a)]:
        (prio_a, pm_a), (prio_b, pm_b) = short_a.get(tid, ("", 0.0)), short_b.get(tid, ("", 0.0))
        if (pm_a > 0) != (pm_b > 0):
            tasks.append(TaskChange(task=tid, priority=prio_b or prio_a,
                                    change="became_short" if pm_b > 0 else "no_longer_short",
                                    base_shortfall_person_months=pm_a,
                                    variant_shortfall_person_months=pm_b))

    alloc_a = {(a.contributor, a.capability, a.task, a.phase): a.personnel
               for a in base_plan.allocations}
    alloc_b = {(a.contributor, a.capability, a.task, a.phase): a.personnel
               for a in variant_plan.allocations}
    allocations = [
        AllocationChange(contributor=k[0], capability=k[1], task=k[2], phase=k[3],
                         base=alloc_a.get(k, 0), variant=alloc_b.get(k, 0),
                         change=alloc_b.get(k, 0) - alloc_a.get(k, 0))
        for k in sorted(set(alloc_a) | set(alloc_b),
                        key=lambda k: (k[0], k[1], k[2], phase_order.get(k[3], -1)))
        if alloc_a.get(k, 0) != alloc_b.get(k, 0)
    ]
    return Diff(schema_version=SCHEMA_VERSION, kind="diff", forcesize_version=__version__,
                anchored=anchored,
                anchor_proven=_anchor_proven(variant_plan) if anchored else None,
                changed=bool(outcome or tasks or allocations),
                base=_summary(base_file, base, base_plan),
                variant=_summary(variant_file, variant, variant_plan),
                inputs=input_changes(base, variant), outcome=outcome, tasks=tasks,
                allocations=allocations)


def _item_order(key: tuple[Section, str, str]) -> tuple[int, str]:
    section, item, _ = key
    if section == "shortfall":
        return PRIORITIES.index(item), ""  # type: ignore[arg-type]
    if section == "component":
        return COMPONENTS.index(item), ""  # type: ignore[arg-type]
    return 0, item
