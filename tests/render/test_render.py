"""Renderers of plans, diffs and comparisons: markdown, CSV, JSON and rich tables.

The objects are real: the small test mandate (``valid_mandate``) solved, a
variant of it made with a ``--set``-style override of the budget, their diff
and their comparison. The figures are checkable by hand: the base plan deploys
100 infantry in both phases (AAA 80 and CCC 20, at 10,000 EUR a month, over
6 + 12 months) and BBB's 10 police in ``late`` (6,000 EUR a month, 12 months),
18,720,000 EUR in all; the variant's budget of 1,500,000 EUR binds.
"""

from __future__ import annotations

import ast
import csv
import io
import json
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

import forcesize.render
from forcesize.mandate import LoadedMandate, load_mandate
from forcesize.pipeline import plan_mandate, reference_of
from forcesize.render.cells import toml_value
from forcesize.render.csv import (
    COMPARISON_COLUMNS,
    DIFF_COLUMNS,
    PLAN_COLUMNS,
    comparison_csv,
    diff_csv,
    plan_csv,
)
from forcesize.render.json import render_json
from forcesize.render.markdown import (
    DETAILS_ROWS,
    comparison_markdown,
    diff_markdown,
    escape,
    plan_markdown,
)
from forcesize.render.table import render_comparison, render_diff
from forcesize.results import Plan
from forcesize.results.compare import Comparison, Row, build_comparison
from forcesize.results.diff import AllocationChange, Diff, build_diff

from ..helpers import override, valid_mandate, write_toml

MISSION = "Test | mission *one* <b>"
"""A mission name with characters that would break a table or turn into markup."""
ALPHA = "Alpha | Co"
"""AAA's name: it lands in a table cell of the allocation table."""
BUDGET = 1_500_000


@dataclass(frozen=True)
class Solved:
    base: LoadedMandate
    base_plan: Plan
    variant: LoadedMandate
    variant_plan: Plan
    diff: Diff
    same: Diff
    comparison: Comparison


@pytest.fixture(scope="module")
def solved(tmp_path_factory: pytest.TempPathFactory) -> Solved:
    """Base, budget-cut variant (anchored to the base), their diff, a no-op diff, a comparison."""
    folder = tmp_path_factory.mktemp("render")
    doc = override(override(valid_mandate(), "mission.name", MISSION),
                   "contributor.AAA.name", ALPHA)
    path = write_toml(folder, doc, "base.toml")
    base = load_mandate(path)
    base_plan = plan_mandate(base)
    variant = load_mandate(path, overrides=[f"objective.budget={BUDGET}"])
    variant_plan = plan_mandate(variant, anchor=reference_of(base_plan))
    diff = build_diff(base.file, base.mandate, base_plan, "variant.toml", variant.mandate,
                      variant_plan, anchored=True)
    same = build_diff(base.file, base.mandate, base_plan, base.file, base.mandate, base_plan,
                      anchored=True)
    comparison = build_comparison([("base", base.file, base.mandate, base_plan),
                                   ("budget-cut", "variant.toml", variant.mandate,
                                    variant_plan)])
    return Solved(base, base_plan, variant, variant_plan, diff, same, comparison)


# --------------------------------------------------------------------------- markdown parsing


def cells(line: str) -> list[str]:
    """The cells of a markdown table row; ``\\x`` escapes are kept and never split a cell."""
    assert line.startswith("| ") and line.endswith(" |"), line
    out, current, i = [], "", 1
    while i < len(line) - 1:
        ch = line[i]
        if ch == "\\":
            current += line[i:i + 2]
            i += 2
            continue
        if ch == "|":
            out.append(current.strip())
            current = ""
        else:
            current += ch
        i += 1
    out.append(current.strip())
    return out


def tables(md: str) -> list[list[list[str]]]:
    """Every table in ``md`` as rows of cells, checked to be well-formed GFM.

    Well-formed: an alignment row under the header, and every row with as many
    cells as the header."""
    found: list[list[str]] = []
    block: list[str] = []
    for line in [*md.split("\n"), ""]:
        if line.startswith("|"):
            block.append(line)
        elif block:
            found.append(block)
            block = []
    parsed = []
    for block in found:
        rows = [cells(line) for line in block]
        assert len(rows) >= 2, block
        width = len(rows[0])
        assert all(re.fullmatch(r"---:?", c) for c in rows[1]), block[1]
        for line, row in zip(block, rows, strict=True):
            assert len(row) == width, f"{len(row)} cells, header has {width}: {line}"
        parsed.append(rows)
    return parsed


def table_after(md: str, heading: str) -> list[list[str]]:
    """The first table after the line ``heading``."""
    rest = md.split(heading + "\n", 1)[1]
    return tables(rest)[0]


def column(rows: list[list[str]], name: str) -> list[str]:
    i = rows[0].index(name)
    return [r[i] for r in rows[2:]]


def test_cells_parser_keeps_escaped_pipes() -> None:
    assert cells(r"| a \| b | c |") == [r"a \| b", "c"]
    assert cells("| a |  | c |") == ["a", "", "c"]


# --------------------------------------------------------------------------- markdown: plan


def test_plan_markdown_tables_are_well_formed(solved: Solved) -> None:
    md = plan_markdown(solved.base_plan)
    found = tables(md)
    # phases, allocation, financing, burden-sharing, net burden by phase (no shortfalls in
    # the base, no financing schemes)
    assert len(found) == 5
    burden = table_after(md, "### Burden-sharing")
    assert burden[0] == ["Payer", "Person-months", "Share", "Paid", "Reimbursed", "Net burden",
                         "Share"]
    assert burden[1] == ["---", *["---:"] * 6]
    phases = table_after(md, "### Phases (persons deployed against required)")
    assert phases[0] == ["Phase", "Name", "Months", "Military", "Police", "Civilian",
                         "Deployed", "Required", "Short"]
    assert phases[1] == ["---", "---", *["---:"] * 7]
    assert phases[2] == ["early", "Early phase", "6", "100", "0", "0", "100", "100", "0"]
    assert phases[3] == ["late", "", "12", "100", "10", "0", "110", "110", "0"]
    assert md.endswith("|\n") and not md.endswith("\n\n")


def test_plan_markdown_summary_mirrors_the_table_summary(solved: Solved) -> None:
    md = plan_markdown(solved.base_plan)
    assert "- **Status:** optimal (solver highs)" in md
    assert "- **Total cost:** 18.7 m EUR (of pledges 5.0 m EUR)" in md
    assert "- **Shortfall:** essential 0, important 0, desirable 0 person-months" in md
    assert "No shortfalls: every requirement is filled." in md
    variant = plan_markdown(solved.variant_plan)
    assert "1.5 m EUR (of budget 1.5 m EUR, pledges 5.0 m EUR)" in variant


def test_a_cost_stage_closed_within_a_gap_says_how_far_in_table_and_markdown(
        solved: Solved) -> None:
    # CBC stops the cost stage within a relative gap of 1e-4 and reports how far within it
    # got; a plan called optimal then says how optimal its cost is, in every format.
    stages = [s.model_copy(update={"gap": 3.2e-5}) if s.stage == "cost" else s
              for s in solved.base_plan.stages]
    plan = solved.base_plan.model_copy(update={"stages": stages, "solver": "cbc"})
    note = "(solver cbc; cost within 3.2e-05 of the optimum (relative gap))"
    assert f"- **Status:** optimal {note}" in plan_markdown(plan)
    console = Console(width=200, no_color=True, record=True)
    forcesize.render.table.render_plan(plan, console)
    assert f"optimal  {note}" in console.export_text()
    # a stage stopped at the limit is not "optimal within a gap": its own status says so
    stopped = [s.model_copy(update={"status": "time_limit"}) if s.stage == "cost" else s
               for s in stages]
    assert "(solver cbc)" in plan_markdown(plan.model_copy(update={"stages": stopped}))


def test_plan_markdown_allocation_and_financing(solved: Solved) -> None:
    md = plan_markdown(solved.base_plan)
    alloc = table_after(md, "### Allocation by contributor (persons; share of the phase)")
    assert alloc[0] == ["Contributor", "Capability", "early", "late", "Cost"]
    assert alloc[1][2:] == ["---:"] * 3
    assert [r[1] for r in alloc[2:]] == ["**all (cap 80%)**", "infantry", "**all (cap 80%)**",
                                         "police", "**all (cap 50%)**", "infantry"]
    assert alloc[2][2:] == ["**80 (80%)**", "**80 (73%)**", "**14.4 m EUR**"]
    persons = {r[1]: r[2:4] for r in alloc[2:] if r[0] == ""}
    assert persons["police"] == ["0", "10"]
    fin = table_after(md, "### Financing (national)")
    assert fin[2:] == [["AAA", "—", "14.4 m EUR", "14.4 m EUR", "—"],
                       ["BBB", "—", "720,000 EUR", "720,000 EUR", "—"],
                       ["CCC", "5.0 m EUR", "3.6 m EUR", "3.6 m EUR", "72%"]]


def test_plan_markdown_lists_short_requirements(solved: Solved) -> None:
    md = plan_markdown(solved.variant_plan)
    short = table_after(md, "### Shortfalls")
    rows = {(r[1], r[2], r[3]): r for r in short[2:]}
    expected = [r for r in solved.variant_plan.requirements if r.shortfall > 0]
    assert expected and len(rows) == len(expected)
    for r in expected:
        row = rows[r.task, r.capability, r.phase]
        assert row[0] == r.priority
        assert row[4] == f"{r.shortfall:,}"
    assert short[2][0] == "essential"  # highest priority first


def test_user_text_is_escaped(solved: Solved) -> None:
    md = plan_markdown(solved.base_plan)
    assert md.startswith(r"## Test \| mission \*one\* \<b\>" + "\n")
    alloc = table_after(md, "### Allocation by contributor (persons; share of the phase)")
    assert alloc[2][0] == r"**Alpha \| Co (AAA)**"
    assert "<b>" not in md
    assert escape("a|b*c_d`e[f](g)<h>&i$j\nk") == r"a\|b\*c\_d\`e\[f\](g)\<h\>\&i\$j k"


# --------------------------------------------------------------------------- markdown: diff


def test_diff_markdown_sections(solved: Solved) -> None:
    md = diff_markdown(solved.diff)
    first = md.split("\n", 1)[0]
    assert first == f"## forcesize diff: {escape(solved.base.file)} → variant.toml"
    assert "The outcome changed; the variant plan is anchored" in md
    headings = [line for line in md.split("\n") if line.startswith("### ")]
    assert headings == ["### Inputs", "### Outcome", "### Tasks",
                        "### Allocation changes (persons)"]
    tables(md)
    inputs = table_after(md, "### Inputs")
    assert inputs[2:] == [["objective.budget", "changed", "—", "1500000.0"]]
    outcome = table_after(md, "### Outcome")
    assert outcome[0] == ["Section", "Item", "Phase", "Base", "Variant", "Change"]
    assert outcome[1] == ["---", "---", "---", "---:", "---:", "---:"]
    cost = next(r for r in outcome[2:] if r[1] == "total")
    assert cost == ["**Total cost**", "total", "", "18.7 m EUR", "1.5 m EUR", "-17.2 m EUR"]
    essential = next(r for r in outcome[2:] if r[1] == "essential")
    pm = solved.variant_plan.shortfall_person_months["essential"]
    assert pm > 0 and essential[3:] == ["0", f"{pm:,.0f}", f"+{pm:,.0f}"]
    alloc = table_after(md, "### Allocation changes (persons)")
    assert len(alloc) - 2 == len(solved.diff.allocations)
    for row, a in zip(alloc[2:], solved.diff.allocations, strict=True):
        assert row == [a.contributor, a.capability, a.task, a.phase, str(a.base),
                       str(a.variant), f"{a.change:+,}"]


def test_diff_markdown_when_nothing_changed(solved: Solved) -> None:
    md = diff_markdown(solved.same)
    assert not solved.same.changed and not solved.same.inputs
    body = md.split("\n", 1)[1]
    assert body.strip() == "Nothing changed: the inputs and the outcome are the same."
    assert "###" not in md and "|" not in body


def test_diff_markdown_unchanged_outcome_keeps_inputs(solved: Solved) -> None:
    diff = solved.same.model_copy(update={"inputs": solved.diff.inputs})
    md = diff_markdown(diff)
    assert "The outcome did not change (the variant plan is anchored to the base plan)." in md
    assert [line for line in md.split("\n") if line.startswith("### ")] == ["### Inputs"]


def test_long_allocation_lists_are_folded(solved: Solved) -> None:
    many = [AllocationChange(contributor="AAA", capability="infantry", task=f"t{i:02d}",
                             phase="early", base=i, variant=i + 1, change=1)
            for i in range(DETAILS_ROWS + 1)]
    md = diff_markdown(solved.diff.model_copy(update={"allocations": many}))
    folded = md.split("### Allocation changes (persons)\n", 1)[1]
    assert folded.startswith(f"\n<details>\n<summary>{DETAILS_ROWS + 1} allocation changes"
                             "</summary>\n\n| Contributor")
    assert folded.rstrip().endswith("</details>")
    assert len(table_after(md, "### Allocation changes (persons)")) == DETAILS_ROWS + 3
    short = diff_markdown(solved.diff.model_copy(update={"allocations": many[:DETAILS_ROWS]}))
    assert "<details>" not in short.split("### Allocation changes (persons)")[1]


def test_added_and_removed_inputs_show_a_dash(tmp_path: Path) -> None:
    doc = valid_mandate()
    extra = override(override(doc, "contributor.DDD.available.infantry", 10),
                     "contributor.DDD.name", "Delta")
    base = load_mandate(write_toml(tmp_path, doc, "a.toml"))
    variant = load_mandate(write_toml(tmp_path, extra, "b.toml"))
    plan_a, plan_b = plan_mandate(base), plan_mandate(variant)
    diff = build_diff(base.file, base.mandate, plan_a, variant.file, variant.mandate, plan_b,
                      anchored=False)
    md = diff_markdown(diff)
    assert "the variant plan is not anchored" in md
    row = next(r for r in table_after(md, "### Inputs")[2:] if r[0] == "contributor.DDD")
    assert row == ["contributor.DDD", "added", "—",
                   '{ name = "Delta", available = { infantry = 10 } }']
    back = build_diff(variant.file, variant.mandate, plan_b, base.file, base.mandate, plan_a,
                      anchored=False)
    row = next(r for r in table_after(diff_markdown(back), "### Inputs")[2:])
    assert row[:2] == ["contributor.DDD", "removed"] and row[3] == "—"
    found = list(csv.DictReader(io.StringIO(diff_csv(diff))))
    assert {"section": "input", "item": "contributor.DDD", "phase": "", "unit": "",
            "base": "", "variant": '{ name = "Delta", available = { infantry = 10 } }',
            "change": "added"} in found


def test_toml_value() -> None:
    assert toml_value("a \"b\"") == r'"a \"b\""'
    assert toml_value(["x", 1, 2.5, True]) == '["x", 1, 2.5, true]'
    assert toml_value({"a-b": {"c": 1}, "d e": [], "n": None}) == \
        '{ a-b = { c = 1 }, "d e" = [] }'
    assert toml_value({}) == "{}"
    assert toml_value(3e9) == "3000000000.0"
    assert toml_value(None) == ""


# --------------------------------------------------------------------------- markdown: comparison


def test_comparison_markdown(solved: Solved) -> None:
    md = comparison_markdown(solved.comparison)
    [rows] = tables(md)
    assert rows[0] == ["Figure", "Unit", "base", "budget-cut"]
    assert rows[1] == ["---", "---", "---:", "---:"]
    assert len(rows) - 2 == len(solved.comparison.rows)
    by_label = {r[0].replace("&nbsp;", ""): r for r in rows[2:]}
    assert by_label["Total cost"][1:] == ["EUR", "18.7 m EUR", "1.5 m EUR"]
    assert by_label["Personnel, largest phase"][2] == "110"
    assert by_label["Largest share of a phase"][2] == "80%"
    assert by_label["Person-months deployed"][2] == "1,920"
    assert by_label["Military, its largest phase"][0] == "&nbsp;&nbsp;Military, its largest phase"
    assert f"- **base**: {escape(solved.base.file)} ({escape(MISSION)})" in md


def test_comparison_markdown_none_and_mixed_currency(solved: Solved) -> None:
    cols = [c.model_copy(update={"currency": cur})
            for c, cur in zip(solved.comparison.mandates, ["EUR", "USD"], strict=True)]
    cmp = solved.comparison.model_copy(update={
        "mandates": cols,
        "rows": [Row(metric="total_cost", label="Total cost", unit="money", level=0,
                     values=[2.5e9, 1234.0]),
                 Row(metric="largest_share_by", label="held by", unit="", level=1,
                     values=["A|B", None]),
                 Row(metric="tasks_short", label="Tasks under-resourced", unit="tasks", level=0,
                     values=[1234, 0])]})
    [rows] = tables(comparison_markdown(cmp))
    assert rows[2][1:] == ["money", "2.50 bn EUR", "1,234 USD"]  # no single currency
    assert rows[3][0] == "&nbsp;&nbsp;held by"
    assert rows[3][2:] == [r"A\|B", "—"]
    assert rows[4][2:] == ["1,234", "0"]
    found = list(csv.DictReader(io.StringIO(comparison_csv(cmp))))
    money = [(r["unit"], r["value"]) for r in found if r["metric"] == "total_cost"]
    assert money == [("EUR", "2500000000.00"), ("USD", "1234.00")]
    assert [r["value"] for r in found if r["metric"] == "largest_share_by"] == ["A|B", ""]


# --------------------------------------------------------------------------- CSV


def test_plan_csv_round_trips_to_the_plan(solved: Solved) -> None:
    plan = solved.variant_plan
    text = plan_csv(plan)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert text.split("\n", 1)[0] == ",".join(PLAN_COLUMNS)
    assert "\r" not in text
    assert len(rows) == len(plan.allocations) > 0
    assert sum(int(r["personnel"]) for r in rows) == sum(a.personnel for a in plan.allocations)
    assert sum(float(r["cost"]) for r in rows) == pytest.approx(plan.total_cost, abs=0.01)
    months = {p.phase: p.months for p in plan.phases}
    component = {(r.task, r.capability, r.phase): r.component for r in plan.requirements}
    for row, a in zip(rows, plan.allocations, strict=True):
        assert (row["contributor"], row["capability"], row["task"], row["phase"]) == \
            (a.contributor, a.capability, a.task, a.phase)
        assert float(row["months"]) == months[a.phase]
        assert row["component"] == component[a.task, a.capability, a.phase]
        assert row["cost"] == f"{a.cost:.2f}"
        assert int(row["personnel"]) == a.personnel


def test_plan_csv_numbers_have_no_separators(solved: Solved) -> None:
    rows = list(csv.DictReader(io.StringIO(plan_csv(solved.base_plan))))
    first = rows[0]
    assert first == {"contributor": "AAA", "capability": "infantry", "component": "military",
                     "task": "patrol", "phase": "early", "months": "6", "personnel": "80",
                     "cost": "4800000.00"}


def test_diff_csv_has_inputs_outcome_tasks_and_allocations(solved: Solved) -> None:
    diff = solved.diff
    text = diff_csv(diff)
    assert text.split("\n", 1)[0] == ",".join(DIFF_COLUMNS)
    rows = list(csv.DictReader(io.StringIO(text)))
    sections = [r["section"] for r in rows]
    n_in, n_out, n_task = len(diff.inputs), len(diff.outcome), len(diff.tasks)
    assert sections[:n_in] == ["input"] * n_in
    assert sections[n_in:n_in + n_out] == [o.section for o in diff.outcome]
    assert sections[n_in + n_out:n_in + n_out + n_task] == ["task"] * n_task
    assert sections[n_in + n_out + n_task:] == ["allocation"] * len(diff.allocations)
    assert rows[0] == {"section": "input", "item": "objective.budget", "phase": "", "unit": "",
                       "base": "", "variant": "1500000.0", "change": "changed"}
    for row, o in zip(rows[n_in:n_in + n_out], diff.outcome, strict=True):
        assert (row["item"], row["phase"], row["unit"]) == (o.item, o.phase, o.unit)
        assert float(row["base"]) == pytest.approx(o.base)
        assert float(row["variant"]) == pytest.approx(o.variant)
        assert float(row["change"]) == pytest.approx(o.change)
    cost = next(r for r in rows if r["section"] == "cost")
    assert (cost["unit"], cost["base"], cost["variant"], cost["change"]) == \
        ("EUR", "18720000.00", "1500000.00", "-17220000.00")
    tasks = [r for r in rows if r["section"] == "task"]
    assert {(r["item"], r["change"]) for r in tasks} == \
        {(t.task, t.change) for t in diff.tasks}
    assert all(r["unit"] == "person-months" for r in tasks)
    alloc = [r for r in rows if r["section"] == "allocation"]
    assert [r["item"] for r in alloc] == \
        [f"{a.contributor}/{a.capability}/{a.task}" for a in diff.allocations]
    assert sum(int(r["change"]) for r in alloc) == sum(a.change for a in diff.allocations)


def test_comparison_csv_is_tidy(solved: Solved) -> None:
    cmp = solved.comparison
    text = comparison_csv(cmp)
    assert text.split("\n", 1)[0] == ",".join(COMPARISON_COLUMNS)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == len(cmp.mandates) * len(cmp.rows)
    values = {(r["mandate"], r["metric"]): r for r in rows}
    for j, c in enumerate(cmp.mandates):
        for row in cmp.rows:
            got = values[c.label, row.metric]
            assert got["file"] == c.file
            want = row.values[j]
            if isinstance(want, str):
                assert got["value"] == want
            else:
                assert float(got["value"]) == pytest.approx(want)
    assert values["base", "total_cost"]["value"] == "18720000.00"
    assert values["base", "largest_share"]["value"] == "0.8"


# --------------------------------------------------------------------------- JSON


def test_render_json_plan_is_unchanged(solved: Solved) -> None:
    plan = solved.base_plan
    legacy = json.dumps(plan.model_dump(mode="json"), indent=2, ensure_ascii=False,
                        allow_nan=False) + "\n"
    assert render_json(plan) == legacy
    assert json.loads(render_json(plan))["mandate"] == MISSION


def test_render_json_diff_and_comparison(solved: Solved) -> None:
    diff = json.loads(render_json(solved.diff))
    assert diff["kind"] == "diff" and diff["changed"] is True
    assert Diff.model_validate(diff) == solved.diff
    cmp = json.loads(render_json(solved.comparison))
    assert cmp["kind"] == "compare"
    assert [c["label"] for c in cmp["mandates"]] == ["base", "budget-cut"]


# --------------------------------------------------------------------------- determinism


def _all_text(plan: Plan, diff: Diff, cmp: Comparison) -> list[str]:
    return [plan_markdown(plan), diff_markdown(diff), comparison_markdown(cmp), plan_csv(plan),
            diff_csv(diff), comparison_csv(cmp), render_json(plan), render_json(diff),
            render_json(cmp), _rich(render_diff, diff), _rich(render_comparison, cmp)]


def test_rendering_is_deterministic(solved: Solved) -> None:
    first = _all_text(solved.base_plan, solved.diff, solved.comparison)
    assert first == _all_text(solved.base_plan, solved.diff, solved.comparison)
    # Equal objects rebuilt from their JSON render byte-identically too.
    copies = (Plan.model_validate_json(render_json(solved.base_plan)),
              Diff.model_validate_json(render_json(solved.diff)),
              Comparison.model_validate_json(render_json(solved.comparison)))
    assert first == _all_text(*copies)


def test_markdown_csv_and_json_do_not_import_rich() -> None:
    code = ("import sys, forcesize.render.markdown, forcesize.render.csv, "
            "forcesize.render.json; print(sorted(m for m in sys.modules "
            "if m.split('.')[0] == 'rich'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"


@pytest.mark.parametrize("name", ["markdown", "csv", "json", "cells", "table"])
def test_renderers_never_import_a_solver(name: str) -> None:
    source = (Path(forcesize.render.__file__).parent / f"{name}.py").read_text()
    imported = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            imported |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            imported.add(node.module.split(".")[0])
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add("." * node.level + node.module)
    assert not imported & {"pulp", "highspy", "..model", "..solve", "..pipeline"}
    if name != "table":
        assert "rich" not in imported


# --------------------------------------------------------------------------- rich


def _rich(render: Any, result: Any, **console: Any) -> str:
    buffer = io.StringIO()
    options: dict[str, Any] = {"width": 250, "color_system": None, **console}
    render(result, Console(file=buffer, **options))
    return buffer.getvalue()


def test_render_diff_shows_the_key_figures(solved: Solved) -> None:
    out = _rich(render_diff, solved.diff)
    assert "\x1b" not in out
    assert out.startswith(f"forcesize diff: {solved.base.file} → variant.toml\n")
    for text in ("The outcome changed", "Inputs", "objective.budget", "1500000", "Outcome",
                 "18.7 m EUR", "1.5 m EUR", "-17.2 m EUR", "became short",
                 "Allocation changes (persons)"):
        assert text in out, text
    pm = solved.variant_plan.shortfall_person_months["essential"]
    line = next(x for x in out.splitlines() if "Shortfall by priority" in x)
    assert f"+{pm:,.0f}" in line
    for a in solved.diff.allocations:
        assert re.search(rf"{a.contributor}\s+{a.capability}\s+{a.task}\s+{a.phase}\s+"
                         rf"{a.base:,}\s+{a.variant:,}\s+{a.change:+,}", out), a


def test_render_diff_when_nothing_changed(solved: Solved) -> None:
    out = _rich(render_diff, solved.same)
    assert "Nothing changed" in out
    assert "Outcome" not in out and "Inputs" not in out


def test_render_diff_colours_only_unambiguous_changes(solved: Solved) -> None:
    out = _rich(render_diff, solved.diff, color_system="standard", force_terminal=True)
    red = "\x1b[1;31m"
    green = "\x1b[32m"
    lines = out.splitlines()
    shortfall = next(x for x in lines if "essential" in x and "Shortfall" in x)
    assert re.search(re.escape(red) + r" *\+1,650", shortfall)
    cost = next(x for x in lines if "Total cost" in x)
    assert re.search(re.escape(green) + r" *-17\.2 m EUR", cost)
    persons = [x for x in lines if "Persons by contributor" in x]
    assert persons and red not in persons[0] and green not in persons[0]


def test_render_comparison_shows_every_row(solved: Solved) -> None:
    out = _rich(render_comparison, solved.comparison)
    assert "\x1b" not in out
    header = next(x for x in out.splitlines() if "Figure" in x)
    assert re.search(r"Figure\s+Unit\s+base\s+budget-cut", header)
    for row in solved.comparison.rows:
        assert row.label.strip() in out
    assert re.search(r"Total cost\s+EUR\s+18\.7 m EUR\s+1\.5 m EUR", out)
    assert re.search(r"Largest share of a phase\s+fraction\s+80%\s+80%", out)
    assert f"base: {solved.base.file} ({MISSION})" in out


def test_rich_renderers_print_user_text_literally(solved: Solved) -> None:
    cmp = solved.comparison.model_copy(update={"mandates": [
        c.model_copy(update={"label": f"[red]{c.label}[/red]"})
        for c in solved.comparison.mandates]})
    cmp = cmp.model_copy(update={"rows": [cmp.rows[0].model_copy(update={"label": "[b]x"})]})
    lines = _rich(render_comparison, cmp).splitlines()
    header = next(x for x in lines if "Figure" in x)
    assert "[red]base[/red]" in header and "[red]budget-cut[/red]" in header
    assert any(x.strip().startswith("[b]x") for x in lines)
    diff = solved.diff.model_copy(update={
        "base": solved.diff.base.model_copy(update={"file": "[bold]a.toml"})})
    assert "forcesize diff: [bold]a.toml → variant.toml" in _rich(render_diff, diff)


def test_a_long_burden_sharing_table_is_folded_in_markdown() -> None:
    from ..solving import base, plan_of

    doc = base()
    doc["task"]["hold"] = {"function": "supervision", "theatre": "x",
                           "need": {"inf": {"fixed": 25}}}
    doc["contributor"] = {f"C{i:02d}": {"available": {"inf": 1}} for i in range(25)}
    md = plan_markdown(plan_of(doc))
    after = md[md.index("### Burden-sharing"):]
    assert after.startswith("### Burden-sharing\n\n<details>\n<summary>25 payers</summary>")
