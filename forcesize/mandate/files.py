"""Mandate files: where the bundled mandates live and how a TOML file is read.

Every failure to read a file becomes an :class:`InputError` naming the file, with the
line and column tomllib gives, so that composing variants (``compose.py``) and
loading (``loader.py``) report unreadable files the same way.
"""

from __future__ import annotations

import re
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import InputError, Issue
from .suggest import did_you_mean

DEFAULT_MANDATE = "west-bank-gaza.toml"

MAX_BYTES = 10_000_000
"""Largest mandate file read (the bundled default is 30 kB); larger input is refused
before it is parsed, so a stray device or log file cannot exhaust memory."""
MAX_NESTING = 16
"""Deepest nesting of tables and arrays a mandate may have (the format needs 4:
``contributor.ID.available_by_phase.PHASE``); deeper input is refused, where Python's
parser and every recursive step after it would otherwise run out of stack."""


def nesting(data: Any) -> int:
    """How deeply tables and arrays nest in ``data``, counted without recursion."""
    deepest = 0
    stack = [(data, 0)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        if deepest > MAX_NESTING:
            break
        if isinstance(node, dict):
            stack.extend((v, depth + 1) for v in node.values())
        elif isinstance(node, list):
            stack.extend((v, depth + 1) for v in node)
    return deepest


def bundled_mandates_dir() -> Path:
    """Where the bundled mandates are: in the installed wheel, or the checkout's ``mandates/``."""
    packaged = resources.files("forcesize").joinpath("mandates")
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / "mandates"


def default_mandate_path() -> Path:
    """The mandate ``solve`` uses when it is given no file."""
    return bundled_mandates_dir() / DEFAULT_MANDATE


def read_toml(path: Path) -> tuple[dict[str, Any], str]:
    """Parse ``path`` as TOML; every failure is an :class:`InputError` naming the file."""
    name = str(path)

    def fail(code: str, message: str, hint: str = "", line: int | None = None,
             column: int | None = None) -> InputError:
        return InputError(
            [Issue(code=code, path="", message=message, hint=hint, file=name, line=line,
                   column=column)],
            file=name,
        )

    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        hint = did_you_mean(path.name, [p.name for p in path.parent.glob("*.toml")]) if \
            path.parent.is_dir() else ""
        raise fail("file-not-found", "no such file", hint) from None
    except IsADirectoryError:
        raise fail("not-a-file", "is a directory, not a mandate file") from None
    except OSError as exc:
        raise fail("unreadable", f"cannot read the file: {exc.strerror}") from None
    if len(raw) > MAX_BYTES:
        raise fail("too-large", f"larger than {MAX_BYTES // 1_000_000} MB; a mandate is a few "
                   "kilobytes of TOML")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise fail("not-utf8", f"not UTF-8 text (byte {exc.start})",
                   "TOML files are UTF-8") from None
    if not text.strip():
        raise fail("empty-file", "the file is empty",
                   "a mandate needs at least a [mission] table with a name")
    try:
        data = tomllib.loads(text)
    except RecursionError:
        raise fail("too-deep", f"tables or arrays nest more than {MAX_NESTING} levels deep",
                   "a mandate needs at most 4 (contributor.ID.available_by_phase.PHASE)"
                   ) from None
    except tomllib.TOMLDecodeError as exc:
        message = getattr(exc, "msg", None) or str(exc)
        line, column = getattr(exc, "lineno", None), getattr(exc, "colno", None)
        place = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        if line is None and place:  # Python < 3.14 puts the place only in the text
            line, column = int(place.group(1)), int(place.group(2))
            message = message.replace(place.group(0), "").strip()
        hint = ""
        if any(w in message.lower() for w in ("overwrite", "redefin", "twice")):
            hint = "a key or table is written twice; each id may be defined once"
        raise fail("not-toml", f"not valid TOML: {message}", hint, line, column) from None
    if nesting(data) > MAX_NESTING:
        raise fail("too-deep", f"tables or arrays nest more than {MAX_NESTING} levels deep",
                   "a mandate needs at most 4 (contributor.ID.available_by_phase.PHASE)")
    return data, text

