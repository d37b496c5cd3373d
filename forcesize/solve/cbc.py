"""CBC, the second and independent solver: the CBC 2.10 that PuLP 3 bundles.

The model is written as MPS by PuLP (as PuLP's ``COIN_CMD`` does) into a temporary
folder, and CBC runs as a child process in its own session. Running the child here
rather than through ``COIN_CMD`` lets forcesize stop it: on Ctrl-C or SIGTERM the
child is asked to stop (CBC then writes its best plan), killed if it has not within
a second, and the temporary folder is removed; no CBC is left running and no file
is left behind. Where PuLP no longer bundles CBC (PuLP 4), :func:`cbc_path` finds
``cbc`` on the PATH. The ``cbcbox`` 2.935 build that ``pulp[cbc]`` installs today is
a development CBC: its new bound propagation declared a trivially feasible share-cap
model infeasible, and it could not close a 1e-6 gap on the default mandate's cost
stage in a minute.
"""

from __future__ import annotations

import contextlib
import decimal
import math
import os
import re
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pulp

from ..errors import SolverError
from ..model import BuiltModel, Stage
from ..model.families import SPECS
from ..model.naming import Family, lp_name
from .outcome import Outcome
from .settings import CBC_REL_GAP, RETRY_OPTIONS, SEED, gaps

STOP_WAIT = 0.3
"""Seconds an interrupted CBC may take to write its plan before it is killed: an
interrupt promises to stop within a second, and the plan is not written anyway."""

OVERRUN = 2.0
"""Seconds CBC may run past its time limit before it is stopped, and then may take to
write its best plan."""


def cbc_path() -> str | None:
    """The CBC binary: PuLP 3's bundled release, else ``cbc`` on the PATH."""
    import shutil

    from pulp.apis.coin_api import pulp_cbc_path

    for candidate in (pulp_cbc_path, shutil.which("cbc")):
        if candidate and os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return None


@contextlib.contextmanager
def _whole(model: BuiltModel, on: bool) -> Iterator[None]:
    """While the stage's problem is written: in a shortfall stage, the variables that are
    whole in every plan (``Spec.whole``) declared integer, so that CBC sees that the stage
    moves in whole steps (the budget cut's important stage: no proof in 97 s before)."""
    changed = [entry.obj for key, entry in model.registry.variables.items()
               if on and SPECS[key.family].whole and entry.obj.cat != pulp.LpInteger]
    for var in changed:
        var.cat = pulp.LpInteger
    try:
        yield
    finally:
        for var in changed:
            var.cat = pulp.LpContinuous


class CbcRun:
    """CBC on a fresh problem per stage that shares the model's rows and the locks."""

    name = "CBC"

    def __init__(self, model: BuiltModel) -> None:
        self.model = model
        self.locks: list[pulp.LpConstraint] = []
        self.rows: dict[str, pulp.LpConstraint] = {}  # brought in by stages, by name
        self.columns: dict[str, pulp.LpVariable] = {}
        self.path = cbc_path()

    def minimise(self, stage: Stage, remaining: float | None, retry: bool = False,
                 start: dict[str, float] | None = None,
                 fixed: dict[str, float] | None = None,
                 known: dict[str, float] | None = None) -> Outcome:
        """Solve ``stage``; with ``fixed``, with those columns held at those values (their
        bounds are restored afterwards, whatever happens). CBC is given no start, and
        ``known`` (a plan known to be feasible for the stage) is not used: as a cutoff it
        made CBC 2.10 slower, and as a MIP start CBC could not use it (docs/model.md,
        "Solve time")."""
        if not fixed:
            return self._minimise(stage, remaining, retry)
        columns = {e.name: e.obj for e in self.model.registry.variables.values()}
        held = [(columns[name], value) for name, value in fixed.items()]
        saved = [(var.lowBound, var.upBound) for var, _ in held]
        for var, value in held:
            var.lowBound = var.upBound = value
        try:
            return self._minimise(stage, remaining, retry)
        finally:
            for (var, _), (low, up) in zip(held, saved, strict=True):
                var.lowBound, var.upBound = low, up

    def _minimise(self, stage: Stage, remaining: float | None, retry: bool) -> Outcome:
        if self.path is None:
            raise SolverError("the CBC solver is not installed: PuLP's bundled CBC is missing "
                              "and no 'cbc' is on the PATH")
        prob = pulp.LpProblem(f"forcesize_{stage.name}", pulp.LpMinimize)
        prob.setObjective(stage.expression())
        for key, entry in self.model.registry.constraints.items():
            # CBC 2.10 is given no cuts: with them its heuristics lost their way (the
            # default mandate's cost stage 0.3 s → 21 s, NATO members only out of time)
            if SPECS[key.family].role != "cut":
                prob.addConstraint(entry.obj, entry.name)
        self.rows.update((row.name, row) for row in stage.rows)
        for row in self.rows.values():
            prob.addConstraint(row, row.name)
        for lock in self.locks:
            prob.addConstraint(lock, lock.name)
        self.columns.update((v.name, v) for v in stage.columns)
        relative, absolute = gaps(stage.step, CBC_REL_GAP)
        options = [f"ratio {relative}", f"allow {absolute}", "threads 1",
                   f"randomSeed {SEED}", f"randomCbcSeed {SEED}"]
        if retry:
            options += RETRY_OPTIONS["cbc"]
        if stage.node_limit is not None:
            options.append(f"maxNodes {stage.node_limit}")
        deadline = None
        started = time.monotonic()
        if remaining is not None:
            # Wall-clock seconds: CBC counts CPU seconds by default, which on a busy machine
            # let a 60 s limit run for 100 s.
            options += [f"sec {max(1, math.ceil(remaining))}", "timeMode elapsed"]
            deadline = time.monotonic() + remaining + OVERRUN
        with tempfile.TemporaryDirectory(prefix="forcesize-cbc-") as folder, \
                _whole(self.model, stage.step is not None):
            status, interrupt = self._run(prob, Path(folder), options, stage, deadline)
            log = (Path(folder) / "cbc.log").read_text(errors="replace")
        fell = root_bound_fell(log)
        if fell and not retry and interrupt is None:
            # CBC 2.10's preprocessing cut off the optimum (issue 10): its cuts "lowered"
            # the root bound, which valid cuts never do. Solve the stage again without it.
            left = None if remaining is None else remaining - (time.monotonic() - started)
            if left is None or left > 0:
                return self._minimise(stage, left, retry=True)
        if status == pulp.LpStatusInfeasible:
            return Outcome("infeasible")
        names = [e.name for e in self.model.registry.variables.values()] + list(self.columns)
        has_plan = prob.sol_status in (pulp.LpSolutionOptimal, pulp.LpSolutionIntegerFeasible)
        values = None
        if has_plan:
            variables = {v.name: v for v in prob.variables()}
            values = {n: float(variables[n].varValue or 0.0) if n in variables else 0.0
                      for n in names}
        gap, bound = None, None
        below = proven_below(log)
        if values is not None and below is not None:
            best = stage.value(values)
            bound = best - below
            gap = below / abs(best) if best else None
        if prob.sol_status == pulp.LpSolutionOptimal and status == pulp.LpStatusOptimal \
                and interrupt is None:
            # A stage in steps is proven to half a step: no whole plan is better. The cost
            # stage stops within CBC_REL_GAP and says how far within it got; the log's
            # three printed decimals can widen that past CBC_REL_GAP on a small mandate,
            # never CBC's own stopping test.
            if stage.step is not None or not gap:
                return Outcome("optimal", values, 0.0)
            return Outcome("optimal", values, min(gap, CBC_REL_GAP))
        if interrupt is not None:
            return Outcome("interrupted", values, gap, bound, interrupt)
        if status in (pulp.LpStatusOptimal, pulp.LpStatusNotSolved):
            return Outcome("time_limit", values, gap, bound)
        raise SolverError(f"CBC stopped with status '{pulp.LpStatus[status]}' in the "
                          f"{stage.description} stage")

    def _run(self, prob: pulp.LpProblem, folder: Path, options: list[str], stage: Stage,
             deadline: float | None) -> tuple[int, BaseException | None]:
        """Write ``prob`` as MPS, run CBC on it, read its solution into ``prob``; returns
        PuLP's status and the interrupt that stopped it, if any. CBC reads its clock only
        between nodes and not in preprocessing, so a CBC still running ``OVERRUN``
        seconds past its limit (``deadline``) is stopped as Ctrl-C would stop it."""
        mps, sol = folder / "model.mps", folder / "model.sol"
        variables, variable_names, constraint_names, _ = prob.writeMPS(str(mps), rename=1)
        args = [str(self.path), str(mps)]
        for option in options:
            args += ["-" + option.split(" ", 1)[0], *option.split(" ", 1)[1:]]
        args += ["-solve", "-printingOptions", "all", "-solution", str(sol)]
        interrupt: BaseException | None = None
        overran = False
        with open(folder / "cbc.log", "wb") as log:
            child = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=log,
                                     stderr=subprocess.STDOUT, cwd=folder,
                                     start_new_session=True)
        try:
            while child.poll() is None:
                with contextlib.suppress(subprocess.TimeoutExpired):
                    child.wait(0.05)
                if deadline is not None and time.monotonic() > deadline:
                    overran = True
                    _stop(child, OVERRUN)
        except KeyboardInterrupt as exc:
            interrupt = exc
            _stop(child)
        finally:
            if child.poll() is None:  # anything else went wrong: never leave it running
                child.kill()
                child.wait()
        if not sol.exists():
            if interrupt is not None or overran:
                return pulp.LpStatusNotSolved, interrupt
            raise SolverError(f"CBC ended without a solution in the {stage.description} "
                              f"stage (exit {child.returncode})")
        reader = pulp.COIN_CMD(path=str(self.path), msg=False)
        status, values, _, _, _, sol_status = reader.readsol_MPS(
            str(sol), prob, variables, variable_names, constraint_names)
        prob.assignVarsVals(values)
        prob.assignStatus(status, sol_status)
        return status, interrupt

    def lock(self, stage: Stage, bound: float) -> None:
        name = lp_name(Family.STAGE_LOCK_MAX, stage.name)
        self.locks.append(pulp.LpConstraint(stage.expression(), pulp.LpConstraintLE, name, bound))


_RESULT = re.compile(r"^Objective value:\s+(\S+)\s*\nLower bound:\s+(\S+)", re.MULTILINE)


def proven_below(log: str) -> float | None:
    """How far below its best plan CBC has proved that no plan lies, read from the result
    block of a stopped run ("Objective value", then "Lower bound"), or None when the log
    has none. CBC prints the bound with three decimals, so the distance is widened by one
    unit in the last printed digit of each figure: a reported bound must never be above the
    true one. The distance, not the bound, is returned, because the figures are in the
    objective CBC was given, and the caller knows its plan's value in its own terms."""
    found = _RESULT.findall(log)
    if not found:
        return None
    try:
        best, lower = (decimal.Decimal(text) for text in found[-1])
    except decimal.InvalidOperation:
        return None
    if not (best.is_finite() and lower.is_finite()):
        return None
    margin = sum(decimal.Decimal(1).scaleb(int(x.as_tuple().exponent)) for x in (best, lower))
    return max(float(best - lower + margin), 0.0)


_ROOT_CUTS = re.compile(r"Cuts at root node changed objective from (\S+) to (\S+)")


def root_bound_fell(log: str) -> bool:
    """Whether CBC's log says its root cuts lowered the bound of a minimisation. Valid
    cuts only raise it; CBC 2.10 logged "from 0.84 to -1.79769e+308" on a model whose
    preprocessing had removed the optimum (0.81), and then called 0.84 optimal."""
    for before, after in _ROOT_CUTS.findall(log):
        try:
            if float(after) < float(before) - 1e-9 * max(1.0, abs(float(before))):
                return True
        except ValueError:
            continue
    return False


def _stop(child: subprocess.Popen[bytes], wait: float = STOP_WAIT) -> None:
    """Ask CBC to stop (it writes its best plan on SIGINT); kill it after ``wait`` s."""
    try:
        child.send_signal(signal.SIGINT)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + wait
    try:
        while child.poll() is None and time.monotonic() < deadline:
            with contextlib.suppress(subprocess.TimeoutExpired):
                child.wait(0.05)
    finally:  # a (further) Ctrl-C while waiting: kill it now, and let the interrupt go on
        if child.poll() is None:
            child.kill()
            child.wait()
