"""The process exit codes: a contract with the scripts that call forcesize.

Kept in one place so that the CLI is the only code that maps outcomes to
numbers, and so that docs/cli.md and the tests read from the same table.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """What a forcesize process tells its caller."""

    OK = 0
    """Solved, and no shortfall at or above the ``--fail-on`` priority."""
    UNDER_RESOURCED = 1
    """Solved, but some task at or above the ``--fail-on`` priority stays short; for
    ``diff --exit-code``, also: the variant's outcome differs from the base's."""
    OUTCOME_DIFFERS = 1
    """``diff --exit-code``: the outcome differs (an alias of 1, as ``git diff`` uses it)."""
    INVALID_INPUT = 2
    """The mandate or the command line is invalid; nothing was solved."""
    SOLVER_FAILURE = 3
    """The solver failed, or stopped at its time limit without any plan."""
    INTERNAL_ERROR = 4
    """A bug in forcesize, including a plan that fails the independent checker."""
    INTERRUPTED = 130
    """Stopped by Ctrl-C (128 + SIGINT, as shells report); nothing was written."""
    BROKEN_PIPE = 141
    """stdout's reader closed the pipe before everything was written (128 + SIGPIPE)."""
    TERMINATED = 143
    """Stopped by SIGTERM (128 + SIGTERM); nothing was written."""
