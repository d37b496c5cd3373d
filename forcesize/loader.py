"""Read a mandate file: bytes → tomllib → pydantic → cross-entity checks.

Every failure becomes an :class:`InputError` carrying one :class:`Issue` per
problem, with the file, the key path, the line when it can be found, the bad
value and a did-you-mean. The bundled default mandate is found here too, in
the installed package or, in a source checkout, beside it.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from .checks import Tolerated, run_checks
from .compose import Provenance, compose_file
from .errors import InputError, Issue
from .locate import locate
from .overrides import apply_overrides
from .schema import (
    ENTITY_MODELS,
    ID_PATTERN,
    KEYED_BY,
    SECTION_MODELS,
    Mandate,
    Mission,
    NeedRule,
    Objective,
)
from .suggest import did_you_mean

DEFAULT_MANDATE = "west-bank-gaza.toml"

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


@dataclass(frozen=True)
class LoadedMandate:
    """A validated mandate with where it came from and the warnings it raised."""

    mandate: Mandate
    file: str
    warnings: list[Issue] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)
    """The merged document as written (no defaults filled in), for ``resolve``."""
    chain: list[str] = field(default_factory=list)
    """The files it was composed from, the root base first."""


def bundled_mandates_dir() -> Path:
    """Where the bundled mandates are: in the installed wheel, or the checkout's ``mandates/``."""
    packaged = resources.files("forcesize").joinpath("mandates")
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parent.parent / "mandates"


def default_mandate_path() -> Path:
    """The mandate ``solve`` uses when it is given no file."""
    return bundled_mandates_dir() / DEFAULT_MANDATE


def read_toml(path: Path) -> tuple[dict[str, Any], str]:
    """Parse ``path`` as TOML; every failure is an :class:`InputError` naming the file."""
    name = str(path)

    def fail(code: str, message: str, hint: str = "", line: int | None = None,
             column: int | None = None) -> InputError:
        return InputError(
            [Issue(code=code, path="", message=message, hint=hint, file=name, line=line,
                   column=column)],
            file=name,
        )

    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        hint = did_you_mean(path.name, [p.name for p in path.parent.glob("*.toml")]) if \
            path.parent.is_dir() else ""
        raise fail("file-not-found", "no such file", hint) from None
    except IsADirectoryError:
        raise fail("not-a-file", "is a directory, not a mandate file") from None
    except OSError as exc:
        raise fail("unreadable", f"cannot read the file: {exc.strerror}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise fail("not-utf8", f"not UTF-8 text (byte {exc.start})",
                   "TOML files are UTF-8") from None
    if not text.strip():
        raise fail("empty-file", "the file is empty",
                   "a mandate needs at least a [mission] table with a name")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = getattr(exc, "msg", None) or str(exc)
        line, column = getattr(exc, "lineno", None), getattr(exc, "colno", None)
        place = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        if line is None and place:  # Python < 3.14 puts the place only in the text
            line, column = int(place.group(1)), int(place.group(2))
            message = message.replace(place.group(0), "").strip()
        hint = ""
        if any(w in message.lower() for w in ("overwrite", "redefin", "twice")):
            hint = "a key or table is written twice; each id may be defined once"
        raise fail("not-toml", f"not valid TOML: {message}", hint, line, column) from None
    return data, text


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
    return list(model.model_fields) if model else []


def _dotted(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def _placer(file: str, text: str, provenance: Provenance | None) -> Placer:
    """Where a key path was written: the file of the chain that wrote it, and the line."""
    if provenance is not None:
        return lambda path: provenance.place(path, file)

    def place(path: tuple[str, ...]) -> tuple[str, int | None, int | None]:
        found = locate(text, path)
        return file, found[0] if found else None, found[1] if found else None

    return place


def _issues_from_validation(exc: ValidationError, place: Placer) -> list[Issue]:
    issues = []
    for err in exc.errors(include_url=False):
        loc = tuple(p for p in err["loc"] if p != "[key]")
        kind = err["type"]
        message = _FRIENDLY.get(kind, err["msg"])
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


def _salvage(data: dict[str, Any]) -> tuple[Mandate, Tolerated]:
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


def validate(data: dict[str, Any], file: str = "<mandate>", text: str = "",
             provenance: Provenance | None = None, chain: list[str] | None = None,
             found_before: list[Issue] | None = None) -> LoadedMandate:
    """Validate parsed TOML; raise :class:`InputError` with every problem found.

    Shape errors (pydantic) and reference errors (checks.py) are reported in one
    run: when the document has shape errors, the reference checks run on its
    shape-valid part (:func:`_salvage`). Issues are placed in ``text``, or, for a
    composed variant, in the file of the chain that wrote the key
    (``provenance``), and sorted by :func:`issue_order`. ``found_before`` are problems
    found while composing the document, reported in the same run."""
    place = _placer(file, text, provenance)
    try:
        mandate = Mandate.model_validate(data)
    except ValidationError as exc:
        partial, tolerated = _salvage(data)
        found = _issues_from_validation(exc, place) + _placed(run_checks(partial, tolerated),
                                                              place)
        raise InputError(sorted(found + (found_before or []), key=issue_order),
                         file=file) from None
    found = _placed(run_checks(mandate), place) + (found_before or [])
    errors = sorted((i for i in found if i.severity == "error"), key=issue_order)
    if errors:
        raise InputError(errors, file=file)
    return LoadedMandate(mandate, file,
                         sorted((i for i in found if i.severity == "warning"), key=issue_order),
                         data, chain if chain is not None else [file])


def _placed(issues: list[Issue], place: Placer) -> list[Issue]:
    """The issues with the file, line and column where their key path was written."""
    out = []
    for issue in issues:
        where, line, column = place(tuple(issue.path.split("[")[0].split(".")))
        out.append(Issue(**{**issue.__dict__, "file": where, "line": line, "column": column}))
    return out


def load_mandate(path: str | Path | None = None,
                 overrides: list[str] | tuple[str, ...] = ()) -> LoadedMandate:
    """Load and validate a mandate file, following ``extends`` and applying ``--set``
    overrides; ``None`` loads the bundled default."""
    target = Path(path) if path is not None else default_mandate_path()
    name = str(path) if path is not None else f"<bundled>/{target.name}"
    try:
        composed = compose_file(target, name)
        if overrides:
            apply_overrides(composed, overrides)
    except InputError as exc:  # a problem anywhere in the chain is a problem of this mandate
        raise InputError(exc.issues, file=name) from None
    return validate(composed.data, name, provenance=composed.provenance,
                    chain=composed.chain, found_before=composed.issues)
