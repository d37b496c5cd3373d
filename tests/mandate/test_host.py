"""Host-nation and local forces that net requirements (issue 12, item 4): per theatre and
capability, with an effectiveness, a ramp or a training throughput; netted in task order,
never below zero, before shares; shown in derivations and agreed by the checker."""

from __future__ import annotations

from typing import Any

import pytest

from forcesize.errors import InputError
from forcesize.explain.derivations import derivations
from forcesize.mandate import Derived, validate
from forcesize.results.check import required_persons

from ..helpers import override, valid_mandate


def _req(doc: dict[str, Any]) -> dict[tuple[str, str, str], int]:
    m = validate(doc).mandate
    got = {(r.task, r.capability, r.phase): r.required for r in Derived(m).requirements}
    assert {k: v[0] for k, v in required_persons(m).items()} == got  # the checker agrees
    return got


def _host(**host: Any) -> dict[str, Any]:
    """valid_mandate (patrol: 100 infantry in east, early 6 and late 12 months) with host
    infantry in east."""
    return override(valid_mandate(), "theatre.east.host", {"infantry": host})


def test_host_persons_times_effectiveness_net_the_requirement():
    got = _req(_host(persons=60, effectiveness=0.5))
    assert got["patrol", "infantry", "early"] == got["patrol", "infantry", "late"] == 70


def test_a_ramp_scales_the_host_persons_by_phase():
    got = _req(_host(persons=60, effectiveness=0.5, by_phase={"early": 0.5}))
    assert got["patrol", "infantry", "early"] == 85
    assert got["patrol", "infantry", "late"] == 70


def test_trained_local_forces_count_from_the_phase_after_their_training():
    # 5 a month from 2: early begins with 2 ready, late with 2 + 5 × 6 = 32
    got = _req(_host(persons=50, trained_per_month=5, initial=2))
    assert got["patrol", "infantry", "early"] == 98
    assert got["patrol", "infantry", "late"] == 68
    got = _req(_host(persons=20, trained_per_month=5, initial=2))  # capped at 20
    assert got["patrol", "infantry", "late"] == 80


def test_netting_never_goes_below_zero_and_leaves_other_capabilities_alone():
    got = _req(_host(persons=10_000))
    assert got["patrol", "infantry", "early"] == 0
    assert got["mentor", "police", "late"] == 10


def test_the_credit_goes_to_essential_tasks_first_then_by_id():
    doc = override(_host(persons=120), "task.guard", {
        "function": "supervision", "theatre": "east", "priority": "important",
        "need": {"infantry": {"fixed": 50}}})
    got = _req(doc)
    assert got["patrol", "infantry", "early"] == 0  # essential: netted first
    assert got["guard", "infantry", "early"] == 30
    listed = _req(override(doc, "theatre.east.host.infantry.tasks", ["guard", "patrol"]))
    assert listed["guard", "infantry", "early"] == 0
    assert listed["patrol", "infantry", "early"] == 30


def test_a_share_is_taken_of_the_netted_requirement():
    doc = override(_host(persons=40), "capability.enabler",
                   {"component": "military", "cost_per_month": 1.0})
    doc = override(doc, "task.patrol.need.enabler", {"share": {"rate": 0.5,
                                                               "of": ["infantry"]}})
    got = _req(doc)
    assert got["patrol", "infantry", "early"] == 60
    assert got["patrol", "enabler", "early"] == 30  # 0.5 × 60, and not netted itself


def test_netting_is_a_subtraction_in_the_derivation():
    d = Derived(validate(_host(persons=60, effectiveness=0.5, by_phase={"early": 0.5}))
                .mandate)
    early = next(x for x in derivations(d) if x.phases == ["early"])
    assert early.text == ("infantry for patrol (early): 0.1 per 1,000 × 1,000,000 population "
                          "(east) − 15 host infantry (east: 30 present × 0.5) = 85 persons")
    assert early.host == "15"


@pytest.mark.parametrize(("host", "code", "path"), [
    ({"persons": 1, "by_phase": {"erly": 1}}, "unknown-phase",
     "theatre.east.host.infantry.by_phase.erly"),
    ({"persons": 1, "by_phase": {"early": 1}, "trained_per_month": 2}, "host-ramp-twice",
     "theatre.east.host.infantry.by_phase"),
    ({"persons": 1, "initial": 3}, "host-ramp-twice", "theatre.east.host.infantry.initial"),
    ({"persons": 1, "tasks": ["patrl"]}, "unknown-task", "theatre.east.host.infantry.tasks[0]"),
    ({"persons": 1, "tasks": ["mentor"]}, "host-task-elsewhere",
     "theatre.east.host.infantry.tasks[0]"),
    ({"persons": 1, "effectiveness": 1.5}, "less-than-equal",
     "theatre.east.host.infantry.effectiveness"),
])
def test_a_bad_host_declaration_is_a_located_error(host, code, path):
    with pytest.raises(InputError) as info:
        validate(override(valid_mandate(), "theatre.east.host", {"infantry": host}))
    assert (code, path) in [(i.code, i.path) for i in info.value.issues]


def test_a_host_capability_must_exist():
    with pytest.raises(InputError) as info:
        validate(override(valid_mandate(), "theatre.east.host", {"infantri": {"persons": 1}}))
    issue = next(i for i in info.value.issues if i.code == "unknown-capability")
    assert issue.path == "theatre.east.host.infantri" and "infantry" in issue.hint


def test_the_derivation_line_in_the_rules_doc_is_this_output():
    from pathlib import Path

    d = Derived(validate(_host(persons=60, effectiveness=0.5, by_phase={"early": 0.5}))
                .mandate)
    early = next(x for x in derivations(d) if x.phases == ["early"])
    docs = (Path(__file__).resolve().parents[2] / "docs" / "rules.md").read_text(
        encoding="utf-8")
    assert early.text in docs.splitlines()
