"""Force-generation realism: hand-made mandates with optima worked out by hand.

One small mandate per feature (formed units, standing pools and sustainment,
pools by phase, multinational tasks, groups, phased pledges, phase scales,
throughput, threat). Each is solved by both solvers, and ``plan_of`` runs the
independent checker on every plan. The skeleton is ``base()``: one phase
``one`` of 2 months, one theatre, one capability ``inf`` at 1,000 a
person-month, so a person costs 2,000 in phase ``one``.
"""

from __future__ import annotations

from typing import Any

import pytest

from ..solving import SOLVERS, base, filled, persons, plan_of

pytestmark = pytest.mark.parametrize("solver", SOLVERS)


def task(doc: dict[str, Any], tid: str = "t", fixed: int = 0, cap: str = "inf",
         **extra: Any) -> dict[str, Any]:
    """Add a supervision task in theatre x needing ``fixed`` persons of ``cap``."""
    doc["task"][tid] = {"function": "supervision", "theatre": "x",
                        "need": {cap: {"fixed": fixed}}, **extra}
    return doc


def contributor(doc: dict[str, Any], cid: str, pool: int | None = None,
                cost: float | None = None, **extra: Any) -> dict[str, Any]:
    """Add a contributor with ``pool`` persons of inf available (cost override if given)."""
    body: dict[str, Any] = dict(extra)
    if pool is not None:
        body["available"] = {"inf": pool}
    if cost is not None:
        body["cost_per_month"] = {"inf": cost}
    doc["contributor"][cid] = body
    return doc


def phases(doc: dict[str, Any], **months: float) -> dict[str, Any]:
    doc["phase"] = {p: {"months": m} for p, m in months.items()}
    return doc


def row(plan, tid: str = "t", phase: str = "one"):
    (r,) = [r for r in plan.requirements if r.task == tid and r.phase == phase]
    return r


def short_pm(plan) -> float:
    return sum(plan.shortfall_person_months.values())


# --------------------------------------------------------------------------- units


def test_units_round_a_requirement_up(solver):
    # 1,460 infantry in battalions of 850: one battalion leaves 610 short, so the
    # plan (shortfall before cost) sends two: 1,700 persons, 240 over, 3,400,000.
    doc = task(base(), fixed=1460)
    doc["capability"]["inf"] |= {"unit_size": 850, "unit_name": "infantry battalion"}
    contributor(doc, "A", 2000)
    plan = plan_of(doc, solver)
    (a,) = plan.allocations
    assert (a.personnel, a.units, a.unit_size, a.unit_name) == (
        1700, 2, 850, "infantry battalion")
    r = row(plan)
    assert (r.required, r.filled, r.shortfall, r.excess) == (1460, 1700, 0, 240)
    assert plan.total_cost == 3_400_000


def test_a_unit_larger_than_the_requirement_still_covers_it(solver):
    # 100 needed, battalions of 850: one battalion is 750 over, within 849 (one person
    # short of a unit), so it covers the requirement: 1,700,000.
    doc = task(base(), fixed=100)
    doc["capability"]["inf"]["unit_size"] = 850
    contributor(doc, "A", 1000)
    plan = plan_of(doc, solver)
    r = row(plan)
    assert (r.filled, r.shortfall, r.excess) == (850, 0, 750)
    assert plan.allocations[0].units == 1
    assert plan.total_cost == 1_700_000


def test_a_pool_smaller_than_one_unit_sends_nobody(solver):
    # 800 available in battalions of 850: not one whole unit, so 100 short.
    doc = task(base(), fixed=100)
    doc["capability"]["inf"]["unit_size"] = 850
    contributor(doc, "A", 800)
    plan = plan_of(doc, solver)
    assert plan.allocations == []
    assert (row(plan).shortfall, row(plan).excess) == (100, 0)


def test_units_and_persons_mix_without_waste(solver):
    # 1,000 needed; A sends battalions of 850 (cheap), B any number of persons
    # (dear, 1,500 a month). A's one battalion + 150 of B's fill it exactly:
    # 850 × 2,000 + 150 × 3,000 = 2,150,000. Two of A's battalions would cost
    # 3,400,000; B alone 3,000,000.
    doc = task(base(), fixed=1000)
    contributor(doc, "A", 2000, unit_size={"inf": 850})
    contributor(doc, "B", 1000, cost=1500.0)
    plan = plan_of(doc, solver)
    assert (persons(plan, "A"), persons(plan, "B")) == (850, 150)
    assert (row(plan).excess, row(plan).shortfall) == (0, 0)
    assert plan.total_cost == 2_150_000


def test_over_coverage_is_bounded_by_the_units_that_could_serve_in_that_phase(solver):
    """The excess bound U − 1 counts the contributors that could serve the requirement
    in its phase. B's companies of 100 are there only in phase two, so in phase one the
    largest unit is A's 10: ``patrol`` (1 person) takes at most one of A's units.

    The group floor (A at least 0.9 of all persons in phase one) rewards deploying A:
    with A's 10 on patrol, C may add at most 1 of the 10 police ``guard`` needs (10 ≥
    0.9 × 11), so guard is 9 short over 2 months: 18 essential person-months. (Counting
    B's 100 in phase one would let A send 100 to a 1-person task and fill guard.)
    """
    doc = phases(base(), one=2, two=2)
    doc["capability"]["pol"] = {"component": "police", "cost_per_month": 1000.0}
    task(doc, "patrol", 1, phases=["one"])
    task(doc, "guard", 10, cap="pol", phases=["one"])
    contributor(doc, "A", 100, unit_size={"inf": 10})
    contributor(doc, "B", 100, unit_size={"inf": 100},
                available_by_phase={"one": {"inf": 0}})
    doc["contributor"]["C"] = {"available": {"pol": 10}}
    doc["group"] = {"lead": {"members": ["A"], "min_share": 0.9}}
    plan = plan_of(doc, solver)
    assert row(plan, "patrol").excess <= 9
    assert plan.shortfall_person_months["essential"] == 18


# --------------------------------------------------------------------------- pools


def test_a_sustainment_ratio_binds(solver):
    # 900 standing at the default ratio 3: 300 deployable of the 400 needed.
    doc = task(base(), fixed=400)
    contributor(doc, "A", standing={"inf": 900})
    plan = plan_of(doc, solver)
    assert (row(plan).filled, row(plan).shortfall) == (300, 100)


def test_a_capability_sets_its_own_sustainment_ratio(solver):
    # ratio 2: 900 standing give 450 deployable, enough for 400; 1,000 standing at
    # ratio 2.5 give exactly 400; 998 give 399.2, rounded down to 399.
    doc = task(base(), fixed=400)
    doc["capability"]["inf"]["sustainment_ratio"] = 2.0
    contributor(doc, "A", standing={"inf": 900})
    assert row(plan_of(doc, solver)).filled == 400
    doc["capability"]["inf"]["sustainment_ratio"] = 2.5
    for standing, deployable in ((1000, 400), (998, 399)):
        doc["contributor"]["A"]["standing"]["inf"] = standing
        assert row(plan_of(doc, solver)).filled == deployable


def test_a_pool_by_phase_overrides_the_available_pool(solver):
    # A deploys 10 in phase one but only 3 in phase two; B (1,500 a month) fills the
    # rest there: 10 × 2,000 + 3 × 2,000 + 7 × 3,000 = 47,000.
    doc = task(phases(base(), one=2, two=2), fixed=10)
    contributor(doc, "A", 10, available_by_phase={"two": {"inf": 3}})
    contributor(doc, "B", 10, cost=1500.0)
    plan = plan_of(doc, solver)
    got = {(a.contributor, a.phase): a.personnel for a in plan.allocations}
    assert got == {("A", "one"): 10, ("A", "two"): 3, ("B", "two"): 7}
    assert plan.total_cost == 47_000


def test_a_pool_given_only_by_phase(solver):
    # C has infantry only in phase two: phase one stays short.
    doc = task(phases(base(), one=2, two=2), fixed=10)
    contributor(doc, "C", available_by_phase={"two": {"inf": 20}})
    plan = plan_of(doc, solver)
    assert (filled(plan, "t", "one"), filled(plan, "t", "two")) == (0, 10)


# --------------------------------------------------------------------------- multinational


def test_a_multinational_task_takes_a_dearer_second_contributor(solver):
    # 10 needed by at least 2 contributors: A (1,000) sends 9, B (3,000) 1:
    # 9 × 2,000 + 1 × 6,000 = 24,000 (A alone would cost 20,000).
    doc = task(base(), fixed=10, min_contributors=2)
    contributor(doc, "A", 10)
    contributor(doc, "B", 10, cost=3000.0)
    plan = plan_of(doc, solver)
    assert (persons(plan, "A"), persons(plan, "B")) == (9, 1)
    assert plan.total_cost == 24_000
    del doc["task"]["t"]["min_contributors"]
    assert plan_of(doc, solver).total_cost == 20_000


def test_a_multinational_task_with_one_possible_contributor_stays_short(solver):
    doc = task(base(), fixed=10, min_contributors=2)
    contributor(doc, "A", 10)
    contributor(doc, "B", 10, excluded_functions=["supervision"])
    plan = plan_of(doc, solver)
    assert plan.allocations == []
    assert plan.shortfall_person_months["essential"] == 20


# --------------------------------------------------------------------------- groups


def test_a_group_floor_forces_regional_participation(solver):
    # 100 needed; regional R costs 2,000 a month, A 1,000. The region holds at least
    # a quarter: R 25, A 75: 75 × 2,000 + 25 × 4,000 = 250,000.
    doc = task(base(), fixed=100)
    contributor(doc, "A", 100)
    contributor(doc, "R", 100, cost=2000.0)
    doc["group"] = {"region": {"members": ["R"], "min_share": 0.25}}
    plan = plan_of(doc, solver)
    assert (persons(plan, "A"), persons(plan, "R")) == (75, 25)
    assert plan.total_cost == 250_000


def test_a_group_cap_binds(solver):
    # 100 needed; A and B (1,000) are capped together at 60%, so C (1,500) sends 40:
    # 60 × 2,000 + 40 × 3,000 = 240,000.
    doc = task(base(), fixed=100)
    contributor(doc, "A", 100)
    contributor(doc, "B", 100)
    contributor(doc, "C", 100, cost=1500.0)
    doc["group"] = {"nato": {"members": ["A", "B"], "max_share": 0.6}}
    plan = plan_of(doc, solver)
    assert persons(plan, "A") + persons(plan, "B") == 60
    assert persons(plan, "C") == 40
    assert plan.total_cost == 240_000


# --------------------------------------------------------------------------- money by phase


def test_a_phased_pledge_binds_in_one_phase_only(solver):
    # 10 needed in two phases of 2 months. A (1,000) pledges 10,000 for phase one only:
    # 5 persons there; B (1,500) sends the other 5. In phase two A sends all 10.
    # Cost: 5 × 2,000 + 5 × 3,000 + 10 × 2,000 = 45,000.
    doc = task(phases(base(), one=2, two=2), fixed=10)
    contributor(doc, "A", 10, pledge_by_phase={"one": 10_000.0})
    contributor(doc, "B", 10, cost=1500.0)
    plan = plan_of(doc, solver)
    got = {(a.contributor, a.phase): a.personnel for a in plan.allocations}
    assert got == {("A", "one"): 5, ("B", "one"): 5, ("A", "two"): 10}
    assert plan.total_cost == 45_000
    rows = {f.contributor: (f.pays, f.pledge) for f in plan.financing}
    assert rows == {"A": (30_000.0, 10_000.0), "B": (15_000.0, None)}


def test_a_phased_common_fund_caps_each_phase(solver):
    # Common fund: A pledges 6,000 for phase one, B 8,000 flat (4,000 a phase, by
    # months). 3 needed in each phase at 2,000 a person: phase one costs 6,000 of its
    # 10,000; phase two has 4,000, so 2 persons. A pays 6,000 × 6/10 = 3,600; B pays
    # 6,000 × 4/10 + 4,000 = 6,400.
    doc = task(phases(base(financing="common-fund"), one=2, two=2), fixed=3)
    contributor(doc, "A", 10, pledge_by_phase={"one": 6_000.0})
    contributor(doc, "B", 10, pledge=8_000.0)
    plan = plan_of(doc, solver)
    assert (filled(plan, "t", "one"), filled(plan, "t", "two")) == (3, 2)
    assert {f.contributor: f.pays for f in plan.financing} == pytest.approx(
        {"A": 3_600.0, "B": 6_400.0})


def test_a_flat_pledge_beside_phased_ones_funds_the_other_phases(solver):
    # Common fund: A pledges 8,000 in all, 6,000 of it for phase one; the other 2,000
    # go to phase two. 3 needed in each phase at 2,000 a person: phase one 3, phase
    # two 1; A pays everything, 8,000, never more than it pledged.
    doc = task(phases(base(financing="common-fund"), one=2, two=2), fixed=3)
    contributor(doc, "A", 10, pledge=8_000.0, pledge_by_phase={"one": 6_000.0})
    plan = plan_of(doc, solver)
    assert (filled(plan, "t", "one"), filled(plan, "t", "two")) == (3, 1)
    assert [(f.contributor, f.pays, f.pledge) for f in plan.financing] == [
        ("A", 8_000.0, 8_000.0)]


# --------------------------------------------------------------------------- requirements


def test_a_phase_scale_builds_up_and_draws_down(solver):
    # 100 at full strength: half in the build-up, a quarter in the draw-down, and
    # a third (33.3, rounded up to 34) in a residual phase. Cost at 1,000 a
    # person-month: 50 × 2 + 100 × 4 + 25 × 2 + 34 × 1 = 584 person-months.
    doc = task(phases(base(), build=2, main=4, down=2, residual=1), fixed=100,
               phase_scale={"build": 0.5, "down": 0.25, "residual": 0.333})
    contributor(doc, "A", 200)
    plan = plan_of(doc, solver)
    assert [row(plan, phase=p).required for p in ("build", "main", "down", "residual")] == [
        50, 100, 25, 34]
    assert plan.total_cost == 584_000


def test_a_throughput_task_sizes_its_instructors(solver):
    # 2,100 trainees over 15 months (5 + 10) at 10 per instructor-month: 2,100 / 150 =
    # exactly 14 instructors in each phase; the same task in phase two alone (10 months)
    # needs 2,100 / 100 = 21.
    doc = phases(base(), one=5, two=10)
    doc["capability"]["trainer"] = {"component": "civilian", "cost_per_month": 1000.0}
    doc["task"]["train"] = {"function": "capacity-building", "theatre": "x",
                            "need": {"trainer": {"trainees": 2100,
                                                 "trainees_per_instructor_month": 10}}}
    doc["contributor"]["A"] = {"available": {"trainer": 30}}
    plan = plan_of(doc, solver)
    assert [row(plan, "train", p).required for p in ("one", "two")] == [14, 14]
    assert plan.total_cost == 14 * 15 * 1000
    doc["task"]["train"]["phases"] = ["two"]
    assert row(plan_of(doc, solver), "train", "two").required == 21


def test_a_threat_level_multiplies_enforcement_needs(solver):
    # 30 for enforcement and 30 for supervision in a high-threat theatre: the
    # enforcement task needs 300 (× 10), supervision stays 30. Medium: 30 × 3.16 =
    # 94.8, rounded up to 95. A [threat] table may set the multiplier (high = 5: 150)
    # and the functions it applies to.
    doc = task(base(), "watch", 30)
    doc["task"]["raid"] = {"function": "enforcement", "theatre": "x",
                           "need": {"inf": {"fixed": 30}}}
    doc["theatre"]["x"]["threat"] = "high"
    contributor(doc, "A", 1000)
    plan = plan_of(doc, solver)
    assert (row(plan, "raid").required, row(plan, "watch").required) == (300, 30)
    doc["theatre"]["x"]["threat"] = "medium"
    assert row(plan_of(doc, solver), "raid").required == 95
    doc["theatre"]["x"]["threat"] = "high"
    doc["threat"] = {"multipliers": {"high": 5.0}, "functions": ["enforcement", "supervision"]}
    plan = plan_of(doc, solver)
    assert (row(plan, "raid").required, row(plan, "watch").required) == (150, 150)
