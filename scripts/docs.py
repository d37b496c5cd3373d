"""Regenerate every generated part of the docs: ``make docs`` runs this.

- docs/mandate-format.md, from the mandate models' docstrings;
- schema/mandate.schema.json, the JSON Schema of the mandate format;
- the family table of docs/architecture.md, from the family specs.

Tests fail when a committed file differs from what this writes.
"""

from __future__ import annotations

from pathlib import Path

from forcesize.mandate.formatdoc import mandate_format_markdown
from forcesize.mandate.jsonschema import schema_text
from forcesize.model.families.doc import with_table

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    (ROOT / "docs" / "mandate-format.md").write_text(mandate_format_markdown(), encoding="utf-8")
    (ROOT / "schema" / "mandate.schema.json").write_text(schema_text(), encoding="utf-8")
    architecture = ROOT / "docs" / "architecture.md"
    architecture.write_text(with_table(architecture.read_text(encoding="utf-8")),
                            encoding="utf-8")


if __name__ == "__main__":
    main()
