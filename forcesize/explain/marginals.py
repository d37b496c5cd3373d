"""Marginal values in a planner's units, from the LP relaxation's duals.

A limit's marginal value is read in the first preemptive stage whose dual for
it is not zero: that is the stage a small change moves first (later stages
hold the earlier ones fixed, so their duals are conditional on them). Units:

* a pool: per 100 more persons of capability k from contributor c, in every
  phase (the pool row of each phase moves by 100);
* the budget, a pledge, the common fund: per 1 million more money;
* a share cap: per percentage point *lower* (the cost of tightening it),
  using the phase totals of the relaxation: Σ_p dual_p · D_p · 0.01;
* a commitment: per 1 more committed person in every phase.
"""

from __future__ import annotations

from collections import defaultdict

from ..mandate.derive import Derived
from ..model import Family
from ..model.naming import Tokens, lp_name
from ..model.objective import COST_STAGE
from ..solve.relax import StageDuals
from .models import Marginal

EPS = 1e-7
POOL_STEP = 100
MONEY_STEP = 1e6


def _stage_words(stage: str, currency: str) -> tuple[str, str]:
    """(what moves, its unit) for a stage name."""
    if stage == COST_STAGE:
        return "cost", currency
    return f"{stage.removesuffix('_shortfall')} shortfall", "person-months"


def _effect_text(stage: str, effect: float, currency: str) -> str:
    what, unit = _stage_words(stage, currency)
    if stage == COST_STAGE:
        word = "saves" if effect < 0 else "costs"
        return f"{word} {abs(effect):,.0f} {currency}"
    sign = "−" if effect < 0 else "+"
    return f"{what} {sign}{abs(effect):,.1f} {unit}"


def marginals(d: Derived, stages: list[StageDuals]) -> list[Marginal]:
    """Non-zero marginal values, highest-priority stage first, largest effect first."""
    m = d.mandate
    currency = m.mission.currency
    # sums of duals per limit, per stage
    per: dict[tuple[str, str | None, str | None], dict[str, float]] = defaultdict(dict)
    tok = Tokens(list(m.phase))
    for s in stages:
        acc: dict[tuple[str, str | None, str | None], float] = defaultdict(float)
        for key, dual in s.duals.items():
            if abs(dual) <= EPS:
                continue
            f = key.family
            if f is Family.POOL_MAX:
                acc["pool", key.ids[0], key.ids[1]] += dual * POOL_STEP
            elif f is Family.BUDGET_MAX:
                acc["budget", None, None] += dual  # money rows are in millions already
            elif f is Family.FUND_MAX:
                acc["fund", None, None] += dual
            elif f is Family.PLEDGE_MAX:
                acc["pledge", key.ids[0], None] += dual
            elif f is Family.SHARE_MAX:
                total = s.primal.get(lp_name(Family.DEPLOYED, tok[key.ids[1]]), 0.0)
                acc["share_cap", key.ids[0], None] -= dual * total * 0.01  # one point lower
            elif f is Family.COMMITMENT_MIN:
                acc["commitment", key.ids[0], None] += dual
        for limit, value in acc.items():
            per[limit][s.stage] = value / s.unit
    out = []
    stage_order = [s.stage for s in stages]
    for (kind, cid, cap), effects in per.items():
        first = next((st for st in stage_order if abs(effects.get(st, 0.0)) > EPS), None)
        if first is None:
            continue
        effect = effects[first]
        _, unit = _stage_words(first, currency)
        out.append(_marginal(d, kind, cid, cap, first, effect, unit, currency))
    rank = {s: i for i, s in enumerate(stage_order)}
    out.sort(key=lambda x: (rank[x.stage], -abs(x.effect), x.kind, x.contributor or "",
                            x.capability or ""))
    return out


def _marginal(d: Derived, kind: str, cid: str | None, cap: str | None, stage: str,
              effect: float, unit: str, currency: str) -> Marginal:
    moved = _effect_text(stage, effect, currency)
    if kind == "pool":
        step, step_unit = POOL_STEP, "persons"
        path = d.pool_path(cid or "", cap or "", d.phases[0]) if d.phases else ""
        change = f"{POOL_STEP} more deployable {cap} from {cid} (in every phase)"
    elif kind == "share_cap":
        step, step_unit = 0.01, "share"
        path = f"contributor.{cid}.max_share"  # the key that moves this cap alone
        change = f"{cid}'s share cap one point lower"
    elif kind == "commitment":
        step, step_unit, path = 1, "persons", f"contributor.{cid}.min_personnel"
        change = f"one more person committed by {cid} (in every phase)"
    else:
        step, step_unit = MONEY_STEP, currency
        path = {"budget": "objective.budget", "fund": "objective.financing",
                "pledge": f"contributor.{cid}.pledge"}[kind]
        whose = {"budget": "in the budget", "fund": "in the common fund",
                 "pledge": f"pledged by {cid}"}[kind]
        change = f"1 million {currency} more {whose}"
    return Marginal(kind=kind, change=change, contributor=cid, capability=cap, step=step,  # type: ignore[arg-type]
                    step_unit=step_unit, stage=stage, effect=round(effect, 6),
                    effect_unit=unit, path=path, text=f"{change}: {moved}")
