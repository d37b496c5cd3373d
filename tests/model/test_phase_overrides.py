"""Terms that change by phase (issue 14): ``theatre.X.threat_by_phase``, a contributor's
``excluded_functions_by_phase`` / ``excluded_theatres_by_phase``,
``cost_per_month_by_phase``, ``max_share_by_phase`` and ``min_personnel_by_phase``, and a
group's ``min_share_by_phase`` / ``max_share_by_phase``. Hand-made mandates with optima
worked out by hand, on both solvers, every plan through the independent checker
(``plan_of``). Two phases of 2 months; ``inf`` costs 1,000 a person-month, so a person
costs 2,000 a phase from A and 6,000 from B (3,000 a person-month).
"""

from __future__ import annotations

import pytest

from forcesize.errors import CheckFailure, InfeasibleError, InputError
from forcesize.mandate import validate
from forcesize.pipeline import explain_mandate, plan_mandate
from forcesize.results.check import check_plan
from forcesize.results.diff import input_changes

from ..solving import SOLVERS, base, plan_of
from .test_realism import contributor, phases, task


def two(fixed: int = 10, a: int = 10, b: int = 10, **task_keys) -> dict:
    """Task t needs ``fixed`` inf in phases one and two; A (cheap) and B (dear) offer."""
    doc = phases(task(base(), fixed=fixed, **task_keys), one=2, two=2)
    contributor(doc, "A", a)
    contributor(doc, "B", b, cost=3000.0)
    return doc


def sent(plan, cid: str, phase: str) -> int:
    return sum(a.personnel for a in plan.allocations
               if (a.contributor, a.phase) == (cid, phase))


def split(plan) -> dict[str, tuple[int, int]]:
    """(A, B) persons by phase."""
    return {p: (sent(plan, "A", p), sent(plan, "B", p)) for p in ("one", "two")}


@pytest.mark.parametrize("solver", SOLVERS)
def test_a_threat_level_by_phase_scales_that_phase_only(solver):
    # Enforcement needs 10 at low threat; high (× 10) in phase one only: 100 then 10.
    doc = two(fixed=10, a=200, function="enforcement")
    doc["theatre"]["x"] |= {"threat": "low", "threat_by_phase": {"one": "high"}}
    plan = plan_of(doc, solver)
    assert [(r.phase, r.required) for r in plan.requirements] == [("one", 100), ("two", 10)]
    assert split(plan) == {"one": (100, 0), "two": (10, 0)}
    assert plan.total_cost == 220_000


@pytest.mark.parametrize("solver", SOLVERS)
def test_a_caveat_lifted_in_a_phase(solver):
    # A excludes supervision, but not in phase two: B serves in one, A (cheaper) in two.
    doc = two()
    doc["contributor"]["A"] |= {"excluded_functions": ["supervision"],
                                "excluded_functions_by_phase": {"two": []}}
    plan = plan_of(doc, solver)
    assert split(plan) == {"one": (0, 10), "two": (10, 0)}
    assert plan.total_cost == 80_000


@pytest.mark.parametrize("solver", SOLVERS)
def test_a_theatre_caveat_in_one_phase_only(solver):
    doc = two()
    doc["contributor"]["A"]["excluded_theatres_by_phase"] = {"one": ["x"]}
    plan = plan_of(doc, solver)
    assert split(plan) == {"one": (0, 10), "two": (10, 0)}


@pytest.mark.parametrize("solver", SOLVERS)
def test_a_cost_by_phase(solver):
    # Danger pay: A costs 5,000 a person-month in phase one, dearer than B's 3,000 there.
    doc = two()
    doc["contributor"]["A"]["cost_per_month_by_phase"] = {"one": {"inf": 5000.0}}
    plan = plan_of(doc, solver)
    assert split(plan) == {"one": (0, 10), "two": (10, 0)}
    assert plan.total_cost == 60_000 + 20_000


@pytest.mark.parametrize("solver", SOLVERS)
def test_a_share_cap_by_phase(solver):
    # A may send at most half of phase one, but any share in two: 5 + 5 (40,000), then
    # A 10 (20,000). The plan shows the cap by phase.
    doc = two()
    doc["contributor"]["A"] |= {"max_share": 0.5, "max_share_by_phase": {"two": 1.0}}
    plan = plan_of(doc, solver)
    assert split(plan) == {"one": (5, 5), "two": (10, 0)}
    assert plan.total_cost == 60_000
    (row,) = [c for c in plan.contributors if c.contributor == "A"]
    assert (row.max_share, row.max_share_by_phase) == (0.5, {"two": 1.0})


@pytest.mark.parametrize("solver", SOLVERS)
def test_a_commitment_in_one_phase(solver):
    # B commits to 10 in phase one only: B there (60,000), A in two (20,000).
    doc = two()
    doc["contributor"]["B"]["min_personnel_by_phase"] = {"one": 10}
    plan = plan_of(doc, solver)
    assert split(plan) == {"one": (0, 10), "two": (10, 0)}
    assert plan.total_cost == 80_000


@pytest.mark.parametrize("solver", SOLVERS)
def test_a_commitment_lifted_in_a_phase(solver):
    doc = two()
    doc["contributor"]["B"] |= {"min_personnel": 10, "min_personnel_by_phase": {"two": 0}}
    plan = plan_of(doc, solver)
    assert split(plan) == {"one": (0, 10), "two": (10, 0)}


@pytest.mark.parametrize("solver", SOLVERS)
def test_a_group_floor_in_one_phase_and_a_cap_in_another(solver):
    # Group "lead" (B) holds at least 0.5 of phase one; group "cheap" (A) at most 0.3 of
    # phase two: one 5 + 5 (40,000), two 3 + 7 (6,000 + 42,000).
    doc = two()
    doc["group"] = {"lead": {"members": ["B"], "min_share_by_phase": {"one": 0.5}},
                    "cheap": {"members": ["A"], "max_share_by_phase": {"two": 0.3}}}
    plan = plan_of(doc, solver)
    assert split(plan) == {"one": (5, 5), "two": (3, 7)}
    assert plan.total_cost == 40_000 + 48_000


@pytest.mark.parametrize("solver", SOLVERS)
def test_a_phase_override_of_a_group_share_replaces_the_share_there(solver):
    # "cheap" (A) may hold at most 0.3 of every phase, except all of phase two.
    doc = two()
    doc["group"] = {"cheap": {"members": ["A"], "max_share": 0.3,
                              "max_share_by_phase": {"two": 1.0}}}
    plan = plan_of(doc, solver)
    assert split(plan) == {"one": (3, 7), "two": (10, 0)}


# --------------------------------------------------------------------------- checker


def _moved(plan, cid: str, phase: str, to: str, rate: float) -> object:
    """The plan with ``cid``'s allocations in ``phase`` given to ``to`` at ``rate``."""
    moved = [a.model_copy(update={"contributor": to, "cost": a.personnel * rate * 2})
             if (a.contributor, a.phase) == (cid, phase) else a for a in plan.allocations]
    return plan.model_copy(update={"allocations": moved})


def test_the_checker_refuses_a_contributor_caveated_out_in_that_phase():
    doc = two()
    doc["contributor"]["A"]["excluded_functions_by_phase"] = {"one": ["supervision"]}
    plan = plan_of(doc)
    with pytest.raises(CheckFailure) as info:
        check_plan(validate(doc).mandate, _moved(plan, "B", "one", "A", 1000.0))
    assert "allocation A/inf/t/one: caveat excludes the function supervision" in \
        info.value.violations


def test_the_checker_reads_the_cost_of_the_phase():
    doc = two()
    doc["contributor"]["A"]["cost_per_month_by_phase"] = {"two": {"inf": 2000.0}}
    plan = plan_of(doc)  # A in both phases: 20,000 + 40,000
    assert split(plan) == {"one": (10, 0), "two": (10, 0)} and plan.total_cost == 60_000
    cheap = [a.model_copy(update={"cost": 20_000.0}) for a in plan.allocations]
    with pytest.raises(CheckFailure) as info:
        check_plan(validate(doc).mandate, plan.model_copy(update={"allocations": cheap}))
    assert "allocation A/inf/t/two: cost 20000.0 should be 40000.0" in info.value.violations


def test_the_checker_reads_share_caps_and_commitments_by_phase():
    doc = two()
    doc["contributor"]["A"]["max_share_by_phase"] = {"one": 0.5}
    doc["contributor"]["B"]["min_personnel_by_phase"] = {"two": 3}
    plan = plan_of(doc)
    assert split(plan) == {"one": (5, 5), "two": (7, 3)}
    greedy = _moved(plan, "B", "one", "A", 1000.0)
    lazy = _moved(greedy, "B", "two", "A", 1000.0)
    with pytest.raises(CheckFailure) as info:
        check_plan(validate(doc).mandate, lazy)
    assert "share A in one: 10 of 10 exceeds 0.5" in info.value.violations
    assert "commitment B in two: 0 deployed, at least 3 committed" in info.value.violations


# --------------------------------------------------------------------------- explain, conflicts


def test_explain_names_the_phase_key_of_a_binding_share_cap():
    # A may send half of phase one only; B has 3, so A 3 too: 4 short, for A's phase cap.
    doc = two(b=3)
    doc["contributor"]["A"]["max_share_by_phase"] = {"one": 0.5}
    _, ex = explain_mandate(validate(doc), confirm=0)
    (why,) = ex.shortfalls
    assert (why.phase, why.shortfall) == ("one", 4)
    (blocker,) = [b for b in why.blockers if b.contributor == "A"]
    assert blocker.reason == "share_cap"
    assert blocker.path == "contributor.A.max_share_by_phase.one"


def test_explain_names_the_phase_key_of_a_caveat():
    doc = two(b=0)
    doc["contributor"]["A"]["excluded_functions_by_phase"] = {"one": ["supervision"]}
    _, ex = explain_mandate(validate(doc), confirm=0)
    (why,) = ex.shortfalls
    assert (why.phase, why.shortfall) == ("one", 10)
    (blocker,) = why.blockers
    assert (blocker.reason, blocker.path) == (
        "caveat", "contributor.A.excluded_functions_by_phase.one")


def test_a_commitment_by_phase_beyond_the_pool_names_its_phase_key():
    doc = two()
    doc["contributor"]["B"]["min_personnel_by_phase"] = {"one": 20}
    with pytest.raises(InfeasibleError) as info:
        plan_mandate(validate(doc))
    assert any("B commits to at least 20 persons in one "
               "(contributor.B.min_personnel_by_phase.one)" in line
               for conflict in info.value.conflicts for line in conflict)


# --------------------------------------------------------------------------- validation


@pytest.mark.parametrize(("key", "value", "path"), [
    ("max_share_by_phase", {"tow": 0.5}, "contributor.A.max_share_by_phase.tow"),
    ("min_personnel_by_phase", {"tow": 5}, "contributor.A.min_personnel_by_phase.tow"),
    ("cost_per_month_by_phase", {"tow": {"inf": 5.0}},
     "contributor.A.cost_per_month_by_phase.tow"),
    ("excluded_functions_by_phase", {"tow": []},
     "contributor.A.excluded_functions_by_phase.tow"),
])
def test_an_unknown_phase_in_an_override_is_an_input_error(key, value, path):
    doc = two()
    doc["contributor"]["A"][key] = value
    with pytest.raises(InputError) as info:
        validate(doc)
    (issue,) = info.value.issues
    assert issue.path == path and "did you mean 'two'" in issue.hint


def test_unknown_ids_inside_a_phase_override_are_input_errors():
    doc = two()
    doc["contributor"]["A"] |= {"cost_per_month_by_phase": {"one": {"ifn": 5.0}},
                                "excluded_theatres_by_phase": {"one": ["y"]}}
    doc["theatre"]["x"]["threat_by_phase"] = {"on": "high"}
    with pytest.raises(InputError) as info:
        validate(doc)
    assert sorted(i.path for i in info.value.issues) == [
        "contributor.A.cost_per_month_by_phase.one.ifn",
        "contributor.A.excluded_theatres_by_phase.one[0]",
        "theatre.x.threat_by_phase.on"]


def test_a_group_floor_above_its_cap_in_a_phase_is_an_input_error():
    doc = two()
    doc["group"] = {"g": {"members": ["A"], "max_share": 0.4,
                          "min_share_by_phase": {"two": 0.6}}}
    with pytest.raises(InputError) as info:
        validate(doc)
    (issue,) = info.value.issues
    assert issue.path == "group.g.min_share_by_phase.two"
    assert issue.message == ("min_share 0.6 is above max_share 0.4 in two, so no plan with "
                             "anyone deployed there could satisfy both")


def test_a_diff_names_the_phase_an_override_changes():
    doc = two()
    base = validate(doc).mandate
    doc["contributor"]["A"]["max_share_by_phase"] = {"one": 0.5}
    doc["theatre"]["x"]["threat_by_phase"] = {"two": "high"}
    changes = [(c.path, c.change, c.base, c.variant)
               for c in input_changes(base, validate(doc).mandate)]
    assert changes == [("theatre.x.threat_by_phase.two", "added", None, "high"),
                       ("contributor.A.max_share_by_phase.one", "added", None, 0.5)]
