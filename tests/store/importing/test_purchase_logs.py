"""Purchase logs: whitespace-separated and fixed-width text, no header row, no ids."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from toolkit.store.importing import ImportFileError, clients_from_transactions, import_file
from toolkit.store.mappings import MappingError, parse_mapping
from toolkit.store.mappings.layout import FileLayout, LayoutError, column_names, delimiter, widths

CDNOW = "cdnow-master-first-300-lines.txt"
#: The columns of the CDNOW log (and of the made-up logs), as docs/importing.md names them.
LOG_COLUMNS = FileLayout(columns=("client_id", "occurred_on", "quantity", "amount"))


def imported(ws, kind, path, **options):
    """Import and check the accounting every report must satisfy."""
    report = import_file(ws, kind, path, "p1", progress=False, **options)
    assert report.rows_read == report.imported + report.rejected
    return report


def purchases(path) -> pd.DataFrame:
    """The CDNOW excerpt read independently of the importer: one row per data line."""
    lines = path.read_bytes().decode("ascii").splitlines()[1:]
    rows = [line.split() for line in lines]
    frame = pd.DataFrame(rows, columns=["client_id", "day", "cds", "dollars"])
    frame["day"] = pd.to_datetime(frame["day"], format="%Y%m%d")
    frame["dollars"] = frame["dollars"].astype(float)
    return frame


def add_clients(ws, *ids):
    ws.write("clients", pd.DataFrame({"client_id": list(ids), "name": list(ids)}), "p1")


def test_cdnow_excerpt_as_shipped_imports_every_purchase(empty_firm, files):
    expected = purchases(files / CDNOW)
    made = clients_from_transactions(empty_firm, files / CDNOW, "p1", file_layout=LOG_COLUMNS)
    report = imported(empty_firm, "transactions", files / CDNOW, file_layout=LOG_COLUMNS)

    assert (report.rows_read, report.imported, report.rejected) == (299, 299, 0)
    assert any("line 1 holds the file's own column names" in m for m in report.messages)
    stored = empty_firm.table("transactions", "p1")
    assert stored["transaction_id"].nunique() == 299
    assert stored["amount"].sum() == pytest.approx(expected["dollars"].sum())
    assert set(stored["kind"]) == {"invoice"}
    first = expected.groupby("client_id")["day"].min()
    clients = empty_firm.table("clients", "p1").set_index("client_id")
    assert made.created == len(first) == len(clients)
    assert (pd.to_datetime(clients["acquired_on"]) == first.reindex(clients.index)).all()
    assert (clients["name"] == clients.index).all()


def test_cdnow_excerpt_without_clients_says_how_to_create_them(empty_firm, files):
    report = imported(empty_firm, "transactions", files / CDNOW, file_layout=LOG_COLUMNS)

    clients = purchases(files / CDNOW)["client_id"].nunique()
    assert report.imported == 0
    advice = next(m for m in report.messages if "not in the workspace" in m)
    assert f"299 row(s) refer to {clients} client(s)" in advice
    assert f"retention import clients --from-transactions {files / CDNOW}" in advice
    assert (
        report.first_rejects[0]
        == "line 2, client_id: unknown client '00001' (import clients first)"
    )
    assert "first rows set aside:" in report.summary()


def test_a_header_less_file_never_loses_its_first_row(firm, files):
    log = files / "repeated-identical-purchases.txt"
    with pytest.raises(
        ImportFileError,
        match=r"repeated-identical-purchases.txt:1: the first line looks like data.*--columns",
    ):
        imported(firm, "transactions", log)

    report = imported(firm, "transactions", log, file_layout=LOG_COLUMNS)
    assert report.rows_read == 4
    assert not any("own column names" in m for m in report.messages)


def test_a_header_with_years_that_names_known_columns_stays_a_header(empty_firm, tmp_path):
    path = tmp_path / "clients.csv"
    path.write_text("client_id,name,2023,2024\nc1,Acme,5,7\n")

    report = imported(empty_firm, "clients", path)

    assert report.imported == 1
    assert "ignored column(s): 2023, 2024" in report.messages


def test_interactions_without_ids_get_stable_ones(firm, tmp_path):
    path = tmp_path / "calls.csv"
    path.write_text("client_id,occurred_at\nc1,2024-01-05 10:00\nc1,2024-01-05 10:00\n")

    first = imported(firm, "interactions", path)
    ids = sorted(firm.table("interactions", "p1")["interaction_id"])
    imported(firm, "interactions", path)

    assert first.imported == 2 and len(set(ids)) == 2
    assert sorted(firm.table("interactions", "p1")["interaction_id"]) == ids
    assert any(m.startswith("interaction_id: not in the file") for m in first.messages)


def test_a_first_row_of_ids_and_text_is_data_even_with_columns(empty_firm, tmp_path):
    path = tmp_path / "clients.txt"
    path.write_text("acme Acme\nbolt Bolt\n")

    report = imported(
        empty_firm, "clients", path, file_layout=FileLayout(columns=("client_id", "name"))
    )

    assert report.imported == 2
    assert sorted(empty_firm.table("clients", "p1")["client_id"]) == ["acme", "bolt"]


@pytest.mark.parametrize("date_order", [None, "DMY", "MDY", "YMD"])
def test_yyyymmdd_dates_and_impossible_ones_with_line_and_column(
    empty_firm, files, read_rejects, date_order
):
    add_clients(empty_firm, "00001", "00002", "00003", "00004", "00005")

    report = imported(
        empty_firm,
        "transactions",
        files / "compact-date-month-13.txt",
        file_layout=LOG_COLUMNS,
        date_order=date_order,
    )

    rejects = [
        (int(r["line"]), r["column"], r["reason"]) for r in read_rejects(report.rejects_path)
    ]
    assert rejects == [
        (2, "occurred_on", "'19971332' is not a date (write YYYY-MM-DD)"),
        (3, "occurred_on", "'19970229' is not a date (write YYYY-MM-DD)"),
    ]
    stored = empty_firm.table("transactions", "p1").set_index("client_id")["occurred_on"]
    assert stored.sort_index().tolist() == [
        pd.Timestamp("1997-01-01"),
        pd.Timestamp("1996-02-29"),
        pd.Timestamp("1997-03-01"),
    ]


def test_whitespace_with_tabs_and_padding(firm, files):
    report = imported(firm, "transactions", files / "whitespace-with-tabs.txt")

    assert "columns separated by blanks (spaces or tabs)" in report.messages
    stored = firm.table("transactions", "p1").sort_values("client_id")
    assert stored["client_id"].tolist() == ["c1", "c2", "c3"]
    assert stored["amount"].tolist() == [120.0, 80.5, 15.0]
    assert stored["occurred_on"].dt.strftime("%Y-%m-%d").tolist() == [
        "2024-01-05",
        "2024-02-10",
        "2024-03-11",
    ]


@pytest.mark.parametrize("given", [None, "\t"])
def test_a_tab_separated_file_with_spaces_in_values_stays_tab_separated(
    empty_firm, tmp_path, given
):
    path = tmp_path / "clients.tsv"
    path.write_text("client_id\tname\nc7\tAcme Pumps Ltd\n")

    imported(empty_firm, "clients", path, file_layout=FileLayout(delimiter=given))

    assert empty_firm.table("clients", "p1")["name"].tolist() == ["Acme Pumps Ltd"]


def test_repeated_identical_rows_stay_rows_and_reimport_changes_nothing(firm, files, tmp_path):
    log = files / "repeated-identical-purchases.txt"
    first = imported(firm, "transactions", log, file_layout=LOG_COLUMNS)
    before = firm.table("transactions", "p1").sort_values("transaction_id").reset_index(drop=True)

    again = imported(firm, "transactions", log, file_layout=LOG_COLUMNS)
    after = firm.table("transactions", "p1").sort_values("transaction_id").reset_index(drop=True)

    assert first.imported == again.imported == 4
    assert len(before) == 4 and before["transaction_id"].nunique() == 4
    assert (
        before.groupby("client_id")["amount"].sum() == pd.Series({"c1": 30.0, "c2": 20.0})
    ).all()
    pd.testing.assert_frame_equal(before, after)
    longer = tmp_path / "later-export.txt"
    longer.write_bytes(log.read_bytes() + b"c1 20240105 1 10.00\n")
    imported(firm, "transactions", longer, file_layout=LOG_COLUMNS)
    grown = firm.table("transactions", "p1")
    assert len(grown) == 5
    assert set(before["transaction_id"]) < set(grown["transaction_id"])


def test_a_mapping_file_describes_the_layout(firm, files):
    report = imported(
        firm,
        "transactions",
        files / "repeated-identical-purchases.txt",
        mapping=files / "purchase-log-layout.yaml",
    )

    assert report.imported == 4
    assert "ignored column(s): items" in report.messages


FIXED = FileLayout(columns=("client_id", "name", "occurred_on", "amount"), widths=(6, 16, 8, 8))


def test_from_transactions_creates_only_new_clients_and_keeps_existing_ones(firm, files):
    log = files / "fixed-width-purchases.txt"
    before = firm.table("clients", "p1").set_index("client_id")

    made = clients_from_transactions(firm, log, "p1", file_layout=FIXED)
    once = firm.table("clients", "p1").set_index("client_id")
    again = clients_from_transactions(firm, log, "p1", file_layout=FIXED)

    assert (made.clients, made.created, made.kept) == (3, 2, 1)
    assert (again.created, again.kept) == (0, 3)
    pd.testing.assert_frame_equal(firm.table("clients", "p1").set_index("client_id"), once)
    pd.testing.assert_series_equal(once.loc[before.index, "name"], before["name"])
    assert pd.isna(once.loc["c1", "acquired_on"])
    assert once.loc["c9", "name"] == "Bright Water Co"
    assert once.loc["c9", "acquired_on"] == pd.Timestamp("2023-12-01")
    assert once.loc["c10", "name"] == "c10"
    assert imported(firm, "transactions", log, file_layout=FIXED).imported == 4


def test_a_fixed_width_line_longer_than_its_columns_is_set_aside(firm, tmp_path, read_rejects):
    path = tmp_path / "log.txt"
    path.write_text(
        "c1    Acme Ltd        20240105  120.00\nc2    Bolt            20240106   10.00 EUR\n"
    )

    report = imported(firm, "transactions", path, file_layout=FIXED)

    (reject,) = read_rejects(report.rejects_path)
    assert (reject["line"], reject["column"]) == ("2", "(row)")
    assert "expected 4 fields" in reject["reason"] and "'EUR'" in reject["reason"]


def test_from_transactions_with_no_client_in_the_file_fails(firm, tmp_path):
    path = tmp_path / "log.csv"
    path.write_text("client_id,occurred_on,amount\n,2024-01-05,10.00\n")

    with pytest.raises(ImportFileError, match=r"log\.csv: no row names a client"):
        clients_from_transactions(firm, path, "p1")


def test_a_workbook_refuses_text_layout_options(firm, files):
    with pytest.raises(ImportFileError, match="apply to text files, not workbooks"):
        imported(firm, "clients", files / "cover-sheet-first.xlsx", file_layout=LOG_COLUMNS)


@pytest.mark.parametrize(
    ("parse", "value", "message"),
    [
        (delimiter, "ab", "unknown delimiter 'ab'"),
        (column_names, "client_id,,amount", "name every column"),
        (column_names, "a,b,a", "columns named twice: a"),
        (widths, "6,x", "give whole numbers above 0"),
        (widths, "6,0", "give whole numbers above 0"),
    ],
)
def test_bad_layout_options_say_what_is_wrong(parse, value, message):
    with pytest.raises(LayoutError, match=message):
        parse(value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("file:\n  delimiter: ab\n", "m.yaml:2:3: file.delimiter: unknown delimiter"),
        ("file:\n  widths: [4, 4]\n  delimiter: tab\n", "m.yaml:2:3: file: give either widths"),
        ("file:\n  columns: [a, b]\n  widths: [4]\n", "1 widths for 2 columns"),
        ("file:\n  colums: [a]\n", "unknown key 'colums' in file (did you mean 'columns'?)"),
    ],
)
def test_a_mapping_file_layout_mistake_names_its_line(text, message):
    with pytest.raises(MappingError, match=re.escape(message)):
        parse_mapping(text, "m.yaml")


def test_from_transactions_says_which_rows_and_clients_it_could_not_use(empty_firm, tmp_path):
    path = tmp_path / "log.csv"
    long_id = "x" * 70
    path.write_text(
        f"client_id,occurred_on,amount\n{long_id},2024-01-01,1\n,2024-01-02,3\n"
        "c2,2024-01-03\nc3,2024-04-13,5\n"
    )

    made = clients_from_transactions(empty_firm, path, "p1")

    assert (made.clients, made.created, made.kept, made.without_client) == (2, 1, 0, 2)
    assert f"client '{long_id}' not created: longer than 64 characters" in made.messages
    assert "2 row(s) skipped: no client id" in made.summary()
    assert empty_firm.table("clients", "p1")["client_id"].tolist() == ["c3"]


def test_the_original_cdnow_log_without_its_header_line_reads_the_same(empty_firm, files, tmp_path):
    original = tmp_path / "CDNOW_master.txt"
    original.write_bytes((files / CDNOW).read_bytes().split(b"\r\n", 1)[1])
    with pytest.raises(ImportFileError, match=r"CDNOW_master\.txt:1: the first line looks like"):
        clients_from_transactions(empty_firm, original, "p1")

    made = clients_from_transactions(empty_firm, original, "p1", file_layout=LOG_COLUMNS)
    report = imported(empty_firm, "transactions", original, file_layout=LOG_COLUMNS)

    assert made.created == purchases(files / CDNOW)["client_id"].nunique()
    assert (report.rows_read, report.imported) == (299, 299)
    assert not any("own column names" in message for message in report.messages)
