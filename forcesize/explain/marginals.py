"""Marginal values in a planner's units, from the LP relaxation's duals.

A limit's marginal value is read in the first preemptive stage whose dual for
it is not zero: that is the stage a small change moves first (later stages
hold the earlier ones fixed, so their duals are conditional on them). The step
(100 persons of a pool in every phase, a million of money, a point of a share,
one committed person, one contributor fewer on a multinational task) and the
conversion of a dual into the effect of that step come from the family's spec
(``model/families.py``).

A dual prices the relaxation at its margin; the integer plan, in whole persons
and whole units, can gain less, more or nothing. So each marginal value also
says which mandate keys take its step (:attr:`Candidate.edits`): the pipeline
re-solves the integer model with them and :func:`marginal_records` marks the
value ``confirmed`` only when that re-solve moves the same stage the same way.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from ..fmt import money, signed
from ..mandate.derive import Derived
from ..model import Key
from ..model.families import Limit, limit
from ..model.objective import COST_STAGE
from ..solve.relax import StageDuals
from .models import Check, Marginal, Range

EPS = 1e-7
"""Smaller effects (model units per step) are taken as no effect."""


@dataclass(frozen=True)
class Candidate:
    """A marginal value of the relaxation, before any integer re-solve."""

    spec: Limit
    entity: tuple[str, ...]
    stage: str
    effect: float | None
    """Effect of the step on the stage in the LP relaxation, in reported units
    (person-months or money); None for a limit the plan reaches whose relaxation shows
    no gain at its margin (an integer re-solve alone can say what it is worth)."""
    edits: dict[str, Any] | None
    """Mandate key → new value that takes the step; None when no key does alone."""


def stage_words(stage: str, currency: str) -> tuple[str, str]:
    """(what moves, its unit) for a stage name."""
    if stage == COST_STAGE:
        return "cost", currency
    return f"{stage.removesuffix('_shortfall')} shortfall", "person-months"


def _effect_text(stage: str, effect: float, currency: str) -> str:
    what, unit = stage_words(stage, currency)
    if stage == COST_STAGE:
        word = "saves" if effect < 0 else "costs"
        return f"{word} {money(abs(effect), currency)}"
    return f"{what} {signed(effect)} {unit}"


def candidates(d: Derived, stages: list[StageDuals],
               binding: dict[Key, str] | None = None) -> list[Candidate]:
    """Every limit with a non-zero marginal value, highest-priority stage first, largest
    effect first; then every limit that keeps a shortfall open (``binding``: row → the
    stage of its highest-priority shortfall) but has no marginal value in the relaxation,
    such as a multinational rule the relaxation already sees exactly."""
    per: dict[tuple[Limit, tuple[str, ...]], dict[str, float]] = defaultdict(dict)
    for s in stages:
        acc: dict[tuple[Limit, tuple[str, ...]], float] = defaultdict(float)
        for key, dual in s.duals.items():
            spec = limit(key.family)
            if abs(dual) <= EPS or spec is None or spec.step is None:
                continue
            acc[spec, spec.marginal_entity(key.ids)] += spec.rate(d, key, dual, s.primal)
        for item, value in acc.items():
            per[item][s.stage] = value / s.unit
    order = [s.stage for s in stages]
    out = []
    for (spec, entity), effects in per.items():
        first = next((st for st in order if abs(effects.get(st, 0.0)) > EPS), None)
        if first is not None:
            out.append(Candidate(spec, entity, first, effects[first], spec.edits(d, entity)))
    seen = {(c.spec.family, c.entity) for c in out}
    silent: dict[tuple[Limit, tuple[str, ...]], str] = {}
    for key, stage in (binding or {}).items():
        spec = limit(key.family)
        if spec is None or spec.step is None:
            continue
        entity = spec.marginal_entity(key.ids)
        if (spec.family, entity) not in seen and (spec, entity) not in silent:
            silent[spec, entity] = stage
    out += [Candidate(spec, entity, stage, None, spec.edits(d, entity))
            for (spec, entity), stage in silent.items()]
    # highest priority first; within a stage, the limits the relaxation cannot price (they
    # keep a shortfall open, so they matter most), then the largest effect first
    rank = {s: i for i, s in enumerate(order)}
    rank.update({s: rank.get(s, len(rank)) for s in silent.values()})
    out.sort(key=lambda c: (rank[c.stage], c.effect is not None, -abs(c.effect or 0.0),
                            c.spec.rank, c.entity))
    return out


def marginal_records(d: Derived, found: list[Candidate], integer: dict[int, float | None],
                     ranges: dict[int, Range | str]) -> list[Marginal]:
    """The marginal values as records; ``integer[i]`` is the integer re-solve's effect of
    candidate ``i`` on its stage (None: the re-solve did not finish), absent if not run;
    ``ranges[i]`` is its interval, or why it has none, absent without ``--ranges``."""
    currency = d.mandate.mission.currency
    out = []
    for i, c in enumerate(found):
        _, unit = stage_words(c.stage, currency)
        change = c.spec.change(d, c.entity)
        got = integer.get(i)
        if got is not None and abs(got) <= EPS * max(1.0, abs(c.effect or 0.0)):
            got = 0.0
        check: Check = "unchecked"
        if i in integer and got is not None:
            if c.effect is None:  # the relaxation saw nothing: any gain the re-solve finds
                same = got < -EPS
            else:
                same = abs(got) > EPS * max(1.0, abs(c.effect)) and (got > 0) == (c.effect > 0)
            check = "confirmed" if same else "not_reached"
        relaxation = "the relaxation sees no gain at its margin" if c.effect is None else \
            f"relaxation: {signed(c.effect)}"
        if check == "confirmed":
            text = (f"{change}: {_effect_text(c.stage, got or 0.0, currency)} in the integer "
                    f"plan ({relaxation})")
        elif c.effect is None:
            moved = "no change" if not got else _effect_text(c.stage, got, currency)
            text = (f"{change}: no gain in the relaxation at its margin" +
                    (f"; re-solved: {moved}" if check == "not_reached" else
                     "; not re-solved"))
        elif check == "not_reached":
            moved = "no change" if not got else _effect_text(c.stage, got, currency)
            text = (f"{change}: {_effect_text(c.stage, c.effect, currency)} in the LP "
                    f"relaxation only; the integer plan does not reach it (re-solved: {moved})")
        else:
            text = (f"{change}: {_effect_text(c.stage, c.effect, currency)} (LP relaxation "
                    "estimate, not re-solved)")
        step = c.spec.step
        assert step is not None
        contributor, capability = c.spec.owner(c.entity)
        out.append(Marginal(kind=c.spec.kind, change=change,  # type: ignore[arg-type]
                            contributor=contributor, capability=capability, step=step.size,
                            step_unit=currency if step.unit == "money" else step.unit,
                            stage=c.stage,
                            effect=None if c.effect is None else round(c.effect, 6),
                            effect_unit=unit,
                            path=c.spec.path(d, c.entity), text=text, check=check,
                            integer_effect=None if got is None else round(got, 6),
                            range=r if isinstance(r := ranges.get(i), Range) else None,
                            range_note=r if isinstance(r, str) else None))
    return out
