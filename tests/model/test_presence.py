"""A contributor's presence by phase (``contributor.ID.phases``, issue 14): hand-made
mandates with optima worked out by hand, on both solvers, every plan through the
independent checker (``plan_of``). Two phases of 2 months; ``inf`` costs 1,000 a
person-month, so a person costs 2,000 a phase.
"""

from __future__ import annotations

import pytest

from forcesize.errors import CheckFailure, InfeasibleError, InputError
from forcesize.mandate import validate
from forcesize.pipeline import plan_mandate
from forcesize.results.check import check_plan

from ..solving import SOLVERS, base, plan_of
from .test_realism import contributor, phases, task


def two_phases() -> dict:
    doc = phases(task(base(), fixed=10), one=2, two=2)
    contributor(doc, "A", 10, phases=["two"])  # cheap, joins in the second phase
    contributor(doc, "B", 10, cost=3000.0)
    return doc


def sent(plan, cid: str, phase: str) -> int:
    return sum(a.personnel for a in plan.allocations
               if (a.contributor, a.phase) == (cid, phase))


@pytest.mark.parametrize("solver", SOLVERS)
def test_a_contributor_serves_only_in_its_phases(solver):
    # A is cheaper but absent in phase one: B 10 there (60,000), A 10 in two (20,000).
    plan = plan_of(two_phases(), solver)
    assert (sent(plan, "A", "one"), sent(plan, "B", "one")) == (0, 10)
    assert (sent(plan, "A", "two"), sent(plan, "B", "two")) == (10, 0)
    assert plan.total_cost == 80_000


@pytest.mark.parametrize("solver", SOLVERS)
def test_a_commitment_holds_only_in_the_contributors_phases(solver):
    # B commits to 10 but takes part only in phase one: in two A (cheaper) serves alone.
    doc = two_phases()
    doc["contributor"]["A"]["phases"] = ["one", "two"]
    doc["contributor"]["B"] |= {"phases": ["one"], "min_personnel": 10}
    plan = plan_of(doc, solver)
    assert (sent(plan, "B", "one"), sent(plan, "B", "two"), sent(plan, "A", "two")) == (
        10, 0, 10)


def test_the_checker_refuses_persons_in_a_phase_the_contributor_is_absent_from():
    doc = two_phases()
    mandate = validate(doc)
    plan = plan_of(doc)
    moved = [a.model_copy(update={"contributor": "A", "cost": 10 * 2000.0})
             if (a.contributor, a.phase) == ("B", "one") else a for a in plan.allocations]
    with pytest.raises(CheckFailure) as info:
        check_plan(mandate.mandate, plan.model_copy(update={"allocations": moved}))
    assert "allocation A/inf/t/one: the contributor has no inf available in one" in \
        info.value.violations


def test_a_commitment_beyond_the_phases_it_can_serve_names_them():
    doc = two_phases()
    doc["contributor"]["A"]["min_personnel"] = 20
    with pytest.raises(InfeasibleError) as info:
        plan_mandate(validate(doc))
    assert any("A commits to at least 20 persons in each of its phases (two)" in line
               for conflict in info.value.conflicts for line in conflict)


def test_an_unknown_phase_is_an_input_error_with_a_suggestion():
    doc = two_phases()
    doc["contributor"]["A"]["phases"] = ["tow"]
    with pytest.raises(InputError) as info:
        validate(doc)
    (issue,) = info.value.issues
    assert issue.path == "contributor.A.phases[0]" and "did you mean 'two'" in issue.hint
