"""The version of forcesize, in the base layer so that every package can stamp it on
its results without importing the package root."""

from __future__ import annotations

__version__ = "0.1.0"
