"""The layout keeps its promises: pipeline layers, no import cycles, CBC where CI runs.

``lint-imports`` (import-linter, configured in pyproject.toml) checks the layers and
which packages may import highspy, PuLP, rich and typer; the cycle check below reads
the same import graph (grimp), function-level and type-checking imports included.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import grimp
import pytest

from .solving import cbc_available

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("library", "mandate", "model", "solve", "results", "explain", "render", "cli")


def test_import_contracts_hold():
    linter = shutil.which("lint-imports") or str(Path(sys.executable).parent / "lint-imports")
    run = subprocess.run([linter, "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "0 broken" in run.stdout


def _cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(graph.find_modules_directly_imported_by(v)):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return out


def test_no_module_imports_itself_through_others():
    graph = grimp.build_graph("forcesize", include_external_packages=False)
    assert _cycles(graph) == []


def test_the_tree_shows_the_pipeline():
    for name in PACKAGES:
        init = ROOT / "forcesize" / name / "__init__.py"
        assert init.is_file(), name
        assert init.read_text(encoding="utf-8").lstrip().startswith('"""'), name
    assert (ROOT / "forcesize" / "pipeline.py").is_file()


def test_the_test_generator_is_not_in_the_package():
    assert not list((ROOT / "forcesize").rglob("synthetic*.py"))


@pytest.mark.skipif(not os.environ.get("CI"), reason="CI only: a developer may lack CBC")
def test_ci_has_cbc_so_no_solver_agreement_test_is_skipped():
    assert cbc_available(), "CBC is missing: the HiGHS/CBC agreement tests would be skipped"
