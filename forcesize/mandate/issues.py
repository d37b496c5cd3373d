"""Pydantic's validation errors as located issues, and the salvage of what is valid.

A shape error becomes an :class:`Issue` with the dotted key path, the file and line that
wrote it, the bad value and a did-you-mean. When a document has shape errors, its
shape-valid part is salvaged so that the reference checks can still run on it and
every problem is reported in one run.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, ValidationError

from ..errors import Issue
from .checks import Tolerated
from .schema import (
    ENTITY_MODELS,
    ID_PATTERN,
    KEYED_BY,
    RATE_TAGS,
    SECTION_MODELS,
    Mandate,
    Mission,
    NeedRule,
    Objective,
    RuleUse,
)
from .suggest import did_you_mean

Placer = Callable[[tuple[str, ...]], tuple[str, int | None, int | None]]
"""Key path → (file, line, column) where it was written."""

_FRIENDLY = {
    "missing": "required key is missing",
    "int_type": "expected a whole number",
    "float_type": "expected a number",
    "string_type": "expected a string",
    "list_type": "expected an array",
    "dict_type": "expected a table",
    "model_type": "expected a table",
    "finite_number": "NaN and infinity are not allowed",
    "string_pattern_mismatch": "ids are TOML bare keys: letters, digits, '-' and '_'",
    "string_too_short": "must not be empty",
}



def _allowed_keys(loc: tuple[Any, ...]) -> list[str]:
    """The keys a table at ``loc`` (the parent of a bad key) may have."""
    model: type[BaseModel] | None = None
    if len(loc) == 0:
        model = Mandate
    elif len(loc) == 1 and loc[0] in SECTION_MODELS:
        model = SECTION_MODELS[loc[0]]
    elif len(loc) == 2 and loc[0] in ENTITY_MODELS:
        model = ENTITY_MODELS[loc[0]]
    elif len(loc) == 4 and loc[0] == "task" and loc[2] == "need":
        model = NeedRule
    elif len(loc) in (5, 6) and loc[0] == "task" and loc[2] == "need" and \
            (len(loc) == 5) != (loc[4] == "per"):
        model = RuleUse
    return list(model.model_fields) if model else []


def _dotted(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out



def issues_from_validation(exc: ValidationError, place: Placer) -> list[Issue]:
    issues = []
    for err in exc.errors(include_url=False):
        loc = tuple(p for p in err["loc"] if p != "[key]" and p not in RATE_TAGS)
        kind = err["type"]
        message = _FRIENDLY.get(kind, err["msg"])
        if kind == "string_pattern_mismatch" and "[rule]" in err["loc"]:
            message = ("neither a number nor a rule id (a lowercase letter, then lowercase "
                       "letters, digits and '-'; forcesize rules lists them)")
        hint = ""
        value = err.get("input")
        if kind == "extra_forbidden":
            message = "unknown key"
            hint = did_you_mean(str(loc[-1]), _allowed_keys(loc[:-1]))
        elif kind == "literal_error":
            expected = err.get("ctx", {}).get("expected", "")
            message = f"must be one of {expected}"
            if isinstance(value, str):
                choices = [c.strip(" '") for c in str(expected).replace(" or ", ",").split(",")]
                hint = did_you_mean(value, [c for c in choices if c])
        elif kind in ("greater_than", "greater_than_equal", "less_than_equal", "less_than"):
            message = err["msg"].replace("Input should be", "must be")
        elif kind == "missing":
            value = None
        if err["loc"] and err["loc"][-1] == "[key]":
            message = f"invalid id: {message}"
        where, line, column = place(tuple(str(p) for p in loc if not isinstance(p, int)))
        issues.append(
            Issue(
                code=kind.replace("_", "-"),
                path=_dotted(loc),
                message=message,
                hint=hint,
                value=None if value is None or isinstance(value, dict) else repr(value),
                file=where,
                line=line,
                column=column,
            )
        )
    return issues


def _keyed_fields(model: type[BaseModel]) -> set[str]:
    """The fields of ``model`` that are tables keyed by ids (a task's ``need``, ...)."""
    return {name for name, info in model.model_fields.items()
            if isinstance(info.json_schema_extra, dict) and KEYED_BY in info.json_schema_extra}


def _salvage_table(model: type[BaseModel], raw: Any) -> BaseModel | None:
    """``raw`` as ``model``, without what is malformed in it; ``None`` if nothing can be kept.

    Each bad key is dropped (for a table keyed by ids, only the bad entry, so the
    other entries keep their places; a bad array is dropped whole, so the
    indices of the remaining arrays do not move) and the rest validated again.
    Dropping removes references, never adds one, so the checks of what is kept
    cannot report a problem the planner did not write."""
    if not isinstance(raw, dict):
        return None
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
    kept = dict(raw)
    keyed = _keyed_fields(model)
    for err in errors:
        loc = err["loc"]
        if not loc:
            return None
        name = loc[0]
        if name in keyed and len(loc) > 1 and isinstance(kept.get(name), dict):
            kept[name] = {k: v for k, v in kept[name].items() if k != loc[1]}
        else:
            kept.pop(name, None)
    try:
        return model.model_validate(kept)
    except ValidationError:  # a required key is missing or malformed
        return None


def salvage(data: dict[str, Any]) -> tuple[Mandate, Tolerated]:
    """The shape-valid part of a document that failed validation, and the ids of what
    was left out, for the reference checks.

    Every section and entity is validated on its own; an entity that cannot be kept
    (see :func:`_salvage_table`) leaves its id tolerated, so references to it are
    not reported as naming nothing. A malformed mission is replaced by a placeholder
    that keeps the parties when they can be read (else every party is tolerated).
    An unknown top-level table whose name is close to an entity kind (``[phases.a]``)
    tolerates its keys as ids of that kind: they are probably meant to be entities.
    """
    ids: dict[str, set[str]] = {}
    every: set[str] = set()
    raw_mission = data.get("mission")
    mission = _salvage_table(Mission, raw_mission)
    if mission is None and isinstance(raw_mission, dict):
        mission = _salvage_table(Mission, {**raw_mission, "name": "(invalid)"})
    if not isinstance(mission, Mission):
        mission = Mission(name="(invalid)")
        every.add("party")
    elif isinstance(raw_mission, dict) and raw_mission.get("parties", []) != mission.parties:
        every.add("party")
    objective = _salvage_table(Objective, data.get("objective", {}))
    tables: dict[str, dict[str, BaseModel]] = {}
    for kind, model in ENTITY_MODELS.items():
        raw = data.get(kind, {})
        tables[kind] = {}
        if not isinstance(raw, dict):
            every.add(kind)
            continue
        for eid, value in raw.items():
            entity = _salvage_table(model, value) if re.match(ID_PATTERN, eid) else None
            if entity is None:
                ids.setdefault(kind, set()).add(eid)
            else:
                tables[kind][eid] = entity
    for key, value in data.items():
        if key not in Mandate.model_fields and isinstance(value, dict):
            close = difflib.get_close_matches(key.lower(), list(ENTITY_MODELS), n=1, cutoff=0.6)
            if close:
                ids.setdefault(close[0], set()).update(str(k) for k in value)
    mandate = Mandate.model_construct(
        mission=mission, objective=objective if objective is not None else Objective(),
        **tables)
    return mandate, Tolerated({k: frozenset(v) for k, v in ids.items()}, frozenset(every))


def _natural(path: str) -> tuple[Any, ...]:
    """A key path ordered as read: ``phases[2]`` before ``phases[10]``."""
    return tuple(int(p) if i % 2 else p for i, p in enumerate(re.split(r"([0-9]+)", path)))


def issue_order(issue: Issue) -> tuple[Any, ...]:
    """Issues sort by file, then line and column (unplaced ones first), then key path."""
    return (issue.file or "", issue.line or 0, issue.column or 0, _natural(issue.path),
            issue.code)
