"""``forcesize alternatives`` (issue 16, item 4): plans that keep every shortfall at its
optimum, cost at most (1 + slack) × the optimum, and differ as much as they can along an
axis; each checked, distinct, and the same from either solver."""

from __future__ import annotations

import csv
import io
import json

import pytest

import forcesize.pipeline as pipeline
from forcesize.mandate import load_mandate, validate
from forcesize.mandate.axes import parse_axis
from forcesize.pipeline import alternatives, plan_mandate
from forcesize.results import check_plan
from forcesize.results.alternatives import axis_values, same_plan

from ..helpers import invoke, override, valid_mandate, write_toml


@pytest.fixture
def doc():
    d = override(valid_mandate(), "group.pair", {"members": ["AAA", "CCC"], "max_share": 1.0})
    return override(d, "objective.max_share", 1.0)


@pytest.fixture
def captured(monkeypatch):
    """Every plan the alternatives' solves return, with its mandate."""
    plans = []
    real = pipeline._plan

    def keep(loaded, *args, **kwargs):
        model, plan, solution = real(loaded, *args, **kwargs)
        plans.append((loaded.mandate, plan))
        return model, plan, solution

    monkeypatch.setattr(pipeline, "_plan", keep)
    return plans


def test_every_alternative_keeps_the_optimum_within_the_slack(doc, tmp_path, captured):
    result = alternatives(write_toml(tmp_path, doc), 0.05, 3)
    base = plan_mandate(validate(doc))
    assert len(result.alternatives) >= 2  # a small mandate has few ways to differ
    assert result.cost_cap == pytest.approx(base.total_cost * 1.05)
    for m, plan in captured:
        check_plan(m, plan)  # again, beside the pipeline's own check
    distinct: list = []
    for _, plan in captured:
        if not any(same_plan(plan, other) for other in distinct):
            distinct.append(plan)
    assert len(distinct) == len(result.alternatives) + 1  # the optimum and each listed
    for plan in distinct:
        assert plan.shortfall_person_months == base.shortfall_person_months
        assert plan.total_cost <= result.cost_cap + 0.01
    for alt in result.alternatives:
        assert alt.total_cost <= result.cost_cap + 0.01 and alt.moved > 0
        assert alt.diff.tasks == [] and not [o for o in alt.diff.outcome
                                             if o.section == "shortfall"]
        assert alt.cost_above == pytest.approx(alt.total_cost / base.total_cost - 1, abs=1e-6)


def test_each_direction_goes_as_far_as_the_slack_allows(doc, tmp_path):
    result = alternatives(write_toml(tmp_path, doc), 0.05, 10,
                          axes=["group:pair", "largest-share", "contributors-per-task"])
    by = {alt.direction: alt for alt in result.alternatives}
    # more nations on a task than the optimum's, each with a meaningful contribution
    assert by["most contributors-per-task"].axes["contributors-per-task"] > \
        result.axes["contributors-per-task"]
    # the pair is pushed up against BBB, the largest share down from AAA's
    assert by["most group:pair"].axes["group:pair"] > result.axes["group:pair"]
    assert by["least largest-share"].axes["largest-share"] < result.axes["largest-share"]
    assert "least group:pair" in result.duplicates or \
        by["least group:pair"].axes["group:pair"] < result.axes["group:pair"]
    # a tighter slack cannot go further
    tight = alternatives(write_toml(tmp_path, doc), 0.001, 10, axes=["group:pair"])
    most = [a for a in tight.alternatives if a.direction == "most group:pair"]
    assert not most or most[0].axes["group:pair"] <= by["most group:pair"].axes["group:pair"]


def test_the_two_solvers_push_each_axis_equally_far(doc):
    """Each direction's optimum, solved by HiGHS and by CBC: the axis pushed reaches the
    same value (the other axes may differ between equally far plans)."""
    from forcesize.mandate.axes import directions

    loaded = validate(doc)
    m = loaded.mandate
    base = plan_mandate(loaded)
    cap = base.total_cost * 1.05
    reference = tuple(sorted(pipeline.reference_of(base).items()))
    names = ("group:pair", "largest-share", "contributor:CCC", "contributors-per-task")
    axes = [parse_axis(m, a) for a in names]
    for d in directions(axes, 1, mixes=0):  # every extreme
        (axis, _), = d.weights
        reached = {}
        for solver in ("highs", "cbc"):
            job = pipeline.NearJob(loaded.data, loaded.file, 0, d, cap, reference, solver,
                                   None)
            _, plan = pipeline.run_near(job)
            assert not isinstance(plan, str), plan
            reached[solver] = axis_values(m, plan, [axis])[axis.name]
        assert reached["highs"] == pytest.approx(reached["cbc"], abs=1e-6), (d.label, reached)


def test_the_default_mission_has_at_least_three_alternatives(captured):
    loaded = load_mandate(None)
    result = alternatives(None, 0.05, 3, axes=["group:nato", "group:eu", "largest-share"])
    assert len(result.alternatives) >= 3
    for m, plan in captured:
        check_plan(m, plan)
    for alt in result.alternatives:
        assert alt.total_cost <= result.cost_cap + 0.01
        assert not [o for o in alt.diff.outcome if o.section == "shortfall"]
    axes = [parse_axis(loaded.mandate, a) for a in ("group:nato", "group:eu")]
    assert axis_values(loaded.mandate, plan_mandate(loaded), axes) == \
        {k: result.axes[k] for k in ("group:nato", "group:eu")}


def test_formats_are_deterministic_and_bad_options_exit_2(doc, tmp_path):
    path = write_toml(tmp_path, doc)
    _, first, _ = invoke("alternatives", path, "--count", "2", "--format", "json")
    _, again, _ = invoke("alternatives", path, "--count", "2", "--format", "json")
    assert first == again
    data = json.loads(first)
    assert data["kind"] == "alternatives" and data["slack"] == 0.05
    assert [a["number"] for a in data["alternatives"]] == [1, 2]
    assert data["alternatives"][0]["diff"]["kind"] == "diff"
    _, out, _ = invoke("alternatives", path, "--count", "2", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["number"] for r in rows] == ["0", "1", "2"] and "group:pair" in rows[0]
    _, md, _ = invoke("alternatives", path, "--count", "2", "--format", "markdown")
    assert md.startswith("**Plans nearly as good") and "| direction |" in md
    _, table, _ = invoke("alternatives", path, "--count", "2")
    assert "persons by contributor that differ from the optimal plan" in " ".join(table.split())
    _, _, err = invoke("alternatives", path, "--axis", "group:pear", expect=2)
    assert "no group has the id 'pear'" in err and "pair" in err and "Traceback" not in err
    _, _, err = invoke("alternatives", path, "--axis", "groups:pair", expect=2)
    assert "group:ID" in err
    _, _, err = invoke("alternatives", path, "--slack", "-3%", expect=2)
    assert "--slack" in err


def test_the_share_a_scheme_pays_can_be_pushed_and_both_solvers_agree(tmp_path, doc):
    """An assessed mission that reimburses every contributor but AUS (its own costs): a
    dearer plan with more Australians leaves less to the scheme."""
    from ..results.test_financing import _handover

    handover = _handover()
    handover["financing"]["un"]["own_costs"] = ["AUS"]
    path = write_toml(tmp_path, handover)
    runs = {solver: alternatives(path, 0.5, 2, axes=["fund-share"], solver=solver)
            for solver in ("highs", "cbc")}
    for result in runs.values():
        least = next(a for a in result.alternatives if a.direction == "least fund-share")
        assert least.axes["fund-share"] < result.axes["fund-share"]
        assert least.total_cost <= result.cost_cap + 0.01
    assert runs["highs"].alternatives[0].axes == runs["cbc"].alternatives[0].axes
    # national financing: the share is 0 in every plan, so the axis is refused
    _, _, err = invoke("alternatives", write_toml(tmp_path, doc, "national.toml"),
                       "--axis", "fund-share", expect=2)
    assert "no phase is paid for by a [financing] scheme" in err
