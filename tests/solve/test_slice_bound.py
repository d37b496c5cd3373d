"""Minimum slices proven by the plan without them (``solve/slices.py``): the stage values
HiGHS reaches that way are those of the plain search, on generated mandates with slices,
and the arithmetic of the repair is right."""

from __future__ import annotations

import pytest

from forcesize.mandate import validate
from forcesize.pipeline import plan_mandate
from forcesize.solve.highs import HighsRun
from forcesize.solve.slices import SliceColumn, repair_fixings, respects, with_binaries
from tests.synthetic import synthetic_mandate


@pytest.mark.parametrize("seed", [3, 11, 29])
def test_the_bound_without_slices_gives_the_plain_searchs_stage_values(seed, monkeypatch):
    doc = synthetic_mandate(8, 4, 6, 2, seed=seed, units=True, multinational=True,
                            slices=True, budget_fraction=0.6)
    loaded = validate(doc)
    fast = plan_mandate(loaded)
    monkeypatch.setattr(HighsRun, "_by_slice_bound", lambda *args: None)
    plain = plan_mandate(loaded)
    assert [(s.stage, s.status) for s in fast.stages] == \
        [(s.stage, s.status) for s in plain.stages]
    for a, b in zip(fast.stages, plain.stages, strict=True):
        assert a.objective == pytest.approx(b.objective, rel=2e-6, abs=1e-6), a.stage


COLUMNS = [SliceColumn("b1", "x1", 5, ("t", "k", "p")), SliceColumn("b2", "x2", 5, ("t", "k", "p")),
           SliceColumn("b3", "x3", 5, ("u", "k", "p"))]


def test_a_token_frees_every_binary_of_its_requirement_only():
    plan = {"x1": 2.0, "x2": 10.0, "x3": 0.0}
    assert [respects(plan, c) for c in COLUMNS] == [None, True, False]
    assert repair_fixings(plan, COLUMNS) == {"b3": 0.0}


def test_a_plan_without_tokens_needs_no_repair():
    plan = {"x1": 5.0, "x2": 0.0, "x3": 7.0}
    assert repair_fixings(plan, COLUMNS) is None
    assert with_binaries(plan, COLUMNS) == {**plan, "b1": 1.0, "b2": 0.0, "b3": 1.0}
