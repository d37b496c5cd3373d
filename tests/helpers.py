"""Shared test helpers: a small valid mandate, edits to it, TOML files and CLI runners.

``valid_mandate()`` is small enough to check by hand (see its docstring for the
requirements it implies); tests derive broken variants with ``override``.
``run_cli`` runs the *installed* ``forcesize`` entry point in a subprocess;
``invoke`` runs the same Typer app in-process, which is ten times faster and
is used wherever a real process adds nothing.
"""

from __future__ import annotations

import copy
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import tomli_w

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "mandates"
MANDATES_DIR = REPO / "mandates"

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
"""Any CSI escape sequence (colours, bold, cursor movement)."""

CLI_TIMEOUT = 120

# Variables that change how rich and typer lay out text; every run starts without them.
_LAYOUT_VARS = ("COLUMNS", "LINES", "NO_COLOR", "FORCE_COLOR", "TERM", "CLICOLOR",
                "CLICOLOR_FORCE", "TTY_COMPATIBLE", "TTY_INTERACTIVE")


class _Delete:
    def __repr__(self) -> str:
        return "DELETE"


DELETE: Any = _Delete()
"""Pass as ``override``'s value to remove the key instead of setting it."""


def valid_mandate() -> dict[str, Any]:
    """A small, valid mandate document (the dict ``tomllib`` would give).

    Two parties, two phases (``early`` 6 months, then ``late`` 12), two theatres,
    two capabilities, two tasks and three contributors. Requirements:

    * ``patrol`` (essential, theatre ``east``, every phase): infantry
      0.1 per 1,000 × 1,000,000 population = 100 persons;
    * ``mentor`` (important, theatre ``west``, phase ``late`` only, consent of
      ``north`` only): police fixed 10.

    ``BBB`` is acceptable to ``north`` only (so it may serve ``mentor`` but not
    ``patrol``); ``CCC`` is caveated out of capacity-building and of ``west``.
    """
    return {
        "mission": {"name": "Test mission", "parties": ["north", "south"], "currency": "EUR"},
        "objective": {"financing": "national", "max_share": 0.8},
        "phase": {
            "early": {"name": "Early phase", "months": 6},
            "late": {"months": 12},
        },
        "theatre": {
            "east": {"population": 1_000_000, "area_km2": 500, "border_km": 20,
                     "coastline_km": 10, "crossings": 2},
            "west": {"population": 200_000, "area_km2": 100},
        },
        "capability": {
            "infantry": {"component": "military", "cost_per_month": 10_000.0},
            "police": {"component": "police", "cost_per_month": 8_000},
        },
        "task": {
            "patrol": {"function": "supervision", "theatre": "east",
                       "need": {"infantry": {"per_1000_population": 0.1}}},
            "mentor": {"function": "capacity-building", "theatre": "west", "phases": ["late"],
                       "priority": "important", "consent_of": ["north"],
                       "need": {"police": {"fixed": 10}}},
        },
        "contributor": {
            "AAA": {"name": "Alpha", "available": {"infantry": 80, "police": 5}},
            "BBB": {"acceptable_to": ["north"], "available": {"infantry": 50, "police": 20},
                    "cost_per_month": {"police": 6_000.0}},
            "CCC": {"excluded_functions": ["capacity-building"], "excluded_theatres": ["west"],
                    "max_share": 0.5, "pledge": 5_000_000.0, "available": {"infantry": 40}},
        },
    }


def override(doc: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """A deep copy of ``doc`` with the dotted ``path`` set to ``value`` (or removed by DELETE).

    Path parts are dict keys (mandate ids contain no dots); missing tables on the
    way are created, so ``override(d, "contributor.NEW.available.infantry", 3)`` works.
    """
    out = copy.deepcopy(doc)
    *parents, last = path.split(".")
    table = out
    for part in parents:
        table = table.setdefault(part, {})
        if not isinstance(table, dict):
            raise TypeError(f"{path}: '{part}' is not a table in the document")
    if value is DELETE:
        del table[last]
    else:
        table[last] = copy.deepcopy(value)
    return out


def write_toml(tmp_path: Path, doc_or_text: dict[str, Any] | str | bytes,
               name: str = "mandate.toml") -> Path:
    """Write a document (via tomli_w), TOML text or raw bytes to ``tmp_path/name``."""
    target = Path(tmp_path) / name
    if isinstance(doc_or_text, dict):
        target.write_text(tomli_w.dumps(doc_or_text), encoding="utf-8")
    elif isinstance(doc_or_text, bytes):
        target.write_bytes(doc_or_text)
    else:
        target.write_text(doc_or_text, encoding="utf-8")
    return target


def forcesize_exe() -> str:
    """The installed console script: on PATH, else beside the running interpreter."""
    found = shutil.which("forcesize")
    if found:
        return found
    return str(Path(sys.executable).parent / "forcesize")


def clean_env(env: dict[str, str] | None = None) -> dict[str, str]:
    """The test process's environment without layout variables, plus ``env``."""
    base = {k: v for k, v in os.environ.items() if k not in _LAYOUT_VARS}
    base.update(env or {})
    return base


def _show(code: int, stdout: str, stderr: str) -> str:
    return f"exit code {code}\n--- stdout ---\n{stdout}\n--- stderr ---\n{stderr}"


def run_cli(*args: str | os.PathLike[str], expect: int | None = 0,
            env: dict[str, str] | None = None, input_file: Path | None = None,
            exe: list[str] | None = None, cwd: Path | None = None) -> tuple[int, str, str]:
    """Run the installed ``forcesize`` with ``args``; return (code, stdout, stderr).

    Fails the test, showing both streams, when the exit code is not ``expect``
    (``expect=None`` accepts any code). ``env`` adds to a copy of the current
    environment stripped of layout variables; ``input_file`` is fed on stdin.
    """
    command = [*(exe or [forcesize_exe()]), *map(str, args)]
    with open(input_file, "rb") if input_file else open(os.devnull, "rb") as stdin:
        proc = subprocess.run(command, stdin=stdin, capture_output=True, env=clean_env(env),
                              timeout=CLI_TIMEOUT, cwd=cwd)
    out = proc.stdout.decode("utf-8")
    err = proc.stderr.decode("utf-8")
    if expect is not None and proc.returncode != expect:
        raise AssertionError(f"`{' '.join(command)}`: expected exit {expect}\n"
                             + _show(proc.returncode, out, err))
    return proc.returncode, out, err


IN_PROCESS_WIDTH = 200
"""The width the in-process runner gives rich (via COLUMNS): the CLI's default when piped."""


def invoke(*args: str | os.PathLike[str], expect: int | None = 0,
           env: dict[str, str | None] | None = None) -> tuple[int, str, str]:
    """Run ``forcesize.cli.app`` in-process with typer's CliRunner; same contract as ``run_cli``.

    Layout variables are cleared and COLUMNS is fixed at ``IN_PROCESS_WIDTH`` so that
    the output does not depend on the terminal the tests run in.
    """
    from typer.testing import CliRunner

    from forcesize.cli import app

    fixed: dict[str, str | None] = dict.fromkeys(_LAYOUT_VARS)
    fixed["COLUMNS"] = str(IN_PROCESS_WIDTH)
    fixed.update(env or {})
    result = CliRunner().invoke(app, [str(a) for a in args], env=fixed, prog_name="forcesize")
    code, out, err = result.exit_code, result.stdout, result.stderr
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        # An exception escaped the CLI's own guard: never a valid exit code.
        import traceback

        err += "".join(traceback.format_exception(result.exception))
        code = -1
    if expect is not None and code != expect:
        raise AssertionError(f"in-process `forcesize {' '.join(map(str, args))}`: "
                             f"expected exit {expect}\n" + _show(code, out, err))
    return code, out, err


def unexplained_figures(text: str, words: tuple[str, ...]) -> list[str]:
    """The lines of a TOML mandate with a number whose comment, or whose table's comments
    (the block above its header, or comments inside it before the number), name none of
    ``words`` (a source, a reference, an assumption): ``"LINE: text"`` for each."""
    lines = text.splitlines()
    unexplained = []
    context: list[str] = []
    for i, line in enumerate(lines):
        stripped = line.strip()
        if stripped.startswith("["):
            block = []
            j = i - 1
            while j >= 0 and lines[j].strip().startswith("#"):
                block.append(lines[j])
                j -= 1
            context = block
            continue
        if stripped.startswith("#"):
            context.append(stripped)
            continue
        code, _, comment = line.partition("#")
        value = code.split("=", 1)[1].strip() if "=" in code else ""
        if not value or value[0] in "\"'" or not any(ch.isdigit() for ch in value):
            continue
        if not any(w in (comment + " ".join(context)).lower() for w in words):
            unexplained.append(f"{i + 1}: {stripped}")
    return unexplained


def doc_sessions() -> Any:
    """scripts/sessions.py (the docs' sessions: their parser, runner and files) as a
    module, imported once under one name for every test that reads the docs' blocks."""
    import importlib.util

    name = "forcesize_doc_sessions"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, REPO / "scripts" / "sessions.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]
