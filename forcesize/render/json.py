"""The JSON output: the plan's model dump, keys in a fixed order.

This is the contract scripts rely on; ``schema_version`` changes when a key
is renamed or removed (adding keys does not change it). See docs/cli.md.
"""

from __future__ import annotations

import json

from ..results import Plan


def render_json(plan: Plan) -> str:
    """The plan as indented JSON text with a final newline; byte-identical for equal plans."""
    return json.dumps(plan.model_dump(mode="json"), indent=2, ensure_ascii=False,
                      allow_nan=False) + "\n"
