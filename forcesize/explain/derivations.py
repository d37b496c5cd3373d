"""How each requirement was derived, rule term by rule term, in exact decimals."""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal

from ..mandate.derive import RULE_TERMS, THROUGHPUT, Derived, Requirement, Term
from .models import Derivation, DerivationTerm


def decimal_text(x: Decimal) -> str:
    """A decimal as a planner writes it: thousands separators, no exponent, no trailing 0s;
    one that does not end within six places is shown rounded, with ``≈``."""
    if x != x.quantize(Decimal("0.000001"), rounding=ROUND_HALF_EVEN):
        return "≈" + decimal_text(x.quantize(Decimal("0.000001"), rounding=ROUND_HALF_EVEN))
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


def _term_text(d: Derived, task: str, capability: str, t: Term) -> tuple[str, str, str]:
    """(wording, quantity, text) of one rule term."""
    theatre = d.mandate.task[task].theatre
    if t.rule == THROUGHPUT:
        rule = d.mandate.task[task].need[capability]
        months = decimal_text(d.task_months(task))
        per = decimal_text(Decimal(repr(float(rule.trainees_per_instructor_month or 0))))
        return ("trainees per instructor-month", months,
                f"{decimal_text(t.rate)} trainees ÷ ({per} per instructor-month × {months} "
                f"months)")
    attribute, _divisor, wording = RULE_TERMS[t.rule]
    quantity = _quantity(d, task, t.rule)
    if attribute is None:
        return wording, quantity, f"{decimal_text(t.rate)} fixed"
    rate_words, size_words = _WORDS[t.rule]
    return (wording, quantity,
            f"{decimal_text(t.rate)} {rate_words} × {quantity} {size_words} ({theatre})")


def derivations(d: Derived) -> list[Derivation]:
    """One derivation per task, capability and factor (a requirement is the same in
    each of the task's phases unless a phase scale differs), in id order."""
    out = []
    groups: dict[tuple[str, str, Decimal], list[Requirement]] = {}
    for r in d.requirements:
        groups.setdefault((r.task, r.capability, r.factor), []).append(r)
    for (tid, cap, _factor), reqs in groups.items():
        r = reqs[0]
        phases = [x.phase for x in reqs]
        terms, parts = [], []
        for t in r.terms:
            wording, quantity, text = _term_text(d, tid, cap, t)
            terms.append(DerivationTerm(rule=t.rule, wording=wording, rate=decimal_text(t.rate),
                                        quantity=quantity, persons=decimal_text(t.persons)))
            parts.append(text)
        sums = " + ".join(parts) if parts else "no rule terms"
        if len(parts) > 1 and r.factor != 1:
            sums = f"({sums})"
        if r.scale != 1:
            sums += f" × {decimal_text(r.scale)} (phase scale)"
        if r.threat != 1:
            level = d.mandate.theatre[d.mandate.task[tid].theatre].threat
            sums += f" × {decimal_text(r.threat)} (threat {level})"
        total = decimal_text(r.exact)
        result = f"{r.required:,}" if total == f"{r.required:,}" else f"{total} → {r.required:,}"
        formula = f"{sums} = {result}"
        text = f"{cap} for {tid} ({', '.join(phases)}): {formula} " \
               f"person{'s' if r.required != 1 else ''}"
        out.append(Derivation(task=tid, capability=cap, priority=r.priority, phases=phases,
                              required=r.required, exact=total, terms=terms, formula=formula,
                              path=f"task.{tid}.need.{cap}", text=text))
    return out
