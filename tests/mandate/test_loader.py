"""The loader: reading TOML, validating shapes and references, and every kind of bad input.

Each bad input is checked for the exception (``InputError``) AND for what it tells
the planner: the issue code, the key path, the value, the message, the hint
(did-you-mean) and, where the loader can find it, the line.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
import tomli_w

from forcesize.errors import InputError, Issue
from forcesize.mandate import (
    DEFAULT_MANDATE,
    LoadedMandate,
    bundled_mandates_dir,
    default_mandate_path,
    load_mandate,
    read_toml,
    validate,
)
from forcesize.mandate.schema import Mandate

from ..helpers import DELETE, FIXTURES, MANDATES_DIR, override

# --------------------------------------------------------------------------- helpers


def errors_of(doc: dict[str, Any], text: str = "") -> list[Issue]:
    """The issues ``validate`` raises for ``doc``; fails if it does not raise."""
    with pytest.raises(InputError) as info:
        validate(doc, "m.toml", text)
    assert info.value.file == "m.toml"
    assert all(i.severity == "error" for i in info.value.issues)
    assert all(i.file == "m.toml" for i in info.value.issues)
    return info.value.issues


def load_errors(path: Path) -> list[Issue]:
    """The issues ``load_mandate`` raises for the file at ``path``."""
    with pytest.raises(InputError) as info:
        load_mandate(path)
    assert info.value.file == str(path)
    assert str(path) in str(info.value)
    return info.value.issues


def only(issues: list[Issue]) -> Issue:
    """The single issue of a list, failing with the whole list otherwise."""
    assert len(issues) == 1, issues
    return issues[0]


def line_of(text: str, fragment: str) -> int:
    """1-based number of the only line of ``text`` containing ``fragment``."""
    hits = [n for n, line in enumerate(text.splitlines(), start=1) if fragment in line]
    assert len(hits) == 1, (fragment, hits)
    return hits[0]


def dump(doc: dict[str, Any]) -> str:
    return tomli_w.dumps(doc)


# --------------------------------------------------------------------------- valid input


def test_valid_mandate_loads_without_issues(doc):
    loaded = validate(doc, "m.toml")
    assert isinstance(loaded, LoadedMandate)
    assert loaded.file == "m.toml"
    assert loaded.warnings == []
    m = loaded.mandate
    assert m.mission.name == "Test mission"
    assert m.mission.currency == "EUR"
    assert list(m.phase) == ["early", "late"]
    assert m.phase["early"].months == 6
    assert m.contributor["AAA"].available == {"infantry": 80, "police": 5}
    assert m.task["mentor"].consent_of == ["north"]
    assert m.task["patrol"].priority == "essential"  # the default


def test_defaults_of_a_minimal_mandate():
    m = validate({"mission": {"name": "Minimal"}}).mandate
    assert m.mission.parties == []
    assert m.mission.currency == "USD"
    assert m.objective.financing == "national"
    assert m.objective.max_share == 1.0
    assert m.objective.budget is None
    assert m.phase == {} and m.task == {} and m.contributor == {}


def test_load_mandate_reads_a_file_and_records_its_name(tmp_path, doc):
    path = tmp_path / "ok.toml"
    path.write_text(dump(doc), encoding="utf-8")
    loaded = load_mandate(path)
    assert loaded.file == str(path)
    assert loaded.mandate == validate(doc).mandate
    # a str path works as well as a Path
    assert load_mandate(str(path)).mandate == loaded.mandate


def test_read_toml_returns_data_and_text(tmp_path, doc):
    path = tmp_path / "ok.toml"
    text = dump(doc)
    path.write_text(text, encoding="utf-8")
    data, source = read_toml(path)
    assert data == doc
    assert source == text


def test_the_bundled_default_loads():
    loaded = load_mandate()
    assert loaded.file == f"<bundled>/{DEFAULT_MANDATE}"
    assert loaded.warnings == []
    assert "West Bank" in loaded.mandate.mission.name
    assert default_mandate_path().name == DEFAULT_MANDATE
    assert default_mandate_path().parent == bundled_mandates_dir()
    assert default_mandate_path().is_file()


def test_the_bundled_default_is_the_checkout_file():
    assert default_mandate_path().read_bytes() == (MANDATES_DIR / DEFAULT_MANDATE).read_bytes()


SHIPPED = sorted(MANDATES_DIR.glob("*.toml"))


def test_the_mandates_folder_is_not_empty():
    assert len(SHIPPED) >= 3, SHIPPED
    assert MANDATES_DIR / DEFAULT_MANDATE in SHIPPED


@pytest.mark.parametrize("path", SHIPPED, ids=[p.name for p in SHIPPED])
def test_every_shipped_mandate_loads_without_errors_or_warnings(path):
    loaded = load_mandate(path)
    assert isinstance(loaded.mandate, Mandate)
    assert loaded.warnings == []
    assert loaded.mandate.task, "a shipped mandate should define tasks"


GOOD_FIXTURES = ["eligibility", "short_essential", "short_important", "short_desirable"]


@pytest.mark.parametrize("stem", GOOD_FIXTURES)
def test_valid_fixtures_load(stem):
    assert load_mandate(FIXTURES / f"{stem}.toml").warnings == []


# --------------------------------------------------------------------------- not TOML


def test_syntax_error_is_not_toml_with_its_line(fixture_path):
    path = fixture_path("syntax_error")
    issue = only(load_errors(path))
    assert issue.code == "not-toml"
    assert issue.path == ""
    assert issue.message.startswith("not valid TOML: ")
    assert issue.line == 7
    assert issue.file == str(path)


def test_syntax_error_sets_issue_line_and_column(fixture_path):
    issue = only(load_errors(fixture_path("syntax_error")))
    assert (issue.line, issue.column) == (7, 10)
    assert issue.location().endswith("syntax_error.toml:7:10")


def test_duplicate_key_is_reported_with_a_hint(mandate_file):
    path = mandate_file('[mission]\nname = "x"\nname = "y"\n')
    issue = only(load_errors(path))
    assert issue.code == "not-toml"
    assert issue.line == 3
    assert issue.hint == "a key or table is written twice; each id may be defined once"


def test_duplicate_table_is_not_toml(mandate_file):
    path = mandate_file('[mission]\nname = "x"\n\n[phase.a]\nmonths = 1\n\n[phase.a]\nmonths = 2\n')
    issue = only(load_errors(path))
    assert issue.code == "not-toml"
    assert issue.line == 7
    assert "twice" in issue.message


def test_duplicate_table_gets_the_written_twice_hint(mandate_file):
    path = mandate_file('[mission]\nname = "x"\n\n[phase.a]\nmonths = 1\n\n[phase.a]\nmonths = 2\n')
    assert only(load_errors(path)).hint.startswith("a key or table is written twice")


def test_duplicate_id_via_table_and_dotted_key(mandate_file):
    path = mandate_file('[mission]\nname = "x"\n[theatre.a]\npopulation = 1\n'
                        '[theatre]\na.area_km2 = 2\n')
    issue = only(load_errors(path))
    assert issue.code == "not-toml"


# --------------------------------------------------------------------------- empty / unreadable


@pytest.mark.parametrize("content", ["", "   \n\t\n\n", b"", b"\n\n"],
                         ids=["empty", "whitespace", "empty-bytes", "newlines"])
def test_empty_file(mandate_file, content):
    issue = only(load_errors(mandate_file(content)))
    assert issue.code == "empty-file"
    assert issue.message == "the file is empty"
    assert "[mission]" in issue.hint


def test_only_comments_is_a_missing_mission(mandate_file):
    issue = only(load_errors(mandate_file("# just a comment\n")))
    assert (issue.code, issue.path, issue.message) == ("missing", "mission",
                                                       "required key is missing")


def test_non_utf8_bytes(mandate_file):
    raw = b'[mission]\nname = "caf\xe9"\n'
    issue = only(load_errors(mandate_file(raw)))
    assert issue.code == "not-utf8"
    assert issue.message == "not UTF-8 text (byte 21)"  # the offset of 0xE9
    assert raw[21] == 0xE9
    assert issue.hint == "TOML files are UTF-8"


def test_a_directory_instead_of_a_file(tmp_path):
    issue = only(load_errors(tmp_path))
    assert issue.code == "not-a-file"
    assert issue.message == "is a directory, not a mandate file"
    assert issue.file == str(tmp_path)


def test_missing_file_suggests_a_sibling(tmp_path, doc):
    (tmp_path / "mandate.toml").write_text(dump(doc), encoding="utf-8")
    issue = only(load_errors(tmp_path / "mandat.toml"))
    assert issue.code == "file-not-found"
    assert issue.message == "no such file"
    assert issue.hint == "did you mean 'mandate.toml'?"


def test_missing_file_in_a_missing_folder(tmp_path):
    path = tmp_path / "nowhere" / "m.toml"
    issue = only(load_errors(path))
    assert (issue.code, issue.message, issue.hint) == ("file-not-found", "no such file", "")


# --------------------------------------------------------------------------- wrong types

WRONG_TYPES = [
    # (dotted path, bad value, code, message)
    ("phase.early.months", "6", "float-type", "expected a number"),
    ("phase.early.months", True, "float-type", "expected a number"),
    ("capability.infantry.cost_per_month", "10000", "float-type", "expected a number"),
    ("theatre.east.population", "1,000,000", "float-type", "expected a number"),
    ("objective.budget", "lots", "float-type", "expected a number"),
    ("contributor.CCC.pledge", False, "float-type", "expected a number"),
    ("task.patrol.need.infantry.fixed", "3", "float-type", "expected a number"),
    ("contributor.AAA.available.infantry", 5.0, "int-type", "expected a whole number"),
    ("contributor.AAA.available.infantry", 5.5, "int-type", "expected a whole number"),
    ("contributor.AAA.available.infantry", True, "int-type", "expected a whole number"),
    ("contributor.AAA.available.infantry", "5", "int-type", "expected a whole number"),
    ("contributor.AAA.available", [1, 2], "dict-type", "expected a table"),
    ("task.patrol.need", ["infantry"], "dict-type", "expected a table"),
    ("phase.early", 5, "model-type", "expected a table"),
    ("objective", [1], "model-type", "expected a table"),
    ("mission.parties", "north", "list-type", "expected an array"),
    ("task.patrol.phases", "early", "list-type", "expected an array"),
    ("contributor.AAA.excluded_functions", "enforcement", "list-type", "expected an array"),
    ("mission.name", 5, "string-type", "expected a string"),
    ("task.patrol.function", 1.5, "string-type", "expected a string"),
]


@pytest.mark.parametrize(("path", "value", "code", "message"), WRONG_TYPES,
                         ids=[f"{p}={v!r}" for p, v, _, _ in WRONG_TYPES])
def test_wrong_type(doc, path, value, code, message):
    issue = only(errors_of(override(doc, path, value)))
    assert issue.code == code
    assert issue.path == path
    assert issue.message == message
    assert issue.value == repr(value)
    assert issue.hint == ""


def test_wrong_type_in_a_file_points_at_its_line(mandate_file, doc):
    text = dump(override(doc, "capability.police.cost_per_month", "8000"))
    issue = only(load_errors(mandate_file(text)))
    assert issue.code == "float-type"
    assert issue.value == "'8000'"
    assert issue.line == line_of(text, 'cost_per_month = "8000"')
    assert issue.column == 1


# --------------------------------------------------------------------------- unknown keys

UNKNOWN_KEYS = [
    # (dotted path of the misspelt key, the key it should suggest)
    ("phases", "phase"),
    ("taks", "task"),
    ("contributors", "contributor"),
    ("mission.nmae", "name"),
    ("mission.partys", "parties"),
    ("objective.budgett", "budget"),
    ("objective.max_shares", "max_share"),
    ("phase.early.month", "months"),
    ("theatre.east.populaton", "population"),
    ("theatre.west.crossing", "crossings"),
    ("capability.infantry.cost_per_mnth", "cost_per_month"),
    ("task.patrol.priorty", "priority"),
    ("task.mentor.consent", "consent_of"),
    ("contributor.AAA.availble", "available"),
    ("contributor.CCC.max_shar", "max_share"),
    ("contributor.BBB.excluded_function", "excluded_functions"),
    ("task.patrol.need.infantry.per_1000_populaton", "per_1000_population"),
    ("task.patrol.need.infantry.per_100km2", "per_100_km2"),
    ("task.mentor.need.police.fixd", "fixed"),
]


@pytest.mark.parametrize(("path", "suggestion"), UNKNOWN_KEYS, ids=[p for p, _ in UNKNOWN_KEYS])
def test_unknown_key_suggests_the_right_one(doc, path, suggestion):
    issue = only(errors_of(override(doc, path, 1)))
    assert issue.code == "extra-forbidden"
    assert issue.path == path
    assert issue.message == "unknown key"
    assert issue.hint == f"did you mean '{suggestion}'?"
    assert issue.value == "1"


def test_unknown_key_far_from_any_lists_the_allowed_keys(doc):
    issue = only(errors_of(override(doc, "mission.zzzzzz", "x")))
    assert issue.hint == ("expected one of: 'currency', 'description', 'name', 'parties', "
                          "'scenario'")


def test_misspelt_required_key_reports_both_missing_and_unknown(doc):
    bad = override(override(doc, "task.patrol.theatre", DELETE), "task.patrol.thetre", "east")
    issues = errors_of(bad)
    assert [(i.code, i.path) for i in issues] == [
        ("missing", "task.patrol.theatre"), ("extra-forbidden", "task.patrol.thetre")]
    assert issues[1].hint == "did you mean 'theatre'?"


def test_unknown_key_in_a_file_has_its_line(fixture_path):
    path = fixture_path("misspelt_key")
    issue = only(load_errors(path))
    assert (issue.code, issue.path, issue.line, issue.column) == (
        "extra-forbidden", "contributor.solo.availble", 13, 1)
    assert issue.hint == "did you mean 'available'?"
    assert issue.location() == f"{path}:13:1"


def test_unknown_key_under_a_nested_header_has_its_line(mandate_file, doc):
    text = dump(override(doc, "task.patrol.need.infantry.per_1000_populaton", 0.2))
    issue = only(load_errors(mandate_file(text)))
    assert issue.line == line_of(text, "per_1000_populaton = 0.2")


# --------------------------------------------------------------------------- literals

@pytest.mark.parametrize(("path", "value", "expected", "suggestion"), [
    ("task.patrol.priority", "esential", "'essential', 'important' or 'desirable'",
     "essential"),
    ("task.patrol.priority", "importnt", "'essential', 'important' or 'desirable'",
     "important"),
    ("capability.police.component", "polise", "'military', 'police' or 'civilian'", "police"),
])
def test_literal_with_did_you_mean(doc, path, value, expected, suggestion):
    issue = only(errors_of(override(doc, path, value)))
    assert issue.code == "literal-error"
    assert issue.path == path
    assert issue.message == f"must be one of {expected}"
    assert issue.hint == f"did you mean '{suggestion}'?"
    assert issue.value == repr(value)


# --------------------------------------------------------------------------- references

REFERENCES = [
    # (dotted path, value written, issue path, issue value, code, message, hint)
    ("task.patrol.theatre", "eastt", "task.patrol.theatre", "'eastt'", "unknown-theatre",
     "no theatre has the id 'eastt'", "did you mean 'east'?"),
    ("task.patrol.phases", ["early", "lat"], "task.patrol.phases[1]", "'lat'", "unknown-phase",
     "no phase has the id 'lat'", "did you mean 'late'?"),
    ("task.patrol.consent_of", ["nort"], "task.patrol.consent_of[0]", "'nort'",
     "unknown-party", "no mission party has the id 'nort'", "did you mean 'north'?"),
    ("task.patrol.need.infantri", {"fixed": 1}, "task.patrol.need.infantri", "'infantri'",
     "unknown-capability", "no capability has the id 'infantri'", "did you mean 'infantry'?"),
    ("contributor.AAA.acceptable_to", ["north", "sout"], "contributor.AAA.acceptable_to[1]",
     "'sout'", "unknown-party", "no mission party has the id 'sout'", "did you mean 'south'?"),
    ("contributor.AAA.excluded_theatres", ["westt"], "contributor.AAA.excluded_theatres[0]",
     "'westt'", "unknown-theatre", "no theatre has the id 'westt'", "did you mean 'west'?"),
    ("contributor.AAA.available.polise", 3, "contributor.AAA.available.polise", "'polise'",
     "unknown-capability", "no capability has the id 'polise'", "did you mean 'police'?"),
    ("contributor.BBB.cost_per_month.infantri", 1.0, "contributor.BBB.cost_per_month.infantri",
     "'infantri'", "unknown-capability", "no capability has the id 'infantri'",
     "did you mean 'infantry'?"),
    ("task.patrol.theatre", "zzz", "task.patrol.theatre", "'zzz'", "unknown-theatre",
     "no theatre has the id 'zzz'", "expected one of: 'east', 'west'"),
    ("task.patrol.phase_scale", {"erly": 0.5}, "task.patrol.phase_scale.erly", "'erly'",
     "unknown-phase", "no phase has the id 'erly'", "did you mean 'early'?"),
    ("contributor.AAA.pledge_by_phase", {"lat": 1.0}, "contributor.AAA.pledge_by_phase.lat",
     "'lat'", "unknown-phase", "no phase has the id 'lat'", "did you mean 'late'?"),
    ("contributor.AAA.available_by_phase", {"lat": {"police": 1}},
     "contributor.AAA.available_by_phase.lat", "'lat'", "unknown-phase",
     "no phase has the id 'lat'", "did you mean 'late'?"),
    ("contributor.AAA.available_by_phase", {"late": {"polise": 1}},
     "contributor.AAA.available_by_phase.late.polise", "'polise'", "unknown-capability",
     "no capability has the id 'polise'", "did you mean 'police'?"),
    ("contributor.CCC.standing", {"infantri": 300}, "contributor.CCC.standing.infantri",
     "'infantri'", "unknown-capability", "no capability has the id 'infantri'",
     "did you mean 'infantry'?"),
    ("contributor.CCC.unit_size", {"infantri": 850}, "contributor.CCC.unit_size.infantri",
     "'infantri'", "unknown-capability", "no capability has the id 'infantri'",
     "did you mean 'infantry'?"),
    ("group.nato", {"members": ["AAA", "BB"], "max_share": 0.5}, "group.nato.members[1]",
     "'BB'", "unknown-contributor", "no contributor has the id 'BB'", "did you mean 'BBB'?"),
]


@pytest.mark.parametrize(("path", "value", "where", "shown", "code", "message", "hint"),
                         REFERENCES, ids=[r[2] for r in REFERENCES])
def test_reference_to_nothing(doc, path, value, where, shown, code, message, hint):
    issue = only(errors_of(override(doc, path, value)))
    assert issue.code == code
    assert issue.path == where
    assert issue.value == shown
    assert issue.message == message
    assert issue.hint == hint


def test_reference_error_in_a_file_has_its_line(mandate_file, doc):
    text = dump(override(doc, "task.mentor.phases", ["lat"]))
    issue = only(load_errors(mandate_file(text)))
    assert issue.path == "task.mentor.phases[0]"
    assert issue.line == line_of(text, "phases = [")


def test_consent_of_a_party_when_the_mission_has_none(doc):
    bad = override(override(doc, "mission.parties", []), "contributor.BBB.acceptable_to", [])
    issue = only(errors_of(bad))  # mentor's consent_of = ["north"] refers to nothing now
    assert (issue.code, issue.path, issue.hint) == ("unknown-party",
                                                    "task.mentor.consent_of[0]", "")


@pytest.mark.parametrize(("path", "value", "where"), [
    ("task.patrol.phases", ["early", "late", "early"], "task.patrol.phases[2]"),
    ("mission.parties", ["north", "south", "north"], "mission.parties[2]"),
    ("contributor.AAA.acceptable_to", ["south", "south"], "contributor.AAA.acceptable_to[1]"),
])
def test_reference_listed_twice(doc, path, value, where):
    issue = only(errors_of(override(doc, path, value)))
    assert issue.code == "duplicate-reference"
    assert issue.path == where
    assert issue.message == f"'{value[-1]}' is listed twice"


def test_a_group_member_listed_twice(doc):
    issue = only(errors_of(override(doc, "group.g", {"members": ["AAA", "AAA"],
                                                     "max_share": 0.5})))
    assert (issue.code, issue.path) == ("duplicate-reference", "group.g.members[1]")


def test_a_pool_given_as_available_and_standing(doc):
    issue = only(errors_of(override(doc, "contributor.AAA.standing", {"infantry": 240})))
    assert (issue.code, issue.path, issue.value) == (
        "pool-given-twice", "contributor.AAA.standing.infantry", "240")
    assert issue.message == ("'infantry' is in both available (80) and standing (240); "
                             "give one")
    # a standing pool of another capability, or a pool by phase, is fine
    assert validate(override(doc, "contributor.CCC.standing", {"police": 30})).warnings == []
    fine = override(doc, "contributor.AAA.available_by_phase", {"late": {"infantry": 10}})
    assert validate(fine).warnings == []


@pytest.mark.parametrize(("rule", "where", "message"), [
    ({"trainees": 500}, "task.mentor.need.police.trainees",
     "trainees without trainees_per_instructor_month: the rule cannot say how many "
     "instructors they need"),
    ({"fixed": 10, "trainees_per_instructor_month": 5}, "task.mentor.need.police"
     ".trainees_per_instructor_month",
     "trainees_per_instructor_month without trainees: there is nobody to train"),
])
def test_a_throughput_rule_needs_both_keys(doc, rule, where, message):
    issue = only(errors_of(override(doc, "task.mentor.need.police", rule)))
    assert (issue.code, issue.path, issue.message) == ("incomplete-throughput", where, message)
    both = override(doc, "task.mentor.need.police",
                    {"trainees": 500, "trainees_per_instructor_month": 5})
    assert validate(both).warnings == []


def test_a_group_floor_above_its_cap(doc):
    bad = override(doc, "group.g", {"members": ["AAA"], "min_share": 0.6, "max_share": 0.4})
    issue = only(errors_of(bad))
    assert (issue.code, issue.path, issue.value) == ("group-shares-inverted",
                                                     "group.g.min_share", "0.6")
    assert issue.message == ("min_share 0.6 is above max_share 0.4, so no phase with anyone "
                             "deployed could satisfy both")


def test_references_to_malformed_entities_are_not_reported_again(doc):
    # BBB's table is malformed (a shape error); the group naming it is not an error too
    bad = override(doc, "contributor.BBB.available.infantry", -1)
    bad = override(bad, "group.g", {"members": ["BBB", "CCC"], "max_share": 0.5})
    assert [i.path for i in errors_of(bad)] == ["contributor.BBB.available.infantry"]


def test_every_broken_reference_in_a_file_is_reported_at_once(fixture_path):
    path = fixture_path("broken_references")
    issues = load_errors(path)
    got = [(i.code, i.path, i.value, i.line, i.column, i.hint) for i in issues]
    assert got == [
        ("unknown-theatre", "task.watch.theatre", "'hils'", 30, 1, "did you mean 'hills'?"),
        ("unknown-phase", "task.watch.phases[1]", "'finl'", 31, 1, "did you mean 'final'?"),
        ("unknown-party", "task.watch.consent_of[0]", "'nort'", 32, 1, "did you mean 'north'?"),
        ("unknown-capability", "task.watch.need.observr", "'observr'", 33, 1,
         "did you mean 'observer'?"),
        ("unknown-party", "contributor.solo.acceptable_to[0]", "'sout'", 36, 1,
         "did you mean 'south'?"),
        ("unknown-theatre", "contributor.solo.excluded_theatres[0]", "'hils'", 37, 1,
         "did you mean 'hills'?"),
        ("unknown-capability", "contributor.solo.available.obsrver", "'obsrver'", 38, 15,
         "did you mean 'observer'?"),
        ("unknown-capability", "contributor.solo.cost_per_month.obsrvr", "'obsrvr'", 39, 20,
         "did you mean 'observer'?"),
    ]
    assert str(InputError(issues, file=str(path))) == f"8 problem(s) in {path}"


def test_several_shape_errors_are_reported_at_once(mandate_file, doc):
    bad = override(doc, "mission.nmae", "typo")
    bad = override(bad, "phase.late.months", -12)
    bad = override(bad, "capability.police.cost_per_month", "8000")
    bad = override(bad, "contributor.AAA.available.infantry", 2.5)
    bad = override(bad, "objective.max_share", 1.5)
    text = dump(bad)
    issues = load_errors(mandate_file(text))
    got = {(i.code, i.path): i.line for i in issues}
    assert got == {
        ("extra-forbidden", "mission.nmae"): line_of(text, 'nmae = "typo"'),
        ("less-than-equal", "objective.max_share"): line_of(text, "max_share = 1.5"),
        ("greater-than-equal", "phase.late.months"): line_of(text, "months = -12"),
        ("float-type", "capability.police.cost_per_month"): line_of(text, '"8000"'),
        ("int-type", "contributor.AAA.available.infantry"): line_of(text, "infantry = 2.5"),
    }


# --------------------------------------------------------------------------- numbers

NEGATIVE = [
    ("contributor.AAA.available.infantry", -1),
    ("capability.infantry.cost_per_month", -1.0),
    ("contributor.BBB.cost_per_month.police", -0.5),
    ("task.patrol.need.infantry.per_1000_population", -0.1),
    ("task.mentor.need.police.fixed", -10),
    ("task.patrol.need.infantry.per_crossing", -2),
    ("contributor.CCC.pledge", -1.0),
    ("objective.budget", -100),
    ("theatre.east.population", -5),
    ("theatre.east.border_km", -0.5),
    ("theatre.west.crossings", -1),
]


@pytest.mark.parametrize(("path", "value"), NEGATIVE, ids=[p for p, _ in NEGATIVE])
def test_negative_numbers_are_rejected(doc, path, value):
    issue = only(errors_of(override(doc, path, value)))
    assert issue.code == "greater-than-equal"
    assert issue.path == path
    assert issue.message == "must be greater than or equal to 0"
    assert issue.value == repr(value)


@pytest.mark.parametrize("path", ["contributor.AAA.available.infantry", "objective.budget",
                                  "contributor.CCC.pledge", "theatre.east.population",
                                  "capability.police.cost_per_month"])
def test_zero_is_allowed_where_numbers_are_non_negative(doc, path):
    validate(override(doc, path, 0))


NON_FINITE = [
    ("phase.early.months", math.nan, "nan"),
    ("capability.infantry.cost_per_month", math.inf, "inf"),
    ("objective.budget", math.inf, "inf"),
    ("objective.max_share", math.nan, "nan"),
    ("task.patrol.need.infantry.per_1000_population", math.nan, "nan"),
    ("theatre.east.area_km2", math.inf, "inf"),
    ("contributor.CCC.pledge", -math.inf, "-inf"),
]


@pytest.mark.parametrize(("path", "value", "written"), NON_FINITE,
                         ids=[f"{p}={w}" for p, _, w in NON_FINITE])
def test_nan_and_infinity_in_toml_are_rejected(mandate_file, doc, path, value, written):
    text = dump(override(doc, path, value))
    key = path.rsplit(".", 1)[-1]
    assert f"{key} = {written}\n" in text  # the TOML really says nan / inf
    issue = only(load_errors(mandate_file(text)))
    assert issue.code == "finite-number"
    assert issue.path == path
    assert issue.message == "NaN and infinity are not allowed"
    assert issue.value == written
    assert issue.line == line_of(text, f"{key} = {written}")


SHARES = [
    (0, "greater-than", "must be greater than 0"),
    (0.0, "greater-than", "must be greater than 0"),
    (-0.1, "greater-than", "must be greater than 0"),
    (1.5, "less-than-equal", "must be less than or equal to 1"),
    (1.0000001, "less-than-equal", "must be less than or equal to 1"),
]


@pytest.mark.parametrize("path", ["objective.max_share", "contributor.AAA.max_share"])
@pytest.mark.parametrize(("value", "code", "message"), SHARES,
                         ids=[repr(v) for v, _, _ in SHARES])
def test_share_outside_zero_one(doc, path, value, code, message):
    issue = only(errors_of(override(doc, path, value)))
    assert (issue.code, issue.path, issue.message, issue.value) == (code, path, message,
                                                                    repr(value))


@pytest.mark.parametrize("path", ["objective.max_share", "contributor.AAA.max_share"])
@pytest.mark.parametrize("value", [1, 1.0, 0.001, 0.5])
def test_share_inside_zero_one_is_accepted(doc, path, value):
    validate(override(doc, path, value))


@pytest.mark.parametrize("months", [0, 0.0, -1, -0.5, 1e-300, 0.0009])
def test_months_must_be_at_least_a_thousandth(doc, months):
    issue = only(errors_of(override(doc, "phase.late.months", months)))
    assert (issue.code, issue.path, issue.message) == (
        "greater-than-equal", "phase.late.months", "must be greater than or equal to 0.001")
    assert issue.value == repr(months)


@pytest.mark.parametrize(("path", "value"), [
    ("capability.infantry.cost_per_month", 1e20),
    ("theatre.east.population", 1e308),
    ("objective.budget", 1e16),
    ("contributor.AAA.available.infantry", 10**8),
    ("phase.late.months", 1201),
    ("task.patrol.phase_scale.late", 101),
])
def test_numbers_a_solver_cannot_take_are_refused_with_their_key(doc, path, value):
    issue = only(errors_of(override(doc, path, value)))
    assert (issue.code, issue.path) == ("less-than-equal", path)
    assert issue.message.startswith("must be less than or equal to")


def test_fractional_months_are_accepted(doc):
    assert validate(override(doc, "phase.late.months", 0.5)).mandate.phase["late"].months == 0.5


# --------------------------------------------------------------------------- required keys

@pytest.mark.parametrize("path", ["mission.name", "mission", "phase.early.months",
                                  "capability.police.component",
                                  "capability.infantry.cost_per_month",
                                  "task.patrol.function", "task.mentor.theatre"])
def test_missing_required_key(doc, path):
    issue = only(errors_of(override(doc, path, DELETE)))
    assert (issue.code, issue.path, issue.message) == ("missing", path,
                                                       "required key is missing")
    assert issue.value is None


def test_missing_mission_name_in_a_file_points_at_the_mission_table(mandate_file, doc):
    text = dump(override(doc, "mission.name", DELETE))
    issue = only(load_errors(mandate_file(text)))
    assert (issue.code, issue.path) == ("missing", "mission.name")
    assert issue.line == line_of(text, "[mission]")


@pytest.mark.parametrize("path", ["mission.name", "task.patrol.function", "mission.currency"])
def test_empty_strings_are_rejected(doc, path):
    issue = only(errors_of(override(doc, path, "")))
    assert (issue.code, issue.path, issue.message) == ("string-too-short", path,
                                                       "must not be empty")


# --------------------------------------------------------------------------- ids

def test_quoted_id_with_a_space_is_rejected_with_its_line(mandate_file, doc):
    text = dump(doc).replace("[theatre.west]", '[theatre."west bank"]')
    text = text.replace('theatre = "west"', 'theatre = "east"')
    text = text.replace('excluded_theatres = [\n    "west",\n]', "excluded_theatres = []")
    issue = only(load_errors(mandate_file(text)))
    assert issue.code == "string-pattern-mismatch"
    assert issue.path == "theatre.west bank"
    assert issue.message == "invalid id: ids are TOML bare keys: letters, digits, '-' and '_'"
    assert issue.value == "'west bank'"
    assert issue.line == line_of(text, '[theatre."west bank"]')


@pytest.mark.parametrize("bad_id", ["a b", "café", "a.b", "a/b", ""])
def test_invalid_id_characters_in_entity_keys(doc, bad_id):
    doc["capability"][bad_id] = {"component": "civilian", "cost_per_month": 1.0}
    issue = only(errors_of(doc))
    assert issue.path == f"capability.{bad_id}"
    assert issue.message.startswith("invalid id: ")
    assert issue.value == repr(bad_id)


def test_invalid_id_in_a_list(doc):
    issue = only(errors_of(override(doc, "mission.parties", ["north", "so uth"])))
    assert issue.code == "string-pattern-mismatch"
    assert issue.path == "mission.parties[1]"
    assert issue.message == "ids are TOML bare keys: letters, digits, '-' and '_'"


# --------------------------------------------------------------------------- warnings

def test_caveat_naming_an_unknown_function_is_a_warning(doc):
    loaded = validate(override(doc, "contributor.CCC.excluded_functions", ["supervison"]),
                      "m.toml")
    warning = only(loaded.warnings)
    assert warning.severity == "warning"
    assert warning.code == "unused-caveat"
    assert warning.path == "contributor.CCC.excluded_functions[0]"
    assert warning.value == "'supervison'"
    assert warning.message == ("no task has the function 'supervison', "
                               "so this caveat excludes nothing")
    assert warning.hint == "did you mean 'supervision'?"
    assert warning.file == "m.toml"


def test_warning_fixture_loads_with_its_line(fixture_path):
    loaded = load_mandate(fixture_path("warning_caveat"))
    warning = only(loaded.warnings)
    assert (warning.code, warning.line, warning.hint) == ("unused-caveat", 25,
                                                          "did you mean 'enforcement'?")


def test_common_fund_without_pledges_is_a_warning(doc):
    bad = override(override(doc, "objective.financing", "common-fund"),
                   "contributor.CCC.pledge", DELETE)
    warning = only(validate(bad).warnings)
    assert (warning.code, warning.path, warning.severity) == (
        "empty-common-fund", "objective.financing", "warning")


def test_warnings_do_not_hide_errors(doc):
    bad = override(doc, "contributor.CCC.excluded_functions", ["supervison"])
    bad = override(bad, "task.patrol.theatre", "eastt")
    issue = only(errors_of(bad))  # the error is raised; the warning is not an error
    assert issue.code == "unknown-theatre"


# --------------------------------------------------------------------------- line numbers

def test_inline_table_value_points_at_its_column(mandate_file):
    text = ('[mission]\nname = "x"\n\n[capability.inf]\ncomponent = "military"\n'
            'cost_per_month = 1.0\n\n[contributor.C]\navailable = { inf = -1 }\n')
    issue = only(load_errors(mandate_file(text)))
    assert (issue.path, issue.line, issue.column) == ("contributor.C.available.inf", 9, 15)


def test_dotted_key_points_at_its_line(mandate_file):
    text = '[mission]\nname = "x"\n\n[phase]\nfirst.months = 1\nsecond.months = -2\n'
    issue = only(load_errors(mandate_file(text)))
    assert (issue.path, issue.line, issue.column) == ("phase.second.months", 6, 1)


def test_indented_key_points_at_its_column(mandate_file):
    text = '[mission]\nname = "x"\n\n[phase.first]\n    months = 0\n'
    issue = only(load_errors(mandate_file(text)))
    assert (issue.path, issue.line, issue.column) == ("phase.first.months", 5, 5)


def test_without_source_text_there_is_no_line(doc):
    issue = only(errors_of(override(doc, "phase.late.months", 0)))
    assert issue.line is None and issue.column is None
    assert issue.location() == "m.toml"



# --------------------------------------------------------------------------- every error at once

ONE_RUN = """\
[mission]
name = "Shape and reference errors together"
parties = ["north", "south"]

[phase.early]
months = 6

[phase.late]
months = -12

[theatre.east]
population = 1_000_000

[capability.infantry]
component = "military"
cost_per_month = 10_000.0

[task.patrol]
function = "supervision"
theatre = "eastt"
phases = ["early", "late"]
need.infantry = { fixed = 5 }

[contributor.AAA]
availble = { infantry = 5 }

[contributor.BBB]
excluded_theatres = ["wset"]
available = { infantry = 5 }
"""


def test_shape_and_reference_errors_are_reported_in_one_run(mandate_file):
    path = mandate_file(ONE_RUN)
    issues = load_errors(path)
    got = [(i.code, i.path, i.line, i.hint) for i in issues]
    assert got == [
        ("greater-than-equal", "phase.late.months", 9, ""),
        ("unknown-theatre", "task.patrol.theatre", 20, "did you mean 'east'?"),
        ("extra-forbidden", "contributor.AAA.availble", 25, "did you mean 'available'?"),
        ("unknown-theatre", "contributor.BBB.excluded_theatres[0]", 28, "expected one of: 'east'"),
    ]
    # phase 'late' is malformed, yet patrol's reference to it is not an error
    assert all(i.file == str(path) for i in issues)


def test_issues_without_lines_are_sorted_by_key_path(doc):
    bad = override(doc, "task.patrol.phases", ["early", "late", *[f"p{n}" for n in range(11)]])
    bad = override(bad, "contributor.AAA.max_share", 2)
    bad = override(bad, "capability.police.component", "polise")
    issues = errors_of(bad)
    paths = [i.path for i in issues]
    assert paths == ["capability.police.component", "contributor.AAA.max_share",
                     *[f"task.patrol.phases[{n}]" for n in range(2, 13)]]  # [10] after [9]


def test_errors_are_sorted_by_file_then_line_across_a_chain(tmp_path, doc):
    (tmp_path / "base.toml").write_text(dump(override(doc, "task.patrol.theatre", "eastt")),
                                        encoding="utf-8")
    variant = tmp_path / "variant.toml"
    variant.write_text('extends = "base.toml"\n\n[phase.late]\nmonths = 0\n', encoding="utf-8")
    issues = load_errors(variant)
    assert [(i.file, i.code, i.line) for i in issues] == [
        (str(tmp_path / "base.toml"), "unknown-theatre",
         line_of(dump(doc), 'theatre = "east"')),
        (str(variant), "greater-than-equal", 4),
    ]


@pytest.mark.parametrize(("path", "value", "code"), [
    ("phase.late.months", DELETE, "missing"),  # task.mentor.phases names 'late'
    ("phase.late", 12, "model-type"),
    ("phase", 5, "dict-type"),  # every phase id is then unknown, and none is reported
    ("theatre.west.populaton", 5, "extra-forbidden"),  # the theatre is kept without the key
    ("theatre", ["east", "west"], "dict-type"),
    ("capability.police.component", DELETE, "missing"),  # a need, a pool and a cost name it
    ("capability.police.cost_per_month", "8000", "float-type"),
    ("capability.police", "police", "model-type"),
    ("mission.name", DELETE, "missing"),  # the parties are still read from the mission
    ("mission.parties", ["north", 5], "string-type"),  # the parties cannot be read at all
    ("mission", "Test", "model-type"),
])
def test_a_malformed_entity_causes_no_reference_error(doc, path, value, code):
    issue = only(errors_of(override(doc, path, value)))
    assert issue.code == code


def test_a_misspelt_section_name_causes_no_reference_error(doc):
    bad = {("theatres" if k == "theatre" else k): v for k, v in doc.items()}
    issue = only(errors_of(bad))  # the tasks' theatres are under 'theatres'
    assert (issue.code, issue.path, issue.hint) == ("extra-forbidden", "theatres",
                                                    "did you mean 'theatre'?")
    # an id in neither table is still reported
    assert [i.code for i in errors_of(override(bad, "task.patrol.theatre", "nowhere"))] == [
        "unknown-theatre", "extra-forbidden"]


def test_references_outside_a_malformed_key_are_still_checked(doc):
    bad = override(doc, "task.patrol.priority", "urgent")  # patrol is kept without it
    bad = override(bad, "task.patrol.theatre", "eastt")
    bad = override(bad, "contributor.AAA.available.infantry", -1)  # only this entry dropped
    bad = override(bad, "contributor.AAA.available.polise", 1)
    bad = override(bad, "mission.name", "")  # the mission's parties are still read
    bad = override(bad, "contributor.BBB.acceptable_to", ["nort"])
    got = [(i.code, i.path) for i in errors_of(bad)]
    assert got == [
        ("greater-than-equal", "contributor.AAA.available.infantry"),
        ("unknown-capability", "contributor.AAA.available.polise"),
        ("unknown-party", "contributor.BBB.acceptable_to[0]"),
        ("string-too-short", "mission.name"),
        ("literal-error", "task.patrol.priority"),
        ("unknown-theatre", "task.patrol.theatre"),
    ]


def test_a_task_missing_a_required_key_is_not_checked_further(doc):
    bad = override(override(doc, "task.patrol.function", DELETE), "task.patrol.theatre", "x")
    assert [(i.code, i.path) for i in errors_of(bad)] == [("missing", "task.patrol.function")]


def test_a_misspelt_financing_names_the_built_in_ones_and_the_schemes(doc):
    issue = only(errors_of(override(doc, "objective.financing", "commonfund")))
    assert (issue.code, issue.path, issue.value) == ("unknown-financing", "objective.financing",
                                                     "'commonfund'")
    assert "'national' or 'common-fund'" in issue.message
    assert issue.hint == "did you mean 'common-fund'?"
