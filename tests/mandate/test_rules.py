"""Library rules in a mandate, and theatre quantities (issue 12, items 1 and 3): a need term
may name a rule by id, take its low, central or high value, and cite it; ``per`` terms
multiply quantities the planner names. Every case is checked against the library's own
numbers, read here from its data file."""

from __future__ import annotations

import math
import tomllib
from fractions import Fraction
from importlib.resources import files
from typing import Any

import pytest

from forcesize.errors import InputError
from forcesize.explain.derivations import derivations
from forcesize.mandate import Derived, validate
from forcesize.mandate.rules import pinned
from forcesize.results.check import required_persons

from ..helpers import override, valid_mandate

LIBRARY = tomllib.loads(files("forcesize.library").joinpath("rules.toml")
                        .read_text(encoding="utf-8"))["rule"]


def _first(term: str, **where: Any) -> str:
    return next(rid for rid, r in LIBRARY.items() if r["term"] == term
                and all(r.get(k) == v for k, v in where.items()) and r["low"] < r["high"])


POP = _first("per_1000_population")
"""A population rule whose low and high differ."""
FIXED = _first("fixed")


def _patrol(doc: dict[str, Any]) -> int:
    """The patrol task's infantry requirement in the early phase."""
    d = Derived(validate(doc).mandate)
    return next(r.required for r in d.requirements if r.task == "patrol" and r.phase == "early")


def _codes(doc: dict[str, Any]) -> list[str]:
    with pytest.raises(InputError) as info:
        validate(doc)
    return [i.code for i in info.value.issues]


def _issue(doc: dict[str, Any], code: str):
    with pytest.raises(InputError) as info:
        validate(doc)
    return next(i for i in info.value.issues if i.code == code)


PATH = "task.patrol.need.infantry.per_1000_population"


@pytest.mark.parametrize("scenario", ["low", "central", "high"])
def test_a_rule_id_takes_the_library_value_of_the_mission_scenario(scenario):
    doc = override(override(valid_mandate(), PATH, POP), "mission.scenario", scenario)
    # east has 1,000,000 inhabitants: rate × 1,000, rounded up
    expected = math.ceil(Fraction(repr(float(LIBRARY[POP][scenario]))) * 1000)
    assert _patrol(doc) == expected


def test_a_use_of_its_own_scenario_wins_over_the_missions():
    doc = override(valid_mandate(), PATH, {"rule": POP, "scenario": "high"})
    doc = override(doc, "mission.scenario", "low")
    assert _patrol(doc) == _patrol(override(override(valid_mandate(), PATH, POP),
                                            "mission.scenario", "high"))


def test_the_scenarios_order_the_requirement():
    low, central, high = (_patrol(override(override(valid_mandate(), PATH, POP),
                                           "mission.scenario", s))
                          for s in ("low", "central", "high"))
    assert low <= central <= high and low < high


def test_an_unknown_rule_is_a_located_error_with_a_suggestion():
    issue = _issue(override(valid_mandate(), PATH, POP[:-1]), "unknown-rule")
    assert issue.path == PATH
    assert POP in issue.hint
    assert issue.line is None or issue.line > 0


def test_a_rule_that_sizes_another_term_is_refused_and_says_where_it_fits():
    issue = _issue(override(valid_mandate(), PATH, FIXED), "rule-term-mismatch")
    assert issue.path == PATH
    assert f"task.patrol.need.infantry.{LIBRARY[FIXED]['term']}" in issue.hint


def test_a_quoted_number_is_a_type_error_not_a_rule():
    assert _codes(override(valid_mandate(), PATH, "3")) == ["float-type"]


def test_a_malformed_rule_id_says_what_a_rule_id_is():
    issue = _issue(override(valid_mandate(), PATH, "Not an id"), "string-pattern-mismatch")
    assert issue.path == PATH
    assert "rule id" in issue.message


def test_an_unknown_key_in_a_rule_use_suggests_the_right_one():
    issue = _issue(override(valid_mandate(), PATH, {"rule": POP, "scenaro": "low"}),
                   "extra-forbidden")
    assert issue.path == f"{PATH}.scenaro"
    assert "scenario" in issue.hint


def test_a_pinned_value_the_library_no_longer_gives_is_refused():
    stale = LIBRARY[POP]["central"] + 1
    issue = _issue(override(valid_mandate(), PATH, {"rule": POP, "value": stale}),
                   "rule-value-changed")
    assert issue.path == f"{PATH}.value"
    validate(override(valid_mandate(), PATH, {"rule": POP, "value": LIBRARY[POP]["central"]}))


def test_resolve_writes_every_use_with_its_value_and_source_and_is_stable():
    doc = override(valid_mandate(), PATH, POP)
    loaded = validate(doc)
    out = pinned(loaded.data, loaded.mandate)
    use = out["task"]["patrol"]["need"]["infantry"]["per_1000_population"]
    assert use["rule"] == POP and use["scenario"] == "central"
    assert use["value"] == LIBRARY[POP]["central"]
    assert LIBRARY[POP]["source"] in use["source"]
    again = validate(out)
    assert pinned(again.data, again.mandate) == out
    assert _patrol(out) == _patrol(doc)
    assert doc["task"]["patrol"]["need"]["infantry"]["per_1000_population"] == POP  # not edited


def test_explain_cites_the_rule_in_the_derivation_line():
    d = Derived(validate(override(valid_mandate(), PATH, POP)).mandate)
    line = next(x for x in derivations(d) if x.task == "patrol")
    assert f"[{POP} (central): " in line.text
    assert line.terms[0].source and LIBRARY[POP]["source"] in line.terms[0].source


def test_the_independent_checker_reads_the_same_value():
    for scenario in ("low", "central", "high"):
        doc = override(override(valid_mandate(), PATH, POP), "mission.scenario", scenario)
        m = validate(doc).mandate
        assert required_persons(m)["patrol", "infantry", "early"][0] == _patrol(doc)


# --------------------------------------------------------------------------- quantities


def _posts(per: Any, posts: float = 11) -> dict[str, Any]:
    doc = override(valid_mandate(), "theatre.east.quantities", {"observation_posts": posts})
    return override(doc, "task.patrol.need.infantry", {"per": {"observation_posts": per}})


def test_a_per_term_multiplies_the_theatres_quantity():
    assert _patrol(_posts(6)) == 66
    assert _patrol(_posts(2.5, 3)) == 8  # 7.5 rounded up


def test_a_per_term_adds_to_the_other_terms_and_the_checker_agrees():
    doc = override(_posts(6), "task.patrol.need.infantry.fixed", 4)
    assert _patrol(doc) == 70
    assert required_persons(validate(doc).mandate)["patrol", "infantry", "early"][0] == 70


def test_a_per_term_for_a_quantity_the_theatre_lacks_is_an_error_with_a_suggestion():
    doc = override(valid_mandate(), "theatre.east.quantities", {"observation_posts": 11})
    doc = override(doc, "task.patrol.need.infantry", {"per": {"observation_post": 6}})
    issue = _issue(doc, "unknown-quantity")
    assert issue.path == "task.patrol.need.infantry.per.observation_post"
    assert "observation_posts" in issue.hint


def test_a_per_term_derivation_names_the_quantity():
    d = Derived(validate(_posts(6)).mandate)
    line = next(x for x in derivations(d) if x.task == "patrol")
    assert "6 each × 11 observation_posts (east)" in line.text


def test_a_quantity_rule_fits_only_its_own_quantity():
    rid, rule = next((k, r) for k, r in LIBRARY.items() if r["term"] == "per_quantity")
    name = rule["quantity"]
    doc = override(valid_mandate(), "theatre.east.quantities", {name: 10, "other_things": 10})
    ok = override(doc, "task.patrol.need.infantry", {"per": {name: rid}})
    assert _patrol(ok) == math.ceil(Fraction(repr(float(rule["central"]))) * 10)
    wrong = override(doc, "task.patrol.need.infantry", {"per": {"other_things": rid}})
    assert _issue(wrong, "rule-term-mismatch").path == \
        "task.patrol.need.infantry.per.other_things"


def test_a_negative_or_huge_quantity_is_a_range_error():
    for value in (-1, 1e12):
        doc = override(valid_mandate(), "theatre.east.quantities", {"checkpoints": value})
        issue = _issue(doc, "greater-than-equal" if value < 0 else "less-than-equal")
        assert issue.path == "theatre.east.quantities.checkpoints"


def test_the_derivation_lines_in_the_rules_doc_are_what_explain_prints():
    from pathlib import Path

    doc = {"mission": {"name": "doc example"},
           "phase": {"p1": {"months": 12}, "p2": {"months": 12}},
           "theatre": {"west-bank": {"population": 2_700_000}},
           "capability": {"police": {"component": "police", "cost_per_month": 1.0}},
           "task": {"policing": {"function": "supervision", "theatre": "west-bank",
                                 "need": {"police": {
                                     "per_1000_population": "police-per-capita-peaceful"}}}}}
    line = derivations(Derived(validate(doc).mandate))[0].text
    text = (Path(__file__).resolve().parents[2] / "docs" / "rules.md").read_text(
        encoding="utf-8")
    assert line in text.splitlines()
