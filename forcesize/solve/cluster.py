"""A study's solves on a Dask cluster (``--scheduler``): past one machine.

``--scheduler tcp://HOST:8786`` sends each point to the workers of a running Dask
scheduler; ``--scheduler local`` starts a cluster of ``--jobs`` worker processes on this
machine's loopback interface (127.0.0.1 only, no dashboard) for the run, which is how the
tests check that a cluster gives the rows a single process gives. A worker solves one
point at a time on one thread (start workers with ``--nthreads 1``, or each thread runs a
solve of its own).

Before the first point, every worker must run the same forcesize, highspy and PuLP as
this process: a point's row is keyed by the forcesize version (``--resume``), and another
solver version may find another optimal plan. A worker that does not is a solver failure
(exit 3) naming it, before anything is solved.

Dask is an optional dependency (``pip install 'forcesize[dask]'``), imported only here and
only with ``--scheduler``. On an interrupt the pending points are cancelled and a local
cluster is shut down, its workers with it; a remote worker finishes the point it is
solving (Dask cannot stop a running task) and its result is dropped.
"""

from __future__ import annotations

import contextlib
import logging
import shutil
import signal
import tempfile
import time
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from ..errors import InputError, Issue, SolverError
from .pool import IN_FLIGHT, windowed

T = TypeVar("T")
R = TypeVar("R")

LOCAL = "local"
CONNECT_SECONDS = 10
"""How long to wait for a remote scheduler before giving up."""


def versions() -> tuple[str, str, str]:
    """forcesize, highspy and PuLP as installed where this runs (on a worker, too)."""
    from importlib.metadata import version

    from ..version import __version__

    return (__version__, version("highspy"), version("pulp"))


def on_dask(work: Callable[[T], R], jobs: Iterator[T], scheduler: str, workers: int,
            on_point: Callable[[int], None] | None = None) -> Iterator[R]:
    """``work(job)`` for every job on the cluster at ``scheduler`` (or a local one of
    ``workers`` processes), yielded in the order they finish."""
    try:
        from distributed import Client, LocalCluster
        from distributed import wait as dask_wait
    except ImportError:
        raise InputError([Issue(code="no-dask", path="--scheduler", value=scheduler,
                                message="a Dask cluster needs Dask installed",
                                hint="pip install 'forcesize[dask]'", file="--scheduler")],
                         file="--scheduler") from None
    # Dask's own log lines (and the tracebacks it logs while a killed cluster shuts down)
    # are chatter here: its failures reach the user as exceptions, worded by forcesize.
    logging.getLogger("distributed").setLevel(logging.CRITICAL)
    local = scheduler == LOCAL
    scratch = tempfile.mkdtemp(prefix="forcesize-jobs-") if local else None
    started = time.time()
    cluster: Any = None
    client: Any = None
    running: set[Any] = set()  # only these: a future held keeps its result on a worker

    def submit(job: T) -> Any:
        future = client.submit(work, job, pure=False)
        running.add(future)
        return future

    def first_done(futures: set[Any]) -> tuple[set[Any], set[Any]]:
        done = dask_wait(list(futures), return_when="FIRST_COMPLETED")
        running.difference_update(done.done)
        return set(done.done), set(done.not_done)

    try:
        if scratch is not None:
            cluster = _local_cluster(LocalCluster, workers, scratch)
            client = Client(cluster)
        else:
            client = _connect(Client, scheduler)
        _same_versions(client.run(versions), scheduler)
        threads = sum(client.nthreads().values())
        yield from windowed(jobs, max(1, threads) * IN_FLIGHT, submit, first_done, on_point)
    except BaseException:
        if local:  # an interrupt, or a failure: its workers (and their CBCs) stop now
            _kill(started)
        if client is not None:
            with contextlib.suppress(Exception):
                client.cancel(list(running))
        raise
    finally:
        _close(client, cluster)
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)


def _connect(client: Any, scheduler: str) -> Any:
    """A client of the scheduler at ``scheduler``; a solver failure if it cannot be
    reached within :data:`CONNECT_SECONDS`."""
    try:
        return client(scheduler, timeout=CONNECT_SECONDS)
    except (OSError, TimeoutError, ValueError) as exc:
        raise SolverError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None


def _local_cluster(local_cluster: Any, workers: int, scratch: str) -> Any:
    """A cluster of ``workers`` processes on 127.0.0.1, one thread each, no dashboard,
    writing their temporary files (CBC's) to ``scratch``, which is removed at the end.

    Its processes start with SIGINT blocked (a signal mask survives the fork and the exec
    of a spawned process): a terminal's Ctrl-C reaches the whole process group, and a
    Dask worker that got it would print a traceback; this process kills them instead. The
    mask is this thread's and the event-loop thread's Dask starts here; a Ctrl-C meanwhile
    is delivered to another thread and raised here all the same."""
    import dask

    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        # Dask's lock files and spill space too, which it would leave in the system's /tmp
        with dask.config.set({"temporary-directory": scratch}):
            # its processes log at CRITICAL only: a worker whose heartbeat meets a closing
            # scheduler logs an ERROR with a traceback (seen once under load on 2 December
            # 2026), chatter that a study's stderr must not carry.
            # No dashboard; the scheduler's HTTP server (health, metrics) still starts, on
            # a free port of 127.0.0.1: with None it takes 8787, and warns on stderr
            # when another Dask (a notebook's, a second study) holds that port
            cluster = local_cluster(n_workers=workers, threads_per_worker=1, processes=True,
                                    host="127.0.0.1", dashboard_address="127.0.0.1:0",
                                    scheduler_kwargs={"dashboard": False},
                                    silence_logs=logging.CRITICAL, env={"TMPDIR": scratch},
                                    local_directory=scratch)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
    return cluster


def _kill(since: float) -> None:
    """Kill every process this one started from ``since`` on, with their children: a
    local cluster's nannies and workers, mid-solve or not. Not multiprocessing's resource
    tracker, which solves nothing and tidies up once its process is gone."""
    import psutil  # a dependency of distributed

    for child in psutil.Process().children(recursive=True):
        with contextlib.suppress(psutil.Error):
            tracker = any("resource_tracker" in part for part in child.cmdline())
            if child.create_time() >= since - 1 and not tracker:
                child.kill()


def _close(client: Any, cluster: Any) -> None:
    """Close the client and a local cluster, never raising: a study's result or its
    interrupt is what the caller reports, not a slow shutdown."""
    if client is not None:
        with contextlib.suppress(Exception):
            client.close(timeout=2)
    if cluster is not None:
        with contextlib.suppress(Exception):
            cluster.close(timeout=2)


def _same_versions(found: dict[str, Any], scheduler: str) -> None:
    """Every worker runs what this process runs; else a solver failure naming one."""
    if not found:
        raise SolverError(f"the Dask scheduler at {scheduler} has no workers")
    here = versions()
    for address, theirs in sorted(found.items()):
        if tuple(theirs) != here:
            raise SolverError(
                f"the Dask worker {address} runs forcesize {theirs[0]}, highspy {theirs[1]} "
                f"and PuLP {theirs[2]}; this is forcesize {here[0]}, highspy {here[1]} and "
                f"PuLP {here[2]}: install the same versions on every worker")
