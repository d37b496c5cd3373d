"""forcesize: mandate and force-sizing calculator for peacekeeping missions.

The pipeline runs one way: load TOML → validate → derive requirements →
build the model → solve → result objects → check the plan → render. The
public API below is imported lazily so that ``forcesize --help`` stays fast.
"""

from __future__ import annotations

from typing import Any

from .version import __version__

__all__ = ["__version__", "build_model", "build_plan", "check_plan", "load_mandate", "solve"]

_LAZY = {
    "load_mandate": ("forcesize.mandate", "load_mandate"),
    "build_model": ("forcesize.model", "build_model"),
    "solve": ("forcesize.solve", "solve"),
    "build_plan": ("forcesize.results", "build_plan"),
    "check_plan": ("forcesize.results", "check_plan"),
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        module, attr = _LAZY[name]
        return getattr(importlib.import_module(module), attr)
    raise AttributeError(f"module 'forcesize' has no attribute {name!r}")
