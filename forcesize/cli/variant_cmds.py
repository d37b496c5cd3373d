"""``resolve``, ``diff`` and ``compare``: variants of a mandate, merged and set side by side."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..exit_codes import ExitCode
from ..render import Format
from .app import (
    DebugOpt,
    FailOn,
    FormatOpt,
    MandateArg,
    OutputOpt,
    SetOpt,
    Solver,
    SolverOpt,
    check_time_limit,
    load,
)
from .guard import guarded
from .output import check_output, emit, progress, warn_time_limit, write_text


def resolve(
    mandate: MandateArg = None,
    set_: SetOpt = None,
    output: OutputOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Print the fully merged mandate as TOML: every extends followed, remove and --set applied.

    Each library rule a need uses is written out with the scenario, value and source it
    resolved to. The result is validated first; resolving it again gives the same text."""
    with guarded(debug):
        import tomli_w

        check_output(output)
        from ..mandate.rules import pinned

        loaded = load(mandate, set_)
        write_text(tomli_w.dumps(pinned(loaded.data, loaded.mandate)), output)


def diff(
    base: Annotated[Path, typer.Argument(help="The base mandate TOML file.",
                                         show_default=False)],
    variant: Annotated[Path | None, typer.Argument(
        help="The variant mandate TOML file; the base again if omitted (use with --set).",
        show_default=False)] = None,
    set_: Annotated[list[str] | None, typer.Option(
        "--set", metavar="PATH=VALUE",
        help="Override one key of the VARIANT (not the base); VALUE is a TOML value. "
             "Repeatable.", show_default=False)] = None,
    anchor: Annotated[bool, typer.Option(
        "--anchor/--no-anchor",
        help="Solve the variant for the optimal plan closest to the base plan, so only "
             "changes the variant forces are shown.")] = True,
    exit_code: Annotated[bool, typer.Option(
        "--exit-code", help="Exit 1 when the outcome differs, like git diff --exit-code.")
    ] = False,
    fail_on: Annotated[FailOn, typer.Option(
        "--fail-on", help="Exit 1 when a task of this priority or higher stays short in the "
                          "variant.")] = FailOn.never,
    format: FormatOpt = Format.table,
    solver: SolverOpt = Solver.highs,
    time_limit: Annotated[float | None, typer.Option(
        "--time-limit", min=0.001, help="Seconds for each of the two solves.")] = None,
    output: OutputOpt = None,
    debug: DebugOpt = False,
) -> None:
    """What a variant changes: the inputs, key path by key path, and the outcome.

    Exit 0 when the run succeeds (1 with --exit-code and a changed outcome, or with
    --fail-on and a short variant)."""
    with guarded(debug):
        from ..pipeline import plan_mandate, reference_of
        from ..results import build_diff

        check_time_limit(time_limit)
        check_output(output)
        base_loaded = load(base, None)
        variant_loaded = load(variant if variant is not None else base, set_)
        with progress("Solving the base and the variant…"):
            base_plan = plan_mandate(base_loaded, solver=solver.value, time_limit=time_limit)
            variant_plan = plan_mandate(variant_loaded, solver=solver.value,
                                        time_limit=time_limit,
                                        anchor=reference_of(base_plan) if anchor else None)
        label = variant_loaded.file + "".join(f" --set {x}" for x in set_ or [])
        result = build_diff(base_loaded.file, base_loaded.mandate, base_plan,
                            label, variant_loaded.mandate, variant_plan, anchored=anchor)
        emit(result, format, output)
        warn_time_limit([base_plan, variant_plan])
        short = fail_on is not FailOn.never and \
            variant_plan.shortfall_at_or_above(fail_on.value) > 0
        if (exit_code and result.changed) or short:
            raise typer.Exit(int(ExitCode.UNDER_RESOURCED if short else ExitCode.OUTCOME_DIFFERS))


def compare(
    mandates: Annotated[list[Path], typer.Argument(help="Mandate TOML files, one column each.",
                                                   show_default=False)],
    set_: Annotated[list[str] | None, typer.Option(
        "--set", metavar="PATH=VALUE",
        help="Override one key of EVERY mandate; VALUE is a TOML value. Repeatable.",
        show_default=False)] = None,
    format: FormatOpt = Format.table,
    solver: SolverOpt = Solver.highs,
    time_limit: Annotated[float | None, typer.Option(
        "--time-limit", min=0.001, help="Seconds for each mandate's solve.")] = None,
    output: OutputOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Headline figures of several mandates side by side: personnel, cost, shortfall,
    contributors, largest share. CSV output is tidy: one row per mandate and figure."""
    with guarded(debug):
        from ..pipeline import plan_mandate
        from ..results.compare import build_comparison, labels_for

        check_time_limit(time_limit)
        check_output(output)
        loaded = [load(m, set_) for m in mandates]
        with progress(f"Solving {len(loaded)} mandates…"):
            plans = [plan_mandate(x, solver=solver.value, time_limit=time_limit)
                     for x in loaded]
        labels = labels_for([x.file for x in loaded])
        result = build_comparison([(label, x.file, x.mandate, plan) for label, x, plan
                                   in zip(labels, loaded, plans, strict=True)])
        emit(result, format, output)
        warn_time_limit(plans)
