"""Every shipped notebook runs top to bottom on a demo workspace, as ``pytest --nbval-lax``
would run it: a cell that raises fails the test (unless tagged ``raises-exception``), and
outputs are not compared with stored ones (notebooks are committed without outputs).
"""

from __future__ import annotations

import nbformat
import pytest

from .conftest import CURRICULUM, NOTEBOOKS

PLOTLY = "application/vnd.plotly.v1+json"
WIDGET = "application/vnd.jupyter.widget-view+json"
LESSONS = [path for path in CURRICULUM if path.stem != "00_start_here"]


def outputs(notebook: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    return [output for cell in notebook.cells for output in cell.get("outputs", [])]


@pytest.mark.notebooks
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.stem)
def test_notebook_runs_on_the_demo_workspace(path, run_notebook):
    notebook = run_notebook(path)
    assert [output for output in outputs(notebook) if output.output_type == "error"] == []


@pytest.mark.notebooks
@pytest.mark.parametrize("path", LESSONS, ids=lambda path: path.stem)
def test_lesson_shows_a_chart(path, run_notebook):
    """Each lesson after the start page draws at least one plotly chart, inline or inside
    a widget, so a lesson that silently shows nothing fails."""
    kinds = {kind for output in outputs(run_notebook(path)) for kind in output.get("data", {})}
    assert kinds & {PLOTLY, WIDGET}
