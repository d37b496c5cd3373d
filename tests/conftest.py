"""Fixtures shared by the loader, derive and CLI tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from .helpers import FIXTURES, run_cli, valid_mandate, write_toml


@pytest.fixture
def doc() -> dict[str, Any]:
    """A fresh copy of the small valid mandate document."""
    return valid_mandate()


@pytest.fixture
def fixture_path():
    """The path of a fixture mandate by stem: ``fixture_path("eligibility")``."""

    def get(stem: str) -> Path:
        path = FIXTURES / f"{stem}.toml"
        assert path.is_file(), f"missing fixture {path}"
        return path

    return get


@pytest.fixture
def mandate_file(tmp_path: Path):
    """Write a document, TOML text or bytes into the test's tmp folder; returns the path."""

    def write(doc_or_text: dict[str, Any] | str | bytes, name: str = "mandate.toml") -> Path:
        return write_toml(tmp_path, doc_or_text, name)

    return write


@pytest.fixture(scope="session")
def default_json_run() -> tuple[int, str, str]:
    """One subprocess run of ``forcesize solve --format json`` on the bundled default.

    Shared by the contract, banner, determinism and solver-comparison tests so that
    the default mandate is solved once per session (PYTHONHASHSEED fixed at 1).
    """
    return run_cli("solve", "--format", "json", env={"PYTHONHASHSEED": "1"}, expect=None)


@pytest.fixture(scope="session")
def default_plan(default_json_run: tuple[int, str, str]) -> dict[str, Any]:
    """The default mandate's plan as parsed JSON (the run must have exited 0)."""
    code, out, err = default_json_run
    assert code == 0, f"forcesize solve exited {code}\n{err}"
    return json.loads(out)
