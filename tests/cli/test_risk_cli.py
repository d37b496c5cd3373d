"""``forcesize risk --withdraw-each`` (issue 16, item 3): each withdrawal is the plan that
solving the mandate without that contributor (or group) gives; rows are ranked by the
shortfall the loss adds, highest priority first, then cost; a contributor the plan does
not use is not re-solved; a withdrawal that leaves no plan is kept and exits 3."""

from __future__ import annotations

import csv
import io
import json

import pytest

import forcesize.pipeline as pipeline
from forcesize.mandate import validate
from forcesize.mandate.overrides import with_values
from forcesize.mandate.withdraw import Withdrawal
from forcesize.pipeline import plan_mandate, withdraw_each

from ..helpers import invoke, override, valid_mandate, write_toml


@pytest.fixture
def doc():
    # DDD gives infantry that only north accepts, and no police: no plan can use it
    d = override(valid_mandate(), "contributor.DDD",
                 {"available": {"infantry": 30}, "acceptable_to": ["north"]})
    return override(d, "group.pair", {"members": ["AAA", "CCC"]})  # bounds nothing: warned


def test_each_withdrawal_is_the_plan_without_it(doc, tmp_path):
    result = withdraw_each(write_toml(tmp_path, doc))
    base = plan_mandate(validate(doc))
    assert result.base.total_cost == base.total_cost
    for row in result.rows:
        edits = Withdrawal(row.withdrawn, row.kind, tuple(row.members)).edits()
        alone = plan_mandate(validate(with_values(doc, edits)))
        assert row.point.shortfall_person_months == alone.shortfall_person_months, row
        assert row.point.total_cost == pytest.approx(alone.total_cost)
        assert row.added == {p: pytest.approx(alone.shortfall_person_months[p]
                                              - base.shortfall_person_months[p])
                             for p in alone.shortfall_person_months}
    # ranked by the essential shortfall the loss adds (the pair first), then important
    assert [(r.rank, r.withdrawn) for r in result.rows][:2] == [(1, "pair"), (2, "AAA")]
    essential = [r.added["essential"] for r in result.rows if r.added]
    assert essential == sorted(essential, reverse=True)
    assert next(r for r in result.rows if r.withdrawn == "pair").members == ["AAA", "CCC"]


def test_a_contributor_the_plan_does_not_use_is_not_re_solved(doc, tmp_path, monkeypatch):
    solved = []
    real = pipeline._plan

    def counting(loaded, *args, **kwargs):
        solved.append(sorted(c for c, x in loaded.mandate.contributor.items()
                             if x.available or x.standing))
        return real(loaded, *args, **kwargs)

    monkeypatch.setattr(pipeline, "_plan", counting)
    result = withdraw_each(write_toml(tmp_path, doc))
    ddd = next(r for r in result.rows if r.withdrawn == "DDD")
    assert ddd.persons == 0 and ddd.added == {"essential": 0, "important": 0, "desirable": 0}
    assert ddd.cost_change == 0 and ddd.point.total_cost == result.base.total_cost
    assert ["AAA", "BBB", "CCC"] not in solved  # DDD withdrawn: never solved
    assert result.solves == len(solved) == 1 + 3 + 1  # base, AAA, BBB, CCC, the pair


def test_a_withdrawal_that_leaves_no_plan_ranks_first_and_exits_3(doc, tmp_path):
    # BBB commits 10 persons in the late phase; without the pair it is alone there, 100%
    # of the phase against the 80% cap
    doc = override(doc, "contributor.BBB.min_personnel_by_phase", {"late": 10})
    path = write_toml(tmp_path, doc)
    _, out, err = invoke("risk", path, "--withdraw-each", "--format", "json", expect=3)
    data = json.loads(out)
    first = data["rows"][0]
    assert (first["withdrawn"], first["point"]["status"], first["added"]) == \
        ("pair", "infeasible", None)
    assert "Traceback" not in err


def test_a_withdrawn_group_takes_its_floor_with_it(doc, tmp_path):
    # the pair must be half of every phase; without it BBB alone serves mentor in late, which
    # a floor kept in force would forbid (no plan could then deploy anyone)
    doc = override(override(doc, "group.pair.min_share", 0.5), "objective.max_share", 1.0)
    pair = next(r for r in withdraw_each(write_toml(tmp_path, doc)).rows
                if r.withdrawn == "pair")
    assert pair.added == {"essential": 1800, "important": 0, "desirable": 0}
    kept = with_values(doc, {k: v for k, v in Withdrawal("pair", "group", ("AAA", "CCC"))
                             .edits().items() if not k.startswith("group.")})
    assert plan_mandate(validate(kept)).shortfall_person_months["important"] == 120


def test_formats_and_the_missing_mode(doc, tmp_path):
    path = write_toml(tmp_path, doc)
    _, out, _ = invoke("risk", path, "--withdraw-each", "--format", "json")
    data = json.loads(out)
    assert data["kind"] == "withdraw_each" and data["schema_version"] == 1
    assert [r["rank"] for r in data["rows"]] == [1, 2, 3, 4, 5]
    _, out, _ = invoke("risk", path, "--withdraw-each", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows[0]["withdrawn"] == "pair" and rows[0]["members"] == "AAA;CCC"
    assert rows[0]["essential_added"] != "" and rows[0]["limits"] != ""
    _, md, _ = invoke("risk", path, "--withdraw-each", "--format", "markdown")
    assert md.startswith("**Who the plan cannot do without") and "| group pair (AAA, CCC) |" in md
    _, table, _ = invoke("risk", path, "--withdraw-each")
    assert "4 contributors and 1 group withdrawn in turn (5 solves)" in " ".join(table.split())
    _, _, err = invoke("risk", path, expect=2)
    assert "--withdraw-each" in err and "Traceback" not in err
