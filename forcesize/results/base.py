"""What every result document shares: a frozen model and the schema version.

A plan, a diff, a comparison and an explanation are each a JSON contract that
scripts rely on; their ``schema_version`` changes when a key is renamed or
removed (adding keys does not change it). See docs/cli.md.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

SCHEMA_VERSION = 1
"""The version of every result document's JSON shape."""


class Frozen(BaseModel):
    """Base of every result model: immutable once built."""

    model_config = ConfigDict(frozen=True)
