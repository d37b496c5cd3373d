"""Every named check on a shape-valid mandate: reference errors, then warnings.

The checks themselves live in ``references.py``, ``schemes.py``, ``rules.py``, ``shares.py`` and
``host.py`` (errors), ``scale.py`` (sizes the model can take, and degenerate mandates) and
``warnings.py``.
"""

from __future__ import annotations

from ..errors import Issue
from . import scale
from .host import host_valid
from .references import NOTHING_TOLERATED, REFERENCE_CHECKS, Tolerated
from .rules import rule_uses_valid
from .schema import Mandate
from .schemes import FINANCING_CHECKS
from .shares import shares_refer_to_something, shares_valid
from .warnings import WARNING_CHECKS

WHOLE_MANDATE_CHECKS = (scale.requirements_in_range, scale.mandate_requires_someone,
                        scale.phases_last_a_day, scale.requirements_within_reach,
                        shares_refer_to_something, *WARNING_CHECKS)
"""Checks that need a whole, shape-valid mandate: sizes (errors) and warnings."""

__all__ = ["Tolerated", "run_checks"]


def run_checks(m: Mandate, tolerated: Tolerated | None = None) -> list[Issue]:
    """Every issue every check finds, errors and warnings, in check order.

    ``tolerated`` says that ``m`` is only the shape-valid part of a document with
    shape errors: then only the reference checks run, passing references to the
    ids it holds (warnings about part of a mandate would be guesses).
    """
    errors = [issue for check in (*REFERENCE_CHECKS, *FINANCING_CHECKS, rule_uses_valid,
                                  shares_valid, host_valid)
              for issue in check(m, tolerated or NOTHING_TOLERATED)]
    if tolerated is not None:
        return errors
    return errors + [issue for check in WHOLE_MANDATE_CHECKS for issue in check(m)]
