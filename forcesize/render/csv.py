"""CSV output: one tidy table per result (plan, diff, comparison, explanation), for
spreadsheets and scripts.

Standard-library ``csv`` only (no rich), ``\\n`` line endings, a header row and
no index column. Numbers are written at full precision without thousands
separators, so a reader gets back exactly the figures the result holds; money
has two decimals because the results are rounded to cents.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from pydantic import BaseModel

from ..explain.models import Explanation
from ..fmt import plain_money, plain_number
from ..library import RuleListing
from ..mandate.schema import PRIORITIES
from ..results import Comparison, Diff, Plan
from ..results.alternatives import Alternatives
from ..results.backtest import Backtest
from ..results.diff import SECTION_UNITS
from ..results.draws import RiskDraws
from ..results.risk import Withdrawals
from ..results.sensitivity import METRICS, Sensitivity, metric
from ..results.sweep import Sweep
from .cells import is_money_row, toml_value

PLAN_COLUMNS = ("contributor", "capability", "component", "task", "phase", "months",
                "personnel", "cost")
BURDEN_COLUMNS = ("payer", "name", "phase", "persons", "person_months", "own_cost", "reimbursed",
                  "contributed", "paid", "net", "share_of_person_months", "share_of_net",
                  "weight", "weight_gap")
DIFF_COLUMNS = ("section", "item", "phase", "unit", "base", "variant", "change")
COMPARISON_COLUMNS = ("mandate", "file", "metric", "unit", "value")
EXPLAIN_COLUMNS = ("section", "task", "capability", "contributor", "phase", "stage", "value",
                   "unit", "path", "text")

def _write(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def plan_csv(plan: Plan) -> str:
    """The allocations, one row per contributor, capability, task and phase.

    Component and months are repeated on every row so the table can be pivoted
    without joining it to the requirements or phases."""
    component = {r.capability: r.component for r in plan.requirements}
    months = {p.phase: p.months for p in plan.phases}
    return _write(PLAN_COLUMNS, (
        (a.contributor, a.capability, component.get(a.capability, ""), a.task, a.phase,
         plain_number(months[a.phase]) if a.phase in months else "",
         plain_number(a.personnel), plain_money(a.cost))
        for a in plan.allocations))


def burden_csv(plan: Plan) -> str:
    """The burden-sharing table: one row per payer and phase, then one per payer over the
    whole horizon (``phase`` empty); money in the mandate's currency."""
    def opt(x: float | None) -> str:
        return "" if x is None else plain_number(x)

    return _write(BURDEN_COLUMNS, (
        (r.payer, r.name, r.phase or "", opt(r.persons), plain_number(r.person_months),
         plain_money(r.own_cost), plain_money(r.reimbursed), plain_money(r.contributed),
         plain_money(r.paid), plain_money(r.net), plain_number(r.share_of_person_months),
         plain_number(r.share_of_net), opt(r.weight), opt(r.weight_gap))
        for r in plan.burden))


def diff_csv(diff: Diff) -> str:
    """Everything a diff lists in one long table: inputs, outcome, tasks, allocations.

    One shape for every row (``section,item,phase,unit,base,variant,change``) so a
    script can filter by section instead of parsing several tables."""
    rows: list[tuple[str, ...]] = []
    for i in diff.inputs:
        rows.append(("input", i.path, "", "", toml_value(i.base), toml_value(i.variant),
                     i.change))
    for o in diff.outcome:
        fmt = plain_money if SECTION_UNITS[o.section] == "money" else plain_number
        rows.append((o.section, o.item, o.phase, o.unit, fmt(o.base), fmt(o.variant),
                     fmt(o.change)))
    for t in diff.tasks:
        rows.append(("task", t.task, "", "person-months",
                     plain_number(t.base_shortfall_person_months),
                     plain_number(t.variant_shortfall_person_months), t.change))
    for a in diff.allocations:
        rows.append(("allocation", f"{a.contributor}/{a.capability}/{a.task}", a.phase,
                     "persons", plain_number(a.base), plain_number(a.variant),
                     plain_number(a.change)))
    return _write(DIFF_COLUMNS, rows)


def comparison_csv(cmp: Comparison) -> str:
    """One row per mandate and metric (tidy), so columns never depend on how many
    mandates were compared. Money rows carry the mandate's own currency as unit."""
    rows: list[tuple[str, ...]] = []
    for j, column in enumerate(cmp.mandates):
        for row in cmp.rows:
            value = row.values[j] if j < len(row.values) else None
            money = is_money_row(row.unit)
            unit = column.currency if money else row.unit
            if value is None:
                text = ""
            elif isinstance(value, str):
                text = value
            else:
                text = plain_money(value) if money else plain_number(value)
            rows.append((column.label, column.file, row.metric, unit, text))
    return _write(COMPARISON_COLUMNS, rows)


def explanation_csv(ex: Explanation) -> str:
    """One row per item; ``value`` is persons, money, a share or person-months per ``unit``."""
    rows: list[Sequence[object]] = []
    for d in ex.derivations:
        rows.append(("derivation", d.task, d.capability, "", " ".join(d.phases), "",
                     d.required, "persons", d.path, d.text))
    for x in ex.limits:
        rows.append(("limit", "", x.capability or "", x.contributor or "", x.phase or "", "",
                     plain_number(x.used), x.unit, x.path, x.text))
    for s in ex.shortfalls:
        rows.append(("shortfall", s.task, s.capability, "", s.phase, "", s.shortfall,
                     "persons", f"task.{s.task}.need.{s.capability}", s.text))
        for b in s.blockers:
            rows.append(("blocker", s.task, s.capability, b.contributor, s.phase, "",
                         b.idle, "persons idle", b.path, b.text))
    for m in ex.marginals:
        rows.append(("marginal", "", m.capability or "", m.contributor or "", "", m.stage,
                     "" if m.effect is None else plain_number(m.effect), m.effect_unit, m.path,
                     m.text))
        if m.range_note:
            rows.append(("range", "", m.capability or "", m.contributor or "", "", m.stage,
                         "", "", m.path, m.range_note))
        if m.range:  # each end: how far it goes, in the step's unit
            for section, end in (("range_low", m.range.low), ("range_high", m.range.high)):
                rows.append((section, "", m.capability or "", m.contributor or "", "",
                             m.stage, plain_number(end.change), m.step_unit, m.path,
                             m.range.text))
    return _write(EXPLAIN_COLUMNS, rows)


RULE_COLUMNS = ("id", "title", "term", "quantity", "of_component", "component",
                "mission_types", "low", "central", "high", "unit", "source", "cites", "quality",
                "derived_from", "note")


def _fields(items: Iterable[BaseModel], columns: Sequence[str]) -> str:
    """One row per item with the fields ``columns`` names: lists joined with ``;``, None
    as an empty cell."""
    rows = []
    for item in items:
        fields = item.model_dump()
        rows.append([";".join(v) if isinstance(v := fields[c], tuple) else
                     ("" if v is None else v) for c in columns])
    return _write(columns, rows)


def rules_csv(found: RuleListing) -> str:
    """One row per rule, every field; lists joined with ``;``."""
    return _fields(found.rules, RULE_COLUMNS)


BACKTEST_COLUMNS = ("mission", "phase", "counts", "kind", "as_of", "historic", "low", "central",
                    "high", "ratio", "ratio_low", "ratio_high", "within")


def backtest_csv(bt: Backtest) -> str:
    """One row per compared phase, every field; the compared components joined with
    ``;``."""
    return _fields(bt.rows, BACKTEST_COLUMNS)


METRIC_CSV = {**{p: f"{p}_shortfall_person_months" for p in PRIORITIES},
              "cost": "total_cost", "peak": "peak_persons"}
"""The CSV column of each figure of a study's row (a sweep's ``--metric`` names, the
withdrawals' figures)."""


def sweep_csv(sweep: Sweep) -> str:
    """One row per point: the point's number, its value on each axis (TOML-like text for
    lists and tables), then the status, the shortfall by priority in person-months, the
    total cost, peak persons, the stage the time limit stopped and its gap, the key paths
    of the limits that keep it short (``;``-joined), their kinds with counts
    (``pool=3;consent=11``) and the reason; empty cells where a point has no plan or was
    not explained."""
    header = ["point", *sweep.axes, "status", *(METRIC_CSV[m] for m in sweep.metrics),
              "stopped_stage", "gap", "limits", "limit_kinds", "reason"]
    rows = []
    for point in sweep.points:
        short: dict[str, object] = {**(point.shortfall_person_months or {}),
                                    "cost": point.total_cost, "peak": point.peak_persons}
        rows.append([point.point,
                     *(v if isinstance(v := point.values[a], int | float | str) else
                       toml_value(v) for a in sweep.axes),
                     point.status,
                     *("" if (v := short.get(m)) is None else v for m in sweep.metrics),
                     *("" if v is None else v for v in (point.stopped_stage, point.gap)),
                     ";".join(point.limits or ()),
                     ";".join(f"{k}={n}" for k, n in (point.limit_kinds or {}).items()),
                     point.reason or ""])
    return _write(header, rows)


def sensitivity_csv(s: Sensitivity) -> str:
    """One row per input, in rank order: its path, kind, base and varied values, each
    side's status, then for each metric (each priority's shortfall person-months, then
    cost) its value in the base plan, at the low and at the high side, and the swing; the
    notes of the sides last. Every row carries the base's figures, so it stands alone in a
    spreadsheet. Empty cells where a side has no plan."""
    header = ["rank", "path", "kind", "base", "low", "high", "low_status", "high_status",
              *(f"{m}_{at}" for m in METRICS for at in ("base", "low", "high", "swing")),
              "reason"]
    rows = []
    for row in s.rows:
        low, high = row.side("low", s.base), row.side("high", s.base)
        figures = []
        for m in METRICS:
            figures += ["" if v is None else v
                        for v in (metric(s.base, m), metric(low, m), metric(high, m),
                                  None if row.swing is None else row.swing[m])]
        reasons = [f"{which}: {p.reason}" for which, p in (("low", low), ("high", high))
                   if p.reason and p is not s.base]
        rows.append([row.rank, row.path, row.kind, row.base, row.low, row.high, low.status,
                     high.status, *figures, "; ".join(reasons)])
    return _write(header, rows)


def withdrawals_csv(w: Withdrawals) -> str:
    """One row per withdrawal, in rank order: what was withdrawn (a group's members
    ``;``-joined), the persons the base plan has from it, the status without it, the
    shortfall person-months by priority and the cost without it and their changes from
    the base plan, the key paths of the limits that keep it short and the reason; empty
    cells where no plan is left."""
    header = ["rank", "withdrawn", "kind", "members", "persons", "status",
              *(METRIC_CSV[m] for m in METRICS), *(f"{p}_added" for p in PRIORITIES),
              "cost_change", "limits", "reason"]
    rows = []
    for r in w.rows:
        short = r.point.shortfall_person_months or {}
        rows.append([r.rank, r.withdrawn, r.kind, ";".join(r.members), r.persons,
                     r.point.status, *(short.get(p, "") for p in PRIORITIES),
                     "" if r.point.total_cost is None else r.point.total_cost,
                     *("" if r.added is None else r.added[p] for p in PRIORITIES),
                     "" if r.cost_change is None else r.cost_change,
                     ";".join(r.point.limits or ()), r.point.reason or ""])
    return _write(header, rows)


def draws_csv(r: RiskDraws) -> str:
    """One row per task and phase, riskiest first: whether the plan staffs it, the draws
    in which it is fully staffed, the probability and its 95 % interval, and the band."""
    header = ["task", "phase", "priority", "planned", "staffed", "draws", "probability",
              "low", "high", "band"]
    return _write(header, [[t.task, t.phase, t.priority, t.planned, t.staffed, r.draws,
                            t.probability, t.low, t.high, t.band] for t in r.tasks])


def alternatives_csv(a: Alternatives) -> str:
    """One row for the optimum (number 0) and one per alternative: its direction, status,
    whether proven, total cost, fraction above the optimum, person-months moved, then each
    axis as a share of the mission's person-months."""
    axes = list(a.axes)
    header = ["number", "direction", "status", "proven", "total_cost", "cost_above",
              "moved", *axes]
    rows: list[list[object]] = [[0, "optimal", "optimal", True, a.total_cost, 0, 0,
                                 *(a.axes[x] for x in axes)]]
    rows += [[alt.number, alt.direction, alt.status, alt.proven, alt.total_cost,
              alt.cost_above, alt.moved, *(alt.axes[x] for x in axes)]
             for alt in a.alternatives]
    return _write(header, rows)


RENDERERS = {Plan: plan_csv, Diff: diff_csv, Comparison: comparison_csv,
             Explanation: explanation_csv, RuleListing: rules_csv, Backtest: backtest_csv,
             Sweep: sweep_csv, Sensitivity: sensitivity_csv, Withdrawals: withdrawals_csv,
             RiskDraws: draws_csv, Alternatives: alternatives_csv}
"""The CSV renderer of each result type."""
