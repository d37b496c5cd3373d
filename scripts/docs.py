"""Regenerate every generated part of the docs: ``make docs`` runs this.

- docs/mandate-format.md, from the mandate models' docstrings;
- schema/mandate.schema.json, the JSON Schema of the mandate format;
- the family table of docs/architecture.md, from the family specs;
- the rule listing of docs/rules.md, from the rule library (``forcesize rules``).

Tests fail when a committed file differs from what this writes.
"""

from __future__ import annotations

from pathlib import Path

from forcesize.library import listing
from forcesize.mandate.formatdoc import mandate_format_markdown
from forcesize.mandate.jsonschema import schema_text
from forcesize.model.families.doc import with_table
from forcesize.render import Format, render_text

ROOT = Path(__file__).resolve().parent.parent
RULES_BEGIN = "<!-- begin: forcesize rules --format markdown (make docs) -->"
RULES_END = "<!-- end: forcesize rules -->"
BACKTEST_BEGIN = "<!-- begin: forcesize backtest --format markdown (make docs) -->"
BACKTEST_END = "<!-- end: forcesize backtest -->"


def with_rules(text: str) -> str:
    """``text`` (docs/rules.md) with the library's listing between the markers."""
    head, _, rest = text.partition(RULES_BEGIN)
    _, _, tail = rest.partition(RULES_END)
    return f"{head}{RULES_BEGIN}\n{render_text(listing(), Format.markdown)}{RULES_END}{tail}"


def with_backtest(text: str) -> str:
    """``text`` (docs/validation.md) with ``forcesize backtest``'s table between the markers."""
    from forcesize.pipeline import backtest

    head, _, rest = text.partition(BACKTEST_BEGIN)
    _, _, tail = rest.partition(BACKTEST_END)
    return (f"{head}{BACKTEST_BEGIN}\n{render_text(backtest(), Format.markdown)}"
            f"{BACKTEST_END}{tail}")


def main() -> None:
    (ROOT / "docs" / "mandate-format.md").write_text(mandate_format_markdown(), encoding="utf-8")
    (ROOT / "schema" / "mandate.schema.json").write_text(schema_text(), encoding="utf-8")
    architecture = ROOT / "docs" / "architecture.md"
    architecture.write_text(with_table(architecture.read_text(encoding="utf-8")),
                            encoding="utf-8")
    library = ROOT / "docs" / "rules.md"
    library.write_text(with_rules(library.read_text(encoding="utf-8")), encoding="utf-8")
    validation = ROOT / "docs" / "validation.md"
    validation.write_text(with_backtest(validation.read_text(encoding="utf-8")),
                          encoding="utf-8")


if __name__ == "__main__":
    main()
