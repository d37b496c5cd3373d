"""Every limit family is explained: as a limit the plan reaches, as the reason a contributor
sends no more, and with a marginal value an integer re-solve confirms or labels.

Each test is a hand-made mandate with a known optimum (one 2-month phase, one task
needing 100 infantry at 1,000 a person-month, unless it says otherwise). These
cases were silent or wrong before the limit families got one spec each.
"""

from __future__ import annotations

from typing import Any

import pytest

from forcesize.explain.models import Explanation
from forcesize.mandate import validate
from forcesize.mandate.warnings import common_fund_spendable
from forcesize.pipeline import explain_mandate, plan_mandate

from ..solving import base


def hold(**objective: Any) -> dict[str, Any]:
    doc = base(**objective)
    doc["task"]["hold"] = {"function": "supervision", "theatre": "x",
                           "need": {"inf": {"fixed": 100}}}
    return doc


def explained(doc: dict[str, Any], confirm: int = 10) -> Explanation:
    _plan, ex = explain_mandate(validate(doc), confirm=confirm)
    return ex


def kinds(ex: Explanation) -> set[tuple[str, str | None]]:
    return {(x.kind, x.contributor) for x in ex.limits}


def test_a_binding_group_cap_is_a_limit_with_a_confirmed_marginal_value():
    doc = hold()
    doc["contributor"]["A"] = {"available": {"inf": 100}}
    doc["contributor"]["B"] = {"available": {"inf": 100}}
    doc["contributor"]["C"] = {"available": {"inf": 10}, "cost_per_month": {"inf": 2000.0}}
    doc["group"] = {"g": {"members": ["A", "B"], "max_share": 0.6}}
    ex = explained(doc)
    (why,) = ex.shortfalls
    assert why.shortfall == 75  # A + B ≤ 0.6 (A + B + 10) → 15
    assert ("group_cap", None) in kinds(ex)
    (cap,) = [x for x in ex.limits if x.kind == "group_cap"]
    assert (cap.path, cap.phase) == ("group.g.max_share", "one")
    assert cap.text.startswith("group g is at its cap in one: 15 of 25 persons, cap 60%")
    (m,) = [m for m in ex.marginals if m.kind == "group_cap"]
    assert m.path == "group.g.max_share" and m.stage == "essential_shortfall"
    # one point lower: A + B ≤ 0.59 (A + B + 10) → 14, one person (2 person-months) more short
    assert (m.check, m.integer_effect) == ("confirmed", pytest.approx(2))


def test_a_share_cap_with_room_for_less_than_one_unit_says_how_much_room():
    """A's cap leaves room for 25 more persons (a + r ≤ 0.3 · (60 + r)), not for one unit of
    50: the sentence gives that room rather than calling A "at" a cap its figures (0 of 60
    persons, cap 30%) seem to contradict."""
    doc = hold()
    doc["contributor"]["A"] = {"available": {"inf": 100}, "unit_size": {"inf": 50},
                               "max_share": 0.3}
    doc["contributor"]["B"] = {"available": {"inf": 60}, "cost_per_month": {"inf": 2000.0}}
    ex = explained(doc)
    (why,) = ex.shortfalls
    assert why.shortfall == 40
    (cap,) = [x for x in ex.limits if x.kind == "share_cap"]
    assert cap.text.startswith("A is within 25 persons of its share cap in one: 0 of 60 "
                               "persons, cap 30%")


def test_a_shortfall_of_less_than_one_unit_idle_is_a_limit():
    doc = hold()
    doc["capability"]["inf"].update(unit_size=150, unit_name="infantry company")
    doc["task"]["hold"]["need"]["inf"]["fixed"] = 300
    doc["contributor"]["A"] = {"available": {"inf": 200}}
    ex = explained(doc)
    (why,) = ex.shortfalls
    assert why.shortfall == 150
    (limit,) = ex.limits
    assert limit.kind == "unit"
    assert limit.text == ("A has 50 inf idle in one, less than one infantry company of 150; "
                          "it keeps short hold.")
    assert limit.path == "capability.inf.unit_size"


def test_a_pool_smaller_than_one_unit_is_a_limit_that_names_the_contributor_override():
    doc = hold()
    doc["contributor"]["A"] = {"available": {"inf": 40}, "unit_size": {"inf": 50}}
    ex = explained(doc)
    (limit,) = ex.limits
    assert (limit.kind, limit.path) == ("unit", "contributor.A.unit_size.inf")
    assert "less than one inf unit of 50" in limit.text


def test_a_degenerate_dual_is_not_offered_as_a_gain():
    doc = hold()
    doc["phase"]["one"]["months"] = 12
    doc["contributor"]["A"] = {"available": {"inf": 100}}  # exactly the need
    ex = explained(doc)
    assert ex.shortfalls == []
    for m in ex.marginals:
        if m.stage.endswith("shortfall"):
            assert m.check == "not_reached", m
            assert "does not reach it" in m.text
    bigger = hold()
    bigger["phase"]["one"]["months"] = 12
    bigger["contributor"]["A"] = {"available": {"inf": 200}}
    assert plan_mandate(validate(bigger)).shortfall_person_months["essential"] == 0


def test_a_unit_price_names_the_unit():
    doc = hold(budget=150_000.0)
    doc["capability"]["inf"].update(unit_size=50, unit_name="infantry company")
    doc["contributor"]["A"] = {"available": {"inf": 200}}
    ex = explained(doc)
    (why,) = ex.shortfalls
    (blocker,) = why.blockers
    assert blocker.reason == "budget"
    assert "one infantry company of 50 for one costs 100,000 USD" in blocker.text


def test_a_binding_phased_pledge_is_quoted_for_its_phase():
    doc = hold()
    doc["phase"]["two"] = {"months": 2}
    doc["contributor"]["A"] = {"available": {"inf": 100}, "pledge": 1_000_000.0,
                               "pledge_by_phase": {"two": 60_000.0}}
    ex = explained(doc)
    (limit,) = ex.limits
    assert (limit.kind, limit.phase, limit.path) == ("pledge", "two",
                                                     "contributor.A.pledge_by_phase.two")
    assert limit.text.startswith("A's pledge for two is spent: 60,000 USD of 60,000 USD")
    (m,) = [m for m in ex.marginals if m.kind == "pledge"]
    assert m.path == "contributor.A.pledge_by_phase.two"
    # 1 million buys 500 persons in the relaxation's rate; in the plan it closes the 70 short
    assert m.effect == pytest.approx(-1000)
    assert (m.check, m.integer_effect) == ("confirmed", pytest.approx(-140))


def test_a_phased_common_fund_is_a_limit_with_a_marginal_value():
    doc = hold()
    doc["phase"]["two"] = {"months": 2}
    doc["objective"]["financing"] = "common-fund"
    doc["contributor"]["A"] = {"available": {"inf": 100}, "pledge": 1_000_000.0,
                               "pledge_by_phase": {"one": 100_000.0}}
    ex = explained(doc)
    (limit,) = ex.limits
    assert (limit.kind, limit.phase) == ("fund", "one")
    assert limit.text.startswith("The common fund for one is spent: 100,000 USD of 100,000 USD")
    (m,) = [m for m in ex.marginals if m.kind == "fund"]
    assert (m.stage, m.path) == ("essential_shortfall", "contributor.A.pledge_by_phase.one")
    assert m.check == "confirmed" and m.integer_effect == pytest.approx(-100)


def test_a_multinational_task_is_a_limit_with_a_marginal_value():
    doc = hold()
    doc["task"]["hold"]["min_contributors"] = 2
    doc["contributor"]["A"] = {"available": {"inf": 100}}
    doc["contributor"]["B"] = {"available": {"inf": 100}, "excluded_functions": ["supervision"]}
    ex = explained(doc)
    (why,) = ex.shortfalls
    assert why.shortfall == 100
    reasons = {b.contributor: b.reason for b in why.blockers}
    assert reasons == {"A": "multinational", "B": "caveat"}
    assert ("multinational", None) in kinds(ex)
    (m,) = [m for m in ex.marginals if m.kind == "multinational"]
    assert m.path == "task.hold.min_contributors"
    assert (m.check, m.integer_effect) == ("confirmed", pytest.approx(-200))


def test_a_group_floor_that_keeps_outsiders_out_is_a_limit():
    doc = hold()
    doc["contributor"]["A"] = {"available": {"inf": 30}}
    doc["contributor"]["B"] = {"available": {"inf": 100}}
    doc["group"] = {"g": {"members": ["A"], "min_share": 0.5}}
    ex = explained(doc)
    (why,) = ex.shortfalls
    assert why.shortfall == 40  # B ≤ A = 30
    reasons = {b.contributor: b.reason for b in why.blockers}
    assert reasons == {"A": "pool", "B": "group_floor"}
    assert ("group_floor", None) in kinds(ex)
    (m,) = [m for m in ex.marginals if m.kind == "group_floor"]
    assert m.path == "group.g.min_share"
    assert m.check == "confirmed"


def test_the_common_fund_warning_reads_phased_pledges_as_the_model_does():
    doc = hold()
    doc["phase"]["two"] = {"months": 2}
    doc["objective"]["financing"] = "common-fund"
    doc["contributor"]["A"] = {"available": {"inf": 1}, "pledge": 100.0,
                               "pledge_by_phase": {"one": 60.0}}
    doc["contributor"]["B"] = {"available": {"inf": 1}, "pledge": 1_000_000_000.0}
    (warning,) = common_fund_spendable(validate(doc).mandate)
    # A: 60 for one, the other 40 for two; B: 0.5 bn in each phase
    assert "pool 1,000,000,100 USD into the common fund" in warning.message


def test_without_confirmation_every_marginal_value_says_so():
    doc = hold(budget=100_000.0)
    doc["contributor"]["A"] = {"available": {"inf": 100}}
    ex = explained(doc, confirm=0)
    assert ex.marginals and all(m.check == "unchecked" for m in ex.marginals)
    assert all("not re-solved" in m.text for m in ex.marginals)


@pytest.mark.parametrize("format", ["table", "markdown", "csv", "json"])
def test_a_limit_the_relaxation_cannot_price_renders_in_every_format(format, tmp_path):
    from ..helpers import invoke, write_toml

    doc = hold()
    doc["task"]["hold"]["min_contributors"] = 2
    doc["contributor"]["A"] = {"available": {"inf": 100}}
    _plan, ex = explain_mandate(validate(doc))
    (m,) = [m for m in ex.marginals if m.kind == "multinational"]
    assert m.effect is None and m.check == "confirmed"  # the relaxation sees it exactly now
    _code, out, err = invoke("explain", write_toml(tmp_path, doc), "--format", format)
    assert "one contributor fewer required on hold" in out, err


def test_a_contributor_blocked_twice_gets_a_remedy_that_lifts_both():
    """X alone may serve a task that needs two contributors, and X's infantry is all on an
    essential task: more infantry from X would not close the gap, nor would a second
    contributor alone; the remedy names both (it named the pool alone before)."""
    doc = base()
    doc["theatre"]["y"] = {}
    doc["task"]["first"] = {"function": "supervision", "theatre": "x",
                            "need": {"inf": {"fixed": 100}}}
    doc["task"]["pair"] = {"function": "supervision", "theatre": "y", "priority": "important",
                           "min_contributors": 2, "need": {"inf": {"fixed": 50}}}
    doc["contributor"]["X"] = {"available": {"inf": 100}}
    doc["contributor"]["Y"] = {"available": {"inf": 50}, "excluded_theatres": ["y"],
                               "cost_per_month": {"inf": 2000.0}}  # X fills "first" alone
    ex = explained(doc, confirm=0)
    (why,) = [w for w in ex.shortfalls if w.task == "pair"]
    assert why.shortfall == 50
    (x,) = [b for b in why.blockers if b.contributor == "X"]
    assert x.reason == "pool"
    assert "all 100 inf are deployed in one" in x.text
    assert "pair must have 2 contributors when staffed, and only 1 may serve it" in x.text
    assert "more inf from X and another contributor that may serve pair, besides X" in why.text
