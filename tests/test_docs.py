"""Docs and bundled mandates stay true: generated docs are fresh, examples solve."""

from __future__ import annotations

from pathlib import Path

import pytest

from forcesize.formatdoc import mandate_format_markdown
from forcesize.loader import DEFAULT_MANDATE, load_mandate
from forcesize.pipeline import plan_mandate

ROOT = Path(__file__).resolve().parent.parent
MANDATES = sorted((ROOT / "mandates").glob("*.toml"))


def test_mandate_format_doc_is_generated_from_the_models():
    committed = (ROOT / "docs" / "mandate-format.md").read_text(encoding="utf-8")
    assert committed == mandate_format_markdown(), (
        "docs/mandate-format.md is stale: run `make docs`")


def test_every_documented_key_is_in_the_format_doc():
    text = (ROOT / "docs" / "mandate-format.md").read_text(encoding="utf-8")
    for key in ("per_1000_population", "excluded_functions", "consent_of", "max_share",
                "financing", "cost_per_month", "available", "pledge"):
        assert f"`{key}`" in text


@pytest.mark.parametrize("path", MANDATES, ids=[p.stem for p in MANDATES])
def test_every_bundled_mandate_validates_and_solves_with_essentials_covered(path):
    plan = plan_mandate(load_mandate(path))  # includes the independent check
    assert plan.status == "optimal"
    assert plan.shortfall_person_months["essential"] == 0


def test_the_default_mandate_is_bundled():
    assert (ROOT / "mandates" / DEFAULT_MANDATE).is_file()


def test_every_figure_in_the_default_mandate_names_a_source_or_an_assumption():
    """A number carries its own comment, or its table (the comment block above the table
    header, or a comment inside the table before it) says where its figures come from."""
    words = ("assumption", "source", "ref", "paper", "derived")
    lines = (ROOT / "mandates" / DEFAULT_MANDATE).read_text(encoding="utf-8").splitlines()
    unexplained = []
    context: list[str] = []
    for i, line in enumerate(lines):
        stripped = line.strip()
        if stripped.startswith("["):
            block = []
            j = i - 1
            while j >= 0 and lines[j].strip().startswith("#"):
                block.append(lines[j])
                j -= 1
            context = block
            continue
        if stripped.startswith("#"):
            context.append(stripped)
            continue
        code, _, comment = line.partition("#")
        value = code.split("=", 1)[1].strip() if "=" in code else ""
        if not value or value[0] in "\"'" or not any(ch.isdigit() for ch in value):
            continue
        if not any(w in (comment + " ".join(context)).lower() for w in words):
            unexplained.append(f"{i + 1}: {stripped}")
    assert not unexplained, unexplained
