"""The published JSON Schema of the mandate format: fresh, well-formed, and agreeing
with the loader on the bundled mandates and on broken ones.

The ``jsonschema`` package is not a dependency, so documents are checked by
``conforms`` below: a small validator of exactly the keywords the schema uses
(a meta-test fails if the schema starts using one it does not know).
"""

from __future__ import annotations

import json
import math
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest

from forcesize.mandate.jsonschema import DIALECT, SCHEMA_ID, mandate_json_schema, schema_text
from forcesize.mandate.schema import KEYED_BY

from ..helpers import DELETE, FIXTURES, MANDATES_DIR, REPO, override, valid_mandate
from .test_loader import NEGATIVE, UNKNOWN_KEYS, WRONG_TYPES

SCHEMA_FILE = REPO / "schema" / "mandate.schema.json"

ASSERTIONS = {"type", "properties", "additionalProperties", "propertyNames", "required",
              "items", "enum", "const", "minimum", "maximum", "exclusiveMinimum",
              "exclusiveMaximum", "minLength", "maxLength", "minItems", "pattern", "anyOf",
              "oneOf", "allOf", "not",
              "if",
              "then", "else", "dependentRequired", "$ref"}
ANNOTATIONS = {"$schema", "$id", "$defs", "title", "description", "default", KEYED_BY}

TYPES = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "integer": lambda v: (isinstance(v, int) and not isinstance(v, bool))
    or (isinstance(v, float) and math.isfinite(v) and v.is_integer()),
}


def conforms(value: Any, node: Any, root: dict[str, Any], path: str = "") -> list[str]:
    """Where ``value`` breaks the schema ``node`` (JSON Schema 2020-12 semantics, for the
    keywords in ASSERTIONS), as ``path: keyword`` strings; [] when it conforms."""
    if node is True:
        return []
    if node is False:
        return [f"{path}: false"]
    errors: list[str] = []
    if "$ref" in node:
        ref = node["$ref"]
        assert ref.startswith("#/$defs/"), ref
        errors += conforms(value, root["$defs"][ref.rsplit("/", 1)[-1]], root, path)
    if "type" in node and not TYPES[node["type"]](value):
        return [*errors, f"{path}: type {node['type']}"]
    if "enum" in node and value not in node["enum"]:
        errors.append(f"{path}: enum")
    if "const" in node and value != node["const"]:
        errors.append(f"{path}: const")
    if TYPES["number"](value):
        for key, broken in (("minimum", lambda b: value < b), ("maximum", lambda b: value > b),
                            ("exclusiveMinimum", lambda b: value <= b),
                            ("exclusiveMaximum", lambda b: value >= b)):
            if key in node and broken(node[key]):
                errors.append(f"{path}: {key}")
    if isinstance(value, str):
        if "minLength" in node and len(value) < node["minLength"]:
            errors.append(f"{path}: minLength")
        if "maxLength" in node and len(value) > node["maxLength"]:
            errors.append(f"{path}: maxLength")
        if "pattern" in node and not re.search(node["pattern"], value):
            errors.append(f"{path}: pattern")
    if isinstance(value, list) and "minItems" in node and len(value) < node["minItems"]:
        errors.append(f"{path}: minItems")
    if isinstance(value, list) and "items" in node:
        for i, item in enumerate(value):
            errors += conforms(item, node["items"], root, f"{path}[{i}]")
    if isinstance(value, dict):
        props = node.get("properties", {})
        for key in node.get("required", []):
            if key not in value:
                errors.append(f"{path}.{key}: required".lstrip("."))
        for key, needs in node.get("dependentRequired", {}).items():
            if key in value and any(n not in value for n in needs):
                errors.append(f"{path}.{key}: dependentRequired".lstrip("."))
        for key, item in value.items():
            where = f"{path}.{key}".lstrip(".")
            if "propertyNames" in node:
                errors += [f"{where}: propertyNames"] if conforms(
                    key, node["propertyNames"], root, where) else []
            if key in props:
                errors += conforms(item, props[key], root, where)
            elif "additionalProperties" in node:
                extra = node["additionalProperties"]
                errors += [f"{where}: additionalProperties"] if extra is False else \
                    conforms(item, extra, root, where)
    for option in ("allOf",):
        for sub in node.get(option, []):
            errors += conforms(value, sub, root, path)
    if "anyOf" in node and all(conforms(value, sub, root, path) for sub in node["anyOf"]):
        errors.append(f"{path}: anyOf")
    if "oneOf" in node and sum(not conforms(value, sub, root, path)
                               for sub in node["oneOf"]) != 1:
        errors.append(f"{path}: oneOf")
    if "not" in node and not conforms(value, node["not"], root, path):
        errors.append(f"{path}: not")
    if "if" in node:
        branch = "then" if not conforms(value, node["if"], root, path) else "else"
        if branch in node:
            errors += conforms(value, node[branch], root, path)
    return errors


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return mandate_json_schema()


def check(doc: dict[str, Any], schema: dict[str, Any]) -> list[str]:
    return conforms(doc, schema, schema)


def _nodes(node: Any):
    """Every subschema under ``node``, itself included. An unknown keyword is not
    descended into, but it shows as a key of the node that has it."""
    if not isinstance(node, dict):
        return
    yield node
    for key, value in node.items():
        if key in ("properties", "$defs"):
            for sub in value.values():
                yield from _nodes(sub)
        elif key in ("items", "additionalProperties", "propertyNames", "not", "if", "then",
                     "else"):
            yield from _nodes(value)
        elif key in ("anyOf", "oneOf", "allOf"):
            for sub in value:
                yield from _nodes(sub)


# --------------------------------------------------------------------------- the file

def test_committed_schema_is_generated_from_the_models():
    committed = SCHEMA_FILE.read_text(encoding="utf-8")
    assert committed == schema_text(), "schema/mandate.schema.json is stale: run `make docs`"


def test_schema_text_is_deterministic_json():
    text = schema_text()
    assert text == schema_text()
    assert text.endswith("}\n")
    assert json.loads(text) == mandate_json_schema()
    assert list(json.loads(text)["$defs"]) == sorted(json.loads(text)["$defs"])


def test_schema_header(schema):
    assert schema["$schema"] == DIALECT == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == SCHEMA_ID
    assert schema["title"] and schema["description"]
    assert list(schema)[:4] == ["$schema", "$id", "title", "description"]


def test_schema_uses_only_keywords_the_test_validator_knows(schema):
    used = {key for node in _nodes(schema) for key in node}
    assert used <= ASSERTIONS | ANNOTATIONS, used - ASSERTIONS - ANNOTATIONS


def test_every_table_forbids_unknown_keys_and_names_its_id_kind(schema):
    tables = [n for n in _nodes(schema) if "properties" in n and n is not schema.get("else")
              and n.get("type") == "object"]
    assert len(tables) >= 9  # the mandate and its eight models
    assert all(t["additionalProperties"] is False for t in tables)
    keyed = [n for n in _nodes(schema) if KEYED_BY in n]
    assert {n[KEYED_BY] for n in keyed} == {"phase", "theatre", "capability", "task",
                                            "contributor", "group", "phase.capability",
                                            "quantity", "financing", "payer", "readiness",
                                            "readiness.capability"}
    for n in keyed:
        assert n["propertyNames"]["pattern"] == "^[A-Za-z0-9_-]+$"
        assert n["additionalProperties"] not in (True, False)


def test_field_docstrings_are_descriptions(schema):
    task = schema["$defs"]["Task"]["properties"]
    assert task["consent_of"]["description"] == (
        "Parties that must accept a contributor for this task; default: all mission parties.")
    assert schema["properties"]["extends"]["description"].startswith("The base mandate")
    assert all("description" in prop for d in schema["$defs"].values()
               for prop in d["properties"].values())


# --------------------------------------------------------------------------- documents

BUNDLED = sorted(MANDATES_DIR.glob("*.toml")) + sorted(MANDATES_DIR.glob("variants/*.toml"))


@pytest.mark.parametrize("path", BUNDLED, ids=[p.relative_to(MANDATES_DIR).as_posix()
                                               for p in BUNDLED])
def test_every_bundled_mandate_matches_the_schema(schema, path: Path):
    doc = tomllib.loads(path.read_text(encoding="utf-8"))
    assert check(doc, schema) == []


def test_the_variants_are_checked_too():
    assert any(p.parent.name == "variants" for p in BUNDLED)


TEMPLATES = sorted((REPO / "forcesize" / "mandate" / "templates").glob("*.toml"))


@pytest.mark.parametrize("path", TEMPLATES, ids=[p.stem for p in TEMPLATES])
def test_every_init_template_matches_the_schema(schema, path: Path):
    """`forcesize init` suggests the schema for editors: its own files must pass it."""
    doc = tomllib.loads(path.read_text(encoding="utf-8"))
    assert check(doc, schema) == []


@pytest.mark.parametrize("stem", ["eligibility", "short_essential", "warning_caveat",
                                  "broken_references"])
def test_shape_valid_fixtures_match_the_schema(schema, stem):
    """broken_references is shape-valid: references are for `forcesize validate`."""
    doc = tomllib.loads((FIXTURES / f"{stem}.toml").read_text(encoding="utf-8"))
    assert check(doc, schema) == []


def test_the_misspelt_key_fixture_is_rejected(schema):
    doc = tomllib.loads((FIXTURES / "misspelt_key.toml").read_text(encoding="utf-8"))
    assert check(doc, schema) == ["contributor.solo.availble: additionalProperties"]


def test_the_small_valid_mandate_matches(schema):
    assert check(valid_mandate(), schema) == []


@pytest.mark.parametrize(("path", "suggestion"), UNKNOWN_KEYS, ids=[p for p, _ in UNKNOWN_KEYS])
def test_a_misspelt_key_is_rejected(schema, path, suggestion):
    assert check(override(valid_mandate(), path, 1), schema) == [f"{path}: additionalProperties"]


@pytest.mark.parametrize(("path", "value"), [
    *[(p, v) for p, v, _, _ in WRONG_TYPES if not (isinstance(v, float) and v.is_integer())],
    *NEGATIVE,
    ("task.patrol.priority", "esential"), ("objective.financing", "common fund"),
    ("objective.max_share", 0), ("objective.max_share", 1.5), ("phase.late.months", 0),
    ("mission.name", ""), ("task.patrol.theatre", "east side"),
], ids=lambda v: str(v))
def test_a_shape_error_of_the_loader_is_a_schema_error(schema, path, value):
    found = check(override(valid_mandate(), path, value), schema)
    assert found and all(f.startswith(path) for f in found), found


def test_a_whole_number_written_as_a_float_is_the_one_difference(schema):
    """JSON Schema counts 5.0 as an integer; the loader wants persons written 5."""
    assert check(override(valid_mandate(), "contributor.AAA.available.infantry", 5.0),
                 schema) == []


@pytest.mark.parametrize("path", ["mission", "mission.name", "phase.early.months",
                                  "capability.police.component", "task.patrol.theatre"])
def test_required_keys_of_a_plain_mandate(schema, path):
    assert check(override(valid_mandate(), path, DELETE), schema) == [f"{path}: required"]


def test_a_variant_may_leave_out_what_its_base_has(schema):
    variant = {"extends": "base.toml", "remove": ["contributor.CCC"],
               "task": {"patrol": {"phases": ["late"]}},
               "phase": {"middle": {"after": "early", "months": 3}},
               "contributor": {"AAA": {"pledge": 1.0}}}
    assert check(variant, schema) == []
    # but every key it writes is still checked
    assert check(override(variant, "task.patrol.phase", ["late"]), schema) == [
        "task.patrol.phase: additionalProperties"]


@pytest.mark.parametrize(("edit", "expected"), [
    (("remove", ["task.patrol"]), "remove: dependentRequired"),
    (("phase.late.after", "early"), "phase.late.after: false"),
    (("extends", 5), "extends: type string"),
    (("extends", ""), "extends: minLength"),
])
def test_variant_keys_outside_a_variant(schema, edit, expected):
    assert expected in check(override(valid_mandate(), *edit), schema)


def test_a_new_phase_gives_after_or_before_not_both(schema):
    variant = {"extends": "base.toml",
               "phase": {"middle": {"after": "early", "before": "late", "months": 3}}}
    assert check(variant, schema) == ["phase.middle: not"]
