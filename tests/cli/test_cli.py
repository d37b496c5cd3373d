"""The command line: exit codes, streams, formats, files, determinism and both solvers.

Tests that are about the process itself (the installed entry point, what reaches
file descriptor 1, a terminal, byte-identical runs) go through ``run_cli`` in a
subprocess; the rest use the in-process runner ``invoke``, which is much faster.
"""

from __future__ import annotations

import fcntl
import importlib.metadata
import json
import os
import pty
import re
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path
from typing import Any

import pytest

import forcesize
from forcesize.errors import CheckFailure, SolverError
from forcesize.exit_codes import ExitCode
from forcesize.mandate import load_mandate
from forcesize.mandate.derive import Derived
from forcesize.model import build_model
from forcesize.solve.settings import CBC_REL_GAP, MIP_REL_GAP

from ..helpers import (
    ANSI,
    CLI_TIMEOUT,
    MANDATES_DIR,
    clean_env,
    forcesize_exe,
    invoke,
    run_cli,
    valid_mandate,
    write_toml,
)
from ..solving import overlap, proven_interval

CONTRACT_KEYS = {"schema_version", "mandate", "status", "shortfall_person_months", "total_cost",
                 "allocations", "requirements", "financing"}
ALLOCATION_KEYS = {"contributor", "capability", "task", "phase", "personnel", "cost"}
REQUIREMENT_KEYS = {"task", "capability", "phase", "required", "filled", "shortfall", "priority"}
FINANCING_KEYS = {"contributor", "pays", "pledge"}
PRIORITIES = ("essential", "important", "desirable")


def no_traceback(*streams: str) -> None:
    for text in streams:
        assert "Traceback" not in text, text


def longest_line(text: str) -> int:
    return max((len(line) for line in text.splitlines()), default=0)


def rel_close(a: float, b: float, rel: float = 1e-6) -> bool:
    return abs(a - b) <= rel * max(abs(a), abs(b), 1.0)


# --------------------------------------------------------------------------- help and version


def test_help_through_the_installed_entry_point():
    assert Path(forcesize_exe()).is_file()
    _code, out, err = run_cli("--help")
    assert "Usage: forcesize" in out
    assert "solve" in out and "validate" in out
    assert err == ""


def test_python_dash_m_help():
    _code, out, err = run_cli("--help", exe=[sys.executable, "-m", "forcesize"])
    assert "Usage: python -m forcesize" in out
    assert err == ""
    assert "solve" in out and "validate" in out


def test_version():
    _code, out, err = run_cli("--version")
    assert out == f"forcesize {forcesize.__version__}\n"
    assert importlib.metadata.version("forcesize") == forcesize.__version__
    assert err == ""


def test_help_text_is_wrapped_to_the_terminal_not_where_the_docstring_broke_its_lines():
    # 200 columns: each paragraph of the backtest help fits on one line
    _code, out, _err = invoke("backtest", "--help")
    assert ("Each reference mandate is sized from the mission's inputs (population, area, sites,"
            " crossings) with rules derived from other missions; docs/validation.md discusses "
            "the result.") in out
    assert ("(low, central and high scenario) and print model ÷ history by mission and phase, "
            "with the median and worst |ratio − 1|.") in out


@pytest.mark.parametrize("args", [["-h"], ["solve", "--help"], ["validate", "-h"]])
def test_help_options_in_process(args):
    _code, out, err = invoke(*args)
    assert "Usage:" in out
    assert err == ""
    if args[0] == "solve":
        for option in ("--format", "--solver", "--time-limit", "--fail-on", "--output",
                       "--debug"):
            assert option in out


def test_no_arguments_prints_help_as_a_usage_error():
    _code, out, err = invoke(expect=ExitCode.INVALID_INPUT)
    assert "Usage:" in out + err
    assert "solve" in out + err


# --------------------------------------------------------------------------- the default mandate


def test_solve_without_a_file_solves_the_bundled_default_as_json(default_json_run):
    code, out, err = default_json_run
    assert code == ExitCode.OK, err
    assert out.endswith("}\n")
    plan = json.loads(out)
    assert plan["mandate"] == load_mandate().mandate.mission.name
    assert plan["status"] == "optimal"
    assert plan["solver"] == "highs"
    no_traceback(out, err)


def test_json_contract(default_plan):
    plan = default_plan
    assert set(plan) >= CONTRACT_KEYS
    assert plan["schema_version"] == 1
    assert set(plan["shortfall_person_months"]) == set(PRIORITIES)
    # the default mission is calibrated so that every essential task is covered
    assert plan["shortfall_person_months"]["essential"] == 0
    assert isinstance(plan["total_cost"], float) and plan["total_cost"] > 0
    assert plan["allocations"] and plan["requirements"] and plan["financing"]
    for row in plan["allocations"]:
        assert set(row) >= ALLOCATION_KEYS
        assert isinstance(row["personnel"], int) and row["personnel"] > 0
    for row in plan["requirements"]:
        assert set(row) >= REQUIREMENT_KEYS
        assert row["priority"] in PRIORITIES
    for row in plan["financing"]:
        assert set(row) >= FINANCING_KEYS


def test_json_figures_are_consistent(default_plan):
    plan = default_plan
    m = load_mandate().mandate
    allocated: dict[tuple[str, str, str], int] = {}
    for a in plan["allocations"]:
        key = (a["task"], a["capability"], a["phase"])
        allocated[key] = allocated.get(key, 0) + a["personnel"]
    short_pm = dict.fromkeys(PRIORITIES, 0.0)
    for r in plan["requirements"]:
        key = (r["task"], r["capability"], r["phase"])
        assert r["filled"] == allocated.get(key, 0)
        assert r["filled"] + r["shortfall"] - r["excess"] == r["required"]
        short_pm[r["priority"]] += r["shortfall"] * m.phase[r["phase"]].months
    for p in PRIORITIES:
        assert plan["shortfall_person_months"][p] == pytest.approx(short_pm[p])
    assert plan["total_cost"] == pytest.approx(sum(a["cost"] for a in plan["allocations"]))
    assert plan["total_cost"] <= m.objective.budget * (1 + 1e-6)
    assert {f["contributor"]: f["pledge"] for f in plan["financing"]} == {
        cid: c.pledge for cid, c in m.contributor.items()}


def test_json_stdout_has_no_solver_banner_and_no_ansi(default_json_run):
    _code, out, _err = default_json_run
    assert "Running HiGHS" not in out
    assert "Copyright" not in out
    assert not ANSI.search(out)


@pytest.mark.parametrize("env", [{}, {"NO_COLOR": "1", "TERM": "dumb"}, {"TERM": "dumb"}],
                         ids=["piped", "piped-NO_COLOR-TERM=dumb", "piped-TERM=dumb"])
def test_table_on_a_pipe_is_plain_and_uncropped(env):
    _code, out, err = run_cli("solve", env=env)
    assert "Running HiGHS" not in out
    assert not ANSI.search(out), "ANSI escape codes in piped output"
    assert load_mandate().mandate.mission.name in out
    for title in ("Requirements (filled / required persons)", "Allocation by contributor",
                  "Financing (national)", "Shortfalls"):
        assert title in out
    assert longest_line(out) > 80  # wide tables are printed at full width ...
    assert "…" not in out  # ... and no cell is cropped
    no_traceback(out, err)


# --------------------------------------------------------------------------- a real terminal


def run_on_tty(*args: str, env: dict[str, str], columns: int = 100) -> tuple[int, str, str]:
    """Run forcesize with stdout on a pseudo-terminal ``columns`` wide."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    proc = subprocess.Popen([forcesize_exe(), *args], stdin=subprocess.DEVNULL, stdout=slave,
                            stderr=subprocess.PIPE, env=clean_env(env))
    os.close(slave)
    chunks = []
    try:
        while True:
            try:
                data = os.read(master, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not data:
                break
            chunks.append(data)
    finally:
        os.close(master)
    err = proc.stderr.read().decode() if proc.stderr else ""
    code = proc.wait(timeout=CLI_TIMEOUT)
    return code, b"".join(chunks).decode().replace("\r\n", "\n"), err


SGR = re.compile(r"\x1b\[([0-9;]*)m")


def colour_codes(text: str) -> set[int]:
    """SGR parameters that set a colour (30-38, 40-48, 90-97, 100-107)."""
    found = set()
    for params in SGR.findall(text):
        for p in params.split(";"):
            if p and (30 <= int(p) <= 38 or 40 <= int(p) <= 48 or 90 <= int(p) <= 107):
                found.add(int(p))
    return found


def test_terminal_control_has_colour():
    # positive control for the pty helper: a colour terminal does get colour codes
    code, out, err = run_on_tty("solve", env={"TERM": "xterm-256color"})
    assert code == 0, err
    assert colour_codes(out)


@pytest.mark.parametrize("env", [{"TERM": "dumb"}, {"TERM": "dumb", "NO_COLOR": "1"}],
                         ids=["TERM=dumb", "TERM=dumb+NO_COLOR"])
def test_dumb_terminal_gets_plain_uncropped_text(env):
    code, out, err = run_on_tty("solve", env=env, columns=100)
    assert code == 0, err
    assert not ANSI.search(out)
    assert longest_line(out) > 100  # wider than the terminal: not fitted to it ...
    assert "…" not in out  # ... and not cropped


def test_no_color_on_a_terminal_has_no_colour():
    code, out, err = run_on_tty("solve", env={"TERM": "xterm-256color", "NO_COLOR": "1"})
    assert code == 0, err
    assert colour_codes(out) == set()


def test_no_color_on_a_terminal_is_plain_and_uncropped():
    _code, out, _err = run_on_tty("solve", env={"TERM": "xterm-256color", "NO_COLOR": "1"})
    assert not ANSI.search(out)
    assert "…" not in out


# --------------------------------------------------------------------------- exit codes 0 and 1


def test_essential_shortfall_exits_1(fixture_path):
    _code, out, err = run_cli("solve", fixture_path("short_essential"),
                             expect=ExitCode.UNDER_RESOURCED)
    assert "Shortfalls" in out
    assert err == ""


FAIL_ON = [
    # (fixture, --fail-on, exit code)
    ("short_essential", None, 1),
    ("short_essential", "essential", 1),
    ("short_essential", "important", 1),
    ("short_essential", "desirable", 1),
    ("short_essential", "never", 0),
    ("short_important", None, 0),
    ("short_important", "essential", 0),
    ("short_important", "important", 1),
    ("short_important", "desirable", 1),
    ("short_important", "never", 0),
    ("short_desirable", None, 0),
    ("short_desirable", "essential", 0),
    ("short_desirable", "important", 0),
    ("short_desirable", "desirable", 1),
    ("short_desirable", "never", 0),
    ("eligibility", "desirable", 0),
]


@pytest.mark.parametrize(("stem", "fail_on", "expected"), FAIL_ON,
                         ids=[f"{s}-{f or 'default'}" for s, f, _ in FAIL_ON])
def test_fail_on(fixture_path, stem, fail_on, expected):
    args = ["solve", fixture_path(stem), "--format", "json"]
    if fail_on is not None:
        args += ["--fail-on", fail_on]
    _code, out, err = invoke(*args, expect=expected)
    json.loads(out)  # the plan is printed whatever the exit code
    assert err == ""


HAND_COMPUTED: dict[str, dict[str, Any]] = {
    "short_essential": {
        "short": {"essential": 4, "important": 0, "desirable": 0}, "cost": 2_000,
        "allocations": [("solo", "infantry", "guard", "only", 1, 2_000)]},
    "short_important": {
        "short": {"essential": 0, "important": 3, "desirable": 0}, "cost": 350,
        "allocations": [("only", "infantry", "core", "one", 2, 200),
                        ("only", "infantry", "nice", "one", 1, 100),
                        ("only", "police", "extra", "one", 1, 50)]},
    "short_desirable": {
        "short": {"essential": 0, "important": 0, "desirable": 9}, "cost": 3_000,
        "allocations": [("only", "infantry", "must", "long", 2, 1_200),
                        ("only", "infantry", "want", "long", 2, 1_200),
                        ("only", "infantry", "wish", "long", 1, 600)]},
    "eligibility": {
        "short": {"essential": 0, "important": 0, "desirable": 0}, "cost": 17_000,
        "allocations": [("broad", "infantry", "west-post", "only", 1, 3_000),
                        ("broad", "observer", "joint-watch", "only", 3, 6_000),
                        ("cheap", "observer", "north-watch", "only", 4, 4_000),
                        ("hawk", "infantry", "raid", "only", 2, 4_000)]},
    "warning_caveat": {
        "short": {"essential": 0, "important": 0, "desirable": 0}, "cost": 200,
        "allocations": [("careful", "infantry", "hold", "one", 2, 200)]},
}


def plan_rows(plan: dict[str, Any]) -> list[tuple]:
    return [(a["contributor"], a["capability"], a["task"], a["phase"], a["personnel"],
             a["cost"]) for a in plan["allocations"]]


@pytest.mark.parametrize("stem", sorted(HAND_COMPUTED))
def test_fixture_plans_match_the_hand_computation(fixture_path, stem):
    want = HAND_COMPUTED[stem]
    _code, out, _err = invoke("solve", fixture_path(stem), "--format", "json", "--fail-on",
                            "never")
    plan = json.loads(out)
    assert plan["status"] == "optimal"
    assert plan["shortfall_person_months"] == want["short"]
    assert plan["total_cost"] == want["cost"]
    assert plan_rows(plan) == want["allocations"]


def test_short_important_requirement_rows(fixture_path):
    _code, out, _err = invoke("solve", fixture_path("short_important"), "--format", "json",
                            "--fail-on", "never")
    rows = [(r["task"], r["capability"], r["phase"], r["required"], r["filled"],
             r["shortfall"], r["priority"]) for r in json.loads(out)["requirements"]]
    assert rows == [("core", "infantry", "one", 2, 2, 0, "essential"),
                    ("extra", "police", "one", 4, 1, 3, "important"),
                    ("nice", "infantry", "one", 1, 1, 0, "desirable")]


def test_eligibility_financing_rows(fixture_path):
    _code, out, _err = invoke("solve", fixture_path("eligibility"), "--format", "json")
    rows = [(f["contributor"], f["pays"], f["pledge"]) for f in json.loads(out)["financing"]]
    assert rows == [("broad", 9_000, None), ("cheap", 4_000, None), ("hawk", 4_000, None)]


# --------------------------------------------------------------------------- exit code 2


def test_misspelt_key_exits_2_with_file_key_path_and_suggestion(fixture_path):
    path = fixture_path("misspelt_key")
    _code, out, err = run_cli("solve", path, expect=ExitCode.INVALID_INPUT)
    assert out == ""
    assert str(path) in err
    assert f"{path}:13:1" in err
    assert "contributor.solo.availble" in err
    assert "did you mean 'available'?" in err
    no_traceback(out, err)


def test_every_problem_is_printed(fixture_path):
    path = fixture_path("broken_references")
    _code, out, err = invoke("solve", path, expect=ExitCode.INVALID_INPUT)
    lines = err.splitlines()
    assert lines[0] == f"forcesize: invalid mandate {path} (8 problems)"
    assert len(lines) == 1 + 2 * 8
    assert lines[1] == f"  {path}:30:1: task.watch.theatre = 'hils'"
    assert lines[2] == "      no theatre has the id 'hils'; did you mean 'hills'?"
    for fragment in ("task.watch.phases[1]", "task.watch.consent_of[0]",
                     "task.watch.need.observr", "contributor.solo.acceptable_to[0]",
                     "contributor.solo.excluded_theatres[0]",
                     "contributor.solo.available.obsrver",
                     "contributor.solo.cost_per_month.obsrvr"):
        assert sum(fragment in line for line in lines) == 1, fragment
    assert out == ""


@pytest.mark.parametrize("debug", [[], ["--debug"]], ids=["plain", "debug"])
def test_invalid_input_never_shows_a_traceback(fixture_path, debug):
    _code, out, err = invoke("solve", fixture_path("syntax_error"), *debug,
                            expect=ExitCode.INVALID_INPUT)
    assert "not valid TOML" in err and "syntax_error.toml:7:10" in err
    no_traceback(out, err)


def test_missing_file_exits_2(tmp_path):
    _code, _out, err = invoke("solve", tmp_path / "nope.toml", expect=ExitCode.INVALID_INPUT)
    assert "no such file" in err
    assert str(tmp_path / "nope.toml") in err


def test_directory_as_mandate_exits_2(tmp_path):
    _code, _out, err = invoke("validate", tmp_path, expect=ExitCode.INVALID_INPUT)
    assert "is a directory" in err


USAGE_ERRORS = [
    (["solve", "--bogus"], "--bogus"),
    (["solve", "--format", "xml"], "xml"),
    (["solve", "--solver", "gurobi"], "gurobi"),
    (["solve", "--fail-on", "sometimes"], "sometimes"),
    (["solve", "--time-limit", "0"], "--time-limit"),
    (["solve", "--time-limit", "-1"], "--time-limit"),
    (["solve", "--time-limit", "soon"], "--time-limit"),
    (["validate", "--format", "json"], "--format"),
    (["frobnicate"], "frobnicate"),
]


@pytest.mark.parametrize(("args", "named"), USAGE_ERRORS,
                         ids=[" ".join(a) for a, _ in USAGE_ERRORS])
def test_usage_errors_exit_2(args, named):
    _code, out, err = invoke(*args, expect=ExitCode.INVALID_INPUT)
    assert named in err
    no_traceback(out, err)


def test_usage_error_exits_2_through_the_entry_point():
    _code, out, err = run_cli("solve", "--format", "xml", expect=ExitCode.INVALID_INPUT)
    assert "xml" in err and out == ""
    no_traceback(out, err)


def test_output_to_a_directory_is_a_usage_error(tmp_path, fixture_path):
    _code, _out, err = invoke("solve", fixture_path("eligibility"), "--output", tmp_path,
                            expect=ExitCode.INVALID_INPUT)
    assert "is a directory" in err


def test_infinite_time_limit_is_not_a_solver_failure(fixture_path):
    code, _out, err = invoke("solve", fixture_path("eligibility"), "--time-limit", "inf",
                            expect=None)
    assert code != ExitCode.SOLVER_FAILURE
    assert "solver failure" not in err


# --------------------------------------------------------------------------- exit code 3


@pytest.fixture(scope="module")
def small_model():
    return build_model(Derived(load_mandate(Path(__file__).parent.parent / "fixtures" / "mandates"
                                            / "eligibility.toml").mandate))


@pytest.mark.parametrize("limit", [-1, 0, float("nan"), float("inf")])
def test_solve_rejects_a_bad_time_limit(small_model, limit):
    from forcesize.solve import solve

    with pytest.raises(SolverError, match="positive number of seconds"):
        solve(small_model, time_limit=limit)


def test_solve_rejects_an_unknown_solver(small_model):
    from forcesize.solve import solve

    with pytest.raises(SolverError, match="unknown solver 'gurobi'"):
        solve(small_model, "gurobi")  # type: ignore[arg-type]


def test_time_limit_before_any_plan_raises_solver_error(small_model):
    from forcesize.solve import solve

    with pytest.raises(SolverError):
        solve(small_model, time_limit=1e-9)


def test_a_limit_that_runs_out_between_stages_is_not_called_optimal(small_model, monkeypatch):
    # the first stage is proven, then the clock has passed the limit before the second
    # starts: the plan keeps the first stage's plan and says it is not proven optimal
    # (it said "optimal" with three stages not run)
    from forcesize.solve import stages

    solved = []
    minimise = stages.HighsRun.minimise

    def first_then_late(self, *args, **kwargs):
        outcome = minimise(self, *args, **kwargs)
        solved.append(outcome.status)
        return outcome

    real = time.perf_counter
    monkeypatch.setattr(stages.HighsRun, "minimise", first_then_late)
    monkeypatch.setattr(stages.time, "perf_counter", lambda: real() + (100 if solved else 0))
    solution = stages.solve(small_model, time_limit=5.0)
    ran = [s.status for s in solution.stages if s.status not in ("empty",)]
    assert ran[0] == "optimal" and set(ran[1:]) == {"not_run"}, solution.stages
    assert solution.status == "time_limit"


def test_tiny_time_limit_is_a_solver_failure(mandate_file):
    from tests.synthetic import synthetic_mandate

    path = mandate_file(synthetic_mandate(60, 20, 20, seed=1))
    code, _out, err = invoke("solve", path, "--time-limit", "0.001", expect=None)
    assert code == ExitCode.SOLVER_FAILURE, err
    assert "solver failure" in err


def _raise(exc: BaseException):
    def fake(*args: Any, **kwargs: Any):
        raise exc

    return fake


@pytest.mark.parametrize("debug", [False, True], ids=["plain", "debug"])
def test_solver_error_exits_3(monkeypatch, fixture_path, debug):
    monkeypatch.setattr("forcesize.pipeline.plan_mandate", _raise(SolverError("no plan found")))
    args = ["solve", fixture_path("eligibility"), *(["--debug"] if debug else [])]
    _code, out, err = invoke(*args, expect=ExitCode.SOLVER_FAILURE)
    assert "forcesize: solver failure: no plan found" in err
    assert ("Traceback" in err) is debug
    assert out == ""


def test_ctrl_c_exits_130_and_sigterm_143(monkeypatch, fixture_path):
    from forcesize.errors import Terminated

    monkeypatch.setattr("forcesize.pipeline.plan_mandate", _raise(KeyboardInterrupt()))
    _code, out, err = invoke("solve", fixture_path("eligibility"), expect=130)
    assert (out, err) == ("", "forcesize: stopped by Ctrl-C; nothing was written\n")
    monkeypatch.setattr("forcesize.pipeline.plan_mandate", _raise(Terminated()))
    _code, out, err = invoke("solve", fixture_path("eligibility"), expect=143)
    assert err == "forcesize: stopped by SIGTERM; nothing was written\n"


# --------------------------------------------------------------------------- exit code 4


def test_check_failure_exits_4_with_one_line(monkeypatch, fixture_path):
    monkeypatch.setattr("forcesize.pipeline.plan_mandate", _raise(CheckFailure(["x"])))
    _code, out, err = invoke("solve", fixture_path("eligibility"),
                            expect=ExitCode.INTERNAL_ERROR)
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert "internal error" in lines[0]
    assert "(x)" in lines[0]
    no_traceback(out, err)
    assert out == ""


def test_check_failure_with_debug_shows_the_traceback(monkeypatch, fixture_path):
    monkeypatch.setattr("forcesize.pipeline.plan_mandate", _raise(CheckFailure(["x", "y"])))
    _code, _out, err = invoke("solve", fixture_path("eligibility"), "--debug",
                            expect=ExitCode.INTERNAL_ERROR)
    assert "Traceback" in err
    assert "  x\n" in err and "  y\n" in err
    assert "internal error" in err


def test_unexpected_exception_exits_4_with_one_line(monkeypatch, fixture_path):
    monkeypatch.setattr("forcesize.pipeline.plan_mandate", _raise(RuntimeError("boom")))
    _code, _out, err = invoke("solve", fixture_path("eligibility"),
                            expect=ExitCode.INTERNAL_ERROR)
    assert err.splitlines() == [
        "forcesize: internal error: RuntimeError: boom. "
        "This is a bug; rerun with --debug for the traceback."]


def test_unexpected_exception_with_debug_shows_the_traceback(monkeypatch, fixture_path):
    monkeypatch.setattr("forcesize.pipeline.plan_mandate", _raise(RuntimeError("boom")))
    _code, _out, err = invoke("solve", fixture_path("eligibility"), "--debug",
                            expect=ExitCode.INTERNAL_ERROR)
    assert "Traceback (most recent call last)" in err
    assert "RuntimeError: boom" in err
    assert err.rstrip().splitlines()[-1].startswith("forcesize: internal error: RuntimeError")


def test_validate_maps_a_bug_to_exit_4(monkeypatch, fixture_path):
    monkeypatch.setattr("forcesize.mandate.load_mandate", _raise(RuntimeError("kaput")))
    _code, out, err = invoke("validate", fixture_path("eligibility"),
                            expect=ExitCode.INTERNAL_ERROR)
    assert len(err.splitlines()) == 1 and "internal error" in err
    no_traceback(out, err)


def test_bad_columns_variable_is_not_an_internal_error(fixture_path):
    code, _out, err = invoke("solve", fixture_path("eligibility"), env={"COLUMNS": "abc"},
                            expect=None)
    assert code == ExitCode.OK, err


def test_columns_does_not_crop_piped_output():
    _code, out, _err = invoke("solve", env={"COLUMNS": "80"}, expect=0)
    assert "…" not in out


# --------------------------------------------------------------------------- --output


def test_output_writes_json_atomically(tmp_path, fixture_path):
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "plan.json"
    target.write_text("old contents\n")
    old_inode = target.stat().st_ino
    _code, out, err = run_cli("solve", fixture_path("eligibility"), "--format", "json",
                             "--output", target)
    assert out == ""
    assert err == f"wrote {target}\n"
    text = target.read_text(encoding="utf-8")
    assert json.loads(text)["total_cost"] == 17_000
    assert sorted(p.name for p in folder.iterdir()) == ["plan.json"]  # no temp file left
    assert target.stat().st_ino != old_inode  # replaced by a rename, not rewritten in place
    # the file holds exactly what stdout would have held
    assert text == invoke("solve", fixture_path("eligibility"), "--format", "json")[1]


def test_output_writes_the_table_as_plain_text(tmp_path, fixture_path):
    target = tmp_path / "plan.txt"
    _code, out, _err = invoke("solve", fixture_path("eligibility"), "-o", target)
    text = target.read_text(encoding="utf-8")
    assert out == ""
    assert "Eligibility rules" in text and "No shortfalls" in text
    assert not ANSI.search(text)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.txt"]


def test_output_is_written_when_short(tmp_path, fixture_path):
    target = tmp_path / "plan.json"
    invoke("solve", fixture_path("short_essential"), "-f", "json", "-o", target,
           expect=ExitCode.UNDER_RESOURCED)
    assert json.loads(target.read_text())["shortfall_person_months"]["essential"] == 4


def test_output_is_not_written_for_invalid_input(tmp_path, fixture_path):
    target = tmp_path / "plan.json"
    invoke("solve", fixture_path("misspelt_key"), "-o", target, expect=ExitCode.INVALID_INPUT)
    assert list(tmp_path.iterdir()) == []


def test_output_into_a_missing_folder_fails_cleanly(tmp_path, fixture_path):
    target = tmp_path / "missing" / "plan.json"
    # wide enough that the usage panel does not wrap the path (a test worker's is long)
    code, out, err = run_cli("solve", fixture_path("eligibility"), "-f", "json", "-o", target,
                             expect=None, env={"COLUMNS": "400"})
    # observed: exit 4 ('internal error: FileNotFoundError ...'); see the xfail below
    assert code != 0
    assert str(tmp_path / "missing") in err
    assert out == ""
    no_traceback(out, err)
    assert list(tmp_path.iterdir()) == []


def test_output_into_a_missing_folder_is_invalid_input(tmp_path, fixture_path):
    target = tmp_path / "missing" / "plan.json"
    code, _out, err = invoke("solve", fixture_path("eligibility"), "-o", target, expect=None)
    assert code == ExitCode.INVALID_INPUT
    assert "internal error" not in err


# --------------------------------------------------------------------------- determinism


def test_default_json_is_byte_identical_across_runs(default_json_run):
    _code, out, _err = run_cli("solve", "--format", "json", env={"PYTHONHASHSEED": "2"})
    assert out == default_json_run[1]


def test_fixture_json_is_byte_identical_across_runs(fixture_path):
    path = fixture_path("short_important")
    runs = [run_cli("solve", path, "--format", "json", env={"PYTHONHASHSEED": seed})[1]
            for seed in ("3", "4")]
    assert runs[0] == runs[1]
    assert json.loads(runs[0])["total_cost"] == 350


# --------------------------------------------------------------------------- CBC


def assert_cbc_cost_within_its_gap(cbc: dict, highs: dict) -> None:
    """CBC stops the cost stage within its own gap (CBC_REL_GAP), HiGHS within a tighter
    one; and CBC says how far within it it got, never less than it is above HiGHS's cost."""
    assert rel_close(cbc["total_cost"], highs["total_cost"], rel=CBC_REL_GAP)
    cost, theirs = cbc["stages"][-1], highs["stages"][-1]
    assert cost["stage"] == theirs["stage"] == "cost" and 0 <= cost["gap"] <= CBC_REL_GAP
    assert overlap(proven_interval(cost["status"], cbc["total_cost"], cost["gap"]),
                   proven_interval(theirs["status"], highs["total_cost"],
                                   max(theirs["gap"] or 0.0, MIP_REL_GAP)))


@pytest.mark.cbc
@pytest.mark.parametrize("path", [
    Path(__file__).parent.parent / "fixtures" / "mandates" / "eligibility.toml",
    MANDATES_DIR / "west-bank.toml",
    MANDATES_DIR / "gaza.toml",
], ids=["eligibility", "west-bank", "gaza"])
def test_cbc_agrees_with_highs(path, tmp_path):
    # TMPDIR keeps PuLP's model and solution files inside the test's folder
    _code, out, _err = run_cli("solve", path, "--format", "json", "--solver", "cbc",
                               "--fail-on", "never", env={"TMPDIR": str(tmp_path)})
    cbc = json.loads(out)
    highs = json.loads(invoke("solve", path, "--format", "json", "--fail-on", "never")[1])
    assert (cbc["solver"], highs["solver"]) == ("cbc", "highs")
    assert cbc["status"] == "optimal"
    for p in PRIORITIES:
        assert rel_close(cbc["shortfall_person_months"][p], highs["shortfall_person_months"][p])
    assert_cbc_cost_within_its_gap(cbc, highs)
    if path.name == "eligibility.toml":  # unique optimum: the same plan
        assert plan_rows(cbc) == plan_rows(highs)


CBC_DEFAULT_TIMEOUT = 60


@pytest.mark.cbc
def test_cbc_on_the_default_agrees_with_highs(default_plan, tmp_path):
    # Popen in its own session so that a hung run can be killed with its cbc child process;
    # TMPDIR keeps PuLP's model and solution files inside the test's folder.
    proc = subprocess.Popen([forcesize_exe(), "solve", "--format", "json", "--solver", "cbc"],
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, start_new_session=True,
                            env=clean_env({"TMPDIR": str(tmp_path)}))
    try:
        out, err = proc.communicate(timeout=CBC_DEFAULT_TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        pytest.fail(f"forcesize solve --solver cbc took over {CBC_DEFAULT_TIMEOUT} s")
    assert proc.returncode == 0, err.decode()
    cbc = json.loads(out)
    assert cbc["solver"] == "cbc"
    assert cbc["status"] == "optimal"
    for p in PRIORITIES:
        assert rel_close(cbc["shortfall_person_months"][p],
                         default_plan["shortfall_person_months"][p])
    assert_cbc_cost_within_its_gap(cbc, default_plan)
    assert "Running HiGHS" not in out.decode() and not ANSI.search(out.decode())


# --------------------------------------------------------------------------- validate


def test_validate_the_default_prints_one_line():
    _code, out, err = run_cli("validate")
    m = load_mandate().mandate
    peak = max(sum(r.required for r in Derived(m).requirements if r.phase == p) for p in m.phase)
    assert out == (f"<bundled>/west-bank-gaza.toml: valid: '{m.mission.name}', "
                   f"{len(m.phase)} phases, {len(m.theatre)} theatres, {len(m.task)} tasks, "
                   f"{len(m.capability)} capabilities, {len(m.contributor)} contributors; "
                   f"{peak:,} persons required in the largest phase\n")
    assert err == ""


@pytest.mark.parametrize(("source", "summary"), [
    ("eligibility", "'Eligibility rules', 1 phase, 2 theatres, 4 tasks, 2 capabilities, "
                    "3 contributors; 10 persons required in the largest phase"),
    ("valid", "'Test mission', 2 phases, 2 theatres, 2 tasks, 2 capabilities, "
              "3 contributors; 110 persons required in the largest phase"),
])
def test_validate_summary_is_hand_checkable(tmp_path, fixture_path, source, summary):
    path = (fixture_path(source) if source != "valid"
            else write_toml(tmp_path, valid_mandate()))
    _code, out, err = invoke("validate", path)
    assert out == f"{path}: valid: {summary}\n"
    assert err == ""


def test_validate_a_bad_file_exits_2_with_every_error(fixture_path):
    path = fixture_path("broken_references")
    _code, out, err = invoke("validate", path, expect=ExitCode.INVALID_INPUT)
    assert out == ""
    assert err.splitlines()[0] == f"forcesize: invalid mandate {path} (8 problems)"
    assert err.count("did you mean") == 8
    no_traceback(out, err)


def test_validate_prints_warnings_on_stderr(fixture_path):
    path = fixture_path("warning_caveat")
    _code, out, err = invoke("validate", path)
    assert err == (f"warning: {path}:25:1: contributor.careful.excluded_functions[0]: no task "
                   "has the function 'enforcment', so this caveat excludes nothing; did you "
                   "mean 'enforcement'?\n")
    assert out.startswith(f"{path}: valid: 'Caveat naming an unknown function'")


def test_warning_only_mandate_solves_with_a_warning_line(fixture_path):
    path = fixture_path("warning_caveat")
    _code, out, err = run_cli("solve", path)
    lines = err.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"warning: {path}:25:1: ")
    assert "did you mean 'enforcement'?" in lines[0]
    assert "No shortfalls" in out
    assert not ANSI.search(out)


# ------------------------------------------------------------------ broken pipes


def test_a_reader_that_closes_the_pipe_gets_141_and_no_chatter():
    """`forcesize solve | head -1`: exit 141 (128 + SIGPIPE), never 0/1, and stderr stays quiet."""
    proc = subprocess.Popen([forcesize_exe(), "solve"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=clean_env({"NO_COLOR": "1"}))
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 141
    assert "Traceback" not in err and "internal error" not in err


def test_many_warnings_of_one_kind_are_counted_but_validate_lists_them_all(tmp_path):
    # 25 contributors with 900 infantry in battalions of 850: 25 pool-remainder warnings
    doc = valid_mandate()
    doc["capability"]["infantry"]["unit_size"] = 850
    doc["contributor"] = {f"C{i:02d}": {"available": {"infantry": 900}} for i in range(25)}
    path = write_toml(tmp_path, doc)
    _, _, err = invoke("solve", path, "--format", "json", expect=None)
    lines = [line for line in err.splitlines() if line.startswith("warning:")]
    assert len(lines) == 21
    assert lines[-1] == ("warning: 5 more warnings of the kind pool-remainder; "
                         "`forcesize validate` lists every one")
    _, _, err = invoke("validate", path)
    assert sum(line.startswith("warning:") for line in err.splitlines()) == 25
