"""Every result command in every format, through the installed ``forcesize`` executable.

Each run is checked for what a script reading it relies on: the exit code, a
stdout that parses in its format (JSON, CSV, markdown table rows) and holds
the figures, an empty stderr, and byte-identical output when run twice.
"""

from __future__ import annotations

import csv
import io
import json

import pytest

from ..helpers import run_cli, valid_mandate, write_toml

FORMATS = ("table", "json", "markdown", "csv")


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("formats")
    base = write_toml(folder, valid_mandate(), "base.toml")
    variant = write_toml(folder, 'extends = "base.toml"\n[contributor.AAA.available]\n'
                         "infantry = 20\n", "variant.toml")
    return base, variant


def _commands(base, variant) -> dict[str, list[str]]:
    return {
        "solve": ["solve", str(base)],
        "diff": ["diff", str(base), str(variant)],
        "compare": ["compare", str(base), str(variant), "--set", "objective.budget=1e8"],
    }


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("command", ["solve", "diff", "compare"])
def test_each_command_in_each_format(files, command, fmt):
    args = [*_commands(*files)[command], "--format", fmt]
    _code, out, err = run_cli(*args)
    assert err == ""
    assert out.endswith("\n") and "\x1b[" not in out
    if fmt == "json":
        doc = json.loads(out)
        assert doc["schema_version"] == 1
        if command != "solve":
            assert doc["kind"] == command
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(out)))
        assert rows, out
        if command == "solve":
            assert sum(int(r["personnel"]) for r in rows) > 0
        elif command == "compare":
            assert {r["mandate"] for r in rows} == {"base", "variant"}
        else:
            assert {"input", "allocation"} <= {r["section"] for r in rows}
    elif fmt == "markdown":
        table_rows = [line for line in out.splitlines() if line.startswith("|")]
        assert table_rows, out
        assert any(set(line) <= set("|-: ") for line in table_rows)  # an alignment row
    else:
        assert out.strip()
    _code, again, _err = run_cli(*args)
    assert again == out  # deterministic, byte for byte


def test_diff_markdown_names_the_change(files):
    base, variant = files
    _code, out, _err = run_cli("diff", base, variant, "--format", "markdown")
    assert "contributor.AAA.available.infantry" in out
    assert "AAA" in out


def test_output_file_gets_the_same_bytes_as_stdout(files, tmp_path):
    base, variant = files
    _code, out, _err = run_cli("diff", base, variant, "--format", "csv")
    target = tmp_path / "diff.csv"
    _code, nothing, err = run_cli("diff", base, variant, "--format", "csv", "-o", target)
    assert nothing == "" and f"wrote {target}" in err
    assert target.read_text() == out


def test_resolve_through_the_installed_cli(files, tmp_path):
    _base, variant = files
    _code, out, err = run_cli("resolve", variant, "--set", "objective.budget=1e8")
    assert err == ""
    resolved = write_toml(tmp_path, out, "resolved.toml")
    _code, again, _err = run_cli("resolve", resolved)
    assert again == out
    assert "extends" not in out and "budget = 100000000.0" in out
