"""Plans a solver returns are checked before they are trusted (issue 10): the decisions
are rounded or refused, and shortfall, excess and phase totals are recomputed from them,
so a pair that a stage lock's slack let drift together cancels instead of failing the
solve; a CBC run whose root cuts lowered the bound is solved again."""

from __future__ import annotations

from pathlib import Path

import pytest

from forcesize.errors import SolverError
from forcesize.mandate import Derived, load_mandate
from forcesize.model import build_model
from forcesize.model.settle import defined_names, settle
from forcesize.solve.stages import solve, whole

DRIFT = Path(__file__).parent.parent / "fixtures" / "regressions" / "shortfall-excess-drift.toml"
KEY = ("t2", "k0", "p2")


@pytest.fixture(scope="module")
def solved():
    model = build_model(Derived(load_mandate(DRIFT).mandate))
    return model, solve(model, "cbc")


def test_a_shortfall_and_excess_that_drift_together_cancel(solved):
    model, solution = solved
    short, over = model.shortfall[KEY].name, model.excess[KEY].name
    assert solution.values[over] > 0  # units of 15 bring more than the 18 needed
    drifted = dict(solution.values)
    drifted[short] += 0.000196
    drifted[over] += 0.000196
    got = whole(drifted, model.stages[-1], "HiGHS", model)
    assert got[short] == solution.values[short]
    assert got[over] == solution.values[over]


def test_a_phase_total_is_the_sum_of_its_persons(solved):
    model, solution = solved
    assert model.deployed
    for phase, total in model.deployed.items():
        persons = sum(solution.values.get(x.name, 0.0)
                      for k, x in model.assigned.items() if k[3] == phase)
        drifted = {**solution.values, total.name: persons + 0.4}
        assert whole(drifted, model.stages[-1], "HiGHS", model)[total.name] == persons


def test_settle_recomputes_exactly_the_defined_variables(solved):
    model, solution = solved
    decisions = {k: v for k, v in solution.values.items() if k not in defined_names(model)}
    implied = settle(model, decisions)
    assert set(implied) == defined_names(model)
    assert all(implied[k] == solution.values.get(k, 0.0) for k in implied)


def test_a_decision_that_is_not_whole_is_still_refused(solved):
    model, solution = solved
    name = next(x.name for k, x in sorted(model.assigned.items())
                if solution.values.get(x.name, 0.0) > 0)
    drifted = {**solution.values, name: solution.values[name] + 0.3}
    with pytest.raises(SolverError, match="not a whole number"):
        whole(drifted, model.stages[-1], "HiGHS", model)


def test_an_overfilled_requirement_without_excess_keeps_no_shortfall(solved):
    model, solution = solved
    key, persons = next((k, x) for k in model.shortfall if k not in model.excess
                        for a, x in model.assigned.items() if (a[2], a[1], a[3]) == k)
    decisions = {k: v for k, v in solution.values.items() if k not in defined_names(model)}
    decisions[persons.name] = decisions.get(persons.name, 0.0) + 10_000
    assert settle(model, decisions)[model.shortfall[key].name] == 0


def test_a_cbc_log_whose_root_cuts_lower_the_bound_is_caught():
    from forcesize.solve.cbc import root_bound_fell

    broken = "Cuts at root node changed objective from 0.84 to -1.79769e+308\n"
    assert root_bound_fell("Continuous objective value is 0.81\n" + broken)
    assert not root_bound_fell("Cuts at root node changed objective from 0.81 to 0.81\n")
    assert not root_bound_fell("Cuts at root node changed objective from 0.8 to 0.95\n")
    assert not root_bound_fell("no cuts line at all")
