"""Keep native solver output off stdout, which carries only the result.

highspy 1.16 prints a banner on file descriptor 1 when its first ``Highs``
object is made, which ``contextlib.redirect_stdout`` cannot catch;
:func:`stdout_to_stderr` moves the descriptor itself while a solver runs.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def stdout_to_stderr(discard: bool = False) -> Iterator[None]:
    """Point file descriptor 1 at stderr (or, with ``discard``, at the null device)
    while native solver code runs, so nothing it prints can reach stdout."""
    sys.stdout.flush()
    try:
        saved = os.dup(1)
    except OSError:  # no descriptor 1 at all: nothing to protect
        yield
        return
    target = os.open(os.devnull, os.O_WRONLY) if discard else 2
    try:
        os.dup2(target, 1)
        yield
    finally:
        sys.stdout.flush()
        os.dup2(saved, 1)
        os.close(saved)
        if discard:
            os.close(target)

