"""Cells and wording that every output format shares.

The rich tables, markdown and CSV differ in layout only: what a value looks like
(a mandate value as TOML, a headline in a comparison, an outcome change) and
the sentences around them (a diff's headline, a section's title) are written
here once.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from typing import Any, Literal

from ..explain.models import Explanation, Marginal
from ..fmt import money, number, percent, signed, signed_money
from ..mandate.axes import PER_TASK
from ..mandate.schema import PRIORITIES
from ..results.alternatives import Alternative, Alternatives
from ..results.backtest import BacktestRow, BacktestSummary
from ..results.compare import MONEY
from ..results.diff import SECTION_UNITS, Diff, OutcomeChange
from ..results.draws import BANDS, RiskDraws, below
from ..results.plan import ContributorRow, Plan, RequirementRow
from ..results.risk import Withdrawals
from ..results.sensitivity import METRICS, Sensitivity, TornadoRow, metric
from ..results.sweep import Sweep, SweepPoint

NONE = "—"
"""Shown for a value that does not exist (a key not set, a figure not defined)."""

PRIORITY_ORDER = {"essential": 0, "important": 1, "desirable": 2}

NO_SHORTFALLS = "No shortfalls: every requirement is filled."

SECTION_TITLES = {
    "shortfall": "Shortfall by priority",
    "cost": "Total cost",
    "payer": "Who pays (net burden)",
    "scheme": "What financing schemes spend",
    "contributor": "Persons by contributor",
    "capability": "Persons by capability",
    "component": "Persons by component",
    "required": "Persons required",
    "deployed": "Persons deployed",
}

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def solver_note(plan: Plan) -> str:
    """``solver highs``, and how far above the optimum the cost may be when the solver
    stopped the cost stage within a relative gap above zero (CBC stops within 10⁻⁴): a
    plan called optimal says how optimal its cost is."""
    gap = plan.cost_gap()
    if not gap:
        return f"solver {plan.solver}"
    return f"solver {plan.solver}; cost within {gap:.2g} of the optimum (relative gap)"


def toml_value(value: Any) -> str:
    """A mandate value as compact, TOML-like text: strings quoted, ``[..]``, ``{ k = v }``.

    Input changes are shown the way the user would write them in the mandate, so
    the text can be pasted back into a file. ``None`` (a key that is not set) is
    the empty string; callers that want a visible placeholder substitute their own.
    Keys whose value is ``None`` are left out of tables, as TOML cannot write them.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, dict):
        items = [f"{_key(k)} = {toml_value(v)}" for k, v in value.items() if v is not None]
        return "{ " + ", ".join(items) + " }" if items else "{}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)


def _key(key: object) -> str:
    text = str(key)
    return text if _BARE_KEY.match(text) else json.dumps(text, ensure_ascii=False)


def value_text(value: object) -> str:
    """A mandate value as TOML-like text; a key that is not set is shown as a dash."""
    return NONE if value is None else toml_value(value)


def outcome_cells(o: OutcomeChange) -> tuple[str, str, str]:
    """Base, variant and signed change of one outcome figure, money formatted."""
    if SECTION_UNITS[o.section] == "money":
        return money(o.base, o.unit), money(o.variant, o.unit), signed_money(o.change, o.unit)
    return number(o.base), number(o.variant), signed(o.change)


def section_title(o: OutcomeChange) -> str:
    """The human title of an outcome section, with its unit when it is not money."""
    title = SECTION_TITLES.get(o.section, o.section)
    unit = SECTION_UNITS.get(o.section, o.unit)
    return title if unit in ("money", "persons") else f"{title} ({unit})"


def diff_headline(diff: Diff) -> str:
    """One sentence: did the outcome change, and was the variant plan anchored."""
    if not diff.changed and not diff.inputs:
        return "Nothing changed: the inputs and the outcome are the same."
    if not diff.changed:
        return ("The outcome did not change (the variant plan is "
                + ("anchored to" if diff.anchored else "not anchored to") + " the base plan).")
    if diff.anchored and diff.anchor_proven is False:
        return ("The outcome changed; the variant plan is anchored as far as the anchor's "
                "search went: of its optimal plans, the closest to the base plan it found, not "
                "proven the closest, so a few changes listed may be a choice among equally "
                "good plans.")
    if diff.anchored:
        return ("The outcome changed; the variant plan is anchored: of its optimal plans, the "
                "one that moves the fewest persons from the base plan, so no change is listed "
                "that an equally good plan could avoid without moving others instead.")
    return ("The outcome changed; the variant plan is not anchored, so some allocation "
            "changes may only be a different choice among equally good plans.")


def comparison_value(value: object, unit: str, currency: str, money_row: bool) -> str:
    """One headline value: money as bn/m, fractions as percentages, a dash for none."""
    if value is None:
        return NONE
    if isinstance(value, str):
        return value
    if not isinstance(value, int | float) or isinstance(value, bool):
        return str(value)
    if money_row:
        return money(value, currency)
    if unit == "fraction":
        return percent(value)
    return number(value)


def is_money_row(unit: str) -> bool:
    """A comparison row holds money, each value in its own mandate's currency."""
    return unit == MONEY


def unit_text(unit: str, currencies: list[str]) -> str:
    """A comparison row's unit for display: money rows show the currency when all the
    compared mandates share one."""
    if unit == MONEY and len(set(currencies)) == 1:
        return currencies[0]
    return unit


def contributor_label(contributor: str, name: str) -> str:
    """``Name (ID)``, or the id alone when the contributor has no other name."""
    return contributor if name == contributor else f"{name} ({contributor})"


def cap_cell(row: ContributorRow) -> str:
    """``all (cap 50%)``, with the phases an override changes: ``all (cap 50%; 100% in
    enforcement)``."""
    phased = "".join(f"; {percent(v)} in {p}" for p, v in row.max_share_by_phase.items())
    return f"all (cap {percent(row.max_share)}{phased})"


def phase_cap(row: ContributorRow, phase: str) -> float:
    """The contributor's cap on its share of ``phase``: the phase's override, else its own."""
    return row.max_share_by_phase.get(phase, row.max_share)


def relaxation_effect(effect: float | None) -> str:
    """A marginal value's relaxation estimate, in a cell; a dash where the relaxation sees
    no gain at the margin of a limit the plan reaches."""
    return NONE if effect is None else signed(effect)


def range_cell(m: Marginal) -> str:
    """Where a marginal value holds, in a cell: ``-29.69 to +7.81 persons``, or a dash."""
    return m.range.span if m.range else NONE


def has_ranges(ex: Explanation) -> bool:
    """Whether the explanation was asked for ranges (``explain --ranges``): then every
    format shows where each marginal value holds."""
    return any(m.range or m.range_note for m in ex.marginals)


def range_text(m: Marginal) -> str:
    """Where a marginal value holds, in a sentence, or why it has no interval."""
    return m.range.text if m.range else (m.range_note or "not ranged")


def integer_check(check: str, integer_effect: float | None) -> str:
    """A marginal value's integer re-solve, in a cell: the signed effect when it confirms
    the relaxation, else what happened."""
    if check == "confirmed" and integer_effect is not None:
        return signed(integer_effect)
    if check == "not_reached":
        return "not reached" + (f" ({signed(integer_effect)})" if integer_effect else "")
    return "not re-solved"


# --------------------------------------------------------------------------- backtest

BACKTEST_TITLE = "Backtest: the rule library's persons beside history"
BACKTEST_HEADER = ("Mission", "Phase", "Compared", "Historic", "Model low", "Model central",
                   "Model high", "Central ÷ historic", "Low–high ÷ historic", "In range")
BACKTEST_RIGHT = (False, False, False, True, True, True, True, True, True, False)


def backtest_cells(row: BacktestRow) -> list[str]:
    """One compared phase as text cells, in :data:`BACKTEST_HEADER`'s order; the historic
    figure with how the source words it (about, authorised, ...); its date is in JSON and
    CSV."""
    return [row.mission, row.phase, " + ".join(row.counts),
            f"{number(row.historic)} ({row.kind})",
            number(row.low), number(row.central), number(row.high), f"{row.ratio:.2f}",
            f"{row.ratio_low:.2f}–{row.ratio_high:.2f}", "yes" if row.within else "no"]


def backtest_summary(summary: BacktestSummary) -> str:
    """The spread of the central ratios in one sentence."""
    if not summary.phases:
        return "No phase with a historic figure to compare."
    return (f"{summary.phases} phases compared: median |central ÷ historic − 1| "
            f"{summary.median_error:.2f}, worst {summary.worst_error:.2f} ({summary.worst}); "
            f"central within 0.75–1.25 of history in {summary.within_quarter}, history within "
            f"the model's low–high range in {summary.within_range}.")


# --------------------------------------------------------------------------- sweep

METRIC_COLUMNS = {**{p: f"{p.capitalize()} short" for p in PRIORITIES}, "cost": "Cost",
                  "peak": "Peak persons"}
"""The column of each figure of a study's row (a sweep's ``--metric`` names, a tornado's
and the withdrawals' figures)."""


def sweep_header(sweep: Sweep) -> list[tuple[str, bool]]:
    """The columns of a sweep's table, each with whether it is right-aligned: the axes,
    status, the metrics asked for (shortfall by priority in person-months, cost, peak
    persons), the limits that keep a point short (when explained) and a note (when any
    point has one)."""
    return [*((axis, False) for axis in sweep.axes), ("Status", False),
            *((METRIC_COLUMNS[m], True) for m in sweep.metrics),
            *((("Limits keeping it short", False),) if sweep.explained else ()),
            *((("Note", False),) if _noted(sweep) else ())]


def _metric_cell(point: SweepPoint, name: str, currency: str) -> str:
    value = point.peak_persons if name == "peak" else metric(point, name)
    if value is None:
        return NONE
    return money(value, currency) if name == "cost" else number(value)


def _noted(sweep: Sweep) -> bool:
    """Whether any point has a note (a reason it has no plan or no proof)."""
    return any(p.reason for p in sweep.points)


def sweep_title(sweep: Sweep) -> str:
    """``Sweep of west-bank-gaza.toml: 6 points, 1 short at essential``."""
    short = sum(1 for p in sweep.points if p.shortfall_at_or_above("essential") > 0)
    failed = sum(1 for p in sweep.points if p.shortfall_person_months is None)
    words = [f"{len(sweep.points)} point{'s' if len(sweep.points) != 1 else ''}"
             + (" (zipped)" if sweep.zipped else "")]
    if short:
        words.append(f"{short} short at essential")
    if failed:
        words.append(f"{failed} without a plan")
    return f"Sweep of {sweep.mandate}: {', '.join(words)}"


def is_number(value: object) -> bool:
    """An axis value that is a number (a bool is not, though Python counts it as one)."""
    return isinstance(value, int | float) and not isinstance(value, bool)


def axis_value(value: object) -> str:
    """A swept value as a cell: a number with separators, anything else as it would be
    written in ``--set``."""
    return number(value) if is_number(value) else toml_value(value)  # type: ignore[arg-type]


def sweep_rows(sweep: Sweep) -> list[list[str]]:
    """Every point as text cells, in :func:`sweep_header`'s order: its value on each axis
    (numbers with separators, the rest as it would be written in ``--set``), then its
    figures. Which columns there are is decided once, not per point."""
    noted = _noted(sweep)
    return [[*(axis_value(point.values[axis]) for axis in sweep.axes),
             point.status,
             *(_metric_cell(point, m, sweep.currency) for m in sweep.metrics),
             *((limit_kinds(point),) if sweep.explained else ()),
             *((point.reason or "",) if noted else ())]
            for point in sweep.points]


def limit_kinds(point: SweepPoint) -> str:
    """``pool 3, consent 11``: the kinds of the limits that keep a point short, with how
    many key paths of each (the paths are in JSON and CSV); a dash for a point without a
    plan."""
    if point.limit_kinds is None:
        return NONE
    return ", ".join(f"{kind} {count}" for kind, count in point.limit_kinds.items()) or "none"


def financing_words(plan: Plan) -> str:
    """How the plan is paid for: ``national``, or each financing with its phases when the
    phases differ (``national (capacity, negotiation); un (implementation)``)."""
    used: dict[str, list[str]] = {}
    for p in plan.phases:
        used.setdefault(p.financed_by, []).append(p.phase)
    if len(used) <= 1:
        return next(iter(used), plan.financing_mode)
    return "; ".join(f"{how} ({', '.join(phases)})" for how, phases in used.items())


BURDEN_TITLE = "Burden-sharing"
BY_PHASE_TITLE = "Net burden by phase"
SCHEMES_TITLE = "Financing schemes"


def _shown_payers(plan: Plan) -> list[str]:
    """Payers with anything to show over the horizon (persons or money)."""
    return [r.payer for r in plan.burden if r.phase is None and (
        r.person_months or r.paid or r.reimbursed or r.net)]


def burden_table(plan: Plan) -> tuple[list[str], list[list[str]], list[bool]]:
    """(header, rows, right-aligned) of the burden-sharing table over the horizon: each
    payer's person-months and money, its shares of each, and its economic weight when the
    mandate gives weights."""
    weighted = any(r.weight is not None for r in plan.burden)
    header = ["Payer", "Person-months", "Share", "Paid", "Reimbursed", "Net burden", "Share"]
    if weighted:
        header += ["Weight", "vs weight"]
    shown = set(_shown_payers(plan))
    rows = []
    for r in plan.burden:
        if r.phase is not None or r.payer not in shown:
            continue
        row = [contributor_label(r.payer, r.name), number(round(r.person_months, 2)),
               percent(r.share_of_person_months), money(r.paid, plan.currency),
               money(r.reimbursed, plan.currency), money(r.net, plan.currency),
               percent(r.share_of_net)]
        if weighted:
            row += [NONE if r.weight is None else percent(r.weight),
                    NONE if r.weight_gap is None else f"{r.weight_gap * 100:+.0f} pts"]
        rows.append(row)
    return header, rows, [False, *([True] * (len(header) - 1))]


def burden_by_phase(plan: Plan) -> tuple[list[str], list[list[str]], list[bool]] | None:
    """(header, rows, right-aligned) of each payer's net burden in each phase, with the
    phase's financing in the header; None for a single phase (the horizon table says it)."""
    phases = [(p.phase, p.financed_by) for p in plan.phases]
    if len(phases) < 2:
        return None
    header = ["Payer", *(f"{p} ({how})" for p, how in phases)]
    net = {(r.payer, r.phase): r.net for r in plan.burden}
    names = {r.payer: r.name for r in plan.burden}
    rows = [[contributor_label(payer, names[payer]),
             *(money(net[payer, p], plan.currency) for p, _ in phases)]
            for payer in _shown_payers(plan)]
    return header, rows, [False, *([True] * len(phases))]


def schemes_table(plan: Plan) -> tuple[list[str], list[list[str]], list[bool]] | None:
    """(header, rows, right-aligned) of what each financing scheme spends; None without
    schemes."""
    if not plan.schemes:
        return None
    header = ["Scheme", "Kind", "Phases", "Spends", "Fixed payments", "Apportioned", "Unspent",
              "Limit"]
    rows = []
    for s in plan.schemes:
        limits = [f"budget {money(s.budget, plan.currency)}" if s.budget is not None else "",
                  f"fund {money(s.capacity, plan.currency)}" if s.capacity is not None else ""]
        rows.append([contributor_label(s.scheme, s.name), s.kind, ", ".join(s.phases),
                     money(s.spends, plan.currency), money(s.fixed_payments, plan.currency),
                     money(s.apportioned, plan.currency), money(s.unspent, plan.currency),
                     "; ".join(x for x in limits if x) or NONE])
    return header, rows, [False, False, False, True, True, True, True, False]


READINESS_TITLE = "Readiness (persons deployed that can arrive in time)"


def readiness_table(plan: Plan) -> tuple[list[str], list[list[str]], list[bool]] | None:
    """(header, rows, right-aligned) of each phase's persons ready within each readiness
    level, and its readiness requirement where it has one; None without levels."""
    if not plan.readiness:
        return None
    header = ["Readiness", *(r.phase for r in plan.readiness)]
    rows = [[f"ready within {level}",
             *(f"{number(r.ready_within[level])} of {number(r.deployed)}"
               for r in plan.readiness)]
            for level in plan.readiness[0].ready_within]
    if any(r.within for r in plan.readiness):
        rows.append(["required", *(
            f"{percent(r.share or 1.0)} of {', '.join(r.tasks) if r.tasks else 'all'} within "
            f"{r.within}: {number(r.counted_ready)} of {number(r.counted)} ready"
            if r.within else NONE for r in plan.readiness)])
    return header, rows, [False, *([True] * len(plan.readiness))]


UNIT_GROUPS_TITLE = "Units by theatre (counted per theatre or mission, split across tasks)"


def unit_groups_table(plan: Plan) -> tuple[list[str], list[list[str]], list[bool]] | None:
    """(header, rows, right-aligned) of the units counted per theatre or mission, one row
    per contributor, capability and theatre, a cell per phase: ``1 × infantry battalion
    (850): wb-patrol 550, wb-line 300``; None where every unit serves one task."""
    if not plan.unit_groups:
        return None
    phases = [p.phase for p in plan.phases]
    cells: dict[tuple[str, str, str], dict[str, str]] = {}
    for g in plan.unit_groups:
        split = ", ".join(f"{t} {number(n)}" for t, n in g.tasks.items())
        where = g.theatre or "whole mission"
        cells.setdefault((g.contributor, g.capability, where), {})[g.phase] = (
            f"{g.units} × {g.unit_name} ({number(g.unit_size)}): {split}")
    rows = [[cid, cap, where, *(by_phase.get(p, NONE) for p in phases)]
            for (cid, cap, where), by_phase in cells.items()]
    return (["Contributor", "Capability", "Where", *phases], rows,
            [False, False, False, *([False] * len(phases))])


# --------------------------------------------------------------------------- plan bars

GAUGE_WIDTH = 5
"""Cells in a coverage or share bar beside a plan's figure: five, so a phase's column grows
by six characters (a space and the bar) and a quarter still reads apart from a half."""


def coverage_cells(filled: int, required: int, width: int = GAUGE_WIDTH) -> int:
    """The filled cells of a requirement's coverage bar (filled against required persons,
    by :func:`bar_cells`): full when it is filled (whole units' excess too), and never full
    while one person is short, so a bar never hides a shortfall its number shows."""
    if required <= 0 or filled >= required:
        return width
    return min(bar_cells(filled, required, width), width - 1)


def share_cells(share: float, cap: float, width: int = GAUGE_WIDTH) -> int:
    """The filled cells of a contributor's share bar: its share of the phase against its cap
    on that share (:func:`bar_cells`), to the nearest cell. Unlike coverage, a share just
    under the cap may fill the bar, as it rounds to the cap in its percentage too: 1,233 of
    3,525 persons (34.98%) under a 35% cap reads 35% and fills it."""
    return bar_cells(share, cap, width) if cap > 0 else 0


def reads_as_cap(share: float, cap: float) -> bool:
    """Whether a share is at its cap as a reader sees it: at or above it, or printed as the
    same percentage (34.98 % under a 35 % cap is "35% (cap 35%)"), so a chart that marks
    shares at their cap never leaves unmarked one whose figure says it is there."""
    return share >= cap or percent(share) == percent(cap)


# --------------------------------------------------------------------------- plan summary

SUMMARY_TOP = 10
"""Rows of each list in ``solve --summary`` (the worst shortfalls, the contributors nearest
their caps): a screen, not the plan; the full table lists the rest."""

SUMMARY_WIDTH = 100
"""Columns ``solve --summary`` fits in, on a terminal and in plain text alike: the width
of a wide terminal window or a pasted comment, where the full plan (143 columns) wraps."""

SUMMARY_SECTIONS = ("1. Verdict (read this first)", "2. Shortfalls, worst first",
                    "3. Shares of each phase, nearest the cap first")
"""The summary's sections, numbered in the order to read them."""

READ_FIRST = "Read first: Status and Shortfall; Shortfalls at the end. Short view: --summary"
"""The hint over the full plan on a terminal (never in plain output, which CI diffs)."""


def summary_title(plan: Plan) -> str:
    """``Summary: West Bank and Gaza mission``."""
    return f"Summary: {plan.mandate}"


def short_requirements(plan: Plan) -> list[RequirementRow]:
    """Every requirement left short, worst first: highest priority, then most person-months;
    ties by task, capability and phase, so every format lists them in one order."""
    return sorted((r for r in plan.requirements if r.shortfall > 0),
                  key=lambda r: (PRIORITY_ORDER.get(r.priority, len(PRIORITY_ORDER)),
                                 -r.shortfall_person_months, r.task, r.capability, r.phase))


def _tasks_words(rows: list[RequirementRow]) -> str:
    """The short tasks by id when there are at most three (so they can be copied into
    ``--set``), else how many."""
    tasks = list(dict.fromkeys(r.task for r in rows))
    return ", ".join(tasks) if len(tasks) <= 3 else f"{len(tasks)} tasks"


def verdict(plan: Plan) -> str:
    """One sentence: which priorities are filled and which tasks stay short, highest
    priority first."""
    short = short_requirements(plan)
    if not short:
        return "Every requirement is filled: nothing is short at any priority."
    short_at = [p for p in PRIORITIES if any(r.priority == p for r in short)]
    filled = list(PRIORITIES[:PRIORITIES.index(short_at[0])])
    words = [f"{p} requirements of {_tasks_words([r for r in short if r.priority == p])} "
             "stay short" for p in short_at]
    text = "; ".join(words)
    if filled:
        text = f"Every {' and '.join(filled)} requirement is filled; {text}"
    return text[0].upper() + text[1:] + "."


def shortfall_words(plan: Plan) -> str:
    """``essential 0, important 92,286, desirable 0 person-months``."""
    return ", ".join(f"{p} {number(pm)}" for p, pm in plan.shortfall_person_months.items()) \
        + " person-months"


def cost_words(plan: Plan) -> str:
    """The cost against the budget and the pledges: ``4.73 bn USD: 89% of the budget (5.30 bn
    USD); pledges 4.60 bn USD, 97% of the cost``."""
    text = money(plan.total_cost, plan.currency)
    against = []
    if plan.budget:
        against.append(f"{percent(plan.total_cost / plan.budget)} of the budget "
                       f"({money(plan.budget, plan.currency)})")
    elif plan.budget is None:
        against.append("no budget set")
    pledged = sum(f.pledge or 0 for f in plan.financing)
    if pledged:
        share = f", {percent(pledged / plan.total_cost)} of the cost" if plan.total_cost else ""
        against.append(f"pledges {money(pledged, plan.currency)}{share}")
    return text + (": " + "; ".join(against) if against else "")


def status_words(plan: Plan) -> str:
    """``optimal (solver highs)``, or what a plan stopped at the time limit is."""
    proven = "" if plan.status == "optimal" else ": a feasible plan, not proven optimal"
    return f"{plan.status} ({solver_note(plan)}){proven}"


def verdict_rows(plan: Plan) -> list[tuple[str, str]]:
    """The summary's first section as (label, text): the verdict, the shortfall by
    priority, the cost against budget and pledges, and the solver's status."""
    return [("Verdict", verdict(plan)), ("Shortfall", shortfall_words(plan)),
            ("Cost", cost_words(plan)), ("Status", status_words(plan))]


def _nearest_cap(row: ContributorRow) -> float:
    """The contributor's largest share of a phase as a fraction of that phase's cap."""
    return max((row.share.get(p, 0.0) / cap for p in row.share if (cap := phase_cap(row, p))),
               default=0.0)


def shares_order(plan: Plan) -> list[ContributorRow]:
    """The contributors that deploy anyone, nearest their cap first (the largest share of
    a phase against that phase's cap), in the plan's order among equals."""
    rows = [c for c in plan.contributors if any(c.personnel.values())]
    return sorted(rows, key=lambda c: -_nearest_cap(c))


def share_text(row: ContributorRow, phase: str) -> str:
    """``1,233 (35%)``: persons and share of the phase, as in the allocation table."""
    return f"{number(row.personnel.get(phase, 0))} ({percent(row.share.get(phase, 0.0))})"


def caps_words(rows: list[ContributorRow]) -> str:
    """The caps the share bars are drawn against, in one line under the table: the cap
    most of ``rows`` have, then the others and every phase override: ``Each contributor
    may provide at most 35% of a phase, except TUR 50%; FRA 20% in implementation``."""
    common = Counter(r.max_share for r in rows).most_common(1)[0][0]
    odd = []
    for r in rows:
        parts = [] if r.max_share == common else [percent(r.max_share)]
        parts += [f"{percent(v)} in {p}" for p, v in r.max_share_by_phase.items()]
        if parts:
            odd.append(f"{r.contributor} {', '.join(parts)}")
    return (f"Each contributor may provide at most {percent(common)} of a phase"
            + (", except " + "; ".join(odd) if odd else ""))


def more_shares(rows: list[ContributorRow]) -> str | None:
    """What the summary leaves out of the shares: ``5 more contributors, none above 6% of
    a phase: the full table lists them``; None when nothing is left out."""
    rest = rows[SUMMARY_TOP:]
    if not rest:
        return None
    top = max(s for r in rest for s in r.share.values())
    return (f"{len(rest)} more contributor{'s' if len(rest) != 1 else ''}, none above "
            f"{percent(top)} of a phase: the full table lists them")


def more_shortfalls(rows: list[RequirementRow]) -> str | None:
    """``12 more shortfalls: the full table lists them``; None when all are shown."""
    rest = len(rows) - SUMMARY_TOP
    if rest <= 0:
        return None
    return f"{rest} more shortfall{'s' if rest != 1 else ''}: the full table lists them"


NEXT_TITLE = "Read next, with the same mandate and --set options"


def next_steps(plan: Plan) -> list[tuple[str, str]]:
    """Where to read on, as (command, what it shows): the full tables, ``explain`` and the
    HTML ``report``."""
    why = ("why each shortfall stays open and what would close it" if
           short_requirements(plan) else "why the plan is what it is")
    return [("forcesize solve", "every table of the plan (without --summary)"),
            ("forcesize explain", why),
            ("forcesize report", "the plan as an HTML page")]


# --------------------------------------------------------------------------- tornado

PLAIN_MARKS = ("=", "#", "|")
"""A tornado bar's side down, side up and axis in plain text and markdown: no minus or
plus, which would read as the sign of the change rather than the side."""
BAR_WIDTH = 20
"""Characters in each half of a tornado bar, in every format."""
TORNADO_TOP = 15
"""Inputs drawn in each tornado chart: the largest swings (the table lists every input)."""


def bar_cells(value: float, scale: float, width: int) -> int:
    """How many of a bar's ``width`` cells ``value`` fills when ``scale`` fills them all:
    none for zero, at least one for any other value (a small change or share is still
    seen) and never more than ``width``. The one rule every bar follows: a tornado's
    halves, and the coverage and share bars beside a plan's figures (:func:`gauge_cells`)."""
    if not value:
        return 0
    return min(width, max(1, round(abs(value) / (scale or 1.0) * width)))


def _delta_text(x: float, metric: str, currency: str) -> str:
    if round(x, 2) == 0:
        return "0"
    return signed_money(x, currency) if metric == "cost" else signed(x)


def step_label(fraction: float, sign: str) -> str:
    """``-20%`` or ``+20%``: a side of the tornado."""
    return f"{sign}{number(round(fraction * 100, 2))}%"


def tornado_metrics(s: Sensitivity) -> list[str]:
    """The metrics shown: each priority whose shortfall any input moves, then cost."""
    return [m for m in METRICS if m == "cost" or any(r.swing is not None and r.swing[m] > 0
                                                   for r in s.rows)]


def tornado_title(s: Sensitivity) -> str:
    """``Tornado of west-bank-gaza.toml: 13 inputs, each -20% and +20% (27 solves)``."""
    inputs = f"{len(s.rows)} input{'s' if len(s.rows) != 1 else ''}"
    return (f"Tornado of {s.mandate}: {inputs}, each {step_label(s.fraction, '-')} and "
            f"{step_label(s.fraction, '+')} ({s.solves} solves)")


def _from_base(base: SweepPoint, currency: str) -> str:
    """``Changes are from the base plan (optimal): shortfall essential 0, ... person-months;
    cost 4.73 bn USD.``"""
    short = base.shortfall_person_months or {}
    shortfalls = ", ".join(f"{p} {number(short.get(p, 0.0))}" for p in PRIORITIES)
    return (f"Changes are from the base plan ({base.status}): shortfall {shortfalls} "
            f"person-months; cost {money(base.total_cost or 0.0, currency)}.")


def tornado_base(s: Sensitivity) -> str:
    """The base plan's figures, which every change is measured from, and the inputs left
    out of the table because they move nothing."""
    still = len(s.rows) - len(moving(s))
    notes = [f"{_from_base(s.base, s.currency)} Each cell: at {step_label(s.fraction, '-')} "
             f"/ at {step_label(s.fraction, '+')}."]
    if still:
        notes.append(f"{still} input{'s' if still != 1 else ''} moved nothing and "
                     f"{'are' if still != 1 else 'is'} not listed (JSON and CSV list every "
                     "input).")
    if s.unvaried:
        notes.append(f"{len(s.unvaried)} not varied: both sides round to the base value.")
    return " ".join(notes)


def moving(s: Sensitivity) -> list[TornadoRow]:
    """The rows a table lists: those that move a figure, or have a side without a plan or
    a refused value."""
    return [r for r in s.rows if r.swing is None or any(r.swing.values())
            or any(p is not None and p.reason for p in (r.at_low, r.at_high))]


def tornado_header(s: Sensitivity) -> list[tuple[str, bool]]:
    """The columns of a tornado's table, each with whether it is right-aligned: rank,
    input, kind, base, the two varied values, the change at each side in every shown
    metric, and a note where any side has one."""
    low, high = step_label(s.fraction, "-"), step_label(s.fraction, "+")
    return [("#", True), ("Input", False), ("Kind", False), ("Base", True), (low, True),
            (high, True), *((METRIC_COLUMNS[m], True) for m in tornado_metrics(s)),
            *((("Note", False),) if _tornado_noted(s) else ())]


def _tornado_noted(s: Sensitivity) -> bool:
    return any(p is not None and p.reason for r in s.rows for p in (r.at_low, r.at_high))


def _change(row: TornadoRow, s: Sensitivity, which: Literal["low", "high"],
            metric_name: str) -> str:
    point = row.side(which, s.base)
    value, base = metric(point, metric_name), metric(s.base, metric_name)
    if value is None or base is None:
        return point.status
    return _delta_text(value - base, metric_name, s.currency)


def tornado_rows(s: Sensitivity) -> list[list[str]]:
    """Every input that moves something (:func:`moving`) as text cells, in
    :func:`tornado_header`'s order: the change at each side from the base plan (or the
    side's status where it has no plan)."""
    metrics, noted = tornado_metrics(s), _tornado_noted(s)
    rows = []
    for row in moving(s):
        notes = [f"{label}: {p.reason}" for label, p in
                 ((step_label(s.fraction, "-"), row.at_low),
                  (step_label(s.fraction, "+"), row.at_high)) if p is not None and p.reason]
        rows.append([str(row.rank), row.path, row.kind, number(row.base), number(row.low),
                     number(row.high),
                     *(f"{_change(row, s, 'low', m)} / {_change(row, s, 'high', m)}"
                       for m in metrics),
                     *(("; ".join(notes),) if noted else ())])
    return rows


def tornado_charts(s: Sensitivity, width: int, marks: tuple[str, str, str]
                   ) -> list[tuple[str, list[tuple[str, str, str]]]]:
    """For each shown metric that any input moves: its title and the lines of its tornado
    (input, bar, changes), the largest swings first. ``marks`` are the characters of the
    down side, the up side and the axis; each half of a bar is ``width`` wide, scaled to
    the largest change. Where both sides move the same way the shorter is drawn over the
    longer, so both stay visible."""
    low_mark, high_mark, axis = marks
    charts = []
    for m in tornado_metrics(s):
        moved = [r for r in s.rows if r.swing is not None and r.swing[m] > 0]
        moved.sort(key=lambda r: (-(r.swing or {})[m], r.rank))
        if not moved:
            continue
        base = metric(s.base, m) or 0.0
        deltas = {r.path: tuple((metric(r.side(w, s.base), m) or 0.0) - base
                                for w in ("low", "high")) for r in moved[:TORNADO_TOP]}
        scale = max(abs(d) for pair in deltas.values() for d in pair) or 1.0
        lines = []
        for path, (d_low, d_high) in deltas.items():
            left, right = [" "] * width, [" "] * width
            for d, mark in sorted(((d_low, low_mark), (d_high, high_mark)),
                                  key=lambda dm: -abs(dm[0])):
                cells = bar_cells(d, scale, width)
                half = left if d < 0 else right
                for i in range(cells):
                    half[i] = mark
            lines.append((path, "".join(reversed(left)) + axis + "".join(right),
                          f"{_delta_text(d_low, m, s.currency)} / "
                          f"{_delta_text(d_high, m, s.currency)}"))
        unit = f"change in {s.currency}" if m == "cost" else \
            f"change in {m} shortfall, person-months"
        more = f"; the {TORNADO_TOP} largest of {len(moved)}" if len(moved) > TORNADO_TOP \
            else ""
        charts.append((f"{'Cost' if m == 'cost' else m.capitalize() + ' shortfall'} "
                       f"({unit}; {low_mark} at {step_label(s.fraction, '-')}, {high_mark} at "
                       f"{step_label(s.fraction, '+')}{more})", lines))
    return charts


# --------------------------------------------------------------------------- withdrawals

def withdraw_title(w: Withdrawals) -> str:
    """``Who the plan cannot do without (west-bank-gaza.toml): 9 contributors and 2 groups
    withdrawn in turn (8 solves)``."""
    counts = Counter(r.kind for r in w.rows)
    words = " and ".join(f"{counts[kind]} {kind}{'s' if counts[kind] != 1 else ''}"
                         for kind in ("contributor", "group") if counts[kind])
    return f"Who the plan cannot do without ({w.mandate}): {words} withdrawn in turn " \
           f"({w.solves} solves)"


def withdraw_base(w: Withdrawals) -> str:
    """The base plan's figures, which every change is measured from, and how to read a
    row."""
    return (f"{_from_base(w.base, w.currency)} A withdrawn "
            "contributor sends nobody and its commitments are lifted; its money stays. "
            "Persons: what the base plan has from it in its largest phase (0: not used, "
            "so nothing changes).")


def withdraw_header(w: Withdrawals) -> list[tuple[str, bool]]:
    """The columns of the withdrawals' table, each with whether it is right-aligned."""
    return [("#", True), ("Withdrawn", False), ("Persons", True), ("Status", False),
            *((METRIC_COLUMNS[m], True) for m in METRICS), ("Limits keeping it short", False),
            *((("Note", False),) if any(r.point.reason for r in w.rows) else ())]


def withdraw_rows(w: Withdrawals) -> list[list[str]]:
    """Every withdrawal as text cells, in :func:`withdraw_header`'s order: the shortfall
    and cost it adds to the base plan (its status where no plan is left)."""
    noted = any(r.point.reason for r in w.rows)
    out = []
    for r in w.rows:
        name = r.withdrawn if r.kind == "contributor" else \
            f"group {r.withdrawn} ({', '.join(r.members)})"
        changes = [r.point.status] * (len(PRIORITIES) + 1) if r.added is None else \
            [*(_delta_text(r.added[p], p, w.currency) for p in PRIORITIES),
             _delta_text(r.cost_change or 0.0, "cost", w.currency)]
        out.append([str(r.rank), name, number(r.persons), r.point.status, *changes,
                    limit_kinds(r.point) if r.persons else NONE,
                    *((r.point.reason or "",) if noted else ())])
    return out


# --------------------------------------------------------------------------- risk draws

RECOURSE_WORDS = {
    "none": "the plan kept as it is (nothing moves to fill a gap)",
    "reallocate": "the contingents that arrive stay where they are and the forces left fill "
                  "the gaps",
    "replan": "the plan re-optimised in every draw",
}


def draws_title(r: RiskDraws) -> str:
    """``How likely the plan is to be staffed (west-bank-gaza.toml): 1,000 draws, seed 1,
    recourse none (1 solve)``."""
    solves = f"{number(r.solves)} solve{'s' if r.solves != 1 else ''}"
    return (f"How likely the plan is to be staffed ({r.mandate}): {number(r.draws)} draws, "
            f"seed {r.seed}, recourse {r.recourse} ({number(r.distinct)} distinct, {solves})")


def draws_notes(r: RiskDraws) -> list[str]:
    """How to read the table, and every draw that is not a plain outcome, counted."""
    notes = [f"Recourse {r.recourse}: {RECOURSE_WORDS[r.recourse]}. Staffed: the share of "
             "draws in which every requirement of the task in the phase is filled, with its "
             f"95 % (Wilson) interval; risk bands: {bands_text()}."]
    if r.base.status != "optimal":
        notes.append(f"The plan itself is {r.base.status}: {r.base.reason}.")
    failed = sum(r.failed.values())
    if failed:
        kinds = ", ".join(f"{n} {status}" for status, n in r.failed.items())
        notes.append(f"{failed} draw(s) found no plan ({kinds}): counted as staffing no "
                     "task, and left out of the expected shortfall.")
    if r.time_limited:
        notes.append(f"{r.time_limited} draw(s) stopped at the time limit: counted with the "
                     "best plan found, not proven optimal.")
    if r.not_refilled:
        notes.append(f"{r.not_refilled} draw(s) could fill no gap: the contingents that "
                     "arrived break a rule of the mandate on their own (a group's floor, a "
                     "share cap), so they count as with recourse none.")
    short = below(r)
    if r.fail_below is not None:
        notes.append(f"--fail-below {percent(r.fail_below)}: " + (
            f"{len(short)} task-phase(s) the plan staffs fall below it." if short else
            "every task-phase the plan staffs is at or above it."))
    return notes


def bands_text() -> str:
    """``99 % and above low, 90 % minor, ..., below 50 % high``, from :data:`BANDS`."""
    parts = []
    for i, (floor, name) in enumerate(BANDS):
        if i == 0:
            parts.append(f"{_share(floor)} and above {name}")
        elif floor > 0:
            parts.append(f"{_share(floor)} {name}")
        else:
            parts.append(f"below {_share(BANDS[i - 1][0])} {name}")
    return ", ".join(parts)


def draws_header() -> list[tuple[str, bool]]:
    """The columns of the task table, each with whether it is right-aligned."""
    return [("Task", False), ("Phase", False), ("Priority", False), ("Staffed", True),
            ("95 % interval", True), ("Risk", False), ("In the plan", False)]


def _share(x: float) -> str:
    """A probability as a percentage with one decimal where it matters: ``93.1 %``,
    ``100 %``."""
    text = f"{x * 100:.1f}".removesuffix(".0")
    return f"{text} %"


def draws_rows(r: RiskDraws) -> list[list[str]]:
    """Every task in every phase it has a requirement, riskiest first."""
    return [[t.task, t.phase, t.priority, _share(t.probability),
             f"{_share(t.low).removesuffix(' %')}–{_share(t.high)}", t.band,
             "staffed" if t.planned else "short"] for t in r.tasks]


def shortfall_header(r: RiskDraws) -> list[tuple[str, bool]]:
    """The columns of the shortfall table."""
    return [("Priority", False), ("Plan", True), ("Expected", True), ("90th percentile", True),
            ("Worst", True), ("Draws worse than the plan", True)]


def shortfall_rows(r: RiskDraws) -> list[list[str]]:
    """Shortfall person-months by priority over the draws with a plan."""
    return [[s.priority, number(s.plan), number(round(s.mean)), number(s.p90), number(s.worst),
             _share(s.worse)] for s in r.shortfall]


def shortfall_title(r: RiskDraws) -> str:
    with_plan = r.draws - sum(r.failed.values())
    return f"Shortfall, person-months, over the {number(with_plan)} draws with a plan"


# --------------------------------------------------------------------------- alternatives

def alternatives_title(a: Alternatives) -> str:
    """``Plans nearly as good (west-bank-gaza.toml): 6 alternatives within 5 % of the optimal
    cost, every shortfall at its optimum (14 solves)``."""
    n = len(a.alternatives)
    return (f"Plans nearly as good ({a.mandate}): {n} alternative{'s' if n != 1 else ''} "
            f"within {_share(a.slack)} of the optimal cost, every shortfall at its optimum "
            f"({a.solves} solves)")


def alternatives_notes(a: Alternatives) -> list[str]:
    """The optimum's figures, how to read the table, and what was not listed."""
    short = ", ".join(f"{p} {number(v)}" for p, v in a.shortfall_person_months.items())
    notes = [f"The optimal plan costs {money(a.total_cost, a.currency)}; an alternative "
             f"costs at most {money(a.cost_cap, a.currency)} and keeps the shortfall at "
             f"{short} person-months. Axes are shares of the mission's person-months "
             "(contributors-per-task: the mean number of contributors on a task in a "
             "phase); each alternative went as far as it could the way its column says."]
    for alt in a.alternatives:
        if not alt.proven:
            notes.append(f"#{alt.number} stopped at the node cap: the furthest plan found, "
                         "within the slack, not proven the furthest.")
    if a.alternatives and len(a.alternatives) < a.count:
        notes.append(f"{a.count} asked for: only {len(a.alternatives)} distinct plans were "
                     "found in every direction tried.")
    if a.duplicates:
        notes.append(f"{len(a.duplicates)} direction(s) gave a plan already listed: "
                     + ", ".join(a.duplicates) + ".")
    if a.failed:
        notes.append(f"{len(a.failed)} direction(s) found no plan: "
                     + "; ".join(f"{d}: {why}" for d, why in a.failed.items()) + ".")
    return notes


def alternatives_header(a: Alternatives) -> list[tuple[str, bool]]:
    """The summary's columns: the axis, the optimum, then each alternative by number."""
    return [("Axis", False), ("Optimal", True),
            *((f"#{alt.number}", True) for alt in a.alternatives)]


def alternatives_rows(a: Alternatives) -> list[list[str]]:
    """Axes × alternatives: how each pushed the plan, then the direction, the cost and how
    many person-months moved."""
    rows = [["direction", "—", *(alt.direction for alt in a.alternatives)]]
    rows += [[axis, _axis_cell(axis, value), *(_axis_cell(axis, alt.axes[axis])
                                               for alt in a.alternatives)]
             for axis, value in a.axes.items()]
    rows.append(["cost", money(a.total_cost, a.currency),
                 *(money(alt.total_cost, a.currency) for alt in a.alternatives)])
    rows.append(["above the optimum", "0 %", *(_share(alt.cost_above)
                                                for alt in a.alternatives)])
    rows.append(["person-months moved", "0", *(number(alt.moved) for alt in a.alternatives)])
    return rows


def _axis_cell(axis: str, value: float) -> str:
    """A share as a percentage; the mean count of contributors per task as a number."""
    return f"{value:.2f}" if axis == PER_TASK else _share(value)


def alternative_changes(alt: Alternative) -> tuple[str, list[list[str]]]:
    """One alternative's persons by contributor and phase that differ from the optimum
    (its diff's contributor section), with a title."""
    rows = [[o.item, o.phase, *outcome_cells(o)] for o in alt.diff.outcome
            if o.section == "contributor"]
    return (f"#{alt.number} {alt.direction}: persons by contributor that differ from the "
            "optimal plan", rows)


CHANGES_HEADER = [("Contributor", False), ("Phase", False), ("Optimal", True),
                  ("Alternative", True), ("Change", True)]
