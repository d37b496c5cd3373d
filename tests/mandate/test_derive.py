"""Requirement rules, phase order, eligibility, costs and share caps (``forcesize.mandate.derive``).

Every expected number is computed by hand in the test's comment or parameters.
Several cases are chosen so that binary floating point would round the wrong way
(e.g. 1.1 × 100 = 110.00000000000001 as floats): derive must compute in exact
decimal arithmetic from the numbers as written.
"""

from __future__ import annotations

import math
import tomllib
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
import tomli_w
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from forcesize.errors import InputError
from forcesize.mandate import validate
from forcesize.mandate.derive import RULE_TERMS, Derived, Term, exact, persons_needed, rule_terms
from forcesize.mandate.schema import MAX_PERSONS, NeedRule, Theatre

from ..helpers import DELETE, override, valid_mandate

RULE_KEYS = list(RULE_TERMS)


def one_task(rule: dict[str, Any], theatre: dict[str, Any], phases: dict[str, float] | None = None,
             **task: Any) -> Derived:
    """A mandate with one task ``t`` needing capability ``cap`` by ``rule`` in theatre ``th``."""
    doc = {
        "mission": {"name": "derive"},
        "phase": {p: {"months": m} for p, m in (phases or {"p1": 1}).items()},
        "theatre": {"th": theatre},
        "capability": {"cap": {"component": "military", "cost_per_month": 1.0}},
        "task": {"t": {"function": "f", "theatre": "th", "need": {"cap": rule}, **task}},
    }
    return Derived(validate(doc).mandate)


def required(rule: dict[str, Any], theatre: dict[str, Any]) -> tuple[int, Decimal]:
    reqs = one_task(rule, theatre).requirements
    assert len(reqs) == 1
    return reqs[0].required, reqs[0].exact


def test_rule_terms_table_matches_the_schema():
    own = ["per", "trainees", "trainees_per_instructor_month", "share"]  # terms of their own
    assert [k for k in NeedRule.model_fields if k not in own] == RULE_KEYS
    assert RULE_TERMS["per_1000_population"][:2] == ("population", 1000)
    assert RULE_TERMS["per_100_km2"][:2] == ("area_km2", 100)
    assert RULE_TERMS["fixed"][:2] == (None, 1)


# --------------------------------------------------------------------------- single terms

SINGLE = [
    # (rule, theatre, required persons, exact sum)
    ({"fixed": 7}, {}, 7, "7"),
    ({"fixed": 10.01}, {}, 11, "10.01"),
    ({"fixed": 0.0001}, {}, 1, "0.0001"),
    ({"per_1000_population": 2.2}, {"population": 2_500_000}, 5500, "5500"),
    ({"per_1000_population": 0.5}, {"population": 1_001}, 1, "0.5005"),
    ({"per_1000_population": 1}, {"population": 1_000_001}, 1001, "1000.001"),
    ({"per_100_km2": 0.3}, {"area_km2": 5_655}, 17, "16.965"),
    ({"per_100_km2": 2}, {"area_km2": 250}, 5, "5"),
    ({"per_border_km": 1.5}, {"border_km": 97}, 146, "145.5"),
    ({"per_border_km": 0.07}, {"border_km": 100}, 7, "7"),  # floats: 7.000000000000001
    ({"per_coastline_km": 0.25}, {"coastline_km": 40}, 10, "10"),
    ({"per_coastline_km": 0.3}, {"coastline_km": 3.5}, 2, "1.05"),
    ({"per_crossing": 0.1}, {"crossings": 30}, 3, "3"),
    ({"per_crossing": 1.1}, {"crossings": 100}, 110, "110"),  # floats: 110.00000000000001
    ({"per_crossing": 0.1}, {"crossings": 3}, 1, "0.3"),
    ({"per_1000_population": 3}, {"population": 0}, 0, "0"),
    ({"per_crossing": 0}, {"crossings": 9}, 0, "0"),
]


@pytest.mark.parametrize(("rule", "theatre", "persons", "total"), SINGLE,
                         ids=[f"{next(iter(r))}={next(iter(r.values()))}-{p}"
                              for r, _, p, _ in SINGLE])
def test_each_term_alone(rule, theatre, persons, total):
    got, exact_sum = required(rule, theatre)
    assert got == persons
    assert exact_sum == Decimal(total)


def test_float_arithmetic_would_get_these_wrong():
    # The point of the exact cases above: binary floats round 1.1 x 100 up past 110.
    assert math.ceil(1.1 * 100) == 111
    assert math.ceil(0.07 * 100) == 8
    assert math.ceil(0.34 + 0.56 + 0.1) == 2
    assert required({"per_crossing": 1.1}, {"crossings": 100})[0] == 110


def test_terms_carry_rate_quantity_and_persons():
    rule = NeedRule(fixed=2, per_1000_population=2.2, per_border_km=0.5)
    theatre = Theatre(population=2_500_000, border_km=3, crossings=4)
    terms = rule_terms(rule, theatre)
    # zero-rate terms are left out; the rest keep the RULE_TERMS order
    assert [t.rule for t in terms] == ["fixed", "per_1000_population", "per_border_km"]
    assert terms[0] == Term("fixed", Decimal(2), Decimal(1), Decimal(2))
    assert terms[1].rate == Decimal("2.2")
    assert terms[1].quantity == Decimal(2500)
    assert terms[1].persons == Decimal(5500)
    assert (terms[2].rate, terms[2].quantity, terms[2].persons) == (
        Decimal("0.5"), Decimal(3), Decimal("1.5"))
    assert persons_needed(terms) == (5504, Decimal("5503.5"))


def test_no_terms_need_nobody():
    assert rule_terms(NeedRule(), Theatre(population=1e6)) == ()
    assert persons_needed(()) == (0, Decimal(0))


def test_exact_reads_numbers_as_written():
    assert exact(0.1) == Decimal("0.1")
    assert exact(2.2) == Decimal("2.2")
    assert exact(5) == Decimal(5)
    assert exact(1e22) == Decimal("1E+22")
    assert exact(2_500_000.0) == Decimal(2_500_000)


# --------------------------------------------------------------------------- sums and rounding

SUMS = [
    # fixed 2 + 0.5/1,000 x 1,000 (0.5) + 0.25 x 2 crossings (0.5) = 3 exactly
    ({"fixed": 2, "per_1000_population": 0.5, "per_crossing": 0.25},
     {"population": 1_000, "crossings": 2}, 3, "3"),
    # all six: 1 + 1 x 1.5 + 0.1 x 2.5 + 0.05 x 10 + 0.01 x 25 + 0.5 x 3 = 5 exactly
    ({"fixed": 1, "per_1000_population": 1, "per_100_km2": 0.1, "per_border_km": 0.05,
      "per_coastline_km": 0.01, "per_crossing": 0.5},
     {"population": 1_500, "area_km2": 250, "border_km": 10, "coastline_km": 25,
      "crossings": 3}, 5, "5"),
    # the same plus 0.01 fixed: 5.01 -> 6
    ({"fixed": 1.01, "per_1000_population": 1, "per_100_km2": 0.1, "per_border_km": 0.05,
      "per_coastline_km": 0.01, "per_crossing": 0.5},
     {"population": 1_500, "area_km2": 250, "border_km": 10, "coastline_km": 25,
      "crossings": 3}, 6, "5.01"),
    # 0.1 + 0.2 x 1 + 0.3 x 2 = 0.9 -> 1
    ({"fixed": 0.1, "per_crossing": 0.2, "per_border_km": 0.3},
     {"crossings": 1, "border_km": 2}, 1, "0.9"),
    # 0.34 + 0.56 + 0.1 = 1 exactly (floats, summed in this order: 1.0000000000000002 -> 2)
    ({"fixed": 0.34, "per_border_km": 0.56, "per_crossing": 0.1},
     {"border_km": 1, "crossings": 1}, 1, "1"),
    # 0.1 + 0.2 + 0.07 x 10 = 1 exactly (floats: 0.07 x 10 = 0.7000000000000001)
    ({"fixed": 0.1, "per_crossing": 0.2, "per_border_km": 0.07},
     {"crossings": 1, "border_km": 10}, 1, "1"),
    # 2.2 per 1,000 x 2,500,000 + 1.5 per km x 97 km = 5,500 + 145.5 = 5,645.5 -> 5,646
    ({"per_1000_population": 2.2, "per_border_km": 1.5},
     {"population": 2_500_000, "border_km": 97}, 5646, "5645.5"),
]


@pytest.mark.parametrize(("rule", "theatre", "persons", "total"), SUMS)
def test_sums_of_terms_round_up_once(rule, theatre, persons, total):
    got, exact_sum = required(rule, theatre)
    assert exact_sum == Decimal(total)
    assert got == persons


def test_requirement_records_everything():
    d = one_task({"per_1000_population": 0.1}, {"population": 1_000_000},
                 phases={"a": 6, "b": 12}, priority="important")
    a, b = d.requirements
    assert (a.task, a.capability, a.phase, a.priority, a.months) == ("t", "cap", "a",
                                                                     "important", 6)
    assert (b.phase, b.months) == ("b", 12)
    assert a.required == b.required == 100
    assert a.exact == Decimal(100)
    assert a.terms == (Term("per_1000_population", Decimal("0.1"), Decimal(1000),
                            Decimal(100)),)


def test_valid_mandate_requirements():
    d = Derived(validate(valid_mandate()).mandate)
    got = [(r.task, r.capability, r.phase, r.required, r.priority, r.months)
           for r in d.requirements]
    # sorted by task id, then capability id, then phase order
    assert got == [
        ("mentor", "police", "late", 10, "important", 12),
        ("patrol", "infantry", "early", 100, "essential", 6),
        ("patrol", "infantry", "late", 100, "essential", 12),
    ]


def test_requirements_are_ordered_by_task_capability_phase():
    doc = valid_mandate()
    doc = override(doc, "task.alpha", {"function": "f", "theatre": "east",
                                       "need": {"police": {"fixed": 1},
                                                "infantry": {"fixed": 2}}})
    d = Derived(validate(doc).mandate)
    keys = [(r.task, r.capability, r.phase) for r in d.requirements]
    assert keys[:4] == [("alpha", "infantry", "early"), ("alpha", "infantry", "late"),
                        ("alpha", "police", "early"), ("alpha", "police", "late")]


# --------------------------------------------------------------------------- phases

PHASES = {"zulu": 1, "alpha": 2, "mike": 3}  # written order is not alphabetical


def test_default_phases_are_all_phases_in_written_order():
    d = one_task({"fixed": 1}, {}, phases=PHASES)
    assert d.phases == ("zulu", "alpha", "mike")
    assert d.task_phases("t") == ("zulu", "alpha", "mike")
    assert [r.phase for r in d.requirements] == ["zulu", "alpha", "mike"]
    assert d.months == {"zulu": 1, "alpha": 2, "mike": 3}


def test_explicit_phases_keep_chronological_order():
    d = Derived(validate(override(_doc_with_phases(), "task.t.phases", ["mike", "zulu"]))
                .mandate)
    assert d.task_phases("t") == ("zulu", "mike")
    assert [(r.phase, r.months) for r in d.requirements] == [("zulu", 1), ("mike", 3)]


def test_empty_phase_list_means_no_phase():
    d = Derived(validate(override(_doc_with_phases(), "task.t.phases", [])).mandate)
    assert d.task_phases("t") == ()
    assert d.requirements == ()


def _doc_with_phases() -> dict[str, Any]:
    return {
        "mission": {"name": "phases"},
        "phase": {p: {"months": m} for p, m in PHASES.items()},
        "theatre": {"th": {}},
        "capability": {"cap": {"component": "civilian", "cost_per_month": 1.0}},
        "task": {"t": {"function": "f", "theatre": "th", "need": {"cap": {"fixed": 1}}}},
    }


# --------------------------------------------------------------------------- eligibility

@pytest.fixture
def derived() -> Derived:
    return Derived(validate(valid_mandate()).mandate)


def test_consent_and_acceptability_default_to_all_parties(derived):
    assert derived.consent_of("patrol") == ("north", "south")
    assert derived.consent_of("mentor") == ("north",)
    assert derived.acceptable_to("AAA") == ("north", "south")
    assert derived.acceptable_to("BBB") == ("north",)


def test_blockers_in_the_valid_mandate(derived):
    assert derived.blockers("AAA", "patrol", "late") == []
    assert derived.blockers("AAA", "mentor", "late") == []
    assert derived.blockers("BBB", "patrol", "late") == ["not acceptable to south"]
    assert derived.blockers("BBB", "mentor", "late") == []  # mentor needs north's consent only
    assert derived.blockers("CCC", "patrol", "late") == []
    assert derived.blockers("CCC", "mentor", "late") == [
        "caveat excludes the function 'capacity-building'",
        "caveat excludes the theatre 'west'",
    ]
    assert derived.eligible("AAA", "patrol", "late")
    assert not derived.eligible("BBB", "patrol", "late")
    assert derived.eligible("BBB", "mentor", "late")
    assert not derived.eligible("CCC", "mentor", "late")


def test_all_three_kinds_of_blocker_in_order():
    doc = override(valid_mandate(), "contributor.CCC.acceptable_to", [])
    d = Derived(validate(doc).mandate)
    assert d.acceptable_to("CCC") == ()
    assert d.blockers("CCC", "mentor", "late") == [
        "not acceptable to north",
        "caveat excludes the function 'capacity-building'",
        "caveat excludes the theatre 'west'",
    ]
    assert d.blockers("CCC", "patrol", "late") == ["not acceptable to north",
                                                   "not acceptable to south"]


def test_empty_consent_list_needs_nobody():
    doc = override(valid_mandate(), "task.patrol.consent_of", [])
    doc = override(doc, "contributor.BBB.acceptable_to", [])
    d = Derived(validate(doc).mandate)
    assert d.consent_of("patrol") == ()
    assert d.blockers("BBB", "patrol", "late") == []
    assert d.blockers("BBB", "mentor", "late") == ["not acceptable to north"]


def test_mission_without_parties_blocks_nobody_on_consent():
    doc = override(valid_mandate(), "mission.parties", DELETE)
    doc = override(doc, "task.mentor.consent_of", DELETE)
    doc = override(doc, "contributor.BBB.acceptable_to", DELETE)
    d = Derived(validate(doc).mandate)
    assert d.consent_of("patrol") == ()
    assert d.acceptable_to("BBB") == ()
    assert all(d.blockers(c, "patrol", "late") == [] for c in ("AAA", "BBB", "CCC"))


def test_function_caveat_alone():
    doc = override(valid_mandate(), "contributor.AAA.excluded_functions", ["supervision"])
    d = Derived(validate(doc).mandate)
    assert d.blockers("AAA", "patrol", "late") == ["caveat excludes the function 'supervision'"]
    assert d.blockers("AAA", "mentor", "late") == []


def test_theatre_caveat_alone():
    doc = override(valid_mandate(), "contributor.AAA.excluded_theatres", ["east"])
    d = Derived(validate(doc).mandate)
    assert d.blockers("AAA", "patrol", "late") == ["caveat excludes the theatre 'east'"]
    assert d.blockers("AAA", "mentor", "late") == []


# --------------------------------------------------------------------------- costs and shares

def test_cost_override_beats_the_capability_cost(derived):
    assert derived.cost_per_month("BBB", "police", "early") == 6_000.0  # override
    assert derived.cost_per_month("BBB", "infantry", "early") == 10_000.0  # capability
    assert derived.cost_per_month("AAA", "police", "early") == 8_000  # capability
    assert derived.cost_per_month("CCC", "infantry", "early") == 10_000.0


def test_cost_override_of_zero_is_used():
    doc = override(valid_mandate(), "contributor.AAA.cost_per_month.infantry", 0)
    assert Derived(validate(doc).mandate).cost_per_month("AAA", "infantry", "early") == 0


def test_max_share_default_and_override(derived):
    assert derived.max_share("AAA", "early") == 0.8  # objective.max_share
    assert derived.max_share("BBB", "early") == 0.8
    assert derived.max_share("CCC", "early") == 0.5  # its own


def test_max_share_defaults_to_one_without_an_objective():
    doc = override(valid_mandate(), "objective", DELETE)
    d = Derived(validate(doc).mandate)
    assert d.max_share("AAA", "early") == 1.0
    assert d.max_share("CCC", "early") == 0.5


def test_own_max_share_may_be_above_the_default():
    doc = override(valid_mandate(), "contributor.AAA.max_share", 1)
    assert Derived(validate(doc).mandate).max_share("AAA", "early") == 1


# --------------------------------------------------------------------------- properties

decimal_rates = st.decimals(min_value=0, max_value=1000, places=6,
                            allow_nan=False, allow_infinity=False)
figures = st.integers(min_value=0, max_value=10**6)
"""Theatre figures within every attribute's range (crossings and lengths up to 10⁶)."""


def _written(d: Decimal) -> str:
    """The decimal as a planner would write it in TOML: '5', '0.25', '12.000001'."""
    text = f"{d.normalize():f}"
    return text


def _via_toml(rule_text: str, theatre: dict[str, int]) -> int:
    """Requirement of a mandate whose rule is written as TOML text, parsed by tomllib."""
    doc = {
        "mission": {"name": "property"},
        "phase": {"p": {"months": 1}},
        "theatre": {"th": theatre},
        "capability": {"cap": {"component": "civilian", "cost_per_month": 1.0}},
        "task": {"t": {"function": "f", "theatre": "th"}},
    }
    text = tomli_w.dumps(doc) + f"\n[task.t.need.cap]\n{rule_text}\n"
    (req,) = Derived(validate(tomllib.loads(text)).mandate).requirements
    return req.required


@settings(max_examples=300, deadline=None)
@given(key=st.sampled_from(RULE_KEYS), rate=decimal_rates, figure=figures)
@example(key="per_1000_population", rate=Decimal("2.2"), figure=2_500_000)
@example(key="per_crossing", rate=Decimal("1.1"), figure=100)
@example(key="per_crossing", rate=Decimal("0.1"), figure=30)
@example(key="per_100_km2", rate=Decimal("0.07"), figure=10_000)
def test_ceil_of_exact_decimal_equals_fraction_ceil(key, rate, figure):
    attribute, divisor, _ = RULE_TERMS[key]
    written = _written(rate)
    theatre = {} if attribute is None else {attribute: figure}
    quantity = Fraction(1) if attribute is None else Fraction(figure, divisor)
    expected = math.ceil(Fraction(written) * quantity)
    assume(expected <= MAX_PERSONS)  # beyond it the mandate is refused (tested elsewhere)
    assert _via_toml(f"{key} = {written}", theatre) == expected


@settings(max_examples=200, deadline=None)
@given(rates=st.lists(decimal_rates, min_size=len(RULE_KEYS), max_size=len(RULE_KEYS)),
       quantities=st.lists(figures, min_size=5, max_size=5))
def test_ceil_of_a_sum_of_terms_equals_fraction_ceil(rates, quantities):
    attributes = ["population", "area_km2", "border_km", "coastline_km", "crossings"]
    theatre = dict(zip(attributes, quantities, strict=True))
    expected = Fraction(0)
    lines = []
    for key, rate in zip(RULE_KEYS, rates, strict=True):
        attribute, divisor, _ = RULE_TERMS[key]
        written = _written(rate)
        lines.append(f"{key} = {written}")
        size = Fraction(1) if attribute is None else Fraction(theatre[attribute], divisor)
        expected += Fraction(written) * size
    assume(math.ceil(expected) <= MAX_PERSONS)
    assert _via_toml("\n".join(lines), theatre) == math.ceil(expected)


def test_exactness_does_not_depend_on_decimal_context_precision():
    # below the ranges a mandate may use, on the arithmetic itself: two 17-digit numbers
    rate, crossings = 1.0000000000000002, 5_000_000_000_000_001
    expected = math.ceil(Fraction(repr(rate)) * crossings)
    assert expected == 5_000_000_000_000_003
    rule = NeedRule.model_construct(**{**NeedRule().model_dump(), "per_crossing": rate})
    theatre = Theatre.model_construct(**{**Theatre().model_dump(), "crossings": crossings})
    assert persons_needed(rule_terms(rule, theatre))[0] == expected


def test_a_requirement_beyond_ten_million_persons_is_refused_at_its_rule():
    with pytest.raises(InputError) as info:
        required({"per_1000_population": 1000}, {"population": 5e9})
    (issue,) = info.value.issues
    assert (issue.code, issue.path) == ("requirement-too-large", "task.t.need.cap")
