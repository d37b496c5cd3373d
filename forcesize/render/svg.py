"""SVG charts for the HTML report, written as text: bars, stacked columns, lines, a heat
map, a tornado and probability intervals.

Why by hand rather than a plotting library: the report must be one offline file,
byte-identical for identical inputs and small. The charts it needs are rectangles, lines
and labels; written here they are a few kilobytes each, carry no script, no timestamp,
no generated ids or hash salt, and add no dependency to the install (a plotting library
would bring tens of megabytes and metadata to pin down; plotly's offline HTML is about
4.8 MB per chart). Every chart is an ``<svg role="img">`` with a ``<title>`` and a
``<desc>`` (its text alternative) and a ``viewBox``, so it scales to the page's width;
the report puts each chart's numbers in a table beside it.

Coordinates are printed with at most one decimal, so the text does not depend on
floating-point noise. Colours come from the Okabe–Ito palette, which stays distinct to
readers with the common colour-vision deficiencies; the numbers are always written on or
beside the marks, so no reading depends on colour alone.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

WIDTH = 720
"""The user-space width of every chart; the page scales it to the column."""
ROW = 22
"""The height of one bar's row."""
HEAD = 26
"""Room above the marks for the chart's title."""
AXIS = 90.0
"""Room for the value axis's labels left of columns and lines."""
CHAR = 7.2
"""The mean width of a label's character at 13 px, to leave room for the longest label."""
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
           "#000000")
"""Okabe–Ito, for series in order."""
GOOD, BAD, NEUTRAL, LIMIT = "#009E73", "#D55E00", "#999999", "#000000"

Formatter = Callable[[float], str]


def _n(x: float) -> str:
    """A coordinate: at most one decimal, no ``-0``."""
    text = f"{round(x, 1) + 0.0:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _text(x: float, y: float, body: str, anchor: str = "start", cls: str = "") -> str:
    klass = f' class="{cls}"' if cls else ""
    return (f'<text x="{_n(x)}" y="{_n(y)}" text-anchor="{anchor}"{klass}>'
            f"{escape(body)}</text>")


def _rect(x: float, y: float, w: float, h: float, fill: str, tip: str = "") -> str:
    title = f"<title>{escape(tip)}</title>" if tip else ""
    close = f">{title}</rect>" if title else "/>"
    return (f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(max(w, 0.0))}" height="{_n(h)}" '
            f'fill="{fill}"{close}')


def _line(x1: float, y1: float, x2: float, y2: float, stroke: str = LIMIT,
          width: float = 1, dash: bool = False) -> str:
    dashed = ' stroke-dasharray="4 3"' if dash else ""
    return (f'<line x1="{_n(x1)}" y1="{_n(y1)}" x2="{_n(x2)}" y2="{_n(y2)}" '
            f'stroke="{stroke}" stroke-width="{_n(width)}"{dashed}/>')


def _svg(title: str, desc: str, height: float, body: list[str]) -> str:
    """The chart's frame: its accessible name and description, its title shown above the
    marks, and a viewBox."""
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} '
            f'{_n(height + HEAD)}" role="img" class="chart"><title>{escape(title)}</title>'
            f"<desc>{escape(desc)}</desc>"
            f'<text x="0" y="16" class="head">{escape(title)}</text>'
            f'<g transform="translate(0 {HEAD})">' + "".join(body) + "</g></svg>")


def _left(labels: Sequence[str]) -> float:
    """Room left of the marks for the longest label (ids are never cut), within reason."""
    return min(WIDTH / 2, max(80.0, CHAR * max((len(x) for x in labels), default=0) + 14))


def _legend(names: Sequence[str], y: float, left: float,
            colours: Sequence[str] = PALETTE) -> list[str]:
    out, x = [], float(left)
    for i, name in enumerate(names):
        out.append(_rect(x, y - 10, 12, 12, colours[i % len(colours)]))
        out.append(_text(x + 16, y, name))
        x += 28 + 7.5 * len(name)
    return out


@dataclass(frozen=True)
class Bar:
    """One horizontal bar: ``value`` against an optional ``limit`` (a cap, a pledge),
    drawn as a black tick; ``text`` is written at the bar's end."""

    label: str
    value: float
    text: str
    limit: float | None = None
    colour: str = PALETTE[0]


def bars(title: str, desc: str, rows: Sequence[Bar], limit_name: str = "") -> str:
    """Horizontal bars on one scale (the largest value or limit), with limits as ticks."""
    top = max([1e-12, *(b.value for b in rows), *(b.limit or 0 for b in rows)])
    left = _left([b.label for b in rows])
    span = WIDTH - left - 8 - CHAR * max((len(b.text) for b in rows), default=0)
    legend = 26 if limit_name else 8
    body = []
    if limit_name:
        body += [_line(left, 9, left, 21, width=2), _text(left + 6, 19, limit_name)]
    for i, b in enumerate(rows):
        y = legend + i * ROW
        w = span * b.value / top
        body.append(_text(left - 6, y + 15, b.label, "end"))
        body.append(_rect(left, y + 3, w, ROW - 6, b.colour, f"{b.label}: {b.text}"))
        end = w
        if b.limit is not None:
            x = left + span * b.limit / top
            body.append(_line(x, y, x, y + ROW, width=2))
            end = max(w, x - left)
        body.append(_text(left + end + 6, y + 15, b.text))
    return _svg(title, desc, legend + len(rows) * ROW + 6, body)


def columns(title: str, desc: str, categories: Sequence[str],
            series: Sequence[tuple[str, Sequence[float]]], fmt: Formatter,
            stacked: bool = True) -> str:
    """Vertical columns per category: stacked series (persons by component), or side by
    side; each column's total (stacked) or each value (side by side) written above it."""
    height, base, top_pad, left = 300.0, 250.0, 30.0, AXIS
    totals = [sum(v[i] for _, v in series) for i in range(len(categories))]
    top = max([1e-12, *(totals if stacked else [x for _, v in series for x in v])])
    slot = (WIDTH - left) / max(1, len(categories))
    body = _legend([name for name, _ in series], 16, left)
    scale = (base - top_pad - 20) / top
    for i, category in enumerate(categories):
        x0 = left + i * slot + slot * 0.15
        width = slot * 0.7
        if stacked:
            y = base
            for s, (name, values) in enumerate(series):
                h = values[i] * scale
                y -= h
                body.append(_rect(x0, y, width, h, PALETTE[s % len(PALETTE)],
                                  f"{category}, {name}: {fmt(values[i])}"))
            body.append(_text(x0 + width / 2, y - 4, fmt(totals[i]), "middle"))
        else:
            each = width / max(1, len(series))
            for s, (name, values) in enumerate(series):
                h = values[i] * scale
                x = x0 + s * each
                body.append(_rect(x, base - h, each * 0.9, h, PALETTE[s % len(PALETTE)],
                                  f"{category}, {name}: {fmt(values[i])}"))
                body.append(_text(x + each * 0.45, base - h - 4, fmt(values[i]), "middle",
                                  "small"))
        body.append(_text(x0 + width / 2, base + 18, category, "middle"))
    body.append(_line(left, base, WIDTH, base))
    body.append(_text(left - 8, base, "0", "end"))
    body.append(_text(left - 8, base - top * scale + 4, fmt(top), "end"))
    return _svg(title, desc, height, body)


def _polyline(points: list[str], colour: str) -> list[str]:
    """A run of two or more points joined by a line (a single point stays a dot)."""
    if len(points) < 2:
        return []
    return [f'<polyline fill="none" stroke="{colour}" stroke-width="2" '
            f'points="{" ".join(points)}"/>']


def lines(title: str, desc: str, xs: Sequence[float], x_label: str,
          series: Sequence[tuple[str, Sequence[float | None]]], fmt: Formatter,
          x_fmt: Formatter) -> str:
    """One line per series over numeric ``xs`` (a sweep's axis); a point without a value
    (no plan) breaks the line and is marked with a cross on the axis."""
    height, base, top_pad, left, right = 300.0, 250.0, 40.0, AXIS, WIDTH - 60.0
    values = [v for _, vs in series for v in vs if v is not None]
    top = max([1e-12, *values])
    lo, hi = min(xs), max(xs)
    width = max(hi - lo, 1e-12)

    def px(x: float) -> float:
        return left + (right - left) * (x - lo) / width if hi > lo else (left + right) / 2

    def py(y: float) -> float:
        return base - (base - top_pad) * y / top

    body = [_line(left, base, right, base), _line(left, top_pad, left, base)]
    body += [_text(left - 6, base + 4, "0", "end"), _text(left - 6, top_pad + 4, fmt(top), "end")]
    for x in xs:
        body.append(_text(px(x), base + 18, x_fmt(x), "middle", "small"))
    body.append(_text((left + right) / 2, base + 40, x_label, "middle"))
    for s, (name, vs) in enumerate(series):
        colour = PALETTE[s % len(PALETTE)]
        run: list[str] = []
        for x, v in zip(xs, vs, strict=True):
            if v is None:
                body.append(_text(px(x), base + 4, "×", "middle"))
                body += _polyline(run, colour)
                run = []
                continue
            run.append(f"{_n(px(x))},{_n(py(v))}")
            body.append(f'<circle cx="{_n(px(x))}" cy="{_n(py(v))}" r="3" fill="{colour}">'
                        f"<title>{escape(f'{name} at {x_fmt(x)}: {fmt(v)}')}</title></circle>")
        body += _polyline(run, colour)
    return _svg(title, desc, height + 10, _legend([name for name, _ in series], 16, left) + body)


def heat(title: str, desc: str, xs: Sequence[str], ys: Sequence[str], x_label: str,
         y_label: str, cells: Sequence[Sequence[float | None]], fmt: Formatter) -> str:
    """A grid of ``cells[y][x]``, darker for larger values (0 white, no plan hatched grey),
    each cell with its value written in it."""
    top = max([1e-12, *(v for row in cells for v in row if v is not None)])
    left, top_pad = _left([*ys, y_label]), 40.0
    cw = (WIDTH - left) / max(1, len(xs))
    ch = 26.0
    body = [_text(left + (WIDTH - left) / 2, 14, x_label, "middle"),
            _text(left - 8, 14, y_label, "end")]
    for i, x in enumerate(xs):
        body.append(_text(left + (i + 0.5) * cw, top_pad - 6, x, "middle", "small"))
    for j, (y, row) in enumerate(zip(ys, cells, strict=True)):
        y0 = top_pad + j * ch
        body.append(_text(left - 8, y0 + 17, y, "end"))
        for i, v in enumerate(row):
            if v is None:
                fill, label = NEUTRAL, "no plan"
            else:
                # white to vermillion (213, 94, 0) by the share of the largest value
                t = v / top
                fill = "#" + "".join(f"{round(255 - d * t):02X}" for d in (42, 161, 255))
                label = fmt(v)
            body.append(_rect(left + i * cw, y0, cw - 1, ch - 1, fill,
                              f"{y_label} {y}, {x_label} {xs[i]}: {label}"))
            body.append(_text(left + (i + 0.5) * cw, y0 + 17, label, "middle", "small"))
    return _svg(title, desc, top_pad + len(ys) * ch + 8, body)


def tornado(title: str, desc: str, rows: Sequence[tuple[str, float, float]], fmt: Formatter,
            low_name: str, high_name: str) -> str:
    """Each input's change of a figure at its low and its high side, as bars either way
    from zero, largest swing first (the caller's order); both changes written at the
    right."""
    top = max([1e-12, *(abs(v) for _, a, b in rows for v in (a, b))])
    left = _left([label for label, _, _ in rows])
    texts = [f"{fmt(low)} / {fmt(high)}" for _, low, high in rows]
    room = 0.9 * CHAR * max((len(t) for t in texts), default=0) + 12
    half = max(40.0, (WIDTH - left - room) / 2 - 8)
    mid = left + half + 4
    body = _legend([low_name, high_name], 16, left)
    body.append(_line(mid, 24, mid, 30 + len(rows) * ROW))
    for i, (label, low, high) in enumerate(rows):
        y = 28 + i * ROW
        body.append(_text(left - 6, y + 15, label, "end"))
        for s, v in enumerate((low, high)):
            w = half * abs(v) / top
            x = mid - w if v < 0 else mid
            body.append(_rect(x, y + 3 + s * 8, w, 8, PALETTE[s],
                              f"{label}, {(low_name, high_name)[s]}: {fmt(v)}"))
        body.append(_text(WIDTH - 4, y + 15, texts[i], "end", "small"))
    return _svg(title, desc, 36 + len(rows) * ROW, body)


def dots(title: str, desc: str, rows: Sequence[tuple[str, Sequence[float]]],
         names: Sequence[str], fmt: Formatter) -> str:
    """Several plans' values of each row on one scale from 0: a coloured dot per plan
    (in ``names``' order), the values written at the right."""
    top = max([1e-12, *(v for _, vs in rows for v in vs)])
    left = _left([label for label, _ in rows])
    texts = [" / ".join(fmt(v) for v in vs) for _, vs in rows]
    room = 0.9 * CHAR * max((len(t) for t in texts), default=0) + 12
    span = max(60.0, WIDTH - left - room - 8)
    body = _legend(names, 16, left)
    for i, (label, values) in enumerate(rows):
        y = 28 + i * ROW + ROW / 2
        body.append(_text(left - 6, y + 4, label, "end"))
        body.append(_line(left, y, left + span, y, "#DDDDDD"))
        for s, v in enumerate(values):
            body.append(f'<circle cx="{_n(left + span * v / top)}" cy="{_n(y)}" r="{5 - s % 2}" '
                        f'fill="{PALETTE[s % len(PALETTE)]}" fill-opacity="0.85">'
                        f"<title>{escape(f'{label}, {names[s]}: {fmt(v)}')}</title></circle>")
        body.append(_text(WIDTH - 4, y + 4, texts[i], "end", "small"))
    return _svg(title, desc, 34 + len(rows) * ROW, body)


def intervals(title: str, desc: str, rows: Sequence[tuple[str, float, float, float]]
              ) -> str:
    """Probabilities (0 to 1) as dots with their interval as a whisker."""
    left = _left([row[0] for row in rows])
    span = WIDTH - left - 110
    body = [_text(left, 14, "0%", "middle", "small"),
            _text(left + span / 2, 14, "50%", "middle", "small"),
            _text(left + span, 14, "100%", "middle", "small")]
    for x in (0, 0.5, 1):
        body.append(_line(left + span * x, 20, left + span * x, 24 + len(rows) * ROW,
                          NEUTRAL, dash=x == 0.5))
    for i, (label, p, lo, hi) in enumerate(rows):
        y = 22 + i * ROW + ROW / 2
        colour = GOOD if p >= 0.9 else PALETTE[1] if p >= 0.5 else BAD
        body.append(_text(left - 6, y + 4, label, "end"))
        body.append(_line(left + span * lo, y, left + span * hi, y, colour, 3))
        body.append(f'<circle cx="{_n(left + span * p)}" cy="{_n(y)}" r="5" fill="{colour}">'
                    f"<title>{escape(f'{label}: {p:.0%} ({lo:.0%}–{hi:.0%})')}</title></circle>")
        body.append(_text(left + span + 8, y + 4, f"{p:.0%} ({lo:.0%}–{hi:.0%})", "start",
                          "small"))
    return _svg(title, desc, 30 + len(rows) * ROW, body)
