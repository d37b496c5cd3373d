"""How each requirement was derived, rule term by rule term, in exact decimals."""

from __future__ import annotations

from decimal import Decimal

from ..derive import RULE_TERMS, Derived
from .models import Derivation, DerivationTerm


def decimal_text(x: Decimal) -> str:
    """A decimal as a planner writes it: thousands separators, no exponent, no trailing 0s."""
    text = f"{x:,f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _quantity(d: Derived, task: str, rule: str) -> str:
    attribute, _divisor, _ = RULE_TERMS[rule]
    if attribute is None:
        return "1"
    theatre = d.mandate.theatre[d.mandate.task[task].theatre]
    return decimal_text(Decimal(repr(float(getattr(theatre, attribute)))))


_WORDS = {  # rule → (rate wording, size wording), as in "2.2 per 1,000 × 2,500,000 population"
    "per_1000_population": ("per 1,000", "population"),
    "per_100_km2": ("per 100 km²", "km²"),
    "per_border_km": ("per km", "km of border"),
    "per_coastline_km": ("per km", "km of coastline"),
    "per_crossing": ("per crossing", "crossings"),
}


def derivations(d: Derived) -> list[Derivation]:
    """One derivation per task and capability (a requirement is the same in each of the
    task's phases), in task and capability id order."""
    out = []
    seen: dict[tuple[str, str], list[str]] = {}
    first = {}
    for r in d.requirements:
        key = (r.task, r.capability)
        seen.setdefault(key, []).append(r.phase)
        first.setdefault(key, r)
    for (tid, cap), phases in seen.items():
        r = first[tid, cap]
        theatre = d.mandate.task[tid].theatre
        terms, parts = [], []
        for t in r.terms:
            attribute, _divisor, wording = RULE_TERMS[t.rule]
            quantity = _quantity(d, tid, t.rule)
            terms.append(DerivationTerm(rule=t.rule, wording=wording, rate=decimal_text(t.rate),
                                        quantity=quantity, persons=decimal_text(t.persons)))
            if attribute is None:
                parts.append(f"{decimal_text(t.rate)} fixed")
            else:
                rate_words, size_words = _WORDS[t.rule]
                parts.append(f"{decimal_text(t.rate)} {rate_words} × {quantity} {size_words} "
                             f"({theatre})")
        total = decimal_text(r.exact)
        sums = " + ".join(parts) if parts else "no rule terms"
        result = f"{r.required:,}" if total == f"{r.required:,}" else f"{total} → {r.required:,}"
        formula = f"{sums} = {result}"
        text = f"{cap} for {tid} ({', '.join(phases)}): {formula} " \
               f"person{'s' if r.required != 1 else ''}"
        out.append(Derivation(task=tid, capability=cap, priority=r.priority, phases=phases,
                              required=r.required, exact=total, terms=terms, formula=formula,
                              path=f"task.{tid}.need.{cap}", text=text))
    return out
