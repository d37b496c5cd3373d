"""The JSON output: a result's model dump, keys in the models' field order.

One function serves every result (a plan, a diff, a comparison, an explanation)
so the documents share one encoding: two-space indent, UTF-8 kept as written,
no NaN or infinity, a final newline. Each is a contract scripts rely on; its
``schema_version`` changes when a key is renamed or removed (adding keys does
not change it). See docs/cli.md.
"""

from __future__ import annotations

import json

from pydantic import BaseModel


def render_json(result: BaseModel, **extra: BaseModel) -> str:
    """``result`` as indented JSON text with a final newline; byte-identical for equal
    results. ``extra`` results are added as keys of the document (``solve --explain``
    adds its explanation under ``explanation``)."""
    doc = {**result.model_dump(mode="json"),
           **{key: value.model_dump(mode="json") for key, value in extra.items()}}
    return json.dumps(doc, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
