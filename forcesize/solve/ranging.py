"""Where a marginal value holds: the LP relaxation followed along one limit's step.

A marginal value is a slope of the relaxation, and a slope holds only until another limit
starts to bind. HiGHS's own ranging answers that for one row's bound at a time, but a
planner's step moves several rows at once (a pool in every phase), the stages are
preemptive (past some point a higher-priority stage moves, and the lower stage's slope
means nothing), and the builder derives numbers from the mandate that do not move in
proportion (a big-M that is the pool below the requirement and the requirement above it,
a unit count rounded down). So the interval is found on the relaxation itself:

* a **line**: the model built at a point and again a step further, their difference
  (right-hand sides, bounds, coefficients) changed in place in HiGHS, with the stages
  solved in order and the earlier ones locked as :mod:`relax` locks them. The slope holds
  at a point when every earlier stage keeps its value and the priced stage has moved by
  the slope times the steps; the line is followed by doubling, and its end found by
  bisection to a hundredth of a step;
* every end a line finds is **checked on the model rebuilt there** from the mandate. If
  the rebuilt model is off the slope, or has other variables or rows (the interval ends
  where the model's shape changes: a pool too small for one whole unit, a pool of 0),
  the end is found again by bisection on rebuilt models. If the model one hundredth
  further is still on the slope, the line had strayed from the model beyond its end (a
  derived number bent), and a new line starts there.

Positions are measured in steps of the limit's own rows (the persons of a pool, the money
of a budget), not of the mandate's keys: a standing force is divided by its sustainment
ratio and rounded down, so its key does not move its pool in proportion.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal

from ..errors import SolverError
from ..model import BuiltModel, Key
from .highs import highs_lp, new_highs, run_interruptibly
from .settings import lock_bound

End = Literal["slope", "valid", "searched", "shape"]
"""Why an interval ends: the slope changes beyond it (another limit binds, or a higher
stage moves); the mandate's key cannot go further; the search stopped at
:data:`FARTHEST` steps with the slope still holding; or the model beyond has other
variables or rows and no line leads on (a pool too small for one whole unit)."""

FARTHEST = 10_000.0
"""Steps searched in each direction at most (a million persons for a pool's 100)."""
RESOLUTION = 0.01
"""Steps to which an end is found: one person of a pool's 100, 10,000 of a million."""
REL_TOL = 1e-7
"""Relative tolerance (of the stage's value) within which a value is on the slope."""
LINES = 25
"""Lines followed at most in one direction before the search stops (``searched``)."""


class NotLinear(Exception):
    """Two models that differ in more than their numbers: no line between them."""


@dataclass(frozen=True)
class Found:
    """One end of the interval."""

    steps: float
    """Where, in steps of the limit's rows (signed; 0 is the mandate itself)."""
    at: float
    """Where, in steps of the mandate's keys (what :data:`Rebuild` was given)."""
    end: End
    model: BuiltModel | None
    """The model rebuilt there (None at the mandate itself)."""
    change: float
    """The priced stage's change there in the rebuilt relaxation (model units)."""


Rebuild = Callable[[float], BuiltModel | None]
"""The model of the mandate with the step's keys ``t`` steps away (whole numbers rounded
as the mandate rounds them); None where the mandate would not be valid."""


def _numbers(model: BuiltModel, stages: list[str]) -> tuple[Any, list[str], list[Any]]:
    """The relaxation's arrays, column names and each named stage's costs."""
    import numpy as np

    lp, names, index = highs_lp(model, relax=True, open_bounds=True, cuts=False)
    costs = []
    for name in stages:
        c = np.zeros(len(names))
        for var, coef in next(s for s in model.stages if s.name == name).pairs:
            c[index[var.name]] += coef
        costs.append(c)
    return lp, names, costs


class Parametric:
    """The relaxation of ``base`` with every number moved ``t / steps`` of the way towards
    ``stepped`` (the model built ``steps`` steps on), up to ``stage``: one HiGHS instance
    per stage, each holding the earlier stages' lock rows, so that each starts from its own
    optimal basis at the last ``t`` (a few simplex iterations rather than a solve from
    scratch)."""

    def __init__(self, base: BuiltModel, stepped: BuiltModel | None, stage: str,
                 steps: float = 1.0) -> None:
        import highspy
        import numpy as np

        order = [s.name for s in base.stages if s.pairs and not s.columns]
        if stage not in order:
            raise NotLinear(f"no stage '{stage}' to range")
        self.names = order[:order.index(stage) + 1]
        self.descriptions = {s.name: s.description for s in base.stages}
        lp, names, costs = _numbers(base, self.names)
        lp1, names1, costs1 = (lp, names, costs) if stepped is None else \
            _numbers(stepped, self.names)
        if names != names1 or (stepped is not None and list(base.registry.constraints)
                               != list(stepped.registry.constraints)):
            raise NotLinear("the step changes which variables or rows the model has")
        a, a1 = lp.a_matrix_, lp1.a_matrix_
        if not (np.array_equal(a.start_, a1.start_) and np.array_equal(a.index_, a1.index_)):
            raise NotLinear("the step changes which variables a row holds")
        if any(not np.array_equal(c, c1) for c, c1 in zip(costs, costs1, strict=True)):
            raise NotLinear("the step changes what a stage minimises")
        self.moves: list[tuple[Any, Any, Any, Any]] = []
        """(indices, base, change per step, setter name) of each kind of number that moves."""
        for lower, upper, setter in (("row_lower_", "row_upper_", "changeRowsBounds"),
                                     ("col_lower_", "col_upper_", "changeColsBounds")):
            lo = np.array(getattr(lp, lower), float)
            up = np.array(getattr(lp, upper), float)
            d_lo = _difference(lo, np.array(getattr(lp1, lower), float)) / steps
            d_up = _difference(up, np.array(getattr(lp1, upper), float)) / steps
            idx = np.flatnonzero((d_lo != 0) | (d_up != 0)).astype(np.int32)
            self.moves.append((idx, np.stack([lo[idx], up[idx]]),
                               np.stack([d_lo[idx], d_up[idx]]), setter))
        v0, v1 = np.array(a.value_, float), np.array(a1.value_, float)
        changed = np.flatnonzero(v0 != v1)
        columns = np.searchsorted(np.array(a.start_), changed, side="right") - 1
        self.coefficients = [(int(np.array(a.index_)[i]), int(c), float(v0[i]),
                              float(v1[i] - v0[i]) / steps) for i, c in zip(changed, columns,
                                                                    strict=True)]
        n = len(names)
        self.instances = []
        for k, cost in enumerate(costs):
            h = new_highs()
            if n:
                h.passModel(lp)
            for earlier in costs[:k]:
                nz = np.flatnonzero(earlier).astype(np.int32)
                h.addRow(-highspy.kHighsInf, highspy.kHighsInf, len(nz), nz, earlier[nz])
            h.changeColsCost(n, np.arange(n, dtype=np.int32), cost)
            self.instances.append(h)
        self.rows = int(lp.num_row_)

    def values(self, t: float) -> list[float] | None:
        """The stages' optima (model units) at ``t`` steps, in order; None when the
        relaxation has no optimum there (the step took a limit below what must hold)."""
        import highspy

        out: list[float] = []
        for k, h in enumerate(self.instances):
            for idx, base, delta, setter in self.moves:
                if len(idx):
                    moved = base + t * delta
                    getattr(h, setter)(len(idx), idx, moved[0], moved[1])
            for row, col, value, delta in self.coefficients:
                h.changeCoeff(row, col, value + t * delta)
            for j, value in enumerate(out):
                h.changeRowBounds(self.rows + j, -highspy.kHighsInf, lock_bound(value))
            interrupt = run_interruptibly(h)
            if interrupt is not None:
                raise interrupt
            status = h.getModelStatus()
            if status == highspy.HighsModelStatus.kInfeasible:
                return None
            if status != highspy.HighsModelStatus.kOptimal:
                raise SolverError(f"the LP relaxation stopped with status "
                                  f"'{h.modelStatusToString(status)}' while ranging the "
                                  f"{self.descriptions[self.names[k]]} stage")
            out.append(float(h.getInfo().objective_function_value))
        return out


def _difference(a: Any, b: Any) -> Any:
    """b − a, where an infinite bound that stays infinite moves by nothing."""
    import numpy as np

    if np.any(np.isinf(a) != np.isinf(b)) or np.any(np.isinf(a) & (a != b)):
        raise NotLinear("the step opens or closes a bound")
    finite = ~np.isinf(a)
    out = np.zeros(len(a))
    out[finite] = b[finite] - a[finite]
    return out


def relaxation(model: BuiltModel, stage: str) -> list[float] | None:
    """The stages' optima (model units) of ``model``'s relaxation up to ``stage``."""
    return Parametric(model, None, stage).values(0.0)


def on_slope(base: list[float], got: list[float] | None, change: float) -> bool:
    """Whether the stages' values ``got`` are the ``base`` values with the last stage moved
    by ``change`` and every earlier stage where it was."""
    if got is None:
        return False
    want = [*base[:-1], base[-1] + change]
    return all(abs(g - w) <= REL_TOL * max(1.0, abs(w), abs(b))
               for g, w, b in zip(got, want, base, strict=True))


class Ranging:
    """The interval of one marginal value: ``slope`` (model units per step) of ``stage``,
    for a step that moves ``rows`` of the model by ``per_step`` each (model units)."""

    def __init__(self, model: BuiltModel, rebuild: Rebuild, stage: str, slope: float,
                 rows: Sequence[Key], per_step: float) -> None:
        self.model, self.rebuild, self.stage, self.slope = model, rebuild, stage, slope
        self.rows, self.per_step = list(rows), per_step
        base = relaxation(model, stage)
        if base is None:
            raise SolverError("the LP relaxation has no optimum at the mandate itself")
        self.base = base
        self.origin = self._rhs(model)
        self.shape = _shape(model)

    def _rhs(self, model: BuiltModel) -> dict[Key, float]:
        constraints = model.registry.constraints
        return {k: -constraints[k].obj.constant for k in self.rows if k in constraints}

    def taken(self, model: BuiltModel) -> float:
        """The steps ``model`` (of the mandate's shape) is from the mandate, read on the
        limit's rows."""
        rhs = self._rhs(model)
        moved = [(rhs[k] - v) / self.per_step for k, v in self.origin.items()]
        return sum(moved) / len(moved)

    def check(self, at: float) -> Found | End:
        """The model rebuilt ``at`` key steps away, if its relaxation is on the slope."""
        model = self.rebuild(at)
        if model is None:
            return "valid"
        if _shape(model) != self.shape:
            return "shape"
        steps = self.taken(model)
        got = relaxation(model, self.stage)
        if not on_slope(self.base, got, steps * self.slope):
            return "slope"
        assert got is not None
        return Found(steps, at, "slope", model, got[-1] - self.base[-1])

    def _line(self, start: Found, sign: float, room: float
              ) -> tuple[Parametric, Found] | None:
        """A line from ``start`` a step on (or half the ``room`` left, or a hundredth of a
        step where a whole step has another shape), with the point it was built to."""
        model = start.model or self.model
        for length in (min(1.0, room / 2), RESOLUTION):
            at = start.at + sign * length
            ahead = self.rebuild(at)
            if ahead is None or _shape(ahead) != self.shape:
                continue
            try:
                steps = self.taken(ahead) - start.steps
                if not steps:
                    continue
                line = Parametric(model, ahead, self.stage, steps)
            except NotLinear:
                continue
            return line, Found(start.steps + steps, at, "slope", ahead, 0.0)
        return None

    def walk(self, sign: float, limit: float) -> Found:
        """The farthest point (``sign`` the direction, ``limit`` the key steps the mandate
        allows) to which the slope holds."""
        good = Found(0.0, 0.0, "slope", None, 0.0)
        farthest = min(limit, FARTHEST)
        end: End = "valid" if limit <= FARTHEST else "searched"
        for _ in range(LINES):
            room = farthest - abs(good.at)
            if room < RESOLUTION:
                return replace(good, end=end)
            built = self._line(good, sign, room)
            if built is None:
                return replace(good, end="shape")
            line, ahead = built
            scale = (ahead.at - good.at) / (ahead.steps - good.steps)  # key per row steps

            def holds(u: float, line: Parametric = line, start: float = good.steps) -> bool:
                return on_slope(self.base, line.values(sign * u),
                                (start + sign * u) * self.slope)

            u, stop = _search(holds, room / abs(scale))
            if u:
                found = self.check(good.at + sign * u * abs(scale))
                if isinstance(found, str):  # a derived number bent inside the line
                    return self._bisect(good, good.at + sign * u * abs(scale), found)
                good = found
            if stop != "slope":
                return replace(good, end=end if stop == "valid" else stop)
            beyond = good.at + sign * RESOLUTION
            if abs(beyond) > farthest + 1e-9:
                return replace(good, end=end)
            found = self.check(beyond)
            if isinstance(found, str):
                return replace(good, end=found)
            good = found  # the line strayed beyond its end; a new one starts here
        return replace(good, end="searched")

    def _bisect(self, good: Found, bad: float, why: End) -> Found:
        """The end between ``good`` (on the slope) and ``bad`` (key steps, off it for
        ``why``), on rebuilt models, to a hundredth of a step: a hundredth back from
        ``bad`` first (a pool of 0 ends a line with its rows), then by halves."""
        back = bad - math.copysign(RESOLUTION, bad - good.at)
        if abs(back - good.at) > RESOLUTION / 2:
            found = self.check(back)
            if not isinstance(found, str):
                return replace(found, end=why)
            bad, why = back, found
        while abs(bad - good.at) > RESOLUTION:
            mid = round((good.at + bad) / 2, 2)
            if mid in (good.at, bad):
                break
            found = self.check(mid)
            if isinstance(found, str):
                bad, why = mid, found
            else:
                good = found
        return replace(good, end=why)


def _shape(model: BuiltModel) -> tuple[list[Key], list[Key]]:
    """The model's variables and rows: an interval ends where they change (a pool too
    small for one whole unit has no unit variables), since a slope of one model says
    nothing of another."""
    return list(model.registry.variables), list(model.registry.constraints)


def _search(holds: Callable[[float], bool], limit: float) -> tuple[float, End]:
    """The farthest ``t`` (0 ≤ t ≤ limit) at which ``holds``: doubling from one step, then
    bisection to :data:`RESOLUTION`, then the whole hundredth below the first refusal (a
    mandate's numbers are whole persons or round sums, so its breakpoints usually are)."""
    good, bad = 0.0, math.inf
    t = min(1.0, limit)
    while t > good:
        if not holds(t):
            bad = t
            break
        good = t
        if t >= limit:
            break
        t = min(2 * t, limit)
    if bad == math.inf:
        return good, "valid"
    while bad - good > RESOLUTION:
        mid = (good + bad) / 2
        if holds(mid):
            good = mid
        else:
            bad = mid
    snap = math.floor(round(bad / RESOLUTION, 9)) * RESOLUTION
    if good < snap < bad and holds(snap):
        good = snap
    return round(good, 9), "slope"
