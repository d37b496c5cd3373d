"""The family table of ``docs/architecture.md``, generated from the specs.

``python scripts/docs.py`` (``make docs``) writes it between the
``<!-- families:begin -->`` and ``<!-- families:end -->`` markers; a test fails
when the committed table differs.
"""

from __future__ import annotations

from ..naming import Family
from . import SPECS, Limit

BEGIN = "<!-- families:begin -->"
END = "<!-- families:end -->"


def family_table() -> str:
    """One row per family: its role, what it means, and for a limit its planner word,
    how conflicts group it and its marginal step."""
    lines = ["| family | role | meaning | limit | grouped by | reason order | marginal step |",
             "|---|---|---|---|---|---|---|"]
    for family in Family:
        spec = SPECS[family]
        kind = group = rank = step = ""
        if isinstance(spec, Limit):
            kind, group, rank = f"`{spec.kind}`", _grouping(spec), str(spec.rank)
            if spec.step is not None and spec.role == "limit":
                step = spec.step.words
        lines.append(f"| `{family.value}` | {spec.role} | {spec.meaning} | {kind} | {group} | "
                     f"{rank} | {step} |")
    return "\n".join(lines)


def _grouping(spec: Limit) -> str:
    """The ids a family's rows are grouped by in the conflict search."""
    names = spec.grouped_by if spec.grouped_by is not None else spec.key_ids
    return ", ".join(names) if names else "the mandate"


def with_table(text: str) -> str:
    """``text`` (docs/architecture.md) with the generated table between the markers."""
    head, _, rest = text.partition(BEGIN)
    _, _, tail = rest.partition(END)
    return f"{head}{BEGIN}\n{family_table()}\n{END}{tail}"
