"""Checks of financing: schemes named by phases exist, their fields fit their kind, keys add
up, and payers named only in a scheme are warned about.

A scheme's fields depend on its kind (a ``scale`` for keyed kinds, ``pledges`` for a
common fund, ``common_costs`` for ``mixed``); pydantic checks each field's type, these
checks the combination and every id, so that a misspelt payer or a scale adding up to
0.99 is named with its key path instead of becoming a plan that quietly leaves money
unpaid.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..errors import Issue
from .references import Tolerated, capability_keys, refs
from .schema import BUILT_IN_FINANCING, KEYED_SCHEMES, Mandate
from .suggest import did_you_mean

SCALE_TOL = 1e-6
"""How far from 1 a scale may add up (a scale copied from a UN document rounds each share)."""


def declared_payers(m: Mandate) -> list[str]:
    """Ids declared as payers: every ``[payer]`` and every contributor."""
    return sorted({*m.payer, *m.contributor})


def scheme_payers_declared(m: Mandate) -> Iterator[Issue]:
    """Warn when a scheme names a payer that is neither a contributor nor a ``[payer]``: it
    still pays (a scale of assessment names states that send nobody, and a variant that
    removes a contributor leaves its assessment), but it may be a misspelt id."""
    known = declared_payers(m)
    for sid, s in m.financing.items():
        for field in ("scale", "pledges", "payments"):
            for payer in getattr(s, field):
                if payer not in known:
                    close = did_you_mean(payer, known)
                    yield Issue(
                        code="undeclared-payer",
                        severity="warning",
                        path=f"financing.{sid}.{field}.{payer}",
                        value=repr(payer),
                        message=f"'{payer}' is neither a contributor nor a [payer]; it pays as a "
                        "payer that sends no personnel",
                        hint=close or f"declare [payer.{payer}] to give it a name, a weight or "
                        "a cap",
                    )


def _financing_ref(m: Mandate, value: str, path: str, tolerated: Tolerated) -> Iterator[Issue]:
    known = [*BUILT_IN_FINANCING, *m.financing]
    if value not in known and not tolerated.allows("financing", value):
        yield Issue(
            code="unknown-financing",
            path=path,
            value=repr(value),
            message=f"no financing has the id '{value}': give 'national' or 'common-fund', "
            "or the id of a [financing.ID] scheme",
            hint=did_you_mean(value, known),
        )


def financing_named(m: Mandate, tolerated: Tolerated) -> Iterator[Issue]:
    """``objective.financing`` and each phase's ``financing`` name a built-in financing or a
    scheme; the built-in common fund pools every pledge for the whole mission, so it
    cannot share the mission with other financing."""
    yield from _financing_ref(m, m.objective.financing, "objective.financing", tolerated)
    for pid, phase in m.phase.items():
        if phase.financing is not None:
            yield from _financing_ref(m, phase.financing, f"phase.{pid}.financing", tolerated)
    used = {pid: m.financing_of(pid) for pid in m.phase}
    if "common-fund" in used.values() and len(set(used.values())) > 1:
        pid = next(p for p, f in used.items() if f != "common-fund")
        path = f"phase.{pid}.financing" if m.phase[pid].financing else "objective.financing"
        yield Issue(
            code="common-fund-beside-other-financing",
            path=path,
            value=repr(used[pid]),
            message="the built-in common fund pools every contributor's pledge for the whole "
            f"mission, but {pid} is financed by '{used[pid]}'",
            hint="for a fund that pays some phases only, define [financing.ID] with "
            "kind = \"common-fund\" and its own pledges, and name it in those phases",
        )


def payers_distinct(m: Mandate, tolerated: Tolerated) -> Iterator[Issue]:
    """A ``[payer]`` sends no personnel: a contributor pays under its own id."""
    for pid in m.payer:
        if pid in m.contributor:
            yield Issue(
                code="payer-is-contributor",
                path=f"payer.{pid}",
                value=repr(pid),
                message=f"'{pid}' is both a payer and a contributor",
                hint="a contributor pays into schemes under its own id: delete the "
                f"[payer.{pid}] table and move its keys to [contributor.{pid}]",
            )


def schemes_valid(m: Mandate, tolerated: Tolerated) -> Iterator[Issue]:
    """Each scheme's fields fit its kind, a scale adds up to 1, and the capabilities, tasks
    and contributors it names exist (a payer it names need not: see
    :func:`scheme_payers_declared`)."""
    for sid, s in m.financing.items():
        base = f"financing.{sid}"
        keyed = s.kind in KEYED_SCHEMES
        if keyed and not s.scale:
            yield Issue(code="scheme-without-scale", path=f"{base}.scale", value=None,
                        message=f"a {s.kind} scheme needs a scale: who pays which share",
                        hint="add scale = { PAYER = share, ... }, the shares adding up to 1")
        elif keyed and abs(sum(s.scale.values()) - 1) > SCALE_TOL:
            total = sum(s.scale.values())
            effect = ("part of what the scheme spends would be paid by nobody" if total < 1
                      else "payers would pay more than the scheme spends")
            yield Issue(code="scale-does-not-add-up", path=f"{base}.scale", value=f"{total:g}",
                        message=f"the shares add up to {total:.6g}, not 1, so {effect}",
                        hint="give every payer's share, the rest of a membership as one payer "
                        "if need be")
        for field, allowed in (("scale", keyed), ("pledges", s.kind == "common-fund"),
                               ("common_costs", s.kind == "mixed")):
            if getattr(s, field) and not allowed:
                yield Issue(code="scheme-key-not-for-kind", path=f"{base}.{field}",
                            value=repr(s.kind),
                            message=f"a {s.kind} scheme has no {field}",
                            hint=_field_hint(field))
        if s.kind == "mixed" and not s.common_costs:
            yield Issue(code="mixed-without-common-costs", path=f"{base}.common_costs",
                        value=None, message="a mixed scheme names the capabilities or tasks "
                        "its mechanism pays for; without them every cost lies where it falls",
                        hint="add common_costs = [\"...\"], capability or task ids, or use "
                        "financing = \"national\"")
        for i, ref in enumerate(s.common_costs):
            if ref not in m.capability and ref not in m.task and not (
                    tolerated.allows("capability", ref) or tolerated.allows("task", ref)):
                yield Issue(code="unknown-common-cost", path=f"{base}.common_costs[{i}]",
                            value=repr(ref),
                            message=f"no capability or task has the id '{ref}'",
                            hint=did_you_mean(ref, [*m.capability, *m.task]))
        yield from refs(s.own_costs, m.contributor, f"{base}.own_costs", "contributor",
                        "unknown-contributor", "contributor", tolerated)
        yield from capability_keys(s.reimbursement_by_capability, m,
                                   f"{base}.reimbursement_by_capability", tolerated)


def _field_hint(field: str) -> str:
    return {"scale": "a scale belongs to assessed, fixed-shares and mixed schemes",
            "pledges": "pledges belong to a common-fund scheme; other schemes take fixed "
            "payments or a scale",
            "common_costs": "common costs belong to a mixed scheme"}[field]


FINANCING_CHECKS = (financing_named, payers_distinct, schemes_valid)
"""The financing checks, in the order they run."""
