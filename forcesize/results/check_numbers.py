"""The independent checker's numbers: figures as the planner wrote them, exactly, and the
tolerances within which a plan's figures must match the rules (``check.py`` and
``check_schemes.py`` both read them here, so a limit is forgiven the same everywhere)."""

from __future__ import annotations

import math
from fractions import Fraction

MONEY_REL_TOL = 1e-6
"""Relative slack on a money limit: the solvers' feasibility tolerance."""
SHARE_ABS_TOL = 1e-6


def frac(x: float) -> Fraction:
    """``x`` exactly as written (floats round-trip through repr)."""
    return Fraction(repr(x)) if isinstance(x, float) else Fraction(x)


def within(value: float | Fraction, limit: float) -> bool:
    """Whether money ``value`` keeps within ``limit``, forgiving a relative 1e-6 of the limit
    and a cent."""
    return value <= limit + MONEY_REL_TOL * max(abs(limit), 1.0) + 0.01


def close(a: float, b: float | Fraction) -> bool:
    """Whether a shown money figure ``a`` is the figure ``b`` the rules give, to the cent."""
    return math.isclose(a, float(b), rel_tol=1e-9, abs_tol=0.011)
