"""CSV output: one tidy table per result, for spreadsheets and scripts.

Standard-library ``csv`` only (no rich), ``\\n`` line endings, a header row and
no index column. Numbers are written at full precision without thousands
separators, so a reader gets back exactly the figures the result holds; money
has two decimals because the results are rounded to cents.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections.abc import Iterable, Sequence
from typing import Any

from ..compare import MONEY, Comparison
from ..diff import SECTION_UNITS, Diff
from ..results import Plan

PLAN_COLUMNS = ("contributor", "capability", "component", "task", "phase", "months",
                "personnel", "cost")
DIFF_COLUMNS = ("section", "item", "phase", "unit", "base", "variant", "change")
COMPARISON_COLUMNS = ("mandate", "file", "metric", "unit", "value")

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def toml_value(value: Any) -> str:
    """A mandate value as compact, TOML-like text: strings quoted, ``[..]``, ``{ k = v }``.

    Input changes are shown the way the user would write them in the mandate, so
    the text can be pasted back into a file. ``None`` (a key that is not set) is
    the empty string; callers that want a visible placeholder substitute their own.
    Keys whose value is ``None`` are left out of tables, as TOML cannot write them.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, dict):
        items = [f"{_key(k)} = {toml_value(v)}" for k, v in value.items() if v is not None]
        return "{ " + ", ".join(items) + " }" if items else "{}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)


def _key(key: object) -> str:
    text = str(key)
    return text if _BARE_KEY.match(text) else json.dumps(text, ensure_ascii=False)


def plain_number(x: float) -> str:
    """Full precision, no separators; whole floats without ``.0`` so persons read as ints."""
    if isinstance(x, bool):
        return str(int(x))
    if isinstance(x, int):
        return str(x)
    if math.isfinite(x) and x.is_integer():
        return str(int(x))
    return repr(x)


def plain_money(x: float) -> str:
    """Two decimals (results are rounded to cents), never ``-0.00``."""
    return f"{round(x, 2) + 0.0:.2f}"


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


def is_money_row(unit: str) -> bool:
    """A comparison row holds money, each value in its own mandate's currency."""
    return unit == MONEY


def unit_text(unit: str, currencies: list[str]) -> str:
    """A comparison row's unit for display: money rows show the currency when all the
    compared mandates share one."""
    if unit == MONEY and len(set(currencies)) == 1:
        return currencies[0]
    return unit
