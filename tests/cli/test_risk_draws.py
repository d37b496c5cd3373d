"""``forcesize risk --draws`` (issue 16, items 1–2): draws from the mandate's
``[uncertainty]``, the plan each leaves (recourse none, reallocate, replan), and the
probabilities over the draws. The probabilities are checked against an exact enumeration
of every fate on a small mandate, written here apart from ``mandate/draws.py``."""

from __future__ import annotations

import csv
import io
import itertools
import json
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from forcesize.errors import InfeasibleError, SolverError, TimeLimitError
from forcesize.mandate import Derived, validate
from forcesize.mandate.draws import Fate, draw_edits, fates_of, scaled, uniform
from forcesize.mandate.overrides import with_values
from forcesize.pipeline import plan_mandate, risk_draws

from ..helpers import invoke, override, valid_mandate, write_toml
from ..solve.test_properties import mandates

ODDS = {"AAA": (0.7, 0.2), "BBB": (0.8, 0.25), "CCC": (0.6, 0.0)}
"""(arrives, slips) of each contributor of :func:`doc`."""
TOGETHER = 0.5
"""The chance that AAA and CCC (the group ``pair``) share one fate in a draw."""


@pytest.fixture
def doc():
    d = override(valid_mandate(), "group.pair", {"members": ["AAA", "CCC"]})
    d = override(d, "objective.max_share", 1.0)
    return override(d, "uncertainty", {
        "contributor": {cid: {"arrives": a, "slips": s} for cid, (a, s) in ODDS.items()},
        "group": {"pair": {"correlation": TOGETHER}}})


def _outcomes() -> list[tuple[float, dict[str, tuple[bool, bool]]]]:
    """Every joint fate of AAA, BBB and CCC, as (probability, {id: (arrived, slipped)}).
    Sharing one fate means one arrival number and one slip number for the pair, so AAA
    (0.7) arrives whenever CCC (0.6) does."""
    out = []
    a_arr, a_slip = ODDS["AAA"]
    c_arr, _ = ODDS["CCC"]
    b_arr, b_slip = ODDS["BBB"]
    b_fates = [(b_arr * (1 - b_slip), (True, False)), (b_arr * b_slip, (True, True)),
               (1 - b_arr, (False, False))]
    shared = [(c_arr, True, True), (a_arr - c_arr, True, False), (1 - a_arr, False, False)]
    pair = []
    for p, a_in, c_in in shared:  # one number for both: AAA's slip decides for it alone
        for q, slip in ((a_slip, True), (1 - a_slip, False)):
            pair.append((TOGETHER * p * q, {"AAA": (a_in, a_in and slip),
                                           "CCC": (c_in, False)}))
    for a_in, a_s, c_in in itertools.product((True, False), (True, False), (True, False)):
        if a_s and not a_in:
            continue
        p = (a_arr if a_in else 1 - a_arr) * ((a_slip if a_s else 1 - a_slip) if a_in else 1)
        p *= c_arr if c_in else 1 - c_arr
        pair.append(((1 - TOGETHER) * p, {"AAA": (a_in, a_s), "CCC": (c_in, False)}))
    for (p, fates), (q, b) in itertools.product(pair, b_fates):
        out.append((p * q, {**fates, "BBB": b}))
    return out


def _by_hand(doc: dict, fates: dict[str, tuple[bool, bool]]) -> dict:
    """The mandate a joint fate leaves, written out for this mandate (every contributor
    has forces in both phases; none has units or commitments; the pair has no floor)."""
    edits: dict = {}
    for cid, (arrived, slipped) in fates.items():
        if not arrived:
            edits[f"contributor.{cid}.available"] = {}
        elif slipped:
            edits[f"contributor.{cid}.phases"] = ["late"]
    return with_values(doc, edits)


def _staffed(plan_requirements, key: str) -> bool:
    return all(r.shortfall == 0 for r in plan_requirements if f"{r.task}@{r.phase}" == key)


def test_the_enumeration_sums_to_one():
    assert sum(p for p, _ in _outcomes()) == pytest.approx(1.0)


def test_replan_probabilities_agree_with_an_exact_enumeration(doc, tmp_path):
    result = risk_draws(write_toml(tmp_path, doc), 2000, seed=7, recourse="replan")
    assert result.draws == 2000 and not result.failed
    exact: dict[str, float] = {}
    expected_essential = 0.0
    for p, fates in _outcomes():
        plan = plan_mandate(validate(_by_hand(doc, fates)))
        for t in result.tasks:
            key = f"{t.task}@{t.phase}"
            exact[key] = exact.get(key, 0.0) + p * _staffed(plan.requirements, key)
        expected_essential += p * plan.shortfall_person_months["essential"]
    assert {f"{t.task}@{t.phase}" for t in result.tasks} == set(exact)
    for t in result.tasks:
        assert t.low <= exact[f"{t.task}@{t.phase}"] <= t.high, (t, exact)
        assert 0 < t.probability < 1  # the mandate is built so that every task may fail
    essential = next(s for s in result.shortfall if s.priority == "essential")
    assert essential.mean == pytest.approx(expected_essential, rel=0.1)
    assert result.distinct < 20 and result.solves <= result.distinct + 1  # solved once each


def test_recourse_none_agrees_with_an_exact_enumeration(doc, tmp_path):
    result = risk_draws(write_toml(tmp_path, doc), 2000, seed=11, recourse="none")
    assert result.solves == 1
    base = plan_mandate(validate(doc))
    exact: dict[str, float] = {}
    for p, fates in _outcomes():
        filled: dict[tuple[str, str, str], int] = {}
        for a in base.allocations:
            arrived, slipped = fates[a.contributor]
            if arrived and not (slipped and a.phase == "early"):
                key = (a.task, a.capability, a.phase)
                filled[key] = filled.get(key, 0) + a.personnel
        for key in {f"{r.task}@{r.phase}" for r in base.requirements}:
            short = any(q.required > filled.get((q.task, q.capability, q.phase), 0)
                        for q in base.requirements if f"{q.task}@{q.phase}" == key)
            exact[key] = exact.get(key, 0.0) + (0.0 if short else p)
    for t in result.tasks:
        assert t.low <= exact[f"{t.task}@{t.phase}"] <= t.high, (t, exact)


def test_recourses_are_ordered_draw_by_draw(doc, tmp_path):
    """Replanning can only do better than keeping the arrived contingents in place, which
    can only do better than doing nothing (the essential shortfall, draw by draw)."""
    path = write_toml(tmp_path, doc)
    runs = {r: risk_draws(path, 300, seed=3, recourse=r) for r in ("none", "reallocate",
                                                                    "replan")}
    for none, realloc, replan in zip(*(runs[r].rows for r in ("none", "reallocate", "replan")),
                                     strict=True):
        assert none.lost == realloc.lost == replan.lost
        e = [row.outcome.shortfall_person_months["essential"] for row in (none, realloc, replan)]
        assert e[0] >= e[1] - 1e-6
        if realloc.outcome.refilled:
            assert e[1] >= e[2] - 1e-6
    assert any(r.outcome.refilled for r in runs["reallocate"].rows)


def test_a_draw_the_plan_still_fits_is_not_re_solved_and_keeps_the_optimum(doc, tmp_path):
    # DDD is never used (acceptable to north only, infantry only): its fate changes nothing
    doc = override(doc, "contributor.DDD", {"available": {"infantry": 30},
                                            "acceptable_to": ["north"]})
    for cid in ODDS:
        doc = override(doc, f"uncertainty.contributor.{cid}", {"arrives": 1.0, "slips": 0.0})
    doc = override(doc, "uncertainty.contributor.DDD", {"arrives": 0.5})
    result = risk_draws(write_toml(tmp_path, doc), 50, seed=1, recourse="replan")
    assert result.distinct == 2 and result.solves == 1
    assert all(row.outcome.status == "kept" for row in result.rows)
    m = validate(doc).mandate
    lost = next(row.draw for row in result.rows if row.lost)
    edits = draw_edits(Derived.of(m), fates_of(m, m.uncertainty, 1, lost))
    alone = plan_mandate(validate(with_values(doc, edits)))
    assert alone.shortfall_person_months == result.rows[lost - 1].outcome.shortfall_person_months


def test_same_seed_same_draws_for_any_variant(doc):
    """Common random numbers: adding a contributor leaves everyone else's fate alone."""
    m = validate(doc).mandate
    more = validate(override(doc, "contributor.EEE", {"available": {"police": 5}})).mandate
    for draw in range(1, 40):
        ours = dict(fates_of(m, m.uncertainty, 5, draw))
        theirs = dict(fates_of(more, more.uncertainty, 5, draw))
        assert {c: theirs[c] for c in ours} == ours
    assert uniform(1, 2, "a") == uniform(1, 2, "a") != uniform(1, 3, "a")


def test_a_group_that_shares_a_fate_fails_together(doc):
    doc = override(doc, "uncertainty.group.pair.correlation", 1.0)
    doc = override(doc, "uncertainty.contributor.CCC.arrives", 0.7)
    m = validate(doc).mandate
    fates = [dict(fates_of(m, m.uncertainty, 2, d)) for d in range(1, 300)]
    assert all(f["AAA"].arrived == f["CCC"].arrived for f in fates)
    assert any(not f["AAA"].arrived for f in fates) and \
        any(f["AAA"].arrived != f["BBB"].arrived for f in fates)


def test_a_draw_cuts_pools_to_whole_units_and_lifts_what_a_missing_bloc_cannot_meet():
    doc = override(valid_mandate(), "contributor.AAA.unit_size", {"infantry": 20})
    doc = override(doc, "contributor.AAA.min_personnel", 20)
    doc = override(doc, "group.pair", {"members": ["AAA", "CCC"], "min_share": 0.3})
    d = Derived.of(validate(doc).mandate)
    partial = Fate(True, 0.7, False)
    edits = draw_edits(d, (("AAA", partial), ("BBB", Fate(True, 1.0, True)),
                           ("CCC", Fate(True, 1.0, False))))
    # 0.7 × 80 = 56 → 40 (two units of 20); police 0.7 × 5 = 3.5 → 3
    assert edits["contributor.AAA.available_by_phase"] == {
        "early": {"infantry": 40, "police": 3}, "late": {"infantry": 40, "police": 3}}
    assert edits["contributor.AAA.min_personnel"] == 0
    assert edits["contributor.BBB.phases"] == ["late"]  # a phase late
    assert not any(k.startswith("group.") for k in edits)
    gone = draw_edits(d, (("AAA", Fate(False, 0.0, False)), ("BBB", Fate(True, 1.0, False)),
                          ("CCC", Fate(True, 1.0, True))))
    assert gone["contributor.AAA.available"] == {}
    # CCC comes late: the pair has nobody in early, so its floor is lifted there only
    assert gone["group.pair.min_share_by_phase"] == {"early": 0}
    assert scaled(7, 0.3, None) == 2 and scaled(100, 0.29, 10) == 20
    assert validate(with_values(doc, gone))  # every draw's mandate is a valid one


def test_runs_are_byte_identical_and_parallel_changes_nothing(doc, tmp_path):
    path = write_toml(tmp_path, doc)
    args = ("risk", path, "--draws", "200", "--seed", "9", "--recourse", "replan",
            "--format", "json")
    _, first, _ = invoke(*args)
    _, again, _ = invoke(*args)
    _, parallel, _ = invoke(*args, "--jobs", "2")
    assert first == again == parallel
    data = json.loads(first)
    assert data["kind"] == "risk_draws" and data["seed"] == 9 and len(data["rows"]) == 200
    assert data["uncertainty"]["group"]["pair"]["correlation"] == TOGETHER


def test_formats_gates_and_refusals(doc, tmp_path):
    path = write_toml(tmp_path, doc)
    _, out, _ = invoke("risk", path, "--draws", "100", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {r["task"] for r in rows} == {"patrol", "mentor"} and rows[0]["draws"] == "100"
    assert float(rows[0]["low"]) <= float(rows[0]["probability"]) <= float(rows[0]["high"])
    _, md, _ = invoke("risk", path, "--draws", "100", "--format", "markdown")
    assert md.startswith("**How likely the plan is to be staffed") and "| patrol |" in md
    _, table, _ = invoke("risk", path, "--draws", "100")
    assert "100 draws, seed 1, recourse none" in " ".join(table.split())
    _, _, err = invoke("risk", path, "--draws", "100", "--fail-below", "99%", expect=1)
    _, _, err = invoke("risk", path, "--draws", "100", "--fail-below", "1%")
    _, _, err = invoke("risk", path, "--draws", "10", "--fail-below", "x", expect=2)
    assert "--fail-below" in err
    _, _, err = invoke("risk", path, "--draws", "10", "--withdraw-each", expect=2)
    assert "either --draws N or --withdraw-each" in err
    bare = write_toml(tmp_path, valid_mandate(), "bare.toml")
    _, _, err = invoke("risk", bare, "--draws", "10", expect=2)
    assert "[uncertainty]" in err and "Traceback" not in err
    wrong = write_toml(tmp_path, override(doc, "uncertainty.contributor.AAB", {}), "w.toml")
    _, _, err = invoke("risk", wrong, "--draws", "10", expect=2)
    assert "uncertainty.contributor.AAB" in err and "AAA" in err


def test_a_draw_without_a_plan_is_counted_and_exits_3(doc, tmp_path):
    # BBB commits 10 persons in late; where the pair does not come it is alone there, and a
    # 0.8 cap on any one contributor then leaves no plan
    doc = override(override(doc, "contributor.BBB.min_personnel_by_phase", {"late": 10}),
                   "objective.max_share", 0.8)
    doc = override(doc, "uncertainty.contributor.BBB", {"arrives": 1.0, "slips": 0.0})
    _, out, err = invoke("risk", write_toml(tmp_path, doc), "--draws", "200", "--recourse",
                         "replan", "--format", "json", expect=3)
    data = json.loads(out)
    assert data["failed"]["infeasible"] > 0 and "Traceback" not in err
    gone = [r for r in data["rows"] if set(r["lost"]) >= {"AAA", "CCC"}]
    assert gone and all(r["outcome"]["status"] == "infeasible" for r in gone)
    assert all(t["staffed"] <= 200 - data["failed"]["infeasible"] for t in data["tasks"])


def test_reallocate_leaves_arrived_contingents_where_they_are(tmp_path):
    """A desirable escort holds infantry that replanning moves to the essential patrol when
    a contributor of the patrol does not come; reallocating may not move it."""
    doc = override(valid_mandate(), "objective.max_share", 1.0)
    doc = override(doc, "task.escort", {"function": "supervision", "theatre": "east",
                                        "priority": "desirable",
                                        "need": {"infantry": {"fixed": 30}}})
    doc = override(doc, "contributor.CCC.available.infantry", 50)
    doc = override(doc, "uncertainty", {"contributor": {"CCC": {"arrives": 0.5}}})
    path = write_toml(tmp_path, doc)
    realloc = risk_draws(path, 40, seed=1, recourse="reallocate")
    replan = risk_draws(path, 40, seed=1, recourse="replan")
    lost = [i for i, row in enumerate(replan.rows) if row.lost]
    assert lost
    for i in lost:
        moved = replan.rows[i].outcome.shortfall_person_months
        kept = realloc.rows[i].outcome.shortfall_person_months
        assert realloc.rows[i].outcome.refilled
        assert kept["essential"] > moved["essential"] and \
            kept["desirable"] < moved["desirable"]


def test_a_removed_contributor_or_group_takes_its_odds_with_it(doc, tmp_path):
    write_toml(tmp_path, doc, "base.toml")
    variant = write_toml(tmp_path, 'extends = "base.toml"\n'
                         'remove = ["contributor.CCC", "group.pair"]\n', "variant.toml")
    _, out, _ = invoke("risk", variant, "--draws", "20", "--format", "json")
    odds = json.loads(out)["uncertainty"]
    assert set(odds["contributor"]) == {"AAA", "BBB"} and odds["group"] == {}


@given(doc=mandates(), seed=st.integers(0, 10_000),
       arrives=st.sampled_from([0.3, 0.7, 1.0]), fraction=st.sampled_from([0.5, 0.8, 1.0]),
       slips=st.sampled_from([0.0, 0.3]), together=st.sampled_from([0.0, 0.6]))
@settings(max_examples=int(os.environ.get("FORCESIZE_EXAMPLES", "25")), deadline=None,
          derandomize=bool(os.environ.get("CI")),
          suppress_health_check=[HealthCheck.too_slow])
def test_every_draw_of_a_generated_mandate_is_valid_and_recourses_are_ordered(
        doc, seed, arrives, fraction, slips, together):
    doc = override(doc, "uncertainty", {
        "arrives": arrives, "fraction": fraction, "slips": slips,
        "group": {gid: {"correlation": together} for gid in doc.get("group", {})}})
    m = validate(doc).mandate
    derived = Derived.of(m)
    for draw in range(1, 6):  # every draw's mandate is one the format accepts
        validate(with_values(doc, draw_edits(derived, fates_of(m, m.uncertainty, seed, draw))))
    with tempfile.TemporaryDirectory() as folder:
        path = write_toml(Path(folder), doc)
        try:
            runs = {r: risk_draws(path, 6, seed, r, time_limit=20)
                    for r in ("none", "reallocate", "replan")}
        except (InfeasibleError, TimeLimitError, SolverError):
            event("the base has no proven plan")
            return
    for rows in zip(*(runs[r].rows for r in ("none", "reallocate", "replan")), strict=True):
        outcomes = [row.outcome for row in rows]
        if any(o.shortfall_person_months is None or o.status == "time_limit"
               for o in outcomes):
            event("a draw without a proven plan")
            continue
        e = [o.shortfall_person_months["essential"] for o in outcomes]
        assert e[0] >= e[1] - 1e-6
        if outcomes[1].refilled:
            assert e[1] >= e[2] - 1e-6
