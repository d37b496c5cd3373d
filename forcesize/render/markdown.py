"""GitHub-flavoured markdown of a plan, a diff, a comparison or an explanation, for
pull-request comments and briefing notes.

Renderers only arrange what the result objects hold; they return text and do
not import rich. Every piece of user text (mission names, ids, file names,
mandate values) is escaped, so a ``|`` in a name cannot split a table cell and
a ``*`` or ``<`` cannot turn into emphasis or HTML. Numbers are formatted as in
the rich tables: thousands separators, money as ``5.30 bn USD``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from ..explain.models import Explanation
from ..fmt import money, number, percent, signed
from ..library import RuleListing, scenario_range
from ..results import Comparison, Diff, Plan
from ..results.alternatives import Alternatives
from ..results.backtest import Backtest
from ..results.diff import SECTION_UNITS, OutcomeChange
from ..results.draws import RiskDraws
from ..results.plan import RequirementRow
from ..results.risk import Withdrawals
from ..results.sensitivity import Sensitivity
from ..results.sweep import Sweep
from .cells import (
    BACKTEST_HEADER,
    BACKTEST_RIGHT,
    BACKTEST_TITLE,
    BAR_WIDTH,
    BURDEN_TITLE,
    BY_PHASE_TITLE,
    CHANGES_HEADER,
    NEXT_TITLE,
    NO_SHORTFALLS,
    NONE,
    PLAIN_MARKS,
    READINESS_TITLE,
    SCHEMES_TITLE,
    SUMMARY_SECTIONS,
    SUMMARY_TOP,
    UNIT_GROUPS_TITLE,
    alternative_changes,
    alternatives_header,
    alternatives_notes,
    alternatives_rows,
    alternatives_title,
    backtest_cells,
    backtest_summary,
    burden_by_phase,
    burden_table,
    cap_cell,
    caps_words,
    comparison_value,
    contributor_label,
    diff_headline,
    draws_header,
    draws_notes,
    draws_rows,
    draws_title,
    financing_words,
    has_ranges,
    integer_check,
    is_money_row,
    more_shares,
    more_shortfalls,
    next_steps,
    outcome_cells,
    range_cell,
    range_text,
    readiness_table,
    relaxation_effect,
    schemes_table,
    section_title,
    share_text,
    shares_order,
    short_requirements,
    shortfall_header,
    shortfall_rows,
    shortfall_title,
    solver_note,
    summary_title,
    sweep_header,
    sweep_rows,
    sweep_title,
    tornado_base,
    tornado_charts,
    tornado_header,
    tornado_rows,
    tornado_title,
    unit_groups_table,
    unit_text,
    value_text,
    verdict_rows,
    withdraw_base,
    withdraw_header,
    withdraw_rows,
    withdraw_title,
)
from .views import SummaryView

DETAILS_ROWS = 20
"""Tables longer than this are folded into a ``<details>`` block to keep a comment short."""

_SPECIAL = set("\\`*_[]<>|~#&$!")
"""Characters that GitHub markdown may interpret: emphasis, links, HTML, tables, math."""


class Md(str):
    """Text that is already markdown: table cells pass it through unescaped.

    Plain ``str`` cells are escaped, so forgetting to escape is impossible and
    only deliberate markup (bold, ``&nbsp;``) needs this wrapper."""


def escape(text: str) -> str:
    """``text`` with markdown-significant characters backslash-escaped and line breaks
    turned into spaces (a newline would end a table row)."""
    flat = " ".join(str(text).splitlines())
    return "".join("\\" + ch if ch in _SPECIAL else ch for ch in flat)


def bold(text: str) -> Md:
    """Escaped ``text`` in bold (empty text stays empty: ``****`` is not bold)."""
    return Md(f"**{escape(text)}**") if text else Md("")


# --------------------------------------------------------------------------- tables


Cell = str | Md


def _cell(value: Cell) -> str:
    return str(value) if isinstance(value, Md) else escape(value)


def table(header: Sequence[Cell], rows: Sequence[Sequence[Cell]],
          right: Sequence[bool] | None = None) -> list[str]:
    """A GitHub table; ``right[i]`` right-aligns column ``i`` (numbers).

    Every row gets exactly as many cells as the header, so a short row cannot
    shift columns."""
    width = len(header)
    align = [*(right or [])[:width], *([False] * (width - len(right or [])))]
    lines = ["| " + " | ".join(_cell(h) for h in header) + " |",
             "| " + " | ".join("---:" if r else "---" for r in align) + " |"]
    for row in rows:
        cells = [*row[:width], *([""] * (width - len(row)))]
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return lines


def _folded(summary: str, body: list[str], rows: int) -> list[str]:
    """``body`` inside ``<details>`` when it has more than :data:`DETAILS_ROWS` rows."""
    if rows <= DETAILS_ROWS:
        return body
    return ["<details>", f"<summary>{escape(summary)}</summary>", "", *body, "", "</details>"]


def _join(blocks: list[list[str]]) -> str:
    """Blocks separated by one blank line, ending with a single newline."""
    return "\n\n".join("\n".join(b) for b in blocks if b) + "\n"


# --------------------------------------------------------------------------- plan


def _summary_lines(plan: Plan) -> list[str]:
    """Mirrors the rich summary panel: status, cost against limits, financing, shortfall."""
    limits = []
    if plan.budget is not None:
        limits.append(f"budget {money(plan.budget, plan.currency)}")
    pledged = sum(f.pledge or 0 for f in plan.financing)
    if pledged:
        limits.append(f"pledges {money(pledged, plan.currency)}")
    cost = money(plan.total_cost, plan.currency) + (f" (of {', '.join(limits)})"
                                                    if limits else "")
    short = ", ".join(f"{escape(p)} {number(pm)}"
                      for p, pm in plan.shortfall_person_months.items())
    return [
        f"- **Status:** {escape(plan.status)} ({escape(solver_note(plan))})",
        f"- **Total cost:** {escape(cost)}",
        f"- **Financing:** {escape(financing_words(plan))}",
        f"- **Shortfall:** {short} person-months",
    ]


def _components(plan: Plan) -> list[str]:
    """Components in the order the plan lists them (the schema's order)."""
    seen: dict[str, None] = {}
    for p in plan.phases:
        seen.update(dict.fromkeys(p.by_component))
    return list(seen)


def _phases_table(plan: Plan) -> list[str]:
    components = _components(plan)
    header = ["Phase", "Name", "Months", *(c.capitalize() for c in components), "Deployed",
              "Required", "Short"]
    rows = [[p.phase, p.name if p.name != p.phase else "", number(p.months),
             *(number(p.by_component.get(c, 0)) for c in components), number(p.deployed),
             number(p.required), number(p.shortfall)] for p in plan.phases]
    right = [False, False, *([True] * (len(header) - 2))]
    return ["### Phases (persons deployed against required)", "", *table(header, rows, right)]


def _unit_groups_table(plan: Plan) -> list[str]:
    rows = unit_groups_table(plan)
    return [] if rows is None else [f"### {UNIT_GROUPS_TITLE}", "", *table(*rows)]


def _readiness_table(plan: Plan) -> list[str]:
    rows = readiness_table(plan)
    return [] if rows is None else [f"### {READINESS_TITLE}", "", *table(*rows)]


def _short_rows(rows: list[RequirementRow]) -> list[str]:
    """The short requirements as a table, one row each."""
    return table(["Priority", "Task", "Capability", "Phase", "Short (persons)",
                  "Person-months"],
                 [[r.priority, r.task, r.capability, r.phase, number(r.shortfall),
                   number(r.shortfall_person_months)] for r in rows],
                 [False, False, False, False, True, True])


def _shortfalls_table(plan: Plan) -> list[str]:
    rows = short_requirements(plan)
    if not rows:
        return ["### Shortfalls", "", NO_SHORTFALLS]
    return ["### Shortfalls", "", *_folded(f"{len(rows)} requirements short",
                                            _short_rows(rows), len(rows))]


def _allocation_table(plan: Plan) -> list[str]:
    """A bold row per contributor (persons and share per phase), then its capabilities.

    When that runs longer than :data:`DETAILS_ROWS` rows, the contributor rows are
    shown on their own and the full table is folded below them, so the comment
    still shows who deploys how many at a glance."""
    phases = [p.phase for p in plan.phases]
    per_cap: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    cap_cost: dict[tuple[str, str], float] = defaultdict(float)
    for a in plan.allocations:
        per_cap[a.contributor, a.capability][a.phase] += a.personnel
        cap_cost[a.contributor, a.capability] += a.cost
    totals: list[list[Cell]] = []
    rows: list[list[Cell]] = []
    for c in plan.contributors:
        if not any(c.personnel.values()):
            continue
        label = contributor_label(c.contributor, c.name)
        total: list[Cell] = [label, cap_cell(c),
                             *(f"{number(c.personnel.get(p, 0))} "
                               f"({percent(c.share.get(p, 0.0))})" for p in phases),
                             money(c.cost, plan.currency)]
        totals.append(total)
        rows.append([bold(str(cell)) for cell in total])
        for (cid, cap), by_phase in per_cap.items():
            if cid == c.contributor:
                rows.append(["", cap, *(number(by_phase.get(p, 0)) for p in phases),
                             money(cap_cost[cid, cap], plan.currency)])
    head = ["### Allocation by contributor (persons; share of the phase)", ""]
    idle = [c.contributor for c in plan.contributors if not any(c.personnel.values())]
    tail = ["", "Not deployed: " + escape(", ".join(idle))] if idle else []
    if not rows:
        return [*head, "Nobody is deployed.", *tail]
    header = ["Contributor", "Capability", *phases, "Cost"]
    right = [False, False, *([True] * (len(phases) + 1))]
    if len(rows) <= DETAILS_ROWS:
        return [*head, *table(header, rows, right), *tail]
    return [*head, *table(header, totals, right), "",
            *_folded(f"By capability ({len(rows)} rows)", table(header, rows, right),
                     len(rows)), *tail]


def _financing_table(plan: Plan) -> list[str]:
    rows = []
    for f in plan.financing:
        if f.pays == 0 and f.pledge is None and f.personnel_cost == 0:
            continue
        rows.append([f.contributor, NONE if f.pledge is None else money(f.pledge, plan.currency),
                     money(f.pays, plan.currency), money(f.personnel_cost, plan.currency),
                     percent(f.pays / f.pledge) if f.pledge else NONE])
    head = [f"### Financing ({escape(financing_words(plan))})", ""]
    if not rows:
        return [*head, "Nobody pays anything."]
    body = table(["Contributor", "Pledge", "Pays", "Own personnel", "Pledge used"], rows,
                 [False, True, True, True, True])
    return [*head, *_folded(f"{len(rows)} contributors", body, len(rows))]


def _burden_tables(plan: Plan) -> list[str]:
    """Burden-sharing over the horizon, by phase (folded when long) and the schemes."""
    header, rows, right = burden_table(plan)
    out = [f"### {BURDEN_TITLE}", "",
           *_folded(f"{len(rows)} payers", table(header, rows, right), len(rows))]
    by_phase = burden_by_phase(plan)
    if by_phase is not None:
        header, rows, right = by_phase
        out += ["", f"#### {BY_PHASE_TITLE}", "",
                *_folded(f"{len(rows)} payers", table(header, rows, right), len(rows))]
    schemes = schemes_table(plan)
    if schemes is not None:
        out += ["", f"### {SCHEMES_TITLE}", "", *table(*schemes)]  # a row per scheme: few
    return out


def plan_markdown(plan: Plan) -> str:
    """The plan as a pull-request comment: summary, phases, shortfalls, allocation, financing."""
    return _join([
        [f"## {escape(plan.mandate)}", "", *_summary_lines(plan)],
        _phases_table(plan),
        _shortfalls_table(plan),
        _allocation_table(plan),
        _unit_groups_table(plan),
        _readiness_table(plan),
        _financing_table(plan),
        _burden_tables(plan),
    ])


# --------------------------------------------------------------------------- diff


def _status_line(diff: Diff) -> list[str]:
    """Statuses only when one plan is not proven optimal: that qualifies every figure."""
    b, v = diff.base, diff.variant
    if b.status == "optimal" and v.status == "optimal":
        return []
    return [f"Base plan: {escape(b.status)} (solver {escape(b.solver)}); variant plan: "
            f"{escape(v.status)} (solver {escape(v.solver)})."]


def _outcome_rows(changes: list[OutcomeChange]) -> list[list[Cell]]:
    """One row per figure; the section title only on the first row of its group."""
    rows: list[list[Cell]] = []
    previous = None
    for o in changes:
        title = section_title(o)
        rows.append([bold(title) if title != previous else "", o.item, o.phase,
                     *outcome_cells(o)])
        previous = title
    return rows


def _outcome_tables(diff: Diff) -> list[str]:
    """Shortfall, cost and payers first and unfolded (what a reviewer looks for), then the
    persons sections, folded when long: they can run to dozens of rows."""
    header = ["Section", "Item", "Phase", "Base", "Variant", "Change"]
    right = [False, False, False, True, True, True]
    headline = [o for o in diff.outcome if SECTION_UNITS[o.section] != "persons"]
    persons = [o for o in diff.outcome if SECTION_UNITS[o.section] == "persons"]
    parts: list[list[str]] = []
    if headline:
        parts.append(table(header, _outcome_rows(headline), right))
    if persons:
        rows = _outcome_rows(persons)
        parts.append(_folded(f"Personnel: {len(rows)} figures changed",
                             table(header, rows, right), len(rows)))
    lines: list[str] = []
    for part in parts:
        lines += ["", *part] if lines else part
    return lines


def diff_markdown(diff: Diff) -> str:
    """What a variant changes, as a pull-request comment; empty sections are left out."""
    status = _status_line(diff)
    head = [f"## forcesize diff: {escape(diff.base.file)} → {escape(diff.variant.file)}", "",
            diff_headline(diff), *(["", *status] if status else [])]
    blocks = [head]
    if diff.inputs:
        rows = [[i.path, i.change, value_text(i.base), value_text(i.variant)] for i in diff.inputs]
        body = table(["Path", "Change", "Base", "Variant"], rows)
        blocks.append(["### Inputs", "",
                       *_folded(f"{len(rows)} input changes", body, len(rows))])
    if diff.outcome:
        blocks.append(["### Outcome", "", *_outcome_tables(diff)])
    if diff.tasks:
        rows = [[t.task, t.priority, t.change.replace("_", " "),
                 number(t.base_shortfall_person_months),
                 number(t.variant_shortfall_person_months)] for t in diff.tasks]
        body = table(["Task", "Priority", "Change", "Base short (person-months)",
                      "Variant short (person-months)"], rows,
                     [False, False, False, True, True])
        blocks.append(["### Tasks", "", *_folded(f"{len(rows)} tasks", body, len(rows))])
    if diff.allocations:
        rows = [[a.contributor, a.capability, a.task, a.phase, number(a.base),
                 number(a.variant), signed(a.change)] for a in diff.allocations]
        body = table(["Contributor", "Capability", "Task", "Phase", "Base", "Variant",
                      "Change"], rows, [False, False, False, False, True, True, True])
        blocks.append(["### Allocation changes (persons)", "",
                       *_folded(f"{len(rows)} allocation changes", body, len(rows))])
    return _join(blocks)


# --------------------------------------------------------------------------- comparison


def _indented(label: str, level: int) -> Md:
    """A breakdown row is indented; markdown would strip spaces, so indent with ``&nbsp;``."""
    return Md("&nbsp;" * (2 * level) + escape(label))


def comparison_markdown(cmp: Comparison) -> str:
    """Headline figures in one table, a column per mandate, then which file each column is."""
    currencies = [c.currency for c in cmp.mandates]
    rows: list[list[Cell]] = []
    for row in cmp.rows:
        money_row = is_money_row(row.unit)
        rows.append([_indented(row.label, row.level), unit_text(row.unit, currencies),
                     *(comparison_value(row.values[j] if j < len(row.values) else None,
                                        row.unit, c.currency, money_row)
                       for j, c in enumerate(cmp.mandates))])
    header = ["Figure", "Unit", *(c.label for c in cmp.mandates)]
    right = [False, False, *([True] * len(cmp.mandates))]
    legend = [f"- **{escape(c.label)}**: {escape(c.file)} ({escape(c.mission)})"
              for c in cmp.mandates]
    return _join([["## forcesize compare"], table(header, rows, right), legend])


# --------------------------------------------------------------------------- explanation


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
        ranged = has_ranges(ex)
        rows = [[m.change, m.stage, relaxation_effect(m.effect),
                 integer_check(m.check, m.integer_effect), m.effect_unit,
                 *([range_cell(m)] if ranged else []),
                 Md(f"`{escape(m.path)}`")] for m in ex.marginals]
        blocks.append(_folded(f"{len(rows)} marginal values",
                              table(["Change", "Moves first", "Relaxation", "Integer plan",
                                     "Unit", *(["Holds for"] if ranged else []), "Key"],
                                    rows, [False, False, True, True, False,
                                           *([False] if ranged else []), False]), len(rows)))
        if ranged:
            lines = [f"- **{escape(m.change)}**: {escape(range_text(m))}"
                     for m in ex.marginals]
            blocks.append(_folded("where each marginal value holds", lines, len(lines)))
    else:
        blocks.append(["No limit has a marginal value: loosening any one of them a little "
                       "changes neither shortfall nor cost."])
    blocks.append([f"_{escape(n)}_" for n in ex.notes])
    return _join(blocks)


# --------------------------------------------------------------------------- rules


def rules_markdown(found: RuleListing) -> str:
    """The rules found, one row each, with source and quality; notes in ``--format json``."""
    head = f"**{len(found.rules)} of {found.total} library rules**"
    if not found.rules:
        return _join([[head]])
    rows = [[Md(f"`{escape(r.id)}`"), r.title, Md(f"`{escape(r.sizes)}`"),
             scenario_range(r), r.unit, ", ".join(r.mission_types), r.citation, r.quality]
            for r in found.rules]
    return _join([[head], table(["Rule", "Title", "Sizes", "Central (low–high)", "Unit",
                                 "Mission types", "Source", "Quality"], rows,
                                [False, False, False, True])])


def backtest_markdown(bt: Backtest) -> str:
    """Model ÷ history by mission and phase, then the spread in one sentence."""
    return _join([[f"**{BACKTEST_TITLE}**"],
                  table(list(BACKTEST_HEADER), [backtest_cells(r) for r in bt.rows],
                        list(BACKTEST_RIGHT)),
                  [escape(backtest_summary(bt.summary))]])


def sweep_markdown(sweep: Sweep) -> str:
    """One row per point: its values, then status, shortfalls, cost and peak persons."""
    header = sweep_header(sweep)
    return _join([[f"**{escape(sweep_title(sweep))}**"],
                  table([name for name, _ in header], sweep_rows(sweep),
                        [right for _, right in header])])


def sensitivity_markdown(s: Sensitivity) -> str:
    """The ranked inputs that move the plan as a table, then each tornado chart in a code
    block (plain characters, which every markdown viewer shows in a fixed-width font)."""
    header = tornado_header(s)
    blocks = [[f"**{escape(tornado_title(s))}**"], [escape(tornado_base(s))],
              table([name for name, _ in header], tornado_rows(s),
                    [right for _, right in header])]
    for title, lines in tornado_charts(s, BAR_WIDTH, PLAIN_MARKS):
        width = max(len(label) for label, _, _ in lines)
        blocks.append([f"**{escape(title)}**", "", "```",
                       *(f"{label:<{width}}  {bar}  {text}" for label, bar, text in lines),
                       "```"])
    return _join(blocks)


def withdrawals_markdown(w: Withdrawals) -> str:
    """The withdrawals, ranked, as a table under the base plan's figures."""
    header = withdraw_header(w)
    return _join([[f"**{escape(withdraw_title(w))}**"], [escape(withdraw_base(w))],
                  table([name for name, _ in header], withdraw_rows(w),
                        [right for _, right in header])])


def draws_markdown(r: RiskDraws) -> str:
    """Each task's chance of being fully staffed, then the shortfall by priority."""
    header, short = draws_header(), shortfall_header(r)
    return _join([[f"**{escape(draws_title(r))}**"], *([escape(n)] for n in draws_notes(r)),
                  table([name for name, _ in header], draws_rows(r),
                        [right for _, right in header]),
                  [f"**{escape(shortfall_title(r))}**"],
                  table([name for name, _ in short], shortfall_rows(r),
                        [right for _, right in short])])


def alternatives_markdown(a: Alternatives) -> str:
    """Axes × alternatives, then each alternative's changes from the optimum."""
    header = alternatives_header(a)
    blocks = [[f"**{escape(alternatives_title(a))}**"],
              *([escape(n)] for n in alternatives_notes(a)),
              table([name for name, _ in header], alternatives_rows(a),
                    [right for _, right in header])]
    for alt in a.alternatives:
        title, rows = alternative_changes(alt)
        blocks += [[f"**{escape(title)}**"],
                   table([n for n, _ in CHANGES_HEADER], rows, [r for _, r in CHANGES_HEADER])]
    return _join(blocks)


def summary_markdown(view: SummaryView) -> str:
    """``solve --summary`` as markdown, for a pull-request comment or a briefing note: the
    same sections as on the terminal, in the same order, without bars (the shares are
    written out beside them anyway)."""
    plan = view.plan
    blocks = [[f"## {escape(summary_title(plan))}"],
              [f"### {escape(SUMMARY_SECTIONS[0])}", "",
               *(f"- **{label}:** {escape(text)}" for label, text in verdict_rows(plan))]]
    short = short_requirements(plan)
    if short:
        more = more_shortfalls(short)
        blocks.append([f"### {escape(SUMMARY_SECTIONS[1])} ({len(short)})", "",
                       *_short_rows(short[:SUMMARY_TOP]),
                       *(["", escape(more + ".")] if more else [])])
    else:
        blocks.append([f"### {escape(SUMMARY_SECTIONS[1])}", "", NO_SHORTFALLS])
    rows = shares_order(plan)
    if rows:
        phases = [p.phase for p in plan.phases]
        notes = [caps_words(rows) + ".", *(
            [more + "."] if (more := more_shares(rows)) else [])]
        blocks.append([f"### {escape(SUMMARY_SECTIONS[2])}", "",
                       *table(["Contributor", *phases],
                              [[contributor_label(c.contributor, c.name),
                                *(share_text(c, p) for p in phases)]
                               for c in rows[:SUMMARY_TOP]],
                              [False, *([True] * len(phases))]),
                       "", escape(" ".join(notes))])
    blocks.append([f"**{escape(NEXT_TITLE)}:**", "",
                   *(f"- `{command}`: {escape(what)}" for command, what in next_steps(plan))])
    return _join(blocks)


RENDERERS = {Plan: plan_markdown, SummaryView: summary_markdown, Diff: diff_markdown,
             Comparison: comparison_markdown,
             Explanation: explanation_markdown, RuleListing: rules_markdown,
             Backtest: backtest_markdown, Sweep: sweep_markdown,
             Sensitivity: sensitivity_markdown, Withdrawals: withdrawals_markdown,
             RiskDraws: draws_markdown, Alternatives: alternatives_markdown}
"""The markdown renderer of each result type."""
