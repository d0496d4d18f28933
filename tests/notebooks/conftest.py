"""The shipped notebooks, a demo workspace they run against, and a runner that executes
notebooks one after another in a kernel (nbval gives each its own on the demo).

The workspace is made once per test session in a temporary folder: a small mastermind
(several firms and a coach) so the learner notebooks, the personal participant app and the
facilitator's group view all have something to show.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
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


def client_for(notebook: nbformat.NotebookNode) -> NotebookClient:
    """An nbclient runner for ``notebook`` in a python3 kernel working in ``notebooks/``, as
    a learner's JupyterLab runs it; a cell that raises makes it raise ``CellExecutionError``
    unless the cell is tagged ``raises-exception``."""
    return NotebookClient(
        notebook,
        timeout=CELL_TIMEOUT_S,
        kernel_name="python3",
        resources={"metadata": {"path": str(NOTEBOOK_DIR)}},
    )


@contextmanager
def workspace_env(workspace: Path) -> Iterator[None]:
    """``TOOLKIT_WORKSPACE`` pointing at ``workspace`` (and no database URL) for the kernels
    started inside the block."""
    with pytest.MonkeyPatch.context() as env:
        env.setenv("TOOLKIT_WORKSPACE", str(workspace))
        env.delenv("TOOLKIT_DATABASE_URL", raising=False)
        yield


def execute_in_turn(paths: list[Path], workspace: Path) -> dict[str, nbformat.NotebookNode]:
    """Execute notebooks one after another in one kernel on ``workspace``, its variables
    cleared (``%reset -f``) before each: a learner working through the lessons in one
    session. A kernel start and the imports are most of a small notebook's run, so this
    costs a third of a fresh kernel per notebook (nbval gives each notebook a fresh one on
    the demo workspace). Returns the notebooks by stem."""
    done: dict[str, nbformat.NotebookNode] = {}
    client: NotebookClient | None = None
    with workspace_env(workspace):
        try:
            for path in paths:
                notebook = nbformat.read(path, as_version=4)
                if client is None:
                    client = client_for(notebook)
                else:
                    client.execute_cell(nbformat.v4.new_code_cell("%reset -f"), 0)
                    client.nb = notebook
                client.execute(cleanup_kc=False)
                done[path.stem] = notebook
        finally:
            if client is not None:
                client._cleanup_kernel()  # nbclient's own shutdown of the kernel it started
    return done
