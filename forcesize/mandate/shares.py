"""Needs as shares of other needs: which needs a share refers to, the order requirements
are derived in, and the checks of every share.

A share (``need.K.share``) sizes a need as ``rate`` × the persons other needs require in
the same phase: the needs of its own task (``scope = "task"``) or of every task
(``"phase"``), of the capabilities ``of`` names or of every capability of
``of_components``. A need never counts itself. Shares may refer to needs that are
themselves shares, so requirements are derived in :func:`order`, referents first; a
cycle (A a share of B, B a share of A) has no answer and is a located error.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..errors import Issue
from .references import Tolerated, refs
from .schema import Mandate

Need = tuple[str, str]
"""(task id, capability id)."""


def referred(m: Mandate, task_id: str, capability: str) -> list[Need]:
    """The needs the share of ``(task_id, capability)`` refers to, by task and capability
    id; [] when the need has no share."""
    share = m.task[task_id].need[capability].share
    if share is None:
        return []
    if share.of is not None:
        caps = set(share.of)
    else:
        components = set(share.of_components or ())
        caps = {k for k, c in m.capability.items() if c.component in components}
    tasks = [task_id] if share.scope == "task" else sorted(m.task)
    return [(t, k) for t in tasks for k in sorted(m.task[t].need)
            if k in caps and (t, k) != (task_id, capability)]


def _cycle(m: Mandate) -> list[Need] | None:
    """One cycle of shares, as the needs around it (the first repeated at the end), or
    None. Depth-first, in id order, so the same mandate reports the same cycle."""
    state: dict[Need, int] = {}  # 1: on the current path, 2: done
    path: list[Need] = []

    def visit(need: Need) -> list[Need] | None:
        state[need] = 1
        path.append(need)
        for nxt in referred(m, *need):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt):], nxt]
            if nxt not in state and (found := visit(nxt)) is not None:
                return found
        path.pop()
        state[need] = 2
        return None

    for need in _needs(m):
        if need not in state and (found := visit(need)) is not None:
            return found
    return None


def _needs(m: Mandate) -> list[Need]:
    return [(t, k) for t in sorted(m.task) for k in sorted(m.task[t].need)]


def order(m: Mandate) -> list[Need]:
    """Every need, each after the needs its share refers to (id order otherwise). Only
    for a mandate without a cycle of shares."""
    done: dict[Need, None] = {}

    def visit(need: Need) -> None:
        if need in done:
            return
        for nxt in referred(m, *need):
            visit(nxt)
        done[need] = None

    for need in _needs(m):
        visit(need)
    return list(done)


def acyclic(m: Mandate) -> bool:
    """Whether requirements can be derived in some order (no cycle of shares)."""
    return _cycle(m) is None


def shares_valid(m: Mandate, tolerated: Tolerated) -> Iterator[Issue]:
    """A share names what it refers to, once (``of`` or ``of_components``), its
    capabilities exist, and no chain of shares comes back to where it started."""
    for tid in sorted(m.task):
        for cap, need in sorted(m.task[tid].need.items()):
            share = need.share
            if share is None:
                continue
            path = f"task.{tid}.need.{cap}.share"
            if (share.of is None) == (share.of_components is None):
                yield Issue(code="share-of-what", path=path,
                            message="a share refers to capabilities (of) or to components "
                            "(of_components), exactly one of them",
                            hint='e.g. share = { rate = 0.2, of = ["infantry"] }')
            yield from refs(share.of or [], m.capability, f"{path}.of", "capability",
                            "unknown-capability", "capability", tolerated)
    if tolerated.every or tolerated.ids:
        return  # a partial mandate: a cycle through what was dropped cannot be judged
    cycle = _cycle(m)
    if cycle is not None:
        start = cycle[0]
        yield Issue(code="share-cycle", path=f"task.{start[0]}.need.{start[1]}.share",
                    message="shares refer to each other in a cycle, so none can be sized: "
                    + " → ".join(f"{t}.{k}" for t, k in cycle),
                    hint="size one need of the cycle by its own terms, or narrow a share's "
                    "of or scope")


def shares_evaluable(m: Mandate) -> bool:
    """Whether every share refers to existing capabilities and no cycle exists."""
    for task in m.task.values():
        for need in task.need.values():
            share = need.share
            if share is not None and ((share.of is None) == (share.of_components is None)
                                      or any(k not in m.capability for k in share.of or [])):
                return False
    return acyclic(m)


def shares_refer_to_something(m: Mandate) -> Iterator[Issue]:
    """Warn when a share refers to no need at all: it sizes nothing (a capability its task
    does not need, or a component no capability has)."""
    for tid in sorted(m.task):
        for cap, need in sorted(m.task[tid].need.items()):
            if need.share is not None and not referred(m, tid, cap):
                what = need.share.of or need.share.of_components or []
                yield Issue(code="share-of-nothing", severity="warning",
                            path=f"task.{tid}.need.{cap}.share",
                            message=f"no need of {', '.join(what)} "
                            f"{'in this task' if need.share.scope == 'task' else 'in any task'}"
                            ", so the share sizes nothing",
                            hint='scope = "phase" refers to every task\'s needs')
