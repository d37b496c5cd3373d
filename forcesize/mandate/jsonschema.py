"""The JSON Schema (draft 2020-12) of the mandate format, for editors and other tools.

Generated from the pydantic models of ``schema.py`` (their field docstrings are
the descriptions), then made fit for a TOML editor: Taplo / Even Better TOML
read a first line ``#:schema ./schema/mandate.schema.json``, and VS Code's JSON
Schema support takes the same file. The post-processing:

* ``$schema``, ``$id``, ``title`` and ``description`` at the top;
* the variant keys that ``compose.py`` consumes before validation: ``extends``
  and ``remove`` at the top level, ``after`` and ``before`` in a phase table;
* a file that extends a base may leave out required keys (the base has them),
  so requiredness applies only to a file without ``extends`` (``if``/``else``);
  ``after`` and ``before`` are refused there too, and ``remove`` needs
  ``extends``;
* tables keyed by ids say so with ``propertyNames`` (the id pattern) and
  ``additionalProperties`` (the entity), and keep ``x-keyed-by``, the entity
  kind whose ids key them; every model table keeps ``additionalProperties:
  false``, so a misspelt key is flagged;
* TOML has no null: optional keys are simply absent, so the ``null`` branches
  and ``null`` defaults pydantic writes are dropped, as are the titles it makes
  from field names; descriptions are joined onto one line.

The output is deterministic: properties in the models' order, ``$defs`` sorted.
``python -m forcesize.mandate.jsonschema`` prints it; the committed copy is
``schema/mandate.schema.json`` (a test fails when it is stale).
"""

from __future__ import annotations

import json
import re
import sys
from typing import Any

from .compose import BUNDLED_PREFIX, MAX_DEPTH, PLACEMENT_KEYS
from .schema import ID_PATTERN, Mandate

DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_ID = "https://forcesize.invalid/schema/mandate-v1.json"
"""An absolute URI, as ``$id`` should be, that can never resolve: ``.invalid`` is
reserved (RFC 2606, RFC 6761), so no tool fetches a document someone else put
under this name, and nothing suggests a hosted copy that does not exist. Editors
find the schema by path (``#:schema``, or an editor setting); ``v1`` is the
format's version, as in docs/mandate-format.md."""

TITLE = "forcesize mandate (v1)"
DESCRIPTION = (
    "A peacekeeping mission mandate for forcesize: the mission, its financing, phases, "
    "theatres, capabilities, tasks and contributors, as one TOML file. Entities are tables "
    "keyed by their id. A variant says `extends = \"base.toml\"` and gives only what it "
    "changes. Cross-references (a task's theatre, phases, parties and capabilities) are "
    "checked by `forcesize validate`, not by this schema. See docs/mandate-format.md."
)

DOTTED_PATH = r"^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$"

VARIANT_KEYS: dict[str, dict[str, Any]] = {
    "extends": {
        "type": "string",
        "minLength": 1,
        "description": (
            "The base mandate this file is a variant of: a path relative to this file, or "
            f"`{BUNDLED_PREFIX}NAME` for a mandate shipped with forcesize. The base's keys are "
            "merged with this file's, table by table; chains are allowed, at most "
            f"{MAX_DEPTH} hops."),
    },
    "remove": {
        "type": "array",
        "items": {"type": "string", "pattern": DOTTED_PATH},
        "description": (
            "Dotted key paths (\"contributor.USA\", \"task.gaza-border.need.enabler\") dropped "
            "from the base before this file's keys merge in; only with `extends`."),
    },
}

PLACEMENT: dict[str, dict[str, Any]] = {
    key: {
        "type": "string",
        "pattern": ID_PATTERN,
        "description": (
            f"In a variant, a new phase goes {key} this phase of the base (or a new phase "
            "placed earlier in this file). Existing phases keep the base's order and may not "
            "carry this key; give `after` or `before`, not both."),
    }
    for key in PLACEMENT_KEYS
}


def _ref_name(node: dict[str, Any]) -> str | None:
    ref = node.get("$ref")
    return ref.rsplit("/", 1)[-1] if isinstance(ref, str) else None


def _requirements(node: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any] | None:
    """The ``required`` keywords under ``node``, as a schema of the same shape, or None."""
    target = defs.get(_ref_name(node) or "", node)
    overlay: dict[str, Any] = {}
    if target.get("required"):
        overlay["required"] = list(target["required"])
    inner = {}
    for name, prop in target.get("properties", {}).items():
        sub = _requirements(prop, defs)
        if sub:
            inner[name] = sub
    if inner:
        overlay["properties"] = inner
    values = next(iter(target.get("patternProperties", {}).values()),
                  target.get("additionalProperties"))
    if isinstance(values, dict):
        sub = _requirements(values, defs)
        if sub:
            overlay["additionalProperties"] = sub
    return overlay or None


def _tidy(node: Any) -> Any:
    """One schema node made fit for TOML editors (see the module docstring)."""
    if isinstance(node, list):
        return [_tidy(item) for item in node]
    if not isinstance(node, dict):
        return node
    options = node.get("anyOf")
    if isinstance(options, list) and {"type": "null"} in options:
        kept = [o for o in options if o != {"type": "null"}]
        node = {**{k: v for k, v in node.items() if k != "anyOf"},
                **(kept[0] if len(kept) == 1 else {"anyOf": kept})}
    if "patternProperties" in node:
        (pattern, values), = node["patternProperties"].items()
        node = {k: v for k, v in node.items() if k != "patternProperties"}
        node["propertyNames"] = {**node.get("propertyNames", {}), "pattern": pattern}
        node["additionalProperties"] = values
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key == "default" and value is None:
            continue
        if key == "default" and isinstance(value, dict):
            value = {k: v for k, v in value.items() if v is not None}
        elif key == "description" and isinstance(value, str):
            value = re.sub(r"``([^`]+)``", r"`\1`", " ".join(value.split()))
        elif key == "properties":
            value = {name: {k: v for k, v in _tidy(prop).items() if k != "title"}
                     for name, prop in value.items()}
        else:
            value = _tidy(value)
        out[key] = value
    return out


def _strip_required(node: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in node.items() if k != "required"}


def mandate_json_schema() -> dict[str, Any]:
    """The JSON Schema of a mandate file (or a variant of one), as a dict."""
    raw = Mandate.model_json_schema()
    raw_defs = raw.get("$defs", {})
    required = _requirements(raw, raw_defs) or {}
    defs = {name: _strip_required(_tidy(raw_defs[name])) for name in sorted(raw_defs)}
    phase = defs["Phase"]
    phase["properties"] = {**phase["properties"], **PLACEMENT}
    phase["not"] = {"required": list(PLACEMENT_KEYS)}

    plain = dict(required)  # a file without `extends`: complete, and phases in written order
    phase_overlay = plain.setdefault("properties", {}).setdefault("phase", {})
    phase_overlay.setdefault("additionalProperties", {})["properties"] = dict.fromkeys(
        PLACEMENT_KEYS, False)

    top = _tidy({k: v for k, v in raw.items() if k not in ("$defs", "title", "description")})
    return {
        "$schema": DIALECT,
        "$id": SCHEMA_ID,
        "title": TITLE,
        "description": DESCRIPTION,
        "type": "object",
        "properties": {**VARIANT_KEYS, **top["properties"]},
        "additionalProperties": False,
        "dependentRequired": {"remove": ["extends"]},
        "if": {"required": ["extends"]},
        "else": plain,
        "$defs": defs,
    }


def schema_text() -> str:
    """The schema as the committed file holds it."""
    return json.dumps(mandate_json_schema(), indent=2, ensure_ascii=False) + "\n"


def main() -> None:  # pragma: no cover
    """Print the schema: ``python -m forcesize.mandate.jsonschema``, saved as
    ``schema/mandate.schema.json``."""
    sys.stdout.write(schema_text())


if __name__ == "__main__":  # pragma: no cover
    main()
