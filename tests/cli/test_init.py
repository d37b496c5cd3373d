"""``forcesize init``: starter mandates that solve as written, explain every key and cite every
figure, written where asked without ever replacing a planner's file unasked (issue 17, item 4)."""

from __future__ import annotations

import json
import re
from importlib.resources import files
from pathlib import Path

import pytest

from forcesize.cli.init_cmds import Template
from forcesize.library import rules
from forcesize.mandate.templates import TEMPLATES, template_text

from ..helpers import invoke

KEY_LINE = re.compile(r"^\s*[A-Za-z0-9_\-.\"']+\s*=")
"""A TOML line that sets a key (a table header or a comment is not one)."""
CITES = ("assumption", "derived", "source", "rule ", "ref §")
"""Words that say where a figure comes from, as the header of every template explains."""


def _init(*args: str | Path, expect: int = 0) -> tuple[str, str]:
    _, out, err = invoke("init", *args, expect=expect)
    assert "Traceback" not in err
    assert out == "", "init prints nothing on stdout"
    return out, err


def _key_lines(text: str) -> list[tuple[int, str, str, list[str]]]:
    """Each key line of a TOML text, outside multi-line strings: its index, its code, its
    inline comment and the comment lines right above it."""
    lines = text.splitlines()
    found, in_string = [], False
    for i, line in enumerate(lines):
        if in_string:
            in_string = line.count('"""') % 2 == 0
            continue
        if line.lstrip().startswith("#") or not KEY_LINE.match(line):
            continue
        in_string = line.count('"""') % 2 == 1
        code, _, comment = line.partition(" #")
        above, j = [], i - 1
        while j >= 0 and lines[j].lstrip().startswith("#"):
            above.insert(0, lines[j])
            j -= 1
        found.append((i, code, comment, above))
    return found


def test_the_cli_offers_exactly_the_shipped_templates():
    shipped = sorted(p.name[:-5] for p in files("forcesize.mandate.templates").iterdir()
                     if p.name.endswith(".toml"))
    assert [t.value for t in Template] == list(TEMPLATES)
    assert sorted(TEMPLATES) == shipped


@pytest.mark.parametrize("name", TEMPLATES)
def test_every_template_is_written_validates_and_solves_covering_every_task(name, tmp_path):
    _, err = _init(tmp_path / name, "--template", name)
    path = tmp_path / name / "mandate.toml"
    assert path.read_text(encoding="utf-8") == template_text(name)  # comments and all
    assert f"wrote {path}" in err and f"next: forcesize solve {path}" in err
    _, out, err = invoke("validate", path)
    assert ": valid: " in out and err == "", "a template raises no warning"
    _, out, err = invoke("solve", path, "--format", "json")
    assert err == ""
    plan = json.loads(out)
    assert plan["status"] == "optimal"
    assert plan["shortfall_person_months"] == {"essential": 0, "important": 0, "desirable": 0}


@pytest.mark.parametrize("name", TEMPLATES)
def test_every_key_of_a_template_is_explained_by_a_comment(name):
    lines = template_text(name).splitlines()
    bare = [f"{i + 1}: {code}" for i, code, comment, above in _key_lines(template_text(name))
            if not comment and not above
            and not (i + 1 < len(lines) and lines[i + 1].lstrip().startswith("#"))]
    assert not bare, f"{name}.toml: key lines without a comment beside them: {bare}"


@pytest.mark.parametrize("name", TEMPLATES)
def test_every_figure_of_a_template_says_where_it_comes_from(name):
    """A number, or a rule id in place of one, has a comment right above it or on its line
    that cites a source, names the rule or calls the figure an assumption; a rule used is
    named in that comment, so the reader knows what to look up with `forcesize rules`."""
    library = set(rules())
    unsourced, unnamed = [], []
    for i, code, comment, above in _key_lines(template_text(name)):
        value = code.split("=", 1)[1]
        used = [r for r in re.findall(r'"([a-z0-9-]+)"', value) if r in library]
        if not used and not re.search(r"\d", value):
            continue
        said = " ".join([*above, comment])
        if not any(word in said for word in CITES):
            unsourced.append(f"{i + 1}: {code.strip()}")
        unnamed += [f"{i + 1}: {r}" for r in used if f"rule {r}" not in said]
    assert not unsourced, f"{name}.toml: figures without a source or an assumption: {unsourced}"
    assert not unnamed, f"{name}.toml: rules used but not named in the comment: {unnamed}"


def test_the_default_is_the_minimal_template_in_the_current_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _, err = _init()
    assert (tmp_path / "mandate.toml").read_text(encoding="utf-8") == template_text("minimal")
    assert "wrote mandate.toml (the minimal template)" in err
    assert "next: forcesize solve mandate.toml" in err


def test_an_existing_file_is_never_replaced_without_force(tmp_path):
    mine = tmp_path / "mandate.toml"
    mine.write_text("# my edited mandate\n", encoding="utf-8")
    _, err = _init(tmp_path, "--template", "border", expect=2)
    assert mine.read_text(encoding="utf-8") == "# my edited mandate\n"
    assert str(mine) in err and "--force" in err
    assert err.startswith("forcesize: ") and len(err.splitlines()) == 1


def test_force_overwrites(tmp_path):
    mine = tmp_path / "mandate.toml"
    mine.write_text("# my edited mandate\n", encoding="utf-8")
    _init(tmp_path, "--template", "observer", "--force")
    assert mine.read_text(encoding="utf-8") == template_text("observer")


def test_a_dangling_link_counts_as_an_existing_file(tmp_path):
    link = tmp_path / "mandate.toml"
    link.symlink_to(tmp_path / "elsewhere.toml")
    _init(tmp_path, expect=2)
    assert link.is_symlink() and not (tmp_path / "elsewhere.toml").exists()


def test_the_folder_is_created(tmp_path):
    where = tmp_path / "missions" / "new"
    _init(where, "-t", "peacekeeping")
    assert (where / "mandate.toml").read_text(encoding="utf-8") == template_text("peacekeeping")


def test_a_name_ending_in_toml_is_the_file_itself(tmp_path):
    _, err = _init(tmp_path / "sub" / "observers.toml", "-t", "observer")
    assert (tmp_path / "sub" / "observers.toml").is_file()
    assert not (tmp_path / "sub" / "observers.toml" / "mandate.toml").exists()
    assert "next: forcesize solve " in err and "observers.toml" in err


def test_a_path_with_spaces_is_quoted_in_the_next_command(tmp_path):
    _, err = _init(tmp_path / "my mission")
    assert f"next: forcesize solve '{tmp_path / 'my mission' / 'mandate.toml'}'" in err


@pytest.mark.parametrize("force", [(), ("--force",)])
def test_a_directory_named_mandate_toml_is_refused(tmp_path, force):
    (tmp_path / "mandate.toml").mkdir()
    _, err = _init(tmp_path, *force, expect=2)
    assert "it is a directory" in err and str(tmp_path / "mandate.toml") in err
    assert list((tmp_path / "mandate.toml").iterdir()) == []


def test_a_file_in_the_way_of_the_folder_is_refused(tmp_path):
    (tmp_path / "notes").write_text("x", encoding="utf-8")
    _, err = _init(tmp_path / "notes", expect=2)
    assert "cannot create the folder" in err and "notes" in err


def test_an_unknown_template_is_a_usage_error_that_lists_the_choices(tmp_path):
    _, out, err = invoke("init", tmp_path, "--template", "naval", expect=2)
    assert out == "" and "Traceback" not in err
    for name in TEMPLATES:
        assert name in err
    assert not (tmp_path / "mandate.toml").exists()


def test_help_lists_the_templates():
    _, out, _ = invoke("init", "--help")
    for name in TEMPLATES:
        assert name in out
    assert "--force" in out and "--template" in out
