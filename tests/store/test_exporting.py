"""Exports: text a spreadsheet would run as a formula is written as quoted text."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from tests.store.conftest import PARTICIPANT
from toolkit.store import Workspace
from toolkit.store.exporting import export_table, neutralise
from toolkit.store.importing import import_file


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+44 20 7946 0000", "'+44 20 7946 0000"),
        ("-3", "'-3"),  # text that looks like a number is still text
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("A=B Partners", "A=B Partners"),
        (" =1+1", " =1+1"),  # a leading space is not on OWASP's list
        ("", ""),
        (-3, -3),
        (-0.5, -0.5),
        (None, None),
    ],
)
def test_neutralise_quotes_only_text_that_starts_like_a_formula(value, written):
    assert neutralise(value) == written


@pytest.fixture
def formula_names(empty_firm: Workspace, files: Path) -> Workspace:
    report = import_file(empty_firm, "clients", files / "formula-client-names.csv", PARTICIPANT)
    assert report.imported == 5
    return empty_firm


@pytest.fixture
def formula_summaries(formula_names: Workspace, files: Path) -> Workspace:
    source = files / "formula-interaction-summaries.csv"
    report = import_file(formula_names, "interactions", source, PARTICIPANT)
    assert report.imported == 3
    return formula_names


def test_csv_export_quotes_formula_client_names(formula_names, tmp_path: Path):
    out = tmp_path / "clients.csv"
    assert export_table(formula_names, "clients", out) == 5
    assert out.read_text(encoding="utf-8").splitlines() == [
        "participant_id,client_id,name,is_internal,owner_id,acquired_on,ended_on,industry,"
        "notes,stage",
        'p1,c1,"\'=HYPERLINK(""http://x"",""y"")",False,,,,Retail,,',
        "p1,c2,'=cmd|' /C calc'!A0,False,,,,Retail,,",
        "p1,c3,'+SUM(A1:A9),False,,,,'-,,",
        "p1,c4,'@SUM(1+1),False,,,,Law,,",
        "p1,c5,A=B Partners,False,,,,'=1+1,,",
    ]


def test_csv_export_keeps_negative_numbers_as_numbers(formula_summaries, tmp_path: Path):
    out = tmp_path / "interactions.csv"
    export_table(formula_summaries, "interactions", out, PARTICIPANT)
    assert out.read_text(encoding="utf-8").splitlines()[1:] == [
        "p1,i1,c1,,2024-03-01 10:00:00,,,,-0.5,'-20% asked again",
        "p1,i2,c2,,2024-03-02 11:30:00,,,,-1.0,'=1+2",
        "p1,i3,c3,,2024-03-03 09:15:00,,,,0.25,Renewal signed",
    ]


def sheet_cells(path: Path) -> list[list[openpyxl.cell.Cell]]:
    """The data rows of the first sheet, as stored (formulas not evaluated)."""
    sheet = openpyxl.load_workbook(path, data_only=False).active
    return [list(row) for row in sheet.iter_rows(min_row=2)]


def test_xlsx_export_writes_formula_client_names_as_text(formula_names, tmp_path: Path):
    out = tmp_path / "clients.xlsx"
    export_table(formula_names, "clients", out)
    rows = sheet_cells(out)
    names = [row[2] for row in rows]
    assert [cell.value for cell in names] == [
        '\'=HYPERLINK("http://x","y")',
        "'=cmd|' /C calc'!A0",
        "'+SUM(A1:A9)",
        "'@SUM(1+1)",
        "A=B Partners",
    ]
    filled = [cell for row in rows for cell in row if isinstance(cell.value, str)]
    assert all(cell.data_type == "s" for cell in filled)
    assert not any(cell.value.startswith(("=", "+", "-", "@")) for cell in filled)


def test_xlsx_export_keeps_negative_numbers_as_numbers(formula_summaries, tmp_path: Path):
    out = tmp_path / "interactions.xlsx"
    export_table(formula_summaries, "interactions", out)
    rows = sheet_cells(out)
    sentiment = [row[8] for row in rows]
    assert [cell.value for cell in sentiment] == [-0.5, -1, 0.25]
    assert {cell.data_type for cell in sentiment} == {"n"}
    assert [row[9].value for row in rows] == ["'-20% asked again", "'=1+2", "Renewal signed"]
