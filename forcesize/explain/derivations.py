"""How each requirement was derived, rule term by rule term, in exact decimals."""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal, localcontext
from fractions import Fraction

from ..mandate.derive import PER, RULE_TERMS, SHARE, THROUGHPUT, Derived, Requirement, Term
from ..mandate.host import present
from ..mandate.rules import resolve
from .models import Derivation, DerivationTerm


def _decimal(x: Fraction) -> Decimal:
    with localcontext(prec=80):
        return Decimal(x.numerator) / Decimal(x.denominator)


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
    """(wording, quantity, text) of one rule term; a library rule's value is cited in
    brackets after it."""
    wording, quantity, text = _bare_term_text(d, task, capability, t)
    return wording, quantity, text + (f" [{t.citation}]" if t.citation else "")


def _bare_term_text(d: Derived, task: str, capability: str, t: Term) -> tuple[str, str, str]:
    theatre = d.mandate.task[task].theatre
    if t.rule == THROUGHPUT:
        rule = d.mandate.task[task].need[capability]
        months = decimal_text(d.task_months(task))
        rate = resolve(rule.trainees_per_instructor_month or 0, d.mandate.mission.scenario)
        per = decimal_text(Decimal(repr(rate.value)))
        return ("trainees per instructor-month", months,
                f"{decimal_text(t.rate)} trainees ÷ ({per} per instructor-month × {months} "
                f"months)")
    if t.rule == SHARE:
        share = d.mandate.task[task].need[capability].share
        assert share is not None
        what = ", ".join(share.of or share.of_components or [])
        where = "this task" if share.scope == "task" else "every task"
        return ("share of other needs", decimal_text(t.quantity),
                f"{decimal_text(t.rate)} × {decimal_text(t.quantity)} persons of {what} "
                f"({where})")
    if t.rule.startswith(PER):
        name = t.rule.removeprefix(PER)
        quantity = decimal_text(t.quantity)
        return (f"per one of {name}", quantity,
                f"{decimal_text(t.rate)} each × {quantity} {name} ({theatre})")
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
    groups: dict[tuple[str, str, Decimal, tuple[Term, ...], Fraction], list[Requirement]] = {}
    for r in d.requirements:
        groups.setdefault((r.task, r.capability, r.factor, r.terms, r.host), []).append(r)
    for (tid, cap, _factor, _terms, _host), reqs in groups.items():
        r = reqs[0]
        phases = [x.phase for x in reqs]
        terms, parts, shares = [], [], []
        for t in r.terms:
            wording, quantity, text = _term_text(d, tid, cap, t)
            terms.append(DerivationTerm(rule=t.rule, wording=wording, rate=decimal_text(t.rate),
                                        quantity=quantity, persons=decimal_text(t.persons),
                                        source=t.citation))
            (parts if t.scaled else shares).append(text)
        sums = " + ".join(parts) if parts or shares else "no rule terms"
        if len(parts) > 1 and r.factor != 1:
            sums = f"({sums})"
        if parts and r.scale != 1:
            sums += f" × {decimal_text(r.scale)} (phase scale)"
        if parts and r.threat != 1:
            level = d.threat_level(tid, r.phase)
            sums += f" × {decimal_text(r.threat)} (threat {level})"
        if r.host:
            theatre = d.mandate.task[tid].theatre
            host = d.mandate.theatre[theatre].host[cap]
            here = decimal_text(_decimal(present(d.mandate, theatre, cap, r.phase)))
            sums += (f" − {decimal_text(_decimal(r.host))} host {cap} ({theatre}: {here} "
                     f"present × {decimal_text(Decimal(repr(host.effectiveness)))})")
        sums = " + ".join(filter(None, (sums, *shares)))
        total = decimal_text(r.exact)
        result = f"{r.required:,}" if total == f"{r.required:,}" else f"{total} → {r.required:,}"
        formula = f"{sums} = {result}"
        text = f"{cap} for {tid} ({', '.join(phases)}): {formula} " \
               f"person{'s' if r.required != 1 else ''}"
        out.append(Derivation(task=tid, capability=cap, priority=r.priority, phases=phases,
                              required=r.required, exact=total, terms=terms,
                              host=decimal_text(_decimal(r.host)), formula=formula,
                              path=f"task.{tid}.need.{cap}", text=text))
    return out
