"""Every fenced block of README.md and docs/*.md is checked, or cannot go stale.

tests/test_sessions.py runs the ``$ `` sessions again (scripts/sessions.py) and compares
what they print with what the doc shows. A block that is not a session is compared with
nothing, so it may hold only what has no output to go stale:

- a **session**: its first line is a ``$ `` command (checked by test_sessions);
- an **input**: a ``toml``, ``yaml``, ``sh`` or ``bash`` block, a file or commands the
  reader writes (a ``console`` block shows its commands as ``$ `` lines, so it is a session);
- a **synopsis**: usage lines, each ``forcesize ...`` (or ``python -m forcesize ...``) or an
  indented continuation of the one above (``[--option]``, ``MANDATE``);
- a **diagram**: one of the few in ``DIAGRAMS``, by file and first line.

Anything else, a ``text`` block or an unlabelled one that holds what a command printed, is
refused with its file and line: make it a ``$ `` session, whose output
``python scripts/sessions.py FILE`` writes and the tests keep true. The small mandates such
sessions run live in docs/examples/; each must be valid and say where its figures come from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from .helpers import doc_sessions, invoke, unexplained_figures

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "docs" / "examples").glob("*.toml"))
sessions = doc_sessions()

FENCE = "```"
"""A fence is a line that starts with three backticks, as scripts/sessions.py reads them."""
INPUT = {"toml", "yaml", "sh", "bash"}
USAGE = ("forcesize ", "python -m forcesize ")
CONTINUATION = re.compile(r"^\s+(\[|\(|--|[A-Z][A-Z_]*\b)")
"""An indented line of a synopsis: options, a group, or a placeholder such as ``BASE``."""
DIAGRAMS = {
    ("docs/architecture.md",
     "TOML file ─▶ mandate/ ─▶ model/ ─▶ solve/ ─▶ results/ ─▶ explain/ ─▶ render/ ─▶ "
     "pipeline.py ─▶ cli/"),
    ("docs/guide.md", "mandate/   TOML → extends/remove → --set → pydantic models → "
     "cross-references, warnings;"),
}
"""The architecture diagrams, by file and first line: drawn, not printed by a command."""
HINT = ("make it a `$ ` session (the command, then any line) and run "
        "`python scripts/sessions.py {file}` to write its output")


@dataclass(frozen=True)
class Fenced:
    line: int
    """Index of the opening fence in the file's lines."""
    lang: str
    body: list[str]
    closed: bool = True


def fenced(lines: list[str]) -> list[Fenced]:
    """Every fenced block, split as ``sessions.blocks`` splits them."""
    found, i = [], 0
    while i < len(lines):
        if not lines[i].startswith(FENCE):
            i += 1
            continue
        start, i = i, i + 1
        while i < len(lines) and not lines[i].startswith(FENCE):
            i += 1
        found.append(Fenced(start, lines[start][len(FENCE):].strip(), lines[start + 1:i],
                            closed=i < len(lines)))
        i += 1
    return found


def kind(file: str, block: Fenced) -> str | None:
    """``session``, ``input``, ``synopsis`` or ``diagram``; None: a block nothing checks."""
    body = block.body
    if body and body[0].startswith("$ "):
        return "session"
    if any(line.startswith("$ ") for line in body):
        return None  # the lines before its first command are never compared
    if block.lang in INPUT:
        return "input"
    if (body and body[0].startswith(USAGE)
            and all(line.startswith(USAGE) or CONTINUATION.match(line) for line in body)):
        return "synopsis"
    if body and (file, body[0].rstrip()) in DIAGRAMS:
        return "diagram"
    return None


def unchecked(file: str, text: str) -> list[str]:
    """``FILE:LINE: why`` for every block of the doc that is neither checked nor inert."""
    lines = text.split("\n")
    problems = []
    blocks = fenced(lines)
    inside = {j for b in blocks for j in range(b.line, b.line + len(b.body) + 2)}
    for j, line in enumerate(lines):
        if j not in inside and re.match(r"^(\s+```|\s*~~~)", line):
            problems.append(f"{file}:{j + 1}: a fence scripts/sessions.py does not see "
                            "(indented, or of tildes): start it with ``` in the first column")
    for block in blocks:
        where = f"{file}:{block.line + 1}"
        if not block.closed:
            problems.append(f"{where}: the block is never closed")
        elif kind(file, block) is None:
            label = f"```{block.lang}" if block.lang else "an unlabelled block"
            first = block.body[0] if block.body else ""
            why = ("its lines before the first `$ ` command are not compared"
                   if any(line.startswith("$ ") for line in block.body) else
                   f"{label} that is not a `$ ` session, an input "
                   f"({', '.join(sorted(INPUT))}), a synopsis or a listed diagram, "
                   "so nothing checks it")
            problems.append(f"{where}: {why} (first line: {first[:60]!r}); "
                            + HINT.format(file=file))
    return problems


@pytest.mark.parametrize("file", sessions.FILES)
def test_every_block_is_a_session_an_input_a_synopsis_or_a_diagram(file):
    problems = unchecked(file, (ROOT / file).read_text(encoding="utf-8"))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("file", sessions.FILES)
def test_the_sessions_here_are_those_scripts_sessions_runs(file):
    lines = (ROOT / file).read_text(encoding="utf-8").split("\n")
    mine = {b.line for b in fenced(lines) if kind(file, b) == "session"}
    theirs = {b.commands[0].line - 1 for b in sessions.blocks(lines)}
    assert mine == theirs


def test_every_listed_diagram_is_in_its_file():
    found = set()
    for file in sessions.FILES:
        lines = (ROOT / file).read_text(encoding="utf-8").split("\n")
        found |= {(file, b.body[0].rstrip()) for b in fenced(lines) if b.body}
    assert found >= DIAGRAMS, f"not found, drop them from DIAGRAMS: {DIAGRAMS - found}"


SYNTHETIC = """# A page

Its output:

```text
police for policing (p1, p2): 2.3 per 1,000 × 2,700,000 population = 6,210 persons
```

```
Shortfalls
  None.
```

```
some output first
$ forcesize solve
```

```
$ forcesize explain x.toml | jq -r '.derivations[].text'
police for policing (p1, p2): 2.3 per 1,000 = 6,210 persons
```

```console
$ forcesize rules --mission-type policing
```

```toml
[mission]
name = "Example"
```

```
forcesize solve    [--set P=V]... [--format F]
                   [--output FILE] [MANDATE]
python -m forcesize ...        (same commands and options)
```

```
mandate/   TOML → extends/remove → --set → pydantic models → cross-references, warnings;
  → model/     PuLP variables
```

  ```
  indented output
  ```
"""


def test_a_pasted_output_that_is_not_a_session_is_refused():
    problems = unchecked("docs/guide.md", SYNTHETIC)
    lines = SYNTHETIC.split("\n")
    indented = [str(j + 1) for j, line in enumerate(lines) if line == "  ```"]
    assert [p.split(":", 2)[1] for p in problems] == [*indented, "5", "9", "14"]
    text, unlabelled, before = problems[2:]
    assert "```text that is not a `$ ` session" in text
    assert "police for policing" in text
    assert "`python scripts/sessions.py docs/guide.md`" in text
    assert "an unlabelled block that is not a `$ ` session" in unlabelled
    assert "before the first `$ ` command" in before
    assert "does not see" in problems[0]
    assert [kind("docs/guide.md", b) for b in fenced(lines)] == [
        None, None, None, "session", "session", "input", "synopsis", "diagram"]
    assert kind("README.md", fenced(lines)[-1]) is None  # listed for docs/guide.md only


def test_a_console_block_without_commands_and_an_unclosed_block_are_refused():
    problems = unchecked("docs/x.md", "```console\nexit 2\n```\n\n```\n$ true\n")
    assert [p.split(":", 2)[1] for p in problems] == ["1", "5"]
    assert "never closed" in problems[1]


def test_there_are_examples():
    assert len(EXAMPLES) >= 3


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_every_example_mandate_validates_without_warnings(path):
    code, out, err = invoke("validate", path)
    assert code == 0 and ": valid: " in out
    assert "warning" not in err, err


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_every_figure_of_an_example_says_where_it_comes_from(path):
    """A number has a comment on its line, or in the comments of its table (above its header
    or inside it before the number) that names a source or says it is an assumption."""
    words = ("assumption", "source", "ref §", "derived", "rule")
    unexplained = [f"{path.name}:{line}" for line in
                   unexplained_figures(path.read_text(encoding="utf-8"), words)]
    assert not unexplained, "\n".join(unexplained)
