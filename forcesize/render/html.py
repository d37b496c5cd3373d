"""The HTML report: one self-contained page a planner can open offline, look at and share.

What it holds, in reading order: the verdict (needs, who gives it, cost, where short), a
task × phase coverage grid, persons by component and phase, contributors' and groups'
shares against their caps, who pays against pledges, each shortfall with the limits that
keep it open and what would close it, and every requirement's derivation on demand. Given
the JSON output of studies (sweep, sensitivity, risk, alternatives) it draws them too;
given several mandates it sets them side by side first.

The page needs no JavaScript and no network: styles are inline in one ``<style>``, charts
are inline SVG (:mod:`.svg`). It is byte-identical for identical inputs: nothing in it
depends on the clock, the machine or the path it is written to. Every chart has a text
alternative and its numbers in a table beside it, so a screen reader or a spreadsheet
loses nothing. Tables' cells reuse :mod:`.cells`, the text the terminal and markdown
print, so a figure reads the same in every output.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape

from ..explain.models import Explanation
from ..fmt import money, number, percent, signed, signed_money
from ..mandate.schema import COMPONENTS, PRIORITIES
from ..results import Comparison, Plan
from ..results.alternatives import Alternatives
from ..results.draws import RiskDraws
from ..results.groups import GroupShareRow
from ..results.risk import Withdrawals
from ..results.sensitivity import Sensitivity, metric
from ..results.studies import Study
from ..results.sweep import Sweep
from ..version import __version__
from . import svg
from .cells import (
    NO_SHORTFALLS,
    NONE,
    PRIORITY_ORDER,
    TORNADO_TOP,
    alternatives_header,
    alternatives_notes,
    alternatives_rows,
    alternatives_title,
    axis_value,
    burden_table,
    comparison_value,
    contributor_label,
    draws_header,
    draws_notes,
    draws_rows,
    draws_title,
    financing_words,
    integer_check,
    is_money_row,
    is_number,
    moving,
    phase_cap,
    readiness_table,
    reads_as_cap,
    relaxation_effect,
    schemes_table,
    share_text,
    short_requirements,
    shortfall_header,
    shortfall_rows,
    shortfall_title,
    step_label,
    sweep_header,
    sweep_rows,
    sweep_title,
    tornado_base,
    tornado_header,
    tornado_rows,
    tornado_title,
    unit_groups_table,
    unit_text,
    verdict_rows,
    withdraw_base,
    withdraw_header,
    withdraw_rows,
    withdraw_title,
)

MARGINALS_SHOWN = 15
"""Marginal values listed under "what would close it" (``explain`` lists them all)."""


@dataclass(frozen=True)
class ReportEntry:
    """One mandate's part of the report: its checked plan, explanation and group shares."""

    label: str
    file: str
    plan: Plan
    explanation: Explanation
    groups: list[GroupShareRow] = field(default_factory=list)


@dataclass(frozen=True)
class Report:
    """Everything a report draws: mandates (the base first), their comparison when there
    are several, and studies' outputs with the file each came from."""

    entries: list[ReportEntry]
    comparison: Comparison | None = None
    studies: list[tuple[str, Study]] = field(default_factory=list)


STYLE = """
:root{--ok:#d8f0e5;--short:#f9d3bd;--part:#fbe6b8;--line:#d0d0d0;--muted:#555}
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;
color:#111;background:#fff}
main{max-width:1280px;margin:0 auto;padding:1rem 1.25rem 3rem}
h1{font-size:1.6rem;margin:.5rem 0}h2{font-size:1.3rem;margin:2rem 0 .5rem;
border-bottom:2px solid #111}h3{font-size:1.1rem;margin:1.25rem 0 .4rem}
p,li{max-width:75ch}.muted{color:var(--muted)}code{font-size:.9em;overflow-wrap:anywhere}
nav ul{padding-left:1.2rem;columns:2 16rem}
.scroll{overflow-x:auto;max-width:100%;margin:.5rem 0}
table{border-collapse:collapse;font-size:.9rem}
caption{text-align:left;font-weight:600;padding:.25rem 0}
th,td{padding:.25rem .55rem;border-bottom:1px solid var(--line);text-align:left;
vertical-align:top}
th{background:#f3f3f3}.n{text-align:right;font-variant-numeric:tabular-nums}
td.n{white-space:nowrap}
td.ok{background:var(--ok)}td.short{background:var(--short)}td.part{background:var(--part)}
td.none{color:#888}th.sub{padding-left:1.6rem;font-weight:400}
figure{margin:1rem 0}figcaption{font-size:.9rem;color:var(--muted);max-width:75ch}
.chart-box{overflow-x:auto;max-width:100%}
svg.chart{display:block;width:100%;max-width:760px;min-width:540px;height:auto}
svg text{font:13px system-ui,Arial,sans-serif;fill:#111}svg text.small{font-size:11px}
svg text.head{font-size:15px;font-weight:600}
dl.verdict{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:.5rem 0}
dl.verdict dt{font-weight:600}dl.verdict dd{margin:0}
.headline{font-size:1.15rem;font-weight:600;padding:.5rem .75rem;border-left:6px solid #111;
background:#f6f6f6;max-width:75ch}
.headline.bad{border-color:#D55E00}.headline.good{border-color:#009E73}
details{margin:.3rem 0}summary{cursor:pointer}
@media (max-width:640px){main{padding:.75rem}dl.verdict{grid-template-columns:1fr}
h1{font-size:1.35rem}}
"""


def _e(text: object) -> str:
    return escape(str(text))


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], right: Sequence[bool],
           caption: str = "", classes: Sequence[Sequence[str]] | None = None) -> str:
    """A data table in a horizontally scrolling box (a wide table scrolls on a phone
    rather than widening the page)."""
    head = "".join(f'<th scope="col"{" class=n" if r else ""}>{_e(h)}</th>'
                   for h, r in zip(header, right, strict=True))
    body = []
    for i, row in enumerate(rows):
        cells = []
        for j, (cell, r) in enumerate(zip(row, right, strict=True)):
            names = [*(["n"] if r else []), *([classes[i][j]] if classes and classes[i][j]
                                                else [])]
            klass = f' class="{" ".join(names)}"' if names else ""
            tag = "th scope=\"row\"" if j == 0 and not r else "td"
            end = "th" if tag.startswith("th") else "td"
            cells.append(f"<{tag}{klass}>{_e(cell)}</{end}>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    cap = f"<caption>{_e(caption)}</caption>" if caption else ""
    return (f'<div class="scroll"><table>{cap}<thead><tr>{head}</tr></thead><tbody>'
            + "".join(body) + "</tbody></table></div>")


def _pairs(pairs: list[tuple[str, bool]]) -> tuple[list[str], list[bool]]:
    return [h for h, _ in pairs], [r for _, r in pairs]


def _figure(chart: str, caption: str, table: str) -> str:
    """A chart, its caption and its numbers: the table is the chart's data, so nothing is
    only in the picture."""
    return (f'<figure><div class="chart-box">{chart}</div><figcaption>{_e(caption)}'
            f"</figcaption></figure>{table}")


def _section(anchor: str, title: str, body: str) -> str:
    return f'<section id="{anchor}"><h2>{_e(title)}</h2>{body}</section>'


# --------------------------------------------------------------------------- one plan

def _verdict(e: ReportEntry) -> str:
    plan = e.plan
    worst = next((p for p in PRIORITIES if plan.shortfall_person_months.get(p, 0) > 0), None)
    tone = "good" if worst is None else "bad" if worst == "essential" else ""
    peak = max(plan.phases, key=lambda p: p.deployed, default=None)
    used = [c for c in plan.contributors if any(c.personnel.values())]
    (_, sentence), *figures = verdict_rows(plan)
    facts = [
        *figures,
        ("Financing", financing_words(plan)),
        ("Largest phase", NONE if peak is None else
         f"{number(peak.deployed)} persons deployed of {number(peak.required)} required "
         f"({peak.phase})"),
        ("Contributors", f"{len(used)} of {len(plan.contributors)} send persons"),
        ("Mandate file", e.file),
    ]
    dl = "".join(f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in facts)
    months = {p.phase: p.months for p in plan.phases}
    givers = sorted(((c, sum(n * months[p] for p, n in c.personnel.items())) for c in used),
                    key=lambda x: (-x[1], x[0].contributor))
    total = sum(pm for _, pm in givers) or 1.0
    who = svg.bars(
        "Who gives it: person-months by contributor",
        "Person-months each contributor deploys over the mandate, largest first.",
        [svg.Bar(contributor_label(c.contributor, c.name), pm,
                 f"{number(round(pm))} ({percent(pm / total)})") for c, pm in givers])
    who_table = _table(["Contributor", "Person-months", "Share"],
                       [[contributor_label(c.contributor, c.name), number(round(pm)),
                         percent(pm / total)] for c, pm in givers], [False, True, True])
    rows = [[r.task, r.capability, r.phase, r.priority, number(r.shortfall),
             f"{number(r.filled)}/{number(r.required)}", number(r.shortfall_person_months)]
            for r in short_requirements(plan)]
    where = (_table(["Task", "Capability", "Phase", "Priority", "Short (persons)",
                     "Filled/required", "Person-months"], rows,
                    [False, False, False, False, True, True, True],
                    "Where it is short, highest priority and largest first")
             if rows else f"<p>{_e(NO_SHORTFALLS)}</p>")
    klass = f"headline {tone}".strip()
    return (f'<p class="{klass}">{_e(sentence)}</p>'
            f'<dl class="verdict">{dl}</dl>'
            f"<h3>Where short</h3>{where}<h3>Who gives it</h3>"
            + _figure(who, "Each bar is a contributor's person-months; the table has the "
                           "same figures.", who_table))


def _coverage(plan: Plan) -> str:
    """Task × phase: persons filled of required, summed over the task's capabilities; the
    status is the capabilities' (covered only when none is short: a capability filled
    beyond its need by whole units does not cover another's shortfall)."""
    phases = [p.phase for p in plan.phases]
    tasks: dict[str, dict[str, list[int]]] = {}
    priority: dict[str, str] = {}
    for r in plan.requirements:
        cell = tasks.setdefault(r.task, {}).setdefault(r.phase, [0, 0, 0])
        cell[0] += r.filled
        cell[1] += r.required
        cell[2] += r.shortfall
        prior = priority.get(r.task)
        if prior is None or PRIORITY_ORDER[r.priority] < PRIORITY_ORDER[prior]:
            priority[r.task] = r.priority
    rows, classes = [], []
    for task in sorted(tasks, key=lambda t: (PRIORITY_ORDER[priority[t]], t)):
        row, kinds = [task, priority[task]], ["", ""]
        for phase in phases:
            got = tasks[task].get(phase)
            if got is None or got[1] == 0:
                row.append(NONE)
                kinds.append("none")
            elif got[2] == 0:
                row.append(f"covered {number(got[0])}/{number(got[1])}")
                kinds.append("ok")
            elif got[0] == 0:
                row.append(f"short {number(got[0])}/{number(got[1])}")
                kinds.append("short")
            else:
                row.append(f"partly {number(got[0])}/{number(got[1])}, "
                           f"{number(got[2])} short")
                kinds.append("part")
        rows.append(row)
        classes.append(kinds)
    grid = _table(["Task", "Priority", *phases], rows, [False, False, *([False] * len(phases))],
                  "Coverage: persons filled of required, by task and phase", classes)
    detail = _table(
        ["Task", "Capability", "Phase", "Priority", "Filled", "Required", "Short"],
        [[r.task, r.capability, r.phase, r.priority, number(r.filled), number(r.required),
          number(r.shortfall)] for r in plan.requirements],
        [False, False, False, False, True, True, True])
    return (f"<p>Green: every requirement of the task is filled in the phase; orange: partly; "
            f"red: nothing filled; {_e(NONE)}: no requirement in that phase. The words say "
            f"the same as the colours.</p>{grid}"
            f"<details><summary>Every requirement by capability</summary>{detail}</details>")


def _components(plan: Plan) -> str:
    comps = [c for c in COMPONENTS if any(p.by_component.get(c, 0) for p in plan.phases)] \
        or list(COMPONENTS)
    chart = svg.columns(
        "Persons by component and phase",
        "Stacked columns: persons deployed in each phase by component; the total is written "
        "above each column.", [p.phase for p in plan.phases],
        [(c, [p.by_component.get(c, 0) for p in plan.phases]) for c in comps], number)
    table = _table(["Phase", *(c.capitalize() for c in comps), "Deployed", "Required", "Short",
                    "Months"],
                   [[p.phase, *(number(p.by_component.get(c, 0)) for c in comps),
                     number(p.deployed), number(p.required), number(p.shortfall),
                     number(p.months)] for p in plan.phases],
                   [False, *([True] * (len(comps) + 4))])
    return _figure(chart, "Each column is a phase; the table has the same figures with what "
                          "the tasks require.", table)


def _shares(e: ReportEntry) -> str:
    plan = e.plan
    out = []
    for p in plan.phases:
        rows = []
        for c in plan.contributors:
            if not c.personnel.get(p.phase):
                continue
            cap = phase_cap(c, p.phase)
            share = c.share[p.phase]
            rows.append(svg.Bar(c.contributor, share,
                                f"{percent(share)} (cap {percent(cap)})", limit=cap,
                                colour=svg.PALETTE[1] if reads_as_cap(share, cap) else
                                svg.PALETTE[0]))
        if rows:
            out.append(svg.bars(
                f"Shares of the {p.phase} phase",
                f"Each contributor's share of the {number(p.deployed)} persons deployed in "
                f"the {p.phase} phase; the black tick is its cap, an orange bar is at it.",
                rows, "cap"))
    charts = "".join(f'<div class="chart-box">{c}</div>' for c in out)
    phases = [p.phase for p in plan.phases]
    table = _table(
        ["Contributor", *phases, "Cap"],
        [[contributor_label(c.contributor, c.name),
          *(share_text(c, p) if c.personnel[p] else NONE for p in phases),
          percent(c.max_share) + "".join(f"; {p} {percent(v)}"
                                         for p, v in c.max_share_by_phase.items())]
         for c in plan.contributors], [False, *([True] * len(phases)), True],
        "Persons and share of each phase, by contributor")
    body = (f"<figure>{charts}<figcaption>One chart per phase; contributors that send "
            f"nobody in the phase are left out of its chart but not of the table."
            f"</figcaption></figure>{table}")
    if e.groups:
        group_bars = [svg.Bar(f"{g.group} · {g.phase}", g.share,
                              f"{percent(g.share)}"
                              + (f" (max {percent(g.max_share)})" if g.max_share is not None
                                 else "")
                              + (f" (min {percent(g.min_share)})" if g.min_share is not None
                                 else ""), limit=g.max_share)
                      for g in e.groups]
        body += _figure(
            svg.bars("Groups' shares by phase", "Each group's share of the persons deployed "
                     "in each phase; the black tick is its cap where it has one.", group_bars,
                     "cap"),
            "Groups' shares against their bounds.",
            _table(["Group", "Phase", "Persons", "Share", "Min", "Max"],
                   [[g.group, g.phase, number(g.persons), percent(g.share),
                     NONE if g.min_share is None else percent(g.min_share),
                     NONE if g.max_share is None else percent(g.max_share)]
                    for g in e.groups], [False, False, True, True, True, True]))
    return body


def _financing(plan: Plan) -> str:
    rows = sorted(plan.financing, key=lambda f: (-f.pays, f.contributor))
    chart = svg.bars(
        "Who pays, against pledges",
        "Each contributor's net burden over the mandate; the black tick is its pledge.",
        [svg.Bar(f.contributor, max(f.pays, 0.0), money(f.pays, plan.currency),
                 limit=f.pledge) for f in rows if f.pays or f.pledge], "pledge")
    table = _table(["Contributor", "Pays", "Pledge", "Cost of its own personnel"],
                   [[f.contributor, money(f.pays, plan.currency),
                     NONE if f.pledge is None else money(f.pledge, plan.currency),
                     money(f.personnel_cost, plan.currency)] for f in rows],
                   [False, True, True, True])
    body = _figure(chart, f"Financing: {financing_words(plan)}.", table)
    for made in (burden_table(plan), schemes_table(plan), readiness_table(plan),
                 unit_groups_table(plan)):
        if made is not None:
            header, cells, right = made
            body += _table(header, cells, right)
    return body


def _shortfalls(ex: Explanation) -> str:
    if not ex.shortfalls:
        return f"<p>{_e(NO_SHORTFALLS)}</p>"
    parts = []
    for s in ex.shortfalls:
        blockers = _table(["Contributor", "Why not more", "Idle persons", "What would help"],
                          [[b.contributor, b.text, number(b.idle),
                            b.remedy.replace("{who}", b.contributor)] for b in s.blockers],
                          [False, False, True, False]) if s.blockers else ""
        parts.append(f"<h3>{_e(s.task)} · {_e(s.capability)} · {_e(s.phase)}</h3>"
                     f"<p>{_e(s.text)}</p>{blockers}")
    if ex.limits:
        parts.append("<h3>Limits reached that keep a shortfall open</h3>" + _table(
            ["Key", "Kind", "Used", "Limit", "Unit", "What it means"],
            [[lim.path, lim.kind, number(lim.used), number(lim.limit), lim.unit, lim.text]
             for lim in ex.limits], [False, False, True, True, False, False]))
    if ex.marginals:
        shown = ex.marginals[:MARGINALS_SHOWN]
        parts.append(
            "<h3>What would close it</h3><p>Marginal values from the LP relaxation: what one "
            "step of a limit is worth to the first stage it moves; the whole-person check "
            "says whether re-solving with the step applied confirms it.</p>" + _table(
                ["Change", "Stage", "Effect per step", "Unit", "Whole-person check", "Key"],
                [[m.change, m.stage, relaxation_effect(m.effect), m.effect_unit,
                  integer_check(m.check, m.integer_effect), m.path] for m in shown],
                [False, False, True, False, False, False],
                f"The first {len(shown)} of {len(ex.marginals)} (explain lists them all)"))
    return "".join(parts)


def _derivations(ex: Explanation) -> str:
    parts = []
    for d in ex.derivations:
        terms = _table(["Rule", "Rate", "Quantity", "Persons", "Source"],
                       [[t.wording, t.rate, t.quantity, t.persons, t.source or NONE]
                        for t in d.terms], [False, True, True, True, False])
        parts.append(f"<details><summary>{_e(d.task)} · {_e(d.capability)}: "
                     f"{_e(number(d.required))} persons ({_e(', '.join(d.phases))})</summary>"
                     f"<p>{_e(d.formula)}</p>{terms}<p class=\"muted\">{_e(d.text)} "
                     f"<code>{_e(d.path)}</code></p></details>")
    return "<p>How each requirement was computed, from the mandate's rules.</p>" + "".join(
        parts)


SECTIONS = (("verdict", "Verdict"), ("coverage", "Coverage by task and phase"),
            ("components", "Persons by component and phase"),
            ("shares", "Contributors' shares against their caps"),
            ("financing", "Who pays"), ("shortfalls", "Shortfalls: why, and what would close "
                                                      "them"),
            ("derivations", "How each requirement was derived"))


def _entry(e: ReportEntry, prefix: str) -> str:
    bodies = {"verdict": _verdict(e), "coverage": _coverage(e.plan),
              "components": _components(e.plan), "shares": _shares(e),
              "financing": _financing(e.plan),
              "shortfalls": _shortfalls(e.explanation),
              "derivations": _derivations(e.explanation)}
    return "".join(_section(f"{prefix}{key}", title, bodies[key]) for key, title in SECTIONS)


# --------------------------------------------------------------------------- several

def _comparison(cmp: Comparison) -> str:
    labels = [c.label for c in cmp.mandates]
    currencies = [c.currency for c in cmp.mandates]
    rows = [[r.label, unit_text(r.unit, currencies),
             *(comparison_value(v, r.unit, c, is_money_row(r.unit))
               for v, c in zip(r.values, currencies, strict=True))] for r in cmp.rows]
    sub = [["sub" if r.level else "", *([""] * (len(labels) + 1))] for r in cmp.rows]
    table = _table(["Figure", "Unit", *labels], rows, [False, False, *([True] * len(labels))],
                   "Headline figures, one column per mandate", sub)
    by = {r.metric: r.values for r in cmp.rows}
    chart = svg.columns(
        "Shortfall by priority, by mandate",
        "Side-by-side columns: each mandate's shortfall person-months at each priority.",
        list(PRIORITIES), [(label, [float(by[f"shortfall_{p}"][i] or 0) for p in PRIORITIES])
                           for i, label in enumerate(labels)], number, stacked=False)
    costs = svg.bars("Total cost by mandate", "Each mandate's total cost.",
                     [svg.Bar(label, float(by["total_cost"][i] or 0),
                              money(float(by["total_cost"][i] or 0), currencies[i]))
                      for i, label in enumerate(labels)])
    return (_figure(chart, "Shortfall of each mandate; the table below has every figure.", "")
            + _figure(costs, "Total cost of each mandate.", "") + table)


# --------------------------------------------------------------------------- studies

def _sweep(s: Sweep) -> str:
    header, right = _pairs(sweep_header(s))
    table = _table(header, sweep_rows(s), right)
    axes = s.axes
    total = [None if p.shortfall_person_months is None else
             sum(p.shortfall_person_months.values()) for p in s.points]
    xs = [p.values[axes[0]] for p in s.points] if axes else []
    if len(axes) == 1 and all(is_number(x) for x in xs):
        charts = svg.lines(
            f"Shortfall along {axes[0]}", "Shortfall person-months at each priority at each "
            "point of the sweep; a cross marks a point without a plan.", xs, axes[0],
            [(p, [None if q.shortfall_person_months is None else
                  q.shortfall_person_months.get(p, 0.0) for q in s.points])
             for p in PRIORITIES], number, number)
        charts += svg.lines(f"Cost along {axes[0]}", "Total cost at each point.", xs, axes[0],
                            [("cost", [p.total_cost for p in s.points])],
                            lambda v: money(v, s.currency), number)
    elif len(axes) == 2:
        xs_ = list(dict.fromkeys(axis_value(p.values[axes[0]]) for p in s.points))
        ys_ = list(dict.fromkeys(axis_value(p.values[axes[1]]) for p in s.points))
        cell = {(axis_value(p.values[axes[0]]), axis_value(p.values[axes[1]])): t
                for p, t in zip(s.points, total, strict=True)}
        charts = svg.heat(
            "Total shortfall over the grid", "Shortfall person-months, all priorities, at "
            "each pair of values; darker is shorter, grey has no plan.", xs_, ys_, axes[0],
            axes[1], [[cell.get((x, y)) for x in xs_] for y in ys_], number)
    else:
        charts = svg.bars("Total shortfall by point", "Shortfall person-months, all "
                          "priorities, at each point.",
                          [svg.Bar(f"#{p.point}", t or 0.0, NONE if t is None else number(t))
                           for p, t in zip(s.points, total, strict=True)])
    return _figure(charts, sweep_title(s), table)


def _sensitivity(s: Sensitivity) -> str:
    rows = moving(s)[:TORNADO_TOP]
    low, high = step_label(s.fraction, "-"), step_label(s.fraction, "+")

    def delta(name: str) -> list[tuple[str, float, float]]:
        out = []
        for r in rows:
            base = metric(s.base, name)
            sides = [metric(r.side(w, s.base), name) for w in ("low", "high")]
            if base is None or any(v is None for v in sides):
                continue
            out.append((r.path, (sides[0] or 0.0) - base, (sides[1] or 0.0) - base))
        return out

    charts = ""
    for name, title, fmt in (
            ("essential", "essential shortfall", signed),
            ("important", "important shortfall", signed),
            ("desirable", "desirable shortfall", signed),
            ("cost", "cost", lambda v: signed_money(v, s.currency))):
        moved = [r for r in delta(name) if r[1] or r[2]]
        if moved:
            charts += svg.tornado(f"Tornado: change of the {title}",
                                  f"Change of the {title} when each input is {low} and "
                                  f"{high}, largest swing first.", moved, fmt, low, high)
    header, right = _pairs(tornado_header(s))
    return _figure(charts, f"{tornado_title(s)}. {tornado_base(s)}",
                   _table(header, tornado_rows(s), right))


def _withdrawals(w: Withdrawals) -> str:
    chart = svg.bars("Shortfall added by each withdrawal", "Shortfall person-months (all "
                     "priorities) each withdrawal adds to the plan.",
                     [svg.Bar(r.withdrawn, sum((r.added or {}).values()),
                              r.point.status if r.added is None else
                              number(sum(r.added.values()))) for r in w.rows])
    header, right = _pairs(withdraw_header(w))
    return _figure(chart, f"{withdraw_title(w)}. {withdraw_base(w)}",
                   _table(header, withdraw_rows(w), right))


def _draws(r: RiskDraws) -> str:
    chart = svg.intervals(
        "Chance each task is staffed", "Share of draws in which every requirement of the task "
        "in the phase is filled, with its 95 % Wilson interval.",
        [(f"{t.task} · {t.phase}", t.probability, t.low, t.high) for t in r.tasks])
    header, right = _pairs(draws_header())
    short_header, short_right = _pairs(shortfall_header(r))
    return _figure(chart, f"{draws_title(r)}. {' '.join(draws_notes(r))}",
                   _table(header, draws_rows(r), right)
                   + _table(short_header, shortfall_rows(r), short_right,
                            shortfall_title(r)))


def _alternatives(a: Alternatives) -> str:
    shown = a.alternatives[:len(svg.PALETTE) - 1]
    axes = [x for x in a.axes if x != "contributors-per-task"]
    chart = svg.dots(
        "The optimum and its alternatives on each axis", "Each plan's share of the mission's "
        "person-months on each axis, one dot per plan.",
        [(x, [a.axes[x], *(alt.axes[x] for alt in shown)]) for x in axes],
        ["optimal", *(f"#{alt.number}" for alt in shown)], percent)
    header, right = _pairs(alternatives_header(a))
    return _figure(chart, f"{alternatives_title(a)}. {' '.join(alternatives_notes(a))}",
                   _table(header, alternatives_rows(a), right))


STUDY_TITLES = {Sweep: "Sweep", Sensitivity: "Sensitivity (tornado)",
                RiskDraws: "Risk: chance of being staffed", Withdrawals: "Risk: withdrawals",
                Alternatives: "Alternatives nearly as good"}


def _study(study: Study) -> str:
    if isinstance(study, Sweep):
        return _sweep(study)
    if isinstance(study, Sensitivity):
        return _sensitivity(study)
    if isinstance(study, RiskDraws):
        return _draws(study)
    if isinstance(study, Withdrawals):
        return _withdrawals(study)
    return _alternatives(study)


# --------------------------------------------------------------------------- the page

def html_report(report: Report) -> str:
    """The whole page as text; equal reports give equal bytes."""
    several = len(report.entries) > 1
    nav, parts = [], []
    if report.comparison is not None:
        nav.append(("comparison", "Mandates side by side"))
        parts.append(_section("comparison", "Mandates side by side",
                              _comparison(report.comparison)))
    for i, e in enumerate(report.entries, 1):
        prefix = f"m{i}-" if several else ""
        if several:
            nav.append((f"{prefix}verdict", f"{e.label}: {e.plan.mandate}"))
            parts.append(f'<article aria-label="{_e(e.label)}"><h2>{_e(e.label)}: '
                         f"{_e(e.plan.mandate)}</h2>{_entry(e, prefix)}</article>")
        else:
            nav += [(key, title) for key, title in SECTIONS]
            parts.append(_entry(e, prefix))
    for i, (file, study) in enumerate(report.studies, 1):
        anchor = f"study-{i}"
        title = f"{STUDY_TITLES[type(study)]}: {file}"
        nav.append((anchor, title))
        parts.append(_section(anchor, title, _study(study)))
    first = report.entries[0].plan
    title = (f"forcesize report: {first.mandate}" if not several else
             "forcesize report: " + " vs ".join(e.label for e in report.entries))
    toc = "".join(f'<li><a href="#{a}">{_e(t)}</a></li>' for a, t in nav)
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="forcesize {_e(__version__)}">\n'
        f"<title>{_e(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n"
        f"<h1>{_e(title)}</h1>\n<p class=\"muted\">Written by forcesize {_e(__version__)} "
        "from the checked plan"
        + ("s" if several else "") + "; every figure is in a table as well as a chart.</p>\n"
        f'<nav aria-label="Contents"><ul>{toc}</ul></nav>\n'
        + "\n".join(parts) + "\n</main>\n</body>\n</html>\n")
