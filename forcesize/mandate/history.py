"""``history.toml``: what historic missions fielded, for the backtest of the rule library.

A folder of reference mandates (``mandates/reference/``) holds one mandate per historic
mission, sized from the mission's inputs with library rules taken from *other* missions,
and ``history.toml``, what each mission actually fielded, phase by phase. The file is data
for ``forcesize backtest``, not a mandate; it is validated here as strictly as a mandate
(unknown keys, wrong types and impossible sums are input errors, exit 2), so that a
comparison never rests on a typo. Its keys are described in its own header.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from ..errors import InputError, Issue
from .files import bundled_mandates_dir, read_toml
from .issues import issues_from_validation
from .locate import locate
from .rules import rules_used
from .schema import Mandate
from .suggest import did_you_mean

HISTORY_FILE = "history.toml"
REFERENCE_FOLDER = "reference"

Component = Literal["military", "police", "civilian"]
Kind = Literal["strength", "average", "authorised", "planned", "about", "more than",
               "fewer than"]
"""How the source words a figure: deployed strength, a period's average, a ceiling, a plan,
an approximation, or a bound."""


class HistoricPhase(BaseModel):
    """What a mission fielded in one phase of its reference mandate."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    personnel: int | None = Field(None, gt=0)
    """Historic persons in the phase: the sum of the components in ``counts``. None for a
    phase the sources give only a cost for."""
    counts: tuple[Component, ...] = ()
    """The components ``personnel`` counts; the model's persons of those components only
    are set beside it."""
    military: int | None = Field(None, ge=0)
    police: int | None = Field(None, ge=0)
    civilian: int | None = Field(None, ge=0)
    split: dict[str, int | str] | None = None
    """A further breakdown the sources give (UNIFIL's ground and naval troops), not
    compared."""
    as_of: str | None = None
    kind: Kind | None = None
    usd_per_year: float | None = Field(None, ge=0)
    eur_per_year: float | None = Field(None, ge=0)
    note: str | None = None

    @model_validator(mode="after")
    def _sums(self) -> HistoricPhase:
        if self.personnel is None:
            if self.counts:
                raise ValueError("'counts' without 'personnel'")
            return self
        if not self.counts:
            raise ValueError("'personnel' needs 'counts', the components it counts")
        if self.kind is None:
            raise ValueError("'personnel' needs 'kind', how the source words the figure")
        parts = [getattr(self, c) for c in self.counts]
        if all(p is not None for p in parts) and sum(parts) != self.personnel:
            raise ValueError(f"'personnel' ({self.personnel}) is not the sum of "
                             f"{' + '.join(self.counts)} ({sum(parts)})")
        return self


class HistoricMission(BaseModel):
    """One historic mission and the reference mandate that encodes it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    file: str = Field(pattern=r"^[A-Za-z0-9._-]+\.toml$")
    """The reference mandate, in the same folder."""
    name: str
    mission_types: tuple[str, ...]
    leave_out: tuple[str, ...] = ()
    """The rule library's ``derived_from`` ids this mission stands for: a rule derived from
    any of them must not size its mandate (leave-one-out)."""
    leave_out_rules: tuple[str, ...] = ()
    """Further rules its mandate must not use."""
    sources: tuple[str, ...] = ()
    cites: str = ""
    components: tuple[Component, ...]
    phase: dict[str, HistoricPhase]
    cost: dict[str, Any] | None = None
    """The headline cost, as the sources give it (not compared yet)."""


class History(BaseModel):
    """``history.toml``: the historic missions, by id."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    mission: dict[str, HistoricMission] = Field(min_length=1)


def reference_folder() -> Path:
    """The bundled reference missions (``mandates/reference/``)."""
    return bundled_mandates_dir() / REFERENCE_FOLDER


WHAT = "history file"
"""The header of its errors: ``forcesize: invalid history file …/history.toml``."""


def load_history(folder: Path) -> History:
    """``folder/history.toml``, validated; an :class:`InputError` names the file, the key
    path and the line of every problem, and a mandate file it names that is missing."""
    path = folder / HISTORY_FILE
    if not path.is_file():
        raise InputError([Issue("no-history", str(folder), f"no {HISTORY_FILE} in this folder",
                                hint="a backtest folder holds reference mandates and a "
                                     f"{HISTORY_FILE} of their historic outcomes",
                                file=str(folder))],
                         file=str(folder), what=WHAT)
    try:
        data, source = read_toml(path)
    except InputError as exc:  # not TOML: say it is the history file, not a mandate
        raise InputError(exc.issues, exc.file, what=WHAT) from None
    name = str(path)

    def place(key: tuple[str, ...]) -> tuple[str, int | None, int | None]:
        found = locate(source, key)
        return (name, *found) if found else (name, None, None)

    try:
        history = History.model_validate(data)
    except ValidationError as exc:
        raise InputError([_with_hint(i) for i in issues_from_validation(exc, place)],
                         file=name, what=WHAT) from None
    missing = [Issue("missing-file", f"mission.{mid}.file", f"{folder / m.file} does not exist",
                     value=repr(m.file), file=name,
                     line=(place(("mission", mid, "file"))[1]))
               for mid, m in history.mission.items() if not (folder / m.file).is_file()]
    if missing:
        raise InputError(missing, file=name, what=WHAT)
    return history


_LEVELS: dict[int, type[BaseModel]] = {1: History, 3: HistoricMission, 5: HistoricPhase}
"""The model whose keys are allowed at a key path of this many parts: ``KEY`` is the
file's, ``mission.ID.KEY`` a mission's, ``mission.ID.phase.PHASE.KEY`` a phase's."""


def _with_hint(issue: Issue) -> Issue:
    """An unknown key's issue with a did-you-mean among the keys allowed there."""
    parts = issue.path.split(".")
    model = _LEVELS.get(len(parts))
    if issue.code != "extra-forbidden" or issue.hint or model is None:
        return issue
    return replace(issue, hint=did_you_mean(parts[-1], list(model.model_fields)))


def left_in(mission_id: str, mission: HistoricMission, m: Mandate, file: str) -> list[Issue]:
    """The rules a reference mandate uses although they come from the mission it encodes
    (a ``derived_from`` id in ``leave_out``, or a rule in ``leave_out_rules``): a backtest
    that let a mission size itself would measure nothing."""
    from ..library import rules

    library = rules()
    issues = []
    for rule_id, path in rules_used(m).items():
        rule = library.get(rule_id)
        own = sorted(set(rule.derived_from) & set(mission.leave_out)) if rule else []
        if own or rule_id in mission.leave_out_rules:
            why = (f"it is derived from {', '.join(own)}" if own else
                   f"history.toml leaves it out (mission.{mission_id}.leave_out_rules)")
            issues.append(Issue("leave-one-out", path, f"rule '{rule_id}' may not size the "
                                f"mission '{mission_id}': {why}", value=repr(rule_id),
                                hint="size it with a rule derived from other missions",
                                file=file))
    return issues
