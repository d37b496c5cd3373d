"""explain, hard commitments and model export, on hand-made mandates with known answers.

One task needs 100 infantry for one 2-month phase (cost 1,000 a person-month, so
2,000 a person); each test adds the contributors and the one limit it is about.
Marginal values are checked against re-solving with the limit moved a small step.
"""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from forcesize.errors import CheckFailure, InfeasibleError
from forcesize.explain.models import Explanation
from forcesize.mandate import validate
from forcesize.mandate.derive import Derived
from forcesize.model import Family, build_model
from forcesize.pipeline import explain_mandate, plan_mandate
from forcesize.results.check import check_plan
from forcesize.solve.conflicts import find_conflict
from forcesize.solve.relax import relaxation_duals

from ..helpers import invoke, write_toml
from ..solving import base


def hold(**objective: Any) -> dict[str, Any]:
    doc = base(**objective)
    doc["task"]["hold"] = {"function": "supervision", "theatre": "x",
                           "need": {"inf": {"fixed": 100}}}
    return doc


def explained(doc: dict[str, Any]) -> Explanation:
    _plan, ex = explain_mandate(validate(doc))
    return ex


def marginal(ex: Explanation, kind: str, contributor: str | None = None):
    found = [m for m in ex.marginals if m.kind == kind and m.contributor == contributor]
    assert len(found) == 1, ex.marginals
    return found[0]


def lp_stage_value(doc: dict[str, Any], stage: str) -> float:
    """The LP relaxation's optimum of ``stage`` (in reported units)."""
    for s in relaxation_duals(build_model(Derived(validate(doc).mandate))):
        if s.stage == stage:
            return s.objective / s.unit
    raise AssertionError(stage)


def short_pm(doc: dict[str, Any]) -> float:
    return plan_mandate(validate(doc)).shortfall_person_months["essential"]


# --------------------------------------------------------------------------- derivations


def test_derivations_show_each_term_and_the_round_up():
    doc = hold()
    doc["theatre"]["x"]["border_km"] = 97
    doc["task"]["hold"]["need"]["inf"] = {"fixed": 24, "per_border_km": 0.5,
                                          "per_1000_population": 2.2}
    (d,) = explained(doc).derivations
    assert d.required == 24 + 49 + 22  # 24 + 48.5 + 22 = 94.5 → 95
    assert d.exact == "94.5"
    assert [t.rule for t in d.terms] == ["fixed", "per_1000_population", "per_border_km"]
    assert d.formula == ("24 fixed + 2.2 per 1,000 × 10,000 population (x) + 0.5 per km × 97 "
                         "km of border (x) = 94.5 → 95")
    assert d.path == "task.hold.need.inf"


# --------------------------------------------------------------------------- limits


def test_a_pool_that_binds():
    doc = hold()
    doc["contributor"]["AAA"] = {"available": {"inf": 60}}
    ex = explained(doc)
    (limit,) = ex.limits
    assert (limit.kind, limit.contributor, limit.capability, limit.phase) == ("pool", "AAA",
                                                                              "inf", "one")
    assert limit.path == "contributor.AAA.available.inf"
    (why,) = ex.shortfalls
    assert why.shortfall == 40
    assert [(b.contributor, b.reason) for b in why.blockers] == [("AAA", "pool")]
    assert "more inf from AAA" in why.text
    # 100 more persons: 2 person-months each (a 2-month phase), read in the essential stage
    m = marginal(ex, "pool", "AAA")
    assert (m.stage, m.effect) == ("essential_shortfall", pytest.approx(-200))
    stepped = copy.deepcopy(doc)
    stepped["contributor"]["AAA"]["available"]["inf"] = 61
    assert short_pm(stepped) - short_pm(doc) == pytest.approx(m.effect / 100)


def test_a_caveat_that_blocks_idle_personnel():
    doc = hold()
    doc["contributor"]["AAA"] = {"available": {"inf": 60}}
    doc["contributor"]["BBB"] = {"available": {"inf": 100}, "excluded_functions": ["supervision"]}
    ex = explained(doc)
    caveat = [x for x in ex.limits if x.kind == "caveat"]
    assert [(x.contributor, x.used) for x in caveat] == [("BBB", 100)]
    assert caveat[0].path == "contributor.BBB.excluded_functions"
    (why,) = ex.shortfalls
    blocker = {b.contributor: b for b in why.blockers}["BBB"]
    assert (blocker.reason, blocker.idle) == ("caveat", 100)
    assert "lifting the caveat on the function 'supervision' for BBB (100 idle)" in why.text


def test_consent_that_blocks():
    doc = hold()
    doc["contributor"]["AAA"] = {"available": {"inf": 100}, "acceptable_to": ["a"]}
    ex = explained(doc)
    (why,) = ex.shortfalls
    assert why.shortfall == 100
    (blocker,) = why.blockers
    assert (blocker.reason, blocker.path) == ("consent", "contributor.AAA.acceptable_to")
    assert "the consent of b for AAA (100 idle)" in why.text


def test_a_share_cap_that_binds():
    doc = hold(max_share=0.5)
    doc["contributor"]["AAA"] = {"available": {"inf": 100}}
    doc["contributor"]["BBB"] = {"available": {"inf": 20}}
    doc["contributor"]["CCC"] = {"available": {"inf": 20}}
    ex = explained(doc)
    (why,) = ex.shortfalls
    assert why.shortfall == 20  # AAA ≤ 0.5 (AAA + 40) → 40
    blockers = {b.contributor: b.reason for b in why.blockers}
    assert blockers == {"AAA": "share_cap", "BBB": "pool", "CCC": "pool"}
    assert {(x.kind, x.contributor) for x in ex.limits} == {
        ("share_cap", "AAA"), ("pool", "BBB"), ("pool", "CCC")}
    # one point lower: AAA ≤ 0.49/0.51 × 40 in the relaxation; the dual is the tangent,
    # 4 person-months per person of slack × 80 deployed × 0.01 = 3.2 (the secant is 3.14)
    m = marginal(ex, "share_cap", "AAA")
    assert (m.stage, m.effect) == ("essential_shortfall", pytest.approx(3.2))
    lowered = copy.deepcopy(doc)
    lowered["objective"]["max_share"] = 0.49
    moved = lp_stage_value(lowered, "essential_shortfall") - lp_stage_value(doc,
                                                                            "essential_shortfall")
    assert m.effect == pytest.approx(moved, rel=0.05)


def test_a_budget_that_binds():
    doc = hold(budget=100_000.0)
    doc["contributor"]["AAA"] = {"available": {"inf": 100}}
    ex = explained(doc)
    (why,) = ex.shortfalls
    assert why.shortfall == 50
    assert [b.reason for b in why.blockers] == ["budget"]
    assert [x.kind for x in ex.limits] == ["budget"]
    m = marginal(ex, "budget")
    # a million buys 500 persons at 2,000: 1,000 person-months per million, at the margin
    assert (m.stage, m.effect, m.path) == ("essential_shortfall", pytest.approx(-1000),
                                           "objective.budget")
    stepped = copy.deepcopy(doc)
    stepped["objective"]["budget"] = 102_000.0  # one more person
    assert short_pm(stepped) - short_pm(doc) == pytest.approx(m.effect * 2_000 / 1e6)


def test_a_pledge_that_binds_under_national_financing():
    doc = hold()
    doc["contributor"]["AAA"] = {"available": {"inf": 100}, "pledge": 50_000.0}
    ex = explained(doc)
    assert [b.reason for b in ex.shortfalls[0].blockers] == ["pledge"]
    m = marginal(ex, "pledge", "AAA")
    assert m.effect == pytest.approx(-1000)
    assert m.path == "contributor.AAA.pledge"


def test_no_shortfall_means_no_limits_and_the_cost_stage_prices_the_rest():
    doc = hold()
    doc["contributor"]["AAA"] = {"available": {"inf": 60}, "cost_per_month": {"inf": 500.0}}
    doc["contributor"]["BBB"] = {"available": {"inf": 100}}
    ex = explained(doc)
    assert ex.shortfalls == [] and ex.limits == []
    # at the margin, each cheap person replaces a dear one: 100 × 500 × 2 in the relaxation;
    # in whole persons, 100 more from AAA can replace only BBB's 40: 40 × 500 × 2
    m = marginal(ex, "pool", "AAA")
    assert (m.stage, m.effect) == ("cost", pytest.approx(-100_000))
    assert (m.check, m.integer_effect) == ("confirmed", pytest.approx(-40_000))
    assert "saves 40,000 USD in the integer plan" in m.text


def test_every_marginal_names_a_mandate_key_and_the_note_says_relaxation():
    doc = hold(budget=100_000.0, max_share=0.7)
    doc["contributor"]["AAA"] = {"available": {"inf": 60}, "pledge": 80_000.0}
    doc["contributor"]["BBB"] = {"available": {"inf": 60}}
    ex = explained(doc)
    assert ex.marginals
    assert all(m.path.split(".")[0] in ("contributor", "objective") for m in ex.marginals)
    assert "LP relaxation" in ex.notes[0] and "small changes" in ex.notes[0]


# --------------------------------------------------------------------------- commitments


def _conflict(doc: dict[str, Any]) -> set[tuple[str, tuple[str, ...]]]:
    model = build_model(Derived(validate(doc).mandate))
    return {(g.family.value, g.entity) for g in find_conflict(model).groups}


def test_a_commitment_beyond_the_pool():
    doc = hold()
    doc["contributor"]["AAA"] = {"available": {"inf": 60}, "min_personnel": 70}
    assert _conflict(doc) == {("pool_max", ("AAA", "inf")), ("commitment_min", ("AAA",))}


def test_a_commitment_against_a_share_cap():
    doc = hold(max_share=0.5)
    doc["contributor"]["AAA"] = {"available": {"inf": 100}, "min_personnel": 60}
    doc["contributor"]["BBB"] = {"available": {"inf": 30}}
    assert _conflict(doc) == {("share_max", ("AAA",)), ("commitment_min", ("AAA",))}


def test_a_commitment_against_a_pledge():
    doc = hold()
    doc["contributor"]["AAA"] = {"available": {"inf": 100}, "min_personnel": 60,
                                 "pledge": 100_000.0}
    assert _conflict(doc) == {("pledge_max", ("AAA",)), ("commitment_min", ("AAA",))}


def test_two_commitments_against_the_requirement():
    doc = hold()
    doc["contributor"]["AAA"] = {"available": {"inf": 100}, "min_personnel": 60}
    doc["contributor"]["BBB"] = {"available": {"inf": 100}, "min_personnel": 60}
    assert _conflict(doc) == {("need_cover_eq", ("hold",)), ("commitment_min", ("AAA",)),
                              ("commitment_min", ("BBB",))}


def test_a_commitment_with_nothing_to_serve():
    doc = hold()
    doc["contributor"]["AAA"] = {"available": {"inf": 100}, "min_personnel": 1,
                                 "excluded_theatres": ["x"]}
    model = build_model(Derived(validate(doc).mandate))
    conflict = find_conflict(model)
    assert [(g.family, g.entity) for g in conflict.groups] == [(Family.COMMITMENT_MIN,
                                                                ("AAA",))]
    assert "leave it no task to serve" in conflict.sentences[0]


def test_a_feasible_commitment_is_honoured_and_checked():
    doc = hold()
    doc["contributor"]["AAA"] = {"available": {"inf": 100}, "cost_per_month": {"inf": 500.0}}
    doc["contributor"]["BBB"] = {"available": {"inf": 100}, "min_personnel": 30}
    mandate = validate(doc)
    plan = plan_mandate(mandate)
    persons = {a.contributor: a.personnel for a in plan.allocations}
    assert persons == {"AAA": 70, "BBB": 30}  # the dearer BBB sends exactly its minimum
    ex = explained(doc)
    assert [x.kind for x in ex.limits] == ["commitment"]
    assert marginal(ex, "commitment", "BBB").effect == pytest.approx(1000)  # 2 × (1000 − 500)
    short = [a.model_copy(update={"personnel": 29}) if a.contributor == "BBB" else a
             for a in plan.allocations]
    with pytest.raises(CheckFailure) as info:
        check_plan(mandate.mandate, plan.model_copy(update={"allocations": short}))
    assert any(v.startswith("commitment BBB in one: 29 deployed") for v in info.value.violations)


def test_an_infeasible_mandate_raises_with_the_conflict():
    doc = hold()
    doc["contributor"]["AAA"] = {"available": {"inf": 60}, "min_personnel": 70}
    with pytest.raises(InfeasibleError) as info:
        plan_mandate(validate(doc))
    (first,) = info.value.conflicts  # lifting the pool leaves the commitment feasible
    assert any("contributor.AAA.min_personnel" in s for s in first)
    assert any("contributor.AAA.available.inf" in s for s in first)


@pytest.mark.cbc
def test_cbc_reports_the_same_conflict():
    doc = hold()
    doc["contributor"]["AAA"] = {"available": {"inf": 60}, "min_personnel": 70}
    with pytest.raises(InfeasibleError) as info:
        plan_mandate(validate(doc), solver="cbc")
    assert [len(c) for c in info.value.conflicts] == [2]


# --------------------------------------------------------------------------- the CLI


def test_an_infeasible_mandate_exits_3_with_sentences(tmp_path):
    doc = hold()
    doc["contributor"]["AAA"] = {"available": {"inf": 60}, "min_personnel": 70}
    path = write_toml(tmp_path, doc)
    _code, out, err = invoke("solve", path, expect=3)
    assert out == ""
    assert "no plan exists" in err
    assert "AAA commits to at least 70 persons in every phase" in err
    assert "AAA has 60 inf available" in err
    assert "Traceback" not in err


def test_explain_formats(tmp_path):
    doc = hold(budget=100_000.0)
    doc["contributor"]["AAA"] = {"available": {"inf": 100}}
    path = write_toml(tmp_path, doc)
    _code, out, _err = invoke("explain", path, "--format", "json")
    data = json.loads(out)
    assert data["kind"] == "explain" and data["schema_version"] == 1
    assert set(data) >= {"derivations", "limits", "shortfalls", "marginals", "notes"}
    _code, md, _err = invoke("explain", path, "--format", "markdown")
    assert "### Shortfalls and what would close them" in md
    _code, csv_text, _err = invoke("explain", path, "--format", "csv")
    assert csv_text.splitlines()[0].startswith("section,")
    assert {"derivation", "limit", "shortfall", "blocker", "marginal"} <= {
        line.split(",")[0] for line in csv_text.splitlines()[1:]}
    _code, table, _err = invoke("explain", path)
    assert "Marginal values (LP relaxation)" in table


def test_solve_explain_adds_the_sections(tmp_path):
    doc = hold(budget=100_000.0)
    doc["contributor"]["AAA"] = {"available": {"inf": 100}}
    path = write_toml(tmp_path, doc)
    _code, out, _err = invoke("solve", path, "--explain", "--format", "json", expect=1)
    data = json.loads(out)
    assert data["schema_version"] == 1 and data["explanation"]["kind"] == "explain"
    _code, _out, err = invoke("solve", path, "--explain", "--format", "csv", expect=2)
    assert "forcesize explain --format csv" in err


# --------------------------------------------------------------------------- export


@pytest.mark.parametrize("kind", ["lp", "mps"])
def test_exported_models_read_back_with_the_same_first_stage(tmp_path, kind):
    import highspy

    doc = hold()
    doc["contributor"]["AAA"] = {"available": {"inf": 60}}
    path = write_toml(tmp_path, doc)
    target = tmp_path / f"model.{kind}"
    _code, _out, err = invoke("solve", path, f"--write-{kind}", target, expect=1)
    assert f"wrote {target}" in err
    text = target.read_text()
    assert "pool_max__AAA__inf__one" in text  # names travel
    assert "need_cover_eq__hold__inf__one" in text
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    assert h.readModel(str(target)) == highspy.HighsStatus.kOk
    h.run()
    assert h.getInfo().objective_function_value == pytest.approx(40 * 2)  # essential, pm


def test_an_infeasible_mandate_can_still_be_exported(tmp_path):
    doc = hold()
    doc["contributor"]["AAA"] = {"available": {"inf": 60}, "min_personnel": 70}
    path = write_toml(tmp_path, doc)
    target = tmp_path / "model.lp"
    invoke("solve", path, "--write-lp", target, expect=3)
    assert "commitment_min__AAA__one" in target.read_text()
