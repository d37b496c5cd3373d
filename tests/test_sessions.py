"""The command sessions pasted in the docs are what forcesize prints today.

``scripts/sessions.py`` runs every ``$ `` command of README.md and docs/*.md again, in
a scratch copy of the repository, and compares what it prints with what the doc shows;
``python scripts/sessions.py`` writes the new output. Blocks marked
``<!-- output varies: ... -->`` (a time limit) run but are not compared; blocks marked
``<!-- not rerun: ... -->`` (timings, a git remote) do not run: the test lists both, so
a mark cannot hide a block unnoticed.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from .helpers import doc_sessions

ROOT = Path(__file__).resolve().parent.parent
sessions = doc_sessions()

MARKED = {
    ("docs/guide.md", "not rerun"): 1,   # the benchmark's timings
    ("docs/ci.md", "not rerun"): 4,      # the test repository and its remote, its artifact
    ("docs/cli.md", "output varies"): 2,  # --time-limit on a large generated mandate
}


def _blocks(file: str):
    lines = (ROOT / file).read_text(encoding="utf-8").split("\n")
    return sessions.blocks(lines)


def test_the_parser_splits_commands_and_outputs():
    lines = ["text", "<!-- output varies: a clock -->", "```", "$ echo a", "a", "$ true",
             "$ printf 'b\\nc\\n'", "b", "c", "```", "```", "$ only an example", "```"]
    found = sessions.blocks(lines)
    assert [b.marked for b in found] == [("output varies", "a clock"), None]
    first, example = found
    assert [(c.text, c.output) for c in first.commands] == [
        ("echo a", ["a"]), ("true", []), ("printf 'b\\nc\\n'", ["b", "c"])]
    assert example.examples and not first.examples
    assert sessions.rewrite(lines, {3: ["A"], 6: ["B"]}) == "\n".join(
        [*lines[:4], "A", *lines[5:7], "B", *lines[9:]])


def test_only_the_known_blocks_are_marked():
    marked: dict[tuple[str, str], int] = {}
    for file in sessions.FILES:
        for block in _blocks(file):
            if block.marked:
                key = (file, block.marked[0])
                marked[key] = marked.get(key, 0) + 1
    assert marked == MARKED


@pytest.fixture(scope="module")
def stale() -> dict[str, list[str]]:
    """Every file's stale sessions, the files run two at a time (each in its own shell)."""
    from concurrent.futures import ThreadPoolExecutor

    if shutil.which("jq") is None:
        if os.environ.get("CI"):
            pytest.fail("jq is missing in CI: .ci/run installs it")
        pytest.skip("jq is not installed: the docs' sessions are NOT checked")
    with ThreadPoolExecutor(max_workers=2) as pool:
        found = pool.map(lambda file: sessions.stale(file, every=False)[1], sessions.FILES)
        return dict(zip(sessions.FILES, found, strict=True))


@pytest.mark.slow
@pytest.mark.parametrize("file", sessions.FILES)
def test_every_pasted_session_is_what_forcesize_prints(file, stale):
    assert not stale[file], "".join(stale[file]) + \
        "run `python scripts/sessions.py` to write them again"


def test_sessions_that_overrun_stop_with_a_sentence_not_a_traceback(monkeypatch, capsys):
    monkeypatch.setattr(sessions, "TIMEOUT", 0.01)
    assert sessions.main(["docs/explain.md", "--check"]) == 2
    assert "ran longer than 0.01 s" in capsys.readouterr().err
