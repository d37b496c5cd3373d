"""Docs and bundled mandates stay true: generated docs are fresh, examples solve."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import typer

from forcesize.mandate import DEFAULT_MANDATE, load_mandate
from forcesize.mandate.formatdoc import mandate_format_markdown
from forcesize.pipeline import plan_mandate

from .helpers import invoke, unexplained_figures

ROOT = Path(__file__).resolve().parent.parent
MANDATES = sorted((ROOT / "mandates").glob("*.toml"))


def test_mandate_format_doc_is_generated_from_the_models():
    committed = (ROOT / "docs" / "mandate-format.md").read_text(encoding="utf-8")
    assert committed == mandate_format_markdown(), (
        "docs/mandate-format.md is stale: run `make docs`")


def test_the_family_table_is_generated_from_the_specs():
    from forcesize.model.families.doc import with_table

    committed = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    assert committed == with_table(committed), (
        "the family table in docs/architecture.md is stale: run `make docs`")


def test_the_rule_listing_in_the_docs_is_what_forcesize_rules_prints():
    from forcesize.library import listing
    from forcesize.render import Format, render_text

    text = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert f"-->\n{render_text(listing(), Format.markdown)}<!-- end: forcesize rules -->" \
        in text, "the listing in docs/rules.md is stale: run `make docs`"


def test_the_backtest_in_the_docs_is_what_forcesize_backtest_prints():
    # the table in docs/validation.md is the command's output, whatever it says of history
    from forcesize.pipeline import backtest
    from forcesize.render import Format, render_text

    text = (ROOT / "docs" / "validation.md").read_text(encoding="utf-8")
    _, out, _ = invoke("backtest", "--format", "markdown")
    assert out == render_text(backtest(), Format.markdown)
    assert f"-->\n{out}<!-- end: forcesize backtest -->" in text, (
        "the table in docs/validation.md is stale: run `make docs`")
    summary = backtest().summary
    assert f"{summary.phases} phases compared" in text


def test_every_rule_id_the_rules_doc_uses_exists():
    from forcesize.library import rules

    text = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    toml = "\n".join(body for lang, body in FENCE.findall(text) if lang == "toml")
    used = set(re.findall(r'"([a-z][a-z0-9]*(?:-[a-z0-9]+){2,})"', toml))
    used |= set(re.findall(r"need\.[\w.-]+=([a-z][a-z0-9-]+)", text))
    assert len(used) >= 3 and used <= set(rules()), sorted(used - set(rules()))


def test_every_documented_key_is_in_the_format_doc():
    text = (ROOT / "docs" / "mandate-format.md").read_text(encoding="utf-8")
    for key in ("per_1000_population", "excluded_functions", "consent_of", "max_share",
                "financing", "cost_per_month", "available", "pledge"):
        assert f"`{key}`" in text


@pytest.mark.parametrize("path", MANDATES, ids=[p.stem for p in MANDATES])
def test_every_bundled_mandate_validates_and_solves_with_essentials_covered(path):
    plan = plan_mandate(load_mandate(path))  # includes the independent check
    assert plan.status == "optimal"
    assert plan.shortfall_person_months["essential"] == 0


def test_the_default_mandate_is_bundled():
    assert (ROOT / "mandates" / DEFAULT_MANDATE).is_file()


def test_every_figure_in_the_default_mandate_names_a_source_or_an_assumption():
    """A number carries its own comment, or its table (the comment block above the table
    header, or a comment inside the table before it) says where its figures come from."""
    words = ("assumption", "source", "ref", "paper", "derived")
    text = (ROOT / "mandates" / DEFAULT_MANDATE).read_text(encoding="utf-8")
    unexplained = unexplained_figures(text, words)
    assert not unexplained, unexplained


# --------------------------------------------------------------------------- docs stay honest
# Cheap checks that the prose in README.md and docs/*.md still matches the program: the
# commands and options it names exist, its links resolve, its tables of exit codes and
# JSON keys match the code, and one pasted output is still what forcesize prints.

DOC_FILES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
FENCE = re.compile(r"^```([\w-]*)[^\n]*\n(.*?)^```[ \t]*$", re.S | re.M)
INLINE_CODE = re.compile(r"`([^`\n]+)`")
INVOCATION = re.compile(r"(?<![\w./-])(?:\.venv/bin/)?forcesize[ \t]+([a-z][\w-]*)([^|;&>\n`]*)")
SHELL_LANGS = {"sh", "bash", "shell", "yaml", "yml"}
LINK = re.compile(r"(?<!!)\[(?:[^\[\]]|\[[^\]]*\])*\]\(([^)\s]+)\)")


def _doc_id(path: Path) -> str:
    return str(path.relative_to(ROOT))


def _cli_commands() -> dict[str, Any]:
    """Command name → the command object typer builds (its click, vendored or not)."""
    from forcesize.cli import app

    return dict(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


def _options(command: Any) -> set[str]:
    names = {"-h", "--help"}
    for param in command.params:
        if param.opts and param.opts[0].startswith("-"):  # an option, not an argument
            names.update(param.opts)
            names.update(param.secondary_opts)
    return names


def _without_fences(text: str) -> str:
    return FENCE.sub("", text)


def _command_lines(text: str) -> list[str]:
    """Text that runs forcesize: inline code spans outside code blocks, the ``$ `` lines of
    output blocks, and every line of shell and YAML blocks, without its comment and its
    quoted strings (messages such as "forcesize failed" are not commands)."""
    lines = INLINE_CODE.findall(_without_fences(text))
    for lang, body in FENCE.findall(text):
        for line in body.splitlines():
            if lang in SHELL_LANGS:
                code = re.sub(r"(^|\s)#.*$", "", line)
                lines.append(re.sub(r"\"[^\"]*\"|'[^']*'", "", code))
            elif line.startswith("$ "):
                lines.append(line[2:])
    return lines


def _invocations(path: Path) -> list[tuple[str, str]]:
    text = path.read_text(encoding="utf-8")
    return [(m.group(1), m.group(2)) for line in _command_lines(text)
            for m in INVOCATION.finditer(line)]


@pytest.mark.parametrize("path", DOC_FILES, ids=_doc_id)
def test_every_forcesize_command_in_the_docs_exists(path):
    commands = _cli_commands()
    unknown = sorted({name for name, _ in _invocations(path) if name not in commands})
    assert not unknown, f"{_doc_id(path)} runs forcesize commands that do not exist: {unknown}"


@pytest.mark.parametrize("path", DOC_FILES, ids=_doc_id)
def test_every_option_in_a_documented_command_line_exists(path):
    commands = _cli_commands()
    bad = set()
    for name, rest in _invocations(path):
        if name not in commands:
            continue
        for token in rest.split():
            option = token.split("=", 1)[0]
            if re.fullmatch(r"--?[a-z][\w-]*", option) and option not in _options(commands[name]):
                bad.add(f"forcesize {name} {option}")
    assert not bad, f"{_doc_id(path)} uses options that do not exist: {sorted(bad)}"


def test_the_docs_show_every_command():
    """A command without an example anywhere is a command nobody will find."""
    shown = {name for path in DOC_FILES for name, _ in _invocations(path)}
    assert set(_cli_commands()) <= shown


def test_cli_reference_has_a_section_and_every_option_of_every_command():
    text = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    missing = []
    for name, command in _cli_commands().items():
        if f"## `forcesize {name}`" not in text:
            missing.append(f"section for {name}")
        for option in _options(command) - {"-h"}:
            if f"`{option}" not in text:
                missing.append(f"{name} {option}")
    assert not missing, f"docs/cli.md lacks: {missing}"


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def _anchors(path: Path) -> set[str]:
    seen: dict[str, int] = {}
    anchors = set()
    for line in _without_fences(path.read_text(encoding="utf-8")).splitlines():
        match = re.match(r"#{1,6} (.+)$", line)
        if match:
            slug = _slug(match.group(1))
            anchors.add(slug if slug not in seen else f"{slug}-{seen[slug]}")
            seen[slug] = seen.get(slug, 0) + 1
    return anchors


@pytest.mark.parametrize("path", DOC_FILES, ids=_doc_id)
def test_every_relative_link_resolves(path):
    broken = []
    for target in LINK.findall(_without_fences(path.read_text(encoding="utf-8"))):
        if re.match(r"[a-z][a-z+.-]*:", target):  # https:, mailto:
            continue
        file_part, _, anchor = target.partition("#")
        linked = (path.parent / file_part).resolve() if file_part else path
        if not linked.exists():
            broken.append(target)
        elif anchor and linked.suffix == ".md" and anchor not in _anchors(linked):
            broken.append(f"{target} (no such heading)")
    assert not broken, f"{_doc_id(path)}: broken links {broken}"


def test_every_bundled_variant_has_a_section_in_the_variants_doc():
    text = (ROOT / "docs" / "variants.md").read_text(encoding="utf-8")
    variants = sorted((ROOT / "mandates" / "variants").glob("*.toml"))
    assert variants
    missing = [p.name for p in variants if f"### `{p.name}`" not in text]
    assert not missing, f"docs/variants.md has no section for {missing}"


def _exit_code_table(path: Path) -> dict[int, set[str]]:
    """``| code | `NAME`, `NAME` | … |`` rows of a markdown table → {code: names}."""
    table = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = re.match(r"\|\s*(\d+)\s*\|([^|]*)\|", line)
        if match:
            table[int(match.group(1))] = set(re.findall(r"`([A-Z_]+)`", match.group(2)))
    return table


@pytest.mark.parametrize("doc", ["ci.md", "cli.md"])
def test_exit_code_tables_match_the_code(doc):
    from forcesize.exit_codes import ExitCode

    expected: dict[int, set[str]] = {}
    for name, member in ExitCode.__members__.items():  # aliases too (OUTCOME_DIFFERS = 1)
        expected.setdefault(int(member), set()).add(name)
    assert _exit_code_table(ROOT / "docs" / doc) == expected


def _field_names(model: type) -> set[str]:
    """Every field of a pydantic model and of the models nested in it."""
    from typing import get_args

    from pydantic import BaseModel

    names: set[str] = set()
    todo, seen = [model], set()
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        for name, info in current.model_fields.items():
            names.add(name)
            stack = [info.annotation]
            while stack:
                tp = stack.pop()
                if isinstance(tp, type) and issubclass(tp, BaseModel):
                    todo.append(tp)
                stack.extend(get_args(tp))
    return names


@pytest.mark.parametrize(("doc", "model"), [
    ("variants.md", "forcesize.results.diff:Diff"),
    ("variants.md", "forcesize.results.compare:Comparison"),
    ("explain.md", "forcesize.explain.models:Explanation"),
    ("cli.md", "forcesize.results:Plan"),
    ("cli.md", "forcesize.library:RuleListing"),
])
def test_every_json_key_is_documented(doc, model):
    import importlib

    module, _, name = model.partition(":")
    fields = _field_names(getattr(importlib.import_module(module), name))
    text = (ROOT / "docs" / doc).read_text(encoding="utf-8")
    missing = sorted(f for f in fields if f"`{f}`" not in text)
    assert not missing, f"docs/{doc} does not document the {name} keys {missing}"


@pytest.mark.parametrize(("doc", "columns"), [
    ("cli.md", "forcesize.render.csv:PLAN_COLUMNS"),
    ("variants.md", "forcesize.render.csv:DIFF_COLUMNS"),
    ("variants.md", "forcesize.render.csv:COMPARISON_COLUMNS"),
    ("explain.md", "forcesize.render.csv:EXPLAIN_COLUMNS"),
    ("cli.md", "forcesize.render.csv:RULE_COLUMNS"),
])
def test_csv_columns_are_documented(doc, columns):
    import importlib

    module, _, name = columns.partition(":")
    header = ",".join(getattr(importlib.import_module(module), name))
    assert header in (ROOT / "docs" / doc).read_text(encoding="utf-8")


def _workflow_script() -> str:
    """The shell script of the ``run: |`` step in the YAML block of docs/ci.md."""
    text = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    yaml = next(body for lang, body in FENCE.findall(text) if lang == "yaml")
    lines = yaml.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip() == "run: |") + 1
    indent = len(lines[start]) - len(lines[start].lstrip())
    body = []
    for line in lines[start:]:
        if line.strip() and len(line) - len(line.lstrip()) < indent:
            break
        body.append(line[indent:])
    return "\n".join(body) + "\n"


def test_the_ci_workflow_script_is_valid_bash_and_gates_on_essential():
    script = _workflow_script()
    assert script.startswith("set -euo pipefail\n")
    for needed in ("forcesize validate", "--fail-on essential --format json",
                   "--format markdown", "forcesize resolve", 'exit "$failed"'):
        assert needed in script
    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("no bash to check the syntax with")
    proc = subprocess.run([bash, "-n"], input=script, text=True, capture_output=True)
    assert proc.returncode == 0, proc.stderr


def _block_after(text: str, command: str) -> list[str]:
    """The output lines pasted under ``$ command`` in a docs block."""
    lines = text.splitlines()
    start = lines.index(f"$ {command}") + 1
    out = []
    for line in lines[start:]:
        if line.startswith(("$ ", "```")):
            break
        out.append(line)
    return out


@pytest.mark.slow
def test_the_pasted_compare_csv_is_what_forcesize_prints(monkeypatch):
    """One real output kept honest end to end: the figures of docs/variants.md's compare."""
    text = (ROOT / "docs" / "variants.md").read_text(encoding="utf-8")
    command = next(line[2:] for line in text.splitlines()
                   if line.startswith("$ forcesize compare ") and "--format csv" in line
                   and line.endswith("| head -17"))
    args = command.split(" 2>")[0].split()[2:]
    monkeypatch.chdir(ROOT)
    _, out, _ = invoke("compare", *args)
    assert _block_after(text, command) == out.splitlines()[:17]


README_LIMIT = 8 * 1024
"""Bytes: the README is a quick start (what it is, the two commands, a first mandate, what
to read first, links); the walkthrough lives in docs/guide.md."""


def test_the_readme_is_a_quick_start():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(text.encode("utf-8")) <= README_LIMIT
    # the two commands CI and a new user run, exactly
    assert "python3 -m venv .venv && .venv/bin/pip install -c constraints.txt -e '.[test]'" \
        in text
    assert "\n.venv/bin/python -m pytest\n" in text
    for page in ("docs/guide.md", "docs/report.md", "docs/cli.md"):
        assert f"]({page})" in text
