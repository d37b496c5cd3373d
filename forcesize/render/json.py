"""The JSON output: a result's model dump, keys in the models' field order.

One function serves every result (a plan, a diff, a comparison, an explanation)
so the documents share one encoding: two-space indent, UTF-8 kept as written,
no NaN or infinity, a final newline. Each is a contract scripts rely on; its
``schema_version`` changes when a key is renamed or removed (adding keys does
not change it). See docs/cli.md. A sweep is the exception: JSON lines, one point per line,
each with the run's identity, so a study's lines can be appended to, concatenated and
read as they arrive.
"""

from __future__ import annotations

import json

from pydantic import BaseModel

from ..results.base import SCHEMA_VERSION
from ..results.sweep import Sweep, SweepPoint
from ..version import __version__


def render_json(result: BaseModel, **extra: BaseModel) -> str:
    """``result`` as indented JSON text with a final newline; byte-identical for equal
    results. ``extra`` results are added as keys of the document (``solve --explain``
    adds its explanation under ``explanation``)."""
    doc = {**result.model_dump(mode="json"),
           **{key: value.model_dump(mode="json") for key, value in extra.items()}}
    return json.dumps(doc, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def sweep_head(mandate: str, currency: str, solver: str) -> dict[str, object]:
    """What each line of a sweep says about its run, before the point."""
    return {"schema_version": SCHEMA_VERSION, "kind": "sweep_point",
            "forcesize_version": __version__, "mandate": mandate, "currency": currency,
            "solver": solver}


def point_line(head: dict[str, object], point: SweepPoint) -> str:
    """One point as a compact JSON line after the run's ``head``."""
    return json.dumps({**head, **point.model_dump(mode="json")}, ensure_ascii=False,
                      allow_nan=False) + "\n"


def sweep_lines(sweep: Sweep) -> str:
    """One compact JSON object per point: the run's identity (schema version, kind
    ``sweep_point``, forcesize version, mandate, currency, solver), then the point."""
    head = sweep_head(sweep.mandate, sweep.currency, sweep.solver)
    return "".join(point_line(head, p) for p in sweep.points)


def json_text(result: BaseModel) -> str:
    """The JSON output of ``result``: JSON lines for a sweep, else one document."""
    return sweep_lines(result) if isinstance(result, Sweep) else render_json(result)
