"""Studies on a Dask cluster (issue 15, item 4): ``--scheduler local`` (a cluster this run
starts on 127.0.0.1) and the address of a running scheduler give the rows a single process
gives, byte for byte; a worker with other versions, an unreachable scheduler and a missing
Dask are one sentence each, never a traceback."""

from __future__ import annotations

import contextlib
import logging
import socket
import sys

import dask
import pytest
from distributed import LocalCluster

import forcesize.solve.cluster as cluster_module
import forcesize.version

from ..helpers import invoke, run_cli, valid_mandate, write_toml

AXES = ["--set", "contributor.AAA.available.infantry=0..80:40",
        "--set", "contributor.CCC.max_share=0.5,1.0"]


@pytest.fixture
def mandate(tmp_path):
    return write_toml(tmp_path, valid_mandate())


@pytest.fixture(scope="module")
def scheduler(tmp_path_factory):
    """A running scheduler with one worker process, on the loopback interface only, its
    scratch space in the test's own folder."""
    scratch = str(tmp_path_factory.mktemp("dask"))
    with dask.config.set({"temporary-directory": scratch}), \
            LocalCluster(n_workers=1, threads_per_worker=1, processes=True, host="127.0.0.1",
                         dashboard_address="127.0.0.1:0", scheduler_kwargs={"dashboard": False},
                         silence_logs=logging.ERROR,
                         local_directory=scratch) as running:
        yield running.scheduler_address


def test_a_local_cluster_keeps_quiet_when_dasks_usual_port_is_taken(mandate):
    """Another Dask on this machine (a notebook's cluster, a second study) holds 8787:
    the local cluster takes a free port of 127.0.0.1 and says nothing on stderr."""
    with socket.socket() as taken:
        with contextlib.suppress(OSError):  # held already: the case this test is about
            taken.bind(("127.0.0.1", 8787))
            taken.listen()
        # a process of its own: Python prints a warning to stderr there
        _, _, err = run_cli("sweep", mandate, *AXES, "--fail-on", "never", "--scheduler",
                            "local", "--jobs", "2")
    assert err == ""


def test_a_local_cluster_gives_the_rows_of_one_process(mandate):
    budgets = ["--set", "objective.budget=1e6,2e7,3e6,3e7", *AXES[2:]]  # plans taken
    for command, args in (("sweep", [*AXES, "--fail-on", "never"]),
                          ("sweep", [*budgets, "--fail-on", "never"]),
                          ("sensitivity", ["--keys", "contributor.*.available.*"])):
        _, serial, _ = invoke(command, mandate, *args, "--format", "json")
        _, jobs, _ = invoke(command, mandate, *args, "--format", "json", "--jobs", "2")
        _, local, err = invoke(command, mandate, *args, "--format", "json", "--jobs", "2",
                               "--scheduler", "local")
        assert serial == jobs == local
        assert err == ""  # no Dask logging on stderr


def test_a_running_scheduler_gives_the_same_rows(mandate, scheduler):
    _, serial, _ = invoke("sweep", mandate, *AXES, "--fail-on", "never", "--format", "csv")
    _, remote, _ = invoke("sweep", mandate, *AXES, "--fail-on", "never", "--format", "csv",
                          "--scheduler", scheduler)
    assert remote == serial


def test_the_standard_environment_variable_names_the_scheduler(mandate, scheduler,
                                                              monkeypatch):
    monkeypatch.setattr(cluster_module, "CONNECT_SECONDS", 1)
    _, _, err = invoke("sweep", mandate, *AXES, expect=3,
                       env={"DASK_SCHEDULER_ADDRESS": "tcp://127.0.0.1:9"})
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in err
    _, serial, _ = invoke("sensitivity", mandate, "--keys", "contributor.*.available.*",
                          "--format", "csv")
    _, remote, _ = invoke("sensitivity", mandate, "--keys", "contributor.*.available.*",
                          "--format", "csv", env={"DASK_SCHEDULER_ADDRESS": scheduler})
    assert remote == serial


def test_a_worker_with_other_versions_stops_the_study_before_any_solve(mandate, scheduler,
                                                                       monkeypatch):
    monkeypatch.setattr(forcesize.version, "__version__", "0.0.0")  # here, not there
    _, out, err = invoke("sweep", mandate, *AXES, "--scheduler", scheduler, expect=3)
    assert out == "" and "Traceback" not in err
    assert "runs forcesize 0.1.0" in err and "this is forcesize 0.0.0" in err


def test_an_unreachable_scheduler_is_a_solver_failure(mandate, monkeypatch):
    monkeypatch.setattr(cluster_module, "CONNECT_SECONDS", 1)
    _, _, err = invoke("sweep", mandate, *AXES, "--scheduler", "tcp://127.0.0.1:9",
                       expect=3)
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in err
    assert "Traceback" not in err


def test_without_dask_installed_the_option_says_how_to_get_it(mandate, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed fails
    _, _, err = invoke("sweep", mandate, *AXES, "--scheduler", "local", expect=2)
    assert "pip install 'forcesize[dask]'" in err and "Traceback" not in err
