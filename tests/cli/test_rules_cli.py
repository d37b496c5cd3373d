"""``forcesize rules``: the library listed and searched in every format; a mandate's rule
uses through ``resolve``, ``explain`` and ``--set`` (issue 12, item 1)."""

from __future__ import annotations

import csv
import io
import json
import tomllib

from forcesize.library import MISSION_TYPES, rules
from forcesize.render.csv import RULE_COLUMNS

from ..helpers import invoke, override, valid_mandate, write_toml

PATH = "task.patrol.need.infantry.per_1000_population"


def _pop_rule() -> str:
    return next(r.id for r in rules().values() if r.term == "per_1000_population")


def test_json_lists_every_rule_with_its_source():
    _, out, _ = invoke("rules", "--format", "json")
    doc = json.loads(out)
    assert doc["kind"] == "rules" and doc["schema_version"] == 1
    assert doc["total"] == len(doc["rules"]) == len(rules()) >= 40
    first = doc["rules"][0]
    assert {"id", "term", "low", "central", "high", "source", "cites", "quality",
            "mission_types", "note"} <= set(first)


def test_a_mission_type_filter_keeps_only_that_type():
    for kind in MISSION_TYPES:
        _, out, _ = invoke("rules", "--mission-type", kind, "--format", "json")
        found = json.loads(out)["rules"]
        assert len(found) >= 3, kind
        assert all(kind in r["mission_types"] for r in found)


def test_words_search_ids_titles_and_notes():
    rule = _pop_rule()
    _, out, _ = invoke("rules", rule, "--format", "json")
    assert rule in [r["id"] for r in json.loads(out)["rules"]]
    _, out, _ = invoke("rules", "zzzz-no-such-word", "--format", "json")
    assert json.loads(out)["rules"] == []


def test_a_term_filter_and_a_component_filter():
    _, out, _ = invoke("rules", "--term", "per_1000_population", "--component", "police",
                       "--format", "json")
    found = json.loads(out)["rules"]
    assert found and all(r["term"] == "per_1000_population" and r["component"] in
                         ("police", "any") for r in found)


def test_an_unknown_filter_value_is_a_usage_error_with_a_suggestion():
    _, out, err = invoke("rules", "--mission-type", "policin", expect=2)
    assert out == "" and "policing" in err
    _, out, err = invoke("rules", "--term", "per_1000_populaton", expect=2)
    assert "per_1000_population" in err


def test_markdown_table_and_csv_carry_every_rule():
    n = len(rules())
    _, md, _ = invoke("rules", "--format", "markdown")
    assert md.startswith(f"**{n} of {n} library rules**")
    assert sum(line.startswith("| `") for line in md.splitlines()) == n
    _, table, _ = invoke("rules", "--format", "table")
    assert f"{n} of {n} library rules" in table and "\x1b[" not in table
    _, text, _ = invoke("rules", "--format", "csv")
    rows = list(csv.reader(io.StringIO(text)))
    assert tuple(rows[0]) == RULE_COLUMNS and len(rows) == n + 1


def test_resolve_shows_each_rule_use_with_its_value_and_source(tmp_path):
    rule = rules()[_pop_rule()]
    path = write_toml(tmp_path, override(valid_mandate(), PATH, rule.id))
    _, out, _ = invoke("resolve", path, "--set", "mission.scenario=high")
    use = tomllib.loads(out)["task"]["patrol"]["need"]["infantry"]["per_1000_population"]
    assert use == {"rule": rule.id, "scenario": "high", "value": rule.high,
                   "source": rule.citation}
    again = write_toml(tmp_path, out, name="resolved.toml")
    assert invoke("resolve", again)[1] == out


def test_set_swaps_a_rule_and_explain_cites_it(tmp_path):
    first, second = [r.id for r in rules().values() if r.term == "per_1000_population"][:2]
    path = write_toml(tmp_path, override(valid_mandate(), PATH, first))
    _, out, _ = invoke("explain", path, "--set", f"{PATH}={second}", "--format", "json",
                       "--confirm", "0")
    lines = [d["text"] for d in json.loads(out)["derivations"] if d["task"] == "patrol"]
    assert lines and all(f"[{second} (central): " in t for t in lines)
