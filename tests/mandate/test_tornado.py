"""The inputs of a tornado (``mandate/tornado.py``): which numbers, what kind, the varied
values, and which of them a plan touches."""

from __future__ import annotations

from decimal import Decimal

import pytest

from forcesize.errors import InputError
from forcesize.mandate.tornado import (
    NumericInput,
    Used,
    kind_of,
    numeric_inputs,
    parse_fraction,
    select,
    touched,
    vary,
)

from ..helpers import valid_mandate


@pytest.mark.parametrize(("text", "fraction"), [("20%", "0.2"), ("20", "0.2"),
                                                 (" 12.5 % ", "0.125"), ("100%", "1")])
def test_a_percentage_is_a_fraction_of_the_input(text, fraction):
    assert parse_fraction(text) == Decimal(fraction)


@pytest.mark.parametrize("text", ["0%", "-5%", "101%", "abc", "nan", "inf", ""])
def test_a_step_outside_0_to_100_percent_is_refused(text):
    with pytest.raises(InputError) as caught:
        parse_fraction(text)
    assert caught.value.issues[0].path == "--tornado"


def test_whole_numbers_stay_whole_and_decimals_are_exact():
    assert vary(850, Decimal("0.2")) == (680, 1020)
    assert vary(2, Decimal("0.2")) == (2, 2)  # rounds back: the side is the base itself
    assert vary(5, Decimal("0.1")) == (5, 6)  # 4.5 and 5.5, half up
    assert vary(0.35, Decimal("0.2")) == (0.28, 0.42)  # binary floats would give 0.27999…
    assert vary(1e9, Decimal("0.2")) == (8e8, 1.2e9)
    assert vary(0, Decimal("0.5")) == (0, 0)
    assert vary(40, Decimal("1")) == (0, 80)


def test_every_number_of_the_document_is_an_input_with_its_kind():
    doc = valid_mandate()
    doc["contributor"]["AAA"]["acceptable_to"] = ["north"]
    doc["objective"]["budget"] = 3e7
    found = {i.path: (i.value, i.kind) for i in numeric_inputs(doc)}
    assert found["contributor.AAA.available.infantry"] == (80, "pool")
    assert found["contributor.BBB.cost_per_month.police"] == (6_000.0, "cost")
    assert found["contributor.CCC.pledge"] == (5_000_000.0, "pledge")
    assert found["contributor.CCC.max_share"] == (0.5, "share")
    assert found["objective.budget"] == (3e7, "budget")
    assert found["objective.max_share"] == (0.8, "share")
    assert found["theatre.east.population"] == (1_000_000, "sizing")
    assert found["task.patrol.need.infantry.per_1000_population"] == (0.1, "sizing")
    assert found["phase.late.months"] == (12, "other")
    assert found["capability.infantry.cost_per_month"] == (10_000.0, "cost")
    # strings, arrays and booleans are not numbers a tornado can move
    assert not any(p.startswith(("mission.", "task.patrol.function")) for p in found)
    assert "contributor.AAA.acceptable_to" not in found


@pytest.mark.parametrize(("path", "kind"), [
    ("contributor.X.standing.infantry", "pool"),
    ("contributor.X.available_by_phase.early.infantry", "pool"),
    ("contributor.X.pledge_by_phase.early", "pledge"),
    ("contributor.X.min_personnel", "other"),
    ("financing.fund.pledges.X", "pledge"),
    ("financing.fund.budget", "budget"),
    ("phase.early.budget", "budget"),
    ("group.nato.min_share", "share"),
    ("theatre.gaza.quantities.ships", "sizing"),
    ("theatre.gaza.host.police.persons", "pool"),
    ("task.t.phase_scale.late", "sizing"),
    ("task.t.min_contributors", "other"),
    ("capability.infantry.unit_size", "other"),
    ("threat.multipliers.high", "sizing"),
])
def test_the_kind_is_read_from_the_field_that_holds_the_number(path, kind):
    assert kind_of(tuple(path.split("."))) == kind


def test_keys_select_by_exact_path_or_pattern_in_document_order():
    inputs = numeric_inputs(valid_mandate())
    chosen = select(inputs, ["contributor.*.available.*", "objective.max_share"])
    assert [i.path for i in chosen] == [
        "objective.max_share", "contributor.AAA.available.infantry",
        "contributor.AAA.available.police", "contributor.BBB.available.infantry",
        "contributor.BBB.available.police", "contributor.CCC.available.infantry"]


def test_a_key_that_names_no_number_is_refused_with_a_suggestion():
    with pytest.raises(InputError) as caught:
        select(numeric_inputs(valid_mandate()), ["contributor.CCC.pledges", "nothing.*"])
    first, second = caught.value.issues
    assert first.path == "contributor.CCC.pledges" and "contributor.CCC.pledge" in first.hint
    assert second.path == "nothing.*" and "--keys '*'" in second.hint


def test_a_plan_touches_the_pairs_it_deploys_and_the_ids_it_uses():
    doc = valid_mandate()
    used = Used(ids={"contributor": frozenset({"AAA", "BBB"}),
                     "capability": frozenset({"infantry", "police"}),
                     "task": frozenset({"patrol", "mentor"}),
                     "phase": frozenset({"early", "late"}),
                     "theatre": frozenset({"east", "west"})},
                pairs=frozenset({("AAA", "infantry"), ("BBB", "police")}))

    def touches(path: str) -> bool:
        return touched(NumericInput(path, 1, "pool"), doc, used)

    assert touches("contributor.AAA.available.infantry")
    assert not touches("contributor.AAA.available.police")  # a pool it does not draw on
    assert touches("contributor.BBB.cost_per_month.police")
    assert not touches("contributor.CCC.pledge")  # a contributor outside the plan
    assert touches("objective.max_share") and touches("theatre.east.population")
    narrower = Used(ids={**used.ids, "theatre": frozenset({"east"})}, pairs=used.pairs)
    assert not touched(NumericInput("theatre.west.population", 1, "sizing"), doc, narrower)
