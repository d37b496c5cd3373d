"""The installed wheel works outside the checkout, default mandate and templates included."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from forcesize.mandate.templates import TEMPLATES

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_wheel_solves_the_bundled_default_from_anywhere(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                    "--no-build-isolation", "-w", str(tmp_path / "dist"), str(ROOT)],
                   check=True, capture_output=True)
    (wheel,) = (tmp_path / "dist").glob("forcesize-*.whl")
    site = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                    "--target", str(site), str(wheel)], check=True, capture_output=True)
    env = {**os.environ, "PYTHONPATH": str(site)}
    where = subprocess.run([sys.executable, "-c", "import forcesize.mandate.loader as l; "
                            "print(l.__file__); print(l.default_mandate_path())"],
                           cwd=tmp_path, env=env, check=True, capture_output=True, text=True)
    module, default = where.stdout.splitlines()
    assert module.startswith(str(site)) and default.startswith(str(site))
    # the mandates' citations (ref §n) lead to the sources page installed beside them
    assert "Joel Peters" in (Path(default).parent / "sources.md").read_text(encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "forcesize", "solve", "--format", "json"],
                         cwd=tmp_path, env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["schema_version"] == 1
    # the rule library is package data: listed, with sources, from the installed wheel
    run = subprocess.run([sys.executable, "-m", "forcesize", "rules", "--format", "json"],
                         cwd=tmp_path, env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    listed = json.loads(run.stdout)
    assert listed["total"] >= 40 and all(r["source"] for r in listed["rules"])
    # the reference missions ship too: the backtest runs from the installed wheel
    run = subprocess.run([sys.executable, "-m", "forcesize", "backtest", "--format", "json"],
                         cwd=tmp_path, env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["summary"]["phases"] >= 20
    # the starter mandates are package data: in the wheel, and written by `init` from it
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    assert {f"forcesize/mandate/templates/{t}.toml" for t in TEMPLATES} <= names
    run = subprocess.run([sys.executable, "-m", "forcesize", "init", "new", "--template",
                          "peacekeeping"], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert run.returncode == 0 and run.stdout == "", run.stderr
    run = subprocess.run([sys.executable, "-m", "forcesize", "solve", "new/mandate.toml",
                          "--format", "json"], cwd=tmp_path, env=env, capture_output=True,
                         text=True)
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["status"] == "optimal"
