"""Mandates without the force-generation keys give exactly the plans they gave before.

The JSON files beside each mandate in tests/fixtures/v1/ were written by forcesize
as it was before whole units, sustainment, groups, multinational tasks, phased
needs and money, throughput and threat rules existed (commit 1ffa517). Today's
plan must be the same, figure for figure; only keys added since (which do not
change ``schema_version``) are set aside.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ..helpers import invoke

V1 = Path(__file__).parent.parent / "fixtures" / "v1"
ADDED = {"units", "unit_size", "unit_name", "excess", "bound", "burden", "schemes",
         "financed_by", "max_share_by_phase", "readiness", "unit_groups"}
"""Keys added to the plan's JSON since v1."""


def _without_added(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: _without_added(v) for k, v in node.items() if k not in ADDED}
    if isinstance(node, list):
        return [_without_added(v) for v in node]
    return node


@pytest.mark.parametrize("mandate", sorted(V1.glob("*.toml")), ids=lambda p: p.stem)
def test_a_v1_mandate_gives_the_v1_plan(mandate):
    _code, out, _err = invoke("solve", mandate, "--format", "json", "--fail-on", "never")
    today = _without_added(json.loads(out))
    before = json.loads(mandate.with_suffix(".json").read_text())
    today.pop("forcesize_version"), before.pop("forcesize_version")
    assert today == before
