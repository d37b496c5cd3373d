"""Library rules in a mandate: what a need term's number resolves to, and the checks of
every use.

A need term's number is a number, the id of a library rule, or a ``RuleUse`` table
(``{ rule = "id", scenario = "high" }``). :func:`resolve` is the one place a use becomes
a number: :mod:`.derive` sizes requirements with it, ``resolve`` writes it back with its
source, and ``explain`` cites it. :func:`rule_uses_valid` reports, located, a use of a
rule that does not exist, of a rule that sizes another term, a ``per`` term for a
quantity the theatre does not name, and a pinned value the library no longer gives.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..errors import Issue
from ..library import Rule, rules
from .references import Tolerated
from .schema import Mandate, NeedRule, RuleUse, Scenario
from .suggest import did_you_mean

RULE_FIELDS = ("fixed", "per_1000_population", "per_100_km2", "per_border_km",
               "per_coastline_km", "per_crossing", "trainees_per_instructor_month")
"""The need terms whose number may be a rule, each sized by rules of the same ``term``;
``per.<quantity>`` takes ``per_quantity`` rules of that quantity."""

Number = float | str | RuleUse

SHARE_RATE = "share.rate"
"""The key path, below a need, of a share's rate."""


@dataclass(frozen=True)
class Resolved:
    """A need term's number and, when a library rule gave it, the rule and scenario."""

    value: float
    rule: Rule | None = None
    scenario: Scenario | None = None

    @property
    def citation(self) -> str | None:
        """``rule-id (central): source, place`` for a rule's value; None for a number."""
        if self.rule is None:
            return None
        return f"{self.rule.id} ({self.scenario}): {self.rule.citation}"


def resolve(number: Number, scenario: Scenario) -> Resolved:
    """The value of a need term's number in the mission's ``scenario`` (a use's own
    scenario first). Only for a checked mandate: the rule must exist."""
    if isinstance(number, int | float):
        return Resolved(float(number))
    use = RuleUse(rule=number) if isinstance(number, str) else number
    rule = rules()[use.rule]
    chosen = use.scenario or scenario
    return Resolved(rule.value(chosen), rule, chosen)


def terms_of(need: NeedRule) -> Iterator[tuple[str, Number]]:
    """(key path below the need, number) of every term of a need that may be a rule."""
    for name in RULE_FIELDS:
        value = getattr(need, name)
        if value is not None:
            yield name, value
    for quantity, value in need.per.items():
        yield f"per.{quantity}", value
    if need.share is not None:
        yield SHARE_RATE, need.share.rate


def rule_uses(m: Mandate) -> Iterator[tuple[str, str, str, str | RuleUse]]:
    """(task, capability, term key, the use) of every need term that names a library
    rule, in the mandate's order."""
    for tid, task in m.task.items():
        for cap, need in task.need.items():
            for key, number in terms_of(need):
                if not isinstance(number, int | float):
                    yield tid, cap, key, number


def rules_used(m: Mandate) -> dict[str, str]:
    """Every library rule the mandate uses: rule id → the key path of its first use."""
    used: dict[str, str] = {}
    for tid, cap, key, use in rule_uses(m):
        used.setdefault(use if isinstance(use, str) else use.rule,
                        f"task.{tid}.need.{cap}.{key}")
    return used


def fits(rule: Rule, key: str) -> bool:
    """Whether ``rule`` may stand at the need term ``key``: a rule sizes one term (a
    ``per_quantity`` rule one quantity's ``per.<name>``), a ``share`` rule a share's rate."""
    return rule.term == "share" if key == SHARE_RATE else rule.sizes == key


def rule_uses_valid(m: Mandate, tolerated: Tolerated) -> Iterator[Issue]:
    """Every rule a mandate uses exists and sizes the term it stands for; a pinned value
    is still the library's; every ``per`` term names a quantity of the task's theatre.
    The library is read only when a mandate uses it."""
    for tid, task in m.task.items():
        theatre = m.theatre.get(task.theatre)
        for cap, need in task.need.items():
            base = f"task.{tid}.need.{cap}"
            for key, number in terms_of(need):
                path = f"{base}.{key}"
                if key.startswith("per.") and theatre is not None:
                    quantity = key.removeprefix("per.")
                    if quantity not in theatre.quantities:
                        yield Issue(
                            code="unknown-quantity", path=path, value=repr(quantity),
                            message=f"theatre '{task.theatre}' names no quantity '{quantity}'",
                            hint=did_you_mean(quantity, theatre.quantities) or
                            f"add theatre.{task.theatre}.quantities.{quantity}")
                if isinstance(number, int | float):
                    continue
                use = RuleUse(rule=number) if isinstance(number, str) else number
                where = path if isinstance(number, str) else f"{path}.rule"
                library = rules()
                rule = library.get(use.rule)
                if rule is None:
                    yield Issue(
                        code="unknown-rule", path=where, value=repr(use.rule),
                        message=f"no library rule has the id '{use.rule}'",
                        hint=did_you_mean(use.rule, library) or
                        "forcesize rules lists the library")
                    continue
                if not fits(rule, key):
                    right = SHARE_RATE if rule.term == "share" else rule.sizes
                    yield Issue(
                        code="rule-term-mismatch", path=where, value=repr(use.rule),
                        message=f"rule '{rule.id}' sizes {rule.sizes} ({rule.unit}), "
                        f"not {key}",
                        hint=f"it fits {base}.{right}")
                    continue
                if isinstance(number, RuleUse) and number.value is not None:
                    now = rule.value(number.scenario or m.mission.scenario)
                    if now != number.value:
                        yield Issue(
                            code="rule-value-changed", path=f"{path}.value",
                            value=repr(number.value),
                            message=f"rule '{rule.id}' now gives {now:g}, not the "
                            f"{number.value:g} this file was written with",
                            hint="delete value to take the library's, or write the number "
                            "itself")


def evaluable(m: Mandate, task_id: str) -> bool:
    """Whether a task's requirements can be derived: its theatre exists, every rule it
    uses exists and sizes its term, and every ``per`` quantity is the theatre's (else
    the errors above say why, and checks that derive requirements pass it over)."""
    task = m.task[task_id]
    theatre = m.theatre.get(task.theatre)
    if theatre is None:
        return False
    for need in task.need.values():
        for key, number in terms_of(need):
            if key.startswith("per.") and key.removeprefix("per.") not in theatre.quantities:
                return False
            if isinstance(number, int | float):
                continue
            rule = rules().get(number if isinstance(number, str) else number.rule)
            if rule is None or not fits(rule, key):
                return False
    return True


def pinned(data: dict[str, Any], m: Mandate) -> dict[str, Any]:
    """The document ``data`` (of the valid mandate ``m``) with every rule use written out
    as a table: the rule, the scenario it was taken in, the value it gave and its source.
    ``forcesize resolve`` prints this, so a resolved file shows every number and where it
    comes from, and is refused if the library's value later changes."""
    out = copy.deepcopy(data)
    for tid, cap, key, use in rule_uses(m):
        got = resolve(use, m.mission.scenario)
        assert got.rule is not None
        table = out["task"][tid]["need"][cap]
        *parents, last = key.split(".", 1) if "." in key else ("", key)
        for parent in filter(None, parents):
            table = table[parent]
        table[last] = {
            "rule": got.rule.id, "scenario": got.scenario, "value": got.value,
            "source": got.rule.citation}
    return out
