"""Benchmark: measured timings, never asserted.

1. End to end: ``forcesize solve`` of the bundled default mandate, as a user
   runs it (a fresh process each time, JSON to a pipe).
2. A generated mandate (150 contributors × 40 capabilities × 40 tasks ×
   3 phases, default share cap 0.3): model building against solver time, and
   the whole forcesize run against a direct HiGHS formulation of the same four
   preemptive stages built straight from numpy arrays (no PuLP), plus that
   formulation's LP relaxation.
3. ``forcesize explain`` (plan plus LP relaxation duals) and the conflict search on an
   infeasible commitment, on the default mandate and the generated one.
4. Force generation (whole units, standing pools, groups, multinational tasks,
   phased needs and money): the default mission (which uses them) end to end, and
   the generated mandate with every option on, with a time limit, reporting the
   status and the proven gap of each stage.
5. ``forcesize diff`` end to end (the default mandate against a budget cut, two
   solves and the anchor stage), and on the generated mandate the anchored
   variant solve (one large pool halved) against the same solve without anchor.

6. ``--study``: issue 15's study benchmark instead: points per second of a 50-point
   budget sweep of the default mandate (``objective.budget`` 3.0 bn to 5.45 bn USD in
   steps of 50 m), as a shell loop of ``forcesize solve --set`` (a fresh process per
   point), as ``forcesize sweep`` serial, with ``--jobs 2`` and on a two-worker Dask
   LocalCluster (``--scheduler local --jobs 2``), each with ``--no-limits`` and with
   the limits, and each one's ratio to the loop; the rows of every sweep must be
   byte-identical. ``--points N`` for a shorter run.

7. ``--hard``: the hard-cases table instead (``scripts/hard_cases.py``): every bundled
   mandate and variant, each pair of variants, and the cases of issue 11, HiGHS and CBC
   side by side, stage by stage.

8. ``--risk``: issue 16's risk benchmark instead: ``forcesize risk --draws 1000`` on the
   default mandate with each recourse (``none``; ``reallocate`` on two workers;
   ``replan`` serial and on two workers, which must print the same bytes), with the
   distinct draws and the solves each needed. ``--draws N`` for a shorter run.

Usage: python scripts/benchmark.py [--repeat N] [--seed S]
       python scripts/benchmark.py --study [--points N]
       python scripts/benchmark.py --risk [--draws N]
       python scripts/benchmark.py --hard [--limit S] [--only TEXT] [--solvers highs,cbc]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # tests/ for its generator

from forcesize.mandate.derive import Derived
from forcesize.mandate.loader import validate
from forcesize.pipeline import Timings, plan_mandate
from forcesize.solve import stdout_to_stderr
from forcesize.solve.settings import MIP_REL_GAP
from tests.synthetic import synthetic_mandate

ROOT = Path(__file__).resolve().parent.parent


def end_to_end(repeat: int) -> list[float]:
    exe = Path(sys.executable).with_name("forcesize")
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        subprocess.run([str(exe), "solve", "--format", "json"], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
        times.append(time.perf_counter() - t0)
    return times


def diff_end_to_end(repeat: int) -> list[float]:
    exe = Path(sys.executable).with_name("forcesize")
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        subprocess.run([str(exe), "diff", "mandates/west-bank-gaza.toml", "--set",
                        "objective.budget=3.5e9", "--format", "json"], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
        times.append(time.perf_counter() - t0)
    return times


def anchored_variant(doc: dict, plan) -> None:  # type: ignore[no-untyped-def]
    """Halve the largest pool the plan uses; time the variant with and without anchor."""
    import copy

    from forcesize.pipeline import reference_of

    use: dict[tuple[str, str], int] = defaultdict(int)
    for a in plan.allocations:
        use[a.contributor, a.capability] += a.personnel
    cid, cap = max(sorted(use), key=lambda k: use[k])
    variant = copy.deepcopy(doc)
    pool = variant["contributor"][cid]["available"][cap]
    variant["contributor"][cid]["available"][cap] = pool // 2
    loaded = validate(variant)
    out = {}
    for label, anchor in (("without anchor", None), ("anchored", reference_of(plan))):
        t0 = time.perf_counter()
        result = plan_mandate(loaded, anchor=anchor)
        moved = sum(abs(reference_of(result).get(k, 0) - reference_of(plan).get(k, 0))
                    for k in set(reference_of(result)) | set(reference_of(plan)))
        out[label] = (time.perf_counter() - t0, moved)
    print(f"  variant: {cid}'s {cap} pool {pool} → {pool // 2}: "
          + "; ".join(f"{k} {t:.2f} s, {m:,} persons moved" for k, (t, m) in out.items()))


def explain_and_conflict(doc: dict, label: str) -> None:
    """Time explain (plan + relaxation) and the conflict search for a too-large commitment."""
    import copy

    from forcesize.errors import InfeasibleError
    from forcesize.pipeline import explain_mandate

    t0 = time.perf_counter()
    _plan, ex = explain_mandate(validate(doc))
    t_explain = time.perf_counter() - t0
    infeasible = copy.deepcopy(doc)
    first = sorted(infeasible["contributor"])[0]
    infeasible["contributor"][first]["min_personnel"] = 5000
    t0 = time.perf_counter()
    try:
        plan_mandate(validate(infeasible))
        found = "feasible?"
    except InfeasibleError as exc:
        found = " + ".join(f"{len(c)}" for c in exc.conflicts) + " limits in " + \
            f"{len(exc.conflicts)} successive sets"
    t_conflict = time.perf_counter() - t0
    print(f"  {label}: explain {t_explain:.2f} s ({len(ex.shortfalls)} shortfalls, "
          f"{len(ex.marginals)} marginal values); {first} committing 5,000 persons: "
          f"infeasible, conflicts of {found} in {t_conflict:.2f} s")


def realism(seed: int, limit: float) -> None:
    """The 150-contributor generated mandate with units, groups and the rest switched on."""
    doc = synthetic_mandate(150, 40, 40, 3, seed=seed, max_share=0.3, units=True,
                            standing=True, groups=3, multinational=True, phased=True,
                            threat=True, throughput=True)
    loaded = validate(doc)
    timings = Timings()
    t0 = time.perf_counter()
    plan = plan_mandate(loaded, timings=timings, time_limit=limit)
    total = time.perf_counter() - t0
    stages = ", ".join(f"{s.stage} {timings.stages.get(s.stage, 0):.2f} s ({s.status}"
                       + (f", gap {s.gap:.2g}" if s.gap else "") + ")" for s in plan.stages)
    units = sum(1 for a in plan.allocations if a.units)
    print(f"generated with units, groups, multinational, phased, threat, throughput "
          f"(seed {seed}, time limit {limit:g} s): status {plan.status}, whole run "
          f"{total:.2f} s; build {timings.build:.2f} s; {stages}; {units} unit allocations; "
          f"shortfall {plan.shortfall_person_months}")


def direct_highs(derived: Derived, relax: bool = False) -> tuple[float, list[float]]:
    """The same model and stages, written straight into HiGHS arrays.

    Rows come in forcesize's order (need, pool, phase total, share, pledge, budget; ids
    sorted): on seed 0 the same rows in first-seen order made HiGHS 3× faster, and
    on seed 1 slower, so row order alone swings the solver more than any overhead
    this benchmark is meant to measure."""
    import highspy

    m = derived.mandate
    reqs = [r for r in derived.requirements if r.required > 0]
    cols_lb, cols_ub, integer, cost = [], [], [], []
    rows: list[tuple[list[int], list[float], float, float]] = []
    need_cols: dict[int, list[int]] = defaultdict(list)
    pool_cols: dict[tuple, list[int]] = defaultdict(list)
    mine: dict[tuple, list[int]] = defaultdict(list)
    spend: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for i, r in enumerate(reqs):
        for c in sorted(m.contributor):
            pool = m.contributor[c].available.get(r.capability, 0)
            if pool <= 0 or not derived.eligible(c, r.task, r.phase):
                continue
            j = len(cols_lb)
            cols_lb.append(0)
            cols_ub.append(min(pool, r.required))
            integer.append(True)
            unit = derived.cost_per_month(c, r.capability, r.phase) * r.months * 1e-6
            cost.append(unit)
            need_cols[i].append(j)
            pool_cols[c, r.capability, r.phase].append(j)
            mine[c, r.phase].append(j)
            spend[c].append((j, unit))
    short = {}
    for i, r in enumerate(reqs):
        short[i] = len(cols_lb)
        cols_lb.append(0)
        cols_ub.append(r.required)
        integer.append(False)
        cost.append(0.0)
        rows.append(([*need_cols[i], short[i]], [1.0] * (len(need_cols[i]) + 1),
                     r.required, r.required))
    order = derived.phases.index
    for (c, _k, _p), js in sorted(pool_cols.items(),
                                  key=lambda kv: (kv[0][0], kv[0][1], order(kv[0][2]))):
        pool = m.contributor[c].available[_k]
        rows.append((js, [1.0] * len(js), -np.inf, pool))
    total = {}
    for p in derived.phases:
        total[p] = len(cols_lb)
        cols_lb.append(0)
        cols_ub.append(np.inf)
        integer.append(False)
        cost.append(0.0)
        idx = [short[i] for i, r in enumerate(reqs) if r.phase == p] + [total[p]]
        rhs = sum(r.required for r in reqs if r.phase == p)
        rows.append((idx, [1.0] * len(idx), rhs, rhs))
    for (c, p), js in sorted(mine.items(), key=lambda kv: (kv[0][0], order(kv[0][1]))):
        share = derived.max_share(c, p)
        if share < 1:
            rows.append(([*js, total[p]], [1.0] * len(js) + [-share], -np.inf, 0.0))
    for c, pairs in sorted(spend.items()):
        pledge = m.contributor[c].pledge
        if pledge is not None and not m.common_fund:
            rows.append(([j for j, _ in pairs], [u for _, u in pairs], -np.inf, pledge * 1e-6))
    all_cost = [(j, u) for c in sorted(spend) for j, u in spend[c]]
    if m.objective.budget is not None:
        rows.append(([j for j, _ in all_cost], [u for _, u in all_cost], -np.inf,
                     m.objective.budget * 1e-6))

    n = len(cols_lb)
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = n, len(rows)
    lp.col_cost_ = np.zeros(n)
    lp.col_lower_ = np.array(cols_lb, float)
    lp.col_upper_ = np.array(cols_ub, float)
    lp.row_lower_ = np.array([r[2] for r in rows], float)
    lp.row_upper_ = np.array([r[3] for r in rows], float)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lp.a_matrix_.num_col_, lp.a_matrix_.num_row_ = n, len(rows)
    lp.a_matrix_.start_ = np.cumsum([0] + [len(r[0]) for r in rows]).astype(np.int32)
    lp.a_matrix_.index_ = np.array([j for r in rows for j in r[0]], np.int32)
    lp.a_matrix_.value_ = np.array([v for r in rows for v in r[1]], float)
    if not relax:
        lp.integrality_ = [highspy.HighsVarType.kInteger if i else
                           highspy.HighsVarType.kContinuous for i in integer]
    with stdout_to_stderr(discard=True):
        h = highspy.Highs()
    for option, value in (("output_flag", False), ("threads", 1), ("random_seed", 20100201),
                          ("mip_rel_gap", MIP_REL_GAP)):
        h.setOptionValue(option, value)
    h.passModel(lp)
    stages = []
    for priority in ("essential", "important", "desirable"):
        stages.append([(short[i], r.months) for i, r in enumerate(reqs)
                       if r.priority == priority])
    stages.append(all_cost)
    values = []
    t0 = time.perf_counter()
    for pairs in stages:
        ts = time.perf_counter()
        if not pairs:
            values.append(0.0)
            continue
        c = np.zeros(n)
        for j, coef in pairs:
            c[j] += coef
        h.changeColsCost(n, np.arange(n, dtype=np.int32), c)
        h.run()
        x = np.array(h.getSolution().col_value)
        value = float(sum(coef * x[j] for j, coef in pairs))
        values.append(value)
        print(f"    direct stage {len(values)}: {time.perf_counter() - ts:.2f} s", file=sys.stderr)
        idx = np.array([j for j, _ in pairs], np.int32)
        h.addRow(-highspy.kHighsInf, value + 1e-6 * max(1.0, abs(value)), len(idx), idx,
                 np.array([v for _, v in pairs], float))
    return time.perf_counter() - t0, values


def study(points: int) -> None:
    """Issue 15's study benchmark: a 50-point budget sweep, a shell loop against sweep."""
    exe = str(Path(sys.executable).with_name("forcesize"))
    budgets = [3e9 + 5e7 * i for i in range(points)]
    axis = f"objective.budget=3e9..{budgets[-1]:.0f}:5e7"
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}; "
          f"{points} budgets of the default mandate ({axis})")

    def timed(argv: list[str]) -> tuple[float, bytes]:
        t0 = time.perf_counter()
        out = subprocess.run(argv, check=True, stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, cwd=ROOT).stdout
        return time.perf_counter() - t0, out

    t0 = time.perf_counter()
    for b in budgets:
        timed([exe, "solve", "--set", f"objective.budget={b!r}", "--format", "json",
               "--fail-on", "never"])
    loop = time.perf_counter() - t0
    print(f"  shell loop of forcesize solve --set: {loop:7.1f} s, "
          f"{points / loop:.2f} points/s")
    for limits in ("--no-limits", "--limits"):
        rows: set[bytes] = set()
        for label, extra in (("serial", []), ("--jobs 2", ["--jobs", "2"]),
                             ("Dask LocalCluster, 2 workers",
                              ["--jobs", "2", "--scheduler", "local"])):
            seconds, out = timed([exe, "sweep", "--set", axis, limits, "--format", "json",
                                  "--fail-on", "never", *extra])
            rows.add(out)
            print(f"  sweep {limits:<11} {label:<29} {seconds:7.1f} s, "
                  f"{points / seconds:.2f} points/s, {loop / seconds:.1f}x the loop")
        print(f"  sweep {limits}: rows byte-identical across the three: {len(rows) == 1}")


def risk(draws: int) -> None:
    """Issue 16's risk benchmark: ``risk --draws`` on the default mandate with each
    recourse (and ``replan`` on two workers), with a byte-identity check between the two
    ``replan`` runs."""
    exe = str(Path(sys.executable).with_name("forcesize"))
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}; "
          f"{draws} draws of the default mandate, seed 1")
    outputs = []
    for recourse, extra in (("none", []), ("reallocate", ["--jobs", "2"]),
                            ("replan", []), ("replan", ["--jobs", "2"])):
        t0 = time.perf_counter()
        out = subprocess.run([exe, "risk", "--draws", str(draws), "--recourse", recourse,
                              "--format", "json", *extra], check=True, stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, cwd=ROOT).stdout
        seconds = time.perf_counter() - t0
        doc = json.loads(out)
        if recourse == "replan":
            outputs.append(out)
        print(f"  --recourse {recourse:<10} {' '.join(extra) or 'serial':<9} {seconds:7.1f} s: "
              f"{doc['distinct']} distinct draws, {doc['solves']} solves, "
              f"{doc['solves'] / seconds:.2f} solves/s")
    print(f"  replan serial and --jobs 2 byte-identical: {len(set(outputs)) == 1}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--realism-limit", type=float, default=120.0,
                        help="time limit (s) for the generated mandate with every option on")
    parser.add_argument("--hard", action="store_true", help="print the hard-cases table")
    parser.add_argument("--study", action="store_true",
                        help="the 50-point budget sweep against a shell loop (issue 15)")
    parser.add_argument("--points", type=int, default=50, help="--study: points")
    parser.add_argument("--risk", action="store_true",
                        help="risk --draws with each recourse (issue 16)")
    parser.add_argument("--draws", type=int, default=1000, help="--risk: draws")
    parser.add_argument("--limit", type=float, default=60.0,
                        help="--hard: seconds per case and solver")
    parser.add_argument("--only", default="", help="--hard: cases whose name contains this")
    parser.add_argument("--solvers", default="highs,cbc", help="--hard: solvers to compare")
    args = parser.parse_args()
    if args.hard:
        from hard_cases import table

        table(args.limit, args.solvers.split(","), args.only)
        return
    if args.study:
        study(args.points)
        return
    if args.risk:
        risk(args.draws)
        return

    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    e2e = end_to_end(args.repeat)
    print(f"default mandate, end to end (forcesize solve --format json), {args.repeat} runs: "
          f"median {statistics.median(e2e):.3f} s, min {min(e2e):.3f} s, max {max(e2e):.3f} s")

    doc = synthetic_mandate(150, 40, 40, 3, seed=args.seed, max_share=0.3)
    t0 = time.perf_counter()
    loaded = validate(doc)
    t_validate = time.perf_counter() - t0
    timings = Timings()
    t0 = time.perf_counter()
    plan = plan_mandate(loaded, timings=timings)
    t_run = time.perf_counter() - t0 + t_validate
    derived = Derived(loaded.mandate)
    cols = sum(1 for _ in derived.requirements)
    print(f"generated mandate {doc['mission']['name']} ({cols} requirements): status "
          f"{plan.status}, shortfall {plan.shortfall_person_months}, cost {plan.total_cost:,.0f}")
    print(f"  forcesize: validate {t_validate:.3f} s, model build {timings.build:.3f} s, "
          f"solve {timings.solve:.3f} s "
          f"({', '.join(f'{k} {v:.2f}' for k, v in timings.stages.items())}), "
          f"plan+check {timings.plan_and_check:.3f} s; whole run {t_run:.3f} s")
    t_direct, values = direct_highs(derived)
    t_relax, _ = direct_highs(derived, relax=True)
    ours = [s.objective for s in plan.stages]
    agree = all(abs(a - b * (1e6 if i == 3 else 1)) <= 1e-5 * max(1.0, abs(a))
                for i, (a, b) in enumerate(zip(ours, values, strict=True)))
    print(f"  direct HiGHS, same four stages: integer {t_direct:.3f} s, LP relaxation "
          f"{t_relax:.3f} s; stage values agree with forcesize: {agree}")
    print(f"  ratios: model build / solver {timings.build / timings.solve:.2f}; whole run / "
          f"direct integer stages {t_run / t_direct:.2f}")
    anchored_variant(doc, plan)
    explain_and_conflict(doc, "generated")
    from forcesize.mandate.loader import load_mandate

    explain_and_conflict(dict(load_mandate().data), "default")
    realism(args.seed, args.realism_limit)
    diffs = diff_end_to_end(args.repeat)
    print(f"default mandate diff, end to end (budget cut to 3.5 bn), {args.repeat} runs: "
          f"median {statistics.median(diffs):.3f} s, min {min(diffs):.3f} s, "
          f"max {max(diffs):.3f} s")


if __name__ == "__main__":
    main()
