"""explain --ranges: where each marginal value holds, on mandates with known answers.

One task needs 100 infantry for one 2-month phase (``hold`` in test_explain.py). Every
interval is also checked without the ranging code: the relaxation of the mandate rebuilt
at each end and half-way is solved afresh (``relax.py``) and must lie on the slope, and
one person (or 10,000 of money) beyond an end the slope is said to stop at, it must not.
"""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from forcesize.explain.models import Explanation, Marginal
from forcesize.mandate import load_mandate, validate
from forcesize.mandate.derive import Derived
from forcesize.mandate.overrides import value_at, with_values
from forcesize.pipeline import explain_mandate
from forcesize.solve.ranging import REL_TOL

from ..helpers import invoke, write_toml
from .test_explain import hold, lp_stage_value, marginal


def ranged(doc: dict[str, Any], confirm: int = 10) -> Explanation:
    _plan, ex = explain_mandate(validate(doc), confirm=confirm, ranges=True)
    return ex


def at(doc: dict[str, Any], m: Marginal, steps: float) -> tuple[dict[str, Any], float]:
    """``doc`` with the marginal's keys about ``steps`` from their values (whole numbers
    stay whole), and the steps they really take."""
    assert m.range is not None
    values = {}
    for path, high in m.range.high.values.items():
        base = value_at(doc, path)
        low = m.range.low.values[path]
        per = (high - low) / (m.range.high.steps - m.range.low.steps)
        value = base + steps * per
        values[path] = round(value) if isinstance(base, int) else value
        taken = (values[path] - base) / per
    changed = with_values(doc, values)
    if m.kind == "pool":  # a standing force is divided by its sustainment ratio, rounded down
        pools = [Derived(validate(d).mandate) for d in (doc, changed)]
        phase = next(p for p in pools[0].phases
                     if pools[0].pool(m.contributor, m.capability, p))
        taken = (pools[1].pool(m.contributor, m.capability, phase)
                 - pools[0].pool(m.contributor, m.capability, phase)) / m.step
    return changed, taken


def assert_on_slope(doc: dict[str, Any], m: Marginal) -> None:
    """The interval, checked by fresh relaxations: on the slope at both ends and half-way,
    and off it just beyond an end where the slope is said to change."""
    assert m.range is not None and m.effect is not None
    before = lp_stage_value(doc, m.stage)
    lo, hi = m.range.low.steps, m.range.high.steps
    for steps in (lo, (lo + hi) / 2, hi):
        changed, taken = at(doc, m, steps)
        got = lp_stage_value(changed, m.stage)
        assert got == pytest.approx(before + taken * m.effect, rel=1e-6, abs=1e-6), steps
    for end, sign in ((m.range.low, -1), (m.range.high, 1)):
        if end.end == "slope":
            changed, taken = at(doc, m, end.steps + sign * 0.01)
            got = lp_stage_value(changed, m.stage)
            # off by more than the ranging's own tolerance
            assert got != pytest.approx(before + taken * m.effect, rel=REL_TOL, abs=1e-6)


def test_a_pool_holds_until_the_requirement_is_met():
    doc = hold()
    doc["contributor"]["AAA"] = {"available": {"inf": 60}}
    m = marginal(ranged(doc), "pool", "AAA")
    r = m.range
    assert r is not None and m.range_note is None
    # 40 persons short: each more person saves 2 person-months until all 100 are there
    assert (r.high.change, r.high.end, r.high.values) == (40, "slope",
                                                          {"contributor.AAA.available.inf": 100})
    assert (r.high.relaxation_effect, r.high.integer_effect, r.high.check) == (-80, -80,
                                                                               "confirmed")
    # down to one person: at 0 the contributor has no variables left (another model)
    assert (r.low.change, r.low.end, r.low.values) == (-59, "shape",
                                                       {"contributor.AAA.available.inf": 1})
    assert (r.low.relaxation_effect, r.low.integer_effect, r.low.check) == (118, 118,
                                                                            "confirmed")
    assert r.span == "-59 to +40 persons"
    assert r.text.startswith("holds from -59 persons (beyond it the model has other variables "
                             "or rows, e.g. at a pool of 0 or one too small for a whole unit) "
                             "to +40 persons")
    assert_on_slope(doc, m)


def test_a_budget_holds_until_every_person_is_paid():
    doc = hold(budget=100_000.0)
    doc["contributor"]["AAA"] = {"available": {"inf": 100}}
    m = marginal(ranged(doc), "budget")
    r = m.range
    assert r is not None
    # 2,000 a person: 100,000 more pays the 50 persons still short, and no more
    assert (r.high.steps, r.high.end, r.high.values) == (0.1, "slope",
                                                         {"objective.budget": 200_000.0})
    assert (r.high.relaxation_effect, r.high.integer_effect) == (-100, -100)
    # and down to no budget at all, where nobody is paid: 50 persons, 100 person-months
    assert (r.low.steps, r.low.end, r.low.values) == (-0.1, "valid", {"objective.budget": 0})
    assert (r.low.relaxation_effect, r.low.integer_effect, r.low.check) == (100, 100,
                                                                            "confirmed")
    assert r.span == "-0.1 to +0.1 m USD"
    assert_on_slope(doc, m)


def test_whole_units_make_the_integer_plan_differ_at_the_ends():
    doc = hold()
    doc["capability"]["inf"]["unit_size"] = 30
    doc["contributor"]["AAA"] = {"available": {"inf": 80}}
    m = marginal(ranged(doc), "pool", "AAA")
    r = m.range
    assert r is not None
    # the relaxation fills 80 of 100 with 2.67 units; whole units give 60
    assert (r.high.change, r.high.relaxation_effect) == (20, -40)
    assert (r.high.integer_effect, r.high.check) == (-60, "differs")  # 3 units: 90 persons
    assert (r.low.change, r.low.values) == (-50, {"contributor.AAA.available.inf": 30})
    assert (r.low.relaxation_effect, r.low.integer_effect, r.low.check) == (100, 60,
                                                                            "differs")
    assert "in whole persons -60 person-months (relaxation -40)" in r.text
    assert_on_slope(doc, m)


def test_ends_beyond_confirm_are_not_re_solved():
    doc = hold()
    doc["contributor"]["AAA"] = {"available": {"inf": 60}}
    m = marginal(ranged(doc, confirm=0), "pool", "AAA")
    assert m.range is not None
    assert (m.range.low.integer_effect, m.range.low.check) == (None, "unchecked")
    assert (m.range.high.integer_effect, m.range.high.check) == (None, "unchecked")
    assert "whole persons" not in m.range.text


def test_a_value_without_a_slope_or_a_key_of_its_own_says_why():
    doc = hold()
    doc["task"]["hold"]["min_contributors"] = 2
    doc["contributor"]["AAA"] = {"available": {"inf": 100}}
    ex = ranged(doc)
    notes = {m.kind: m.range_note for m in ex.marginals}
    assert notes["multinational"] == "no range: the relaxation has no slope here to range"
    assert all(m.range is None for m in ex.marginals if m.kind == "multinational")

    # a share cap: x − σ·D ≤ 0 moves a coefficient, not a right-hand side
    doc = hold(max_share=0.6)
    doc["contributor"]["AAA"] = {"available": {"inf": 100}}
    doc["contributor"]["BBB"] = {"available": {"inf": 20}}
    m = marginal(ranged(doc), "share_cap", "AAA")
    assert m.range is None
    assert m.range_note is not None
    assert m.range_note.startswith("no range: a step of one share changes the model's "
                                   "coefficients")


def test_without_ranges_nothing_changes():
    doc = hold()
    doc["contributor"]["AAA"] = {"available": {"inf": 60}}
    _plan, ex = explain_mandate(validate(doc))
    assert all(m.range is None and m.range_note is None for m in ex.marginals)


def test_the_cli_shows_ranges_in_every_format(tmp_path):
    doc = hold()
    doc["contributor"]["AAA"] = {"available": {"inf": 60}}
    path = write_toml(tmp_path, doc)
    data = json.loads(invoke("explain", path, "--ranges", "--format", "json")[1])
    (m,) = [x for x in data["marginals"] if x["kind"] == "pool"]
    assert m["range"]["high"]["change"] == 40 and m["range_note"] is None
    csv = invoke("explain", path, "--ranges", "--format", "csv")[1]
    assert "range_low,,inf,AAA,,essential_shortfall,-59,persons,contributor.AAA.available.inf" \
        in csv
    assert "range_high,,inf,AAA,,essential_shortfall,40,persons" in csv
    md = invoke("explain", path, "--ranges", "--format", "markdown")[1]
    assert "| Holds for |" in md and "-59 to +40 persons" in md
    table = invoke("explain", path, "--ranges")[1]
    assert "Where each marginal value holds" in table and "-59 to +40 persons" in table
    assert "Holds for" not in invoke("explain", path)[1]


@pytest.mark.slow
def test_the_default_mandates_ranges_agree_with_fresh_relaxations():
    loaded = load_mandate(None)
    _plan, ex = explain_mandate(loaded, confirm=0, ranges=True)
    checked = 0
    for m in ex.marginals:
        if m.range is not None and (m.range.low.steps or m.range.high.steps):
            assert_on_slope(copy.deepcopy(loaded.data), m)
            checked += 1
    assert checked >= 10
