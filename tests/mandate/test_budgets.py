"""Which study points only loosen another's budgets (``mandate/budgets.py``): the digest
ignores budgets and nothing else, and covering reads a missing budget as unlimited."""

from __future__ import annotations

from forcesize.mandate.budgets import budget_view, covers

from ..helpers import valid_mandate


def _with(**budgets: float) -> dict:
    doc = valid_mandate()
    for path, value in budgets.items():
        table, *rest = path.split("__")
        where = doc.setdefault(table, {})
        for part in rest[:-1]:
            where = where.setdefault(part, {})
        where[rest[-1]] = value
    return doc


def test_documents_that_differ_only_in_budgets_share_a_digest():
    plain, plain_budgets = budget_view(valid_mandate())
    tight, budgets = budget_view(_with(objective__budget=1e6, phase__early__budget=5e5))
    assert tight == plain and plain_budgets == {}
    assert budgets == {"objective.budget": 1e6, "phase.early.budget": 5e5}


def test_any_other_change_changes_the_digest():
    doc = valid_mandate()
    doc["objective"]["max_share"] = 0.7
    assert budget_view(doc)[0] != budget_view(valid_mandate())[0]


def test_a_missing_budget_is_unlimited():
    assert covers({}, {"objective.budget": 1e9})
    assert not covers({"objective.budget": 1e9}, {})
    assert covers({"objective.budget": 2e9}, {"objective.budget": 2e9})


def test_every_budget_must_be_at_least_the_others():
    loose = {"objective.budget": 3e9, "phase.early.budget": 1e9}
    assert covers(loose, {"objective.budget": 2e9, "phase.early.budget": 1e9})
    assert not covers(loose, {"objective.budget": 2e9, "phase.early.budget": 2e9})
    # a point without the phase budget allows plans the phase budget excludes
    assert not covers(loose, {"objective.budget": 2e9})
    assert not covers({"objective.budget": 3e9}, {"financing.un.budget": 1.0})
    assert covers({"objective.budget": 3e9}, {"objective.budget": 3e9,
                                              "financing.un.budget": 1.0})
