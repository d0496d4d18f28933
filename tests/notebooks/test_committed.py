"""The notebooks as committed: valid, outputs cleared, python3 kernel, one line to switch
to your own workspace, and documented (docs/notebooks.md names each one, like datasette's
test_docs keeps its settings documented).

These tests read files only; they start no kernel.
"""

from __future__ import annotations

import re

import nbformat
import pytest

from .conftest import CURRICULUM, NOTEBOOK_DIR, NOTEBOOKS, ROOT

GUIDE = ROOT / "docs" / "notebooks.md"
#: The line a learner edits to work on their own data, in every numbered notebook.
SWITCH = re.compile(r"^WORKSPACE = None  # .+", re.MULTILINE)
#: A notebook file name as written in the guide, e.g. ``01_client_love_map.ipynb``.
NAMED = re.compile(r"\b([0-9a-z_]+)\.ipynb\b")


def read(path):
    return nbformat.read(path, as_version=4)


def code(path) -> str:
    return "\n".join(cell.source for cell in read(path).cells if cell.cell_type == "code")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.stem)
def test_notebook_is_valid_and_committed_without_outputs(path):
    notebook = read(path)
    nbformat.validate(notebook)
    cells = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert [cell.outputs for cell in cells] == [[] for _ in cells]
    assert [cell.execution_count for cell in cells] == [None] * len(cells)
    assert notebook.metadata.kernelspec.name == "python3"


def test_curriculum_is_numbered_without_gaps():
    numbers = [int(path.stem[:2]) for path in CURRICULUM]
    assert numbers == list(range(len(CURRICULUM)))
    assert len(CURRICULUM) >= 7


@pytest.mark.parametrize("path", CURRICULUM, ids=lambda path: path.stem)
def test_lesson_has_one_marked_line_to_switch_workspace(path):
    assert len(SWITCH.findall(code(path))) == 1


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.stem)
def test_guide_names_every_notebook(path):
    assert f"{path.name}" in GUIDE.read_text(encoding="utf-8")


def test_guide_names_no_missing_notebook():
    named = set(NAMED.findall(GUIDE.read_text(encoding="utf-8")))
    shipped = {path.stem for path in NOTEBOOK_DIR.glob("*.ipynb")}
    assert named - shipped == set()


def test_readme_points_learners_to_the_guide():
    assert "docs/notebooks.md" in (ROOT / "README.md").read_text(encoding="utf-8")
