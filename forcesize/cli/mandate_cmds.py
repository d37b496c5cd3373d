"""``validate`` and ``schema``: check a mandate file, and publish the format it follows."""

from __future__ import annotations

from .app import DebugOpt, MandateArg, OutputOpt, SetOpt, load
from .guard import guarded
from .output import check_output, write_text


def validate(
    mandate: MandateArg = None,
    set_: SetOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Check a mandate file and print a one-line summary, or every error found."""
    with guarded(debug):
        from ..mandate import Derived

        loaded = load(mandate, set_, every=True)
        m = loaded.mandate
        reqs = Derived(m).requirements
        peak = max((sum(r.required for r in reqs if r.phase == p) for p in m.phase), default=0)
        counts = ", ".join(_plural(len(getattr(m, kind)), kind) for kind in
                           ("phase", "theatre", "task", "capability", "contributor"))
        print(f"{loaded.file}: valid: '{m.mission.name}', {counts}; {peak:,} persons "
              "required in the largest phase")


def schema(
    output: OutputOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Print the JSON Schema of the mandate format, for editors.

    Save it and put '#:schema ./mandate.schema.json' on the first line of a mandate:
    Taplo / Even Better TOML then complete and check keys as you type."""
    with guarded(debug):
        from ..mandate.jsonschema import schema_text

        check_output(output)
        write_text(schema_text(), output)


def _plural(n: int, noun: str) -> str:
    if n == 1:
        return f"1 {noun}"
    return f"{n} {noun[:-1] + 'ies' if noun.endswith('y') else noun + 's'}"
