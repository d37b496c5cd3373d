"""The loop a process pool and a Dask cluster share (``solve/pool.py``'s ``windowed``):
at most ``limit`` jobs run, results come as they finish, and a job source may wait for
results before its next job (a sweep point that may take a looser point's plan)."""

from __future__ import annotations

from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait

import pytest

from forcesize.solve.pool import WAIT, windowed


def _first_done(running: set[Future]) -> tuple[set[Future], set[Future]]:
    ready, pending = wait(running, return_when=FIRST_COMPLETED)
    return set(ready), set(pending)


def test_a_source_that_waits_gets_the_results_it_waits_for_first():
    got: list[int] = []

    def source():
        yield 1
        yield 2
        while len(got) < 2:  # the next job needs both results
            yield WAIT
        yield sum(got) * 10

    with ThreadPoolExecutor(2) as pool:
        for result in windowed(source(), 4, lambda job: pool.submit(lambda: job), _first_done,
                               None):
            got.append(result)
    assert sorted(got[:2]) == [1, 2] and got[2] == 30


def test_a_wait_with_nothing_running_is_a_defect_not_a_hang():
    def source():
        yield WAIT

    with pytest.raises(RuntimeError, match="none is running"):
        list(windowed(source(), 2, lambda job: None, _first_done, None))
