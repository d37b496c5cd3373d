"""Did-you-mean hints for misspelt keys and ids."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A hint naming the closest choice, or listing the choices when few.

    Case is ignored when matching so that ``can`` finds ``CAN``.
    """
    options = sorted(set(choices))
    if not options:
        return ""
    lowered = {o.lower(): o for o in options}
    close = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.6)
    if close:
        return f"did you mean '{lowered[close[0]]}'?"
    if len(options) <= 8:
        return "expected one of: " + ", ".join(f"'{o}'" for o in options)
    return ""
