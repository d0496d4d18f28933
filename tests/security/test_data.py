"""Attacks through the data: formulas smuggled into exports, and group figures that would
single a member out."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from tests.security.conftest import coached_demo
from toolkit.progress import group_figure
from toolkit.store import Workspace

FORMULAS = ['=HYPERLINK("http://attacker.test","click")', "=cmd|' /C calc'!A0", "@SUM(A1)"]


def export(demo, table: str, out: Path) -> Path:
    """``retention export TABLE OUT`` on the demo's workspace, as a user runs it."""
    command = ["-w", str(demo.directory), "export", table, str(out)]
    subprocess.run([sys.executable, "-m", "toolkit.cli", *command], check=True, capture_output=True)
    return out


@pytest.mark.slow
@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_exported_client_names_never_run_as_formulas(tmp_path, suffix):
    demo = coached_demo(tmp_path / "ws")
    member = next(iter(demo.names))
    with Workspace.open(demo.directory) as ws:
        rows = pd.DataFrame(
            {"client_id": [f"X{i}" for i in range(len(FORMULAS))], "name": FORMULAS}
        )
        ws.write("clients", rows, member)
    out = export(demo, "clients", tmp_path / f"clients{suffix}")

    if suffix == ".csv":
        with out.open(encoding="utf-8-sig", newline="") as file:
            names = [row["name"] for row in csv.DictReader(file)]
    else:
        sheet = openpyxl.load_workbook(out).active
        header = [cell.value for cell in sheet[1]]
        column = header.index("name") + 1
        cells = [row[column - 1] for row in sheet.iter_rows(min_row=2)]
        assert all(cell.data_type == "s" for cell in cells if cell.value)
        names = [cell.value for cell in cells]
    for formula in FORMULAS:
        assert f"'{formula}" in names
    assert not any(str(name).startswith(("=", "@", "+")) for name in names)


def test_a_group_of_three_with_two_members_without_a_value_shows_no_figure():
    figure = group_figure(pd.Series([0.8, float("nan"), float("nan")]), step=0.1)

    assert figure.contributors == 1 and pd.isna(figure.value)


def test_three_contributors_never_see_one_members_own_value():
    values = pd.Series([0.25, 0.5, 1.0])

    figure = group_figure(values, step=0.1)

    assert figure.contributors == 3
    assert figure.value not in set(values) and figure.value != values.median()


def test_exported_settings_hold_no_coach_password_hash(tmp_path):
    demo = coached_demo(tmp_path / "ws")
    out = export(demo, "settings", tmp_path / "settings.csv")

    text = out.read_text(encoding="utf-8-sig")
    assert "argon2" not in text and "coach_password" not in text
