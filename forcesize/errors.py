"""Errors raised below the CLI.

Every error carries :class:`Issue` records so that the CLI can print all
problems at once, each with its place (file, key path, line), the value, the
rule broken and a hint. Nothing here prints or exits: only the ``cli`` package does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Issue:
    """One problem found in a mandate.

    ``path`` is the dotted key path as the planner wrote it
    (``contributor.CAN.available.infantry``); ``line`` and ``column`` are
    1-based places in the file when they are known.
    """

    code: str
    path: str
    message: str
    hint: str = ""
    severity: Severity = "error"
    value: str | None = None
    file: str | None = None
    line: int | None = None
    column: int | None = None

    def location(self) -> str:
        """``file:line:column`` as far as it is known."""
        parts = [self.file or "<mandate>"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)


class ForcesizeError(Exception):
    """Base of every error forcesize raises on purpose."""


class InputError(ForcesizeError):
    """The mandate (or an option) is invalid. Carries every issue found."""

    def __init__(self, issues: list[Issue], file: str | None = None,
                 what: str = "mandate") -> None:
        self.issues = issues
        self.file = file
        self.what = what
        """What kind of file the issues are in, for the header: "mandate", or the
        "history file" of a backtest."""
        super().__init__(f"{len(issues)} problem(s) in {file or 'the ' + what}")


class SolverError(ForcesizeError):
    """The solver failed or produced no plan (exit 3)."""


class TimeLimitError(SolverError):
    """The time limit ran out before any plan was found (exit 3). Not a finding about the
    mandate: with more time there may well be a plan."""


class InfeasibleError(SolverError):
    """No plan satisfies the mandate's hard limits (exit 3).

    ``conflicts``, once ``solve/conflicts.py`` has searched for them, holds one list of
    sentences per minimal conflict: the first, then the one that remains when the
    first's limits (but not the commitments) are lifted, and so on."""

    def __init__(self, message: str, conflicts: list[list[str]] | None = None) -> None:
        super().__init__(message)
        self.conflicts = conflicts or []


class OutputError(ForcesizeError):
    """A result or model file could not be written where it was asked for (exit 2)."""


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where Ctrl-C would be, so every layer stops the same way: a solver
    is cancelled, its child process and temporary files removed (exit 143 instead of
    Ctrl-C's 130)."""


@dataclass
class CheckFailure(ForcesizeError):
    """The independent checker rejected a plan: a bug in forcesize (exit 4)."""

    violations: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        head = self.violations[0] if self.violations else "unknown violation"
        more = len(self.violations) - 1
        return head + (f" (and {more} more)" if more > 0 else "")
