"""Every shipped notebook runs top to bottom on a demo workspace under ``pytest
--nbval-lax``: a cell that raises fails (unless tagged ``raises-exception``), and outputs are
not compared, since notebooks are committed without outputs. Each lesson must also draw a
chart: the same nbval run records what each cell displayed (tests/notebooks/nbval_outputs.py),
so every notebook is executed once.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from .conftest import CELL_TIMEOUT_S, CURRICULUM, NOTEBOOK_DIR, NOTEBOOKS, ROOT
from .nbval_outputs import RECORD_ENV

PLOTLY = "application/vnd.plotly.v1+json"
WIDGET = "application/vnd.jupyter.widget-view+json"
LESSONS = [path for path in CURRICULUM if path.stem != "00_start_here"]


def code_cells(path) -> int:
    return sum(cell.cell_type == "code" for cell in nbformat.read(path, as_version=4).cells)


@pytest.fixture(scope="module")
def nbval_run(demo_workspace: Path, tmp_path_factory) -> tuple[subprocess.CompletedProcess, Path]:
    """nbval, as a learner's JupyterLab would run them: one kernel per notebook in
    ``notebooks/``, the workspace given by ``TOOLKIT_WORKSPACE``; with the file where
    each cell's displayed output types were recorded."""
    record = tmp_path_factory.mktemp("nbval") / "outputs.jsonl"
    env = {
        **os.environ,
        "TOOLKIT_WORKSPACE": str(demo_workspace),
        RECORD_ENV: str(record),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
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
            "-p",
            "tests.notebooks.nbval_outputs",
            "-q",
            *(path.name for path in NOTEBOOKS),
        ],
        cwd=NOTEBOOK_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60 * len(NOTEBOOKS) + 300,
    )
    return result, record


def recorded(nbval_run) -> list[dict]:
    """What each cell of the nbval run showed (tests/notebooks/nbval_outputs.py)."""
    _, record = nbval_run
    return [json.loads(line) for line in record.read_text().splitlines()]


@pytest.mark.notebooks
def test_nbval_lax_runs_every_notebook_on_the_demo_workspace(nbval_run):
    result, _ = nbval_run
    summary = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    passed = re.search(r"(\d+) passed", summary)
    assert passed and int(passed.group(1)) == sum(map(code_cells, NOTEBOOKS)), summary


@pytest.mark.notebooks
@pytest.mark.parametrize("path", LESSONS, ids=lambda path: path.stem)
def test_lesson_shows_a_chart(path, nbval_run):
    """Each lesson after the start page draws at least one plotly chart, inline or inside
    a widget, so a lesson that silently shows nothing fails."""
    cells = recorded(nbval_run)
    assert {cell["notebook"] for cell in cells} == {p.stem for p in NOTEBOOKS}
    kinds = {kind for cell in cells if cell["notebook"] == path.stem for kind in cell["kinds"]}
    assert kinds & {PLOTLY, WIDGET}


#: A row of the client map lesson's segment table: segment, clients, revenue, health.
SEGMENT_ROW = re.compile(r"^(\S.*?)\s+(\d+)\s+-?[\d.]+(?:e[+-]?\d+)?\s+-?[\d.]+$")


@pytest.mark.notebooks
def test_the_client_map_lesson_and_the_coach_app_show_the_same_segments(
    nbval_run, demo_workspace, exercises
):
    """One firm, one picture: the lesson's segment table (clients per segment) equals the
    coach app's client map for the same member, fit ratings and all."""
    from toolkit.apps.coach_session import CoachSessionApp
    from toolkit.store import Workspace
    from toolkit.store.views import first_member

    (table,) = [
        cell["text"]
        for cell in recorded(nbval_run)
        if cell["notebook"] == "01_client_love_map" and "median_health" in cell["text"]
    ]
    shown = {
        match[1].strip(): int(match[2])
        for line in table.splitlines()
        if (match := SEGMENT_ROW.match(line.strip()))
    }
    with Workspace.open(demo_workspace) as ws:
        app = CoachSessionApp(ws, exercises)
        app.picker.value = first_member(ws)
        segments = app.analyses.client_map["segment"].value_counts().to_dict()
    assert shown == segments
    assert len(shown) >= 3
