"""The spec types: what a family says about itself, and a row read against a plan."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, ClassVar, Literal, Protocol

import pulp

from ...fmt import money
from ...mandate.derive import Derived
from ..naming import Family, Key
from ..variables import MONEY_SCALE

Role = Literal["variable", "requirement", "limit", "definitional", "cut", "stage"]
Ids = tuple[str, ...]


class PlanValues(Protocol):
    """A plan read as values of the model's variables (built in ``explain``)."""

    def persons(self, contributor: str, capability: str, task: str, phase: str) -> int: ...
    def units(self, contributor: str, capability: str, task: str, phase: str) -> int: ...
    def shortfall(self, task: str, capability: str, phase: str) -> int: ...
    def excess(self, task: str, capability: str, phase: str) -> int: ...
    def deployed(self, phase: str) -> int: ...
    def serves(self, contributor: str, task: str, phase: str) -> int: ...
    def sliced(self, contributor: str, capability: str, task: str, phase: str) -> int: ...
    def staffed(self, task: str, phase: str) -> int: ...
    def apportioned(self, scheme: str) -> float: ...
    def late(self, contributor: str, capability: str, phase: str) -> int: ...
    def pooled_units(self, contributor: str, capability: str, where: str,
                     phase: str) -> int: ...


@dataclass(frozen=True)
class Term:
    """One variable of a row: its key, its coefficient and its value in the plan."""

    key: Key
    coef: float
    value: float


@dataclass(frozen=True)
class Row:
    """A row of the model read against a plan (model units: persons, millions)."""

    key: Key
    description: str
    path: str
    terms: tuple[Term, ...]
    rhs: float
    sense: int
    """PuLP's sense: ``LpConstraintLE``, ``LpConstraintGE`` or ``LpConstraintEQ``."""

    @cached_property
    def activity(self) -> float:
        return sum(t.coef * t.value for t in self.terms)

    @cached_property
    def coefficients(self) -> dict[Key, float]:
        """Each variable's coefficient: ``broken_by`` reads the few a move changes, not the
        hundreds of terms of a budget or phase row (explain tries thousands of moves)."""
        out: dict[Key, float] = defaultdict(float)
        for t in self.terms:
            out[t.key] += t.coef
        return dict(out)

    def broken_by(self, delta: Mapping[Key, float], tolerance: float) -> bool:
        """Whether changing the variables by ``delta`` takes the row past its bound (by
        more than ``tolerance`` relative to the bound)."""
        coefficients = self.coefficients
        after = self.activity + sum(coefficients.get(k, 0.0) * v for k, v in delta.items())
        slack = tolerance * max(1.0, abs(self.rhs))
        if self.sense == pulp.LpConstraintLE:
            return after > self.rhs + slack
        if self.sense == pulp.LpConstraintGE:
            return after < self.rhs - slack
        return abs(after - self.rhs) > slack

    @classmethod
    def read(cls, key: Key, entry: Any, keys: Mapping[str, Key],
             values: Mapping[str, float]) -> Row:
        """The registry ``entry`` of a row, with the plan's ``values`` by LP name."""
        con = entry.obj
        terms = tuple(Term(keys[v.name], coef, values[v.name]) for v, coef in con.items())
        return cls(key, entry.description, entry.path, terms, -con.constant, con.sense)

    def total(self, family: Family) -> float:
        """Σ value of the row's variables of ``family`` with a positive coefficient."""
        return sum(t.value for t in self.terms if t.key.family is family and t.coef > 0)

    def value(self, family: Family) -> float:
        """The value of the row's (first) variable of ``family``."""
        return next((t.value for t in self.terms if t.key.family is family), 0.0)

    def by_task(self) -> dict[str, int]:
        """Persons on each task among the row's assignments (ids: c, k, t, p)."""
        out: dict[str, int] = {}
        for t in self.terms:
            if t.key.family is Family.ASSIGNED and t.value:
                out[t.key.ids[2]] = out.get(t.key.ids[2], 0) + round(t.value)
        return out


@dataclass(frozen=True)
class Move:
    """One more unit of ``capability`` (``persons`` of it) from a contributor to a task."""

    contributor: str
    capability: str
    task: str
    phase: str
    persons: int
    idle: int


@dataclass(frozen=True)
class Reason:
    """Why a contributor sends no more: a limit kind, a sentence, a remedy, a key."""

    kind: str
    text: str
    remedy: str
    path: str


@dataclass(frozen=True)
class Figures:
    """A limit's use and bound in planner units (persons, money, a share)."""

    used: float
    limit: float
    unit: str


@dataclass(frozen=True)
class Step:
    """A marginal value's step, in the planner's units."""

    size: float
    unit: str
    """``persons``, ``money`` (the mandate's currency), ``share`` or ``contributors``."""
    words: str = ""
    """The step in a few words, for the family table: ``100 more persons in every phase``."""


@dataclass
class ConflictContext:
    """What a conflict sentence may look at besides its own limit."""

    families: set[Family]
    lifted: set[tuple[Family, Ids]] = field(default_factory=set)


# --------------------------------------------------------------------------- base


class Spec:
    """A family that is not a limit: a decision variable, a definition, a stage row."""

    family: ClassVar[Family]
    role: ClassVar[Role]
    meaning: ClassVar[str]
    bound_repeats_rows: ClassVar[bool] = False
    """A variable whose upper bound only repeats what rows say (an assignment ≤ its pool
    and its requirement): the relaxation and the conflict search lift it, so that a
    row's dual or relaxation is the whole story. A binary's bound of 1 never is."""
    whole: ClassVar[bool] = False
    """A variable the model leaves continuous that is whole in every plan (a shortfall, an
    excess, a phase total: sums and differences of whole persons and requirements). The
    shortfall stages declare it integer: HiGHS in a stage's second run, with the cuts, and
    CBC always (``solve/highs.py`` and ``solve/cbc.py`` say why)."""

    def read(self, plan: PlanValues, ids: Ids) -> float:
        """The value of a variable of this family in ``plan`` (variables only)."""
        raise NotImplementedError(f"{self.family} is not read from a plan")


class Limit(Spec):
    """A family of rows that bound what a plan may do, and how it is worded."""

    role: ClassVar[Role] = "limit"
    kind: ClassVar[str]
    """The planner's word for the limit: ``pool``, ``share_cap``, ``budget``..."""
    rank: ClassVar[int]
    """Order in which limits are reported as reasons and dropped by the conflict search
    (the commitments last, so that a conflict report starts from them)."""
    money: ClassVar[bool] = False
    """Rows in millions of money (reported in the mandate's currency)."""
    step: ClassVar[Step | None] = None

    key_ids: ClassVar[tuple[str, ...]] = ()
    """What the ids of a row's key are (``contributor``, ``capability``, ``phase``...)."""
    grouped_by: ClassVar[tuple[str, ...] | None] = None
    """The ids of the mandate entity a row belongs to (None: all of them): rows of one
    entity are relaxed together in the conflict search."""
    priced_by: ClassVar[tuple[str, ...] | None] = None
    """The ids its rows are priced together by, as one marginal value (None: as
    :attr:`grouped_by`)."""

    def _pick(self, ids: Ids, names: tuple[str, ...] | None) -> Ids:
        return ids if names is None else tuple(ids[self.key_ids.index(n)] for n in names)

    def entity(self, ids: Ids) -> Ids:
        """The ids of the mandate entity a row with key ``ids`` belongs to."""
        return self._pick(ids, self.grouped_by)

    def marginal_entity(self, ids: Ids) -> Ids:
        return self._pick(ids, self.priced_by if self.priced_by is not None
                          else self.grouped_by)

    def fields(self, ids: Ids) -> tuple[str | None, str | None, str | None]:
        """(contributor, capability, phase) of a row, for the limit records."""
        return None, None, None

    def owner(self, entity: Ids) -> tuple[str | None, str | None]:
        """(contributor, capability) a marginal value's entity belongs to, if any."""
        return None, None

    def figures(self, d: Derived, row: Row) -> Figures:
        scale = MONEY_SCALE if self.money else 1.0
        unit = d.mandate.mission.currency if self.money else "persons"
        return Figures(row.activity / scale, row.rhs / scale, unit)

    def conflict(self, d: Derived, entity: Ids, ctx: ConflictContext) -> str:
        raise NotImplementedError

    def limit_line(self, d: Derived, row: Row) -> str:
        raise NotImplementedError

    def reason(self, d: Derived, row: Row, move: Move) -> Reason:
        raise NotImplementedError

    def rate(self, d: Derived, key: Key, dual: float, primal: Mapping[Key, float]) -> float:
        """The effect of one :attr:`step` on a stage objective, from the row's dual
        (d objective / d right-hand side, model units) in the LP relaxation."""
        raise NotImplementedError

    def change(self, d: Derived, entity: Ids) -> str:
        """The step, in words: ``100 more deployable infantry from TUR (in every phase)``."""
        raise NotImplementedError

    def path(self, d: Derived, entity: Ids) -> str:
        """The mandate key a planner changes to take the step."""
        raise NotImplementedError

    def edits(self, d: Derived, entity: Ids) -> dict[str, Any] | None:
        """The mandate keys and their new values that take the step, for the integer
        re-solve that confirms a marginal value; None when no key takes it alone."""
        return None

    def _money(self, d: Derived, x: float) -> str:
        return money(x, d.mandate.mission.currency)


class PerPool(Limit):
    """A limit with a row per contributor, capability and phase, grouped (and priced) by
    contributor and capability: a pool, the forces of it ready in time."""

    key_ids = ("contributor", "capability", "phase")
    grouped_by = ("contributor", "capability")

    def fields(self, ids: Ids) -> tuple[str | None, str | None, str | None]:
        return ids[0], ids[1], ids[2]

    def owner(self, entity: Ids) -> tuple[str | None, str | None]:
        return entity[0], entity[1]

    def rate(self, d: Derived, key: Key, dual: float, primal: Mapping[Key, float]) -> float:
        # the step is so many more persons on the row's right-hand side
        return dual * self.step.size  # type: ignore[union-attr]


def price(d: Derived, move: Move) -> str:
    """What the move costs: ``one infantry company of 150 for capacity costs 8.8 m USD``."""
    cost = d.cost_per_month(move.contributor, move.capability, move.phase) \
        * d.months[move.phase] \
        * move.persons
    return (f"{d.unit_words(move.contributor, move.capability)} for {move.phase} costs "
            f"{money(cost, d.mandate.mission.currency)}")
