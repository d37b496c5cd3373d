"""Fuzz the command line: no input, however broken, gets a traceback or exit 4.

Two kinds of input, drawn by hypothesis:

* **structured**: a valid mandate (the test mandate, a fixture, a small generated one)
  with one to four mutations, each at a key path chosen from the document: a hostile
  value (a huge, tiny, negative or wrong-typed number, a long or empty string, deep
  nesting), a deleted key, an unknown key, an id renamed so that references dangle,
  an entity copied under another kind's table;
* **bytes**: random bytes, and valid TOML text with bytes flipped, cut or inserted.

Each input is written to a file and run through ``forcesize validate`` and, when it is
valid, ``forcesize solve`` (in-process, with a time limit). The only acceptable exits
are 0–3; stderr must never say "internal error" or show a traceback.

CI runs a short, derandomised budget. The long run is ``make fuzz``
(``FORCESIZE_FUZZ=50000``, random seeds); its figure is recorded in the closing note
of the issue that added it.
"""

from __future__ import annotations

import copy
import os
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .helpers import FIXTURES, invoke, valid_mandate
from .synthetic import synthetic_mandate

BUDGET = int(os.environ.get("FORCESIZE_FUZZ", "150"))
LONG = "FORCESIZE_FUZZ" in os.environ
PROFILE = settings(max_examples=BUDGET, deadline=None, derandomize=not LONG,
                   database=None,
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                          HealthCheck.function_scoped_fixture])
ALLOWED = {0, 1, 2, 3}

HOSTILE: list[Any] = [
    0, -1, 1, 2**31, 2**63 - 1, -(2**63), 10**400 % (2**63), 1e308, -1e308, 1e-300, 5e-324,
    0.5, 1.5, 1e15, 1e16, float("inf"), float("-inf"), float("nan"), True, False, "",
    "x" * 100_000, "ünïcødé", "a b", "bundled:nothing.toml", "../../etc/passwd", [], [1, 2],
    ["a", "a"], {}, {"x": 1},
]


def _deep(depth: int, table: bool) -> Any:
    node: Any = 1
    for _ in range(depth):
        node = {"a": node} if table else [node]
    return node


HOSTILE += [_deep(20, table=False), _deep(20, table=True), _deep(3, table=True)]


def _paths(node: Any, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    out = []
    if isinstance(node, dict):
        for key, value in node.items():
            out.append((*prefix, key))
            out += _paths(value, (*prefix, key))
    return out


def _parent(doc: dict[str, Any], path: tuple[str, ...]) -> dict[str, Any]:
    node = doc
    for key in path[:-1]:
        node = node[key]
    return node


def _bases() -> list[dict[str, Any]]:
    import tomllib

    docs = [valid_mandate(), synthetic_mandate(4, 3, 4, 2, seed=1, units=True, groups=1,
                                               multinational=True, phased=True),
            synthetic_mandate(4, 3, 4, 2, seed=3, schemes=True, budget_fraction=None)]
    for name in ("eligibility.toml",):
        docs.append(tomllib.loads((FIXTURES / name).read_text(encoding="utf-8")))
    return docs


BASES = _bases()


@st.composite
def mutated(draw: st.DrawFn) -> dict[str, Any]:
    doc = copy.deepcopy(draw(st.sampled_from(BASES)))
    for _ in range(draw(st.integers(1, 4))):
        paths = _paths(doc)
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent = _parent(doc, path)
        action = draw(st.sampled_from(["value", "value", "delete", "unknown", "rename",
                                       "copy"]))
        if action == "value":
            parent[path[-1]] = copy.deepcopy(draw(st.sampled_from(HOSTILE)))
        elif action == "delete":
            del parent[path[-1]]
        elif action == "unknown":
            parent[draw(st.sampled_from(["bogus", "nmae", "availble", "extends"]))] = 1
        elif action == "rename":
            parent[path[-1] + draw(st.sampled_from(["x", "-2", "_"]))] = parent.pop(path[-1])
        elif len(path) == 2 and path[0] in ("task", "contributor", "phase", "theatre"):
            kind = draw(st.sampled_from(["task", "contributor", "phase", "theatre",
                                         "capability", "group"]))
            target = doc.setdefault(kind, {})
            if isinstance(target, dict):  # an earlier mutation may have made it a number
                target[path[1]] = copy.deepcopy(parent[path[1]])
    return doc


def _run(path: Path) -> None:
    code, out, err = invoke("validate", path, expect=None)
    _acceptable(code, err, out)
    if code == 0:
        code, out, err = invoke("solve", path, "--format", "json", "--time-limit", "5",
                                "--fail-on", "never", expect=None)
        _acceptable(code, err, out)


def _acceptable(code: int, err: str, out: str) -> None:
    assert code in ALLOWED, f"exit {code}\n{err[-3000:]}"
    assert "Traceback" not in err + out and "internal error" not in err, err[-3000:]


@PROFILE
@given(doc=mutated())
def test_a_mutated_mandate_never_gets_a_traceback(doc, tmp_path_factory):
    path = tmp_path_factory.mktemp("fuzz") / "mandate.toml"
    try:
        text = tomli_w.dumps(doc)
    except (TypeError, ValueError):  # a value TOML cannot hold (None): not an input
        return
    path.write_text(text, encoding="utf-8")
    _run(path)


@st.composite
def broken_bytes(draw: st.DrawFn) -> bytes:
    if draw(st.booleans()):
        return draw(st.binary(max_size=3000))
    text = bytearray(tomli_w.dumps(draw(st.sampled_from(BASES))).encode("utf-8"))
    for _ in range(draw(st.integers(1, 8))):
        at = draw(st.integers(0, max(0, len(text) - 1)))
        action = draw(st.sampled_from(["flip", "cut", "insert"]))
        if action == "flip" and text:
            text[at] = draw(st.integers(0, 255))
        elif action == "cut":
            del text[at:at + draw(st.integers(1, 200))]
        else:
            text[at:at] = draw(st.sampled_from([b"[", b"]", b"=", b'"', b"\n[x]\n", b"\x00",
                                                b"\xff", b"{", b"a.b.c = 1\n", b"#"]))
    return bytes(text)


@PROFILE
@given(data=broken_bytes())
def test_random_bytes_never_get_a_traceback(data, tmp_path_factory):
    path = tmp_path_factory.mktemp("fuzz") / "mandate.toml"
    path.write_bytes(data)
    _run(path)


@pytest.mark.parametrize("value", HOSTILE[:20], ids=[repr(v)[:20] for v in HOSTILE[:20]])
def test_every_hostile_value_through_set_is_an_error_or_a_plan(value, tmp_path):
    literal = tomli_w.dumps({"v": value}).split("=", 1)[1].strip()
    for path in ("objective.budget", "phase.capacity.months", "contributor.USA.pledge"):
        code, out, err = invoke("validate", "--set", f"{path}={literal}", expect=None)
        _acceptable(code, err, out)
