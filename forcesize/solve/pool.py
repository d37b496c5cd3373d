"""Worker processes for a study: many independent solves at once, stopped at once.

Each solve runs HiGHS (or CBC) on one thread, so a study on N cores runs N solves side by
side in N processes (``--jobs N``). Processes rather than threads: a solve holds the GIL
in PuLP's model building and the checker, and a solver that misbehaves is contained.

What a user must never see from the workers:

* **A traceback on Ctrl-C.** A terminal's Ctrl-C reaches every process of the foreground
  group; an idle worker would die with ``KeyboardInterrupt`` printed. Workers ignore
  SIGINT, and the parent, which gets it too, kills them.
* **Work going on after an interrupt.** A worker deep in a solve does not look at its
  queue; the parent kills every worker (SIGKILL) before it re-raises, so an interrupt
  stops the study within the second the CLI promises, and a SIGTERM the same way.
* **A solver or files left behind.** A killed worker's CBC (a process of its own) is
  killed with it, and every worker writes its temporary files to one scratch folder the
  parent removes at the end, however the study ended.
* **A hang when a worker dies** (the kernel's OOM killer): ``concurrent.futures`` then
  raises ``BrokenProcessPool``, reported as a solver failure (exit 3), not a wait forever.

Workers are *spawned* (a fresh interpreter importing forcesize, about half a second
each), never forked: the parent may hold a lock in another thread (the spinner's) at the
moment of a fork.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import shutil
import signal
import tempfile
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any, TypeVar

from ..errors import SolverError

T = TypeVar("T")
R = TypeVar("R")

IN_FLIGHT = 2
"""Jobs queued per worker: enough that no worker waits for the next, few enough that a
large grid's mandates are not all loaded at once."""
WAIT = object()
"""What a job source yields when its next job needs the results of running jobs first
(a sweep point that may take the plan of one whose budgets cover it): :func:`windowed`
then waits for a result before asking again."""


def _start_worker(scratch: str) -> None:
    """A worker's start: Ctrl-C is the parent's to handle (it kills the workers), and
    temporary files (CBC's model and solution) go to the study's scratch folder, which the
    parent removes whatever becomes of the worker."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    tempfile.tempdir = scratch


def in_workers(work: Callable[[T], R], jobs: Iterator[T], workers: int,
               on_point: Callable[[int], None] | None = None) -> Iterator[R]:
    """``work(job)`` for every job in ``workers`` processes, yielded in the order they
    finish. ``work`` and the jobs must pickle (a module-level function, plain data).
    ``on_point(finished)`` is called before the first result and after each."""
    scratch = tempfile.mkdtemp(prefix="forcesize-jobs-")
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_start_worker, initargs=(scratch,))
    try:
        yield from windowed(jobs, workers * IN_FLIGHT, lambda job: pool.submit(work, job),
                            _first_done, on_point)
    except BrokenProcessPool:
        _kill(pool)
        raise SolverError("a worker process died (out of memory?); run with fewer --jobs "
                          "or none") from None
    except BaseException:
        _kill(pool)
        raise
    finally:
        pool.shutdown()
        shutil.rmtree(scratch, ignore_errors=True)


def windowed(jobs: Iterator[T], limit: int, submit: Callable[[T], Any],
             first_done: Callable[[set[Any]], tuple[set[Any], set[Any]]],
             on_point: Callable[[int], None] | None) -> Iterator[R]:
    """Submit jobs while fewer than ``limit`` run, and yield each result as it comes:
    the loop a process pool and a Dask cluster share. ``submit`` returns a future with
    ``result()``; ``first_done`` splits running futures into (finished, still running)
    once at least one has finished. A job source may yield :data:`WAIT` while its next job
    needs a result the caller has not yet been given; it is asked again after the next."""
    running: set[Any] = set()
    queue, end = iter(jobs), object()
    more, finished = True, 0
    if on_point is not None:
        on_point(finished)
    while True:
        while more and len(running) < limit:
            job = next(queue, end)
            if job is WAIT:
                if not running:
                    raise RuntimeError("a job waits for results, but none is running")
                break
            if job is end:
                more = False
            else:
                running.add(submit(job))  # type: ignore[arg-type]
        if not running:
            return
        ready, running = first_done(running)
        for future in ready:
            finished += 1
            yield future.result()
            if on_point is not None:
                on_point(finished)


def _first_done(running: set[Future[R]]) -> tuple[set[Future[R]], set[Future[R]]]:
    ready, pending = wait(running, return_when=FIRST_COMPLETED)
    return set(ready), set(pending)


def _kill(pool: ProcessPoolExecutor) -> None:
    """Stop every worker now, mid-solve or not, with what it started (a CBC process), and
    drop the queued jobs. The executor's own shutdown waits for running jobs; its process
    table (``_processes``, stable since Python 3.8) is the only handle on them."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    doomed = [pid for p in processes if p.pid is not None for pid in descendants(p.pid)]
    for process in processes:
        process.kill()
    for pid in doomed:  # a worker's CBC, which would go on solving for minutes
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    pool.shutdown(wait=True, cancel_futures=True)


def descendants(pid: int) -> list[int]:
    """The processes below ``pid`` (children, theirs, ...), read from Linux's /proc; none
    elsewhere."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").glob("[0-9]*"):
        with contextlib.suppress(OSError, IndexError, ValueError):
            parents[int(entry.name)] = int((entry / "stat").read_text()
                                           .rsplit(")", 1)[1].split()[1])
    below, frontier = [], [pid]
    while frontier:
        children = [c for c, p in parents.items() if p in frontier]
        below += children
        frontier = children
    return below
