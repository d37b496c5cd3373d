"""How one solver call on one stage ended, in the same terms for HiGHS and CBC."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Status = Literal["optimal", "time_limit", "interrupted", "infeasible"]


@dataclass(frozen=True)
class Outcome:
    """One stage's solve. ``values`` is the solver's plan (by LP name), None when it found
    none in this stage; ``bound`` the proven lower bound of the stage objective (model
    units); ``interrupt`` the Ctrl-C or SIGTERM that stopped it, to be raised again once
    the best plan so far is recorded."""

    status: Status
    values: dict[str, float] | None = None
    gap: float | None = None
    bound: float | None = None
    interrupt: BaseException | None = None
    nodes: int | None = None
    """Branch-and-bound nodes the solver reports (HiGHS; both runs of a stage), for the
    benchmark."""
