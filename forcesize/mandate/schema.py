"""The mandate format, v1: pydantic models of the TOML file.

The models are strict (no silent coercion of ``"5"`` or ``true`` to numbers),
frozen, and forbid unknown keys, so a misspelt key is an error rather than a
default quietly taking its place. Field docstrings flow into the JSON Schema
and into ``docs/mandate-format.md``.

Only shape and single-field rules live here. Rules that relate entities to
each other (a task's theatre must exist, ...) are in ``references.py``, so that
every broken reference in a file is reported in one run.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, StringConstraints, Tag

ID_PATTERN = r"^[A-Za-z0-9_-]+$"

# Ranges. Every number a mandate gives is bounded, so that the model stays well scaled
# (rows in persons up to 10⁷, money in millions up to 10⁹, coefficients a solver takes
# without losing whole persons) and a mistyped exponent is an error with its key path
# rather than a plan that silently deploys nobody. The bounds are far beyond any
# mission: all UN peacekeeping at its 2015 peak was about 107,000 uniformed personnel.
MAX_PERSONS = 10_000_000
"""Persons in one pool, requirement, commitment or fixed need."""
MAX_MONEY = 1e15
"""Money in one budget or pledge (1,000 trillion)."""
MAX_COST = 1e7
"""Money per person-month."""
MIN_MONTHS = 1e-3
"""Shortest phase, in months (about 44 minutes; a phase under a day is warned about)."""
MAX_MONTHS = 1200
"""Longest phase, in months (a century)."""
MAX_POPULATION = 1e10
MAX_AREA_KM2 = 1e9
"""Twice the Earth's surface."""
MAX_LENGTH_KM = 1e6
MAX_COUNT = 1e6
"""Crossings, trainees per instructor-month and similar counts."""
MAX_FACTOR = 100
"""Phase scales, threat multipliers and sustainment ratios."""
MAX_ID = 64
"""Characters in an id."""
MAX_TEXT = 10_000
"""Characters in a name, description or other free text."""

EntityId = Annotated[str, StringConstraints(pattern=ID_PATTERN, min_length=1,
                                            max_length=MAX_ID)]
"""An id as a TOML bare key: letters, digits, ``-`` and ``_``; at most 64 characters."""
Text = Annotated[str, StringConstraints(max_length=MAX_TEXT)]

Persons = Annotated[int, Field(ge=0, le=MAX_PERSONS)]
Money = Annotated[float, Field(ge=0, le=MAX_MONEY)]
Share = Annotated[float, Field(gt=0, le=1)]
Factor = Annotated[float, Field(ge=0, le=MAX_FACTOR)]

KEYED_BY = "x-keyed-by"
"""JSON Schema keyword naming the entity kind whose ids key a table (``capability``)."""


FREE_NAMES = frozenset({"quantity"})
"""Kinds of keys a planner names freely (a theatre's quantities) rather than ids of
entities defined elsewhere in the mandate: ``--set`` may add any of them."""


def keyed_by(kind: str) -> dict[str, str]:
    """Field metadata: the table's keys are ids of ``kind`` entities. ``--set`` paths
    and the published JSON Schema use it."""
    return {KEYED_BY: kind}


Component = Literal["military", "police", "civilian"]
ThreatLevel = Literal["low", "medium", "high"]
UnitSize = Annotated[int, Field(ge=1, le=100_000)]
Priority = Literal["essential", "important", "desirable"]
UnitScope = Literal["task", "theatre", "mission"]
BUILT_IN_FINANCING = ("national", "common-fund")
"""Financing every mandate knows without a ``[financing]`` table: costs lie where they
fall, or every contributor's pledge pooled for the whole mission."""
SchemeKind = Literal["common-fund", "assessed", "fixed-shares", "mixed"]
SCHEME_KINDS: tuple[SchemeKind, ...] = ("common-fund", "assessed", "fixed-shares", "mixed")
KEYED_SCHEMES: tuple[SchemeKind, ...] = ("assessed", "fixed-shares", "mixed")
"""Scheme kinds whose payers pay by a ``scale`` (a key of shares)."""
FinancingId = Annotated[str, StringConstraints(pattern=ID_PATTERN, min_length=1,
                                               max_length=MAX_ID)]
"""``national``, ``common-fund`` or the id of a ``[financing.ID]`` scheme."""

PRIORITIES: tuple[Priority, ...] = ("essential", "important", "desirable")
COMPONENTS: tuple[Component, ...] = ("military", "police", "civilian")


class _Strict(BaseModel):
    """Base of every mandate model: strict types, no unknown keys, immutable."""

    model_config = ConfigDict(
        strict=True,
        extra="forbid",
        frozen=True,
        allow_inf_nan=False,
        use_attribute_docstrings=True,
    )


Scenario = Literal["low", "central", "high"]
RULE_ID_PATTERN = r"^[a-z][a-z0-9-]*$"
RuleId = Annotated[str, StringConstraints(pattern=RULE_ID_PATTERN, min_length=1,
                                          max_length=MAX_ID)]
"""The id of a rule of forcesize's library (``forcesize rules`` lists them)."""


class RuleUse(_Strict):
    """A need term's number taken from forcesize's rule library, written as a table
    (``per_1000_population = { rule = "police-per-capita-peaceful", scenario = "high" }``);
    ``forcesize resolve`` writes every use in this form, with the value and source it
    resolved to."""

    rule: RuleId
    """The rule's id (``forcesize rules`` lists them)."""
    scenario: Scenario | None = None
    """``low``, ``central`` or ``high`` value of the rule; default: the mission's
    ``scenario``."""
    value: float | None = None
    """The value the rule gave when this file was written (by ``resolve``): if the
    library's value differs, the mandate is refused rather than silently changed."""
    source: Text | None = None
    """The rule's source, as ``resolve`` wrote it; for readers, not read."""


RATE_TAGS = ("[number]", "[rule]", "[table]")
"""The branches of a need term's number, as they appear in a validation error's location
(the mandate's loader leaves them out of the key path it reports)."""


def _rate_kind(value: object) -> str:
    """Which branch validates a need term's number: a TOML string that starts with a
    letter is a rule id, a table a :class:`RuleUse`, anything else must be a number (so a
    wrong type, or a quoted ``"3"``, gets the number's error, not three)."""
    if isinstance(value, str) and value[:1].isalpha():
        return "[rule]"
    if isinstance(value, dict | RuleUse):
        return "[table]"
    return "[number]"


def _rate(limit: float, least: float = 0) -> object:
    """A need term's number: a rate from ``least`` to ``limit``, a library rule's id, or a
    :class:`RuleUse`."""
    return Annotated[Annotated[Annotated[float, Field(ge=least, le=limit)], Tag("[number]")]
                     | Annotated[RuleId, Tag("[rule]")] | Annotated[RuleUse, Tag("[table]")],
                     Discriminator(_rate_kind)]


Rate = _rate(MAX_COUNT)
"""Persons per one of a theatre quantity, a rule id, or a :class:`RuleUse`."""
QUANTITY_MAX = 1e9
"""The largest theatre quantity (a sea area in km², passengers a day, ...)."""


class Mission(_Strict):
    """The mission as a whole."""

    name: str = Field(min_length=1, max_length=MAX_TEXT)
    """Display name of the mission; required."""
    parties: list[EntityId] = []
    """Parties whose consent the mission needs (e.g. ``israel``)."""
    currency: str = Field(default="USD", min_length=1, max_length=16)
    """Currency of every money figure in the file."""
    description: Text = ""
    """Free text for readers of the mandate."""
    scenario: Scenario = "central"
    """Which value of each library rule the mandate uses, ``low``, ``central`` or
    ``high``, unless a use names its own: ``--set mission.scenario=high`` gives the
    high envelope."""


class Objective(_Strict):
    """How the plan is financed and what caps it."""

    financing: FinancingId = "national"
    """How phases that name no ``financing`` of their own are paid for. ``national``: costs
    lie where they fall, each contributor paying for its own personnel (capped by its
    pledge when it has one). ``common-fund``: every contributor's pledge is pooled for the
    whole mission; the total cost is capped by the sum of pledges and shared pro rata to
    them (then every phase must be financed so). Else the id of a ``[financing.ID]``
    scheme: an assessed scale, fixed shares, a donor fund or common costs."""
    budget: Money | None = None
    """Ceiling on the total cost over the whole horizon (money)."""
    max_share: Share = 1.0
    """Default cap on one contributor's share of all deployed personnel in a
    phase, in (0, 1]."""


MAX_DAYS = 3650
"""The longest readiness time, in days (ten years)."""


class ReadinessLevel(_Strict):
    """A readiness level: how soon the forces a contributor holds at it can deploy (the
    UN's rapid deployment level, NATO's high-readiness forces)."""

    name: Text | None = None
    """Display name."""
    days: Annotated[int, Field(ge=0, le=MAX_DAYS)]
    """Days from the decision to deploy until the forces held at this level are in the
    theatre; required."""


class PhaseReadiness(_Strict):
    """Forces a phase draws from those ready in time: of the persons deployed in the phase
    (or on ``tasks``), at least ``share`` come from forces held at the level ``within`` or
    a faster one."""

    within: EntityId
    """Id of a ``[readiness.ID]`` level: forces held at it or at a level with fewer days
    count as ready; required."""
    share: Annotated[float, Field(gt=0, le=1)] = 1.0
    """Share of the persons deployed (on ``tasks``, or in the whole phase) that come from
    ready forces, in (0, 1]; default all of them."""
    tasks: Annotated[list[EntityId], Field(min_length=1)] | None = None
    """Tasks whose persons count; default every task of the phase."""


class Phase(_Strict):
    """A stage of the mission; phases in the order written are chronological."""

    name: Text | None = None
    """Display name."""
    months: Annotated[float, Field(ge=MIN_MONTHS, le=MAX_MONTHS)]
    """Length of the phase in months; required, from 0.001 (phases under a day are warned
    about) to 1,200."""
    financing: FinancingId | None = None
    """How this phase is paid for: ``national``, ``common-fund`` or a ``[financing.ID]``
    scheme; default ``objective.financing``. A change between phases is a hand-over (a
    coalition paid nationally, then an assessed mission)."""
    budget: Money | None = None
    """Ceiling on the cost of this phase's personnel, whoever pays it (money)."""
    ready: PhaseReadiness | None = None
    """Forces this phase must draw from those ready in time (a first stage deployed
    before the parties' trust wears thin): ``{ within = "rapid", share = 0.5 }``. Forces
    count as ready only where a contributor declares them (``contributor.ID.ready``)."""


class HostForce(_Strict):
    """Host-nation or local forces of one capability in a theatre, which net the mission's
    requirements there: each counts as ``effectiveness`` of a mission person. Their
    persons in a phase are ``persons`` × ``by_phase`` (a ramp), or, with
    ``trained_per_month``, the ``persons`` already trained when the phase begins
    (local police trained at a throughput), at most ``persons``."""

    persons: Annotated[float, Field(ge=0, le=MAX_PERSONS)]
    """Host persons of this capability (at full strength); required."""
    effectiveness: Annotated[float, Field(ge=0, le=1)] = 1.0
    """Mission persons one host person replaces, from 0 to 1."""
    by_phase: dict[EntityId, Annotated[float, Field(ge=0, le=1)]] = Field(
        default={}, json_schema_extra=keyed_by("phase"))
    """Share of ``persons`` present in a phase (a ramp); phases not listed: 1."""
    trained_per_month: Annotated[float, Field(gt=0, le=MAX_PERSONS)] | None = None
    """Instead of ``by_phase``: persons trained a month, from ``initial`` at the start of
    the first phase; a phase counts those trained before it begins."""
    initial: Annotated[float, Field(ge=0, le=MAX_PERSONS)] = 0
    """With ``trained_per_month``: persons ready before the first phase."""
    tasks: list[EntityId] | None = None
    """Tasks whose needs the host forces net, in this order; default: every task in the
    theatre needing the capability, essential first, then by id."""


class Theatre(_Strict):
    """An area of operations and the figures sizing rules refer to."""

    name: Text | None = None
    """Display name."""
    population: Annotated[float, Field(ge=0, le=MAX_POPULATION)] = 0
    """Inhabitants (persons)."""
    area_km2: Annotated[float, Field(ge=0, le=MAX_AREA_KM2)] = 0
    """Land area in square kilometres."""
    border_km: Annotated[float, Field(ge=0, le=MAX_LENGTH_KM)] = 0
    """Length of land border to be monitored, in kilometres."""
    coastline_km: Annotated[float, Field(ge=0, le=MAX_LENGTH_KM)] = 0
    """Length of coastline, in kilometres."""
    crossings: Annotated[float, Field(ge=0, le=MAX_COUNT)] = 0
    """Number of crossing points."""
    threat: ThreatLevel | None = None
    """``low``, ``medium`` or ``high``: scales the needs of enforcement-type tasks in
    this theatre by ``threat.multipliers`` (see ``[threat]``); none: no scaling."""
    threat_by_phase: dict[EntityId, ThreatLevel] = Field(
        default={}, json_schema_extra=keyed_by("phase"))
    """The threat level in a phase, by phase id (``high`` while the ceasefire is enforced,
    ``low`` after the treaty); overrides ``threat`` in that phase."""
    quantities: dict[EntityId, Annotated[float, Field(ge=0, le=QUANTITY_MAX)]] = Field(
        default={}, json_schema_extra=keyed_by("quantity"))
    """Workload quantities the planner names, which ``need.per`` terms multiply:
    ``sea_area_km2``, ``observation_posts``, ``checkpoints``, ``passengers_per_day``, ...
    (each from 0 to 10⁹)."""
    host: dict[EntityId, HostForce] = Field(default={}, json_schema_extra=keyed_by("capability"))
    """Host-nation or local forces by capability, which net the needs of the theatre's
    tasks for that capability (``[theatre.ID.host.CAPABILITY]``)."""


class Capability(_Strict):
    """A kind of personnel (infantry, police mentors, civilian advisers, ...)."""

    name: Text | None = None
    """Display name."""
    component: Component
    """Mission component: ``military``, ``police`` or ``civilian``."""
    cost_per_month: Annotated[float, Field(ge=0, le=MAX_COST)]
    """Money per person-month, unless a contributor overrides it; required."""
    unit_size: UnitSize | None = None
    """Persons in one formed unit (an infantry battalion of about 850, a formed police
    unit of 140): allocations of this capability then come in whole units per
    contributor, task and phase, and a requirement may be over-covered by less than the
    largest unit that can be fielded for it in that phase (a contributor whose pool then
    holds fewer persons than one of its units sends none and widens nothing). Nobody
    sends more units than would cover a requirement alone. None: any number of persons,
    never more than required."""
    unit_name: Text | None = None
    """What one unit is called in the tables (``infantry battalion``)."""
    unit_scope: UnitScope = "task"
    """Where whole units are counted: ``task`` (a unit serves one task), ``theatre`` (a
    contributor's units of this capability in a theatre and phase are whole, and their
    persons may be split across the theatre's tasks: one battalion holds the line and
    patrols the zone) or ``mission`` (whole across the mission). Each task then gets any
    number of those persons; with ``min_slice`` no fewer than that."""
    min_slice: Annotated[int, Field(ge=1, le=MAX_PERSONS)] | None = None
    """The smallest contribution of this capability a contributor makes to a task in a
    phase: none, or at least this many persons (a team, a platoon, a company), as a
    force-generation conference accepts offers. A contributor that covers the whole
    requirement alone is never below it (a need of 3 is met by 3). Default: one unit where
    the capability comes in units counted per task, else one person (any number)."""
    sustainment_ratio: Annotated[float, Field(ge=1, le=MAX_FACTOR)] = 3.0
    """Standing persons per deployed person when a contributor gives ``standing``
    instead of ``available``: one deployed, one recovering, one preparing (3)."""


MAX_SHARE_RATE = 10
"""The largest share of other needs a need may be (ten persons per person referred to)."""


class ShareOf(_Strict):
    """A need as a share of other needs, in each phase: ``rate`` × the persons those needs
    require there (after their own rounding up). Enablers as 20 % of a task's infantry,
    headquarters staff as a share of the whole phase, civilian staff per uniformed person.
    The term is added after the task's phase scale and threat multiplier, which the needs
    referred to already carry; a need never counts itself, and a cycle of shares is an
    error."""

    rate: _rate(MAX_SHARE_RATE)  # type: ignore[valid-type]
    """Persons per person of the needs referred to (0.2), or a library ``share`` rule."""
    of: list[EntityId] | None = None
    """Capability ids whose needs are referred to (give this or ``of_components``)."""
    of_components: list[Component] | None = None
    """Or refer to the needs of every capability of these components: civilian staff
    per uniformed person is ``of_components = ["military", "police"]``."""
    scope: Literal["task", "phase"] = "task"
    """``task``: the needs of this task; ``phase``: the needs of every task in the same
    phase (a headquarters sized on the whole force)."""


class NeedRule(_Strict):
    """How many persons of one capability a task needs: the terms are summed and
    the sum is rounded up to a whole person. Each term's number may instead be the id of
    a library rule that sizes that term (``forcesize rules`` lists them), or a
    ``{ rule = "id", scenario = "high" }`` table (below)."""

    fixed: _rate(MAX_PERSONS) = 0  # type: ignore[valid-type]
    """Persons, whatever the theatre."""
    per_1000_population: _rate(1000) = 0  # type: ignore[valid-type]
    """Persons per 1,000 inhabitants of the task's theatre (at most 1,000)."""
    per_100_km2: _rate(MAX_COUNT) = 0  # type: ignore[valid-type]
    """Persons per 100 km² of the theatre's area."""
    per_border_km: _rate(MAX_COUNT) = 0  # type: ignore[valid-type]
    """Persons per kilometre of the theatre's border."""
    per_coastline_km: _rate(MAX_COUNT) = 0  # type: ignore[valid-type]
    """Persons per kilometre of the theatre's coastline."""
    per_crossing: _rate(MAX_COUNT) = 0  # type: ignore[valid-type]
    """Persons per crossing point in the theatre."""
    per: dict[EntityId, Rate] = Field(  # type: ignore[valid-type]
        default={}, json_schema_extra=keyed_by("quantity"))
    """Persons per one of a quantity the task's theatre names in ``quantities``
    (``per.observation_posts = 6``)."""
    trainees: Annotated[float, Field(ge=0, le=1e9)] = 0
    """Throughput: persons to be trained (or processed) over the task's phases; needs
    ``trainees_per_instructor_month``. Adds trainees ÷ (that rate × the task's months)."""
    trainees_per_instructor_month: _rate(MAX_COUNT, 1e-3) | None = None  # type: ignore[valid-type]
    """Trainees one person of this capability trains in a month."""
    share: ShareOf | None = None
    """A share of other needs (``share = { rate = 0.2, of = ["infantry"] }``), added to
    the other terms."""


class Task(_Strict):
    """Something the mandate asks the mission to do, in one theatre."""

    name: Text | None = None
    """Display name."""
    function: str = Field(min_length=1, max_length=MAX_ID)
    """The mission function the task serves (free text; caveats refer to it).
    The seed paper's: ``capacity-building``, ``supervision``, ``enforcement``."""
    theatre: EntityId
    """Id of the theatre the task is carried out in; required."""
    phases: list[EntityId] | None = None
    """Ids of the phases the task runs in; default: every phase."""
    priority: Priority = "essential"
    """``essential``, ``important`` or ``desirable``: shortfalls are minimised in
    that order, each before any cost is considered."""
    consent_of: list[EntityId] | None = None
    """Parties that must accept a contributor for this task; default: all
    mission parties."""
    need: dict[EntityId, NeedRule] = Field(default={}, json_schema_extra=keyed_by("capability"))
    """One sizing rule per capability id."""
    phase_scale: dict[EntityId, Factor] = Field(default={},
                                                     json_schema_extra=keyed_by("phase"))
    """Multiplier of the task's needs in a phase, applied before rounding up (build-up
    and draw-down: IFOR 60,000 → SFOR 31,000); phases not listed: 1."""
    min_contributors: Annotated[int, Field(ge=1, le=1000)] | None = None
    """Whenever the task is staffed in a phase, at least this many distinct
    contributors serve it with a meaningful contribution (``meaningful_contribution``);
    otherwise it stays short."""
    meaningful_contribution: Annotated[int, Field(ge=1, le=MAX_PERSONS)] | None = None
    """Persons (all capabilities together) a contributor sends to the task in a phase to
    count towards ``min_contributors``: 30 liaison officers beside another nation's
    battalion do not make a task multinational. Smaller contributions are allowed but not
    counted. Default: the minimum slice (``min_slice``, else one unit) of the task's
    largest need in that phase, at most that need; 1 counts anyone who sends a person."""


class Contributor(_Strict):
    """A contributing nation (or organisation) and what it can and will do."""

    name: Text | None = None
    """Display name."""
    acceptable_to: list[EntityId] | None = None
    """Parties that accept this contributor; default: all mission parties."""
    phases: Annotated[list[EntityId], Field(min_length=1)] | None = None
    """Phases the contributor takes part in (it joins in the second stage, or leaves after
    the treaty); default: every phase. In the others its pools are 0 and its
    ``min_personnel`` does not apply."""
    excluded_functions: list[Annotated[str, StringConstraints(max_length=MAX_ID)]] = []
    """Functions this contributor's personnel may not serve (national caveats)."""
    excluded_theatres: list[EntityId] = []
    """Theatres this contributor will not deploy to."""
    excluded_functions_by_phase: dict[
        EntityId, list[Annotated[str, StringConstraints(max_length=MAX_ID)]]] = Field(
        default={}, json_schema_extra=keyed_by("phase"))
    """The functions excluded in a phase, by phase id (a caveat lifted once a treaty is
    signed: ``[]``); overrides ``excluded_functions`` in that phase."""
    excluded_theatres_by_phase: dict[EntityId, list[EntityId]] = Field(
        default={}, json_schema_extra=keyed_by("phase"))
    """The theatres excluded in a phase, by phase id; overrides ``excluded_theatres`` in
    that phase."""
    max_share: Share | None = None
    """Cap on this contributor's share of all deployed personnel in a phase;
    overrides ``objective.max_share``."""
    max_share_by_phase: dict[EntityId, Share] = Field(default={},
                                                      json_schema_extra=keyed_by("phase"))
    """The share cap in a phase, by phase id (a lead nation's cap lifted in enforcement);
    overrides ``max_share`` in that phase."""
    pledge: Money | None = None
    """Money pledged over the whole horizon. It caps what the contributor spends on its own
    personnel where costs lie where they fall (national financing, costs outside a
    scheme's common costs); under ``objective.financing = "common-fund"`` it is the
    contributor's money in the fund."""
    weight: Annotated[float, Field(ge=0, le=1)] | None = None
    """Economic weight (a GDP or GNI share among the mission's payers, from 0 to 1): the
    burden-sharing report compares the contributor's share of the money with it."""
    max_payment: Money | None = None
    """Ceiling on what the contributor pays into financing schemes over the horizon (its
    fixed payments and shares), beside what it spends on its own personnel."""
    max_net_burden: Money | None = None
    """Ceiling on its net national burden over the horizon: the cost of its own personnel,
    less what schemes reimburse it, plus what it pays into schemes."""
    min_personnel: Persons | None = None
    """Committed minimum deployment in every phase, all tasks together (persons): a hard
    commitment, such as a lead nation that insists on a battalion-sized role. Unlike a
    requirement it cannot fall short: a plan that cannot honour it is infeasible, and
    forcesize names the limits it conflicts with. Loose persons never exceed a
    requirement, so a commitment above what the requirements need has no plan unless
    whole units over-cover them."""
    min_personnel_by_phase: dict[EntityId, Persons] = Field(
        default={}, json_schema_extra=keyed_by("phase"))
    """The commitment in a phase, by phase id (a battalion while enforcement lasts, none
    after: 0); overrides ``min_personnel`` in that phase."""
    available: dict[EntityId, Persons] = Field(default={},
                                               json_schema_extra=keyed_by("capability"))
    """Persons deployable at any one time, in every phase, by capability id."""
    cost_per_month: dict[EntityId, Annotated[float, Field(ge=0, le=MAX_COST)]] = Field(
        default={},
                                                        json_schema_extra=keyed_by("capability"))
    """Per-capability override of the capability's cost per person-month."""
    cost_per_month_by_phase: dict[EntityId, dict[EntityId, Annotated[
        float, Field(ge=0, le=MAX_COST)]]] = Field(
        default={}, json_schema_extra=keyed_by("phase.capability"))
    """Cost per person-month in a phase, by phase id and capability id (hardship and
    danger pay in enforcement); overrides ``cost_per_month`` for that phase and
    capability."""
    standing: dict[EntityId, Annotated[int, Field(ge=0, le=10 * MAX_PERSONS)]] = Field(
        default={},
                                              json_schema_extra=keyed_by("capability"))
    """The whole standing pool by capability id, instead of ``available``: deployable
    at any one time = standing ÷ the capability's ``sustainment_ratio``, rounded down."""
    available_by_phase: dict[EntityId, dict[EntityId, Persons]] = Field(
        default={}, json_schema_extra=keyed_by("phase.capability"))
    """Persons deployable in a phase, by phase id and capability id; overrides
    ``available`` and ``standing`` for that phase and capability."""
    ready: dict[EntityId, dict[EntityId, Persons]] = Field(
        default={}, json_schema_extra=keyed_by("readiness.capability"))
    """Persons of its pool held at a readiness level, by level id and capability id
    (``ready.rapid.infantry = 200``): those deploy within the level's ``days``. A phase's
    ``ready`` requirement counts, of each pool, at most the persons held at that level
    or a faster one; the rest of a pool (and a contributor that declares nothing) is not
    ready in time."""
    unit_size: dict[EntityId, UnitSize] = Field(default={},
                                                json_schema_extra=keyed_by("capability"))
    """Per-capability override of the capability's ``unit_size``: this contributor's
    formed units of that capability have this many persons."""
    unit_scope: dict[EntityId, UnitScope] = Field(default={},
                                                   json_schema_extra=keyed_by("capability"))
    """Per-capability override of the capability's ``unit_scope``: where this contributor's
    units of that capability are counted whole."""
    min_slice: dict[EntityId, Annotated[int, Field(ge=1, le=MAX_PERSONS)]] = Field(
        default={}, json_schema_extra=keyed_by("capability"))
    """Per-capability override of the capability's ``min_slice``: the smallest contribution
    of that capability this contributor makes to a task in a phase."""
    pledge_by_phase: dict[EntityId, Money] = Field(default={},
                                                         json_schema_extra=keyed_by("phase"))
    """Money pledged for a phase, by phase id. Under national financing it caps the
    contributor's own cost in that phase (``pledge``, if given, still caps the total).
    Under a common fund the fund is counted phase by phase; what ``pledge`` leaves after
    these goes to the phases not listed, by their months; when every phase is listed,
    what ``pledge`` leaves beyond them is never spent."""


class Scheme(_Strict):
    """A way of paying for the phases that name it: a mechanism (a UN assessed budget, a
    trust fund, a fixed split between parties, a common-cost mechanism such as the EU's
    Athena) that pays for the personnel routed to it, and the payers who fund it.

    Routed personnel: every contributor's, except those listed in ``own_costs``; in a
    ``mixed`` scheme only those of the capabilities or tasks in ``common_costs`` (the rest
    lie where they fall). The mechanism pays for each routed person-month the
    ``reimbursement`` rate of its capability or component where one is given, else its
    full cost; the contributor bears the difference (negative when the rate exceeds its
    cost). Fixed ``payments`` are paid whatever the plan costs; what the mechanism spends
    beyond them is apportioned by ``scale`` (or, in a common fund, pro rata to
    ``pledges``)."""

    kind: SchemeKind
    """``common-fund`` (donors' pledges pooled and drawn pro rata), ``assessed`` (a scale of
    assessment, as UN peacekeeping), ``fixed-shares`` (a negotiated split, as the MFO's
    thirds) or ``mixed`` (``common_costs`` through the mechanism, the rest lie where they
    fall, as EU operations); required."""
    name: Text | None = None
    """Display name."""
    scale: dict[EntityId, Annotated[float, Field(ge=0, le=1)]] = Field(
        default={}, json_schema_extra=keyed_by("payer"))
    """Share of what the mechanism spends (beyond fixed payments) that each payer pays, by
    payer id (a contributor, a ``[payer]``, or any other id, which pays as a payer that sends
    nobody and is warned about); required for ``assessed``, ``fixed-shares`` and ``mixed``,
    and adds up to 1."""
    pledges: dict[EntityId, Money] = Field(default={}, json_schema_extra=keyed_by("payer"))
    """``common-fund`` only: money each payer puts into the fund at most, by payer id; the
    fund spends at most the pledges and fixed payments together, and each pledger pays
    its pledge's share of what is spent beyond the fixed payments."""
    payments: dict[EntityId, Money] = Field(default={}, json_schema_extra=keyed_by("payer"))
    """Fixed contributions, paid whatever the plan costs, by payer id; what they leave
    unspent is reported."""
    reimbursement: dict[Component, Annotated[float, Field(ge=0, le=MAX_COST)]] = {}
    """Flat rate the mechanism pays contributors per routed person-month, by component
    (``military``, ``police``, ``civilian``); components without one are paid at cost. The
    UN's rate for troops and formed police, USD per person-month: 1,332 from 1 July 2014,
    1,365 from 2016, 1,410 from 2017, 1,428 from 1 July 2018 (sources.md §3.1)."""
    reimbursement_by_capability: dict[EntityId, Annotated[float, Field(ge=0, le=MAX_COST)]] = \
        Field(default={}, json_schema_extra=keyed_by("capability"))
    """As ``reimbursement``, by capability id; overrides the component's rate."""
    common_costs: list[EntityId] = []
    """``mixed`` only, and required there: capability or task ids whose personnel the
    mechanism pays for; all other costs lie where they fall."""
    own_costs: list[EntityId] = []
    """Contributors whose personnel stay at their own cost in this scheme's phases (the
    MFO's troop contributors beside the three parties' fixed shares)."""
    budget: Money | None = None
    """Ceiling on what the mechanism pays over all its phases (money)."""


class Payer(_Strict):
    """A state or organisation that pays into a financing scheme but sends no personnel
    (contributors pay too, under their own ids)."""

    name: Text | None = None
    """Display name."""
    weight: Annotated[float, Field(ge=0, le=1)] | None = None
    """Economic weight (a GDP or GNI share among the mission's payers, from 0 to 1): the
    burden-sharing report compares the payer's share of the money with it."""
    max_payment: Money | None = None
    """Ceiling on what the payer pays into schemes over the horizon (fixed payments and
    its shares together)."""


class Group(_Strict):
    """A bloc of contributors (NATO, EU, regional states) whose share of the mission's
    deployed personnel is held within bounds in every phase."""

    name: Text | None = None
    """Display name."""
    members: Annotated[list[EntityId], Field(min_length=1)]
    """Ids of the member contributors; required. A contributor may be in several groups."""
    min_share: Annotated[float, Field(ge=0, le=1)] | None = None
    """At least this share of all persons deployed in each phase comes from members."""
    max_share: Annotated[float, Field(ge=0, le=1)] | None = None
    """At most this share of all persons deployed in each phase comes from members."""
    min_share_by_phase: dict[EntityId, Annotated[float, Field(ge=0, le=1)]] = Field(
        default={}, json_schema_extra=keyed_by("phase"))
    """The floor in a phase, by phase id (a NATO lead in enforcement: 0.6); overrides
    ``min_share`` in that phase."""
    max_share_by_phase: dict[EntityId, Annotated[float, Field(ge=0, le=1)]] = Field(
        default={}, json_schema_extra=keyed_by("phase"))
    """The cap in a phase, by phase id (a UN lead later: at most 0.3 from NATO);
    overrides ``max_share`` in that phase."""


Probability = Annotated[float, Field(ge=0, le=1)]


class Odds(_Strict):
    """What may become of one contributor's forces (``forcesize risk --draws``): each key
    left out takes ``[uncertainty]``'s own."""

    arrives: Probability | None = None
    """The probability that its forces arrive at all."""
    fraction: Annotated[float, Field(gt=0, le=1)] | None = None
    """The share of its forces that arrives when they do: every pool (and the forces
    ready within it) is cut to this share, rounded down to whole units."""
    slips: Probability | None = None
    """The probability that its forces, when they arrive, arrive one phase late: none in
    the first phase in which it has forces."""
    source: Text | None = None
    """Where the figures come from, or that they are an assumption."""


class GroupOdds(_Strict):
    """How a group's members fail together."""

    correlation: Probability = 0.0
    """The probability that the members share one fate in a draw (all arrive or none, as
    far as their own ``arrives`` allow; all slip or none): for members with equal odds,
    the correlation of their failures. 0: each member's fate is its own."""
    source: Text | None = None
    """Where the figure comes from, or that it is an assumption."""


class Uncertainty(_Strict):
    """What may go wrong with the contributors' forces: pledges that do not arrive, arrive
    in part or arrive a phase late, alone or a group together. Read only by ``forcesize
    risk --draws``; the plan assumes every pool arrives in full and on time."""

    arrives: Probability = 1.0
    """The probability that a contributor's forces arrive at all, where its own
    ``[uncertainty.contributor.ID]`` does not say."""
    fraction: Annotated[float, Field(gt=0, le=1)] = 1.0
    """The share of a contributor's forces that arrives when they do, where its own does
    not say."""
    slips: Probability = 0.0
    """The probability that a contributor's forces arrive one phase late, where its own
    does not say."""
    source: Text | None = None
    """Where the defaults come from, or that they are an assumption."""
    contributor: dict[EntityId, Odds] = Field(default={},
                                              json_schema_extra=keyed_by("contributor"))
    """Odds of one contributor, by id."""
    group: dict[EntityId, GroupOdds] = Field(default={}, json_schema_extra=keyed_by("group"))
    """How each group's members fail together, by id."""

    def odds(self, contributor: str) -> tuple[float, float, float]:
        """(arrives, fraction, slips) of a contributor: its own, else the defaults."""
        own = self.contributor.get(contributor) or Odds()
        return (self.arrives if own.arrives is None else own.arrives,
                self.fraction if own.fraction is None else own.fraction,
                self.slips if own.slips is None else own.slips)


class Threat(_Strict):
    """How a theatre's ``threat`` level scales the needs of enforcement-type tasks."""

    multipliers: dict[ThreatLevel, Annotated[float, Field(gt=0, le=MAX_FACTOR)]] = {
        "low": 1.0, "medium": 3.16, "high": 10.0}
    """Multiplier of needs by threat level. Defaults: low 1 (a consent-based
    operation); high 10 (RAND, Dobbins et al. 2007: peace enforcement during active
    conflict is about 10 times as demanding as an operation that begins with the
    agreement of all combatants); medium 3.16, the geometric mean of the two (an
    assumption). Levels not given keep their defaults."""
    functions: list[Annotated[str, StringConstraints(max_length=MAX_ID)]] = ["enforcement"]
    """Task functions the multiplier applies to."""


class Mandate(_Strict):
    """A mission mandate: the whole file."""

    mission: Mission
    """The mission as a whole; required."""
    objective: Objective = Objective()
    """Financing and caps."""
    phase: dict[EntityId, Phase] = Field(default={}, json_schema_extra=keyed_by("phase"))
    """Phases by id, in chronological order."""
    theatre: dict[EntityId, Theatre] = Field(default={}, json_schema_extra=keyed_by("theatre"))
    """Theatres by id."""
    capability: dict[EntityId, Capability] = Field(default={},
                                                   json_schema_extra=keyed_by("capability"))
    """Capabilities by id."""
    task: dict[EntityId, Task] = Field(default={}, json_schema_extra=keyed_by("task"))
    """Tasks by id."""
    contributor: dict[EntityId, Contributor] = Field(default={},
                                                     json_schema_extra=keyed_by("contributor"))
    """Contributors by id."""
    group: dict[EntityId, Group] = Field(default={}, json_schema_extra=keyed_by("group"))
    """Groups of contributors by id, with bounds on their share of each phase."""
    financing: dict[EntityId, Scheme] = Field(default={},
                                              json_schema_extra=keyed_by("financing"))
    """Financing schemes by id, which phases (or ``objective.financing``) name."""
    payer: dict[EntityId, Payer] = Field(default={}, json_schema_extra=keyed_by("payer"))
    """Payers that send no personnel, by id."""
    threat: Threat = Threat()
    """Threat multipliers for theatres that set a ``threat`` level."""
    readiness: dict[EntityId, ReadinessLevel] = Field(
        default={}, json_schema_extra=keyed_by("readiness"))
    """Readiness levels by id, which contributors hold forces at (``ready``) and phases
    draw on (``phase.ID.ready``)."""
    uncertainty: Uncertainty | None = None
    """What may go wrong with the contributors' forces, for ``forcesize risk --draws``."""

    def financing_of(self, phase: str) -> str:
        """How a phase is paid for: its own ``financing``, else ``objective.financing``."""
        return self.phase[phase].financing or self.objective.financing

    @property
    def common_fund(self) -> bool:
        """Whether the built-in common fund pays for the mission: every contributor's
        pledge pooled for every phase (the references forbid it beside other financing)."""
        phases = [self.financing_of(p) for p in self.phase] or [self.objective.financing]
        return all(f == "common-fund" for f in phases)


SECTION_MODELS: dict[str, type[BaseModel]] = {"mission": Mission, "objective": Objective,
                                              "threat": Threat, "uncertainty": Uncertainty}
"""Top-level tables that are single sections, by key."""
ENTITY_MODELS: dict[str, type[BaseModel]] = {
    "phase": Phase,
    "theatre": Theatre,
    "capability": Capability,
    "task": Task,
    "contributor": Contributor,
    "group": Group,
    "financing": Scheme,
    "payer": Payer,
    "readiness": ReadinessLevel,
}
"""Top-level tables of entities keyed by id, by key, in the order the docs list them."""
