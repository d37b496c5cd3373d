"""Load a mandate: compose the file (``extends``), apply ``--set``, validate, check.

Every failure becomes an :class:`InputError` carrying one :class:`Issue` per
problem, with the file, the key path, the line when it can be found, the bad
value and a did-you-mean. Shape errors and reference errors are reported in
one run.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..errors import InputError, Issue
from .checks import run_checks
from .compose import Composed, Provenance, compose_file
from .files import default_mandate_path
from .issues import Placer, issue_order, issues_from_validation, salvage
from .locate import locate
from .overrides import apply_overrides
from .schema import Mandate


@dataclass(frozen=True)
class LoadedMandate:
    """A validated mandate with where it came from and the warnings it raised."""

    mandate: Mandate
    file: str
    warnings: list[Issue] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)
    """The merged document as written (no defaults filled in), for ``resolve``."""
    chain: list[str] = field(default_factory=list)
    """The files it was composed from, the root base first."""



def _placer(file: str, text: str, provenance: Provenance | None) -> Placer:
    """Where a key path was written: the file of the chain that wrote it, and the line."""
    if provenance is not None:
        return lambda path: provenance.place(path, file)

    def place(path: tuple[str, ...]) -> tuple[str, int | None, int | None]:
        found = locate(text, path)
        return file, found[0] if found else None, found[1] if found else None

    return place



def validate(data: dict[str, Any], file: str = "<mandate>", text: str = "",
             provenance: Provenance | None = None, chain: list[str] | None = None,
             found_before: list[Issue] | None = None) -> LoadedMandate:
    """Validate parsed TOML; raise :class:`InputError` with every problem found.

    Shape errors (pydantic) and reference errors (``checks.py``) are reported in one
    run: when the document has shape errors, the reference checks run on its
    shape-valid part (:func:`~.issues.salvage`). Issues are placed in ``text``, or, for a
    composed variant, in the file of the chain that wrote the key
    (``provenance``), and sorted by :func:`issue_order`. ``found_before`` are problems
    found while composing the document, reported in the same run."""
    place = _placer(file, text, provenance)
    try:
        mandate = Mandate.model_validate(data)
    except ValidationError as exc:
        partial, tolerated = salvage(data)
        found = issues_from_validation(exc, place) + _placed(run_checks(partial, tolerated),
                                                              place)
        raise InputError(sorted(found + (found_before or []), key=issue_order),
                         file=file) from None
    found = _placed(run_checks(mandate), place) + (found_before or [])
    errors = sorted((i for i in found if i.severity == "error"), key=issue_order)
    if errors:
        raise InputError(errors, file=file)
    return LoadedMandate(mandate, file,
                         sorted((i for i in found if i.severity == "warning"), key=issue_order),
                         data, chain if chain is not None else [file])


def _placed(issues: list[Issue], place: Placer) -> list[Issue]:
    """The issues with the file, line and column where their key path was written."""
    out = []
    for issue in issues:
        where, line, column = place(tuple(issue.path.split("[")[0].split(".")))
        out.append(Issue(**{**issue.__dict__, "file": where, "line": line, "column": column}))
    return out


def load_mandate(path: str | Path | None = None,
                 overrides: list[str] | tuple[str, ...] = ()) -> LoadedMandate:
    """Load and validate a mandate file, following ``extends`` and applying ``--set``
    overrides; ``None`` loads the bundled default."""
    return load_composed(*compose_mandate(path, overrides))


def with_overrides(base: Composed, name: str, overrides: list[str] | tuple[str, ...]
                   ) -> Composed:
    """A copy of the composed document ``base`` with ``--set`` overrides applied: a study
    reads and merges its mandate's files once, not at every point."""
    composed = copy.deepcopy(base)
    try:
        apply_overrides(composed, overrides)
    except InputError as exc:
        raise InputError(exc.issues, file=name) from None
    return composed


def load_composed(composed: Composed, name: str) -> LoadedMandate:
    """Validate a composed document (:func:`compose_mandate`, :func:`with_overrides`)."""
    return validate(composed.data, name, provenance=composed.provenance,
                    chain=composed.chain, found_before=composed.issues)


def compose_mandate(path: str | Path | None = None,
                    overrides: list[str] | tuple[str, ...] = ()) -> tuple[Composed, str]:
    """The merged document of a mandate file and its ``--set`` overrides, with the name it
    is reported under, *not validated*: a study composes its base once and validates each
    point (:func:`with_overrides`, :func:`load_composed`). An override that names nothing
    is in ``Composed.issues``, not raised."""
    target = Path(path) if path is not None else default_mandate_path()
    name = str(path) if path is not None else f"<bundled>/{target.name}"
    try:
        composed = compose_file(target, name)
        if overrides:
            apply_overrides(composed, overrides)
    except InputError as exc:  # a problem anywhere in the chain is a problem of this mandate
        raise InputError(exc.issues, file=name) from None
    return composed, name

