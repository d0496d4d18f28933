"""Every shipped notebook runs top to bottom on a demo workspace under ``pytest
--nbval-lax``: a cell that raises fails (unless tagged ``raises-exception``), and outputs are
not compared, since notebooks are committed without outputs. Each lesson must also draw a
chart (executed here with nbclient, to look at its outputs).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

import nbformat
import pytest

from .conftest import CELL_TIMEOUT_S, CURRICULUM, NOTEBOOK_DIR, NOTEBOOKS

PLOTLY = "application/vnd.plotly.v1+json"
WIDGET = "application/vnd.jupyter.widget-view+json"
LESSONS = [path for path in CURRICULUM if path.stem != "00_start_here"]


def outputs(notebook: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    return [output for cell in notebook.cells for output in cell.get("outputs", [])]


def code_cells(path) -> int:
    return sum(cell.cell_type == "code" for cell in nbformat.read(path, as_version=4).cells)


@pytest.mark.notebooks
def test_nbval_lax_runs_every_notebook_on_the_demo_workspace(demo_workspace):
    """nbval, as a learner's JupyterLab would run them: one kernel per notebook in
    ``notebooks/``, the workspace given by ``TOOLKIT_WORKSPACE``."""
    env = {**os.environ, "TOOLKIT_WORKSPACE": str(demo_workspace)}
    env.pop("TOOLKIT_DATABASE_URL", None)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "--nbval-lax",
            "--nbval-current-env",
            f"--nbval-cell-timeout={CELL_TIMEOUT_S}",
            "-p",
            "no:cacheprovider",
            "-q",
            *(path.name for path in NOTEBOOKS),
        ],
        cwd=NOTEBOOK_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60 * len(NOTEBOOKS) + 300,
    )
    summary = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    passed = re.search(r"(\d+) passed", summary)
    assert passed and int(passed.group(1)) == sum(map(code_cells, NOTEBOOKS)), summary


@pytest.mark.notebooks
@pytest.mark.parametrize("path", LESSONS, ids=lambda path: path.stem)
def test_lesson_shows_a_chart(path, run_notebook):
    """Each lesson after the start page draws at least one plotly chart, inline or inside
    a widget, so a lesson that silently shows nothing fails."""
    kinds = {kind for output in outputs(run_notebook(path)) for kind in output.get("data", {})}
    assert kinds & {PLOTLY, WIDGET}
