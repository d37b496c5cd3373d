"""diff and compare: input changes, the anchor stage, exit codes and determinism.

The anchor's promise: the variant's plan is an optimal plan for the variant
(same stage values as an unanchored solve) that moves as few persons as
possible from the base plan; so a change that forces nothing moves nothing.
"""

from __future__ import annotations

import copy
import json
import os
import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from forcesize.mandate import validate
from forcesize.pipeline import plan_mandate, reference_of
from forcesize.results import Plan
from forcesize.results.compare import build_comparison, labels_for
from forcesize.results.diff import build_diff, input_changes
from tests.synthetic import synthetic_mandate

from ..helpers import invoke, valid_mandate, write_toml
from ..solving import SOLVERS, base

EXAMPLES = max(10, int(os.environ.get("FORCESIZE_EXAMPLES", "60")) // 3)
FORCES_NOTHING = (Path(__file__).parent.parent / "fixtures" / "regressions"
                  / "anchor-forces-nothing.toml")
PROFILE = settings(max_examples=EXAMPLES, deadline=None, derandomize=bool(os.environ.get("CI")),
                   suppress_health_check=[HealthCheck.too_slow])


def _diff(base_doc: dict[str, Any], variant_doc: dict[str, Any], anchored: bool = True,
          solver: str = "highs"):
    b, v = validate(base_doc), validate(variant_doc)
    base_plan = plan_mandate(b, solver=solver)  # type: ignore[arg-type]
    variant_plan = plan_mandate(v, solver=solver,  # type: ignore[arg-type]
                                anchor=reference_of(base_plan) if anchored else None)
    return build_diff("base.toml", b.mandate, base_plan, "variant.toml", v.mandate, variant_plan,
                      anchored), base_plan, variant_plan


def _moved(a: Plan, b: Plan) -> int:
    ra, rb = reference_of(a), reference_of(b)
    return sum(abs(ra.get(k, 0) - rb.get(k, 0)) for k in set(ra) | set(rb))


def _stage_values(plan: Plan) -> dict[str, float | None]:
    return {s.stage: s.objective for s in plan.stages if s.stage != "change"}


# --------------------------------------------------------------------------- input changes


def test_input_changes_list_key_paths_with_defaults_filled_in():
    a = validate(valid_mandate()).mandate
    doc = copy.deepcopy(valid_mandate())
    doc["objective"]["budget"] = 1e6
    doc["objective"]["max_share"] = 0.8  # unchanged value, written again
    doc["contributor"]["AAA"]["available"]["infantry"] = 60
    del doc["contributor"]["BBB"]
    doc["contributor"]["DDD"] = {"available": {"police": 3}}
    doc["task"]["patrol"]["priority"] = "essential"  # the default, now explicit
    changes = {c.path: c for c in input_changes(a, validate(doc).mandate)}
    assert set(changes) == {"objective.budget", "contributor.AAA.available.infantry",
                            "contributor.BBB", "contributor.DDD"}
    assert (changes["objective.budget"].base, changes["objective.budget"].variant) == (None, 1e6)
    assert changes["contributor.AAA.available.infantry"].change == "changed"
    assert changes["contributor.BBB"].change == "removed"
    assert changes["contributor.DDD"].change == "added"
    assert changes["contributor.DDD"].variant == {"available": {"police": 3}}  # no defaults


def test_the_same_mandate_twice_has_no_changes_at_all():
    doc = valid_mandate()
    result, _, _ = _diff(doc, doc)
    assert result.inputs == [] and result.outcome == [] and result.allocations == []
    assert result.changed is False


# --------------------------------------------------------------------------- the anchor


def _three_equal_contributors() -> dict[str, Any]:
    doc = base()
    doc["task"]["hold"] = {"function": "supervision", "theatre": "x",
                           "need": {"inf": {"fixed": 100}}}
    doc["contributor"] = {c: {"available": {"inf": 60}} for c in ("AAA", "BBB", "CCC")}
    return doc


@pytest.mark.parametrize("solver", SOLVERS)
def test_a_forced_change_moves_only_the_persons_it_forces(solver):
    doc = _three_equal_contributors()
    base_plan = validate(doc)
    first = plan_mandate(base_plan, solver=solver)
    used = {a.contributor: a.personnel for a in first.allocations}
    top = max(used, key=lambda c: (used[c], c))
    cut = copy.deepcopy(doc)
    cut["contributor"][top]["available"]["inf"] = used[top] - 30
    result, _, after = _diff(doc, cut, solver=solver)
    # 30 persons leave `top`, 30 arrive elsewhere: 60 moved, no more
    assert sum(abs(a.change) for a in result.allocations) == 60
    assert {a.contributor: a.personnel for a in after.allocations}[top] == used[top] - 30
    assert after.total_cost == first.total_cost


@pytest.mark.parametrize("solver", SOLVERS)
def test_a_change_that_forces_nothing_moves_nothing(solver):
    doc = _three_equal_contributors()
    first = plan_mandate(validate(doc), solver=solver)
    used = {a.contributor: a.personnel for a in first.allocations}
    loose = copy.deepcopy(doc)
    for cid in doc["contributor"]:
        loose["contributor"][cid]["available"]["inf"] = max(used.get(cid, 0), 1)
    loose["contributor"]["EEE"] = {"available": {"inf": 100}}  # equally cheap, unused
    result, _, _ = _diff(doc, loose, solver=solver)
    assert result.inputs != []
    assert result.allocations == [] and result.outcome == [] and not result.changed


@pytest.mark.parametrize("solver", SOLVERS)
def test_a_cut_to_peak_use_moves_nothing_even_where_the_search_would_not_find_it(solver):
    # HiGHS's anchor search stopped at its node cap 192 persons from the base plan, which
    # was still feasible; the anchor now tries the base plan first (Stage.ideal)
    doc = tomllib.loads(FORCES_NOTHING.read_text(encoding="utf-8"))
    base_plan = plan_mandate(validate(doc), solver=solver)
    cut = copy.deepcopy(doc)
    cut["contributor"]["c001"]["available"]["k2"] = 60  # its peak use in the base plan
    anchored = plan_mandate(validate(cut), solver=solver, anchor=reference_of(base_plan))
    assert _moved(base_plan, anchored) == 0
    assert anchored.stages[-1].stage == "change" and anchored.stages[-1].status == "optimal"


@st.composite
def pool_cuts(draw: st.DrawFn) -> tuple[dict[str, Any], int, float]:
    doc = synthetic_mandate(
        contributors=draw(st.integers(2, 6)), capabilities=draw(st.integers(1, 3)),
        tasks=draw(st.integers(1, 4)), phases=draw(st.integers(1, 3)),
        seed=draw(st.integers(0, 10_000)), max_share=draw(st.sampled_from([1.0, 0.6])),
        needs_per_task=draw(st.integers(1, 3)), capabilities_per_contributor=2,
        budget_fraction=draw(st.sampled_from([None, 0.6, 1.5])),
        pledge_rate=draw(st.sampled_from([0.0, 0.5])))
    return doc, draw(st.integers(0, 10_000)), draw(st.sampled_from([0.0, 0.5, 1.0]))


def _cut_one_pool(doc: dict[str, Any], plan: Plan, pick: int, keep: float
                  ) -> tuple[dict[str, Any], str, str, bool]:
    """Cut one used pool to ``keep`` × its peak use (1.0: to exactly its peak use, which
    forces nothing), or any pool when none is used."""
    peak: dict[tuple[str, str], int] = {}
    per_phase: dict[tuple[str, str, str], int] = {}
    for a in plan.allocations:
        key = (a.contributor, a.capability, a.phase)
        per_phase[key] = per_phase.get(key, 0) + a.personnel
    for (cid, cap, _), persons in per_phase.items():
        peak[cid, cap] = max(peak.get((cid, cap), 0), persons)
    pools = sorted(peak) or sorted((c, k) for c, v in doc["contributor"].items()
                                   for k in v["available"])
    cid, cap = pools[pick % len(pools)]
    variant = copy.deepcopy(doc)
    variant["contributor"][cid]["available"][cap] = int(peak.get((cid, cap), 0) * keep)
    return variant, cid, cap, keep == 1.0 or not peak


@PROFILE
@given(case=pool_cuts())
def test_the_anchor_keeps_optimality_and_moves_only_what_a_pool_cut_forces(case):
    doc, pick, keep = case
    loaded = validate(doc)
    base_plan = plan_mandate(loaded, time_limit=60)
    variant_doc, cid, cap, forces_nothing = _cut_one_pool(doc, base_plan, pick, keep)
    v = validate(variant_doc)
    anchored = plan_mandate(v, time_limit=60, anchor=reference_of(base_plan))
    free = plan_mandate(v, time_limit=60)
    if "time_limit" in (base_plan.status, anchored.status, free.status):
        # a plan the clock stopped proves nothing either way: the test must not depend on
        # how busy the machine is (counted in hypothesis' statistics)
        event("inconclusive: a solve reached the time limit")
        return
    # the anchored plan is an optimal plan for the variant ...
    a, f = _stage_values(anchored), _stage_values(free)
    for stage in ("essential_shortfall", "important_shortfall", "desirable_shortfall"):
        assert a[stage] == pytest.approx(f[stage], abs=1e-6)
    assert a["cost"] == pytest.approx(f["cost"], rel=1e-6, abs=1)
    # ... that moves no more persons than the unanchored one ...
    assert _moved(base_plan, anchored) <= _moved(base_plan, free)
    # ... and nothing at all when the cut leaves the base plan feasible (hence optimal)
    if forces_nothing:
        assert _moved(base_plan, anchored) == 0
    # others change only if the cut one's allocation has to: when its allocation stays
    # as it was, the base plan is still feasible, hence optimal, and nothing moves
    ra, rb = reference_of(base_plan), reference_of(anchored)
    cut = sum(abs(ra.get(k, 0) - rb.get(k, 0)) for k in set(ra) | set(rb)
              if (k[0], k[1]) == (cid, cap))
    others_moved = _moved(base_plan, anchored) - cut
    assert others_moved <= _moved(base_plan, free)
    if cut == 0:
        assert others_moved == 0


# --------------------------------------------------------------------------- outcome rows


def test_outcome_rows_show_only_what_changed():
    doc = _three_equal_contributors()
    doc["contributor"]["AAA"]["cost_per_month"] = {"inf": 500.0}  # AAA is cheapest
    variant = copy.deepcopy(doc)
    del variant["contributor"]["AAA"]
    result, before, after = _diff(doc, variant)
    by_key = {(o.section, o.item, o.phase): o for o in result.outcome}
    assert by_key["cost", "total", ""].change == pytest.approx(after.total_cost
                                                               - before.total_cost)
    assert by_key["contributor", "AAA", "one"].variant == 0
    assert ("shortfall", "essential", "") not in by_key  # still fully covered
    assert all(o.base != o.variant for o in result.outcome)
    assert [i.path for i in result.inputs] == ["contributor.AAA"]


def test_a_task_that_becomes_short_is_listed():
    doc = _three_equal_contributors()
    variant = copy.deepcopy(doc)
    for cid in variant["contributor"]:
        variant["contributor"][cid]["available"]["inf"] = 20
    result, _, _ = _diff(doc, variant)
    assert [(t.task, t.change) for t in result.tasks] == [("hold", "became_short")]
    assert result.tasks[0].variant_shortfall_person_months == 40 * 2
    assert result.changed


def test_compare_has_a_column_per_mandate_and_stable_metrics():
    docs = [valid_mandate(), _three_equal_contributors()]
    entries = []
    for label, doc in zip(["small", "equal"], docs, strict=True):
        loaded = validate(doc)
        entries.append((label, f"{label}.toml", loaded.mandate, plan_mandate(loaded)))
    result = build_comparison(entries)
    assert [c.label for c in result.mandates] == ["small", "equal"]
    rows = {r.metric: r for r in result.rows}
    assert rows["total_cost"].values == [p.total_cost for *_, p in entries]
    assert rows["contributors_used"].values[1] == len({a.contributor
                                                       for a in entries[1][3].allocations})
    assert rows["personnel_peak"].values[1] == 100
    assert all(len(r.values) == 2 for r in result.rows)


def test_labels_are_stems_unless_they_repeat():
    assert labels_for(["a/x.toml", "b/y.toml"]) == ["x", "y"]
    assert labels_for(["a/x.toml", "b/x.toml"]) == ["a/x.toml", "b/x.toml"]


# --------------------------------------------------------------------------- the CLI


@pytest.fixture
def pair(tmp_path):
    b = write_toml(tmp_path, _three_equal_contributors(), "base.toml")
    v = write_toml(tmp_path, 'extends = "base.toml"\n[contributor.AAA.available]\ninf = 10\n'
                   '[contributor.BBB.available]\ninf = 10\n', "variant.toml")  # 80 of 100
    return b, v


def test_diff_exit_codes(pair):
    b, v = pair
    invoke("diff", b, b, "--exit-code")  # same mandate: 0
    invoke("diff", b, v)  # differs, but no --exit-code: 0
    invoke("diff", b, v, "--exit-code", expect=1)
    invoke("diff", b, "--set", "contributor.AAA.available.inf=10",
           "--set", "contributor.BBB.available.inf=10", "--exit-code", expect=1)
    invoke("diff", b, "--set", "contributor.BBB.available.inf=5",
           "--set", "contributor.AAA.available.inf=5", "--fail-on", "essential", expect=1)
    invoke("diff", b, "--set", "contributor.AAB.available.inf=5", expect=2)


def test_diff_json_is_the_documented_shape_and_repeats_byte_for_byte(pair):
    b, v = pair
    _, first, _ = invoke("diff", b, v, "--format", "json")
    _, second, _ = invoke("diff", b, v, "--format", "json")
    assert first == second
    doc = json.loads(first)
    assert doc["kind"] == "diff" and doc["schema_version"] == 1 and doc["anchored"] is True
    assert set(doc) == {"schema_version", "kind", "forcesize_version", "anchored",
                        "anchor_proven", "changed", "base", "variant", "inputs", "outcome",
                        "tasks", "allocations"}
    assert doc["anchor_proven"] is True  # a small pair: the anchor stage ends well in its cap
    assert [i["path"] for i in doc["inputs"]] == ["contributor.AAA.available.inf",
                                                  "contributor.BBB.available.inf"]


def test_no_anchor_is_reported(pair):
    b, v = pair
    _, out, _ = invoke("diff", b, v, "--no-anchor", "--format", "json")
    assert json.loads(out)["anchored"] is False
    assert json.loads(out)["anchor_proven"] is None


def test_compare_json_shape(pair):
    b, v = pair
    _, out, _ = invoke("compare", b, v, "--format", "json")
    doc = json.loads(out)
    assert doc["kind"] == "compare" and [m["label"] for m in doc["mandates"]] == ["base",
                                                                                  "variant"]
    assert {r["metric"] for r in doc["rows"]} >= {"total_cost", "shortfall_essential",
                                                  "contributors_used", "largest_share"}
