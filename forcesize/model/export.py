"""Write a built model as an LP or MPS file another solver can read.

Names travel: every column and row is named ``<family>__<ids>`` by
``model/naming.py``, so a person can trace a line of the file back to the
mandate (``pool_max__USA__infantry__capacity`` is ``contributor.USA.available.
infantry`` in phase ``capacity``). An LP or MPS file holds one objective; the
file carries the first preemptive stage's (the highest priority's shortfall),
and a comment at the top lists the stages, which forcesize solves in turn,
each holding the earlier optima. Written atomically, like every output file.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Literal

from ..outfile import write_file
from . import BuiltModel

Kind = Literal["lp", "mps"]


def _header(model: BuiltModel, comment: str) -> str:
    stages = [s for s in model.stages if s.pairs]
    lines = [
        "forcesize model: names are <family>__<ids> from the mandate (docs/model.md).",
        "forcesize solves these preemptive stages in turn, each holding the earlier optima;",
        "this file's objective is the first one listed:",
        *(f"  {i}. {s.name}: minimise {s.description}" for i, s in enumerate(stages, 1)),
    ]
    return "".join(f"{comment} {line}\n" for line in lines)


def export_model(model: BuiltModel, path: str | Path, kind: Kind) -> None:
    """Write ``model`` to ``path`` as ``kind`` (``lp`` or ``mps``), as every output file is
    written (``forcesize/outfile.py``): atomically, or straight through to a device."""
    import pulp

    first = next((s for s in model.stages if s.pairs), None)
    model.prob.setObjective(first.expression() if first else pulp.LpAffineExpression())
    with tempfile.TemporaryDirectory(prefix="forcesize-export-") as folder:
        scratch = Path(folder) / f"model.{kind}"
        if kind == "lp":
            model.prob.writeLP(str(scratch))
        else:
            model.prob.writeMPS(str(scratch))
        body = scratch.read_text(encoding="utf-8")
    write_file(path, _header(model, "\\" if kind == "lp" else "*") + body)
