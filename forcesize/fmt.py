"""Numbers in a planner's words, shared by the renderers and the explanations.

One function per kind of figure, so that "5.30 bn USD" reads the same in a
table, a markdown comment and an explanation sentence.
"""

from __future__ import annotations


def money(x: float, currency: str) -> str:
    """``5.30 bn USD``, ``14.4 m USD``, ``250,000 USD`` (rounded to cents first, so
    -0.001 prints as 0)."""
    x = round(x, 2) + 0.0
    if abs(x) >= 1e9:
        return f"{x / 1e9:,.2f} bn {currency}"
    if abs(x) >= 1e6:
        return f"{x / 1e6:,.1f} m {currency}"
    return f"{x:,.0f} {currency}"
