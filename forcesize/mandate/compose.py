"""Variants: follow ``extends`` chains, apply ``remove`` and merge tables key by key.

A mandate may say ``extends = "base.toml"`` (relative to the file that says
it, or ``bundled:NAME`` for a mandate shipped with forcesize) and
``remove = ["contributor.USA", ...]`` (a removed contributor also leaves the
groups it was a member of). The base is composed first (chains
allowed, at most :data:`MAX_DEPTH` hops), the listed key paths are dropped
from it, then the file's own keys merge in: tables key by key at every depth,
anything else (numbers, strings, arrays) replaced whole.

Phases are ordered, so a variant keeps the base's phase order; a new phase
says where it goes with ``after = "<id>"`` or ``before = "<id>"``.

Every key remembers the file that wrote it (:class:`Provenance`), so an error
found later, by pydantic or a cross-reference check, points at the file and
line in the chain where the bad key was written. Nothing here validates
shapes: the merged document goes through the same validation as a plain file.
"""

from __future__ import annotations

import copy
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError, Issue
from .files import bundled_mandates_dir, read_toml
from .locate import locate
from .suggest import did_you_mean

MAX_DEPTH = 16
"""Most ``extends`` hops a chain may take (a file, its base, its base's base, ...)."""
BUNDLED_PREFIX = "bundled:"
"""``extends = "bundled:west-bank-gaza.toml"`` names a mandate shipped with forcesize."""
PLACEMENT_KEYS = ("after", "before")
"""Keys a new phase in a variant uses to say where it goes; consumed here."""

Path_ = tuple[str, ...]


@dataclass(frozen=True)
class Source:
    """One layer of a composed mandate: a file (or a ``--set`` option) and its text."""

    name: str
    text: str = ""


@dataclass
class Provenance:
    """Which layer wrote each key path of the merged document."""

    writers: dict[Path_, Source] = field(default_factory=dict)

    def record(self, value: Any, source: Source, prefix: Path_) -> None:
        """Mark ``prefix`` and, for a table, every key under it as written by ``source``."""
        self.writers[prefix] = source
        if isinstance(value, dict):
            for key, inner in value.items():
                self.record(inner, source, (*prefix, str(key)))

    def drop(self, prefix: Path_) -> None:
        for path in [p for p in self.writers if p[: len(prefix)] == prefix]:
            del self.writers[path]

    def source_of(self, path: Path_) -> Source | None:
        """The layer that wrote the deepest written prefix of ``path``."""
        for depth in range(len(path), 0, -1):
            source = self.writers.get(path[:depth])
            if source is not None:
                return source
        return None

    def place(self, path: Path_, default: str) -> tuple[str, int | None, int | None]:
        """(file, line, column) where ``path`` (or its deepest written prefix) was written."""
        source = self.source_of(path)
        if source is None:
            return default, None, None
        found = locate(source.text, path) if source.text else None
        return source.name, found[0] if found else None, found[1] if found else None


@dataclass
class Composed:
    """A merged mandate document, who wrote each key, and the files it came from."""

    data: dict[str, Any]
    provenance: Provenance
    chain: list[str]
    """Display names of the files, the root base first."""
    issues: list[Issue] = field(default_factory=list)
    """Problems found while composing that do not stop it (a ``remove`` that names
    nothing, a misplaced phase, a bad ``--set``): the loader reports them together
    with the validation errors of the merged document, in one run."""


def _issue(source: Source, path: Path_, code: str, message: str, hint: str = "",
           value: Any = None) -> Issue:
    found = locate(source.text, path) if source.text else None
    return Issue(code=code, path=".".join(path), message=message, hint=hint,
                 value=None if value is None else repr(value), file=source.name,
                 line=found[0] if found else None, column=found[1] if found else None)


def display_name(path: Path) -> str:
    """How a file of a chain is named in messages: normalised, relative when given so."""
    return os.path.normpath(str(path))


def compose_file(path: Path, name: str | None = None) -> Composed:
    """The merged document of the mandate at ``path`` and every file it extends."""
    return _compose(path, name or display_name(path), [])


def _compose(path: Path, name: str, stack: list[tuple[Path, str]]) -> Composed:
    data, text = read_toml(path)
    source = Source(name, text)
    issues: list[Issue] = []
    extends = data.pop("extends", None)
    remove = data.pop("remove", None)
    if extends is not None and (not isinstance(extends, str) or not extends.strip()):
        issues.append(_issue(source, ("extends",), "extends-type",
                             "must be the path of the base mandate, as a string", value=extends))
        extends = None
    removals: list[str] = []
    if remove is not None:
        if not isinstance(remove, list) or not all(isinstance(r, str) for r in remove):
            issues.append(_issue(source, ("remove",), "remove-type",
                                 "must be an array of dotted key paths, as strings",
                                 value=remove))
        elif extends is None and not issues:
            issues.append(_issue(source, ("remove",), "remove-without-extends",
                                 "removes keys from a base, but this file extends none",
                                 "add extends = \"<base>.toml\" or delete the remove key"))
        else:
            removals = remove
    if issues:
        raise InputError(issues, file=name)

    if extends is None:
        base = Composed({}, Provenance(), [])
    else:
        base = _compose_base(path, source, extends, [*stack, (path.resolve(), name)])
        base.issues += _apply_removals(base, removals, source)
    base.issues += _merge_layer(base, data, source, is_variant=extends is not None)
    base.chain.append(name)
    return base


def _compose_base(path: Path, source: Source, extends: str,
                  stack: list[tuple[Path, str]]) -> Composed:
    if extends.startswith(BUNDLED_PREFIX):
        target = bundled_mandates_dir() / extends[len(BUNDLED_PREFIX):]
        name = f"<bundled>/{extends[len(BUNDLED_PREFIX):]}"
    else:
        target = path.parent / extends
        name = display_name(target)
    resolved = target.resolve()
    seen = [p for p, _ in stack]
    if resolved in seen:
        cycle = [n for _, n in stack[seen.index(resolved):]] + [name]
        raise InputError([_issue(source, ("extends",), "extends-cycle",
                                 "the chain of extends comes back to a file already in it: "
                                 + " → ".join(cycle), value=extends)], file=source.name)
    if len(stack) > MAX_DEPTH:
        raise InputError([_issue(source, ("extends",), "extends-too-deep",
                                 f"the chain of extends takes more than {MAX_DEPTH} steps: "
                                 + " → ".join(n for _, n in stack[:3]) + " → …",
                                 "flatten the chain with 'forcesize resolve'", value=extends)],
                         file=source.name)
    if not target.is_file():
        siblings = [p.name for p in target.parent.glob("*.toml")] if target.parent.is_dir() \
            else []
        reason = "is a directory, not a mandate file" if target.is_dir() else "no such file"
        raise InputError([_issue(source, ("extends",), "extends-not-found",
                                 f"the base mandate {name}: {reason}",
                                 did_you_mean(target.name, siblings), value=extends)],
                         file=source.name)
    return _compose(target, name, stack)


def _apply_removals(base: Composed, removals: list[str], source: Source) -> list[Issue]:
    issues = []
    for i, entry in enumerate(removals):
        parts = tuple(entry.split("."))
        node: Any = base.data
        for depth, part in enumerate(parts):
            if not isinstance(node, dict) or part not in node:
                where = ".".join(parts[:depth]) or "the top level"
                choices = list(node) if isinstance(node, dict) else []
                issues.append(Issue(
                    code="remove-not-found", path=f"remove[{i}]", value=repr(entry),
                    message=f"names nothing the base defines: {where} has no key '{part}'",
                    hint=did_you_mean(part, choices), file=source.name,
                    line=_line(source, ("remove",))))
                break
            if depth == len(parts) - 1:
                del node[part]
                base.provenance.drop(parts)
                if parts[0] == "contributor" and len(parts) == 2:
                    _drop_member(base, part)
                if parts[0] in ("contributor", "group") and len(parts) == 2:
                    _drop_odds(base, parts[0], part)
            else:
                node = node[part]
    return issues


def _drop_member(base: Composed, contributor: str) -> None:
    """A removed contributor leaves every group it was a member of, so that removing a
    nation is one line of ``remove``, not one more per bloc it belongs to."""
    groups = base.data.get("group")
    for group in groups.values() if isinstance(groups, dict) else ():
        members = group.get("members") if isinstance(group, dict) else None
        if isinstance(members, list) and contributor in members:
            group["members"] = [m for m in members if m != contributor]


def _drop_odds(base: Composed, kind: str, ident: str) -> None:
    """A removed contributor (or group) takes its odds in ``[uncertainty]`` with it."""
    uncertainty = base.data.get("uncertainty")
    odds = uncertainty.get(kind) if isinstance(uncertainty, dict) else None
    if isinstance(odds, dict) and ident in odds:
        del odds[ident]
        base.provenance.drop(("uncertainty", kind, ident))


def _line(source: Source, path: Path_) -> int | None:
    found = locate(source.text, path) if source.text else None
    return found[0] if found else None


def merge_into(target: dict[str, Any], layer: dict[str, Any], provenance: Provenance,
               source: Source, prefix: Path_ = ()) -> None:
    """Merge ``layer`` into ``target``: tables key by key, everything else replaced."""
    for key, value in layer.items():
        path = (*prefix, key)
        if isinstance(value, dict) and isinstance(target.get(key), dict):
            merge_into(target[key], value, provenance, source, path)
        else:
            provenance.drop(path)
            target[key] = copy.deepcopy(value)
            provenance.record(value, source, path)


def _merge_layer(base: Composed, data: dict[str, Any], source: Source,
                 is_variant: bool) -> list[Issue]:
    """Merge one file's keys into its composed base, placing new phases."""
    issues: list[Issue] = []
    for key, value in data.items():  # key by key, so the document keeps its order
        if key == "phase" and isinstance(value, dict):
            issues += _merge_phases(base, value, source, is_variant)
        else:
            merge_into(base.data, {key: value}, base.provenance, source)
    return issues


def _merge_phases(base: Composed, phases: dict[str, Any], source: Source,
                  is_variant: bool) -> list[Issue]:
    issues: list[Issue] = []
    inherited = base.data.get("phase")
    inherited = inherited if isinstance(inherited, dict) else {}
    order = list(inherited)
    for pid, value in phases.items():
        if not isinstance(value, dict):  # validation reports a phase that is not a table
            if pid not in order:
                order.append(pid)
            continue
        placement = {k: value[k] for k in PLACEMENT_KEYS if k in value}
        path = ("phase", pid)
        if not placement:
            if pid not in order:
                if is_variant and order:
                    issues.append(_issue(source, path, "phase-placement-missing",
                                         "a new phase in a variant must say where it goes",
                                         "add after = \"<phase id>\" or before = "
                                         f"\"<phase id>\"; the phases are {', '.join(order)}"))
                order.append(pid)
            continue
        key = next(iter(placement))
        if not is_variant:
            issues.append(_issue(source, (*path, key), "phase-placement-not-variant",
                                 f"'{key}' places a new phase in a variant; in a file that "
                                 "extends nothing, phases are in the order written",
                                 f"delete the '{key}' key"))
        elif pid in inherited:
            issues.append(_issue(source, (*path, key), "phase-moved",
                                 f"phase '{pid}' comes from the base; a variant may not "
                                 "change the order of existing phases",
                                 f"delete the '{key}' key"))
        elif len(placement) > 1:
            issues.append(_issue(source, (*path, "before"), "phase-placement-twice",
                                 "give after or before, not both"))
        elif not isinstance(placement[key], str) or placement[key] not in order:
            issues.append(_issue(source, (*path, key), "phase-placement-unknown",
                                 "names no phase before this one",
                                 did_you_mean(str(placement[key]), order),
                                 value=placement[key]))
        else:
            at = order.index(placement[key]) + (1 if key == "after" else 0)
            order.insert(at, pid)
            continue
        if pid not in order:
            order.append(pid)
    merged: dict[str, Any] = {}
    for pid in order:
        if pid in phases:
            own = phases[pid]
            if isinstance(own, dict):  # placement keys are consumed (or reported) above
                own = {k: v for k, v in own.items() if k not in PLACEMENT_KEYS}
            if pid in inherited and isinstance(own, dict):
                merged[pid] = inherited[pid]
                merge_into(merged[pid], own, base.provenance, source, ("phase", pid))
            else:
                base.provenance.drop(("phase", pid))
                merged[pid] = copy.deepcopy(own)
                base.provenance.record(own, source, ("phase", pid))
        else:
            merged[pid] = inherited[pid]
    if "phase" not in base.data:
        base.provenance.record({}, source, ("phase",))
    base.data["phase"] = merged
    return issues
