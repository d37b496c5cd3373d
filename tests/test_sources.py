"""Citations lead somewhere a user has: docs/sources.md, never a path outside the project.

The bundled mandates, and the templates ``forcesize init`` writes, cite ``ref §n`` (a section
of docs/sources.md), ``ref §1.1 Rk`` (a row of its ratio table) and ``ref §2 MISSION`` (a row
of its mission table). Each citation must resolve, and no file may point at a folder beside
the checkout that a clone or a wheel does not have.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "docs" / "sources.md"
TEMPLATES = sorted((ROOT / "forcesize" / "mandate" / "templates").glob("*.toml"))
"""The starter mandates `forcesize init` writes: they cite the same page."""
MANDATES = sorted((ROOT / "mandates").rglob("*.toml")) + TEMPLATES
SKIP_DIRS = {".git", ".venv", "__pycache__", ".pytest_cache", ".hypothesis", ".ruff_cache",
             "dist", "build"}
TEXT = {".md", ".toml", ".py", ".txt", ".json", ".yml", ".yaml", ".cfg", ".csv", ".html"}
RELATIVE = re.compile(r"(?:\.\./)+[A-Za-z0-9_][\w.\-/]*")
ALLOWED = {
    "../west-bank-gaza.toml": "a variant's extends, quoted as written in mandates/variants/",
    "../base": "docs/ci.md: a git worktree of the base branch beside the checkout",
    "../base/mandates/variants/budget-cut-by-a-third.toml": "the same worktree",
    "../forcesize-pr.sh": "docs/ci.md: a script the reader writes beside the checkout",
    "../../etc/passwd": "a hostile path the fuzz test feeds in",
}
"""Relative paths that leave the file's folder on purpose, and why."""
CITATION = re.compile(r"ref §(\d+(?:\.\d+)?)(?:,)?(?: (R\d+)\b)?(?: notes)?(?: ([A-Z][A-Za-z]+))?")


def _project_files() -> list[Path]:
    out = []
    for folder, dirs, files in os.walk(ROOT):
        dirs[:] = [d for d in dirs if d not in SKIP_DIRS and not d.endswith(".egg-info")]
        out += [Path(folder) / f for f in files
                if Path(f).suffix in TEXT or f in ("Makefile", "run")]
    return out


def _sections() -> dict[str, str]:
    """Section number ("2", "3.1") → its text, up to the next numbered heading."""
    text = SOURCES.read_text(encoding="utf-8")
    parts = re.split(r"^#{2,3} (\d+(?:\.\d+)?)\.? ", text, flags=re.M)
    return {parts[i]: parts[i + 1] for i in range(1, len(parts) - 1, 2)}


def test_no_file_points_outside_the_project():
    """A relative path in any text file leads to a file of the project, read from the file's
    own folder (as a link is followed) or from the checkout's root (as a command is typed)."""
    outside = []
    for path in _project_files():
        if path == Path(__file__).resolve():
            continue  # this file names the allowed paths
        text = path.read_text(encoding="utf-8", errors="replace")
        name = str(path.relative_to(ROOT))
        for match in RELATIVE.finditer(text):
            found = any((target := (base / match.group(0)).resolve()).is_relative_to(ROOT)
                        and target.exists() for base in (path.parent, ROOT))
            if not found and match.group(0) not in ALLOWED:
                line = text.count("\n", 0, match.start()) + 1
                outside.append(f"{name}:{line}: {match.group(0)}")
    assert not outside, "paths outside the project:\n" + "\n".join(outside)


def test_the_sources_page_has_the_cited_sections():
    sections = _sections()
    assert {"1.1", "1.3", "2", "2.1", "3.1", "3.2", "3.3", "3.4", "4"} <= set(sections)


def test_every_citation_in_a_bundled_mandate_resolves():
    sections = _sections()
    rows = set(re.findall(r"^\| (R\d+) \|", sections["1.1"], flags=re.M))
    missions = sections["2"]
    assert len(rows) >= 21
    bad, seen = [], 0
    for path in MANDATES:
        text = path.read_text(encoding="utf-8")
        for match in CITATION.finditer(text):
            seen += 1
            section, row, name = match.groups()
            where = f"{path.relative_to(ROOT)}: '{match.group(0)}'"
            if section not in sections:
                bad.append(f"{where}: no section {section}")
            elif row and row not in rows:
                bad.append(f"{where}: no row {row} in §1.1")
            elif section == "2" and name and name not in missions:
                bad.append(f"{where}: §2 does not name {name}")
    assert seen > 100  # the mandates cite the page; a broken pattern would find none
    assert not bad, "\n".join(bad)


def test_every_mandate_header_says_where_its_citations_lead():
    assert TEMPLATES
    for path in sorted((ROOT / "mandates").glob("*.toml")) + TEMPLATES:
        text = path.read_text(encoding="utf-8")
        assert "ref §n Rk    docs/sources.md" in text, f"{path.name}: its citation key"


MISSIONS = {"unifil-2006", "unifil-mtf", "untso", "undof", "mfo-sinai", "tiph", "eubam-rafah",
            "eupol-copps", "ussc", "kfor", "unmik", "ifor", "sfor", "eufor-althea",
            "interfet", "untaet", "minustah", "unmil"}
"""The historic missions of §2 a rule may be derived from (ids of a future backtest)."""


def _bibliography() -> set[str]:
    text = SOURCES.read_text(encoding="utf-8").split("## Bibliography", 1)[1]
    table = text.split("\n## ", 1)[0]
    return {m.group(1).strip() for m in re.finditer(r"^\| ([^|]+) \| .+ \|$", table, re.M)
            if m.group(1).strip() not in ("id", "---")}


def test_every_library_rule_cites_a_source_the_page_has():
    from forcesize.library import MISSION_TYPES, rules

    library = rules()
    assert len(library) >= 40
    ids, sections = _bibliography(), _sections()
    rows = set(re.findall(r"^\| (R\d+) \|", sections["1.1"], flags=re.M))
    bad = []
    for rule in library.values():
        if rule.source != "assumption" and rule.source not in ids:
            bad.append(f"{rule.id}: source '{rule.source}' is not a bibliography id")
        if (rule.source == "assumption") != (rule.quality == "assumption"):
            bad.append(f"{rule.id}: an assumption is labelled so in source and quality")
        cited = list(CITATION.finditer(rule.cites))
        if rule.source != "assumption" and not cited:
            bad.append(f"{rule.id}: cites no section of docs/sources.md")
        for match in cited:
            section, row, _ = match.groups()
            if section not in sections or (row and row not in rows):
                bad.append(f"{rule.id}: '{match.group(0)}' does not resolve")
        if not set(rule.derived_from) <= MISSIONS:
            bad.append(f"{rule.id}: derived_from {set(rule.derived_from) - MISSIONS}")
    assert not bad, "\n".join(bad)
    for kind in MISSION_TYPES:
        assert sum(kind in r.mission_types for r in library.values()) >= 3, kind
