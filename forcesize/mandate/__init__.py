"""The mandate: read, compose and validate a TOML file, then derive what it asks for.

``load_mandate`` follows ``extends`` chains (``compose.py``), applies ``--set``
overrides (``overrides.py``), validates the document with the pydantic models
of ``schema.py`` (shape errors located by ``issues.py``), runs the reference
checks and warnings (``references.py``, ``warnings.py``) and returns a
:class:`LoadedMandate`. :class:`Derived` (``derive.py``) turns a valid mandate
into requirements, eligibility, pools and money by phase: the one place those
rules are computed for the model, the explanations and the warnings. The JSON
Schema and the format doc are generated from the same models.
"""

from __future__ import annotations

from .derive import Derived, Requirement
from .files import DEFAULT_MANDATE, bundled_mandates_dir, default_mandate_path, read_toml
from .loader import LoadedMandate, load_mandate, validate
from .schema import COMPONENTS, PRIORITIES, Mandate

__all__ = ["COMPONENTS", "DEFAULT_MANDATE", "PRIORITIES", "Derived", "LoadedMandate", "Mandate",
           "Requirement", "bundled_mandates_dir", "default_mandate_path", "load_mandate",
           "read_toml", "validate"]
