"""Every named check on a shape-valid mandate: reference errors, then warnings.

The checks themselves live in ``references.py`` (errors) and ``warnings.py``.
"""

from __future__ import annotations

from ..errors import Issue
from .references import NOTHING_TOLERATED, REFERENCE_CHECKS, Tolerated
from .schema import Mandate
from .warnings import WARNING_CHECKS

__all__ = ["Tolerated", "run_checks"]


def run_checks(m: Mandate, tolerated: Tolerated | None = None) -> list[Issue]:
    """Every issue every check finds, errors and warnings, in check order.

    ``tolerated`` says that ``m`` is only the shape-valid part of a document with
    shape errors: then only the reference checks run, passing references to the
    ids it holds (warnings about part of a mandate would be guesses).
    """
    errors = [issue for check in REFERENCE_CHECKS
              for issue in check(m, tolerated or NOTHING_TOLERATED)]
    if tolerated is not None:
        return errors
    return errors + [issue for check in WARNING_CHECKS for issue in check(m)]
