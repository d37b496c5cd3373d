"""Variants: extends chains, remove, merge semantics, --set overrides and resolve.

Each test writes a small base (``valid_mandate()``) and variants of it to a
temporary folder and checks the merged mandate, or the error: its code, the
file of the chain it points at, the line and the did-you-mean.
"""

from __future__ import annotations

import textwrap
import tomllib
from pathlib import Path
from typing import Any

import pytest
import tomli_w

from forcesize.errors import InputError, Issue
from forcesize.mandate import bundled_mandates_dir, load_mandate, validate
from forcesize.mandate.compose import MAX_DEPTH
from forcesize.mandate.overrides import parse_override

from ..helpers import invoke, valid_mandate, write_toml


def variant(tmp_path: Path, text: str, name: str = "variant.toml") -> Path:
    return write_toml(tmp_path, textwrap.dedent(text), name)


@pytest.fixture
def base_file(tmp_path: Path) -> Path:
    return write_toml(tmp_path, valid_mandate(), "base.toml")


def errors(path: Path, overrides: list[str] | None = None) -> list[Issue]:
    with pytest.raises(InputError) as info:
        load_mandate(path, overrides or [])
    assert info.value.file == str(path)  # the header names the file the user gave
    return info.value.issues


def only(issues: list[Issue]) -> Issue:
    assert len(issues) == 1, issues
    return issues[0]


def line_of(path: Path, fragment: str) -> int:
    hits = [n for n, line in enumerate(path.read_text().splitlines(), 1) if fragment in line]
    assert len(hits) == 1, hits
    return hits[0]


# --------------------------------------------------------------------------- merge semantics


def test_a_variant_changes_only_the_keys_it_writes(tmp_path, base_file):
    path = variant(tmp_path, """
        extends = "base.toml"
        [contributor.AAA.available]
        infantry = 10
        [objective]
        budget = 1e6
    """)
    m = load_mandate(path).mandate
    base = validate(valid_mandate()).mandate
    assert m.contributor["AAA"].available == {"infantry": 10, "police": 5}  # police kept
    assert m.contributor["AAA"].name == "Alpha"
    assert m.objective.budget == 1e6
    assert m.objective.max_share == base.objective.max_share
    assert m.contributor["BBB"] == base.contributor["BBB"]
    assert m.task == base.task


def test_a_variant_adds_an_entity_by_writing_it(tmp_path, base_file):
    path = variant(tmp_path, """
        extends = "base.toml"
        [contributor.DDD]
        available = { infantry = 7 }
    """)
    m = load_mandate(path).mandate
    assert list(m.contributor) == ["AAA", "BBB", "CCC", "DDD"]
    assert m.contributor["DDD"].available == {"infantry": 7}


def test_remove_drops_entities_and_nested_keys_from_the_base(tmp_path, base_file):
    path = variant(tmp_path, """
        extends = "base.toml"
        remove = ["contributor.BBB", "contributor.AAA.available.police", "task.mentor"]
    """)
    m = load_mandate(path).mandate
    assert list(m.contributor) == ["AAA", "CCC"]
    assert m.contributor["AAA"].available == {"infantry": 80}
    assert list(m.task) == ["patrol"]


def test_remove_then_write_replaces_an_entity_whole(tmp_path, base_file):
    path = variant(tmp_path, """
        extends = "base.toml"
        remove = ["contributor.AAA"]
        [contributor.AAA]
        available = { police = 1 }
    """)
    aaa = load_mandate(path).mandate.contributor["AAA"]
    assert aaa.available == {"police": 1}
    assert aaa.name is None  # nothing of the old entity survives


def test_arrays_are_replaced_whole(tmp_path, base_file):
    path = variant(tmp_path, """
        extends = "base.toml"
        [contributor.BBB]
        acceptable_to = ["south"]
    """)
    assert load_mandate(path).mandate.contributor["BBB"].acceptable_to == ["south"]


def test_chains_resolve_paths_relative_to_the_file_that_names_them(tmp_path):
    (tmp_path / "deep").mkdir()
    write_toml(tmp_path / "deep", valid_mandate(), "root.toml")
    variant(tmp_path / "deep", """
        extends = "root.toml"
        [objective]
        budget = 2e6
    """, "middle.toml")
    top = variant(tmp_path, """
        extends = "deep/middle.toml"
        [objective]
        max_share = 0.9
    """, "top.toml")
    loaded = load_mandate(top)
    assert loaded.mandate.objective.budget == 2e6
    assert loaded.mandate.objective.max_share == 0.9
    assert [Path(f).name for f in loaded.chain] == ["root.toml", "middle.toml", "top.toml"]


def test_a_variant_keeps_the_base_phase_order_and_places_new_phases(tmp_path, base_file):
    path = variant(tmp_path, """
        extends = "base.toml"
        [phase.late]
        months = 24
        [phase.first]
        before = "early"
        months = 1
        [phase.middle]
        after = "early"
        months = 3
        [phase.last]
        after = "late"
        months = 2
    """)
    m = load_mandate(path).mandate
    assert list(m.phase) == ["first", "early", "middle", "late", "last"]
    assert m.phase["late"].months == 24
    assert m.phase["middle"].months == 3  # 'after' is consumed, not validated as a key


def test_a_new_phase_can_be_placed_after_another_new_phase(tmp_path, base_file):
    path = variant(tmp_path, """
        extends = "base.toml"
        [phase.a]
        after = "late"
        months = 1
        [phase.b]
        after = "a"
        months = 1
    """)
    assert list(load_mandate(path).mandate.phase) == ["early", "late", "a", "b"]


@pytest.mark.parametrize(("text", "code", "fragment", "hint"), [
    ('[phase.extra]\nmonths = 2\n', "phase-placement-missing", "[phase.extra]", "after ="),
    ('[phase.late]\nbefore = "early"\n', "phase-moved", "before =", "delete"),
    ('[phase.extra]\nmonths = 2\nafter = "erly"\n', "phase-placement-unknown", "after =",
     "did you mean 'early'?"),
    ('[phase.extra]\nmonths = 2\nafter = "early"\nbefore = "late"\n', "phase-placement-twice",
     "before =", ""),
])
def test_phase_placement_errors(tmp_path, base_file, text, code, fragment, hint):
    path = variant(tmp_path, 'extends = "base.toml"\n' + text)
    issue = only(errors(path))
    assert issue.code == code
    assert issue.file == str(path)
    assert issue.line == line_of(path, fragment)
    assert hint in issue.hint


def test_placement_keys_are_only_for_variants(tmp_path):
    doc = valid_mandate()
    doc["phase"]["late"]["after"] = "early"
    path = write_toml(tmp_path, doc)
    assert only(errors(path)).code == "phase-placement-not-variant"


# --------------------------------------------------------------------------- chain errors


def test_a_missing_base_is_an_error_at_the_extends_line(tmp_path, base_file):
    path = variant(tmp_path, '# a comment\nextends = "bsae.toml"\n')
    issue = only(errors(path))
    assert issue.code == "extends-not-found"
    assert (issue.file, issue.line) == (str(path), 2)
    assert issue.hint == "did you mean 'base.toml'?"


def test_a_cycle_is_an_error_naming_the_chain(tmp_path):
    variant(tmp_path, 'extends = "b.toml"\n', "a.toml")
    b = variant(tmp_path, 'extends = "a.toml"\n', "b.toml")
    issue = only(errors(b))
    assert issue.code == "extends-cycle"
    assert "b.toml → " in issue.message and "a.toml" in issue.message


def test_a_file_that_extends_itself_is_a_cycle(tmp_path):
    path = variant(tmp_path, 'extends = "self.toml"\n', "self.toml")
    assert only(errors(path)).code == "extends-cycle"


def test_a_chain_of_max_depth_hops_loads_and_one_more_is_an_error(tmp_path, base_file):
    previous = "base.toml"
    for i in range(MAX_DEPTH):
        variant(tmp_path, f'extends = "{previous}"\n[objective]\nbudget = {i + 1}e6\n',
                f"v{i}.toml")
        previous = f"v{i}.toml"
    deepest = tmp_path / previous
    assert load_mandate(deepest).mandate.objective.budget == MAX_DEPTH * 1e6
    too_deep = variant(tmp_path, f'extends = "{previous}"\n', "too-deep.toml")
    issue = only(errors(too_deep))
    assert issue.code == "extends-too-deep"
    assert str(MAX_DEPTH) in issue.message


@pytest.mark.parametrize(("text", "code"), [
    ("extends = 3\n", "extends-type"),
    ('extends = "base.toml"\nremove = "contributor.AAA"\n', "remove-type"),
    ('remove = ["contributor.AAA"]\n[mission]\nname = "x"\n', "remove-without-extends"),
])
def test_malformed_extends_and_remove(tmp_path, base_file, text, code):
    assert only(errors(variant(tmp_path, text))).code == code


def test_removing_what_the_base_lacks_is_an_error_with_a_did_you_mean(tmp_path, base_file):
    path = variant(tmp_path, """
        extends = "base.toml"
        remove = ["contributor.AAB", "task.patrol.need.infantri"]
    """)
    first, second = errors(path)
    assert first.path == "remove[0]" and first.hint == "did you mean 'AAA'?"
    assert second.path == "remove[1]" and second.hint == "did you mean 'infantry'?"
    assert first.line == line_of(path, "remove =")


def test_an_error_points_at_the_file_that_wrote_the_bad_key(tmp_path, base_file):
    path = variant(tmp_path, """
        extends = "base.toml"

        [contributor.AAA]
        max_share = 2
    """)
    issue = only(errors(path))
    assert issue.path == "contributor.AAA.max_share"
    assert (issue.file, issue.line) == (str(path), line_of(path, "max_share"))


def test_a_reference_broken_by_a_removal_points_at_the_base_line(tmp_path, base_file):
    path = variant(tmp_path, 'extends = "base.toml"\nremove = ["theatre.west"]\n')
    by_path = {i.path: i for i in errors(path)}
    assert set(by_path) == {"task.mentor.theatre", "contributor.CCC.excluded_theatres[0]"}
    issue = by_path["task.mentor.theatre"]
    assert issue.file == str(base_file)
    assert issue.line == line_of(base_file, 'theatre = "west"')


def test_a_syntax_error_in_a_base_names_the_base(tmp_path):
    bad = write_toml(tmp_path, "[mission\n", "bad.toml")
    path = variant(tmp_path, 'extends = "bad.toml"\n')
    issue = only(errors(path))
    assert issue.code == "not-toml"
    assert issue.file == str(bad)


def test_a_variant_can_extend_a_bundled_mandate(tmp_path):
    path = variant(tmp_path, """
        extends = "bundled:west-bank-gaza.toml"
        [objective]
        budget = 4e9
    """)
    loaded = load_mandate(path)
    assert loaded.mandate.objective.budget == 4e9
    assert loaded.chain == ["<bundled>/west-bank-gaza.toml", str(path)]
    assert (bundled_mandates_dir() / "west-bank-gaza.toml").is_file()


# --------------------------------------------------------------------------- --set


@pytest.mark.parametrize(("text", "value"), [
    ("objective.budget=3e9", 3e9),
    ("contributor.AAA.available.infantry=0", 0),
    ("task.patrol.priority=important", "important"),
    ('mission.name="A = B"', "A = B"),
    ("mission.parties=['x', 'y']", ["x", "y"]),
    ("task.patrol.need.infantry={ fixed = 4 }", {"fixed": 4}),
    ("objective.budget = 5", 5),
])
def test_override_values_are_toml_values(text, value):
    assert parse_override(text).value == value


def test_overrides_apply_after_the_chain_and_tables_merge(tmp_path, base_file):
    path = variant(tmp_path, 'extends = "base.toml"\n[objective]\nbudget = 1e6\n')
    m = load_mandate(path, ["objective.budget=2e6",
                            "task.patrol.need.infantry={ fixed = 4 }",
                            "contributor.AAA.available.infantry=0"]).mandate
    assert m.objective.budget == 2e6
    rule = m.task["patrol"].need["infantry"]
    assert (rule.fixed, rule.per_1000_population) == (4, 0.1)  # merged, not replaced
    assert m.contributor["AAA"].available == {"infantry": 0, "police": 5}


def test_a_table_of_tables_can_be_set_key_by_key(base_file):
    # keyed by phase, then by capability (available_by_phase, cost_per_month_by_phase)
    m = load_mandate(base_file, ["contributor.AAA.available_by_phase.late.police=7",
                                 "contributor.AAA.cost_per_month_by_phase.early.police=1.0"]
                     ).mandate
    assert m.contributor["AAA"].available_by_phase["late"] == {"police": 7}
    assert m.contributor["AAA"].cost_per_month_by_phase == {"early": {"police": 1.0}}


def test_a_capability_the_contributor_lacks_can_be_set(base_file):
    m = load_mandate(base_file, ["contributor.CCC.available.police=3"]).mandate
    assert m.contributor["CCC"].available["police"] == 3


@pytest.mark.parametrize(("text", "message", "hint"), [
    ("contributor.AAB.available.infantry=0", "no contributor 'AAB'", "did you mean 'AAA'?"),
    ("contributor.AAA.available.infantri=0", "no capability 'infantri'",
     "did you mean 'infantry'?"),
    ("objective.budgt=3e9", "has no key 'budgt'", "did you mean 'budget'?"),
    ("objective.budget.x=1", "is a value, not a table", ""),
    ("task.patrol.need.infantry.fixd=1", "has no key 'fixd'", "did you mean 'fixed'?"),
    ("budget=3", "has no key 'budget'", ""),
    ("contributor.AAA.available_by_phase.lat.police=1", "no phase 'lat'", "did you mean 'late'?"),
    ("contributor.AAA.available_by_phase.late.polise=1", "no capability 'polise'",
     "did you mean 'police'?"),
    ("contributor.AAA.available_by_phase.late.police.x=1", "is a value, not a table", ""),
])
def test_an_override_path_that_names_nothing_is_an_error(base_file, text, message, hint):
    issue = only(errors(base_file, [text]))
    assert issue.code == "bad-override"
    assert issue.file == f"--set {text}"
    assert message in issue.message
    assert hint in issue.hint


@pytest.mark.parametrize("text", ["objective.budget", "=3", "objective..budget=3",
                                  "mission.parties=[x"])
def test_malformed_overrides_are_errors(base_file, text):
    assert only(errors(base_file, [text])).code == "bad-override"


def test_every_bad_override_is_reported_at_once(base_file):
    assert len(errors(base_file, ["objective.budgt=1", "contributor.ZZZ.pledge=1"])) == 2


def test_a_bad_override_value_is_reported_against_the_override(base_file):
    issue = only(errors(base_file, ["contributor.AAA.max_share=2"]))
    assert issue.path == "contributor.AAA.max_share"
    assert issue.file == "--set contributor.AAA.max_share=2"
    assert issue.line is None


# --------------------------------------------------------------------------- resolve


def _resolve(path: Path, *args: str) -> str:
    _code, out, _err = invoke("resolve", path, *args)
    return out


def test_resolve_prints_the_merged_mandate_and_is_idempotent(tmp_path, base_file):
    path = variant(tmp_path, """
        extends = "base.toml"
        remove = ["contributor.BBB"]
        [phase.extra]
        after = "early"
        months = 2
        [contributor.AAA.available]
        infantry = 10
    """)
    first = _resolve(path, "--set", "objective.budget=3e9")
    doc: dict[str, Any] = tomllib.loads(first)
    assert "extends" not in doc and "remove" not in doc
    assert list(doc["phase"]) == ["early", "extra", "late"]
    assert "after" not in doc["phase"]["extra"]
    assert doc["objective"]["budget"] == 3e9
    assert load_mandate(path, ["objective.budget=3e9"]).mandate == validate(doc).mandate
    again = write_toml(tmp_path, first, "resolved.toml")
    assert _resolve(again) == first


def test_resolve_of_a_plain_file_keeps_its_keys_in_order(base_file):
    out = _resolve(base_file)
    assert out == tomli_w.dumps(tomllib.loads(base_file.read_text()))


def test_resolve_refuses_an_invalid_variant(tmp_path, base_file):
    path = variant(tmp_path, 'extends = "base.toml"\n[objective]\nbudget = -1\n')
    _code, out, err = invoke("resolve", path, expect=2)
    assert out == ""
    assert f"{path}:3" in err and "objective.budget" in err


def test_composition_and_validation_errors_come_in_one_run(tmp_path, base_file):
    path = variant(tmp_path, """
        extends = "base.toml"
        remove = ["contributor.AAB"]
        [objective]
        budgte = 3
    """)
    issues = errors(path, ["contributor.ZZZ.pledge=1"])
    assert {i.code for i in issues} == {"remove-not-found", "extra-forbidden", "bad-override"}


def test_a_bad_override_value_message_does_not_point_into_a_wrapper(base_file):
    issue = only(errors(base_file, ["mission.parties=[x"]))
    assert "line 1" not in issue.message and 'arrays are ["a", "b"]' in issue.hint


def test_a_removed_contributor_leaves_its_groups(tmp_path):
    doc = valid_mandate()
    doc["group"] = {"north": {"members": ["AAA", "BBB"], "max_share": 0.9}}
    write_toml(tmp_path, doc, "base.toml")
    path = variant(tmp_path, 'extends = "base.toml"\nremove = ["contributor.BBB"]\n')
    assert load_mandate(path).mandate.group["north"].members == ["AAA"]
