"""A built model as HiGHS arrays, and a quiet HiGHS instance.

Shared by the three places that run HiGHS: the preemptive stages
(:class:`HighsRun`, driven by ``stages.py``), the LP relaxation whose duals price
the limits (``relax.py``) and the conflict search for infeasible mandates
(``conflicts.py``). HiGHS is driven through highspy directly: the PuLP problem is
handed over once as sparse arrays and then only re-costed and given one lock row
per stage. PuLP's own HiGHS interface rebuilds the model column by column on every
solve, which dominated the run time on large mandates. The model is handed to HiGHS
once, column-wise, with its rows in registry order, so row *i* of HiGHS is entry *i* of
``model.registry.constraints``.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, replace
from typing import Any

import pulp

from ..errors import SolverError
from ..model import BuiltModel, Family, Key, Stage
from ..model.families import SPECS
from .outcome import Outcome
from .quiet import stdout_to_stderr
from .settings import MIP_REL_GAP, RETRY_OPTIONS, SEED, cutoff, gaps
from .slices import repair_fixings, slice_columns, target, with_binaries


@dataclass
class HighsModel:
    """A HiGHS instance holding a built model, and how its columns and rows are named."""

    h: Any
    names: list[str]
    """Column names (LP names) in column order."""
    index: dict[str, int]
    """Column index by LP name."""
    rows: list[Key]
    """Registry key of each row, in row order."""


def new_highs(options: dict[str, Any] | None = None) -> Any:
    """A HiGHS instance that prints nothing, single-threaded with a fixed seed."""
    import highspy

    with stdout_to_stderr(discard=True):  # highspy's banner is chatter, not a message
        h = highspy.Highs()
    base: dict[str, Any] = {"output_flag": False, "log_to_console": False, "threads": 1,
                            "random_seed": SEED}
    for option, value in {**base, **(options or {})}.items():
        h.setOptionValue(option, value)
    return h


def load_model(model: BuiltModel, *, relax: bool = False, open_bounds: bool = False,
               cuts: bool = True, options: dict[str, Any] | None = None) -> HighsModel:
    """Pass ``model`` to a new HiGHS instance.

    ``relax`` drops integrality (the LP relaxation). ``open_bounds`` lifts the upper
    bounds that only repeat what rows already say (x ≤ pool, x ≤ R; see
    ``Spec.bound_repeats_rows``), so that relaxing a row in a conflict search really
    removes its limit and a row's dual is not shared with a bound. ``cuts=False`` frees
    the rows whose family is a cut (role ``cut``): they only tighten the integer solves,
    and would share a limit's dual or keep a limit the conflict search lifts. They stay
    in place, free, so that row *i* is still entry *i* of the registry."""
    import highspy

    lp, names, index = highs_lp(model, relax=relax, open_bounds=open_bounds, cuts=cuts)
    h = new_highs(options)
    if len(names) and h.passModel(lp) == highspy.HighsStatus.kError:
        raise SolverError("HiGHS rejected the model")
    return HighsModel(h, names, index, list(model.registry.constraints))


def highs_lp(model: BuiltModel, *, relax: bool = False, open_bounds: bool = False,
             cuts: bool = True) -> tuple[Any, list[str], dict[str, int]]:
    """The model as a ``HighsLp`` (see :func:`load_model` for the flags), with its column
    names and their index."""
    import highspy
    import numpy as np

    columns = [e.obj for e in model.registry.variables.values()]
    names = [v.name for v in columns]
    index = {name: i for i, name in enumerate(names)}
    n = len(columns)
    inf = highspy.kHighsInf
    lower = np.array([-inf if v.lowBound is None else v.lowBound for v in columns], float)
    lifted = [open_bounds and SPECS[key.family].bound_repeats_rows
              for key in model.registry.variables]
    upper = np.array([inf if (v.upBound is None or lift) else v.upBound
                      for v, lift in zip(columns, lifted, strict=True)], float)
    rows_lo, rows_up, r_idx, c_idx, vals = [], [], [], [], []
    for r, (key, entry) in enumerate(model.registry.constraints.items()):
        con = entry.obj
        rhs = -con.constant
        free = not cuts and SPECS[key.family].role == "cut"
        rows_lo.append(rhs if con.sense in (pulp.LpConstraintGE, pulp.LpConstraintEQ)
                       and not free else -inf)
        rows_up.append(rhs if con.sense in (pulp.LpConstraintLE, pulp.LpConstraintEQ)
                       and not free else inf)
        for var, coef in con.expr.items():
            r_idx.append(r)
            c_idx.append(index[var.name])
            vals.append(coef)
    m = len(rows_lo)
    cols = np.array(c_idx, dtype=np.int32)
    order = np.lexsort((np.array(r_idx, dtype=np.int32), cols))
    lp = highspy.HighsLp()
    lp.num_col_ = n
    lp.num_row_ = m
    lp.col_cost_ = np.zeros(n)
    lp.col_lower_ = lower
    lp.col_upper_ = upper
    lp.row_lower_ = np.array(rows_lo, float)
    lp.row_upper_ = np.array(rows_up, float)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.num_col_ = n
    lp.a_matrix_.num_row_ = m
    lp.a_matrix_.start_ = np.concatenate(
        ([0], np.cumsum(np.bincount(cols, minlength=n)))).astype(np.int32)
    lp.a_matrix_.index_ = np.array(r_idx, dtype=np.int32)[order]
    lp.a_matrix_.value_ = np.array(vals, float)[order]
    integer = [v.cat == pulp.LpInteger for v in columns]
    if any(integer) and not relax:
        lp.integrality_ = [highspy.HighsVarType.kInteger if i else
                           highspy.HighsVarType.kContinuous for i in integer]
    return lp, names, index


def run_interruptibly(h: Any) -> BaseException | None:
    """Run HiGHS in its own thread and wait for it; on Ctrl-C or SIGTERM, tell HiGHS to
    stop through its interrupt callback and wait for it (half a second at most) rather
    than minutes. Returns the interrupt (a ``KeyboardInterrupt``), or None when HiGHS
    ended on its own; whatever HiGHS found before it stopped is still in ``h``. A HiGHS
    that has not stopped by then (it checks the callback between nodes, and one root LP
    can take seconds) is left to the exit: the interrupt is raised at once, and ``h``,
    still being written by the solver's thread, is never read."""
    h.HandleUserInterrupt = True
    with stdout_to_stderr():
        h.startSolve()
        try:
            while not h.wait(0.05)[0]:
                pass
            return None
        except KeyboardInterrupt as exc:
            h.cancelSolve()
            if not _stopped_soon(h):
                raise
            return exc


def _stopped_soon(h: Any, seconds: float = 0.5) -> bool:
    """Whether a cancelled solve stops within ``seconds``; another signal ends the wait."""
    for _ in range(round(seconds / 0.05)):
        try:
            if h.wait(0.05)[0]:
                return True
        except KeyboardInterrupt:
            return False
    return False


CUTLESS_NODES = 1
"""Nodes a stage gets without the cuts before it is run again with them (``HighsRun._run``):
the root only. Stages end at the root or need the cuts; with 100 nodes here, as until 2
December 2026, nodes 2 to 100 ended no stage of the hard-cases table, and the slow cases took
18–28 % longer (docs/model.md, "Solve time")."""
LAST_SECOND = 1.0
"""Seconds of ``--time-limit`` a second run of a stage needs at least; with less, the first
run's plan is kept (and the stage reported stopped), rather than a run that may find none."""


class HighsRun:
    """One HiGHS model, re-costed and locked stage by stage."""

    name = "HiGHS"

    def __init__(self, model: BuiltModel) -> None:
        import highspy
        import numpy as np

        self.hs = highspy
        self.np = np
        loaded = load_model(model)
        self.h, self.names, self.index = loaded.h, loaded.names, loaded.index
        self.n = len(self.names)
        lp = self.h.getLp()
        self.cuts = [(r, lp.row_lower_[r], lp.row_upper_[r]) for r, key in enumerate(loaded.rows)
                     if SPECS[key.family].role == "cut"]
        whole = [i for i, key in enumerate(model.registry.variables) if SPECS[key.family].whole]
        self.whole = np.array(whole, dtype=np.int32)
        self.cuts_on, self.whole_on = True, False  # as load_model passes the model
        self.nodes = 0
        self.parts_added: set[str] = set()
        self.cutoff: float = highspy.kHighsInf
        """The cutoff of the stage being solved (:meth:`_cut_off`), in its scaled units."""
        self.slice_cols = slice_columns(model)
        self.slices = [(r, lp.row_lower_[r], lp.row_upper_[r]) for r, key in enumerate(loaded.rows)
                       if key.family in (Family.SLICE_MIN, Family.SLICE_MAX)]
        self.slices_on = True
        self.goal: float | None = None
        """A stage value (model units) at which a plan is proven optimal by a bound from
        elsewhere (:meth:`_by_slice_bound`): HiGHS stops as soon as it finds one."""

    def _set_cuts(self, on: bool) -> None:
        """Give the cut rows their bounds, or free them. A change of the model clears the
        solution HiGHS holds, so this is called only before a run."""
        if on == self.cuts_on:
            return
        inf = self.hs.kHighsInf
        for row, low, up in self.cuts:
            self.h.changeRowBounds(row, low if on else -inf, up if on else inf)
        self.cuts_on = on

    def _set_whole(self, on: bool) -> None:
        """Declare the variables that are whole in every plan (``Spec.whole``) integer, or
        leave them continuous as the model has them; like the cuts, only before a run."""
        if on == self.whole_on or not len(self.whole):
            return
        kind = self.hs.HighsVarType.kInteger if on else self.hs.HighsVarType.kContinuous
        self.h.changeColsIntegrality(len(self.whole), self.whole,
                                     self.np.full(len(self.whole), kind, dtype=self.np.uint8))
        self.whole_on = on

    def _set_slices(self, on: bool) -> None:
        """Give the slice rows their bounds, or free them (the slices relaxed away: presolve
        then drops them and their binaries); like the cuts, only before a run."""
        if on == self.slices_on or not self.slices:
            return
        inf = self.hs.kHighsInf
        for row, low, up in self.slices:
            self.h.changeRowBounds(row, low if on else -inf, up if on else inf)
        self.slices_on = on

    def _by_slice_bound(self, stage: Stage, remaining: float | None,
                        known: dict[str, float] | None) -> Outcome | None:
        """Solve a stage of a model with minimum slices by the bound of the plan without
        them (``slices.py``): the stage with the slices relaxed away, then its plan
        repaired, then, if the repair does not reach the bound, the full search aiming at
        it. None when the relaxed run ends without proving its optimum (then the stage is
        searched as usual, with what is left of the time limit)."""
        began = time.perf_counter()

        def left() -> float | None:
            return None if remaining is None else \
                max(remaining - (time.perf_counter() - began), 1e-3)

        self._set_slices(False)
        try:
            free = self._minimise(stage, remaining, False, None, True, known)
        finally:
            self._set_slices(True)
        if free.interrupt is not None:  # its plan may break a slice: none from this stage
            return Outcome("interrupted", None, None, None, free.interrupt, free.nodes)
        if free.status != "optimal" or free.values is None:
            return None
        bound = free.bound if free.bound is not None else stage.value(free.values)
        fixings = repair_fixings(free.values, self.slice_cols)
        if fixings is None:
            return Outcome("optimal", with_binaries(free.values, self.slice_cols),
                           free.gap, bound, nodes=free.nodes)
        goal = target(stage, bound)
        self.goal = goal
        try:
            repaired = self.minimise(stage, left(), fixed=fixings)
            if repaired.interrupt is not None or (
                    repaired.values is not None and stage.value(repaired.values) <= goal):
                return _proven(stage, repaired, bound)
            better = repaired.values if repaired.values is not None and (
                known is None or stage.value(repaired.values) < stage.value(known)) else known
            return _proven(stage, self._minimise(stage, left(), False, None, True, better),
                           bound)
        finally:
            self.goal = None

    def _add_stage_parts(self, stage: Stage) -> None:
        """Give HiGHS the columns and rows that only this stage (and later ones) use, once:
        a stage may be solved more than once (its ideal first, a retry)."""
        hs, np, h = self.hs, self.np, self.h
        if stage.name in self.parts_added:
            return
        self.parts_added.add(stage.name)
        for var in stage.columns:
            h.addCol(0.0, 0.0 if var.lowBound is None else var.lowBound,
                     hs.kHighsInf if var.upBound is None else var.upBound, 0, [], [])
            if var.cat == pulp.LpInteger:  # a stage's binaries (an alternative's counts)
                h.changeColIntegrality(self.n, hs.HighsVarType.kInteger)
            self.index[var.name] = self.n
            self.names.append(var.name)
            self.n += 1
        for con in stage.rows:
            rhs = -con.constant
            low = rhs if con.sense in (pulp.LpConstraintGE, pulp.LpConstraintEQ) else -hs.kHighsInf
            up = rhs if con.sense in (pulp.LpConstraintLE, pulp.LpConstraintEQ) else hs.kHighsInf
            idx = np.array([self.index[v.name] for v in con.expr], dtype=np.int32)
            val = np.array(list(con.expr.values()), float)
            h.addRow(low, up, len(idx), idx, val)

    def minimise(self, stage: Stage, remaining: float | None, retry: bool = False,
                 start: dict[str, float] | None = None,
                 fixed: dict[str, float] | None = None,
                 known: dict[str, float] | None = None) -> Outcome:
        """Solve ``stage``; with ``fixed``, with those columns held at those values (their
        bounds are restored afterwards, whatever happens).

        ``known`` is a plan known to be feasible for the stage (the previous stage's, which
        its lock keeps feasible): HiGHS is told its value as a cutoff (:meth:`_cut_off`).
        Should HiGHS then find no plan within it, which a correct run cannot do, the stage
        is run again without it."""
        if stage.columns or stage.rows:
            self._add_stage_parts(stage)
            stage = replace(stage, columns=[], rows=[])
        if not fixed and start is None and not retry and self.goal is None and self.slices:
            tried = time.perf_counter()
            by_bound = self._by_slice_bound(stage, remaining, known)
            if by_bound is not None:
                return by_bound
            if remaining is not None:  # what the try left of the time limit
                remaining = max(remaining - (time.perf_counter() - tried), 1e-3)
        if not fixed:
            began = time.perf_counter()
            outcome = self._minimise(stage, remaining, retry, start, start is None,
                                     None if start is not None else known)
            if outcome.status != "infeasible" or self.cutoff == self.hs.kHighsInf:
                return outcome
            # a cutoff no plan met, which a correct run cannot do: run without any
            if remaining is not None:
                remaining = max(remaining - (time.perf_counter() - began), 1e-3)
            return self._minimise(stage, remaining, retry, start, start is None, cut=False)
        np, h = self.np, self.h
        idx = np.array([self.index[name] for name in fixed], dtype=np.int32)
        values = np.array(list(fixed.values()), float)
        lp = h.getLp()
        lower, upper = np.asarray(lp.col_lower_)[idx], np.asarray(lp.col_upper_)[idx]
        h.changeColsBounds(len(idx), idx, values, values)
        try:  # on the model as the stage before left it, as the stage's own run will be
            return self._minimise(stage, remaining, retry, start, cutless_first=False)
        finally:
            h.changeColsBounds(len(idx), idx, lower, upper)

    def _minimise(self, stage: Stage, remaining: float | None, retry: bool,
                  start: dict[str, float] | None, cutless_first: bool,
                  known: dict[str, float] | None = None, cut: bool = True) -> Outcome:
        hs, np, h = self.hs, self.np, self.h
        # A stage that moves in steps is given to HiGHS in steps (person-months ÷ the step:
        # whole coefficients), so that HiGHS sees its objective is integral and rounds its
        # bound up: on the hardest variants the proof took half the time.
        scale = stage.step or 1.0
        costs = np.zeros(self.n)
        for var, coef in stage.pairs:
            costs[self.index[var.name]] += coef / scale
        h.changeColsCost(self.n, np.arange(self.n, dtype=np.int32), costs)
        relative, absolute = gaps(stage.step, MIP_REL_GAP)
        absolute /= scale
        h.setOptionValue("mip_rel_gap", relative)
        h.setOptionValue("mip_abs_gap", absolute)
        h.setOptionValue("time_limit", float(remaining) if remaining is not None else hs.kHighsInf)
        self.cutoff = hs.kHighsInf
        h.setOptionValue("objective_bound", self.cutoff)
        h.setOptionValue("objective_target",
                         -hs.kHighsInf if self.goal is None else self.goal / scale)
        if known is not None and cut:
            self._cut_off(stage, stage.value(known) / scale)
        h.setOptionValue("presolve", RETRY_OPTIONS["highs"]["presolve"] if retry else "choose")
        # No setSolution() warm start for the stages that decide the plan: with a start from
        # the previous stage, HiGHS 1.16 returned a cost-stage plan whose value (1,599.8 m)
        # disagreed with the objective it reported (1,392.4 m) and beat neither CBC's nor its
        # own cold-start 1,508.2 m (mandates/gaza.toml). The check below guards against any
        # such mismatch. A refinement stage (the anchor) gets the previous plan as a start.
        if start is not None:  # the model is left as it is: a change would clear the start
            vector = np.array([start.get(name, 0.0) for name in self.names])
            h.setSolution(self.n, np.arange(self.n, dtype=np.int32), vector)
        interrupt, status = self._run(stage, remaining, cutless_first, cut)
        info = h.getInfo()
        if status in (hs.HighsModelStatus.kInfeasible, hs.HighsModelStatus.kUnboundedOrInfeasible):
            return Outcome("infeasible")
        if self.cutoff < hs.kHighsInf and interrupt is None and \
                status == hs.HighsModelStatus.kOptimal and \
                not (info.primal_solution_status == 2 and self._plan_value() <= self.cutoff):
            return Outcome("infeasible")  # "optimal" without a plan within the cutoff
        has_plan = info.primal_solution_status == 2  # kSolutionStatusFeasible
        if interrupt is not None:
            stopped = "interrupted"
        elif status in (hs.HighsModelStatus.kOptimal, hs.HighsModelStatus.kObjectiveTarget):
            stopped = ""  # the target is set only where reaching it proves the optimum
        elif status in (hs.HighsModelStatus.kTimeLimit, hs.HighsModelStatus.kInterrupt,
                        hs.HighsModelStatus.kSolutionLimit):  # time, or a stage's node cap
            stopped = "time_limit"
        else:
            raise SolverError(f"HiGHS stopped with status '{h.modelStatusToString(status)}' "
                              f"in the {stage.description} stage")
        bound = float(info.mip_dual_bound) * scale if math.isfinite(info.mip_dual_bound) else None
        if not has_plan:
            return Outcome(stopped or "time_limit", None, None, bound, interrupt)
        values = dict(zip(self.names, (float(x) for x in h.getSolution().col_value),
                          strict=True))
        recomputed = stage.value(values)
        reported = float(info.objective_function_value) * scale
        if abs(recomputed - reported) > 1e-6 * max(1.0, abs(reported)):
            if start is not None:
                # A refinement given a start (the anchor) keeps the start, which is optimal
                # in every earlier stage, and says it is not proven. HiGHS 1.16 did this on
                # the Turkey variant's anchor once the cut rows had been freed and bounded
                # again in earlier stages (8,742 reported, 8,743 in its plan).
                return Outcome("time_limit", None, None, None, interrupt, self.nodes)
            raise SolverError(f"HiGHS reported {reported!r} for the {stage.description} stage "
                              f"but its plan gives {recomputed!r}")
        gap = float(info.mip_gap) if math.isfinite(info.mip_gap) else None
        nodes = self.nodes + max(int(info.mip_node_count), 0)
        if not stopped:
            return Outcome("optimal", values, gap or 0.0, bound, nodes=nodes)
        return Outcome(stopped, values, gap, bound, interrupt, nodes)

    def _cut_off(self, stage: Stage, value: float) -> None:
        """Tell HiGHS a plan of ``value`` (in the stage's scaled units) exists: nodes that
        cannot beat it by the stage's tolerance are pruned. The cutoff sits just above the
        value, so that plan is still within it and HiGHS must find one at least as good."""
        scale = stage.step or 1.0
        self.cutoff = min(self.cutoff, cutoff(stage.step, value * scale) / scale)
        self.h.setOptionValue("objective_bound", self.cutoff)

    def _run(self, stage: Stage, remaining: float | None, cutless_first: bool, cut: bool
             ) -> tuple[BaseException | None, Any]:
        """Run HiGHS on the stage as set up; (the interrupt, the model status).

        A stage first runs as the model is, without the cuts (``add_whole_shares``), at its
        root (:data:`CUTLESS_NODES`); when that did not end it, it runs again for the
        rest of its time with the cuts and, in a shortfall stage, with the shortfalls,
        excesses and phase totals declared integer (``Spec.whole``). Most stages end at
        the root of the first run, where HiGHS's rounding heuristics find the optimum at
        once, and took a second or more with the cuts (the default mandate's essential
        stage: 0.14 s against 1.5 s). The stages that a budget or share rows make hard need
        the second: the cuts let HiGHS branch on one integer per share row, and whole
        shortfalls let it see that the stage moves in whole steps and round its bound up
        (budget cut with NATO members only, important stage: no proof in 40 s without
        either, 2.3 s with both; NATO members only, cost: 25,526 nodes without the cuts,
        one with). The cost stage keeps them continuous: there they cost more than they
        gave (the Turkey variant: 0.4 s → 5 s). The first run's plan is not carried over
        (a start given to HiGHS 1.16 once came back with a value its own plan did not
        have; see ``minimise``), but its value tightens the second run's cutoff
        (``_cut_off``), unless ``cut`` is off (the run after a cutoff no plan met). A
        stage given a start or fixed columns (the anchor) runs once, on the model as the
        stage before left it."""
        hs, h = self.hs, self.h
        self.nodes = 0
        node_cap = stage.node_limit or hs.kHighsIInf
        if not cutless_first:
            h.setOptionValue("mip_max_nodes", node_cap)
            return run_interruptibly(h), h.getModelStatus()
        tighter = bool(self.cuts) or (stage.step is not None and len(self.whole) > 0)
        if tighter and not stage.node_limit:  # else the second run would be the first again
            self._set_cuts(False)
            self._set_whole(False)
            h.setOptionValue("mip_max_nodes", CUTLESS_NODES)
            started = time.perf_counter()
            interrupt = run_interruptibly(h)
            status = h.getModelStatus()
            if interrupt is not None or status != hs.HighsModelStatus.kSolutionLimit:
                return interrupt, status
            if remaining is not None:
                remaining = max(remaining - (time.perf_counter() - started), 0.0)
                if remaining < LAST_SECOND and h.getInfo().primal_solution_status == 2:
                    return interrupt, status  # the first run's plan stands, not proven
                h.setOptionValue("time_limit", remaining)
            self.nodes += h.getInfo().mip_node_count
            if cut and h.getInfo().primal_solution_status == 2:
                self._cut_off(stage, self._plan_value())
        self._set_cuts(True)
        self._set_whole(stage.step is not None)
        h.setOptionValue("mip_max_nodes", node_cap)
        interrupt = run_interruptibly(h)
        return interrupt, h.getModelStatus()

    def _plan_value(self) -> float:
        """The objective of the plan HiGHS holds, recomputed from its columns (HiGHS 1.16
        has reported values its plan did not have; see ``_minimise``)."""
        lp = self.h.getLp()
        return float(self.np.dot(self.np.asarray(lp.col_cost_),
                                 self.np.asarray(self.h.getSolution().col_value)))

    def lock(self, stage: Stage, bound: float) -> None:
        np = self.np
        idx = np.array([self.index[v.name] for v, _ in stage.pairs], dtype=np.int32)
        val = np.array([c for _, c in stage.pairs], float)
        self.h.addRow(-self.hs.kHighsInf, bound, len(idx), idx, val)


def _proven(stage: Stage, outcome: Outcome, bound: float) -> Outcome:
    """``outcome`` with the bound proven without slices where that is higher, and the gap
    it leaves (an optimal outcome reached the target: it is within the stage's tolerance
    of the bound)."""
    if outcome.values is None:
        return outcome
    best = bound if outcome.bound is None else max(outcome.bound, bound)
    value = stage.value(outcome.values)
    gap = max(0.0, value - best) / max(abs(value), 1e-9)
    return replace(outcome, bound=best, gap=gap)
