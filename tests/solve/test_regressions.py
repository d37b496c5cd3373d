"""Every mandate that ever broke a solver or the checker, with its known answer.

``tests/fixtures/regressions/NAME.toml`` is the mandate (its header says what broke and
where it was reported); ``NAME.json`` is what it must give: the four stage values
(essential, important, desirable person-months, cost) on both solvers, ``infeasible``
(no plan on either solver), or the code of the validation error it must raise. Add a file
here for every new defect found.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from forcesize.errors import InfeasibleError, InputError
from forcesize.mandate import load_mandate
from forcesize.pipeline import plan_mandate

from ..solving import SOLVERS

FOLDER = Path(__file__).parent.parent / "fixtures" / "regressions"
CASES = sorted(p.stem for p in FOLDER.glob("*.toml"))


def test_every_regression_has_its_answer():
    assert CASES
    assert {p.stem for p in FOLDER.glob("*.json")} == set(CASES)
    for name in CASES:
        assert (FOLDER / f"{name}.toml").read_text(encoding="utf-8").startswith("# Issue"), name


@pytest.mark.parametrize("solver", SOLVERS)
@pytest.mark.parametrize("name", CASES)
def test_a_past_failure_gives_its_known_answer(name, solver):
    expected = json.loads((FOLDER / f"{name}.json").read_text(encoding="utf-8"))
    if "error" in expected:
        with pytest.raises(InputError) as info:
            load_mandate(FOLDER / f"{name}.toml")
        assert expected["error"] in {i.code for i in info.value.issues}
        return
    loaded = load_mandate(FOLDER / f"{name}.toml")
    if expected.get("infeasible"):
        with pytest.raises(InfeasibleError):
            plan_mandate(loaded, solver=solver)
        return
    plan = plan_mandate(loaded, solver=solver, time_limit=expected.get("time_limit"))
    assert plan.status == "optimal"
    got = [s.objective for s in plan.stages]
    assert all(math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-6)
               for a, b in zip(got, expected["stages"], strict=True)), got


def test_a_commitment_with_nothing_to_serve_is_named_as_the_conflict():
    with pytest.raises(InfeasibleError) as info:
        plan_mandate(load_mandate(FOLDER / "commitment-nothing-to-serve.toml"))
    assert info.value.conflicts == [[
        "c000 deploys at least 81 persons in p0 (contributor.c000.min_personnel), but nothing "
        "it may serve is required in p0: no task needs a capability it can send there, or it "
        "is not eligible for those that do"]]
