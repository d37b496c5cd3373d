"""Bars in the terminal, ids never cut, and the summary view (``solve --summary``).

The plan is the bundled default mandate's, solved once: 36 requirements over three
phases, 15 contributors under a 35 % cap, six important shortfalls, all in
``gaza-ceasefire-enforcement``. A colour console is rich's own on a StringIO forced to
be a terminal; a plain one is what a pipe, a file or ``NO_COLOR`` gets.
"""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from rich.console import Console

from forcesize.fmt import money, number
from forcesize.mandate import load_mandate
from forcesize.pipeline import plan_mandate
from forcesize.render import Format, render_text
from forcesize.render.cells import (
    GAUGE_WIDTH,
    NEXT_TITLE,
    READ_FIRST,
    SUMMARY_SECTIONS,
    SUMMARY_TOP,
    bar_cells,
    caps_words,
    coverage_cells,
    share_cells,
    shares_order,
    short_requirements,
)
from forcesize.render.console import make_console
from forcesize.render.markdown import summary_markdown
from forcesize.render.table import GAUGE_MARKS, render_plan, render_summary
from forcesize.render.views import SummaryView
from forcesize.results import Plan

from ..helpers import ANSI, valid_mandate, write_toml

FULL, EMPTY = GAUGE_MARKS
WIDTHS = (80, 100, 143)
"""A classic terminal, the issue's 100-column one, and the width of the plain plan."""


@pytest.fixture(scope="module")
def plan() -> Plan:
    return plan_mandate(load_mandate(None))


def _render(render: Any, result: Any, width: int, colour: bool) -> str:
    """What ``render`` prints at ``width``, escape codes removed (colour only adds them)."""
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, force_terminal=colour,
                      color_system="truecolor" if colour else None, no_color=not colour)
    render(result, console)
    out = buffer.getvalue()
    if colour:
        assert "\x1b[" in out  # really a colour console
    return ANSI.sub("", out)


def _lines_with(out: str, *words: str) -> list[str]:
    return [line for line in out.splitlines() if all(w in line for w in words)]


def _whole(word: str) -> re.Pattern[str]:
    """``word`` as a whole id: not the start or end of a longer id."""
    return re.compile(rf"(?<![\w-]){re.escape(word)}(?![\w-])")


# --------------------------------------------------------------------------- the bar rule


def test_every_bar_follows_the_tornado_rule() -> None:
    assert bar_cells(0, 10, 5) == 0
    assert bar_cells(0.01, 10, 5) == 1  # a small non-zero value is still seen
    assert bar_cells(-6, 10, 5) == 3  # the magnitude, either side
    assert bar_cells(5, 10, 4) == 2
    assert bar_cells(10, 10, 5) == 5
    assert bar_cells(30, 10, 5) == 5  # never wider than the bar


def test_a_short_requirement_never_reads_as_filled() -> None:
    assert coverage_cells(1_348, 1_349) == GAUGE_WIDTH - 1
    assert coverage_cells(1_349, 1_349) == GAUGE_WIDTH
    assert coverage_cells(1_450, 1_349) == GAUGE_WIDTH  # whole units' excess
    assert coverage_cells(0, 219) == 0
    assert coverage_cells(1, 219) == 1
    assert coverage_cells(0, 0) == GAUGE_WIDTH  # nothing required, nothing missing


def test_a_share_is_drawn_against_its_cap() -> None:
    assert share_cells(1_233 / 3_525, 0.35) == GAUGE_WIDTH  # at the cap to the person
    assert share_cells(512 / 2_481, 0.35) == 3
    assert share_cells(0.0, 0.35) == 0
    assert share_cells(0.2, 0.0) == 0


# --------------------------------------------------------------------------- bars in the plan


def test_a_colour_terminal_gets_coverage_and_share_bars(plan: Plan) -> None:
    out = _render(render_plan, plan, 143, colour=True)
    assert out.splitlines()[0] == READ_FIRST
    filled = FULL * GAUGE_WIDTH
    assert _lines_with(out, "gaza-border", "border-guard", f"195/195 {filled}")
    short = _lines_with(out, "gaza-ceasefire-enforcement", "infantry")
    assert short and f"0/1,460 {EMPTY * GAUGE_WIDTH}" in short[0]
    # TUR sends 1,233 of 3,525 in negotiation: the cap of 35 % is reached
    turkey = _lines_with(out, "Turkey (TUR)", "all (cap 35%)")
    assert turkey and f"1,233 (35%) {filled}" in turkey[0]
    assert f"512 (21%) {FULL * 3}{EMPTY * 2}" in turkey[0]


@pytest.mark.parametrize("width", WIDTHS)
def test_the_bars_give_way_before_the_ids_do(plan: Plan, width: int) -> None:
    out = _render(render_plan, plan, width, colour=True)
    assert max(len(line) for line in out.splitlines()) <= width
    if width >= 100:  # the narrow layouts have room for them
        assert _lines_with(out, "Turkey (TUR)", f"1,233 (35%) {FULL * GAUGE_WIDTH}")
        assert _lines_with(out, "infantry", f"0/1,460 {EMPTY * GAUGE_WIDTH}")


def test_plain_output_has_no_bars_and_no_hint(plan: Plan) -> None:
    out = _render(render_plan, plan, 250, colour=False)
    assert FULL not in out and EMPTY not in out and "#####" not in out
    assert READ_FIRST not in out
    # the wide layout, as the docs paste it: task, capability and priority side by side
    assert _lines_with(out, "gaza-ceasefire-enforcement", "infantry", "important",
                       "0/1,460")
    assert _lines_with(out, "Turkey (TUR)", "all (cap 35%)", "1,233 (35%)")


@pytest.mark.parametrize(("environ", "bars"), [({}, True), ({"NO_COLOR": "1"}, False),
                                                ({"TERM": "dumb"}, False)])
def test_the_cli_console_draws_bars_only_where_it_has_colour(
        plan: Plan, monkeypatch: pytest.MonkeyPatch, environ: dict[str, str],
        bars: bool) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    for name in ("NO_COLOR", "FORCE_COLOR", "COLUMNS", "TERM"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    stream = Terminal()
    render_plan(plan, make_console(stream))
    out = stream.getvalue()
    assert (FULL in out) is bars
    assert (READ_FIRST in ANSI.sub("", out)) is bars


def test_piped_plain_text_is_deterministic(plan: Plan) -> None:
    assert render_text(plan, Format.table) == render_text(plan, Format.table)
    assert render_text(SummaryView(plan), Format.table) == \
        render_text(SummaryView(plan), Format.table)


# --------------------------------------------------------------------------- ids never cut


def _ids(plan: Plan) -> set[str]:
    return ({r.task for r in plan.requirements} | {r.capability for r in plan.requirements}
            | {c.contributor for c in plan.contributors} | {p.phase for p in plan.phases})


@pytest.mark.parametrize("colour", [False, True], ids=["plain", "colour"])
@pytest.mark.parametrize("width", WIDTHS)
def test_no_id_is_ever_cut(plan: Plan, width: int, colour: bool) -> None:
    out = _render(render_plan, plan, width, colour)
    assert "…" not in out
    assert max(len(line) for line in out.splitlines()) <= width
    missing = sorted(i for i in _ids(plan) if not _whole(i).search(out))
    assert not missing, f"cut or missing at {width} columns: {missing}"
    # every id in every row it belongs to: each short requirement's line holds its ids
    for r in short_requirements(plan):
        assert r.task in out and r.capability in out


@pytest.mark.parametrize("colour", [False, True], ids=["plain", "colour"])
@pytest.mark.parametrize("width", WIDTHS)
def test_figures_stay_on_one_line(plan: Plan, width: int, colour: bool) -> None:
    """The narrow layouts are what make room: the widest one would fit by folding figures."""
    out = _render(render_plan, plan, width, colour)
    figures = ({f"{number(r.filled)}/{number(r.required)}" for r in plan.requirements}
               | {number(p.required) for p in plan.phases}
               | {money(c.cost, plan.currency) for c in plan.contributors if c.cost})
    missing = sorted(f for f in figures if f not in out)
    assert not missing, f"folded at {width} columns: {missing}"


LONG = "border-and-crossing-supervision-along-the-line"
"""A task id of 46 characters: wider than every other column of its tables together."""


@pytest.fixture(scope="module")
def long_plan(tmp_path_factory: pytest.TempPathFactory) -> Plan:
    """The small test mandate with ``patrol`` renamed :data:`LONG`, short in both phases."""
    doc = valid_mandate()
    doc["task"] = {LONG: doc["task"]["patrol"], "mentor": doc["task"]["mentor"]}
    doc["contributor"]["AAA"]["available"]["infantry"] = 10
    plan = plan_mandate(load_mandate(write_toml(tmp_path_factory.mktemp("long"), doc)))
    assert [r.phase for r in plan.requirements if r.task == LONG and r.shortfall] == \
        ["early", "late"]
    return plan


@pytest.mark.parametrize("colour", [False, True], ids=["plain", "colour"])
def test_a_long_id_keeps_its_line_in_every_table(long_plan: Plan, colour: bool) -> None:
    """At 80 columns: in the requirements, in each shortfall's row and in the verdict."""
    out = _render(render_plan, long_plan, 80, colour)
    assert "…" not in out
    assert len(_whole(LONG).findall(out)) == 1 + 2, out
    out = _render(render_summary, SummaryView(long_plan), 80, colour)
    assert len(_whole(LONG).findall(out)) == 1 + 2, out


def test_narrower_than_any_layout_a_long_id_folds_and_nothing_is_lost(
        long_plan: Plan) -> None:
    out = _render(render_plan, long_plan, 50, colour=False)
    assert "…" not in out
    shortfalls = out.split("Shortfalls")[-1]
    for figure in ("70", "840", "80", "480", "essential"):
        assert figure in shortfalls, shortfalls


@pytest.mark.parametrize("width", [40, 60])
def test_too_narrow_a_terminal_folds_rather_than_cuts(plan: Plan, width: int) -> None:
    out = _render(render_plan, plan, width, colour=True)
    assert "…" not in out
    assert max(len(line) for line in out.splitlines()) <= width


# --------------------------------------------------------------------------- the summary


@pytest.mark.parametrize("colour", [False, True], ids=["plain", "colour"])
@pytest.mark.parametrize("width", [80, 100, 250])
def test_the_summary_fits_100_columns_with_every_id_in_full(plan: Plan, width: int,
                                                              colour: bool) -> None:
    out = _render(render_summary, SummaryView(plan), width, colour)
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= min(width, 100)
    assert "…" not in out
    short = short_requirements(plan)
    for r in short:
        assert _whole(r.task).search(out) and _whole(r.capability).search(out)
        assert _whole(r.phase).search(out)
    for c in shares_order(plan)[:SUMMARY_TOP]:
        assert f"({c.contributor})" in out
    # the sections, in the order to read them, and where to read next
    at = [out.index(title) for title in SUMMARY_SECTIONS]
    assert at == sorted(at)
    assert out.index(NEXT_TITLE) > at[-1]
    for command in ("forcesize solve", "forcesize explain", "forcesize report"):
        assert command in out.split(NEXT_TITLE)[1]


def test_the_summary_verdict_names_status_shortfall_and_cost(plan: Plan) -> None:
    out = _render(render_summary, SummaryView(plan), 100, colour=False)
    verdict = out.split(SUMMARY_SECTIONS[1])[0]
    assert "Every essential requirement is filled" in verdict
    assert "gaza-ceasefire-enforcement" in verdict
    assert "essential 0, important 92,286, desirable 0 person-months" in verdict
    assert "4.73 bn USD: 89% of the budget (5.30 bn USD); pledges 4.60 bn USD, 97% of the " \
           "cost" in verdict
    assert "optimal (solver highs)" in verdict


def test_the_summary_lists_the_worst_shortfall_first(plan: Plan) -> None:
    out = _render(render_summary, SummaryView(plan), 100, colour=False)
    months = [r.shortfall_person_months for r in short_requirements(plan)]
    assert months == sorted(months, reverse=True) and len(months) == 6
    shown = [int(m.replace(",", "")) for m in re.findall(r"(\d[\d,]*)\s*$", out.split(
        SUMMARY_SECTIONS[1])[1].split(SUMMARY_SECTIONS[2])[0], re.M)]
    assert shown == [round(m) for m in months]


def test_the_summary_draws_shares_against_the_cap_on_a_colour_terminal(plan: Plan) -> None:
    colour = _render(render_summary, SummaryView(plan), 100, colour=True)
    first = colour.split(SUMMARY_SECTIONS[2])[1].splitlines()[3]
    assert first.startswith("Turkey (TUR)")  # nearest its cap: 35 % of negotiation
    assert f"1,233 (35%) {FULL * GAUGE_WIDTH}" in first
    assert "at most 35% of a phase: a full bar." in colour
    plain = _render(render_summary, SummaryView(plan), 100, colour=False)
    assert FULL not in plain and EMPTY not in plain
    assert "at most 35% of a phase." in plain
    assert "5 more contributors, none above 6% of a phase" in plain


def test_the_summary_cuts_long_lists_and_says_so() -> None:
    plan = plan_mandate(load_mandate(None, ["objective.budget=2e9"]))
    short = short_requirements(plan)
    assert len(short) > SUMMARY_TOP
    out = _render(render_summary, SummaryView(plan), 100, colour=False)
    assert f"{len(short) - SUMMARY_TOP} more shortfalls: the full table lists them" in out
    assert max(len(line) for line in out.splitlines()) <= 100


def test_caps_that_differ_are_named() -> None:
    plan = plan_mandate(load_mandate(None, [
        "contributor.TUR.max_share=0.5",
        "contributor.FRA.max_share_by_phase={implementation=0.2}"]))
    assert caps_words(shares_order(plan)) == (
        "Each contributor may provide at most 35% of a phase, except TUR 50%; FRA 20% in "
        "implementation")


def test_the_markdown_summary_has_the_same_sections_and_no_bars(plan: Plan) -> None:
    md = summary_markdown(SummaryView(plan))
    assert md == render_text(SummaryView(plan), Format.markdown)
    assert md.startswith("## Summary: International peacekeeping mission")
    at = [md.index(f"### {title}") for title in SUMMARY_SECTIONS]
    assert at == sorted(at)
    assert "| important | gaza-ceasefire-enforcement | infantry | implementation | 1,460 | " \
           "52,560 |" in md
    assert "| Turkey (TUR) | 512 (21%) | 1,233 (35%) | 1,550 (16%) |" in md
    assert "- `forcesize report`: the plan as an HTML page" in md
    assert FULL not in md and EMPTY not in md
