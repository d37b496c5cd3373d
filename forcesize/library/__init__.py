"""The rule library: sourced sizing rules shipped with the package, as data.

``rules.toml`` beside this module holds every rule: what it sizes (the need term it
stands for), the mission types it suits, a low, central and high value, and the source
of its figure with the source's quality. A mandate uses a rule by id where a need term
takes a number (``per_1000_population = "police-per-capita-peaceful"``); the mandate's
loader checks the use, :mod:`forcesize.mandate.derive` takes its value, and ``explain``
cites it. Bibliographic ids (``source``) and ``ref §`` citations (``cites``) lead to
``docs/sources.md``, which the wheel installs as ``forcesize/mandates/sources.md``.

The library is read once per process and validated strictly: a malformed rule is a
defect of the package (a test loads it), never of a user's mandate.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from functools import cache
from importlib.resources import files
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

RULES_FILE = "rules.toml"
"""The library's file, a resource of this package."""

RULE_ID = r"^[a-z][a-z0-9-]{0,47}$"
Scenario = Literal["low", "central", "high"]
SCENARIOS: tuple[Scenario, ...] = ("low", "central", "high")
Quality = Literal["primary", "secondary", "derived", "assumption"]
Component = Literal["military", "police", "civilian", "any"]
RuleTerm = Literal["fixed", "per_1000_population", "per_100_km2", "per_border_km",
                   "per_coastline_km", "per_crossing", "per_quantity",
                   "trainees_per_instructor_month", "share"]
"""What a rule sizes: the need term of a mandate it may stand for (``per_quantity``: an
entry of ``need.per``, for the theatre quantity the rule names; ``share``: a share of
other needs)."""
MISSION_TYPES = ("observation", "interposition", "border-and-crossing", "maritime",
                 "policing", "stabilisation", "peace-enforcement",
                 "transitional-administration", "training")
MissionType = Literal["observation", "interposition", "border-and-crossing", "maritime",
                      "policing", "stabilisation", "peace-enforcement",
                      "transitional-administration", "training"]


class Rule(BaseModel):
    """One sourced rule of the library."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)

    id: Annotated[str, StringConstraints(pattern=RULE_ID)]
    title: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    term: RuleTerm
    quantity: str | None = None
    """The theatre quantity a ``per_quantity`` rule multiplies (``observation_posts``)."""
    of_component: Component | None = None
    """The component whose needs a ``share`` rule is a fraction of."""
    component: Component
    mission_types: tuple[MissionType, ...] = Field(min_length=1)
    low: Annotated[float, Field(ge=0)]
    central: Annotated[float, Field(ge=0)]
    high: Annotated[float, Field(ge=0)]
    unit: str
    """The rate in words (``police officers per 1,000 residents``)."""
    source: str
    """A bibliography id of docs/sources.md, or ``assumption``."""
    cites: str
    """Where in docs/sources.md (``ref §1.1 R1``) and in the original, where known."""
    quality: Quality
    derived_from: tuple[str, ...] = ()
    """Historic missions whose own figures gave the value: a backtest must not size those
    missions with it."""
    note: str

    @model_validator(mode="after")
    def _consistent(self) -> Rule:
        if not self.low <= self.central <= self.high:
            raise ValueError(f"{self.id}: low ≤ central ≤ high does not hold")
        if (self.term == "per_quantity") != (self.quantity is not None):
            raise ValueError(f"{self.id}: quantity is given exactly for per_quantity rules")
        if (self.term == "share") != (self.of_component is not None):
            raise ValueError(f"{self.id}: of_component is given exactly for share rules")
        return self

    def value(self, scenario: Scenario) -> float:
        """The rule's value in a scenario."""
        return {"low": self.low, "central": self.central, "high": self.high}[scenario]

    @property
    def citation(self) -> str:
        """Source and place, as a derivation line cites them."""
        if self.source == "assumption":
            return "assumption"
        return f"{self.source}, {self.cites}"

    @property
    def sizes(self) -> str:
        """What the rule sizes, in the mandate's words (``per.observation_posts``)."""
        if self.term == "per_quantity":
            return f"per.{self.quantity}"
        if self.term == "share":
            return f"share of {self.of_component}"
        return self.term


@cache
def rules() -> dict[str, Rule]:
    """Every rule of the library, by id, in file order."""
    text = files(__package__).joinpath(RULES_FILE).read_text(encoding="utf-8")
    data = tomllib.loads(text).get("rule", {})
    return {rid: Rule(id=rid, **{k: tuple(v) if isinstance(v, list) else v
                                 for k, v in body.items()})
            for rid, body in data.items()}


def search(query: str = "", mission_type: str | None = None, term: str | None = None,
           component: str | None = None) -> list[Rule]:
    """Rules matching every word of ``query`` (in id, title, unit, source, cites or note,
    case-insensitive) and the filters given; in library order."""
    words = query.lower().split()

    def matches(r: Rule) -> bool:
        text = " ".join((r.id, r.title, r.unit, r.source, r.cites, r.note, r.sizes,
                         *r.mission_types)).lower()
        return (all(w in text for w in words)
                and (mission_type is None or mission_type in r.mission_types)
                and (term is None or term in (r.term, r.sizes))
                and (component is None or r.component in (component, "any")))
    return [r for r in rules().values() if matches(r)]


def ids() -> Iterable[str]:
    """Every rule id, in library order."""
    return rules().keys()


class RuleListing(BaseModel):
    """What ``forcesize rules`` prints: the rules a search found, in library order."""

    model_config = ConfigDict(frozen=True)

    schema_version: int = 1
    kind: Literal["rules"] = "rules"
    query: str
    mission_type: str | None
    term: str | None
    component: str | None
    total: int
    """Rules in the whole library."""
    rules: tuple[Rule, ...]


def listing(query: str = "", mission_type: str | None = None, term: str | None = None,
            component: str | None = None) -> RuleListing:
    """The rules :func:`search` finds, as the result ``forcesize rules`` renders."""
    return RuleListing(query=query, mission_type=mission_type, term=term, component=component,
                       total=len(rules()),
                       rules=tuple(search(query, mission_type, term, component)))


def scenario_range(rule: Rule) -> str:
    """``2.3 (1–4)``: the central value and the low–high range, as the listings show it."""
    if rule.low == rule.central == rule.high:
        return f"{rule.central:,g}"
    return f"{rule.central:,g} ({rule.low:,g}–{rule.high:,g})"
