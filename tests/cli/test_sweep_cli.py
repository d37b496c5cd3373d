"""``forcesize sweep`` (issue 15, item 1): every point is the plan ``solve --set`` gives for
its values, taken relative to the base; a bad point stops the sweep before any solve; a
point without a plan is kept with its reason; exit codes and formats as for ``solve``."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter

import pytest

import forcesize.pipeline as pipeline
from forcesize.errors import InfeasibleError, InputError
from forcesize.mandate import load_mandate
from forcesize.pipeline import plan_mandate, sweep

from ..helpers import invoke, valid_mandate, write_toml

AXES = ["contributor.AAA.available.infantry=0..80:40", "contributor.CCC.max_share=0.5,1.0"]


@pytest.fixture
def mandate(tmp_path):
    return write_toml(tmp_path, valid_mandate())


def _lines(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines()]


def test_each_point_is_the_plan_solve_gives_for_its_values(mandate):
    _, out, _ = invoke("sweep", mandate, *(f"--set={a}" for a in AXES), "--format", "json",
                       "--fail-on", "never")
    rows = _lines(out)
    assert [r["values"] for r in rows] == [
        {"contributor.AAA.available.infantry": a, "contributor.CCC.max_share": s}
        for a in (0, 40, 80) for s in (0.5, 1.0)]
    for row in rows:
        alone = plan_mandate(load_mandate(mandate, [f"{k}={v}" for k, v in row["values"].items()]))
        assert row["status"] == alone.status == "optimal"
        assert row["shortfall_person_months"] == alone.shortfall_person_months
        assert row["total_cost"] == alone.total_cost
        assert row["peak_persons"] == max(p.deployed for p in alone.phases)
        assert row["kind"] == "sweep_point" and row["mandate"] == str(mandate)
    # AAA's infantry is what patrol lacks: with none, CCC's 40 under its share cap
    assert rows[0]["shortfall_person_months"]["essential"] > 0
    assert rows[-1]["shortfall_person_months"]["essential"] == 0


def test_points_are_relative_to_the_base_so_their_order_changes_no_row(mandate):
    forward = sweep(mandate, ["contributor.AAA.available.infantry=0,80"])
    backward = sweep(mandate, ["contributor.AAA.available.infantry=80,0"])
    assert forward.points[0].model_dump(exclude={"point"}) == \
        backward.points[1].model_dump(exclude={"point"})
    assert forward.points[1].model_dump(exclude={"point"}) == \
        backward.points[0].model_dump(exclude={"point"})


def test_a_bad_point_stops_the_sweep_before_any_solve(mandate, monkeypatch):
    solved = []
    monkeypatch.setattr(pipeline, "_plan", lambda *a, **k: solved.append(a))
    with pytest.raises(InputError) as caught:
        sweep(mandate, ["contributor.CCC.max_share=0.5,1.5"])
    assert solved == []
    assert "sweep point 2 of 2 (contributor.CCC.max_share=1.5)" in caught.value.file
    _, out, err = invoke("sweep", mandate, "--set", "contributor.CCC.max_share=0.5,1.5",
                            expect=2)
    assert out == "" and "sweep point 2 of 2" in err and "max_share" in err
    assert "Traceback" not in err


def test_a_point_without_a_plan_is_kept_with_its_reason_and_exits_3(mandate, monkeypatch):
    real = pipeline._plan  # what solve, explain and so sweep call

    def fails_at_zero(loaded, *args, **kwargs):
        if loaded.mandate.contributor["AAA"].available.get("infantry") == 0:
            raise InfeasibleError("no plan satisfies the mandate", [["limit one", "limit two"]])
        return real(loaded, *args, **kwargs)

    monkeypatch.setattr(pipeline, "_plan", fails_at_zero)
    _, out, _ = invoke("sweep", mandate, "--set", "contributor.AAA.available.infantry=0,80",
                            "--format", "json", expect=3)
    first, second = _lines(out)
    assert first["status"] == "infeasible" and first["total_cost"] is None
    assert first["reason"] == "no plan satisfies the mandate; limit one; limit two"
    assert second["status"] == "optimal"
    _, table, _ = invoke("sweep", mandate, "--set", "contributor.AAA.available.infantry=0,80",
                         expect=3)
    assert "1 without a plan" in table and "infeasible" in table


def test_fail_on_gates_on_any_point(mandate):
    invoke("sweep", mandate, "--set", "contributor.AAA.available.infantry=0,80", expect=1)
    invoke("sweep", mandate, "--set", "contributor.AAA.available.infantry=0,80",
           "--fail-on", "never", expect=0)
    invoke("sweep", mandate, "--set", "contributor.AAA.available.infantry=80", expect=0)


def test_csv_and_markdown_hold_one_row_per_point(mandate):
    _, out, _ = invoke("sweep", mandate, *(f"--set={a}" for a in AXES), "--format", "csv",
                       "--fail-on", "never")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 6
    assert list(rows[0])[:4] == ["point", "contributor.AAA.available.infantry",
                                 "contributor.CCC.max_share", "status"]
    assert rows[0]["essential_shortfall_person_months"] != ""
    _, md, _ = invoke("sweep", mandate, *(f"--set={a}" for a in AXES), "--format", "markdown",
                      "--fail-on", "never")
    assert md.startswith("**Sweep of ") and ": 6 points, 4 short at essential**" in md
    assert md.count("\n| ") == 6 + 2  # header, rule and the six points


def test_metric_chooses_the_figures_of_table_markdown_and_csv_but_not_json(mandate):
    axis = "--set=contributor.AAA.available.infantry=0..80:40"
    _, table, _ = invoke("sweep", mandate, axis, "--metric", "cost", "--metric", "essential",
                         "--no-limits", "--fail-on", "never")
    header = next(line for line in table.splitlines() if "Status" in line)
    assert header.split() == ["contributor.AAA.available.infantry", "Status", "Cost",
                              "Essential", "short"]
    _, out, _ = invoke("sweep", mandate, axis, "--metric", "peak", "--format", "csv",
                       "--fail-on", "never")
    assert out.splitlines()[0] == ("point,contributor.AAA.available.infantry,status,"
                                   "peak_persons,stopped_stage,gap,limits,limit_kinds,reason")
    _, md, _ = invoke("sweep", mandate, axis, "--metric", "important", "--format", "markdown",
                      "--fail-on", "never")
    assert "| Important short |" in md and "Cost" not in md
    _, chosen, _ = invoke("sweep", mandate, axis, "--metric", "peak", "--format", "json",
                          "--fail-on", "never")
    _, every, _ = invoke("sweep", mandate, axis, "--format", "json", "--fail-on", "never")
    assert chosen == every  # JSON lines are the contract: every figure, always
    _, _, err = invoke("sweep", mandate, axis, "--metric", "esential", expect=2)
    assert "'esential' is not one of" in err


def test_the_metric_names_are_the_sweeps():
    from forcesize.cli.study_cmds import Metric
    from forcesize.mandate.grid import SWEEP_METRICS
    from forcesize.render.cells import METRIC_COLUMNS
    from forcesize.render.csv import METRIC_CSV

    assert tuple(m.value for m in Metric) == SWEEP_METRICS == tuple(METRIC_COLUMNS) == \
        tuple(METRIC_CSV)


def test_a_study_file_names_its_metrics(mandate):
    study = mandate.parent / "study.toml"
    study.write_text('metrics = ["desirable", "cost"]\n[set]\n'
                     '"contributor.AAA.available.infantry" = "0..80:40"\n', encoding="utf-8")
    _, by_file, _ = invoke("sweep", mandate, "--from-file", study, "--format", "csv",
                           "--fail-on", "never", "--no-limits")
    _, by_set, _ = invoke("sweep", mandate, "--set=contributor.AAA.available.infantry=0..80:40",
                          "--metric", "desirable", "--metric", "cost", "--format", "csv",
                          "--fail-on", "never", "--no-limits")
    assert by_file == by_set and "desirable_shortfall_person_months,total_cost," in by_file
    study.write_text('metrics = ["costs"]\n[set]\n'
                     '"contributor.AAA.available.infantry" = "0..80:40"\n', encoding="utf-8")
    _, _, err = invoke("sweep", mandate, "--from-file", study, expect=2)
    assert "metrics[0]" in err and "'costs' is not a sweep metric" in err and "cost" in err


def test_zip_pairs_the_axes_and_refuses_unequal_ones(mandate):
    _, out, _ = invoke("sweep", mandate, "--zip", *(f"--set={a}" for a in AXES[:1]),
                       "--set", "contributor.CCC.max_share=0.5,0.6,1.0", "--format", "json",
                       "--fail-on", "never")
    assert [tuple(r["values"].values()) for r in _lines(out)] == [(0, 0.5), (40, 0.6), (80, 1.0)]
    _, _, err = invoke("sweep", mandate, "--zip", *(f"--set={a}" for a in AXES), expect=2)
    assert "zipped axes need as many values each" in err


def test_a_sweep_needs_an_axis():
    _, _, err = invoke("sweep", expect=2)
    assert "--set" in err


def test_each_point_names_the_limits_explain_names_for_it(mandate):
    from forcesize.pipeline import explain_mandate

    result = sweep(mandate, ["contributor.AAA.available.infantry=0..80:40"])
    for point in result.points:
        loaded = load_mandate(mandate, [f"{k}={v}" for k, v in point.values.items()])
        _, explanation = explain_mandate(loaded, confirm=0)
        assert point.limits == list(dict.fromkeys(lim.path for lim in explanation.limits))
        assert point.limit_kinds == dict(Counter(
            kind for kind, _ in dict.fromkeys((lim.kind, lim.path) for lim in explanation.limits)))
    # without AAA, CCC's share cap keeps patrol short; with 40, AAA's own pool and CCC's
    # pledge do; with 80, nothing is short
    assert "contributor.CCC.max_share" in result.points[0].limits
    assert "contributor.AAA.available.infantry" in result.points[1].limits
    assert result.points[2].limits == []


def test_no_limits_only_solves(mandate):
    _, out, _ = invoke("sweep", mandate, "--set", "contributor.AAA.available.infantry=0",
                       "--no-limits", "--format", "json", "--fail-on", "never")
    (row,) = _lines(out)
    assert row["limits"] is None and row["limit_kinds"] is None
    _, table, _ = invoke("sweep", mandate, "--set", "contributor.AAA.available.infantry=0",
                         "--no-limits", "--fail-on", "never")
    assert "Limits keeping it short" not in table


def test_a_study_file_sweeps_as_its_set_options_do(mandate):
    study = mandate.parent / "study.toml"
    study.write_text(f'mandate = "{mandate.name}"\n[set]\n'
                     '"contributor.AAA.available.infantry" = "0..80:40"\n'
                     '"contributor.CCC.max_share" = [0.5, 1.0]\n', encoding="utf-8")
    _, by_file, _ = invoke("sweep", "--from-file", study, "--format", "json", "--fail-on", "never")
    _, by_set, _ = invoke("sweep", mandate, *(f"--set={a}" for a in AXES), "--format", "json",
                          "--fail-on", "never")
    assert by_file == by_set
    _, _, err = invoke("sweep", mandate, "--from-file", study, expect=2)
    assert "names its mandate" in err


def test_a_point_stopped_by_the_time_limit_keeps_its_best_plan_or_its_reason(mandate,
                                                                              monkeypatch):
    from forcesize.errors import TimeLimitError

    real = pipeline._plan

    def stops(loaded, *args, **kwargs):
        infantry = loaded.mandate.contributor["AAA"].available.get("infantry")
        if infantry == 0:
            raise TimeLimitError("no plan found before the time limit")
        model, plan, solution = real(loaded, *args, **kwargs)
        if infantry == 40:  # as if the cost stage had stopped at a gap of 1 %
            stages = [s.model_copy(update={"status": "time_limit", "gap": 0.01})
                      if s.stage == "cost" else s for s in plan.stages]
            plan = plan.model_copy(update={"status": "time_limit", "stages": stages})
        return model, plan, solution

    monkeypatch.setattr(pipeline, "_plan", stops)
    _, out, err = invoke("sweep", mandate, "--set", "contributor.AAA.available.infantry=0..80:40",
                         "--format", "json", "--fail-on", "never", expect=3)
    none, stopped, proven = _lines(out)
    assert (none["status"], none["total_cost"], none["reason"]) == \
        ("time_limit", None, "no plan found before the time limit")
    assert (stopped["status"], stopped["stopped_stage"], stopped["gap"]) == \
        ("time_limit", "cost", 0.01)
    assert stopped["total_cost"] is not None and "not proven optimal" in stopped["reason"]
    assert proven["stopped_stage"] is None and proven["reason"] is None
    assert "1 point(s) stopped at the time limit (2)" in err


RESUMED = ("sweep", "--set", "contributor.AAA.available.infantry=0..80:40", "--format", "json",
           "--fail-on", "never", "--resume", "--output")


def test_an_interrupted_sweep_resumes_where_it_stopped(mandate, monkeypatch):
    out = mandate.parent / "study.jsonl"
    real, solved = pipeline._plan, []

    def interrupted_at_40(loaded, *args, **kwargs):
        infantry = loaded.mandate.contributor["AAA"].available.get("infantry")
        if infantry == 40:
            raise KeyboardInterrupt
        solved.append(infantry)
        return real(loaded, *args, **kwargs)

    monkeypatch.setattr(pipeline, "_plan", interrupted_at_40)
    invoke("sweep", mandate, *RESUMED[1:], out, expect=130)
    first = _lines(out.read_text(encoding="utf-8"))
    assert [r["values"]["contributor.AAA.available.infantry"] for r in first] == [0]

    def counted(loaded, *args, **kwargs):
        solved.append(loaded.mandate.contributor["AAA"].available.get("infantry"))
        return real(loaded, *args, **kwargs)

    monkeypatch.setattr(pipeline, "_plan", counted)
    solved.clear()
    _, stdout, err = invoke("sweep", mandate, *RESUMED[1:], out)
    assert stdout == "" and "wrote 2 point(s)" in err and "1 were there already" in err
    assert solved == [40, 80]  # the point already written is not solved again
    rows = _lines(out.read_text(encoding="utf-8"))
    assert rows[0] == first[0]
    assert [r["values"]["contributor.AAA.available.infantry"] for r in rows] == [0, 40, 80]
    # the same rows as a sweep run in one go
    _, whole, _ = invoke("sweep", mandate, *RESUMED[1:-2])
    assert [{k: v for k, v in r.items() if k != "point"} for r in _lines(whole)] == \
        [{k: v for k, v in r.items() if k != "point"} for r in rows]


def test_a_resumed_sweep_cuts_a_torn_line_and_reuses_only_equal_runs(mandate):
    out = mandate.parent / "study.jsonl"
    invoke("sweep", mandate, *RESUMED[1:], out)
    lines = out.read_text(encoding="utf-8").splitlines(keepends=True)
    out.write_text(lines[0] + lines[1][:40], encoding="utf-8")  # killed mid-line
    _, _, err = invoke("sweep", mandate, *RESUMED[1:], out)
    assert "wrote 2 point(s)" in err
    assert [json.loads(line)["point"] for line in out.read_text(encoding="utf-8").splitlines()] \
        == [1, 2, 3]
    # another time limit is another run: nothing is reused
    _, _, err = invoke("sweep", mandate, *RESUMED[1:], out, "--time-limit", "100")
    assert "wrote 3 point(s)" in err and "0 were there already" in err


def test_resume_needs_json_lines_in_a_file(mandate):
    _, _, err = invoke("sweep", mandate, "--set", "contributor.AAA.available.infantry=0",
                       "--resume", expect=2)
    assert "--output FILE with --format json" in err


def test_a_point_the_grid_holds_twice_is_solved_and_written_once(mandate, monkeypatch):
    real, solved = pipeline._plan, []

    def counted(loaded, *args, **kwargs):
        solved.append(loaded.mandate.contributor["AAA"].available.get("infantry"))
        return real(loaded, *args, **kwargs)

    monkeypatch.setattr(pipeline, "_plan", counted)
    out = mandate.parent / "study.jsonl"
    _, _, err = invoke("sweep", mandate, "--set", "contributor.AAA.available.infantry=40,0,40",
                       "--format", "json", "--fail-on", "never", "--resume", "--output", out)
    assert solved == [40, 0]
    rows = _lines(out.read_text(encoding="utf-8"))
    assert len(rows) == 2 and "wrote 2 point(s)" in err


def test_jobs_change_no_row(mandate):
    args = [*(f"--set={a}" for a in AXES), "--format", "json", "--fail-on", "never"]
    _, serial, _ = invoke("sweep", mandate, *args)
    _, parallel, _ = invoke("sweep", mandate, *args, "--jobs", "2")
    assert parallel == serial


def test_a_parallel_resumed_sweep_writes_each_point_once(mandate, tmp_path):
    log = tmp_path / "points.jsonl"
    args = [*(f"--set={a}" for a in AXES), "--format", "json", "--fail-on", "never",
            "--resume", "-o", log]
    invoke("sweep", mandate, *args, "--jobs", "2")
    first = log.read_text()
    assert len(first.splitlines()) == 6
    _, _, err = invoke("sweep", mandate, *args, "--jobs", "2")
    assert log.read_text() == first and "wrote 0 point(s)" in err


def test_a_point_whose_budget_a_looser_points_plan_meets_takes_that_plan(mandate, monkeypatch):
    """The plan at 3e7 costs 18.72 m, within 2e7 too, so that point is not solved; the plan
    at 3e6 does not fit 1e6, nor does 18.72 m fit 3e6: both are solved. Every row is the
    plan ``solve --set`` gives for its values."""
    real, solved = pipeline._plan, []

    def counted(loaded, *args, **kwargs):
        solved.append(loaded.mandate.objective.budget)
        return real(loaded, *args, **kwargs)

    monkeypatch.setattr(pipeline, "_plan", counted)
    budgets = [1e6, 3e6, 2e7, 3e7]
    result = sweep(mandate, ["objective.budget=" + ",".join(map(repr, budgets))])
    assert solved == [3e7, 1e6, 3e6]  # the loosest first; 2e7 took its plan
    monkeypatch.setattr(pipeline, "_plan", real)
    for budget, row in zip(budgets, result.points, strict=True):
        alone = plan_mandate(load_mandate(mandate, [f"objective.budget={budget!r}"]))
        assert row.status == alone.status == "optimal"
        assert row.shortfall_person_months == alone.shortfall_person_months
        assert row.total_cost == alone.total_cost
    assert result.points[2].total_cost == result.points[3].total_cost == 18_720_000
    assert result.points[0].shortfall_person_months["essential"] > 0


def test_a_taken_plan_is_checked_against_its_own_point(mandate):
    """A plan is taken only when the checker accepts it for the point: 3e6's plan does not
    fit 1e6, which is solved, not given a plan over its budget."""
    result = sweep(mandate, ["objective.budget=1e6,3e6"], limits=False)
    assert [p.total_cost for p in result.points] == [960_000, 3_000_000]
