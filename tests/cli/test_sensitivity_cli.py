"""``forcesize sensitivity --tornado`` (issue 15, item 2): each input moved down and up on
its own, relative to the base; every side is the plan ``solve --set`` gives for that one
value; inputs ranked by swing in shortfall (highest priority first), then cost; a side
without a plan kept with its reason; ``--jobs`` changes no figure."""

from __future__ import annotations

import csv
import io
import json

import pytest

from forcesize.mandate import load_mandate
from forcesize.pipeline import plan_mandate

from ..helpers import invoke, override, valid_mandate, write_toml


@pytest.fixture
def mandate(tmp_path):
    return write_toml(tmp_path, valid_mandate())


def _tornado(*args, expect=0) -> dict:
    return json.loads(invoke("sensitivity", *args, "--format", "json", expect=expect)[1])


def test_each_side_is_the_plan_solve_gives_for_that_one_value(mandate):
    doc = _tornado(mandate, "--keys", "contributor.AAA.available.infantry",
                   "--keys", "capability.infantry.cost_per_month", "--keys", "phase.late.months")
    assert doc["kind"] == "sensitivity" and doc["fraction"] == 0.2
    base = plan_mandate(load_mandate(mandate))
    assert doc["base"]["total_cost"] == base.total_cost
    assert doc["base"]["shortfall_person_months"] == base.shortfall_person_months
    for row in doc["rows"]:
        for side in ("low", "high"):
            alone = plan_mandate(load_mandate(mandate, [f"{row['path']}={row[side]}"]))
            got = row[f"at_{side}"]
            assert got["values"] == {row["path"]: row[side]}
            assert got["total_cost"] == alone.total_cost
            assert got["shortfall_person_months"] == alone.shortfall_person_months
        figures = [doc["base"], row["at_low"], row["at_high"]]
        costs = [f["total_cost"] for f in figures]
        assert row["swing"]["cost"] == pytest.approx(max(costs) - min(costs))
    assert {r["path"]: (r["low"], r["high"]) for r in doc["rows"]} == {
        "contributor.AAA.available.infantry": (64, 96),
        "capability.infantry.cost_per_month": (8000.0, 12000.0),
        "phase.late.months": (10, 14)}


def test_shortfall_outranks_cost_and_higher_priority_outranks_lower(mandate):
    doc = _tornado(mandate)
    ranks = {r["path"]: r["rank"] for r in doc["rows"]}
    assert [r["rank"] for r in doc["rows"]] == list(range(1, len(doc["rows"]) + 1))
    swings = [r["swing"] for r in doc["rows"]]
    assert swings == sorted(swings, key=lambda s: (-s["essential"], -s["important"],
                                                   -s["desirable"], -s["cost"]))
    # AAA's infantry is what patrol lacks when cut; the police cost moves money only
    assert ranks["contributor.AAA.available.infantry"] < \
        ranks["capability.infantry.cost_per_month"]
    assert doc["rows"][0]["swing"]["essential"] > 0
    # the default takes what the plan touches: CCC serves patrol; crossings of 2 round back
    assert "contributor.CCC.available.infantry" in ranks
    assert doc["unvaried"] == ["theatre.east.crossings"]
    assert doc["solves"] == 1 + 2 * len(doc["rows"]) - sum(
        r["at_low"] is None or r["at_high"] is None for r in doc["rows"])


def test_a_refused_value_is_a_row_with_its_reason_ranked_last(mandate):
    doc = _tornado(mandate, "--tornado", "50%", "--keys", "objective.max_share",
                   "--keys", "contributor.AAA.available.infantry")
    last = doc["rows"][-1]
    assert last["path"] == "objective.max_share" and last["high"] == 1.2
    assert last["at_high"]["status"] == "invalid" and last["swing"] is None
    assert "less than or equal to 1" in last["at_high"]["reason"]
    assert last["at_low"]["status"] == "optimal"


def test_a_side_without_a_plan_ranks_first_and_exits_3(tmp_path):
    committed = write_toml(tmp_path, override(valid_mandate(), "contributor.AAA.min_personnel",
                                              70))
    _, out, _ = invoke("sensitivity", committed, "--format", "json", "--keys",
                            "contributor.AAA.available.infantry", "--keys",
                            "phase.late.months", expect=3)
    doc = json.loads(out)
    first = doc["rows"][0]
    assert first["path"] == "contributor.AAA.available.infantry"
    assert first["at_low"]["status"] == "infeasible" and first["swing"] is None
    assert "contributor.AAA.min_personnel" in first["at_low"]["reason"]
    assert doc["rows"][1]["swing"] is not None


def test_bad_options_exit_2_without_a_traceback(mandate):
    _, _, err = invoke("sensitivity", mandate, "--tornado", "0%", expect=2)
    assert "percentage above 0" in err and "Traceback" not in err
    _, _, err = invoke("sensitivity", mandate, "--keys", "contributor.CCC.pledges", expect=2)
    assert "did you mean 'contributor.CCC.pledge'" in err and "Traceback" not in err


def test_table_markdown_and_csv_show_the_same_ranking(mandate):
    keys = ["--keys", "contributor.AAA.available.infantry", "--keys", "phase.*.months",
            "--keys", "theatre.west.area_km2"]
    _, table, _ = invoke("sensitivity", mandate, *keys)
    flat = " ".join(table.split())  # the title wraps where the mandate's path is long
    assert "Tornado of" in flat and "4 inputs, each -20% and" in flat
    assert "1 input moved nothing and is not listed" in flat
    assert "theatre.west.area_km2" not in table.split("Changes are from")[0]
    # plain output (a pipe) draws the bars in ASCII: = for the side down, # for up
    chart = table.split("Essential shortfall (change")[1]
    assert "|==============" in chart and "█" not in table
    _, md, _ = invoke("sensitivity", mandate, *keys, "--format", "markdown")
    assert "| 1 | contributor.AAA.available.infantry |" in md and "```" in md
    _, text, _ = invoke("sensitivity", mandate, *keys, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["path"] for r in rows][:1] == ["contributor.AAA.available.infantry"]
    assert len(rows) == 4 and rows[-1]["path"] == "theatre.west.area_km2"
    assert rows[0]["essential_low"] != rows[0]["essential_base"]


def test_jobs_change_no_figure(mandate):
    args = ["--keys", "contributor.*.available.*", "--keys", "objective.max_share"]
    serial = _tornado(mandate, *args)
    assert _tornado(mandate, *args, "--jobs", "2") == serial
