"""Read a study's JSON output back, so that a report can draw it.

A sweep writes JSON lines (one ``sweep_point`` per line); ``sensitivity``, ``risk`` and
``alternatives`` write one document each, told apart by ``kind``. Reading validates the
file against the same models that wrote it, so a report never draws a figure that the
study did not print. A file of the wrong kind, of another schema version, or that does
not parse is an :class:`~forcesize.errors.InputError` naming the file, the line and what
is wrong (exit 2).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..errors import InputError, Issue
from .alternatives import Alternatives
from .base import SCHEMA_VERSION
from .draws import RiskDraws
from .risk import Withdrawals
from .sensitivity import Sensitivity
from .sweep import Sweep, SweepPoint, build_sweep

Study = Sweep | Sensitivity | RiskDraws | Withdrawals | Alternatives

DOCUMENTS: dict[str, type[Sensitivity | RiskDraws | Withdrawals | Alternatives]] = {
    "sensitivity": Sensitivity, "risk_draws": RiskDraws, "withdraw_each": Withdrawals,
    "alternatives": Alternatives}
"""The studies written as one JSON document, by ``kind``."""
KINDS = ("sweep_point", *DOCUMENTS)


def _fail(file: str, message: str, line: int | None = None, hint: str = "") -> InputError:
    return InputError([Issue(code="bad-study", path="", message=message, hint=hint,
                             file=file, line=line)], file, what="study file")


def _checked(file: str, doc: Any, line: int | None) -> str:
    """The document's ``kind``, once its kind and schema version are ones we read."""
    kind = doc.get("kind") if isinstance(doc, dict) else None
    if kind not in KINDS:
        raise _fail(file, f"not a study's JSON output (kind {kind!r})", line,
                    "give the output of 'forcesize sweep', 'sensitivity', 'risk' or "
                    "'alternatives' with --format json")
    if doc.get("schema_version") != SCHEMA_VERSION:
        raise _fail(file, f"schema_version {doc.get('schema_version')!r}; this forcesize "
                          f"reads {SCHEMA_VERSION}", line)
    return str(kind)


def _invalid(file: str, exc: ValidationError, line: int | None) -> InputError:
    err = exc.errors(include_url=False)[0]
    where = ".".join(str(p) for p in err["loc"])
    return _fail(file, f"{where}: {err['msg']}", line)


def _sweep(file: str, lines: list[str]) -> Sweep:
    """A sweep from its JSON lines: every line a point of one run, in the order written."""
    points, head = [], None
    for number, text in enumerate(lines, 1):
        if not text.strip():
            continue
        try:
            doc = json.loads(text)
        except ValueError as exc:
            raise _fail(file, f"not JSON: {exc}", number) from None
        if _checked(file, doc, number) != "sweep_point":
            raise _fail(file, f"a {doc['kind']} document among sweep points", number)
        run = tuple(doc.get(k) for k in ("mandate", "currency", "solver"))
        if head is not None and run != head:
            raise _fail(file, "points of two different sweeps (mandate, currency or "
                              "solver differ)", number)
        head = run
        try:
            points.append(SweepPoint.model_validate(
                {k: v for k, v in doc.items() if k in SweepPoint.model_fields}))
        except ValidationError as exc:
            raise _invalid(file, exc, number) from None
    if head is None:
        raise _fail(file, "no sweep points in the file")
    axes = list(points[0].values)
    return build_sweep(str(head[0]), str(head[1]), str(head[2]), axes, zipped=False,
                       explained=any(p.limits is not None for p in points), points=points)


def read_study(path: Path) -> Study:
    """The study written to ``path`` (``--format json`` of a study command)."""
    file = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise _fail(file, f"cannot read it: {reason}") from None
    lines = text.splitlines()
    first = next((line for line in lines if line.strip()), "")
    try:
        head = json.loads(first) if first else None
    except ValueError:
        head = None  # a multi-line document: parsed whole below
    if isinstance(head, dict) and head.get("kind") == "sweep_point":
        return _sweep(file, lines)
    try:
        doc = json.loads(text)
    except ValueError as exc:
        raise _fail(file, f"not JSON: {exc}", getattr(exc, "lineno", None)) from None
    kind = _checked(file, doc, None)
    if kind not in DOCUMENTS:
        raise _fail(file, "a sweep point that is not on one line of its own")
    try:
        return DOCUMENTS[kind].model_validate(doc)
    except ValidationError as exc:
        raise _invalid(file, exc, None) from None
