"""A pytest plugin for the nbval run of tests/notebooks/test_notebooks.py: after each
notebook cell nbval executed, it appends the MIME types the cell displayed to the JSON
lines file named by ``$TOOLKIT_NBVAL_OUTPUTS``, with the plain-text form of what it
showed, so the chart and consistency checks read what the single nbval execution showed
instead of executing every notebook a second time.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

#: The environment variable naming the file the cells' output types are appended to.
RECORD_ENV = "TOOLKIT_NBVAL_OUTPUTS"


def pytest_runtest_teardown(item: pytest.Item) -> None:
    """Record ``{"notebook", "cell", "kinds", "text"}`` for a cell nbval ran (others are
    ignored); ``text`` joins the ``text/plain`` of its outputs and what it printed."""
    outputs = getattr(item, "test_outputs", None)
    record = os.environ.get(RECORD_ENV)
    if outputs is None or not record:
        return
    kinds = sorted({kind for output in outputs for kind in output.get("data", {})})
    text = "\n".join(
        output.get("data", {}).get("text/plain", "") or output.get("text", "") for output in outputs
    )
    line = {"notebook": item.path.stem, "cell": item.cell_num, "kinds": kinds, "text": text}
    with Path(record).open("a", encoding="utf-8") as file:
        file.write(json.dumps(line) + "\n")
