"""The command line: the only module that reads argv, prints or exits.

Commands are thin: they call the pipeline, hand the plan to a renderer and
map outcomes to the exit codes of :class:`~forcesize.exit_codes.ExitCode`.
Heavy imports (pydantic models, PuLP, HiGHS, rich) happen inside commands,
so ``forcesize --help`` starts fast.
"""

from __future__ import annotations

import math
import os
import sys
import tempfile
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from . import __version__
from .exit_codes import ExitCode

if TYPE_CHECKING:
    from rich.console import Console

    from .compare import Comparison
    from .diff import Diff
    from .errors import Issue
    from .explain import Explanation
    from .loader import LoadedMandate
    from .results import Plan

    Result = Plan | Diff | Comparison | Explanation

app = typer.Typer(
    name="forcesize",
    help="Mandate and force-sizing calculator for peacekeeping and stabilisation missions.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class Format(StrEnum):
    table = "table"
    json = "json"
    markdown = "markdown"
    csv = "csv"


class Solver(StrEnum):
    highs = "highs"
    cbc = "cbc"


class FailOn(StrEnum):
    essential = "essential"
    important = "important"
    desirable = "desirable"
    never = "never"


MandateArg = Annotated[
    Path | None,
    typer.Argument(help="Mandate TOML file; the bundled West Bank and Gaza mission if omitted.",
                   show_default=False),
]
BROKEN_PIPE = 141
"""Exit code when stdout's reader closes the pipe early: 128 + SIGPIPE, as shells report."""

PLAIN_WIDTH = 250
"""Columns for plain output: wider than any table forcesize prints, so none is cropped."""

DebugOpt = Annotated[bool, typer.Option("--debug", help="Show tracebacks of internal errors.")]
SetOpt = Annotated[list[str] | None, typer.Option(
    "--set", metavar="PATH=VALUE",
    help="Override one key of the mandate, e.g. contributor.USA.available.infantry=0 or "
         "objective.budget=3e9; VALUE is a TOML value (a bare word is a string). Repeatable.",
    show_default=False)]
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
SolverOpt = Annotated[Solver, typer.Option(
    help="MILP solver: HiGHS, or CBC as the second, independent solver.")]
TimeLimitOpt = Annotated[float | None, typer.Option(
    "--time-limit", min=0.001, help="Seconds for all stages together.")]
OutputOpt = Annotated[Path | None, typer.Option(
    "--output", "-o", help="Write the result to FILE (atomically) instead of stdout.",
    dir_okay=False)]


def _console(stderr: bool = False, file: object = None) -> Console:
    """A console with colour and terminal-fitted tables only on a real terminal.

    Pipes, files, ``TERM=dumb`` and ``NO_COLOR`` get plain text: no escape codes at
    all (not even bold) and a width wide enough that no table is cropped.
    """
    from rich.console import Console

    stream = file if file is not None else (sys.stderr if stderr else sys.stdout)
    tty = hasattr(stream, "isatty") and stream.isatty()
    plain = not tty or os.environ.get("TERM") == "dumb" or bool(os.environ.get("NO_COLOR"))
    if not plain:
        console = Console(file=stream, stderr=stderr)  # type: ignore[arg-type]
    else:
        try:
            columns = int(os.environ.get("COLUMNS", "0"))
        except ValueError:
            columns = 0
        console = Console(file=stream, width=max(columns, PLAIN_WIDTH),  # type: ignore[arg-type]
                          color_system=None, force_terminal=False, no_color=True,
                          highlight=False, emoji=False, soft_wrap=False)
    console.on_broken_pipe = _broken_pipe  # type: ignore[method-assign]
    return console


def _broken_pipe() -> None:
    """rich would exit 1 on a closed pipe, a code that means 'under-resourced' here."""
    raise BrokenPipeError


def _say(message: str) -> None:
    print(message, file=sys.stderr)


def _issue_lines(issue: Issue) -> list[str]:
    where = issue.location()
    head = f"  {where}: {issue.path or '(file)'}"
    if issue.value is not None:
        head += f" = {issue.value}"
    body = f"      {issue.message}"
    if issue.hint:
        body += f"; {issue.hint}"
    return [head, body]


def _fail(code: ExitCode, message: str) -> NoReturn:
    _say(message)
    raise typer.Exit(int(code))


@contextmanager
def _guarded(debug: bool) -> Iterator[None]:
    """Map every error to its exit code and a sentence; tracebacks only with --debug."""
    from .errors import CheckFailure, InfeasibleError, InputError, SolverError

    try:
        yield
    except (typer.Exit, typer.BadParameter):
        raise
    except InputError as exc:
        count = len(exc.issues)
        _say(f"forcesize: invalid mandate {exc.file or ''} "
             f"({count} problem{'s' if count != 1 else ''})")
        for issue in exc.issues:
            for line in _issue_lines(issue):
                _say(line)
        raise typer.Exit(int(ExitCode.INVALID_INPUT)) from None
    except InfeasibleError as exc:
        if debug:
            traceback.print_exc()
        if exc.conflicts:
            _say("forcesize: no plan exists: these limits cannot all hold together; each set "
                 "is minimal (lift any one of its limits and that conflict is gone):")
            for i, sentences in enumerate(exc.conflicts):
                if i:
                    _say("  and with those limits lifted (the commitments kept), still:")
                for sentence in sentences:
                    _say(f"  - {sentence}")
            raise typer.Exit(int(ExitCode.SOLVER_FAILURE)) from None
        _fail(ExitCode.SOLVER_FAILURE, f"forcesize: {exc}; no conflicting limits were found "
              "within the time limit")
    except SolverError as exc:
        if debug:
            traceback.print_exc()
        _fail(ExitCode.SOLVER_FAILURE, f"forcesize: solver failure: {exc}")
    except CheckFailure as exc:
        if debug:
            traceback.print_exc()
            for v in exc.violations:
                _say(f"  {v}")
        _fail(ExitCode.INTERNAL_ERROR,
              f"forcesize: internal error: the plan failed the independent check ({exc}). "
              "This is a bug; rerun with --debug and report it.")
    except BrokenPipeError:
        # The reader of stdout went away (`forcesize solve | head`): say nothing more, and
        # exit as Unix tools killed by SIGPIPE do, never with a code that means a result.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise typer.Exit(BROKEN_PIPE) from None
    except KeyboardInterrupt:
        _fail(ExitCode.SOLVER_FAILURE, "forcesize: interrupted")
    except Exception as exc:  # a bug: one line, the traceback only on request
        if debug:
            traceback.print_exc()
        _fail(ExitCode.INTERNAL_ERROR,
              f"forcesize: internal error: {type(exc).__name__}: {exc}. "
              "This is a bug; rerun with --debug for the traceback.")


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder and a rename."""
    path = path.resolve()
    try:
        mode = path.stat().st_mode & 0o777  # keep an existing file's permissions
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _warn(warnings: list[Issue]) -> None:
    for issue in warnings:
        _say(f"warning: {issue.location()}: {issue.path}: {issue.message}"
             + (f"; {issue.hint}" if issue.hint else ""))


def _time_limit(value: float | None) -> float | None:
    if value is not None and not math.isfinite(value):
        raise typer.BadParameter("must be a finite number of seconds", param_hint="'--time-limit'")
    return value


def _check_output(output: Path | None, option: str = "--output") -> None:
    if output is not None and not output.resolve().parent.is_dir():
        raise typer.BadParameter(f"the folder {output.parent} does not exist",
                                 param_hint=f"'{option}'")


def _load(mandate: Path | None, overrides: list[str] | None) -> LoadedMandate:
    """Load (following ``extends``), apply ``--set`` and print the warnings."""
    from .loader import load_mandate

    loaded = load_mandate(mandate, overrides or ())
    _warn(loaded.warnings)
    return loaded


def _emit(result: Result, format: Format, output: Path | None) -> None:
    """Print ``result`` in ``format`` on stdout, or write it to ``output`` atomically."""
    if output is None and format is Format.table:
        _render_table(result, _console())
        sys.stdout.flush()  # a closed pipe surfaces here, inside the guard
    else:
        _write_text(_render_text(result, format), output)


SPINNER_AFTER = 1.0
"""Seconds a solve runs before a spinner appears on a terminal's stderr."""


@contextmanager
def _progress(what: str) -> Iterator[None]:
    """A spinner on stderr, shown only on a terminal and only once the work has taken
    more than :data:`SPINNER_AFTER` seconds, so quick runs and pipes stay silent."""
    if not sys.stderr.isatty() or os.environ.get("TERM") == "dumb":
        yield
        return
    import threading

    status = _console(stderr=True).status(what, spinner="dots")
    timer = threading.Timer(SPINNER_AFTER, status.start)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
        status.stop()


def _warn_time_limit(plans: list[Plan]) -> None:
    for plan in plans:
        if plan.status != "optimal":
            gaps = [s.gap for s in plan.stages if s.status == "time_limit" and s.gap is not None]
            _say(f"warning: {plan.mandate}: the time limit was reached; the plan is feasible but "
                 "not proven optimal" + (f" (gap {gaps[0]:.3g})" if gaps else ""))


@app.command()
def solve(
    mandate: MandateArg = None,
    set_: SetOpt = None,
    format: FormatOpt = Format.table,
    solver: SolverOpt = Solver.highs,
    time_limit: TimeLimitOpt = None,
    fail_on: Annotated[FailOn, typer.Option(
        "--fail-on", help="Exit 1 when a task of this priority or higher stays short.")
    ] = FailOn.essential,
    explain: Annotated[bool, typer.Option(
        "--explain", help="Add the sections of 'forcesize explain' under the plan "
                          "(table, JSON or markdown).")] = False,
    write_lp: Annotated[Path | None, typer.Option(
        "--write-lp", metavar="FILE", dir_okay=False,
        help="Also write the model as an LP file, named from the mandate's ids.")] = None,
    write_mps: Annotated[Path | None, typer.Option(
        "--write-mps", metavar="FILE", dir_okay=False,
        help="Also write the model as a (free) MPS file, named from the mandate's ids.")
    ] = None,
    output: OutputOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Size the force for a mandate: who provides what, what it costs, where it stays short.

    CSV output is the allocation table, one row per contributor, capability, task and phase.
    Model files are written before solving, so an infeasible mandate can be exported too."""
    with _guarded(debug):
        from .pipeline import explain_mandate, plan_mandate, write_model

        _time_limit(time_limit)
        for path, option in ((output, "--output"), (write_lp, "--write-lp"),
                             (write_mps, "--write-mps")):
            _check_output(path, option)
        if explain and format is Format.csv:
            raise typer.BadParameter("the explanation has no CSV form here; use "
                                     "'forcesize explain --format csv'", param_hint="'--explain'")
        loaded = _load(mandate, set_)
        for path, kind in ((write_lp, "lp"), (write_mps, "mps")):
            if path is not None:
                try:
                    write_model(loaded, str(path), kind)
                except OSError as exc:
                    _fail(ExitCode.INVALID_INPUT, f"forcesize: cannot write {path}: "
                          f"{exc.strerror or exc}")
                _say(f"wrote {path}")
        if explain:
            with _progress("Solving and explaining…"):
                plan, explanation = explain_mandate(loaded, solver=solver.value,
                                                    time_limit=time_limit)
            _emit_pair(plan, explanation, format, output)
        else:
            with _progress("Solving…"):
                plan = plan_mandate(loaded, solver=solver.value, time_limit=time_limit)
            _emit(plan, format, output)
        _warn_time_limit([plan])
        if fail_on is not FailOn.never and plan.shortfall_at_or_above(fail_on.value) > 0:
            raise typer.Exit(int(ExitCode.UNDER_RESOURCED))


def _emit_pair(plan: Plan, explanation: Explanation, format: Format,
               output: Path | None) -> None:
    """A plan with its explanation under it; in JSON, the plan with an ``explanation`` key."""
    if format is Format.json:
        import json

        doc = {**plan.model_dump(mode="json"), "explanation": explanation.model_dump(mode="json")}
        text = json.dumps(doc, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
    elif format is Format.table and output is None:
        console = _console()
        _render_table(plan, console)
        _render_table(explanation, console)
        sys.stdout.flush()
        return
    else:
        text = _render_text(plan, format) + "\n" + _render_text(explanation, format)
    _write_text(text, output)


def _write_text(text: str, output: Path | None) -> None:
    """``text`` on stdout, or in ``output`` written atomically."""
    if output is not None:
        try:
            write_atomic(output, text)
        except OSError as exc:
            _fail(ExitCode.INVALID_INPUT, f"forcesize: cannot write {output}: "
                  f"{exc.strerror or exc}")
        _say(f"wrote {output}")
    else:
        sys.stdout.write(text)
    sys.stdout.flush()


@app.command()
def explain(
    mandate: MandateArg = None,
    set_: SetOpt = None,
    format: FormatOpt = Format.table,
    solver: SolverOpt = Solver.highs,
    time_limit: TimeLimitOpt = None,
    output: OutputOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Why the plan is what it is: how each requirement was derived, the limits it
    reaches, what would close each shortfall, and marginal values from the LP relaxation."""
    with _guarded(debug):
        from .pipeline import explain_mandate

        _time_limit(time_limit)
        _check_output(output)
        loaded = _load(mandate, set_)
        with _progress("Solving and explaining…"):
            plan, explanation = explain_mandate(loaded, solver=solver.value,
                                                time_limit=time_limit)
        _emit(explanation, format, output)
        _warn_time_limit([plan])


@app.command()
def resolve(
    mandate: MandateArg = None,
    set_: SetOpt = None,
    output: OutputOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Print the fully merged mandate as TOML: every extends followed, remove and --set applied.

    The result is validated first; resolving it again gives the same text."""
    with _guarded(debug):
        import tomli_w

        _check_output(output)
        loaded = _load(mandate, set_)
        _write_text(tomli_w.dumps(loaded.data), output)


@app.command()
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
    with _guarded(debug):
        from .diff import build_diff
        from .pipeline import plan_mandate, reference_of

        _time_limit(time_limit)
        _check_output(output)
        base_loaded = _load(base, None)
        variant_loaded = _load(variant if variant is not None else base, set_)
        with _progress("Solving the base and the variant…"):
            base_plan = plan_mandate(base_loaded, solver=solver.value, time_limit=time_limit)
            variant_plan = plan_mandate(variant_loaded, solver=solver.value,
                                        time_limit=time_limit,
                                        anchor=reference_of(base_plan) if anchor else None)
        label = variant_loaded.file + "".join(f" --set {x}" for x in set_ or [])
        result = build_diff(base_loaded.file, base_loaded.mandate, base_plan,
                            label, variant_loaded.mandate, variant_plan, anchored=anchor)
        _emit(result, format, output)
        _warn_time_limit([base_plan, variant_plan])
        short = fail_on is not FailOn.never and \
            variant_plan.shortfall_at_or_above(fail_on.value) > 0
        if (exit_code and result.changed) or short:
            raise typer.Exit(int(ExitCode.UNDER_RESOURCED if short else ExitCode.OUTCOME_DIFFERS))


@app.command()
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
    with _guarded(debug):
        from .compare import build_comparison, labels_for
        from .pipeline import plan_mandate

        _time_limit(time_limit)
        _check_output(output)
        loaded = [_load(m, set_) for m in mandates]
        with _progress(f"Solving {len(loaded)} mandates…"):
            plans = [plan_mandate(x, solver=solver.value, time_limit=time_limit)
                     for x in loaded]
        labels = labels_for([x.file for x in loaded])
        result = build_comparison([(label, x.file, x.mandate, plan) for label, x, plan
                                   in zip(labels, loaded, plans, strict=True)])
        _emit(result, format, output)
        _warn_time_limit(plans)


def _kind(result: Result) -> str:
    """``plan``, ``diff``, ``comparison`` or ``explanation``: which renderers apply."""
    from .compare import Comparison
    from .diff import Diff
    from .results import Plan

    if isinstance(result, Plan):
        return "plan"
    if isinstance(result, Diff):
        return "diff"
    if isinstance(result, Comparison):
        return "comparison"
    return "explanation"


# (kind, format) → (module, function); imported only when used, so JSON, markdown and CSV
# never load rich.
_RENDERERS = {
    ("plan", "table"): ("forcesize.render.table", "render_tables"),
    ("diff", "table"): ("forcesize.render.compare_table", "render_diff"),
    ("comparison", "table"): ("forcesize.render.compare_table", "render_comparison"),
    ("explanation", "table"): ("forcesize.render.explain_table", "render_explanation"),
    ("plan", "markdown"): ("forcesize.render.markdown", "plan_markdown"),
    ("diff", "markdown"): ("forcesize.render.markdown", "diff_markdown"),
    ("comparison", "markdown"): ("forcesize.render.markdown", "comparison_markdown"),
    ("explanation", "markdown"): ("forcesize.render.explain_text", "explanation_markdown"),
    ("plan", "csv"): ("forcesize.render.csv", "plan_csv"),
    ("diff", "csv"): ("forcesize.render.csv", "diff_csv"),
    ("comparison", "csv"): ("forcesize.render.csv", "comparison_csv"),
    ("explanation", "csv"): ("forcesize.render.explain_text", "explanation_csv"),
}


def _renderer(result: Result, format: Format) -> Any:
    import importlib

    module, name = _RENDERERS[_kind(result), format.value]
    return getattr(importlib.import_module(module), name)


def _render_table(result: Result, console: Console) -> None:
    _renderer(result, Format.table)(result, console)


def _render_text(result: Result, format: Format) -> str:
    """The result as text in ``format``; tables as plain text, for files and pipes."""
    if format is Format.json:
        from .render.json import render_json

        return render_json(result)
    if format is not Format.table:
        text: str = _renderer(result, format)(result)
        return text
    import io

    buffer = io.StringIO()
    _render_table(result, _console(file=buffer))
    return buffer.getvalue()


@app.command()
def validate(
    mandate: MandateArg = None,
    set_: SetOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Check a mandate file and print a one-line summary, or every error found."""
    with _guarded(debug):
        from .derive import Derived

        loaded = _load(mandate, set_)
        m = loaded.mandate
        reqs = Derived(m).requirements
        peak = max((sum(r.required for r in reqs if r.phase == p) for p in m.phase), default=0)
        counts = ", ".join(_plural(len(getattr(m, kind)), kind) for kind in
                           ("phase", "theatre", "task", "capability", "contributor"))
        print(f"{loaded.file}: valid: '{m.mission.name}', {counts}; {peak:,} persons "
              "required in the largest phase")


@app.command()
def schema(
    output: OutputOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Print the JSON Schema of the mandate format, for editors.

    Save it and put '#:schema ./mandate.schema.json' on the first line of a mandate:
    Taplo / Even Better TOML then complete and check keys as you type."""
    with _guarded(debug):
        from .jsonschema import schema_text

        _check_output(output)
        _write_text(schema_text(), output)


def _plural(n: int, noun: str) -> str:
    if n == 1:
        return f"1 {noun}"
    return f"{n} {noun[:-1] + 'ies' if noun.endswith('y') else noun + 's'}"


def _version(value: bool) -> None:
    if value:
        print(f"forcesize {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """Mandate and force-sizing calculator for peacekeeping and stabilisation missions."""


def main() -> None:
    """Console-script entry point."""
    app()
