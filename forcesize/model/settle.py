"""The variables a plan implies, recomputed from its rounded decisions.

The model leaves shortfall, excess and the phase totals continuous: each is defined by an
equality row from whole persons and whole requirements, so it is whole in every plan. A
solver, though, returns them only within its feasibility tolerance, and a stage lock's
slack (:func:`~forcesize.solve.settings.lock_bound`) lets a later stage move a
requirement's shortfall and excess up *together*, which leaves its row satisfied and its
persons unchanged. In a half-month phase the important stage's slack of 1e-9 of its value
let HiGHS add 0.000196 persons to both (issue 10), beyond any integrality tolerance.

So those values are not read from the solver but recomputed here, from the rounded
persons, by the rows that define them: ``s = max(0, R − Σx)`` and ``e = max(0, Σx − R)``
from each need row, then each phase total from its own row. A pair that drifted together
cancels, which never raises an earlier stage's objective (a shortfall only falls). The
decisions (persons, units, binaries) are still rounded and refused when not whole by the
caller; an over-covered requirement without an excess variable keeps its violated row,
for the plan checker to refuse.

The amount a scheme's key apportions (``apportioned``, continuous, in millions) is
recomputed too, as the least value its row allows, max(0, spend − fixed payments): caps on
what payers pay only bind harder as it grows. So are the persons a readiness requirement
counts late (``late``, continuous), as the least value their row allows, max(0, Σx −
ready): the share row only binds harder as they grow.
"""

from __future__ import annotations

from . import BuiltModel
from .naming import Family, Key

_DEFINED = (Family.SHORTFALL, Family.EXCESS, Family.DEPLOYED, Family.APPORTIONED, Family.LATE)


def defined_names(model: BuiltModel) -> frozenset[str]:
    """LP names of the variables :func:`settle` recomputes."""
    return frozenset(e.name for k, e in model.registry.variables.items()
                     if k.family in _DEFINED)


def settle(model: BuiltModel, decisions: dict[str, float]) -> dict[str, float]:
    """The shortfall, excess and phase-total values that the (whole) ``decisions`` imply,
    by LP name; a variable absent from ``decisions`` counts as 0."""
    out: dict[str, float] = {}

    def value(name: str) -> float:
        return out.get(name, decisions.get(name, 0.0))

    for key, entry in model.registry.constraints.items():
        if key.family is not Family.NEED_COVER_EQ:
            continue
        short = model.shortfall[key.ids]
        over = model.excess.get(key.ids)
        own = {short.name} | ({over.name} if over is not None else set())
        covered = sum(coef * value(v.name) for v, coef in entry.obj.items()
                      if v.name not in own)
        gap = -entry.obj.constant - covered
        out[short.name] = max(0.0, gap) + 0.0
        if over is not None:
            out[over.name] = max(0.0, -gap) + 0.0
    for key, entry in model.registry.constraints.items():
        if key.family is not Family.PHASE_TOTAL_EQ:
            continue
        total = model.deployed[key.ids[0]]
        terms = dict(entry.obj.items())
        rest = sum(coef * value(v.name) for v, coef in terms.items() if v is not total)
        out[total.name] = (-entry.obj.constant - rest) / terms[total] + 0.0
    for key, entry in model.registry.constraints.items():
        if key.family is not Family.APPORTIONED_MIN:
            continue  # r ≥ spend − fixed, r ≥ 0: the least r, which no cap minds
        mine = model.registry.variables[Key(Family.APPORTIONED, key.ids)].name
        rest = sum(coef * value(v.name) for v, coef in entry.obj.items() if v.name != mine)
        out[mine] = max(0.0, -entry.obj.constant - rest) + 0.0
    for key, entry in model.registry.constraints.items():
        if key.family is not Family.READY_MAX:
            continue  # Σx − late ≤ ready: the least late, which the share row minds least
        late = model.registry.variables.get(Key(Family.LATE, key.ids))
        if late is None:
            continue
        rest = sum(coef * value(v.name) for v, coef in entry.obj.items() if v.name != late.name)
        out[late.name] = max(0.0, rest + entry.obj.constant) + 0.0
    return out
