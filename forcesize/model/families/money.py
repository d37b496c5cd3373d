"""Limits on money: pledges (whole and by phase), the common fund (whole and by phase), the
budget, and the limits of financing schemes (a scheme's fund and budget, a phase's budget, a
payer's cap on payments, a contributor's cap on its net burden). Their rows are in millions
(``MONEY_SCALE``); figures are reported in the mandate's currency."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ...fmt import money, number
from ...mandate.derive import Derived
from ..naming import Family, Key
from ..variables import MONEY_SCALE
from .base import ConflictContext, Ids, Limit, Move, Reason, Row, Step, price


class _Money(Limit):
    money = True
    step = Step(1e6, "money", "1 million more")

    def rate(self, d: Derived, key: Key, dual: float, primal: Mapping[Key, float]) -> float:
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
        rates = [d.cost_per_month(cid, k, p) for k in d.mandate.capability
                 for p in d.phases if d.pool(cid, k, p) > 0]
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


# ------------------------------------------------------------- financing schemes


def _scheme_cost(d: Derived, move: Move) -> tuple[str | None, float]:
    """(the scheme that would pay for ``move``, what it would pay)."""
    return d.routes.paid(move.contributor, move.capability, move.task, move.phase,
                         move.persons)


class _SchemeMoney(_Money):
    """A scheme's fund or budget: one more person costs it the rate it pays, which is what
    the reason quotes beside the person's own cost."""

    def reason(self, d: Derived, row: Row, move: Move) -> Reason:
        sid = row.key.ids[0]
        scheme, cost = _scheme_cost(d, move)
        paid = cost if scheme == sid else 0.0
        return Reason(self.kind, f"{move.contributor}: {self.subject(row, move.contributor)} "
                      f"{self.state(d, row)}; {price(d, move)}, of which {sid} would pay "
                      f"{self._money(d, paid)}", self.remedy(row), row.path)


class SchemeFundMax(_SchemeMoney):
    family = Family.SCHEME_FUND_MAX
    kind = "fund"
    rank = 11
    meaning = "A common-fund scheme spends at most its pledges and fixed payments."

    key_ids = ("financing",)

    def subject(self, row: Row, mover: str | None = None) -> str:
        return f"the {row.key.ids[0]} fund"

    def remedy(self, row: Row) -> str:
        return f"more money pledged to {row.key.ids[0]}, spent on {{who}}"

    def conflict(self, d: Derived, entity: Ids, ctx: ConflictContext) -> str:
        sid = entity[0]
        return (f"{sid} pays for the personnel it finances out of its pledges and fixed "
                f"payments, {self._money(d, d.routes.capacity(sid) or 0.0)} "
                f"(financing.{sid}.pledges).")

    def change(self, d: Derived, entity: Ids) -> str:
        return f"1 million {d.mandate.mission.currency} more pledged to {entity[0]}"

    def path(self, d: Derived, entity: Ids) -> str:
        s = d.mandate.financing[entity[0]]
        if s.pledges:
            return f"financing.{entity[0]}.pledges.{min(s.pledges)}"
        if s.payments:
            return f"financing.{entity[0]}.payments.{min(s.payments)}"
        return f"financing.{entity[0]}.pledges"

    def edits(self, d: Derived, entity: Ids) -> dict[str, Any] | None:
        s = d.mandate.financing[entity[0]]
        table = s.pledges or s.payments
        if not table:
            return None
        return {self.path(d, entity): table[min(table)] + 1e6}


class SchemeBudgetMax(_SchemeMoney):
    family = Family.SCHEME_BUDGET_MAX
    kind = "budget"
    rank = 12
    meaning = "A scheme pays at most its budget for the personnel routed to it."

    key_ids = ("financing",)

    def subject(self, row: Row, mover: str | None = None) -> str:
        return f"the {row.key.ids[0]} budget"

    def remedy(self, row: Row) -> str:
        return f"a larger {row.key.ids[0]} budget, spent on {{who}}"

    def conflict(self, d: Derived, entity: Ids, ctx: ConflictContext) -> str:
        sid = entity[0]
        return (f"{sid} pays at most {self._money(d, d.mandate.financing[sid].budget or 0.0)} "
                f"for the personnel it finances (financing.{sid}.budget).")

    def change(self, d: Derived, entity: Ids) -> str:
        return f"1 million {d.mandate.mission.currency} more in the {entity[0]} budget"

    def path(self, d: Derived, entity: Ids) -> str:
        return f"financing.{entity[0]}.budget"

    def edits(self, d: Derived, entity: Ids) -> dict[str, Any] | None:
        return {self.path(d, entity): (d.mandate.financing[entity[0]].budget or 0.0) + 1e6}


class PhaseBudgetMax(_Money):
    family = Family.PHASE_BUDGET_MAX
    kind = "budget"
    rank = 13
    meaning = "The cost of a phase's personnel stays within the phase's budget."

    key_ids = ("phase",)

    def fields(self, ids: Ids) -> tuple[str | None, str | None, str | None]:
        return None, None, ids[0]

    def subject(self, row: Row, mover: str | None = None) -> str:
        return f"the budget of {row.key.ids[0]}"

    def remedy(self, row: Row) -> str:
        return f"a larger budget for {row.key.ids[0]}, spent on {{who}}"

    def conflict(self, d: Derived, entity: Ids, ctx: ConflictContext) -> str:
        phase = entity[0]
        return (f"the cost of {phase} may not exceed its budget of "
                f"{self._money(d, d.mandate.phase[phase].budget or 0.0)} "
                f"(phase.{phase}.budget).")

    def change(self, d: Derived, entity: Ids) -> str:
        return f"1 million {d.mandate.mission.currency} more in the budget of {entity[0]}"

    def path(self, d: Derived, entity: Ids) -> str:
        return f"phase.{entity[0]}.budget"

    def edits(self, d: Derived, entity: Ids) -> dict[str, Any] | None:
        return {self.path(d, entity): (d.mandate.phase[entity[0]].budget or 0.0) + 1e6}


def _payer_part(d: Derived, payer: str, move: Move) -> float:
    """What ``payer``'s key share of the scheme that would pay for ``move`` comes to (before
    any fixed payments absorb it)."""
    scheme, cost = _scheme_cost(d, move)
    return 0.0 if scheme is None else float(d.routes.key(scheme).get(payer, 0)) * cost


def _shares_words(d: Derived, payer: str) -> str:
    """``a fixed 10 m USD to trust and 25 % of what un spends beyond its fixed payments``."""
    parts = []
    for sid, (fixed, share) in d.routes.pays_into(payer).items():
        if fixed:
            parts.append(f"a fixed {money(fixed, d.mandate.mission.currency)} to {sid}")
        if share:
            beyond = " beyond its fixed payments" if d.routes.fixed(sid) else ""
            parts.append(f"{share:.4g} of what {sid} spends{beyond}")
    return " and ".join(parts) or "nothing"


class PaymentMax(_Money):
    family = Family.PAYMENT_MAX
    kind = "payment_cap"
    rank = 14
    meaning = ("A payer pays into financing schemes at most its cap: fixed payments and its "
               "share of what each scheme spends.")

    key_ids = ("payer",)

    def subject(self, row: Row, mover: str | None = None) -> str:
        payer = row.key.ids[0]
        return "its cap on payments" if mover == payer else f"{payer}'s cap on payments"

    def remedy(self, row: Row) -> str:
        return f"a higher cap on what {row.key.ids[0]} pays, spent on {{who}}"

    def reason(self, d: Derived, row: Row, move: Move) -> Reason:
        payer = row.key.ids[0]
        return Reason(self.kind, f"{move.contributor}: {self.subject(row, move.contributor)} "
                      f"{self.state(d, row)}; {price(d, move)}, and {payer} would pay "
                      f"{self._money(d, _payer_part(d, payer, move))} of it", self.remedy(row),
                      row.path)

    def conflict(self, d: Derived, entity: Ids, ctx: ConflictContext) -> str:
        payer = entity[0]
        return (f"{payer} pays into schemes at most "
                f"{self._money(d, d.routes.max_payment(payer) or 0.0)} "
                f"({self.path(d, entity)}); it owes {_shares_words(d, payer)}.")

    def change(self, d: Derived, entity: Ids) -> str:
        return f"1 million {d.mandate.mission.currency} more that {entity[0]} will pay"

    def path(self, d: Derived, entity: Ids) -> str:
        return f"{d.routes.payer_path(entity[0])}.max_payment"

    def edits(self, d: Derived, entity: Ids) -> dict[str, Any] | None:
        return {self.path(d, entity): (d.routes.max_payment(entity[0]) or 0.0) + 1e6}


class NetBurdenMax(_Money):
    family = Family.NET_BURDEN_MAX
    kind = "burden_cap"
    rank = 15
    meaning = ("A contributor's net national burden (its personnel's cost, less what schemes "
               "reimburse it, plus what it pays into them) stays within its cap.")

    key_ids = ("contributor",)

    def fields(self, ids: Ids) -> tuple[str | None, str | None, str | None]:
        return ids[0], None, None

    def owner(self, entity: Ids) -> tuple[str | None, str | None]:
        return entity[0], None

    def subject(self, row: Row, mover: str | None = None) -> str:
        cid = row.key.ids[0]
        return "its cap on its net burden" if mover == cid else f"{cid}'s cap on its net burden"

    def remedy(self, row: Row) -> str:
        return "a higher cap on the net burden of {who}"

    def conflict(self, d: Derived, entity: Ids, ctx: ConflictContext) -> str:
        cid = entity[0]
        cap = d.mandate.contributor[cid].max_net_burden or 0.0
        return (f"{cid}'s net national burden, the cost of its personnel less what schemes "
                f"reimburse it plus what it pays into them ({_shares_words(d, cid)}), may not "
                f"exceed {self._money(d, cap)} (contributor.{cid}.max_net_burden).")

    def change(self, d: Derived, entity: Ids) -> str:
        return (f"1 million {d.mandate.mission.currency} more of net burden that {entity[0]} "
                "will bear")

    def path(self, d: Derived, entity: Ids) -> str:
        return f"contributor.{entity[0]}.max_net_burden"

    def edits(self, d: Derived, entity: Ids) -> dict[str, Any] | None:
        cap = d.mandate.contributor[entity[0]].max_net_burden or 0.0
        return {self.path(d, entity): cap + 1e6}
