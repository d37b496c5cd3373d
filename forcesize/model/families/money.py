"""Limits on money: pledges (whole and by phase), the common fund (whole and by phase) and
the budget. Their rows are in millions (``MONEY_SCALE``); figures are reported in the
mandate's currency."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ...fmt import number
from ...mandate.derive import Derived
from ..naming import Family, Key
from ..variables import MONEY_SCALE
from .base import ConflictContext, Ids, Limit, Move, Reason, Row, Step, price


class _Money(Limit):
    money = True
    step = Step(1e6, "money", "1 million more")

    def rate(self, key: Key, dual: float, primal: Mapping[Key, float]) -> float:
        return dual  # rows are in millions: one million is one model unit

    def state(self, d: Derived, row: Row) -> str:
        """``is spent: X of Y``, or what is left when it is too little for what is short."""
        used, bound = row.activity / MONEY_SCALE, row.rhs / MONEY_SCALE
        if bound - used < 0.005:
            return f"is spent: {self._money(d, used)} of {self._money(d, bound)}"
        return (f"has {self._money(d, bound - used)} left of {self._money(d, bound)}, too "
                "little for what is short")

    def subject(self, row: Row, mover: str | None = None) -> str:
        """What the row caps, as the subject of a sentence (``the budget``, ``its pledge``
        when ``mover`` is the contributor whose pledge it is)."""
        raise NotImplementedError

    def remedy(self, row: Row) -> str:
        raise NotImplementedError

    def limit_line(self, d: Derived, row: Row) -> str:
        subject = self.subject(row)
        return f"{subject[0].upper()}{subject[1:]} {self.state(d, row)}"

    def reason(self, d: Derived, row: Row, move: Move) -> Reason:
        return Reason(self.kind, f"{move.contributor}: {self.subject(row, move.contributor)} "
                      f"{self.state(d, row)}; {price(d, move)}", self.remedy(row), row.path)


class PledgeMax(_Money):
    family = Family.PLEDGE_MAX
    kind = "pledge"
    rank = 7
    meaning = "Under national financing a contributor spends at most its pledge."

    key_ids = ("contributor",)

    def fields(self, ids: Ids) -> tuple[str | None, str | None, str | None]:
        return ids[0], None, None

    def owner(self, entity: Ids) -> tuple[str | None, str | None]:
        return entity[0], None

    def subject(self, row: Row, mover: str | None = None) -> str:
        cid = row.key.ids[0]
        return "its pledge" if mover == cid else f"{cid}'s pledge"

    def remedy(self, row: Row) -> str:
        return "a larger pledge from {who}"

    def conflict(self, d: Derived, entity: Ids, ctx: ConflictContext) -> str:
        cid = entity[0]
        c = d.mandate.contributor[cid]
        pledge = c.pledge or 0.0
        sentence = (f"{cid} pays for its own personnel up to its pledge of "
                    f"{self._money(d, pledge)} (contributor.{cid}.pledge)")
        rates = [d.cost_per_month(cid, k) for k in d.mandate.capability
                 if any(d.pool(cid, k, p) > 0 for p in d.phases)]
        if rates and min(rates) > 0:
            sentence += (f"; at its cheapest rate, {self._money(d, min(rates))} per "
                         f"person-month, that buys {number(round(pledge / min(rates)))} "
                         f"person-months over {number(sum(d.months.values()))} months")
        return sentence + "."

    def change(self, d: Derived, entity: Ids) -> str:
        return f"1 million {d.mandate.mission.currency} more pledged by {entity[0]}"

    def path(self, d: Derived, entity: Ids) -> str:
        return f"contributor.{entity[0]}.pledge"

    def edits(self, d: Derived, entity: Ids) -> dict[str, Any] | None:
        return {self.path(d, entity): (d.mandate.contributor[entity[0]].pledge or 0.0) + 1e6}


class PledgePhaseMax(_Money):
    family = Family.PLEDGE_PHASE_MAX
    kind = "pledge"
    rank = 6
    meaning = "Under national financing money pledged for a phase caps the phase's own cost."

    key_ids = ("contributor", "phase")
    grouped_by = ("contributor",)
    priced_by = ("contributor", "phase")

    def fields(self, ids: Ids) -> tuple[str | None, str | None, str | None]:
        return ids[0], None, ids[1]

    def owner(self, entity: Ids) -> tuple[str | None, str | None]:
        return entity[0], None

    def subject(self, row: Row, mover: str | None = None) -> str:
        cid, phase = row.key.ids
        return f"its pledge for {phase}" if mover == cid else f"{cid}'s pledge for {phase}"

    def remedy(self, row: Row) -> str:
        return f"a larger pledge for {row.key.ids[1]} from {{who}}"

    def conflict(self, d: Derived, entity: Ids, ctx: ConflictContext) -> str:
        cid = entity[0]
        phased = ", ".join(f"{p} {self._money(d, v)}" for p, v in
                           d.mandate.contributor[cid].pledge_by_phase.items())
        return (f"{cid} pays for its own personnel in each phase up to its phased pledges "
                f"({phased}; contributor.{cid}.pledge_by_phase).")

    def change(self, d: Derived, entity: Ids) -> str:
        cid, phase = entity
        return f"1 million {d.mandate.mission.currency} more pledged by {cid} for {phase}"

    def path(self, d: Derived, entity: Ids) -> str:
        cid, phase = entity
        return f"contributor.{cid}.pledge_by_phase.{phase}"

    def edits(self, d: Derived, entity: Ids) -> dict[str, Any] | None:
        cid, phase = entity
        return {self.path(d, entity):
                d.mandate.contributor[cid].pledge_by_phase[phase] + 1e6}


def _donor(d: Derived, phase: str | None) -> str | None:
    """The contributor whose pledge takes one more million into the common fund (of a
    phase): the first by id that pledged for it (flat, or for that phase)."""
    for cid in sorted(d.mandate.contributor):
        c = d.mandate.contributor[cid]
        if phase is None and c.pledge is not None and not d.phased_pledges:
            return f"contributor.{cid}.pledge"
        if phase is not None and phase in c.pledge_by_phase:
            return f"contributor.{cid}.pledge_by_phase.{phase}"
    return None


class FundMax(_Money):
    family = Family.FUND_MAX
    kind = "fund"
    rank = 9
    meaning = "Under a common fund the total cost stays within the sum of the pledges."

    def subject(self, row: Row, mover: str | None = None) -> str:
        return "the common fund"

    def remedy(self, row: Row) -> str:
        return "a larger common fund, spent on {who}"

    def conflict(self, d: Derived, entity: Ids, ctx: ConflictContext) -> str:
        return (f"the total cost may not exceed the common fund of {self._money(d, d.fund)}, "
                "the sum of the pledges (objective.financing).")

    def change(self, d: Derived, entity: Ids) -> str:
        return f"1 million {d.mandate.mission.currency} more in the common fund"

    def path(self, d: Derived, entity: Ids) -> str:
        return "objective.financing"

    def edits(self, d: Derived, entity: Ids) -> dict[str, Any] | None:
        path = _donor(d, None)
        if path is None:
            return None
        cid = path.split(".")[1]
        return {path: (d.mandate.contributor[cid].pledge or 0.0) + 1e6}


class FundPhaseMax(_Money):
    family = Family.FUND_PHASE_MAX
    kind = "fund"
    rank = 8
    meaning = ("Under a common fund with phased pledges each phase's cost stays within the "
               "money pledged for it.")

    key_ids = ("phase",)

    def fields(self, ids: Ids) -> tuple[str | None, str | None, str | None]:
        return None, None, ids[0]

    def subject(self, row: Row, mover: str | None = None) -> str:
        return f"the common fund for {row.key.ids[0]}"

    def remedy(self, row: Row) -> str:
        return f"more money pledged for {row.key.ids[0]}, spent on {{who}}"

    def conflict(self, d: Derived, entity: Ids, ctx: ConflictContext) -> str:
        phase = entity[0]
        return (f"the cost of {phase} may not exceed the money pledged for it, "
                f"{self._money(d, d.fund_in_phase(phase))} (objective.financing, "
                "pledge_by_phase).")

    def change(self, d: Derived, entity: Ids) -> str:
        return f"1 million {d.mandate.mission.currency} more in the common fund for {entity[0]}"

    def path(self, d: Derived, entity: Ids) -> str:
        return _donor(d, entity[0]) or "objective.financing"

    def edits(self, d: Derived, entity: Ids) -> dict[str, Any] | None:
        path = _donor(d, entity[0])
        if path is None:
            return None
        cid = path.split(".")[1]
        c = d.mandate.contributor[cid]
        out: dict[str, Any] = {path: c.pledge_by_phase[entity[0]] + 1e6}
        if c.pledge is not None:  # phased pledges are part of the flat one: raise both
            out[f"contributor.{cid}.pledge"] = c.pledge + 1e6
        return out


class BudgetMax(_Money):
    family = Family.BUDGET_MAX
    kind = "budget"
    rank = 10
    meaning = "The total cost stays within the mandate's budget."

    def subject(self, row: Row, mover: str | None = None) -> str:
        return "the budget"

    def remedy(self, row: Row) -> str:
        return "a larger budget, spent on {who}"

    def conflict(self, d: Derived, entity: Ids, ctx: ConflictContext) -> str:
        return (f"the total cost may not exceed the budget of "
                f"{self._money(d, d.mandate.objective.budget or 0.0)} (objective.budget).")

    def change(self, d: Derived, entity: Ids) -> str:
        return f"1 million {d.mandate.mission.currency} more in the budget"

    def path(self, d: Derived, entity: Ids) -> str:
        return "objective.budget"

    def edits(self, d: Derived, entity: Ids) -> dict[str, Any] | None:
        return {"objective.budget": (d.mandate.objective.budget or 0.0) + 1e6}
