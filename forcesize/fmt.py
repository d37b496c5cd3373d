"""Every number in a planner's words: counts, money, shares, signs and exact decimals.

One function per kind of figure, shared by the tables, markdown, CSV and the
sentences of ``explain`` and the conflict search, so that "5.30 bn USD", "+1,650"
or "35%" read the same wherever they appear. Signs are ASCII (``-``), so a
figure copied into a spreadsheet or a shell stays a number.
"""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal

MINUS = "-"
"""The one minus sign forcesize prints."""


def money(x: float, currency: str) -> str:
    """``5.30 bn USD``, ``14.4 m USD``, ``250,000 USD`` (rounded to cents first, so
    -0.001 prints as 0)."""
    x = round(x, 2) + 0.0
    if abs(x) >= 1e9:
        return f"{x / 1e9:,.2f} bn {currency}"
    if abs(x) >= 1e6:
        return f"{x / 1e6:,.1f} m {currency}"
    return f"{x:,.0f} {currency}"


def number(x: float) -> str:
    """Thousands separators; whole numbers without decimals, others with up to two
    (``1,650``, ``1.5``, ``0.33``)."""
    if isinstance(x, int) and not isinstance(x, bool):
        return f"{x:,}"
    if abs(x - round(x)) < 1e-9:
        return f"{round(x) + 0:,}"
    return f"{x:,.2f}".rstrip("0").rstrip(".")


def _sign(x: float) -> str:
    return "+" if x > 0 else MINUS if x < 0 else ""


def signed(x: float) -> str:
    """A change with an explicit sign: ``+1,650``, ``-75``, ``0``."""
    return _sign(x) + number(abs(x))


def signed_money(x: float, currency: str) -> str:
    """A money change with an explicit sign: ``-17.2 m EUR``."""
    return _sign(round(x, 2)) + money(abs(x), currency)


def percent(x: float) -> str:
    """A fraction as a whole percentage: ``0.35`` → ``35%``."""
    return f"{x:.0%}"


def plain_number(x: float) -> str:
    """Full precision, no separators, for CSV; whole floats without ``.0`` so persons
    read as integers."""
    if isinstance(x, bool):
        return str(int(x))
    if isinstance(x, int):
        return str(x)
    if x == x and abs(x) != float("inf") and x.is_integer():
        return str(int(x))
    return repr(x)


def plain_money(x: float) -> str:
    """Two decimals for CSV (results are rounded to cents), never ``-0.00``."""
    return f"{round(x, 2) + 0.0:.2f}"


def decimal_text(x: Decimal) -> str:
    """An exact decimal as a planner writes it: thousands separators, no exponent, no
    trailing zeros; one that does not end within six places is shown rounded, with ``≈``."""
    if x != x.quantize(Decimal("0.000001"), rounding=ROUND_HALF_EVEN):
        return "≈" + decimal_text(x.quantize(Decimal("0.000001"), rounding=ROUND_HALF_EVEN))
    text = f"{x:,f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


LONGEST = 160
"""Longest piece of user input quoted whole in a message."""


def shorten(text: str, width: int = LONGEST) -> str:
    """``text``, or its start and end around ``…`` when longer than ``width``, so a
    message never echoes a megabyte of input."""
    if len(text) <= width:
        return text
    keep = (width - 1) // 2
    return f"{text[:keep]}…{text[-keep:]} ({len(text):,} characters)"
