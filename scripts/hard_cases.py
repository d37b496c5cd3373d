"""The hard-cases table: every bundled mandate and variant, each pair of variants combined,
the cases issue 11 measured, and each variant solved as ``diff`` solves it against the
default mandate (anchored), stage by stage, HiGHS and CBC side by side.

For each case and solver: the whole time, and each stage's time, (HiGHS) nodes, status and gap;
``--limit`` seconds per case and solver. The default mandate is solved first, so each row
also shows its time as a multiple of the default's, measured in the same run; an anchored
row shows its time as a multiple of the same variant's own solve (issue 11 asks for at most
2×).

Usage: python scripts/benchmark.py --hard [--limit S] [--only TEXT] [--solvers highs,cbc]
"""

from __future__ import annotations

import itertools
import tempfile
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path

import tomli_w

from forcesize.errors import ForcesizeError, InputError
from forcesize.mandate import Derived, load_mandate
from forcesize.model import build_model
from forcesize.model.anchor import anchor_stage
from forcesize.pipeline import plan_mandate, reference_of
from forcesize.solve import solve

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT / "mandates" / "west-bank-gaza.toml"
SHORT = {"essential_shortfall": "ess", "important_shortfall": "imp",
         "desirable_shortfall": "des", "cost": "cost", "change": "anchor"}


@dataclass(frozen=True)
class Case:
    name: str
    path: Path
    sets: tuple[str, ...] = ()
    anchor: bool = False
    """Solve as ``diff`` solves the variant: anchored to the default mandate's plan."""


def cases(folder: Path) -> list[Case]:
    """Bundled mandates, variants, pairs of variants (the second extending the first),
    the cases issue 11 reported, and the generated mandates in tests/fixtures/cliffs."""
    variants = sorted((ROOT / "mandates" / "variants").glob("*.toml"))
    out = [Case(p.stem, p) for p in sorted((ROOT / "mandates").glob("*.toml"))]
    out += [Case(p.stem, p) for p in variants]
    for a, b in itertools.combinations(variants, 2):
        data = tomllib.loads(b.read_text(encoding="utf-8"))
        data["extends"] = str(a)
        path = folder / f"{a.stem}+{b.stem}.toml"
        path.write_text(tomli_w.dumps(data), encoding="utf-8")
        out.append(Case(path.stem, path))
    out += [
        Case("default --set group.nato.max_share=0.6", DEFAULT, ("group.nato.max_share=0.6",)),
        Case("no-us-troops --set TUR acceptable to the PA and Hamas",
             ROOT / "mandates" / "variants" / "no-us-troops.toml",
             ('contributor.TUR.acceptable_to=["palestinian-authority","hamas"]',)),
    ]
    out += [Case(f"diff default {p.stem} (anchored)", p, anchor=True) for p in variants]
    cliffs = ROOT / "tests" / "fixtures" / "cliffs"
    out += [Case(p.stem, p) for p in sorted(cliffs.glob("*.toml"))]
    return out


def run(case: Case, solver: str, limit: float, reference: dict | None) -> tuple[float, str]:
    """(seconds, one cell of the table) for a case on a solver."""
    try:
        loaded = load_mandate(case.path, case.sets)
        model = build_model(Derived(loaded.mandate))
        if case.anchor and reference is not None:
            model.stages.append(anchor_stage(model, reference))
        t0 = time.perf_counter()
        solution = solve(model, solver, limit)  # type: ignore[arg-type]
        seconds = time.perf_counter() - t0
    except InputError as exc:  # a pair of variants that is no mandate: its first reason
        issue = exc.issues[0]
        return float("nan"), f"not a mandate: {issue.path}: {issue.message}"[:100]
    except ForcesizeError as exc:
        return float("nan"), f"error: {str(exc)[:60]}"
    stages = []
    for s in solution.stages:
        if s.status in ("empty", "not_run"):
            continue
        mark = "" if s.status == "optimal" else f" {s.status}" + (
            f" gap {s.gap:.1e}" if s.gap else "")
        nodes = "" if s.nodes is None else f" ({s.nodes:,} n)"
        stages.append(f"{SHORT.get(s.name, s.name)} {s.seconds:.1f}{nodes}{mark}")
    return seconds, "; ".join(stages)


def table(limit: float, solvers: list[str], only: str = "") -> None:
    """Print the hard-cases table as markdown."""
    with tempfile.TemporaryDirectory() as folder:
        found = [c for c in cases(Path(folder)) if only in c.name]
        default = {s: run(Case("default", DEFAULT), s, limit, None)[0] for s in solvers}
        reference = {s: reference_of(plan_mandate(load_mandate(DEFAULT), solver=s))  # type: ignore[arg-type]
                     for s in solvers}
        print(f"default mandate: {', '.join(f'{s} {default[s]:.2f} s' for s in solvers)}; "
              f"limit {limit:g} s per case and solver\n")
        print("| case | " + " | ".join(f"{s} s | {s} stages" for s in solvers) + " |")
        print("|---|" + "---|---|" * len(solvers))
        own: dict[tuple[Path, str], float] = {}  # each plain case's time, by solver
        for case in found:
            cells = []
            for s in solvers:
                seconds, stages = run(case, s, limit, reference[s])
                if not case.anchor and not case.sets:
                    own[case.path, s] = seconds
                ratio = f"{seconds / default[s]:.0f}× default"
                if case.anchor and (case.path, s) in own:  # diff against the variant's solve
                    ratio = f"{seconds / own[case.path, s]:.1f}× the variant"
                cells += [f"{seconds:.1f} ({ratio})", stages]
            print(f"| {case.name} | " + " | ".join(cells) + " |", flush=True)
