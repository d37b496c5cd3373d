"""Needs as shares of other needs (issue 12, item 2): exact, after the referents' own
rounding, not scaled twice, in dependency order, refused in a cycle, shown in derivations,
followed by ``--set``, and agreed by the independent checker."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from forcesize.errors import InputError
from forcesize.explain.derivations import derivations
from forcesize.mandate import Derived, load_mandate, validate
from forcesize.results.check import required_persons

from ..helpers import override, valid_mandate, write_toml


def _doc(**extra_needs: Any) -> dict[str, Any]:
    """valid_mandate with an ``enabler`` capability; patrol needs 100 infantry (0.1 per
    1,000 of 1,000,000) in both phases, mentor 10 police in ``late``."""
    doc = valid_mandate()
    doc["capability"]["enabler"] = {"component": "military", "cost_per_month": 9_000.0}
    for path, value in extra_needs.items():
        doc = override(doc, path.replace("__", "."), value)
    return doc


def _req(doc: dict[str, Any]) -> dict[tuple[str, str, str], int]:
    reqs = Derived(validate(doc).mandate).requirements
    got = {(r.task, r.capability, r.phase): r.required for r in reqs}
    checked = required_persons(validate(doc).mandate)
    assert {k: v[0] for k, v in checked.items()} == got  # the checker agrees, always
    return got


def test_a_share_of_the_tasks_infantry():
    got = _req(_doc(task__patrol__need__enabler={"share": {"rate": 0.2, "of": ["infantry"]}}))
    assert got["patrol", "enabler", "early"] == got["patrol", "enabler", "late"] == 20


def test_a_share_is_taken_of_the_rounded_requirement_and_rounded_up():
    # 0.1 per 1,000 × 1,000,003 = 100.0003 → 101 infantry; 0.15 × 101 = 15.15 → 16
    doc = override(_doc(task__patrol__need__enabler={"share": {"rate": 0.15,
                                                               "of": ["infantry"]}}),
                   "theatre.east.population", 1_000_003)
    got = _req(doc)
    assert got["patrol", "infantry", "early"] == 101
    assert got["patrol", "enabler", "early"] == 16


def test_a_phase_scale_is_not_applied_twice():
    doc = _doc(task__patrol__need__enabler={"share": {"rate": 0.2, "of": ["infantry"]}},
               task__patrol__phase_scale={"late": 0.5})
    got = _req(doc)
    assert got["patrol", "infantry", "late"] == 50
    assert got["patrol", "enabler", "late"] == 10  # 0.2 × 50, not 0.2 × 50 × 0.5


def test_own_terms_are_scaled_and_the_share_is_added():
    doc = _doc(task__patrol__need__enabler={"fixed": 4, "share": {"rate": 0.2,
                                                                  "of": ["infantry"]}},
               task__patrol__phase_scale={"late": 0.5})
    assert _req(doc)["patrol", "enabler", "late"] == 2 + 10


def test_a_phase_scope_share_counts_every_task_running_in_the_phase():
    doc = _doc(task__hq={"function": "supervision", "theatre": "east",
                         "need": {"enabler": {"share": {"rate": 0.1,
                                                        "of_components": ["military",
                                                                          "police"],
                                                        "scope": "phase"}}}})
    got = _req(doc)
    assert got["hq", "enabler", "early"] == 10  # 0.1 × 100 infantry
    assert got["hq", "enabler", "late"] == 11  # 0.1 × (100 infantry + 10 police)


def test_a_share_of_a_share_is_derived_after_it():
    doc = _doc(task__patrol__need__enabler={"share": {"rate": 0.2, "of": ["infantry"]}},
               task__patrol__need__police={"share": {"rate": 0.5, "of": ["enabler"]}})
    got = _req(doc)
    assert got["patrol", "police", "early"] == 10  # 0.5 × 20 enablers


def test_a_need_never_counts_itself():
    doc = _doc(task__patrol__need__enabler={"fixed": 5, "share": {
        "rate": 1, "of_components": ["military"]}})
    assert _req(doc)["patrol", "enabler", "early"] == 105  # 5 + 100 infantry, not itself


def test_a_cycle_of_shares_is_a_located_error_naming_the_cycle():
    doc = _doc(task__patrol__need__enabler={"share": {"rate": 0.2, "of": ["infantry"]}},
               task__patrol__need__infantry={"share": {"rate": 2, "of": ["enabler"]}})
    with pytest.raises(InputError) as info:
        validate(doc)
    issue = next(i for i in info.value.issues if i.code == "share-cycle")
    assert issue.path.startswith("task.patrol.need.")
    assert "patrol.enabler" in issue.message and "patrol.infantry" in issue.message


def test_a_share_names_of_or_of_components_exactly_once_and_known_capabilities():
    for share, code in (({"rate": 0.2}, "share-of-what"),
                        ({"rate": 0.2, "of": ["infantry"], "of_components": ["police"]},
                         "share-of-what"),
                        ({"rate": 0.2, "of": ["infantri"]}, "unknown-capability")):
        with pytest.raises(InputError) as info:
            validate(_doc(task__patrol__need__enabler={"share": share}))
        issue = next(i for i in info.value.issues if i.code == code)
        assert issue.path.startswith("task.patrol.need.enabler.share")
    with pytest.raises(InputError) as info:
        validate(_doc(task__patrol__need__enabler={"share": {"rate": 0.2,
                                                             "of": ["infantri"]}}))
    assert "infantry" in next(i.hint for i in info.value.issues)


def test_a_share_of_nothing_is_warned_about():
    loaded = validate(_doc(task__patrol__need__enabler={"share": {"rate": 0.2,
                                                                  "of": ["police"]}}))
    assert "share-of-nothing" in [w.code for w in loaded.warnings]


def test_the_derivation_shows_the_share_after_the_scale():
    doc = _doc(task__patrol__need__enabler={"fixed": 4, "share": {"rate": 0.2,
                                                                  "of": ["infantry"]}},
               task__patrol__phase_scale={"late": 0.5})
    lines = {tuple(x.phases): x.text for x in derivations(Derived(validate(doc).mandate))
             if x.capability == "enabler"}
    assert lines[("late",)] == ("enabler for patrol (late): 4 fixed × 0.5 (phase scale) + "
                                "0.2 × 50 persons of infantry (this task) = 12 persons")
    assert "0.2 × 100 persons of infantry (this task) = 24" in lines[("early",)]
    docs = (Path(__file__).resolve().parents[2] / "docs" / "rules.md").read_text(
        encoding="utf-8")
    assert lines[("late",)] in docs.splitlines()  # the doc's example is this output


def test_a_share_follows_set(tmp_path):
    path = write_toml(tmp_path, _doc(task__patrol__need__enabler={
        "share": {"rate": 0.2, "of": ["infantry"]}}))
    loaded = load_mandate(path, ["task.patrol.need.infantry.per_1000_population=0.2"])
    got = {(r.task, r.capability, r.phase): r.required
           for r in Derived(loaded.mandate).requirements}
    assert got["patrol", "enabler", "early"] == 40
