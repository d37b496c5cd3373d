"""The points of a sweep: ``--set PATH=a..b:step`` and ``--set PATH=v1,v2,v3`` as a grid.

Each ``--set`` of a sweep is an *axis*: a key path and the values it takes. A range
``a..b:step`` counts from a to b (b included when a whole number of steps reaches it);
a list ``v1,v2,v3`` takes each TOML value in turn (commas inside ``[...]``, ``{...}`` or
quotes do not split); anything else is one value, held at every point. The points are the
cartesian product of the axes, or with ``zip`` the axes side by side.

The same axes can come from a study file (``--from-file study.toml``, :func:`read_study`).

A point is a list of ``PATH=VALUE`` texts, applied to the base mandate as ``--set`` is:
every point is taken relative to the base, never to the point before (openTEPES's rule;
a cumulative sweep would make each figure depend on the order of the points).
"""

from __future__ import annotations

import itertools
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from ..errors import InputError, Issue
from .files import read_toml
from .suggest import did_you_mean

_NUMBER = r"[+-]?(?:\d[\d_]*(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?"
_RANGE = re.compile(rf"^({_NUMBER})\.\.({_NUMBER})(?::({_NUMBER}))?$")
MAX_POINTS = 100_000
"""The most points a sweep may have: a guard against a mistyped step, not a limit of the
method (a study that size belongs on a cluster, issue 15's batches)."""


@dataclass(frozen=True)
class Axis:
    """One ``--set`` of a sweep: the key path and the TOML texts of its values."""

    path: str
    values: tuple[str, ...]


def _problem(text: str, message: str, hint: str = "") -> InputError:
    path = text.partition("=")[0].strip()
    return InputError([Issue(code="bad-sweep", path=path, message=message, hint=hint,
                             value=text.partition("=")[2].strip(), file=f"--set {text}")],
                      file="--set")


def _decimal(text: str) -> Decimal:
    return Decimal(text.replace("_", ""))


def _range(text: str, start: str, stop: str, step: str | None) -> tuple[str, ...]:
    """The TOML texts of a range's values, exact in decimal (0.1..0.3:0.1 gives 0.1, 0.2,
    0.3, where binary floats would miss 0.3)."""
    try:
        a, b = _decimal(start), _decimal(stop)
        by = _decimal(step) if step is not None else None
    except InvalidOperation:
        raise _problem(text, "the range's bounds are not numbers") from None
    integral = all(_whole_text(t) for t in (start, stop, step) if t is not None)
    if by is None:
        if not integral:
            raise _problem(text, "a range of fractions needs a step", "e.g. 0.1..0.5:0.1")
        by = Decimal(1)
    if by <= 0:
        raise _problem(text, "the step must be positive",
                       "a..b with a above b counts down by the step")
    count = int(abs(b - a) / by) + 1
    if count > MAX_POINTS:
        raise _problem(text, f"the range has {count:,} values, more than {MAX_POINTS:,}",
                       "take a larger step")
    sign = 1 if b >= a else -1
    values = [a + sign * by * i for i in range(count)]
    return tuple(str(int(v)) if integral else _plain(v) for v in values)


def _whole_text(text: str) -> bool:
    """Whether a number is written as a whole number (``3``, not ``3.0`` or ``3e9``)."""
    return "." not in text and "e" not in text.lower()


def _plain(value: Decimal) -> str:
    """A decimal as a short TOML float: ``0.2``, ``1250.5``, ``3.5e9``."""
    fixed = format(value.normalize(), "f")
    fixed = fixed if "." in fixed else f"{fixed}.0"
    if len(fixed) <= 10:
        return fixed
    return str(value.normalize()).replace("E+", "e").replace("E", "e")


def _split_list(raw: str) -> list[str]:
    """``a,b,[c,d],"e,f"`` → the top-level items; brackets and quotes keep their commas."""
    items, depth, quote, start = [], 0, "", 0
    for i, ch in enumerate(raw):
        if quote:
            if ch == quote and raw[i - 1] != "\\":
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch in "[{":
            depth += 1
        elif ch in "]}":
            depth -= 1
        elif ch == "," and depth == 0:
            items.append(raw[start:i].strip())
            start = i + 1
    items.append(raw[start:].strip())
    return items


def parse_axis(text: str) -> Axis:
    """``PATH=SPEC`` → :class:`Axis`. The values are checked as ``--set`` values when the
    points are loaded, each with its point named; here only the spec's shape."""
    path, sep, raw = text.partition("=")
    path, raw = path.strip(), raw.strip()
    if not sep or not path:
        raise _problem(text, "expected PATH=VALUE, PATH=a..b:step or PATH=v1,v2,v3",
                       "e.g. --set objective.budget=3e9..4e9:5e8")
    if match := _RANGE.match(raw):
        return Axis(path, _range(text, *match.groups()))
    items = _split_list(raw)
    if any(not item for item in items):
        raise _problem(text, "the list has an empty value", "e.g. --set PATH=1,2,3")
    return Axis(path, tuple(items))


def points(axes: list[Axis], zip_axes: bool = False) -> list[list[tuple[str, str]]]:
    """Each point as ``[(path, value text), ...]`` in the order of the axes: the cartesian
    product (the last axis varying fastest), or with ``zip_axes`` the i-th value of every
    axis that has more than one (those must have the same number of values)."""
    if not axes:
        return [[]]
    seen: set[str] = set()
    for axis in axes:
        if axis.path in seen:
            raise _problem(f"{axis.path}={','.join(axis.values)}",
                           "the path is swept twice", "give each path one --set")
        seen.add(axis.path)
    if zip_axes:
        lengths = {len(a.values) for a in axes if len(a.values) > 1}
        if len(lengths) > 1:
            detail = ", ".join(f"{a.path} {len(a.values)}" for a in axes if len(a.values) > 1)
            raise InputError([Issue(code="bad-sweep", path="--zip",
                                    message=f"zipped axes need as many values each: {detail}",
                                    hint="give each the same number of values, or drop "
                                         "--zip for every combination",
                                    file="--zip")], file="--zip")
        n = lengths.pop() if lengths else 1
        return [[(a.path, a.values[i if len(a.values) > 1 else 0]) for a in axes]
                for i in range(n)]
    total = 1
    for axis in axes:
        total *= len(axis.values)
    if total > MAX_POINTS:
        raise InputError([Issue(code="bad-sweep", path="--set",
                                message=f"the grid has {total:,} points, more than "
                                        f"{MAX_POINTS:,}",
                                hint="take larger steps, fewer values, or --zip",
                                file="--set")], file="--set")
    return [list(zip((a.path for a in axes), combo, strict=True))
            for combo in itertools.product(*(a.values for a in axes))]


SWEEP_METRICS: tuple[str, ...] = ("essential", "important", "desirable", "cost", "peak")
"""The figures a sweep's table and CSV can show (``--metric``, a study's ``metrics``):
shortfall person-months by priority, total cost, peak persons."""


@dataclass(frozen=True)
class Study:
    """A sweep as a file says it: the mandate (None: the one on the command line, else the
    bundled default), the axes as ``--set`` texts, whether they are zipped and the
    metrics to show (empty: every one)."""

    mandate: Path | None
    axes: list[str]
    zipped: bool
    metrics: list[str] = field(default_factory=list)


STUDY_KEYS = ("mandate", "zip", "set", "metrics")


def read_study(path: Path) -> Study:
    """A study file: ``mandate`` (a path relative to the file), ``zip`` (true to pair the
    axes) and a ``[set]`` table from key path to a spec string (the grammar of ``--set``:
    ``"2e9..5e9:1e9"``, ``"0.5,1.0"``), an array (each element one value of the axis:
    ``[["israel"], ["israel", "hamas"]]``) or any other value (held at every point)."""
    data, _ = read_toml(path)
    name = str(path)

    def bad(key: str, message: str, hint: str = "") -> InputError:
        return InputError([Issue(code="bad-study", path=key, message=message, hint=hint,
                                 file=name)], file=name, what="study file")

    for key in data:
        if key not in STUDY_KEYS:
            raise bad(key, "not a key of a study file",
                      "a study file has mandate, zip, metrics and a [set] table")
    mandate = data.get("mandate")
    if mandate is not None and not isinstance(mandate, str):
        raise bad("mandate", "expected a path (a string), relative to the study file")
    zipped = data.get("zip", False)
    if not isinstance(zipped, bool):
        raise bad("zip", "expected true or false")
    table = data.get("set", {})
    if not isinstance(table, dict) or not table:
        raise bad("set", "expected a [set] table with at least one axis",
                  '[set] "objective.budget" = "2e9..5e9:1e9"')

    axes = []
    for key, value in table.items():
        if isinstance(value, str):
            axes.append(f"{key}={value}")
        elif isinstance(value, list):
            if not value:
                raise bad(f"set.{key}", "an axis needs at least one value")
            axes.append(f"{key}=" + ",".join(inline(v) for v in value))
        else:
            axes.append(f"{key}={inline(value)}")
    metrics = data.get("metrics", [])
    if not isinstance(metrics, list) or not all(isinstance(m, str) for m in metrics):
        raise bad("metrics", "expected an array of metric names",
                  f"choose from {', '.join(SWEEP_METRICS)}")
    for i, name in enumerate(metrics):
        if name not in SWEEP_METRICS:
            raise bad(f"metrics[{i}]", f"'{name}' is not a sweep metric",
                      did_you_mean(name, SWEEP_METRICS))
    return Study(path.parent / mandate if mandate is not None else None, axes, zipped,
                 metrics)


_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def inline(value: Any) -> str:
    """A TOML value as inline TOML text, the form ``--set`` reads back to the same value."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # JSON's escapes are TOML's
    if isinstance(value, list):
        return "[" + ", ".join(inline(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k if _BARE_KEY.match(k) else json.dumps(k)} = {inline(v)}"
                                for k, v in value.items()) + " }"
    return str(value)  # a date or time, written by TOML as it reads it
