"""Families that decide or define rather than limit: variables, definitions, stage rows."""

from __future__ import annotations

from ..naming import Family
from .base import Ids, PlanValues, Role, Spec


class Variable(Spec):
    """A decision variable, read from a plan by the :class:`PlanValues` method ``reader``."""

    role: Role = "variable"

    def __init__(self, family: Family, reader: str, meaning: str,
                 bound_repeats_rows: bool = False, whole: bool = False) -> None:
        self.family = family  # type: ignore[misc]
        self.reader = reader
        self.meaning = meaning  # type: ignore[misc]
        self.bound_repeats_rows = bound_repeats_rows  # type: ignore[misc]
        self.whole = whole  # type: ignore[misc]

    def read(self, plan: PlanValues, ids: Ids) -> float:
        return float(getattr(plan, self.reader)(*ids))


class Fixed(Spec):
    """A definition (a row that defines a quantity) or a row or column of a later stage."""

    def __init__(self, family: Family, role: Role, meaning: str) -> None:
        self.family = family  # type: ignore[misc]
        self.role = role  # type: ignore[misc]
        self.meaning = meaning  # type: ignore[misc]


STRUCTURE: tuple[Spec, ...] = (
    Variable(Family.ASSIGNED, "persons",
             "Whole persons of a capability from a contributor on a task in a phase; made "
             "only where the contributor is eligible and has the capability then.",
             bound_repeats_rows=True),
    Variable(Family.UNITS, "units",
             "Whole formed units behind an assignment, where the capability comes in units.",
             bound_repeats_rows=True),
    Variable(Family.POOLED_UNITS, "pooled_units",
             "Whole formed units a contributor sends to a theatre (or the mission) in a phase, "
             "where its units are counted there rather than per task.",
             bound_repeats_rows=True),
    Variable(Family.SHORTFALL, "shortfall",
             "Persons a requirement lacks; minimised by priority, before any cost.",
             whole=True),
    Variable(Family.EXCESS, "excess",
             "Persons beyond a requirement that whole units bring; less than one unit.",
             whole=True),
    Variable(Family.DEPLOYED, "deployed",
             "All persons deployed in a phase, which share caps and group shares refer to.",
             whole=True),
    Variable(Family.SERVES, "serves",
             "1 when a contributor counts towards a multinational task in a phase: it "
             "sends at least a meaningful contribution."),
    Variable(Family.SLICE, "sliced",
             "1 when a contributor sends a capability to a task in a phase, then at least its "
             "minimum slice; made only where the slice is more than one unit."),
    Variable(Family.LATE, "late",
             "Persons a phase's readiness requirement counts that are not ready in time; "
             "made only where its share is below 1."),
    Variable(Family.STAFFED, "staffed", "1 when a multinational task has anyone in a phase."),
    Variable(Family.APPORTIONED, "apportioned",
             "What a scheme with fixed payments spends beyond them (at least 0), which its "
             "key apportions; in millions."),
    Fixed(Family.CHANGE, "stage", "Persons moved from the base plan (diff's anchor stage only)."),
    Fixed(Family.PHASE_TOTAL_EQ, "definitional",
          "Defines the persons deployed in a phase from the requirements and shortfalls."),
    Fixed(Family.APPORTIONED_MIN, "definitional",
          "What a scheme's key apportions is at least what it spends beyond its fixed "
          "payments."),
    Fixed(Family.UNIT_EQ, "definitional",
          "An assignment of a capability that comes in units is units × unit size."),
    Fixed(Family.POOLED_UNIT_EQ, "definitional",
          "A contributor's persons of a capability counted per theatre or mission are whole "
          "units there, split across its tasks in any numbers."),
    Fixed(Family.SERVES_LINK_MIN, "definitional",
          "A contributor counts towards a multinational task only with a meaningful "
          "contribution (meaningful_contribution persons)."),
    Fixed(Family.ASSIGNED_STAFFED_MAX, "definitional",
          "An assignment to a multinational task is 0 unless the task is staffed."),
    Fixed(Family.STAFFED_LINK_MAX, "definitional",
          "A multinational task has persons in a phase only if it is staffed."),
    Fixed(Family.SLICE_MIN, "definitional",
          "An assignment with a minimum slice is at least the slice when it is made."),
    Fixed(Family.SLICE_MAX, "definitional",
          "An assignment with a minimum slice is 0 unless it is made."),
    Fixed(Family.SERVES_STAFFED_MAX, "definitional",
          "A multinational task that a contributor serves in a phase is staffed."),
    Fixed(Family.ALLOWANCE, "cut",
          "Whole persons a share cap or a group's share allows in a phase (its cut rows)."),
    Fixed(Family.ALLOWANCE_CUT_MAX, "cut",
          "A share cap in whole persons: the persons ≤ an integer allowance ≤ the share; "
          "only the integer solves get it."),
    Fixed(Family.ALLOWANCE_CUT_MIN, "cut",
          "A group floor in whole persons: the persons ≥ an integer allowance ≥ the share; "
          "only the integer solves get it."),
    Fixed(Family.STAGE_LOCK_MAX, "stage",
          "Holds an earlier preemptive stage at its optimum while later stages solve."),
    Fixed(Family.CHANGE_UP_MIN, "stage", "change ≥ x − reference (diff's anchor stage)."),
    Fixed(Family.CHANGE_DOWN_MIN, "stage", "change ≥ reference − x (diff's anchor stage)."),
    Fixed(Family.LARGEST, "stage",
          "The largest person-months of any one contributor (an alternative's axis)."),
    Fixed(Family.LARGEST_MIN, "stage",
          "largest ≥ a contributor's person-months (an alternative's axis)."),
    Fixed(Family.COUNTED, "stage",
          "Whether a contributor counts as serving a task in a phase (an alternative's "
          "contributors-per-task axis)."),
    Fixed(Family.COUNTED_LINK_MIN, "stage",
          "Counted only with a meaningful contribution (contributors per task, pushed up)."),
    Fixed(Family.COUNTED_LINK_MAX, "stage",
          "Any persons on the task count (contributors per task, pushed down)."),
    Fixed(Family.NEAR_COST_MAX, "stage",
          "An alternative's cost is at most the optimal cost plus the slack."),
)
"""The specs of every family that is not a limit."""
