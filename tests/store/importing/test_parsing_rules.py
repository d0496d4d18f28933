"""The forgiving, honest parsing rules of an import, one fixture per case it provokes."""

from __future__ import annotations

import re
import subprocess
import sys

import pandas as pd
import pytest

from toolkit.store import currencies
from toolkit.store.importing import ImportFileError, csv_reader, import_file, tables

ORDER_HINT = "choose the order with --date-order DMY or MDY (date_order in a mapping file)"


def imported(ws, kind, path, mapping=None, **options):
    report = import_file(ws, kind, path, "p1", mapping, progress=False, **options)
    assert report.rows_read == report.imported + report.rejected
    return report


def acquired(ws) -> dict[str, str]:
    clients = ws.table("clients", "p1").dropna(subset=["acquired_on"])
    return {row.client_id: f"{row.acquired_on:%Y-%m-%d}" for row in clients.itertuples()}


# --- dates ---------------------------------------------------------------------------


def test_one_day_over_12_makes_the_whole_column_day_first(firm, files):
    report = imported(firm, "clients", files / "date-order-settled-by-one-day-over-12.csv")

    assert report.rejected == 0
    assert acquired(firm)["c11"] == "2024-04-03"
    assert "acquired_on: dates read day first (a date with a day over 12 shows it)" in (
        report.messages
    )


def test_an_unsettled_column_rejects_only_its_ambiguous_dates_and_says_how_to_choose(
    firm, files, read_rejects
):
    report = imported(firm, "clients", files / "date-order-unsettled.csv")

    ((row,),) = [read_rejects(report.rejects_path)]
    assert (row["line"], row["column"]) == ("3", "acquired_on")
    assert ORDER_HINT in row["reason"]
    assert acquired(firm) == {"c10": "2024-03-04", "c12": "2024-04-25"}


@pytest.mark.parametrize(("order", "day"), [("MDY", "2024-03-04"), ("DMY", "2024-04-03")])
def test_date_order_option_settles_an_unsettled_column(firm, files, order, day):
    report = imported(firm, "clients", files / "date-order-unsettled.csv", date_order=order)

    assert report.rejected == 0
    assert acquired(firm)["c11"] == day


def test_date_order_in_a_mapping_file_settles_the_column(firm, files, tmp_path):
    mapping = tmp_path / "dmy.yaml"
    mapping.write_text("date_order: DMY\n")

    imported(firm, "clients", files / "date-order-unsettled.csv", mapping)

    assert acquired(firm)["c11"] == "2024-04-03"


def test_a_column_with_both_orders_keeps_what_reads_one_way_only(firm, files, read_rejects):
    report = imported(firm, "clients", files / "date-order-mixed.csv")

    assert acquired(firm) | {"c12": None} == {
        "c10": "2024-04-25",
        "c11": "2024-04-25",
        "c12": None,
    }
    (row,) = read_rejects(report.rejects_path)
    assert row["client_id"] == "c12"
    assert "the column has both day-first and month-first dates" in row["reason"]


def test_the_order_is_settled_by_a_date_in_a_later_batch(firm, write_csv, monkeypatch):
    """The evidence may come after the file's first batch: the whole column decides."""
    monkeypatch.setattr(csv_reader, "ARROW_BLOCK_BYTES", 200)
    rows = [["client_id", "name", "acquired_on"]]
    rows += [[f"b{i:03d}", f"Batch {i}", f"0{1 + i % 9}/04/2024"] for i in range(60)]
    rows.append(["b999", "Late", "30/04/2024"])
    source = write_csv("date-order-settled-in-a-later-batch.csv", rows)

    report = imported(firm, "clients", source)

    assert (report.imported, report.rejected) == (61, 0)
    assert acquired(firm)["b000"] == "2024-04-01"


@pytest.mark.parametrize("reader", ["arrow", "rows"])
def test_the_later_batch_rule_holds_for_the_row_reader_too(firm, write_csv, monkeypatch, reader):
    monkeypatch.setattr(tables, "CHUNK_ROWS", 7)
    monkeypatch.setattr(csv_reader, "ARROW_BLOCK_BYTES", 150)
    rows = [["client_id", "name", "acquired_on"]]
    rows += [[f"r{i:02d}", f"Row {i}", "02/03/2024"] for i in range(30)]
    rows.append(["r99", "Late", "02/13/2024"])
    source = write_csv("date-order-settled-in-a-later-batch.csv", rows)
    if reader == "rows":
        source.write_text(source.read_text() + 'r98,5" tall,02/03/2024\n')

    report = imported(firm, "clients", source)

    assert report.rejected == 0
    assert acquired(firm)["r00"] == "2024-02-03"


def test_compact_dates_and_excel_serial_numbers_are_dates(firm, files):
    report = imported(firm, "clients", files / "compact-and-excel-serial-dates.csv")

    assert report.rejected == 0
    clients = firm.table("clients", "p1").set_index("client_id")
    assert clients.loc["c10", "acquired_on"] == pd.Timestamp("2024-03-12")
    assert clients.loc["c11", "acquired_on"] == pd.Timestamp("2024-03-12")
    assert clients.loc["c11", "ended_on"] == pd.Timestamp("2025-01-01")


# --- columns and mappings --------------------------------------------------------------


def test_a_missing_column_suggests_the_near_miss(firm, files):
    with pytest.raises(ImportFileError) as error:
        imported(firm, "transactions", files / "missing-column-near-miss.csv")

    assert "client_id (as 'client_id'; did you mean 'client'?)" in str(error.value)


def test_a_column_the_mapping_names_but_the_file_lacks_is_reported(firm, files):
    source = files / "mapping-names-a-column-the-file-lacks.csv"

    report = imported(firm, "clients", source, files / "mapping-names-a-column-the-file-lacks.yaml")

    assert report.imported == 1
    assert "not in the file, so left empty: industry (as 'Branche' or 'industry')" in (
        report.messages
    )
    assert not any(m.startswith("ignored column(s)") for m in report.messages)


def test_a_mapping_extends_a_preset_and_overrides_one_column_and_the_date_order(firm, files):
    report = imported(
        firm,
        "clients",
        files / "mapping-extends-hubspot.csv",
        files / "mapping-extends-hubspot.yaml",
    )

    assert report.rejected == 0
    client = firm.table("clients", "p1").set_index("client_id").loc["901"]
    assert (client["name"], client["owner_id"], client["stage"]) == (
        "Zenith Tools",
        "m2",
        "Customer",
    )
    assert client["acquired_on"] == pd.Timestamp("2024-03-04")


def test_a_client_whose_owner_is_unknown_is_kept_without_one_and_warned_about(
    firm, files, read_rejects
):
    report = imported(firm, "clients", files / "unknown-owner.csv")

    assert (report.imported, report.rejected, report.warned) == (2, 0, 1)
    assert firm.table("clients", "p1").set_index("client_id").loc["c11", "owner_id"] is None
    (row,) = read_rejects(report.warnings_path)
    assert (row["line"], row["column"], row["warning"]) == (
        "3",
        "owner_id",
        "unknown team member 'm99' left empty",
    )
    assert "warnings: 1 owner_id unknown team member left empty" in report.summary()


def test_a_person_named_instead_of_identified_is_matched_by_name(firm, write_csv):
    source = write_csv(
        "owner-by-name.csv", [["client_id", "name", "owner_id"], ["n1", "N", "ben okafor"]]
    )

    report = imported(firm, "clients", source)

    assert report.warned == 0
    assert firm.table("clients", "p1").set_index("client_id").loc["n1", "owner_id"] == "m2"


# --- Excel -----------------------------------------------------------------------------


def test_a_cover_sheet_is_passed_over_for_the_sheet_with_the_table(firm, files):
    report = imported(firm, "clients", files / "cover-sheet-first.xlsx")

    assert report.imported == 2
    assert "read sheet 'Clients', header on row 1" in report.messages


@pytest.mark.parametrize("sheet", ["Clients", "2", 2])
def test_sheet_option_picks_a_sheet_by_name_or_number(firm, files, sheet):
    report = imported(firm, "clients", files / "cover-sheet-first.xlsx", sheet=sheet)

    assert report.imported == 2


def test_sheet_option_naming_a_sheet_without_the_table_says_which_sheet_was_read(firm, files):
    with pytest.raises(ImportFileError) as error:
        imported(firm, "clients", files / "cover-sheet-first.xlsx", sheet=1)

    assert "cover-sheet-first.xlsx [sheet 'Cover']:1: missing required column(s)" in str(
        error.value
    )


def test_an_unknown_sheet_lists_the_sheets(firm, files):
    with pytest.raises(ImportFileError, match=re.escape("no sheet 'Kunden'; the workbook has: ")):
        imported(firm, "clients", files / "cover-sheet-first.xlsx", sheet="Kunden")


def test_the_header_is_found_under_a_merged_title(firm, files):
    report = imported(firm, "clients", files / "header-under-merged-title.xlsx")

    assert (report.imported, report.rejected) == (2, 0)
    assert "read sheet 'Clients', header on row 4" in report.messages
    assert acquired(firm)["t2"] == "2022-02-05"


def test_ids_formatted_with_leading_zeros_keep_them(firm, files):
    imported(firm, "clients", files / "ids-with-leading-zeros.xlsx")

    names = firm.table("clients", "p1").set_index("client_id")["name"]
    assert (names["00017"], names["04021"]) == ("Zero Padded", "Four Digits")


def test_a_formula_without_a_saved_result_has_its_own_reason(firm, files, read_rejects):
    report = imported(firm, "transactions", files / "formula-without-saved-result.xlsx")

    assert (report.imported, report.rejected) == (1, 1)
    (row,) = read_rejects(report.rejects_path)
    assert (row["line"], row["column"]) == ("3", "amount")
    assert row["reason"].startswith("the formula =E3*F3 has no saved result")


def test_sheet_option_on_a_csv_file_is_an_error(firm, files):
    with pytest.raises(ImportFileError, match="--sheet applies to Excel workbooks"):
        imported(firm, "clients", files / "utf8.csv", sheet="1")


# --- currencies ------------------------------------------------------------------------


def test_a_rates_file_with_a_bad_code_names_its_line(files):
    with pytest.raises(currencies.CurrencyError, match=r"rates-bad-code.csv:3: 'Euro'"):
        currencies.read_rates(files / "rates-bad-code.csv")


def test_amounts_in_another_currency_are_never_summed_silently(firm, write_csv, read_rejects):
    currencies.set_currency(firm, "EUR")
    rows = [
        ["transaction_id", "client_id", "occurred_on", "amount", "currency"],
        ["e1", "c1", "2024-01-05", "100.00", "EUR"],
        ["u1", "c1", "2024-01-06", "100.00", "usd"],
    ]

    report = imported(firm, "transactions", write_csv("two-currencies.csv", rows))

    assert report.imported == 1
    (row,) = read_rejects(report.rejects_path)
    assert row["transaction_id"] == "u1"
    assert "amount in USD, and the workspace has no USD rate" in row["reason"]


# --- the command -----------------------------------------------------------------------


@pytest.mark.slow  # end to end: two commands, each in an interpreter of its own
def test_the_command_exits_non_zero_when_no_row_was_imported(tmp_path, files):
    ws = tmp_path / "ws"
    run = [sys.executable, "-m", "toolkit.cli", "--workspace", str(ws)]
    subprocess.run([*run, "participants", "add", "Firm", "--id", "p1"], check=True)

    result = subprocess.run(
        [*run, "import", "team", str(files / "nothing-importable.csv")],
        capture_output=True,
        text=True,
    )

    assert result.returncode == 1
    assert "0 team row(s) imported, 2 set aside" in result.stdout
    assert "set aside: 1 member_id missing required value; 1 name missing required value" in (
        result.stdout
    )


def test_a_deals_file_without_an_outcome_column_says_every_row_is_revenue(firm, write_csv):
    rows = [
        ["Record ID", "Associated Company IDs (Primary)", "Close Date", "Amount"],
        ["d1", "c1", "2024-01-05", "100.0"],
    ]

    report = imported(firm, "transactions", write_csv("deals.csv", rows), "hubspot")

    assert report.imported == 1
    assert any(
        m.startswith("no column says whether a deal was won, so every row is revenue: stage")
        for m in report.messages
    )
    assert not any("currency" in m for m in report.messages)
