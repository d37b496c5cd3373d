"""``forcesize solve --summary``: the short view, its formats and what it refuses.

In-process runs (``invoke``) are piped, so plain: no bars, no escape codes, and the
console is 200 columns wide, wider than the 100 the summary keeps to.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from forcesize.render.cells import NEXT_TITLE, SUMMARY_SECTIONS
from forcesize.render.table import GAUGE_MARKS

from ..helpers import IN_PROCESS_WIDTH, invoke

SHORT_TASK = "gaza-ceasefire-enforcement"
"""The default mandate's only short task (important priority)."""


def test_the_summary_is_short_fits_100_columns_and_reads_in_order() -> None:
    assert IN_PROCESS_WIDTH > 100  # so the 100 below is the summary's own limit
    _code, out, err = invoke("solve", "--summary")
    assert err == ""
    lines = out.splitlines()
    assert lines[0].startswith("Summary: International peacekeeping mission")
    assert max(len(line) for line in lines) <= 100
    assert len(lines) < 50  # the full plan is 271 lines
    at = [out.index(title) for title in (*SUMMARY_SECTIONS, NEXT_TITLE)]
    assert at == sorted(at)
    assert "\x1b" not in out and not set(GAUGE_MARKS) & set(out) and "…" not in out
    assert f"important   {SHORT_TASK}   infantry               implementation" in out
    assert "forcesize report" in out and "forcesize explain" in out


def test_the_summary_keeps_the_exit_code_of_the_plan() -> None:
    code, out, _err = invoke("solve", "--summary", "--fail-on", "important", expect=1)
    assert code == 1 and SUMMARY_SECTIONS[0] in out


def test_the_summary_in_markdown() -> None:
    _code, out, _err = invoke("solve", "--summary", "--format", "markdown")
    assert out.startswith("## Summary: International peacekeeping mission")
    assert f"### {SUMMARY_SECTIONS[1]} (6)" in out
    assert f"| important | {SHORT_TASK} | infantry | implementation | 1,460 | 52,560 |" in out


def test_the_summary_written_to_a_file_is_what_stdout_gets(tmp_path: Path) -> None:
    _code, out, _err = invoke("solve", "--summary")
    target = tmp_path / "summary.txt"
    _code, nothing, err = invoke("solve", "--summary", "-o", target)
    assert nothing == "" and f"wrote {target}" in err
    assert target.read_text(encoding="utf-8") == out


@pytest.mark.parametrize("args", [["--format", "json"], ["--format", "csv"], ["--explain"],
                                  ["--explain", "--format", "markdown"]])
def test_the_summary_refuses_what_would_not_be_short(args: list[str]) -> None:
    _code, out, err = invoke("solve", "--summary", *args, expect=2)
    assert out == ""
    assert "--summary" in err


def test_without_summary_the_plan_is_printed_whole() -> None:
    _code, out, _err = invoke("solve")
    assert SUMMARY_SECTIONS[0] not in out
    assert "Allocation by contributor" in out and "Burden-sharing" in out
