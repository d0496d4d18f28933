"""The learner notebooks on thin workspaces (tests/thin.py), and one analysis date.

Each numbered notebook runs top to bottom for each of the five thin participants (nothing;
only clients; clients and purchases; clients and contacts; clients and a team without
contacts): no cell raises, and where a lesson's chart cannot be
drawn the cell shows the 'not imported yet' panel naming the command instead. Every
analytics call in the notebooks passes the firm's ``as_of`` (read from the source, no
kernel).
"""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import nbformat
import pytest

from tests.thin import make_thin
from toolkit import analytics
from toolkit.widgets.missing import command

from .conftest import CURRICULUM, execute_in_turn

HTML = "text/html"
#: Per state: (notebook stem, a command its panels must name).
PANELS = {
    "nothing": [
        ("00_start_here", command("clients", "nothing")),
        ("01_client_love_map", command("clients", "nothing")),
        ("02_excuses_and_price_hunters", command("transactions", "nothing")),
        ("03_treasure_review", command("interactions", "nothing")),
        ("04_retention_from_the_first_sale", command("transactions", "nothing")),
        ("05_abandonment_audit", command("team", "nothing")),
    ],
    "clients-only": [
        ("01_client_love_map", command("transactions", "clients-only")),
        ("02_excuses_and_price_hunters", command("transactions", "clients-only")),
        ("03_treasure_review", command("interactions", "clients-only")),
        ("04_retention_from_the_first_sale", command("transactions", "clients-only")),
        ("05_abandonment_audit", command("team", "clients-only")),
    ],
    "clients-transactions": [
        ("01_client_love_map", command("interactions", "clients-transactions")),
        ("03_treasure_review", command("interactions", "clients-transactions")),
        ("04_retention_from_the_first_sale", command("interactions", "clients-transactions")),
        ("05_abandonment_audit", command("team", "clients-transactions")),
    ],
    "clients-interactions": [
        ("01_client_love_map", command("transactions", "clients-interactions")),
        ("02_excuses_and_price_hunters", command("transactions", "clients-interactions")),
        ("03_treasure_review", command("transactions", "clients-interactions")),
        ("04_retention_from_the_first_sale", command("transactions", "clients-interactions")),
        ("05_abandonment_audit", command("team", "clients-interactions")),
    ],
    "clients-team": [
        ("01_client_love_map", command("transactions", "clients-team")),
        ("03_treasure_review", command("interactions", "clients-team")),
        ("05_abandonment_audit", command("interactions", "clients-team")),
    ],
}


@pytest.fixture(scope="module")
def thin_runs(tmp_path_factory) -> dict[str, dict[str, nbformat.NotebookNode]]:
    """Every numbered notebook executed for each state of :data:`PANELS` (its own
    workspace, so the notebooks' first member is that participant), one kernel per state
    (each notebook in a fresh kernel is test_notebooks.py's nbval run, on the demo)."""
    runs = {}
    for state in PANELS:
        workspace = make_thin(tmp_path_factory.mktemp(f"thin-{state}"), (state,))
        runs[state] = execute_in_turn(CURRICULUM, workspace)
    return runs


def html_outputs(notebook: nbformat.NotebookNode) -> str:
    return " ".join(
        output.get("data", {}).get(HTML, "")
        for cell in notebook.cells
        for output in cell.get("outputs", [])
    )


@pytest.mark.slow
@pytest.mark.notebooks
@pytest.mark.parametrize(
    ("state", "stem", "wanted"),
    [(state, stem, wanted) for state, panels in PANELS.items() for stem, wanted in panels],
)
def test_a_thin_lesson_shows_what_to_import_in_place_of_its_charts(thin_runs, state, stem, wanted):
    """The notebooks ran (nbclient raises on a failing cell); the panel names the command."""
    notebook = thin_runs[state][stem]
    text = html_outputs(notebook)
    assert "tk-missing" in text
    assert f"{wanted}</code>" in text
    errors = [o for c in notebook.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert errors == []


def analytics_calls(path: Path) -> list[ast.Call]:
    """Every ``analytics.NAME(...)`` call in a notebook's code cells."""
    notebook = nbformat.read(path, as_version=4)
    calls = []
    for cell in notebook.cells:
        if cell.cell_type == "code":
            for node in ast.walk(ast.parse(cell.source)):
                func = getattr(node, "func", None)
                if isinstance(func, ast.Attribute) and getattr(func.value, "id", "") == "analytics":
                    calls.append(node)
    return calls


@pytest.mark.parametrize("path", CURRICULUM, ids=lambda path: path.stem)
def test_every_analytics_call_passes_the_firms_as_of(path):
    for call in analytics_calls(path):
        name = call.func.attr
        if "as_of" not in inspect.signature(getattr(analytics, name)).parameters:
            continue
        given = {k.arg: ast.unparse(k.value) for k in call.keywords}
        assert given.get("as_of") == "firm.as_of", f"{path.stem}: analytics.{name}"


def test_the_notebooks_call_the_analytics_at_all():
    """Guards the test above against reading nothing."""
    assert sum(len(analytics_calls(path)) for path in CURRICULUM) >= 10
