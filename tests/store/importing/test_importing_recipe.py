"""The CDNOW recipe of docs/importing.md, run as written on the committed excerpt."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from toolkit.firm import FirmAnalyses
from toolkit.store import Workspace
from toolkit.store.views import firm_data

ROOT = Path(__file__).parents[3]
EXCERPT = ROOT / "tests" / "store" / "files" / "cdnow-master-first-300-lines.txt"
RECIPE = "### Recipe: the CDNOW log, from the raw file to a client map"
COMMAND = ".venv/bin/retention"


def recipe_commands() -> list[list[str]]:
    """The `retention` commands of the recipe's code blocks, in order, as argument lists."""
    text = (ROOT / "docs" / "importing.md").read_text()
    section = text.split(RECIPE, 1)[1].split("\n#", 1)[0]
    blocks = re.findall(r"```bash\n(.*?)```", section, flags=re.DOTALL)
    return [
        shlex.split(line)
        for block in blocks
        for line in block.splitlines()
        if line.startswith(f"{COMMAND} ")
    ]


def test_the_recipe_names_the_commands_in_order():
    verbs = [" ".join(args[1:3]) for args in recipe_commands()]

    assert verbs == [
        "init",
        "participants add",
        "participants as-of",
        "import clients",
        "import transactions",
        "serve",
    ]


def recipe_steps() -> list[list[str]]:
    """The recipe's commands up to (not including) the closing ``retention serve``."""
    *steps, serve = recipe_commands()
    assert serve[1:] == ["serve"]
    return steps


def run_recipe(directory: Path, steps: list[list[str]]) -> list[str]:
    """Run ``steps`` in ``directory`` (workspace ``directory/workspace``) as a user would, in
    a subprocess each; every step must succeed. Returns their outputs."""
    outputs = []
    for args in steps:
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "toolkit.cli",
                "--workspace",
                str(directory / "workspace"),
                *args[1:],
            ],
            cwd=directory,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert result.returncode == 0, (args, result.stdout, result.stderr)
        outputs.append(result.stdout)
    return outputs


@pytest.mark.slow
def test_the_recipe_takes_the_raw_log_to_a_client_map(tmp_path):
    shutil.copyfile(EXCERPT, tmp_path / "CDNOW_master.txt")
    workspace = tmp_path / "workspace"
    outputs = run_recipe(tmp_path, recipe_steps())

    clients = len({line.split()[0] for line in EXCERPT.read_text().splitlines()[1:]})
    assert f"299 purchase row(s) name {clients} client(s): {clients} created" in outputs[3]
    assert "299 transactions row(s) imported, 0 set aside" in outputs[4]
    with Workspace.open(workspace) as ws:
        firm = firm_data(ws, "cdnow")
        client_map = FirmAnalyses(firm).client_map
    assert pd.Timestamp(firm.as_of) == pd.Timestamp("1998-06-30")
    assert sorted(client_map["client_id"]) == sorted(firm["clients"]["client_id"])
    assert client_map["segment"].notna().all()
