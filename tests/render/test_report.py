"""``forcesize report``: one offline, deterministic HTML page, with every figure in a table.

The page is parsed with the standard library's HTML parser, so the checks read its
structure (sections, charts, tables, links) rather than search its text. The browser
test (tests/test_browser.py) opens the same pages in Chromium.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from forcesize.results.studies import read_study
from tests.helpers import invoke, run_cli

MANDATES = Path(__file__).resolve().parents[2] / "mandates"
VARIANT = MANDATES / "variants" / "no-us-troops.toml"
SIZE_LIMIT = 300_000
"""Bytes: the issue's aim for the default mandate's page."""


class Page(HTMLParser):
    """What the checks need of a page: its tags with attributes, in order, and the text
    of each table cell and of each SVG's title and description."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.stack: list[str] = []
        self.cells: list[str] = []
        self.svg_titles: list[str] = []
        self.svg_descs: list[str] = []
        self.ids: list[str] = []
        self._text: list[str] | None = None
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if "id" in dict(attrs):
            self.ids.append(str(dict(attrs)["id"]))
        self.stack.append(tag)
        if tag in ("td", "th", "title", "desc"):
            self._text = []

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))  # <rect/>: opened and closed at once

    def handle_endtag(self, tag: str) -> None:
        if self.stack and self.stack[-1] == tag:
            self.stack.pop()
        if self._text is not None and tag in ("td", "th", "title", "desc"):
            text = "".join(self._text)
            if tag in ("td", "th"):
                self.cells.append(text)
            elif tag == "title" and self.stack and self.stack[-1] == "svg":
                self.svg_titles.append(text)
            elif tag == "desc":
                self.svg_descs.append(text)
            self._text = None

    def handle_data(self, data: str) -> None:
        if self._text is not None:
            self._text.append(data)

    def count(self, tag: str, **attrs: str) -> int:
        return sum(1 for t, a in self.tags if t == tag and all(a.get(k) == v
                                                               for k, v in attrs.items()))


def _report(tmp_path: Path, *args: str, name: str = "report.html") -> tuple[str, Page]:
    out = tmp_path / name
    invoke("report", "--confirm", "0", *args, "-o", str(out))
    text = out.read_text(encoding="utf-8")
    return text, Page(text)


@pytest.fixture(scope="module")
def default(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Page]:
    return _report(tmp_path_factory.mktemp("report"))


def test_the_default_page_is_small_offline_and_has_every_section(default):
    text, page = default
    assert len(text.encode("utf-8")) < SIZE_LIMIT
    assert page.count("script") == 0 and "<script" not in text.lower()
    for tag, attrs in page.tags:  # nothing is fetched: links stay on the page
        for key in ("src", "href", "srcset", "action"):
            if key in attrs:
                assert str(attrs[key]).startswith("#"), (tag, attrs)
    assert "url(" not in text and "@import" not in text
    for section in ("verdict", "coverage", "components", "shares", "financing",
                    "shortfalls", "derivations"):
        assert section in page.ids
        assert page.count("a", href=f"#{section}") == 1  # listed in the contents


def test_every_chart_has_a_text_alternative_and_a_table(default):
    text, page = default
    charts = page.count("svg", role="img")
    assert charts >= 5
    assert len(page.svg_titles) == charts and all(page.svg_titles)
    assert len(page.svg_descs) == charts and all(page.svg_descs)
    # each figure is followed by the table of its numbers before the next figure
    for chunk in text.split("<figure>")[1:]:
        assert "<table>" in chunk.split("</figure>", 1)[1].split("<figure>", 1)[0], chunk[:200]


def test_the_page_says_what_the_plan_says(default):
    _, page = default
    plan = json.loads(invoke("solve", "--format", "json")[1])
    cells = set(page.cells)
    assert {r["task"] for r in plan["requirements"]} <= cells  # the coverage grid
    for c in plan["contributors"]:
        if c["name"] != c["contributor"]:
            assert f"{c['name']} ({c['contributor']})" in cells
    short = [r for r in plan["requirements"] if r["shortfall"]]
    assert short, "the default mandate is short at important priority"
    for r in short:  # in "where short" with its figures
        assert f"{r['filled']:,}/{r['required']:,}" in cells
    phase = plan["phases"][-1]
    assert f"covered {phase['deployed']:,}" not in cells  # a grid cell is a task's, not a phase's
    assert f"{phase['deployed']:,}" in cells and f"{phase['required']:,}" in cells


def test_two_runs_write_the_same_bytes(tmp_path):
    """In separate processes with different hash seeds: nothing depends on the order of a
    set or on the clock."""
    pages = []
    for seed in ("1", "2"):
        out = tmp_path / f"report-{seed}.html"
        run_cli("report", "--confirm", "0", "-o", out, env={"PYTHONHASHSEED": seed})
        pages.append(out.read_bytes())
    assert pages[0] == pages[1]


def test_a_comparison_sets_the_variant_beside_the_base(tmp_path):
    _, page = _report(tmp_path, str(MANDATES / "west-bank-gaza.toml"), str(VARIANT))
    assert "comparison" in page.ids
    assert {"m1-verdict", "m2-verdict", "m1-coverage", "m2-coverage"} <= set(page.ids)
    assert "west-bank-gaza" in page.cells and "no-us-troops" in page.cells
    assert page.count("article") == 2


@pytest.fixture(scope="module")
def studies(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("studies")
    files = {"sweep": folder / "sweep.jsonl", "grid": folder / "grid.jsonl",
             "tornado": folder / "tornado.json", "risk": folder / "risk.json",
             "alternatives": folder / "alternatives.json"}
    invoke("sweep", "--set", "objective.budget=4e9..6e9:1e9", "--format", "json", "-o",
           str(files["sweep"]))
    invoke("sweep", "--set", "objective.budget=4e9,5e9", "--set",
           "objective.max_share=0.3,0.4", "--format", "json", "-o", str(files["grid"]))
    invoke("sensitivity", "--tornado", "20%", "--keys", "objective.*", "--format", "json",
           "-o", str(files["tornado"]))
    invoke("risk", "--draws", "30", "--recourse", "none", "--format", "json", "-o",
           str(files["risk"]))
    invoke("alternatives", "--count", "2", "--format", "json", "-o",
           str(files["alternatives"]))
    return files


def test_studies_are_read_back_as_the_commands_wrote_them(studies):
    kinds = {name: type(read_study(path)).__name__ for name, path in studies.items()}
    assert kinds == {"sweep": "Sweep", "grid": "Sweep", "tornado": "Sensitivity",
                     "risk": "RiskDraws", "alternatives": "Alternatives"}
    sweep = read_study(studies["sweep"])
    assert [p.values for p in sweep.points] == [
        {"objective.budget": v} for v in (4e9, 5e9, 6e9)]


def test_a_report_draws_every_study_it_is_given(tmp_path, studies):
    args = [x for path in studies.values() for x in ("--study", str(path))]
    text, page = _report(tmp_path, *args)
    for i, path in enumerate(studies.values(), 1):
        assert f"study-{i}" in page.ids
        section = text.split(f'id="study-{i}"', 1)[1].split("<section", 1)[0]
        assert "<svg" in section and "<table>" in section, path.name
        assert str(path) in section
    assert "<polyline" in text  # the one-axis sweep is a line
    grid = text.split('id="study-2"', 1)[1].split("<section", 1)[0]
    assert grid.count('<rect') >= 4  # the two-axis sweep is a heat map of 2 × 2 cells
    assert len(text.encode("utf-8")) < SIZE_LIMIT


@pytest.mark.parametrize(("content", "message"), [
    ("{}", "not a study's JSON output"),
    ("not json at all", "not JSON"),
    ('{"kind": "sensitivity", "schema_version": 99}', "schema_version 99"),
    ('{"kind": "sweep_point", "schema_version": 1}', "point"),
])
def test_a_bad_study_file_is_named_with_exit_2(tmp_path, content, message):
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    _, out, err = invoke("report", "--confirm", "0", "--study", str(bad), "-o",
                            str(tmp_path / "r.html"), expect=2)
    assert out == "" and "Traceback" not in err
    assert "bad.json" in err and message in err
    assert not (tmp_path / "r.html").exists()


def test_a_plan_json_is_not_a_study(tmp_path):
    plan = tmp_path / "plan.json"
    plan.write_text(invoke("solve", "--format", "json")[1], encoding="utf-8")
    _, _, err = invoke("report", "--study", str(plan), "-o", str(tmp_path / "r.html"),
                       expect=2)
    assert re.search(r"not a study's JSON output \(kind None\)", err)


LOADED = """import atexit, sys
atexit.register(lambda: sys.stderr.write("\\nLOADED " + " ".join(
    m for m in ("forcesize.render.html", "forcesize.render.svg", "forcesize.results.studies")
    if m in sys.modules)))
from forcesize.cli import main
sys.argv = ["forcesize", *sys.argv[1:]]
main()
"""


@pytest.mark.parametrize(("args", "loaded"), [
    (["solve", "--format", "json"], ""),
    (["report", "--confirm", "0", "-o", "{tmp}/r.html"],
     "forcesize.render.html forcesize.render.svg forcesize.results.studies"),
])
def test_the_report_stays_out_of_solve(tmp_path, args, loaded):
    """``solve`` never imports the report's modules (they load with ``report`` only)."""
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-c", LOADED,
                           *(a.format(tmp=tmp_path) for a in args)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.rsplit("\nLOADED ", 1)[1] == loaded


def test_without_output_the_page_goes_to_stdout_alone():
    code, out, err = invoke("report", "--confirm", "0")
    assert code == 0 and out.startswith("<!DOCTYPE html>") and out.endswith("</html>\n")
    assert "<!DOCTYPE" not in err


def test_a_share_that_reads_as_its_cap_is_marked_at_the_cap(default):
    """TUR sends 1,233 of 3,525 persons in negotiation (34.98 %) under a 35 % cap: the page
    says "35% (cap 35%)", so its bar is drawn at the cap (orange)."""
    text, _ = default
    bars = re.findall(r'<rect [^>]*fill="(#[0-9A-F]{6})"><title>(\w+): (\d+)% \(cap (\d+)%\)',
                      text)
    assert ("#E69F00", "TUR", "35", "35") in bars
    assert all((colour == "#E69F00") == (share == cap) for colour, _, share, cap in bars)


def test_a_capability_over_covered_by_units_does_not_cover_anothers_shortfall():
    """jordan-valley-border in implementation: infantry 1,450 of 1,349 (whole companies)
    and military observers 49 of 49. With ten observers short, the task's persons still sum
    above its need, but the grid must say it is short, not covered."""
    from forcesize.render.html import _coverage
    from forcesize.results import Plan

    plan = Plan.model_validate_json(invoke("solve", "--format", "json")[1])
    assert "covered 1,499/1,398" in _coverage(plan)
    rows = [r.model_copy(update={"filled": 39, "shortfall": 10})
            if (r.task, r.capability, r.phase) ==
            ("jordan-valley-border", "military-observer", "implementation") else r
            for r in plan.requirements]
    page = _coverage(plan.model_copy(update={"requirements": rows}))
    assert "covered 1,489/1,398" not in page
    assert "partly 1,489/1,398, 10 short" in page
