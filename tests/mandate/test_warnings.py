"""Warnings: input that is legal but probably not what the planner meant (exit 0).

Each named warning check in ``checks.py`` is triggered by one small edit of
``valid_mandate()`` (which raises none) and shown silent on a close case that
is fine. The bundled mandates raise only the warnings listed in
``BUNDLED_WARNINGS``, each justified there.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from forcesize.errors import Issue
from forcesize.mandate import load_mandate, validate
from forcesize.mandate.checks import WARNING_CHECKS, run_checks
from forcesize.mandate.schema import Mandate

from ..helpers import DELETE, MANDATES_DIR, override
from ..model.test_realism import contributor, task
from ..solving import base


def warnings_of(doc: dict[str, Any], code: str | None = None) -> list[Issue]:
    """The warnings ``validate`` returns for ``doc`` (it must be valid), of ``code`` if given."""
    found = validate(doc, "m.toml").warnings
    assert all(w.severity == "warning" for w in found)
    return [w for w in found if code is None or w.code == code]


def only(issues: list[Issue]) -> Issue:
    assert len(issues) == 1, issues
    return issues[0]


def test_the_small_valid_mandate_raises_no_warning(doc):
    assert warnings_of(doc) == []


def test_every_warning_check_is_named_and_documented():
    for check in WARNING_CHECKS:
        assert check.__doc__ and check.__doc__.startswith("Warn when"), check.__name__


# --------------------------------------------------------------------------- contributors

@pytest.mark.parametrize("available", [{}, {"infantry": 0, "police": 0}], ids=["empty", "zeros"])
def test_contributor_with_nothing_available(doc, available):
    warning = only(warnings_of(override(doc, "contributor.AAA.available", available)))
    assert (warning.code, warning.path) == ("contributor-serves-nothing", "contributor.AAA")
    assert warning.message == "has no personnel available, so it can serve no task"
    assert "available" in warning.hint


def test_contributor_with_nothing_available_in_a_file_points_at_its_table(tmp_path, doc):
    import tomli_w

    path = tmp_path / "m.toml"
    text = tomli_w.dumps(override(doc, "contributor.AAA.available", {}))
    path.write_text(text, encoding="utf-8")
    warning = only(load_mandate(path).warnings)
    assert warning.line == text.splitlines().index("[contributor.AAA]") + 1


def test_a_donor_to_a_common_fund_is_not_idle(doc):
    donor = override(doc, "objective.financing", "common-fund")
    donor = override(donor, "contributor.DDD", {"pledge": 1_000_000.0})
    assert warnings_of(donor) == []
    # the same contributor under national financing pays only for its own personnel
    national = override(donor, "objective.financing", "national")
    assert only(warnings_of(national)).path == "contributor.DDD"
    # and a donor that pledges nothing contributes nothing
    empty = override(donor, "contributor.DDD.pledge", 0.0)
    assert only(warnings_of(empty, "contributor-serves-nothing")).path == "contributor.DDD"


def test_contributor_whose_capabilities_no_task_needs(doc):
    bad = override(doc, "capability.medic", {"component": "civilian", "cost_per_month": 1.0})
    bad = override(bad, "contributor.DDD.available", {"medic": 4})
    warning = only(warnings_of(bad, "contributor-serves-nothing"))
    assert warning.path == "contributor.DDD.available"
    assert warning.message == ("no task needs any capability it has available (medic), "
                               "so it can serve no task")


def test_contributor_barred_from_every_task_that_needs_it(doc):
    # BBB is acceptable to north only, so patrol (consent of both parties) is closed to it;
    # a caveat against capacity-building closes mentor too.
    bad = override(doc, "contributor.BBB.excluded_functions", ["capacity-building"])
    warning = only(warnings_of(bad))
    assert (warning.code, warning.path) == ("contributor-serves-nothing", "contributor.BBB")
    assert warning.message == (
        "may serve none of the 2 tasks that need its personnel: "
        "caveat excludes the function 'capacity-building' (mentor); "
        "not acceptable to south (patrol)")


def test_one_key_barring_a_contributor_is_its_path(doc):
    bad = override(doc, "contributor.AAA.excluded_theatres", ["east", "west"])
    warning = only(warnings_of(bad))
    assert warning.path == "contributor.AAA.excluded_theatres"
    bad = override(doc, "contributor.CCC.acceptable_to", ["north"])
    assert only(warnings_of(bad)).path == "contributor.CCC.acceptable_to"


def test_a_contributor_eligible_for_one_task_is_not_warned(doc):
    # AAA barred from the west (mentor) still serves patrol in the east
    assert warnings_of(override(doc, "contributor.AAA.excluded_theatres", ["west"])) == []


# --------------------------------------------------------------------------- capabilities

def test_capability_no_task_needs(doc):
    bad = override(doc, "capability.medic", {"component": "civilian", "cost_per_month": 1.0})
    warning = only(warnings_of(bad))
    assert (warning.code, warning.path) == ("capability-unneeded", "capability.medic")
    assert warning.message == "no task needs this capability, so no plan deploys anyone of it"
    assert "[task.<id>.need.medic]" in warning.hint


def test_capability_named_only_by_rules_giving_nobody(doc):
    bad = override(doc, "capability.medic", {"component": "civilian", "cost_per_month": 1.0})
    bad = override(bad, "task.patrol.need.medic", {"per_border_km": 1})  # east: 20 km
    assert warnings_of(bad) == []
    zero = override(bad, "task.mentor.need.medic", {"per_border_km": 1})  # west: no border
    assert warnings_of(zero) == []  # patrol still needs medics
    zero = override(zero, "task.patrol.need.medic", {"fixed": 0})
    warning = only(warnings_of(zero, "capability-unneeded"))
    assert warning.message == ("no task needs this capability (the need rules of mentor, "
                               "patrol name it, but give 0 persons or run in no phase), so no "
                               "plan deploys anyone of it")


# --------------------------------------------------------------------------- tasks

def test_task_without_need_rules(doc):
    bad = override(doc, "task.mentor.need", {})
    found = warnings_of(bad, "task-needs-nobody")
    assert [(w.path, w.message) for w in found] == [
        ("task.mentor", "the task has no need rule, so it requires nobody")]


def test_task_with_no_phase(doc):
    bad = override(doc, "task.mentor.phases", [])
    warning = only(warnings_of(bad, "task-needs-nobody"))
    assert (warning.path, warning.message) == ("task.mentor.phases",
                                               "phases is empty, so the task runs in no phase")


def test_tasks_of_a_mandate_without_phases(doc):
    bad = override(override(doc, "phase", {}), "task.mentor.phases", DELETE)
    found = warnings_of(bad, "task-needs-nobody")
    assert sorted(w.path for w in found) == ["task.mentor", "task.patrol"]
    assert all(w.message == "the mandate has no phase, so the task runs in none" for w in found)


def test_task_whose_rules_all_give_zero_persons(doc):
    # a rate per km of border, in a theatre without a border
    bad = override(doc, "task.mentor.need.police", {"per_border_km": 3})
    warning = only(warnings_of(bad, "task-needs-nobody"))
    assert (warning.path, warning.message) == (
        "task.mentor.need", "every need rule of the task gives 0 persons, so it requires nobody")
    assert "theatre 'west'" in warning.hint


@pytest.mark.parametrize("rule", [{"fixed": 0.01}, {"per_1000_population": 0.001},
                                  {"fixed": 0, "per_100_km2": 1}])
def test_a_rule_giving_a_fraction_of_a_person_rounds_up_to_one(doc, rule):
    assert warnings_of(override(doc, "task.mentor.need.police", rule)) == []


# --------------------------------------------------------------------------- pledges

def common_fund(doc: dict[str, Any], pledge: float, budget: float | None = None
                ) -> dict[str, Any]:
    """``doc`` under common-fund financing, CCC pledging ``pledge``. The dearest plan of
    ``valid_mandate()`` costs 100 × 18 × 10,000 (patrol) + 10 × 12 × 8,000 (mentor, AAA's
    police at the capability's cost, dearer than BBB's) = 18,960,000."""
    out = override(override(doc, "objective.financing", "common-fund"),
                   "contributor.CCC.pledge", pledge)
    return out if budget is None else override(out, "objective.budget", budget)


def test_pledges_above_the_budget_of_a_common_fund(doc):
    warning = only(warnings_of(common_fund(doc, 5_000_000.0, budget=1_000_000.0)))
    assert (warning.code, warning.path, warning.value) == (
        "unspendable-pledges", "objective.budget", "1000000.0")
    assert warning.message == (
        "the pledges pool 5,000,000 EUR into the common fund, but the budget caps spending at "
        "1,000,000 EUR, so 4,000,000 EUR of the pledges can never be spent (each contributor "
        "pays at most 20% of its pledge)")


def test_pledges_above_the_dearest_plan(doc):
    warning = only(warnings_of(common_fund(doc, 20_000_000.0)))
    assert (warning.code, warning.path) == ("unspendable-pledges", "objective.financing")
    assert "costs at most 18,960,000 EUR, so 1,040,000 EUR" in warning.message
    assert "at most 94% of its pledge" in warning.message
    # a budget above the dearest plan changes nothing: the plan is the cap
    assert only(warnings_of(common_fund(doc, 20_000_000.0, budget=19e6))).path == \
        "objective.financing"


def test_pledges_with_no_requirement_to_spend_them_on(doc):
    bad = override(common_fund(doc, 1_000_000.0), "task.patrol.need", {})
    bad = override(bad, "task.mentor.need", {})
    warning = only(warnings_of(bad, "unspendable-pledges"))
    assert "no task has a requirement an eligible contributor could fill" in warning.message
    assert "at most 0% of its pledge" in warning.message


@pytest.mark.parametrize(("pledge", "budget"), [
    (5_000_000.0, None), (18_960_000.0, None), (5_000_000.0, 5_000_000.0),
    (5_000_000.0, 10_000_000.0)])
def test_spendable_common_funds_are_not_warned(doc, pledge, budget):
    assert warnings_of(common_fund(doc, pledge, budget)) == []


def test_national_financing_never_warns_about_pledges(doc):
    national = override(override(doc, "contributor.CCC.pledge", 1e12), "objective.budget", 1.0)
    assert warnings_of(national) == []


def test_a_phased_common_fund_counts_each_phase(doc):
    # patrol needs 100 infantry in early (6 months) and late (12); mentor 10 police in
    # late. CCC pledges by phase: early's dearest plan costs 100 × 6 × 10,000 =
    # 6,000,000, so 1,000,000 of a 7,000,000 pledge for early can never be spent.
    fund = override(doc, "objective.financing", "common-fund")
    fund = override(fund, "contributor.CCC.pledge", DELETE)
    fund = override(fund, "contributor.CCC.pledge_by_phase", {"early": 7_000_000.0})
    warning = only(warnings_of(fund))
    assert (warning.code, warning.path) == ("unspendable-pledges", "objective.financing")
    assert warning.message == (
        "the pledges pool 7,000,000 EUR into the common fund, but in phase early filling "
        "every requirement at the dearest eligible rates costs less than the phase's "
        "pledges, so 1,000,000 EUR of the pledges can never be spent")
    assert warnings_of(override(fund, "contributor.CCC.pledge_by_phase.early", 6e6)) == []


def test_phased_pledges_fill_a_common_fund(doc):
    fund = override(doc, "objective.financing", "common-fund")
    fund = override(fund, "contributor.CCC.pledge", DELETE)
    assert only(warnings_of(fund)).code == "empty-common-fund"
    assert warnings_of(override(fund, "contributor.CCC.pledge_by_phase", {"late": 1.0})) == []


def test_over_coverage_by_units_counts_in_the_dearest_plan(doc):
    # patrol's 100 infantry may be over-covered by up to 849 with battalions of 850 (AAA
    # can field one), so a fund of 18,960,000 + 849 × 18 × 10,000 can be spent
    fund = override(common_fund(doc, 18_960_000.0 + 849 * 18 * 10_000),
                    "capability.infantry.unit_size", 850)
    fund = override(fund, "contributor.AAA.available.infantry", 900)
    # (AAA's 50 over a battalion and CCC's 40 are warned too: pool-remainder, pool-below-unit)
    assert warnings_of(fund, "unspendable-pledges") == []
    only(warnings_of(override(fund, "capability.infantry.unit_size", 849),
                     "unspendable-pledges"))
    # a battalion nobody can field over-covers nothing (issue 18): the fund is unspendable
    unfielded = override(fund, "contributor.AAA.available.infantry", 80)
    only(warnings_of(unfielded, "unspendable-pledges"))


# --------------------------------------------------------------------------- force generation

def test_a_contributor_with_a_standing_pool_serves(doc):
    standing = override(doc, "contributor.CCC.available", DELETE)
    standing = override(standing, "contributor.CCC.standing", {"infantry": 120})
    assert warnings_of(standing) == []
    # 2 standing at a ratio of 3 deploy nobody
    idle = override(standing, "contributor.CCC.standing.infantry", 2)
    warning = only(warnings_of(idle))
    assert (warning.code, warning.path) == ("contributor-serves-nothing", "contributor.CCC")


def battalions(doc: dict[str, Any]) -> dict[str, Any]:
    """``doc`` with infantry in battalions of 850, which AAA (1,700) and CCC (a standing
    2,550 at the default sustainment ratio of 3) field whole; BBB's 50 stay loose, but
    BBB may not serve patrol, the one task that needs infantry."""
    out = override(doc, "capability.infantry.unit_size", 850)
    out = override(out, "contributor.AAA.available.infantry", 1700)
    out = override(out, "contributor.CCC.available", DELETE)
    return override(out, "contributor.CCC.standing", {"infantry": 2550})


def test_pools_of_whole_units_are_not_warned(doc):
    assert warnings_of(battalions(doc)) == []
    # nor is a pool of whole units of the contributor's own size
    companies = override(battalions(doc), "contributor.AAA.unit_size", {"infantry": 150})
    assert warnings_of(override(companies, "contributor.AAA.available.infantry", 900)) == []


def test_a_pool_that_is_not_whole_units(doc):
    bad = override(battalions(doc), "contributor.AAA.available.infantry", 1800)
    warning = only(warnings_of(bad))
    assert (warning.code, warning.path, warning.value) == (
        "pool-remainder", "contributor.AAA.available.infantry", "1800")
    assert warning.message == (
        "the pool of 1,800 infantry holds 2 units of 850; the 100 persons over can "
        "never deploy, since infantry comes in whole units, and sit idle in every phase")
    assert warning.hint == ("list a whole number of units (1,700 or 2,550), or give it its own "
                            "unit_size.infantry if its units are of another size")
    # with the contributor's own unit size, the hint says to check it
    own = override(bad, "contributor.AAA.unit_size", {"infantry": 850})
    assert only(warnings_of(own)).hint.endswith("or check its unit_size.infantry")


def test_a_standing_pool_that_is_not_whole_units(doc):
    # 2,600 standing ÷ 3 = 866 deployable: one battalion and 16 over
    bad = override(battalions(doc), "contributor.CCC.standing.infantry", 2600)
    warning = only(warnings_of(bad))
    assert (warning.code, warning.path, warning.value) == (
        "pool-remainder", "contributor.CCC.standing.infantry", "2600")
    assert warning.message == (
        "the pool of 866 infantry (2,600 standing ÷ the sustainment ratio 3, rounded down) "
        "holds one infantry unit of 850; the 16 persons over can never deploy, since infantry "
        "comes in whole units, and sit idle in every phase")
    assert warning.hint == ("a standing pool of 2,550 deploys 850 and one of 5,100 deploys "
                            "1,700, or give it its own unit_size.infantry if its units are of "
                            "another size")
    # at a ratio of 2.5, 2,125 standing are exactly one battalion
    ratio = override(battalions(doc), "capability.infantry.sustainment_ratio", 2.5)
    assert warnings_of(override(ratio, "contributor.CCC.standing.infantry", 2125)) == []


def test_a_pool_smaller_than_one_unit(doc):
    bad = override(battalions(doc), "contributor.AAA.available.infantry", 80)
    warning = only(warnings_of(bad))
    assert (warning.code, warning.path, warning.value) == (
        "pool-below-unit", "contributor.AAA.available.infantry", "80")
    assert warning.message == (
        "the pool of 80 infantry is smaller than one infantry unit of 850, so the contributor "
        "can send no infantry in any phase: 80 persons sit idle")
    assert warning.hint == ("raise the pool to at least 850, give it its own "
                            "unit_size.infantry if its units are of another size, or remove "
                            "the pool")
    # a pool of nobody is not a pool below one unit
    assert warnings_of(override(bad, "contributor.AAA.available.infantry", 0)) == []


def test_a_standing_pool_smaller_than_one_unit(doc):
    bad = override(battalions(doc), "contributor.CCC.standing.infantry", 900)
    warning = only(warnings_of(bad))
    assert (warning.code, warning.path) == ("pool-below-unit", "contributor.CCC.standing.infantry")
    assert warning.message == (
        "the pool of 300 infantry (900 standing ÷ the sustainment ratio 3) is smaller than one "
        "infantry unit of 850, so the contributor can send no infantry in any phase: 300 "
        "persons sit idle")
    assert warning.hint.startswith("a standing pool of at least 2,550 deploys one unit")


def test_a_pool_below_one_unit_in_one_phase(doc):
    # AAA can field battalions in late only: its pool of early is warned, at its key
    late = override(battalions(doc), "contributor.AAA.available.infantry", 80)
    late = override(late, "contributor.AAA.available_by_phase", {"late": {"infantry": 850}})
    warning = only(warnings_of(late))
    assert (warning.code, warning.path) == ("pool-below-unit", "contributor.AAA.available.infantry")
    assert warning.message.endswith("can send no infantry in phase early: 80 persons sit idle")
    # and a phase's own pool at the key that sets it
    early = override(late, "contributor.AAA.available_by_phase.late.infantry", 900)
    assert [(w.code, w.path) for w in warnings_of(early)] == [
        ("pool-below-unit", "contributor.AAA.available.infantry"),
        ("pool-remainder", "contributor.AAA.available_by_phase.late.infantry")]
    assert warnings_of(early)[1].message.endswith("the 50 persons over can never deploy, since "
                                                  "infantry comes in whole units, and sit "
                                                  "idle in phase late")


def test_units_are_counted_only_where_a_task_the_contributor_may_serve_needs_them(doc):
    # police in teams of 5: AAA's 5 and BBB's 20 are whole. mentor needs police in late only,
    # so DDD's 3 in early never have a task; its 12 in late leave 2 over.
    teams = override(doc, "capability.police.unit_size", 5)
    teams = override(teams, "contributor.DDD.available_by_phase",
                     {"early": {"police": 3}, "late": {"police": 10}})
    assert warnings_of(teams) == []
    over = override(teams, "contributor.DDD.available_by_phase.late.police", 12)
    warning = only(warnings_of(over))
    assert (warning.code, warning.path) == ("pool-remainder",
                                            "contributor.DDD.available_by_phase.late.police")
    assert warning.message == (
        "the pool of 12 police holds 2 units of 5; the 2 persons over can never deploy, "
        "since police comes in whole units, and sit idle in phase late")
    # CCC is caveated out of mentor (west, capacity-building): its police are not counted
    assert warnings_of(override(teams, "contributor.CCC.available.police", 3)) == []


def test_a_contributor_available_only_when_no_task_needs_it(doc):
    # DDD has police only in phase early; mentor needs police only in late
    late = override(doc, "contributor.DDD.available_by_phase", {"early": {"police": 5}})
    warning = only(warnings_of(late))
    assert (warning.code, warning.path) == ("contributor-serves-nothing",
                                            "contributor.DDD.available_by_phase")
    assert warning.message == ("has police available only in phases in which no task needs "
                               "them (mentor needs them in other phases), so it can serve no "
                               "task")
    assert warnings_of(override(late, "contributor.DDD.available_by_phase.late",
                                {"police": 5})) == []


def test_a_task_scaled_to_nobody(doc):
    bad = override(doc, "task.mentor.phase_scale", {"late": 0.0})
    warning = only(warnings_of(bad, "task-needs-nobody"))
    assert (warning.path, warning.message) == (
        "task.mentor.phase_scale", "its phase_scale is 0 in every phase it runs in, so it "
        "requires nobody")
    # scaled to 0 in one phase of two, patrol still needs someone
    assert warnings_of(override(doc, "task.patrol.phase_scale", {"early": 0.0})) == []


def test_a_phase_scale_for_a_phase_the_task_does_not_run_in(doc):
    bad = override(doc, "task.mentor.phase_scale", {"early": 2.0, "late": 1.5})
    warning = only(warnings_of(bad))
    assert (warning.code, warning.path, warning.value) == (
        "unused-phase-scale", "task.mentor.phase_scale.early", "2.0")
    assert warning.message == ("the task does not run in phase 'early', so this scale "
                               "changes nothing")
    assert warning.hint == "the task runs in late; add 'early' to its phases, or delete the scale"


def test_a_threat_level_on_a_theatre_without_enforcement(doc):
    bad = override(doc, "theatre.east.threat", "high")
    warning = only(warnings_of(bad))
    assert (warning.code, warning.path, warning.value) == (
        "threat-scales-nothing", "theatre.east.threat", "'high'")
    assert warning.message == (
        "no task in this theatre has a function threat.functions lists (enforcement), so the "
        "threat level 'high' (× 10) scales nothing")
    assert warning.hint == ("its tasks' function is supervision: add to threat.functions the "
                            "one whose needs the level should scale, or delete the level")
    # the level scales patrol once supervision is a function it scales
    assert warnings_of(override(bad, "threat.functions", ["enforcement", "supervision"])) == []
    # a misspelt function
    typo = override(bad, "threat.functions", ["supervison"])
    assert only(warnings_of(typo)).hint == \
        "threat.functions has 'supervison': did you mean 'supervision'?"
    # a level of 1 scales nothing anyway: the planner's reading of the theatre
    assert warnings_of(override(doc, "theatre.east.threat", "low")) == []
    assert warnings_of(override(bad, "threat.multipliers", {"high": 1.0})) == []


def test_a_threat_level_on_a_theatre_without_tasks(doc):
    bad = override(doc, "theatre.south", {"population": 10, "threat": "medium"})
    warning = only(warnings_of(bad))
    assert (warning.code, warning.path) == ("threat-scales-nothing", "theatre.south.threat")
    assert warning.message == ("no task is in this theatre, so the threat level 'medium' "
                               "(× 3.16) scales nothing")


def trainers(doc: dict[str, Any], trainees: int) -> dict[str, Any]:
    """``doc`` with patrol's infantry sized by throughput: ``trainees`` over its 18 months
    (early 6, late 12) at one trainee per instructor-month."""
    return override(doc, "task.patrol.need.infantry",
                    {"trainees": trainees, "trainees_per_instructor_month": 1})


def test_a_throughput_counting_months_scaled_to_nobody(doc):
    # 1,800 ÷ 18 = 100 trainers in each phase; with early scaled to 0, late still has 100,
    # where training the 1,800 in late's 12 months alone takes 150
    bad = override(trainers(doc, 1800), "task.patrol.phase_scale", {"early": 0.0})
    warning = only(warnings_of(bad))
    assert (warning.code, warning.path, warning.value) == (
        "throughput-diluted", "task.patrol.need.infantry.trainees", "1800.0")
    assert warning.message == (
        "1,800 trainees are spread over all 18 months of the task, 6 of them in phase early "
        "where its phase_scale is 0, so nobody trains then: it requires 100 persons of "
        "infantry in phase late, 150 if the task ran only in that phase")
    assert warning.hint == ('to train them in phase late alone, run the task only there '
                            '(phases = ["late"]) and drop its scale of 0 for phase early')
    # the task run in late alone asks for the 150, and is not warned
    alone = override(override(bad, "task.patrol.phases", ["late"]), "task.patrol.phase_scale",
                     DELETE)
    assert warnings_of(alone) == []


def test_a_throughput_counting_months_scaled_to_nobody_by_phase(doc):
    # three phases of 6, 6 and 12 months: 2,400 ÷ 24 = 100, halved in mid; in mid and late
    # alone, 2,400 ÷ 18 = 133.3…, so 67 and 134
    three = override(doc, "phase", {"early": {"months": 6}, "mid": {"months": 6},
                                    "late": {"months": 12}})
    bad = override(trainers(three, 2400), "task.patrol.phase_scale", {"early": 0, "mid": 0.5})
    assert only(warnings_of(bad)).message.endswith(
        "it requires 50 persons of infantry in phase mid, 100 in phase late; 67 and 134 if the "
        "task ran only in those phases")


def test_throughputs_the_zero_scales_do_not_change_are_not_warned(doc):
    assert warnings_of(trainers(doc, 1800)) == []  # no phase scaled to 0
    # 1 trainee needs one trainer over 18 months or over 12
    assert warnings_of(override(trainers(doc, 1), "task.patrol.phase_scale",
                                {"early": 0.0})) == []
    # scaled to 0 in every phase, the task needs nobody: task-needs-nobody says so
    nobody = override(trainers(doc, 1800), "task.patrol.phase_scale",
                      {"early": 0.0, "late": 0.0})
    assert only(warnings_of(nobody, "task-needs-nobody")).path == "task.patrol.phase_scale"
    assert warnings_of(nobody, "throughput-diluted") == []


def test_a_group_without_bounds(doc):
    warning = only(warnings_of(override(doc, "group.g", {"members": ["AAA"]})))
    assert (warning.code, warning.path) == ("group-unbounded", "group.g")
    assert warning.message == "the group has neither min_share nor max_share, so it bounds nothing"
    for bound in ("min_share", "max_share"):
        assert warnings_of(override(doc, "group.g", {"members": ["AAA"], bound: 0.2})) == []


@pytest.mark.parametrize(("bounds", "path", "message"), [
    ({"max_share": 1.0}, "group.g.max_share",
     "max_share is 1, which caps nothing, and the group has no min_share, so it bounds nothing"),
    ({"min_share": 0.0}, "group.g.min_share",
     "min_share is 0, which is no floor, and the group has no max_share, so it bounds nothing"),
    ({"min_share": 0.0, "max_share": 1.0}, "group.g",
     "min_share is 0 and max_share is 1, which bound nothing, so the group bounds nothing"),
], ids=["cap-of-1", "floor-of-0", "both"])
def test_a_group_whose_only_bounds_bound_nothing(doc, bounds, path, message):
    warning = only(warnings_of(override(doc, "group.g", {"members": ["AAA"], **bounds})))
    assert (warning.code, warning.path, warning.message) == ("group-unbounded", path, message)
    assert warning.hint == ("give min_share above 0 (a floor on its members' share of each "
                            "phase) or max_share below 1 (a cap), or remove the group")


@pytest.mark.parametrize("bounds", [{"min_share": 0.0, "max_share": 0.9},
                                    {"min_share": 0.1, "max_share": 1.0}])
def test_a_trivial_bound_beside_a_real_one_is_not_warned(doc, bounds):
    assert warnings_of(override(doc, "group.g", {"members": ["AAA"], **bounds})) == []


def test_a_group_floor_its_members_cannot_meet(doc):
    # BBB may serve only mentor (late); CCC serves patrol. A floor on {BBB} cannot be met
    # in early, when only patrol runs.
    bad = override(doc, "group.g", {"members": ["BBB"], "min_share": 0.1})
    warning = only(warnings_of(bad))
    assert (warning.code, warning.path, warning.value) == (
        "group-floor-unreachable", "group.g.min_share", "0.1")
    assert warning.message == ("its members can serve no task in phase early, so the floor "
                               "holds there only if nobody is deployed: every requirement "
                               "there stays short")
    # members that serve nothing at all: every phase
    idle = override(bad, "contributor.DDD", {"available": {"police": 0}})
    idle = override(idle, "group.g.members", ["DDD"])
    found = warnings_of(idle, "group-floor-unreachable")
    assert "can serve no task in any phase" in only(found).message
    # a floor its members can meet in every phase
    assert warnings_of(override(bad, "group.g.members", ["AAA"])) == []


# --------------------------------------------------------------------------- robustness

def test_warning_checks_tolerate_broken_references(doc):
    """On a shape-valid mandate with broken references (errors), no warning check fails."""
    bad = override(doc, "task.patrol.theatre", "nowhere")
    bad = override(bad, "task.mentor.phases", ["never"])
    bad = override(bad, "task.mentor.need.ghost", {"fixed": 1})
    bad = override(bad, "contributor.AAA.available.ghost", 3)
    bad = override(bad, "objective.financing", "common-fund")
    bad = override(bad, "contributor.BBB.standing.ghost", 30)
    bad = override(bad, "contributor.BBB.available_by_phase", {"never": {"ghost": 3}})
    bad = override(bad, "contributor.CCC.pledge_by_phase", {"never": 1.0})
    bad = override(bad, "task.patrol.phase_scale", {"never": 2.0})
    bad = override(bad, "group.g", {"members": ["nobody"], "min_share": 0.5})
    bad = override(bad, "group.h", {"members": ["AAA"], "max_share": 1.0})
    bad = override(bad, "capability.police.unit_size", 3)
    bad = override(bad, "contributor.BBB.unit_size", {"ghost": 5, "infantry": 7})
    bad = override(bad, "theatre.west.threat", "high")
    bad = override(bad, "task.mentor.need.police", {"trainees": 30,
                                                     "trainees_per_instructor_month": 1})
    issues = run_checks(Mandate.model_validate(bad))
    assert {i.code for i in issues if i.severity == "error"} == {
        "unknown-theatre", "unknown-phase", "unknown-capability", "unknown-contributor"}


# --------------------------------------------------------------------------- bundled

BUNDLED = sorted(MANDATES_DIR.glob("*.toml")) + sorted(MANDATES_DIR.glob("variants/*.toml"))

BUNDLED_WARNINGS: dict[str, list[tuple[str, str]]] = {
    # The point of the variant: Israel's veto closes every task to Turkey, and the
    # warning says so.
    "variants/turkey-unacceptable-to-israel.toml": [
        ("contributor-serves-nothing", "contributor.TUR.acceptable_to")],
}


@pytest.mark.parametrize("path", BUNDLED, ids=[p.relative_to(MANDATES_DIR).as_posix()
                                               for p in BUNDLED])
def test_bundled_mandates_raise_only_justified_warnings(path: Path):
    found = [(w.code, w.path) for w in load_mandate(path).warnings]
    assert found == BUNDLED_WARNINGS.get(path.relative_to(MANDATES_DIR).as_posix(), [])


def test_the_justified_warning_points_at_the_variant_line():
    path = MANDATES_DIR / "variants" / "turkey-unacceptable-to-israel.toml"
    warning = only(load_mandate(path).warnings)
    assert warning.file == str(path)
    assert warning.line == path.read_text(encoding="utf-8").splitlines().index(
        "acceptable_to = [\"palestinian-authority\", \"hamas\"]") + 1



# --------------------------------------------------------------------------- multinational


def test_a_multinational_task_its_meaningful_contributions_cannot_fit(doc):
    # patrol needs 100 infantry; 2 contributors of at least 60 each need 120.
    doc = override(doc, "task.patrol.min_contributors", 2)
    warning = only(warnings_of(override(doc, "task.patrol.meaningful_contribution", 60)))
    assert (warning.code, warning.path) == ("multinational-unreachable",
                                           "task.patrol.meaningful_contribution")
    assert warning.message == (
        "2 contributors of at least 60 persons each need 120, more than the 100 the task can "
        "take in phase early (its requirements, over-covered by less than one unit), so it is "
        "never staffed in phase early, late")
    assert warnings_of(override(doc, "task.patrol.meaningful_contribution", 50)) == []


def test_the_default_meaningful_contribution_can_exclude_a_second_contributor(doc):
    # Battalions of 100 for a need of 100: the default threshold is one battalion, and two
    # battalions over-cover by 100, more than 99: the task can never be multinational.
    doc = override(doc, "task.patrol.min_contributors", 2)
    doc = override(doc, "capability.infantry.unit_size", 100)
    doc = override(doc, "contributor.AAA.available.infantry", 200)
    found = warnings_of(doc, "multinational-unreachable")
    assert [w.path for w in found] == ["task.patrol.min_contributors"]
    assert "2 contributors of at least 100 persons each need 200, more than the 199" in \
        found[0].message


def test_a_pool_smaller_than_its_minimum_slice():
    # 12 needed in slices of 5: B's 4 can go nowhere; A's 10 can.
    doc = task(base(), fixed=12)
    doc["capability"]["inf"]["min_slice"] = 5
    contributor(doc, "A", 10)
    contributor(doc, "B", 4)
    warning = only(warnings_of(doc))
    assert (warning.code, warning.path, warning.value) == (
        "pool-below-slice", "contributor.B.available.inf", "4")
    assert warning.message == (
        "the pool of 4 inf is less than 5, the fewest it may send to a task there (its minimum "
        "slice, capability.inf.min_slice, or a whole need if smaller), so it sends no inf in "
        "phase one: 4 persons sit idle")
    assert warning.hint == "raise the pool to at least 5, lower the minimum slice, or remove " \
        "the pool"
    # given as a standing pool (12 ÷ 3 = 4), the hint says how many standing deploy 5
    standing = {**doc, "contributor": {**doc["contributor"], "B": {"standing": {"inf": 12}}}}
    assert only(warnings_of(standing)).hint.startswith(
        "a standing pool of at least 15 deploys 5, ")
    # a need of 3, which B covers alone, takes B's 4 (least 3): no warning
    doc["task"]["t"]["need"]["inf"]["fixed"] = 3
    assert warnings_of(doc, "pool-below-slice") == []
