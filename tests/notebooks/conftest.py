"""The shipped notebooks, a demo workspace they run against, and a runner that executes
a notebook in a fresh kernel.

The workspace is made once per test session in a temporary folder: a small mastermind
(several firms and a coach) so the learner notebooks, the personal participant app and the
facilitator's group view all have something to show.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from toolkit.demo import create_demo
from toolkit.store import Workspace

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK_DIR = ROOT / "notebooks"
#: Every notebook shipped in notebooks/: the numbered learner curriculum and the apps.
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))
#: The numbered learner notebooks (``00_start_here`` ...).
CURRICULUM = [path for path in NOTEBOOKS if path.stem[:2].isdigit()]
#: Arguments of the demo the notebooks run on: three firms make a mastermind group, the
#: smallest group whose figures the facilitator may show.
DEMO = {"participants": 3, "clients": 120, "seed": 7}
#: Longest a single cell may run before the test fails instead of hanging.
CELL_TIMEOUT_S = 120


@pytest.fixture(scope="session")
def demo_workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder of a freshly generated demo workspace."""
    directory = tmp_path_factory.mktemp("notebook-workspace")
    with Workspace.open(directory) as ws:
        create_demo(ws, **DEMO)
    return directory


def execute(path: Path, workspace: Path) -> nbformat.NotebookNode:
    """Execute a notebook in a fresh python3 kernel, as a learner's JupyterLab would:
    working directory ``notebooks/``, ``TOOLKIT_WORKSPACE`` pointing at ``workspace``.
    Returns the notebook with its outputs; a cell that raises makes nbclient raise
    ``CellExecutionError`` unless it is tagged ``raises-exception``."""
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=CELL_TIMEOUT_S,
        kernel_name="python3",
        resources={"metadata": {"path": str(NOTEBOOK_DIR)}},
    )
    with pytest.MonkeyPatch.context() as env:
        env.setenv("TOOLKIT_WORKSPACE", str(workspace))
        env.delenv("TOOLKIT_DATABASE_URL", raising=False)
        client.execute()
    return notebook
