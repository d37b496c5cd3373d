"""An explanation as GitHub markdown or as one tidy CSV table (no rich).

Markdown: the four sections of ``explain`` as lists and tables, for a pull
request or a briefing note. CSV: one row per item (derivation, limit,
shortfall, blocker, marginal value), with its figure, unit, mandate key path
and sentence, so a spreadsheet can filter by section.
"""

from __future__ import annotations

import csv
import io

from ..explain.models import Explanation
from .markdown import DETAILS_ROWS, Md, _folded, _join, escape, table

EXPLAIN_COLUMNS = ("section", "task", "capability", "contributor", "phase", "stage", "value",
                   "unit", "path", "text")


def _number(x: float) -> str:
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,.1f}"


def explanation_markdown(ex: Explanation) -> str:
    """The explanation as markdown: derivations, limits, shortfalls, marginal values."""
    blocks: list[list[str]] = [[f"## Why this plan: {escape(ex.mandate)}"]]
    if ex.status != "optimal":
        blocks.append([f"Plan status: **{escape(ex.status)}**."])
    rows = [[d.task, d.capability, d.priority, ", ".join(d.phases), d.formula,
             f"{d.required:,}"] for d in ex.derivations]
    blocks.append(["### How each requirement was derived"])
    blocks.append(_folded(f"{len(rows)} requirements",
                          table(["Task", "Capability", "Priority", "Phases", "Rule", "Persons"],
                                rows, [False] * 5 + [True]), len(rows)))
    blocks.append(["### Limits the plan reaches"])
    if ex.limits:
        lines = [f"- {escape(x.text)} (`{escape(x.path)}`)" for x in ex.limits]
        blocks.append(_folded(f"{len(lines)} limits", lines, len(lines)))
    else:
        blocks.append(["No limit keeps a shortfall open: every requirement is filled."])
    blocks.append(["### Shortfalls and what would close them"])
    if ex.shortfalls:
        lines = []
        for s in ex.shortfalls:
            lines.append(f"- **{escape(s.task)} / {escape(s.capability)} / "
                         f"{escape(s.phase)}**: {escape(s.text)}")
            lines += [f"  - {escape(b.text)}" for b in s.blockers]
        blocks.append(_folded(f"{len(ex.shortfalls)} shortfalls", lines,
                              len(ex.shortfalls) * (1 if len(ex.shortfalls) <= 5 else 4)))
    else:
        blocks.append(["None."])
    blocks.append(["### Marginal values (LP relaxation)"])
    if ex.marginals:
        rows = [[m.change, m.stage, Md(_signed(m.effect)), m.effect_unit,
                 Md(f"`{escape(m.path)}`")] for m in ex.marginals]
        blocks.append(_folded(f"{len(rows)} marginal values",
                              table(["Change", "Moves first", "Effect", "Unit", "Key"], rows,
                                    [False, False, True, False, False]), len(rows)))
    else:
        blocks.append(["No limit has a marginal value: loosening any one of them a little "
                       "changes neither shortfall nor cost."])
    blocks.append([f"_{escape(n)}_" for n in ex.notes])
    return _join(blocks)


def _signed(x: float) -> str:
    return ("+" if x > 0 else "−" if x < 0 else "") + _number(abs(x))


def _plain(x: float) -> str:
    """Full precision without a trailing ``.0``: ``20``, ``0.35``, ``-83.333333``."""
    return str(int(x)) if float(x).is_integer() else repr(x)


def explanation_csv(ex: Explanation) -> str:
    """One row per item; ``value`` is persons, money, a share or person-months per ``unit``."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(EXPLAIN_COLUMNS)
    for d in ex.derivations:
        writer.writerow(("derivation", d.task, d.capability, "", " ".join(d.phases), "",
                         d.required, "persons", d.path, d.text))
    for x in ex.limits:
        writer.writerow(("limit", "", x.capability or "", x.contributor or "", x.phase or "", "",
                         _plain(x.used), x.unit, x.path, x.text))
    for s in ex.shortfalls:
        writer.writerow(("shortfall", s.task, s.capability, "", s.phase, "", s.shortfall,
                         "persons", f"task.{s.task}.need.{s.capability}", s.text))
        for b in s.blockers:
            writer.writerow(("blocker", s.task, s.capability, b.contributor, s.phase, "",
                             b.idle, "persons idle", b.path, b.text))
    for m in ex.marginals:
        writer.writerow(("marginal", "", m.capability or "", m.contributor or "", "", m.stage,
                         _plain(m.effect), m.effect_unit, m.path, m.text))
    return out.getvalue()


__all__ = ["DETAILS_ROWS", "EXPLAIN_COLUMNS", "explanation_csv", "explanation_markdown"]
