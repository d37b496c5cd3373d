"""The edges a CI job or a careful planner meets: interrupts, output that cannot be written,
numbers a solver cannot take, hostile files. Each test is a defect found before (issue 10).

Interrupt tests run the installed ``forcesize`` as a real process on a generated mandate
that takes minutes to solve, signal it once it is solving, and allow it a generous 20 s
to stop: a hang guard, not a timing (before, Ctrl-C took 228 s and left CBC running).
"""

from __future__ import annotations

import contextlib
import os
import signal
import stat
import subprocess
import threading
import time
from pathlib import Path

import pytest
import tomli_w

from ..helpers import clean_env, forcesize_exe, invoke, run_cli, write_toml
from ..solving import cbc_available
from ..synthetic import synthetic_mandate

# --------------------------------------------------------------------------- interrupts


@pytest.fixture(scope="module")
def slow_mandate(tmp_path_factory) -> Path:
    """A generated mandate whose solve takes minutes on either solver."""
    doc = synthetic_mandate(300, 60, 80, 4, seed=1, units=True, groups=2, multinational=True)
    path = tmp_path_factory.mktemp("slow") / "slow.toml"
    path.write_text(tomli_w.dumps(doc), encoding="utf-8")
    return path


def _spawn(*args: object, tmp: Path | None = None) -> subprocess.Popen[bytes]:
    """The installed forcesize as a process that Ctrl-C reaches. A shell without job control
    starts background jobs (``make test &``) with SIGINT ignored, and Python then installs
    no Ctrl-C handler: the child gets SIGINT's default back, as a terminal would give it.
    ``tmp`` becomes its TMPDIR, so what it leaves there is its own, whatever else runs."""
    env = clean_env() if tmp is None else {**clean_env(), "TMPDIR": str(tmp)}
    return subprocess.Popen([forcesize_exe(), *map(str, args)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))


def _processes() -> dict[int, tuple[int, bytes]]:
    """Every process as pid → (parent pid, command line), from Linux's /proc."""
    out = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            out[int(entry.name)] = (int(fields[1]), (entry / "cmdline").read_bytes())
        except (OSError, IndexError):
            continue
    return out


def _cbc_children(pid: int) -> list[int]:
    """The CBC processes whose parent is ``pid``."""
    return [p for p, (parent, command) in _processes().items()
            if parent == pid and b"cbc" in command]


def _stop(proc: subprocess.Popen[bytes], others: list[int]) -> None:
    """Kill what a test started, whatever became of the test."""
    if proc.poll() is None:
        proc.kill()
        proc.wait()
    for pid in others:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


def _alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.slow
@pytest.mark.parametrize(("solver", "sig", "code"), [
    ("highs", signal.SIGINT, 130),
    pytest.param("cbc", signal.SIGTERM, 143, marks=[
        pytest.mark.cbc, pytest.mark.skipif(not cbc_available(), reason="CBC is not installed: "
                                            "NOT checked")]),
])
def test_a_signal_stops_the_solver_and_its_child(slow_mandate, solver, sig, code, tmp_path):
    tmp = tmp_path / "tmp"  # its own: a test suite running beside it once left a CBC folder
    tmp.mkdir()
    proc = _spawn("solve", slow_mandate, "--solver", solver, "--format", "json", tmp=tmp)
    children: list[int] = []
    try:
        time.sleep(8)  # past loading and building: inside a stage
        deadline = time.monotonic() + 60
        while solver == "cbc" and not children and time.monotonic() < deadline:
            children = _cbc_children(proc.pid)  # CBC runs in a child process: wait for it
            time.sleep(0.1)
        assert proc.poll() is None, "the slow mandate solved before the signal; make it harder"
        assert solver == "highs" or children
        proc.send_signal(sig)
        out, err = proc.communicate(timeout=20)
    finally:  # a failed or interrupted test must not leave a solve running for hours
        _stop(proc, children)
    assert proc.returncode == code, err.decode()
    assert out == b""
    assert b"nothing was written" in err and b"Traceback" not in err
    assert not any(_alive(child) for child in children)  # no orphaned CBC
    assert not list(tmp.iterdir())  # no model or solution files left behind


@pytest.mark.slow
def test_a_second_ctrl_c_while_stopping_is_no_traceback(slow_mandate):
    proc = _spawn("solve", slow_mandate, "--format", "json")
    try:
        time.sleep(8)
        assert proc.poll() is None, "the slow mandate solved before the signal; make it harder"
        for _ in range(4):  # an impatient planner: Ctrl-C, Ctrl-C, Ctrl-C...
            with contextlib.suppress(ProcessLookupError):
                proc.send_signal(signal.SIGINT)
            time.sleep(0.05)
        out, err = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 130, err.decode()
    assert out == b"" and b"Traceback" not in err
    assert err.count(b"stopped by Ctrl-C") == 1


def _workers(pid: int) -> list[int]:
    """The worker processes ``--jobs`` or a local Dask cluster spawned under ``pid``, and
    theirs (a Dask nanny's worker), not multiprocessing's resource trackers, which solve
    nothing and leave once their parent has gone."""
    table = _processes()

    def under(child: int) -> bool:
        seen = set()
        while child in table and child not in seen:
            seen.add(child)
            child = table[child][0]
            if child == pid:
                return True
        return False

    return sorted(p for p, (_, command) in table.items() if b"spawn_main" in command
                  and under(p))


@pytest.mark.slow
@pytest.mark.parametrize(("sig", "code", "group", "where", "solver"), [
    # each signal on each kind of worker once, and CBC (a process of its own) on each
    (signal.SIGINT, 130, True, [], "highs"),
    (signal.SIGTERM, 143, False, ["--scheduler", "local"], "highs"),
    pytest.param(signal.SIGTERM, 143, False, [], "cbc", marks=[
        pytest.mark.cbc, pytest.mark.skipif(not cbc_available(), reason="CBC is not installed: "
                                            "NOT checked")]),
    pytest.param(signal.SIGINT, 130, True, ["--scheduler", "local"], "cbc", marks=[
        pytest.mark.cbc, pytest.mark.skipif(not cbc_available(), reason="CBC is not installed: "
                                            "NOT checked")]),
])
def test_a_signal_stops_every_worker_of_a_parallel_study(slow_mandate, sig, code, group,
                                                         where, solver, tmp_path):
    """Ctrl-C in a terminal reaches the whole process group, workers included; ``kill``
    reaches the parent only. Either way the study stops at once, with no traceback from a
    worker and no worker left solving, in worker processes or on a local Dask cluster; a
    worker's CBC (a process of its own) is stopped with it, and no temporary file stays."""
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    proc = subprocess.Popen(
        [forcesize_exe(), "sweep", str(slow_mandate), "--set", "objective.max_share=0.5,0.6,0.7",
         "--jobs", "2", *where, "--solver", solver, "--no-limits", "--format", "json"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**clean_env(), "TMPDIR": str(tmp)},
        start_new_session=True, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    workers: list[int] = []
    try:
        deadline = time.monotonic() + 60
        while len(workers) < 2 and time.monotonic() < deadline and proc.poll() is None:
            workers = [w for w in _workers(proc.pid) if w not in workers] + workers
            time.sleep(0.2)
        assert len(workers) >= 2, "the workers did not start"
        time.sleep(8)  # past their start, loading and building: inside a solve
        assert proc.poll() is None, "the slow mandate solved before the signal; make it harder"
        workers = sorted({*workers, *_workers(proc.pid)})  # a Dask nanny's worker too
        if group:
            os.killpg(proc.pid, sig)
        else:
            proc.send_signal(sig)
        out, err = proc.communicate(timeout=20)
    finally:
        _stop(proc, workers)
    said = err.decode()[-2000:]  # after the mandate's many warnings
    assert proc.returncode == code, said
    assert out == b"" and b"Traceback" not in err and b"Warning" not in err, said
    assert b"nothing was written" in err
    assert not any(_alive(w) for w in workers)
    assert not _solving_in(tmp)  # no CBC left on a model in the study's folder
    assert not list(tmp.iterdir())


def _solving_in(folder: Path) -> list[int]:
    """Live processes whose command line names ``folder`` (a CBC on a model file there)."""
    return [p for p, (_, command) in _processes().items()
            if str(folder).encode() in command and _alive(p)]


# --------------------------------------------------------------------------- output


def test_output_onto_a_device_writes_through_and_never_replaces_it(tmp_path):
    code, _out, err = run_cli("solve", "--format", "json", "--output", "/dev/null",
                              expect=None)
    assert code == 0, err
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    assert os.path.exists("/dev/null") and not os.path.isfile("/dev/null")


def test_output_into_a_fifo_writes_through(tmp_path):
    fifo = tmp_path / "plan.fifo"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    run_cli("solve", "--format", "json", "--output", fifo)
    reader.join(timeout=60)
    assert got and got[0].startswith(b"{")
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_a_full_device_is_exit_2_and_stays_a_device():
    _code, _out, err = run_cli("solve", "--format", "json", "--output", "/dev/full", expect=2)
    assert "cannot write /dev/full: No space left on device" in err
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


def test_an_lp_export_onto_a_device_writes_through():
    run_cli("solve", "--format", "json", "--write-lp", "/dev/null")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_output_onto_a_folder_is_refused(tmp_path):
    _code, _out, err = run_cli("solve", "--output", tmp_path, expect=2)
    assert "Traceback" not in err


def _run_with_stdout(args: list[str], stdout, env: dict[str, str] | None = None
                     ) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([forcesize_exe(), *args], stdout=stdout, stderr=subprocess.PIPE,
                          env=clean_env(env), timeout=120)


@pytest.mark.parametrize("args", [["solve", "--format", "json"], ["solve"], ["--help"],
                                  ["validate"]])
@pytest.mark.parametrize("unbuffered", [False, True])
def test_a_full_stdout_is_exit_2_with_a_sentence(args, unbuffered):
    with open("/dev/full", "w") as full:
        proc = _run_with_stdout(args, full, {"PYTHONUNBUFFERED": "1"} if unbuffered else None)
    err = proc.stderr.decode()
    assert proc.returncode == 2, err
    assert "cannot write the result to stdout: No space left on device" in err
    assert "Traceback" not in err and "bug" not in err


def test_a_closed_stdout_is_exit_2():
    proc = subprocess.run([forcesize_exe(), "solve", "--format", "json"],
                          stderr=subprocess.PIPE, env=clean_env(), timeout=120,
                          close_fds=True, preexec_fn=lambda: os.close(1))
    err = proc.stderr.decode()
    assert proc.returncode == 2, err
    assert "stdout is closed" in err


@pytest.mark.parametrize("args", [["solve", "--format", "json"], ["--help"]])
@pytest.mark.parametrize("unbuffered", [False, True])
def test_a_closed_pipe_is_141_whatever_the_buffering(args, unbuffered):
    env = clean_env({"PYTHONUNBUFFERED": "1"} if unbuffered else None)
    proc = subprocess.Popen([forcesize_exe(), *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env)
    assert proc.stdout is not None
    proc.stdout.close()  # the reader is gone before anything is written
    err = proc.stderr.read().decode() if proc.stderr else ""
    assert proc.wait(timeout=120) == 141, err
    assert "Traceback" not in err


# --------------------------------------------------------------------------- numbers


def test_a_mandate_with_nothing_to_staff_is_warned_about(tmp_path):
    path = write_toml(tmp_path, {"mission": {"name": "only a name"}})
    _code, _out, err = invoke("solve", path, "--format", "json")
    assert "no task requires anyone" in err


def test_a_phase_shorter_than_a_day_is_warned_about(tmp_path):
    from ..helpers import override, valid_mandate

    path = write_toml(tmp_path, override(valid_mandate(), "phase.late.months", 0.01))
    _code, _out, err = invoke("validate", path)
    assert "phase.late.months: the phase is shorter than a day" in err


def test_a_requirement_far_beyond_every_pool_is_warned_about(tmp_path):
    from ..helpers import override, valid_mandate

    doc = override(valid_mandate(), "task.patrol.need.infantry.per_1000_population", 100)
    _code, _out, err = invoke("validate", write_toml(tmp_path, doc))
    assert "task.patrol.need.infantry: requires 100,000 infantry" in err


# --------------------------------------------------------------------------- hostile files


@pytest.mark.parametrize("text", [
    '[mission]\nname = "x"\nparties = ' + "[" * 600 + "]" * 600 + "\n",
    '[mission]\nname = "x"\n' + "a." * 3000 + "b = 1\n",
])
def test_deep_nesting_is_exit_2(tmp_path, text):
    path = tmp_path / "deep.toml"
    path.write_text(text, encoding="utf-8")
    _code, _out, err = invoke("validate", path, expect=2)
    assert "nest more than 16 levels deep" in err


def test_a_deep_override_is_exit_2():
    _code, _out, err = invoke("validate", "--set", "mission.parties=" + "[" * 700 + "]" * 700,
                              expect=2)
    assert "nests more than 16 levels deep" in err
    assert len(err) < 2000  # the override is shortened in the message


def test_a_megabyte_token_is_reported_quickly_and_shortened(tmp_path):
    path = tmp_path / "long.toml"
    path.write_text('[mission]\nname = "x"\nparties = ["' + "a" * 1_000_000 + '"]\n'
                    "[phase.p]\nmonths = -1\n", encoding="utf-8")
    proc = subprocess.run([forcesize_exe(), "validate", str(path)], capture_output=True,
                          timeout=60, env=clean_env())  # before: over 10 minutes
    err = proc.stderr.decode()
    assert proc.returncode == 2
    assert "mission.parties[0]" in err and "at most 64 characters" in err
    assert "phase.p.months" in err
    assert len(err) < 3000


def test_an_oversized_file_is_refused_before_parsing(tmp_path):
    path = tmp_path / "huge.toml"
    with path.open("w") as handle:
        handle.write('[mission]\nname = "x"\n')
        handle.write("# " + "x" * 10_000_100 + "\n")
    _code, _out, err = invoke("validate", path, expect=2)
    assert "larger than 10 MB" in err

