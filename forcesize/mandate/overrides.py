"""``--set PATH=VALUE``: command-line overrides, checked against the mandate format.

PATH is a dotted key path with ids addressing entities
(``contributor.USA.available.infantry``); VALUE is a TOML value
(``0``, ``3e9``, ``"text"``, ``["a", "b"]``, ``{ fixed = 4 }``), and a bare
word such as ``important`` is taken as a string. An override is one more
layer merged on top of the composed mandate, so a table value merges key by
key like a variant's.

A path must name something the format allows and the mandate has: a field of
the model at that depth, or the id of an existing entity (or capability, in
tables keyed by capability). Anything else is an error with a did-you-mean,
because a misspelt override that silently added a key would change nothing.
"""

from __future__ import annotations

import copy
import re
import tomllib
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, get_args, get_origin

from pydantic import BaseModel

from ..errors import InputError, Issue
from .compose import Composed, Source, merge_into
from .files import MAX_NESTING, nesting
from .schema import FREE_NAMES, KEYED_BY, Mandate
from .suggest import did_you_mean

_BARE_WORD = re.compile(r"^[A-Za-z_][A-Za-z0-9_.\- ]*$")


@dataclass(frozen=True)
class Override:
    """One parsed ``--set``: the key path and the value."""

    text: str
    path: tuple[str, ...]
    value: Any


def _problem(text: str, message: str, hint: str = "", path: str = "",
             value: str | None = None) -> Issue:
    return Issue(code="bad-override", path=path, message=message, hint=hint, value=value,
                 file=f"--set {text}")


def parse_override(text: str) -> Override:
    """``PATH=VALUE`` → :class:`Override`; a malformed option is an :class:`InputError`."""
    name, sep, raw = text.partition("=")
    name, raw = name.strip(), raw.strip()
    if not sep or not name:
        raise InputError([_problem(text, "expected PATH=VALUE",
                                   "e.g. --set objective.budget=3e9", path=name or text)],
                         file="--set")
    parts = tuple(name.split("."))
    if any(not p for p in parts):
        raise InputError([_problem(text, "the path has an empty key", path=name)], file="--set")
    try:
        value = tomllib.loads(f"v = {raw}")["v"]
        if nesting(value) > MAX_NESTING:
            raise RecursionError
    except RecursionError:
        raise InputError([_problem(text, f"VALUE nests more than {MAX_NESTING} levels deep",
                                   path=name)], file="--set") from None
    except tomllib.TOMLDecodeError as exc:
        if not _BARE_WORD.match(raw):
            message = re.sub(r"\s*\(at line \d+, column \d+\)", "",
                             getattr(exc, "msg", None) or str(exc))
            raise InputError([_problem(text, f"VALUE is not a TOML value ({message})",
                                       'quote text as "..."; arrays are ["a", "b"], tables '
                                       '{ key = "value" }', path=name, value=raw)],
                             file="--set") from None
        value = raw
    return Override(text, parts, value)


def _unwrap(annotation: Any) -> Any:
    """The model class behind ``X | None`` or ``Annotated[X, ...]``, else ``annotation``."""
    origin = get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        models = [a for a in get_args(annotation) if a is not type(None)]
        return _unwrap(models[0]) if len(models) == 1 else annotation
    return annotation


def _is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, BaseModel)


PAYING = {"payer": ("payer", "contributor")}
"""Kinds whose ids come from more than one table: a scheme's payers are ``[payer]`` entities
or contributors."""


def check_path(parts: tuple[str, ...], data: dict[str, Any]) -> tuple[str, str] | None:
    """``None`` when ``parts`` names a key the format allows in ``data``, else
    (message, hint) saying where the path stops making sense."""
    model: type[BaseModel] = Mandate
    i = 0
    while i < len(parts):
        here = ".".join(parts[:i]) or "the mandate"
        fields = model.model_fields
        if parts[i] not in fields:
            return f"{here} has no key '{parts[i]}'", did_you_mean(parts[i], fields)
        info = fields[parts[i]]
        tp = _unwrap(info.annotation)
        i += 1
        if i == len(parts):
            return None
        if _is_model(tp):
            model = tp
            continue
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        kind = extra.get(KEYED_BY)
        if get_origin(tp) is not dict or not isinstance(kind, str):
            return (f"{'.'.join(parts[:i])} is a value, not a table; it has no key "
                    f"'{parts[i]}'", "")
        inner = tp
        for each in kind.split("."):  # ``phase.capability``: a table of tables
            ids = [i for k in PAYING.get(each, (each,)) if isinstance(data.get(k), dict)
                   for i in data[k]]
            if each not in FREE_NAMES and parts[i] not in ids:
                return f"there is no {each} '{parts[i]}'", did_you_mean(parts[i], ids)
            i += 1
            if i == len(parts):
                return None
            inner = _unwrap(get_args(inner)[1])
        if not _is_model(inner):
            return (f"{'.'.join(parts[:i])} is a value, not a table; it has no key "
                    f"'{parts[i]}'", "")
        model = inner
    return None


def apply_overrides(composed: Composed, texts: list[str] | tuple[str, ...]) -> None:
    """Merge each ``--set`` into ``composed``, in order. A bad one is skipped and
    recorded in ``composed.issues``, so it is reported with every other problem."""
    issues = composed.issues
    for text in texts:
        try:
            override = parse_override(text)
        except InputError as exc:
            issues += exc.issues
            continue
        problem = check_path(override.path, composed.data)
        if problem is not None:
            message, hint = problem
            issues.append(_problem(text, f"the path names nothing: {message}", hint,
                                   path=".".join(override.path)))
            continue
        layer: Any = override.value
        for key in reversed(override.path):
            layer = {key: layer}
        merge_into(composed.data, layer, composed.provenance, Source(f"--set {text}"))


def value_at(data: Mapping[str, Any], path: str) -> Any:
    """The value at a dotted key path of the document ``data``; None where it has none."""
    node: Any = data
    for part in path.split("."):
        if not isinstance(node, Mapping) or part not in node:
            return None
        node = node[part]
    return node


def with_values(data: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    """A deep copy of the document ``data`` with each dotted key path set to its value,
    tables made as needed: a change taken relative to the document, never cumulatively
    (the marginal values' re-solves take their steps this way)."""
    out = copy.deepcopy(data)
    for path, value in values.items():
        table = out
        *parents, last = path.split(".")
        for key in parents:
            table = table.setdefault(key, {})
        table[last] = value
    return out
