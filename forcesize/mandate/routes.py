"""Who pays for each person-month: the financing of a mandate, read once.

Every phase is paid for by its ``financing``: the built-in ``national`` (costs lie where
they fall) or ``common-fund`` (every pledge pooled for the whole mission), or a
``[financing.ID]`` scheme. A scheme's mechanism pays for the personnel *routed* to it (all
but its ``own_costs`` contributors'; in a ``mixed`` scheme only its ``common_costs``) at
the ``reimbursement`` rate of their capability or component, else at cost, and is funded
by fixed ``payments`` and, beyond them, by its key: the ``scale``, or in a common fund the
pledges pro rata. The model's money rows, the plan's burden-sharing figures and
``explain`` read these rules here; the independent checker (``results/check.py``) reads
the mandate again on its own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property

from .schema import KEYED_SCHEMES, Contributor, Mandate, Payer, Scheme


@dataclass(frozen=True)
class Route:
    """Who pays for one assignment's personnel: ``scheme`` (a ``[financing]`` id) pays
    ``rate`` per person-month to the contributor, which bears the rest of its cost; with
    no scheme the contributor bears all of it."""

    scheme: str | None
    rate: float = 0.0


NATIONAL = Route(None)


def _exact(x: float) -> Fraction:
    """The number the planner wrote, exactly (floats round-trip through repr)."""
    return Fraction(repr(float(x)))


class Routes:
    """The financing of one mandate: each phase's scheme and each person-month's route."""

    def __init__(self, mandate: Mandate, cost_per_month: Callable[[str, str, str], float]) -> None:
        self.mandate = mandate
        self._cost = cost_per_month
        self._routes: dict[tuple[str, str, str, str], Route] = {}
        self._keys: dict[str, dict[str, Fraction]] = {}

    def scheme_of(self, phase: str) -> str | None:
        """The ``[financing]`` scheme that pays for ``phase``; None for built-in financing."""
        used = self.mandate.financing_of(phase)
        return used if used in self.mandate.financing else None

    @cached_property
    def schemes(self) -> tuple[str, ...]:
        """The schemes some phase uses, in the order their first phase comes."""
        out: list[str] = []
        for phase in self.mandate.phase:
            sid = self.scheme_of(phase)
            if sid is not None and sid not in out:
                out.append(sid)
        return tuple(out)

    def phases_of(self, scheme: str) -> tuple[str, ...]:
        return tuple(p for p in self.mandate.phase if self.scheme_of(p) == scheme)

    def route(self, contributor: str, capability: str, task: str, phase: str) -> Route:
        """Who pays for ``contributor``'s ``capability`` on ``task`` in ``phase``."""
        key = (contributor, capability, task, phase)
        if key not in self._routes:
            self._routes[key] = self._route(*key)
        return self._routes[key]

    def _route(self, contributor: str, capability: str, task: str, phase: str) -> Route:
        sid = self.scheme_of(phase)
        if sid is None:
            return NATIONAL
        s = self.mandate.financing[sid]
        if contributor in s.own_costs:
            return NATIONAL
        if s.kind == "mixed" and capability not in s.common_costs \
                and task not in s.common_costs:
            return NATIONAL
        return Route(sid, self.rate(s, contributor, capability, phase))

    def paid(self, contributor: str, capability: str, task: str, phase: str,
             persons: int) -> tuple[str | None, float]:
        """(the scheme that pays for ``persons`` more of ``contributor``'s ``capability`` on
        ``task`` in ``phase``, what it pays for them); (None, 0) where their cost lies where
        it falls."""
        route = self.route(contributor, capability, task, phase)
        return route.scheme, route.rate * self.mandate.phase[phase].months * persons

    def rate(self, s: Scheme, contributor: str, capability: str, phase: str) -> float:
        """What ``s`` pays per routed person-month in ``phase``: the capability's
        reimbursement rate, else its component's, else the contributor's cost there."""
        if capability in s.reimbursement_by_capability:
            return s.reimbursement_by_capability[capability]
        component = self.mandate.capability[capability].component
        if component in s.reimbursement:
            return s.reimbursement[component]
        return self._cost(contributor, capability, phase)

    def key(self, scheme: str) -> dict[str, Fraction]:
        """Each payer's share of what ``scheme`` spends beyond its fixed payments, exactly as
        written: the scale, or in a common fund each pledge over their sum; payers with a
        share of 0 are left out. The model takes them as floats; the plan's burden-sharing
        figures sum them exactly."""
        if scheme not in self._keys:
            s = self.mandate.financing[scheme]
            if s.kind in KEYED_SCHEMES:
                found = {j: _exact(v) for j, v in sorted(s.scale.items()) if v > 0}
            else:
                total = sum((_exact(v) for v in s.pledges.values()), Fraction(0))
                found = {j: _exact(v) / total for j, v in sorted(s.pledges.items())
                         if v > 0} if total else {}
            self._keys[scheme] = found
        return self._keys[scheme]

    def fixed(self, scheme: str) -> float:
        """The fixed payments into ``scheme``, paid whatever the plan costs."""
        return sum(self.mandate.financing[scheme].payments.values())

    def capacity(self, scheme: str) -> float | None:
        """What a common fund can spend at most (its pledges and fixed payments); None
        for other kinds, whose payers pay whatever their key asks."""
        s = self.mandate.financing[scheme]
        return sum(s.pledges.values()) + self.fixed(scheme) if s.kind == "common-fund" \
            else None

    @cached_property
    def payers(self) -> tuple[str, ...]:
        """Everyone who pays: contributors, ``[payer]`` entities and anyone else a scheme
        names (a state on a scale that sends nobody), by id."""
        m = self.mandate
        named = {j for s in m.financing.values() for j in (*s.scale, *s.pledges, *s.payments)}
        return tuple(sorted({*m.contributor, *m.payer, *named}))

    def _entity(self, payer: str) -> Contributor | Payer | None:
        """The contributor or ``[payer]`` table of ``payer``; None for one a scheme names
        only."""
        return self.mandate.contributor.get(payer) or self.mandate.payer.get(payer)

    def name(self, payer: str) -> str:
        entity = self._entity(payer)
        return (entity.name if entity is not None else None) or payer

    def weight(self, payer: str) -> float | None:
        entity = self._entity(payer)
        return entity.weight if entity is not None else None

    def max_payment(self, payer: str) -> float | None:
        entity = self._entity(payer)
        return entity.max_payment if entity is not None else None

    def payer_path(self, payer: str) -> str:
        """``contributor.ID`` or ``payer.ID``: where the payer is defined."""
        return f"contributor.{payer}" if payer in self.mandate.contributor else f"payer.{payer}"

    def pays_into(self, payer: str) -> dict[str, tuple[float, float]]:
        """(fixed payment, share of the rest) of ``payer`` in each scheme it pays into."""
        out = {}
        for sid in self.schemes:
            fixed = self.mandate.financing[sid].payments.get(payer, 0.0)
            share = float(self.key(sid).get(payer, 0))
            if fixed or share:
                out[sid] = (fixed, share)
        return out
