"""Financing schemes, hand-checked on both solvers: a hand-over from a coalition paid
nationally to an assessed mission with reimbursement, an MFO-style split in fixed thirds
with troop contributors paying their own, a mixed scheme with common costs, a donor fund
with fixed payments, and caps on what payers pay.

Every figure asserted below is worked out in the comments from the mandate alone; the
independent checker re-verifies each plan as it is built (``plan_mandate``).
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from forcesize.errors import InfeasibleError
from forcesize.mandate import validate
from forcesize.pipeline import explain_mandate

from ..solving import SOLVERS, plan_of

REIMBURSED = 1_428.0
"""UN personnel reimbursement per person-month from 1 July 2018 (docs/sources.md, 3.1)."""


def _handover() -> dict[str, Any]:
    """INTERFET → UNTAET in miniature. ``coalition`` (4 months) is paid nationally; ``mission``
    (12 months) by an assessed scale, troops and police reimbursed at 1,428 a person-month,
    civilians (UN staff) paid by the mission at cost."""
    return {
        "mission": {"name": "hand-over", "parties": ["host"]},
        "objective": {"financing": "national"},
        "phase": {"coalition": {"months": 4},
                  "mission": {"months": 12, "financing": "un"}},
        "theatre": {"x": {"population": 800_000}},
        "capability": {
            "inf": {"component": "military", "cost_per_month": 10_000.0},
            "pol": {"component": "police", "cost_per_month": 8_000.0},
            "civ": {"component": "civilian", "cost_per_month": 12_000.0},
        },
        "task": {
            "secure": {"function": "enforcement", "theatre": "x", "need": {"inf": {"fixed": 1000}}},
            "police": {"function": "supervision", "theatre": "x", "phases": ["mission"],
                       "need": {"pol": {"fixed": 100}}},
            "admin": {"function": "capacity", "theatre": "x", "phases": ["mission"],
                      "priority": "desirable", "need": {"civ": {"fixed": 50}}},
        },
        "contributor": {
            "AUS": {"available": {"inf": 700}, "cost_per_month": {"inf": 12_000.0}},
            "THA": {"available": {"inf": 300}, "cost_per_month": {"inf": 3_000.0}},
            "BGD": {"available_by_phase": {"mission": {"inf": 800, "pol": 100}},
                    "cost_per_month": {"inf": 2_000.0, "pol": 2_500.0}},
            "UNS": {"name": "UN Secretariat", "available": {"civ": 50}},
        },
        "payer": {"USA": {"weight": 0.25}, "JPN": {}, "others": {"name": "the rest"}},
        "financing": {"un": {"kind": "assessed", "name": "UN assessed budget",
                             "scale": {"USA": 0.25, "JPN": 0.15, "AUS": 0.05, "others": 0.55},
                             "reimbursement": {"military": REIMBURSED,
                                               "police": REIMBURSED}}},
    }


def _net(plan, phase: str | None = None) -> dict[str, float]:
    return {r.payer: r.net for r in plan.burden if r.phase == phase}


@pytest.mark.parametrize("solver", SOLVERS)
def test_a_hand_over_from_a_national_coalition_to_an_assessed_mission(solver):
    plan = plan_of(_handover(), solver)
    persons = {(a.contributor, a.task, a.phase): a.personnel for a in plan.allocations}
    # coalition: all 1,000 infantry there are (AUS 700, THA 300); mission: the cheapest
    # infantry, BGD 800 at 2,000 and THA 200 at 3,000, before AUS at 12,000
    assert persons == {("AUS", "secure", "coalition"): 700, ("THA", "secure", "coalition"): 300,
                       ("BGD", "secure", "mission"): 800, ("THA", "secure", "mission"): 200,
                       ("BGD", "police", "mission"): 100, ("UNS", "admin", "mission"): 50}
    # the UN pays 1,428 × 12 = 17,136 a soldier or police officer, and UNS's staff at cost:
    # 1,000 × 17,136 + 100 × 17,136 + 50 × 12,000 × 12 = 18,849,600 + 7,200,000
    (un,) = plan.schemes
    assert (un.scheme, un.kind, un.phases) == ("un", "assessed", ["mission"])
    assert un.spends == 26_049_600.0 and un.apportioned == 26_049_600.0 and un.unspent == 0
    # net burden = own cost − reimbursed + assessed share
    assert _net(plan, "coalition") == {"AUS": 33_600_000.0, "BGD": 0.0, "JPN": 0.0,
                                       "THA": 3_600_000.0, "UNS": 0.0, "USA": 0.0,
                                       "others": 0.0}
    assert _net(plan, "mission") == {
        "AUS": 1_302_480.0,                 # 0.05 × 26,049,600
        "BGD": 6_777_600.0,                 # own 19.2 m + 3.0 m, less 900 × 17,136
        "JPN": 3_907_440.0,                 # 0.15 × 26,049,600
        "THA": 3_772_800.0,                 # own 7.2 m, less 200 × 17,136
        "UNS": 0.0,                         # its staff's cost, all paid by the UN
        "USA": 6_512_400.0, "others": 14_327_280.0}
    horizon = {r.payer: r for r in plan.burden if r.phase is None}
    assert horizon["AUS"].net == 34_902_480.0
    assert horizon["BGD"].reimbursed == 15_422_400.0 and horizon["BGD"].net == 6_777_600.0
    # transfers cancel: the net burdens add up to the plan's total cost
    assert sum(r.net for r in horizon.values()) == pytest.approx(plan.total_cost, abs=0.05)
    assert plan.total_cost == 73_800_000.0
    assert horizon["USA"].weight == 0.25
    assert horizon["USA"].weight_gap == pytest.approx(6_512_400 / 73_800_000 - 0.25, abs=1e-6)
    assert {f.contributor: f.pays for f in plan.financing} == {
        c: horizon[c].net for c in ("AUS", "BGD", "THA", "UNS")}
    assert [p.financed_by for p in plan.phases] == ["national", "un"]


@pytest.mark.parametrize("solver", SOLVERS)
def test_a_payers_cap_on_its_assessed_share_keeps_the_desirable_civilians_short(solver):
    doc = _handover()
    doc["payer"]["USA"]["max_payment"] = 6_000_000.0
    plan = plan_of(doc, solver)
    # 0.25 · M ≤ 6 m: M ≤ 24 m, 2,049,600 less than above. Essential needs come first; a
    # civilian costs the UN 144,000, so ⌈2,049,600 / 144,000⌉ = 15 stay home
    (row,) = [r for r in plan.requirements if r.task == "admin"]
    assert row.shortfall == 15 and plan.shortfall_person_months["desirable"] == 180
    assert plan.schemes[0].spends == 26_049_600.0 - 15 * 144_000.0
    assert _net(plan)["USA"] == 0.25 * (26_049_600.0 - 15 * 144_000.0)


def test_explain_names_the_payers_cap_that_keeps_a_need_short():
    doc = _handover()
    doc["payer"]["USA"]["max_payment"] = 6_000_000.0
    _plan, ex = explain_mandate(validate(copy.deepcopy(doc)))
    assert any(x.kind == "payment_cap" and x.path == "payer.USA.max_payment"
               for x in ex.limits), ex.limits
    (why,) = [s for s in ex.shortfalls if s.task == "admin"]
    assert {b.reason for b in why.blockers} == {"payment_cap"}
    assert "USA's cap on payments has 27,600 USD left of 6.0 m USD" in why.blockers[0].text
    assert "USA would pay 36,000 USD of it" in why.blockers[0].text  # 0.25 × 144,000
    priced = [m for m in ex.marginals if m.kind == "payment_cap"]
    assert priced and priced[0].check == "confirmed"


def _mfo() -> dict[str, Any]:
    """MFO Sinai in miniature: Egypt, Israel and the United States pay the MFO's budget in
    thirds, Japan gives a fixed 1.2 m; the MFO pays the US battalion and its own civilian
    observers; Fiji and Colombia pay their own battalions."""
    third = 1 / 3
    return {
        "mission": {"name": "mfo", "parties": ["egypt", "israel"]},
        "objective": {"financing": "mfo"},
        "phase": {"year": {"months": 12}},
        "theatre": {"sinai": {"population": 100_000}},
        "capability": {"inf": {"component": "military", "cost_per_month": 10_000.0},
                       "obs": {"component": "civilian", "cost_per_month": 15_000.0}},
        "task": {"observe": {"function": "supervision", "theatre": "sinai",
                             "need": {"inf": {"fixed": 1200}, "obs": {"fixed": 20}}}},
        "contributor": {
            "USA": {"available": {"inf": 400}},
            "FJI": {"available": {"inf": 400}, "cost_per_month": {"inf": 3_000.0}},
            "COL": {"available": {"inf": 400}, "cost_per_month": {"inf": 3_500.0}},
            "MFO": {"name": "MFO civilian staff", "available": {"obs": 20}},
        },
        "payer": {"EGY": {}, "ISR": {}, "JPN": {}},
        "financing": {"mfo": {"kind": "fixed-shares",
                              "scale": {"EGY": third, "ISR": third, "USA": third},
                              "payments": {"JPN": 1_200_000.0},
                              "own_costs": ["FJI", "COL"]}},
    }


@pytest.mark.parametrize("solver", SOLVERS)
def test_an_mfo_split_in_fixed_thirds_with_troop_contributors_paying_their_own(solver):
    plan = plan_of(_mfo(), solver)
    # the MFO pays the US battalion (400 × 10,000 × 12 = 48 m) and its observers (20 ×
    # 15,000 × 12 = 3.6 m): 51.6 m, of which Japan's 1.2 m is fixed; the parties each pay a
    # third of the other 50.4 m
    (mfo,) = plan.schemes
    assert (mfo.spends, mfo.fixed_payments, mfo.apportioned) == (51_600_000.0, 1_200_000.0,
                                                                 50_400_000.0)
    net = _net(plan)
    assert net == {"COL": 16_800_000.0, "EGY": 16_800_000.0, "FJI": 14_400_000.0,
                   "ISR": 16_800_000.0, "JPN": 1_200_000.0, "MFO": 0.0, "USA": 16_800_000.0}
    usa = next(r for r in plan.burden if r.payer == "USA" and r.phase is None)
    assert (usa.own_cost, usa.reimbursed, usa.contributed) == (48_000_000.0, 48_000_000.0,
                                                               16_800_000.0)


@pytest.mark.parametrize("solver", SOLVERS)
def test_fixed_payments_beyond_what_a_scheme_spends_are_unspent(solver):
    doc = _mfo()
    doc["financing"]["mfo"]["payments"] = {"JPN": 60_000_000.0}
    plan = plan_of(doc, solver)
    (mfo,) = plan.schemes
    assert (mfo.spends, mfo.apportioned, mfo.unspent) == (51_600_000.0, 0.0, 8_400_000.0)
    net = _net(plan)
    assert net["JPN"] == 60_000_000.0 and net["EGY"] == 0.0 and net["USA"] == 0.0
    # the net burdens are the total cost plus what is left unspent
    assert sum(net.values()) == pytest.approx(plan.total_cost + 8_400_000.0, abs=0.05)


@pytest.mark.parametrize("solver", SOLVERS)
def test_a_mixed_scheme_pays_its_common_costs_and_the_rest_lie_where_they_fall(solver):
    """EU-style: the headquarters (``hq``) through a common mechanism by a GNI key, every
    battalion at its own nation's cost."""
    doc = _mfo()
    doc["objective"]["financing"] = "athena"
    doc["capability"]["hq"] = {"component": "military", "cost_per_month": 20_000.0}
    doc["task"]["observe"]["need"]["hq"] = {"fixed": 10}
    doc["contributor"]["FJI"]["available"]["hq"] = 10
    doc["financing"] = {"athena": {"kind": "mixed", "common_costs": ["hq"],
                                   "scale": {"USA": 0.5, "FJI": 0.2, "COL": 0.3}}}
    plan = plan_of(doc, solver)
    # common costs: FJI's 10 staff at 20,000 × 12 = 2.4 m, shared 1.2 / 0.48 / 0.72 m
    (athena,) = plan.schemes
    assert athena.spends == 2_400_000.0
    net = _net(plan)
    assert net["USA"] == 48_000_000.0 + 1_200_000.0
    assert net["FJI"] == 14_400_000.0 + 480_000.0  # its own staff reimbursed, its share paid
    assert net["COL"] == 16_800_000.0 + 720_000.0
    assert net["MFO"] == 3_600_000.0  # observers are not common costs here
    assert net["EGY"] == 0.0


@pytest.mark.parametrize("solver", SOLVERS)
def test_a_donor_fund_for_one_phase_caps_what_that_phase_can_buy(solver):
    """A trust fund (pledges 30 m, drawn pro rata) pays for the mission phase only."""
    doc = _handover()
    doc["financing"] = {"fund": {"kind": "common-fund",
                                 "pledges": {"JPN": 20_000_000.0, "USA": 10_000_000.0}}}
    doc["phase"]["mission"]["financing"] = "fund"
    plan = plan_of(doc, solver)
    # at cost the mission phase costs 19.2 + 7.2 + 3.0 + 7.2 = 36.6 m; the fund holds 30 m.
    # Essential needs cost 29.4 m; 0.6 m is left for 50 civilians at 144,000: 4 of them
    (row,) = [r for r in plan.requirements if r.task == "admin"]
    assert row.filled == 4
    (fund,) = plan.schemes
    assert fund.spends == 29_400_000.0 + 4 * 144_000.0 and fund.capacity == 30_000_000.0
    net = _net(plan)
    assert net["JPN"] == pytest.approx(fund.spends * 2 / 3, abs=0.01)
    assert net["USA"] == pytest.approx(fund.spends / 3, abs=0.01)


def test_fixed_payments_beyond_a_payers_cap_leave_no_plan_and_name_the_cap():
    doc = _mfo()
    doc["payer"]["JPN"]["max_payment"] = 1_000_000.0  # its fixed payment is 1.2 m
    with pytest.raises(InfeasibleError) as info:
        plan_of(doc)
    assert "a cap on payments cannot be met" in str(info.value)
    assert any("payer.JPN.max_payment" in line for c in info.value.conflicts for line in c)


@pytest.mark.parametrize("solver", SOLVERS)
def test_a_cap_on_a_net_burden_keeps_a_contributor_within_it(solver):
    """FJI pays for its own battalion (``own_costs``) at 3,000 a person-month; with its net
    burden capped at 10.8 m it can field 300 of its 400 (10.8 m ÷ 36,000 a person-year),
    and nobody else has infantry to spare."""
    doc = _mfo()
    doc["contributor"]["FJI"]["max_net_burden"] = 10_800_000.0
    plan = plan_of(doc, solver)
    assert sum(a.personnel for a in plan.allocations if a.contributor == "FJI") == 300
    assert _net(plan)["FJI"] == 10_800_000.0
    (row,) = [r for r in plan.requirements if r.capability == "inf"]
    assert row.shortfall == 100


def test_explain_quotes_what_one_more_person_costs_a_scheme_at_its_budget():
    doc = _handover()
    doc["financing"]["un"]["budget"] = 24_000_000.0  # 2,049,600 short of 26,049,600: 15 civ
    _plan, ex = explain_mandate(validate(copy.deepcopy(doc)))
    (limit,) = ex.limits
    assert (limit.kind, limit.path) == ("budget", "financing.un.budget")
    (why,) = [s for s in ex.shortfalls if s.task == "admin"]
    assert why.shortfall == 15
    assert why.blockers[0].text.endswith("one civ for mission costs 144,000 USD, of which un "
                                         "would pay 144,000 USD")
