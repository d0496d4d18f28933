"""Importing CSV and Excel files: every row imported or rejected with its line and reason."""

from __future__ import annotations

import csv
import datetime as dt
import random

import numpy as np
import openpyxl
import pandas as pd
import pytest
import sqlalchemy as sa

from toolkit.store.importing import (
    ImportFileError,
    columns,
    csv_reader,
    import_file,
    storing,
    tables,
)

CLIENT_HEADER = [
    "client_id",
    "name",
    "is_internal",
    "owner_id",
    "acquired_on",
    "ended_on",
    "industry",
    "notes",
]


def imported(ws, kind, path, **options):
    """Import and check the accounting every report must satisfy."""
    report = import_file(ws, kind, path, "p1", progress=False, **options)
    assert report.rows_read == report.imported + report.rejected
    return report


def problems(report, read_rejects):
    """(line, column, reason) of every rejected row, in file order."""
    if report.rejects_path is None:
        return []
    return [(int(r["line"]), r["column"], r["reason"]) for r in read_rejects(report.rejects_path)]


def snapshot(ws, kind):
    """A table and the imports folder, to prove that a re-import changes nothing."""
    frame = ws.table(kind).sort_values(list(ws.table(kind).columns[:2])).reset_index(drop=True)
    files = {path.name: path.read_bytes() for path in sorted(ws.imports_dir.iterdir())}
    return frame, files


def _acceptance_rows():
    """1,000 client rows, 10 of them bad in 10 different ways; some notes span lines.

    Returns the rows and the expected rejects as (line, column, start of the reason).
    """
    bad = {
        50: (["", "No Id Ltd"], "client_id", "missing required value"),
        120: (["a0119", "Copy Ltd"], "client_id", "duplicate client_id (the first occurrence, "),
        200: (["a0200", ""], "name", "missing required value"),
        310: (["a0310", "X" * 201], "name", "longer than 200 characters"),
        400: (["a0400", "Maybe Ltd", "maybe"], "is_internal", "'maybe' is not yes/no"),
        480: (["a" * 65, "Long Id Ltd"], "client_id", "longer than 64 characters"),
        555: (["a0555", "Amb Ltd", "", "m1", "03/04/2023"], "acquired_on", "'03/04/2023' is"),
        640: (["a0640", "Feb Ltd", "", "m1", "2023-02-30"], "acquired_on", "'2023-02-30' is not"),
        777: (
            ["a0777", "Back Ltd", "", "m1", "2023-05-01", "2023-04-01"],
            "ended_on",
            "ended_on '2023-04-01' is before acquired_on",
        ),
        901: (
            ["a0901", "Wide Ltd", "no", "m1", "2023-01-01", "", "", "", "extra"],
            "(row)",
            "expected 8 fields (as in the header), found 9 (extra values: 'extra')",
        ),
    }
    rows, expected, lines, line = [CLIENT_HEADER], [], {}, 2
    for i in range(1000):
        notes = "first line\nsecond line" if i % 97 == 0 else f"note, with comma {i}"
        row = [f"a{i:04d}", f"Client {i}", "no", "m1" if i % 2 else "m2", "2023-01-15", "", "IT"]
        row.append(notes)
        if i in bad:
            values, column, reason = bad[i]
            row = values + row[len(values) :]
            if reason.startswith("duplicate"):
                reason += f"line {lines[119]}, is kept)"
            expected.append((line, column, reason))
        rows.append(row)
        lines[i] = line
        line += 1 + sum(value.count("\n") for value in row)
    return rows, expected


def test_acceptance_990_of_1000_imported_10_rejected_with_line_column_reason(
    firm, write_csv, read_rejects
):
    rows, expected = _acceptance_rows()
    source = write_csv("clients.csv", rows)

    report = imported(firm, "clients", source)

    assert (report.rows_read, report.imported, report.rejected) == (1000, 990, 10)
    found = problems(report, read_rejects)
    assert [(line, column) for line, column, _ in found] == [
        (line, column) for line, column, _ in expected
    ]
    for (_, _, reason), (_, _, start) in zip(found, expected, strict=True):
        assert reason.startswith(start)
    clients = firm.table("clients", "p1")
    assert len(clients) == 3 + 990
    row = clients.set_index("client_id").loc["a0097"]
    assert (row["name"], row["notes"]) == ("Client 97", "first line\nsecond line")
    assert row["acquired_on"] == pd.Timestamp("2023-01-15")
    assert report.kept_path.parent == firm.directory / "imports"
    assert report.kept_path.read_bytes() == source.read_bytes()
    assert report.rejects_path.parent == firm.directory / "imports"


def test_the_kept_copy_and_the_set_aside_and_warned_rows_are_private(
    permissive_umask, firm, write_csv
):
    source = write_csv(
        "clients.csv",
        [
            ["client_id", "name", "owner_id", "acquired_on"],
            ["n1", "Kept", "m1", "2024-01-31"],
            ["n2", "Set aside", "m1", "2024-02-30"],
            ["n3", "Warned about", "m99", "2024-03-01"],
        ],
    )
    report = imported(firm, "clients", source)
    assert (report.imported, report.rejected, report.warned) == (2, 1, 1)
    assert firm.imports_dir.stat().st_mode & 0o777 == 0o700
    for path in (report.kept_path, report.rejects_path, report.warnings_path):
        assert path.stat().st_mode & 0o777 == 0o600, path.name


def test_importing_the_same_file_again_changes_no_row_and_adds_no_file(firm, write_csv):
    rows, _ = _acceptance_rows()
    source = write_csv("clients.csv", rows)
    imported(firm, "clients", source)
    before = snapshot(firm, "clients")

    again = imported(firm, "clients", source)

    after = snapshot(firm, "clients")
    pd.testing.assert_frame_equal(after[0], before[0])
    assert after[1] == before[1]
    assert (again.imported, again.rejected) == (990, 10)


@pytest.mark.parametrize(
    ("name", "kind", "imported_rows", "expected"),
    [
        (
            "wrong-field-count.csv",
            "clients",
            2,
            [(3, "(row)", "expected 3 fields (as in the header), found 4 (extra values: 'extra')")],
        ),
        (
            "duplicate-ids.csv",
            "clients",
            2,
            [(4, "client_id", "duplicate client_id (the first occurrence, line 2, is kept)")],
        ),
        (
            "date-order-unsettled.csv",
            "clients",
            2,
            [
                (
                    3,
                    "acquired_on",
                    "'03/04/2024' is ambiguous (day/month or month/day?) and no other date in "
                    "the column settles the order; write acquired_on as YYYY-MM-DD, or choose "
                    "the order with --date-order DMY or MDY (date_order in a mapping file)",
                )
            ],
        ),
        (
            "negative-amount.csv",
            "transactions",
            1,
            [
                (
                    3,
                    "amount",
                    "'-15.00' is below the minimum 0 (record refunds, discounts and credits "
                    "as positive amounts of their kind)",
                )
            ],
        ),
        (
            "non-numeric-amount.csv",
            "transactions",
            1,
            [
                (
                    3,
                    "amount",
                    "'twelve' is not an amount of money "
                    "(write 1234.50, or set decimal: ',' in the mapping)",
                )
            ],
        ),
        (
            "unknown-client.csv",
            "interactions",
            1,
            [(3, "client_id", "unknown client 'c99' (import clients first)")],
        ),
        (
            "not-a-date.csv",
            "clients",
            0,
            [
                (2, "acquired_on", "'2024-02-30' is not a date (write YYYY-MM-DD)"),
                (3, "acquired_on", "'yesterday' is not a date (write YYYY-MM-DD)"),
            ],
        ),
        ("multi-line-quoted.csv", "clients", 2, [(5, "name", "missing required value")]),
        ("stray-quote.csv", "clients", 2, [(4, "name", "missing required value")]),
        (
            "semicolon-crlf.csv",
            "clients",
            1,
            [(4, "name", "missing required value")],
        ),
        ("blank-lines.csv", "clients", 1, [(7, "name", "missing required value")]),
    ],
)
def test_bad_row_is_rejected_with_its_line_column_and_reason(
    firm, files, read_rejects, name, kind, imported_rows, expected
):
    report = imported(firm, kind, files / name)

    assert problems(report, read_rejects) == expected
    assert report.imported == imported_rows
    assert report.rejected == len(expected)


def test_rejects_file_keeps_the_original_values_of_the_row(firm, files, read_rejects):
    report = imported(firm, "clients", files / "multi-line-quoted.csv")

    (row,) = read_rejects(report.rejects_path)
    assert (row["client_id"], row["name"], row["notes"]) == ("c11", "", "two\nlines")


def test_quoted_fields_spanning_lines_keep_their_text(firm, files):
    imported(firm, "clients", files / "multi-line-quoted.csv")

    notes = firm.table("clients", "p1").set_index("client_id")["notes"]
    assert notes["c10"] == "first line\nsecond line\nthird line"
    assert notes["c12"] == "plain"


def test_quotes_in_unusual_places_are_read_row_by_row_with_the_same_result(firm, files):
    report = imported(firm, "clients", files / "stray-quote.csv")

    assert "quotes in unusual places: read row by row" in report.messages
    assert firm.table("clients", "p1").set_index("client_id")["notes"]["c10"] == '5" screen'


@pytest.mark.parametrize(
    ("name", "kind", "message"),
    [
        (
            "missing-required-column.csv",
            "clients",
            "missing-required-column.csv:1: missing required column(s) for clients: "
            "name (as 'name'); found: 'client_id', 'owner_id', 'industry'",
        ),
        ("empty.csv", "clients", "empty.csv: the file is empty"),
        ("header-only.csv", "clients", "header-only.csv: the file has a header but no data rows"),
        (
            "neither-utf8-nor-cp1252.csv",
            "clients",
            "neither-utf8-nor-cp1252.csv:3: neither UTF-8 nor cp1252 (byte offset 25)",
        ),
        (
            "unknown-client.csv",
            "transactions",
            "missing required column(s) for transactions: "
            "occurred_on (as 'occurred_on'; did you mean 'occurred_at'?); amount (as 'amount'); "
            "found: 'interaction_id', 'client_id', 'member_id', 'occurred_at'",
        ),
    ],
)
def test_unreadable_file_raises_a_clear_error_and_writes_nothing(firm, files, name, kind, message):
    before = firm.table(kind, "p1")

    with pytest.raises(ImportFileError) as error:
        import_file(firm, kind, files / name, "p1", progress=False)

    assert message in str(error.value)
    pd.testing.assert_frame_equal(firm.table(kind, "p1"), before)
    assert list(firm.imports_dir.iterdir()) == []


@pytest.mark.parametrize(
    ("suffix", "message"),
    [
        (".pdf", "cannot import .pdf; save it as .csv or .xlsx"),
        (".xlsx", "not a readable Excel workbook"),
    ],
)
def test_files_that_are_not_csv_or_excel_are_refused(firm, tmp_path, suffix, message):
    path = tmp_path / f"clients{suffix}"
    path.write_text("client_id,name\nc9,Nine\n")

    with pytest.raises(ImportFileError, match=message):
        import_file(firm, "clients", path, "p1")


def test_missing_file_is_named(firm, tmp_path):
    with pytest.raises(ImportFileError, match=r"nowhere\.csv: no such file"):
        import_file(firm, "clients", tmp_path / "nowhere.csv", "p1")


@pytest.mark.parametrize(
    ("name", "encoding", "message", "client_name"),
    [
        ("utf8.csv", "utf-8", "encoding: UTF-8", "Łódź Works"),
        ("utf8-bom.csv", "utf-8-sig", "encoding: UTF-8 with BOM", "Zoë Ltd"),
        (
            "cp1252.csv",
            "cp1252",
            "encoding: not valid UTF-8 (first at line 2), so it was read as cp1252",
            "Café Müller",
        ),
    ],
)
def test_encoding_is_detected_and_reported(firm, files, name, encoding, message, client_name):
    report = imported(firm, "clients", files / name)

    assert report.encoding == encoding
    assert message in report.messages
    assert firm.table("clients", "p1").set_index("client_id")["name"]["c10"] == client_name


def test_cp1252_punctuation_is_decoded(firm, files):
    imported(firm, "clients", files / "cp1252.csv")

    assert firm.table("clients", "p1").set_index("client_id")["notes"]["c10"] == "Grüße – “quoted”"


def test_utf16_export_is_transcoded(firm, tmp_path):
    path = tmp_path / "unicode-text.txt"
    path.write_bytes("client_id\tname\nc10\tÅngström AB\n".encode("utf-16"))

    report = imported(firm, "clients", path)

    assert report.encoding == "utf-16"
    assert "columns separated by '\\t'" in report.messages
    assert firm.table("clients", "p1").set_index("client_id")["name"]["c10"] == "Ångström AB"


def test_dates_in_several_unambiguous_formats_are_read(firm, files):
    report = imported(firm, "clients", files / "date-formats.csv")

    assert report.rejected == 0
    dates = firm.table("clients", "p1").set_index("client_id")["acquired_on"]
    expected = dict.fromkeys([f"c{i}" for i in range(10, 16)] + ["c19"], "2024-03-12")
    expected |= {"c16": "2024-03-13", "c17": "2024-03-13", "c18": "2024-03-03"}
    assert {c: dates[c].date().isoformat() for c in expected} == expected


EVERY_KIND = {
    "team": (
        [["member_id", "name", "role"], ["m7", "Cleo Park", "Account manager"]],
        ("m7", "role", "Account manager"),
    ),
    "clients": (
        [["client_id", "name", "owner_id", "is_internal"], ["c7", "Delta", "m2", "yes"]],
        ("c7", "is_internal", True),
    ),
    "interactions": (
        [
            ["interaction_id", "client_id", "member_id", "occurred_at", "direction", "sentiment"],
            ["i1", "c1", "m1", "2024-01-05 09:30", "Inbound", "-0.5"],
        ],
        ("i1", "direction", "inbound"),
    ),
    "transactions": (
        [
            ["transaction_id", "client_id", "occurred_on", "amount", "kind"],
            ["t1", "c1", "2024-01-05", "1,234.50", "invoice"],
        ],
        ("t1", "amount", 1234.5),
    ),
    "client_records": (
        [
            ["client_id", "field", "value", "recorded_by", "recorded_at"],
            ["c1", "billing contact", "Jo Smith", "m1", "2024-01-05T10:00:00+02:00"],
        ],
        ("c1", "recorded_at", pd.Timestamp("2024-01-05 08:00")),
    ),
    "process_steps": (
        [["member_id", "process", "step_no", "step"], ["m1", "onboarding", "1", "Send welcome"]],
        ("m1", "step", "Send welcome"),
    ),
    "excuses": (
        [
            ["excuse_id", "client_id", "occurred_on", "what_went_wrong", "concession_value"],
            ["e1", "c2", "12 Feb 2024", "Late delivery", "$50"],
        ],
        ("e1", "concession_value", 50.0),
    ),
}


@pytest.mark.parametrize("kind", list(EVERY_KIND))
def test_every_kind_imports_and_a_reimport_changes_nothing(firm, write_csv, kind):
    rows, (key, column, value) = EVERY_KIND[kind]
    source = write_csv(f"{kind}.csv", rows)

    first = imported(firm, kind, source)
    before = snapshot(firm, kind)
    second = imported(firm, kind, source)

    assert (first.imported, first.rejected, second.imported) == (1, 0, 1)
    table = firm.table(kind, "p1")
    id_column = table.columns[1]
    assert table.set_index(id_column)[column][key] == value
    after = snapshot(firm, kind)
    pd.testing.assert_frame_equal(after[0], before[0])
    assert after[1] == before[1]


def _workbook(path, sheets):
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def test_excel_sheet_imports_typed_cells_with_sheet_row_numbers(firm, tmp_path, read_rejects):
    path = _workbook(
        tmp_path / "clients.xlsx",
        {
            "Clients": [
                ["client_id", "name", "acquired_on", "is_internal", "owner_id", "industry"],
                ["x1", "Excel One", dt.datetime(2023, 6, 1), True, "m1", "Retail"],
                ["x2", "Excel Two", dt.date(2022, 2, 3), False, "m99"],
                [None, None, None],
                [17, "Numeric Id"],
            ],
            "Notes": [["ignored"]],
        },
    )

    report = imported(firm, "clients", path)

    assert (report.rows_read, report.imported, report.encoding) == (3, 3, None)
    assert report.warnings == {"owner_id unknown team member left empty": 1}
    assert "read sheet 'Clients', header on row 1" in report.messages
    clients = firm.table("clients", "p1").set_index("client_id")
    assert clients.loc["x1", "acquired_on"] == pd.Timestamp("2023-06-01")
    assert bool(clients.loc["x1", "is_internal"]) is True
    assert clients.loc["17", "name"] == "Numeric Id"


def test_empty_excel_sheet_is_an_error(firm, tmp_path):
    path = _workbook(tmp_path / "empty.xlsx", {"Clients": []})

    with pytest.raises(ImportFileError, match="the sheet 'Clients' is empty"):
        import_file(firm, "clients", path, "p1")


def test_excel_reimport_changes_nothing(firm, tmp_path):
    path = _workbook(tmp_path / "team.xlsx", {"Team": [["member_id", "name"], ["m5", "Eve"]]})
    imported(firm, "team", path)
    before = snapshot(firm, "team")

    imported(firm, "team", path)

    after = snapshot(firm, "team")
    pd.testing.assert_frame_equal(after[0], before[0])
    assert after[1] == before[1]


def _many_interactions(write_csv, rows):
    header = ["interaction_id", "client_id", "member_id", "occurred_at", "summary"]
    body = [[f"i{i:03d}", "c1", "m1", "2024-01-05 09:30", f"call {i}"] for i in range(rows)]
    body[40] = ["i005", "c2", "m2", "2024-01-06 09:30", "again"]
    body[55] = ["i055", "c2", "m2", "2024-01-06 09:30", "a\nb", "extra"]
    return write_csv("interactions.csv", [header, *body])


@pytest.mark.parametrize("reader", ["arrow", "rows"])
def test_small_batches_keep_line_numbers_and_find_duplicates_across_batches(
    firm, write_csv, read_rejects, monkeypatch, reader
):
    monkeypatch.setattr(csv_reader, "ARROW_BLOCK_BYTES", 256)
    monkeypatch.setattr(tables, "CHUNK_ROWS", 7)
    source = _many_interactions(write_csv, 80)
    if reader == "rows":
        source.write_text(source.read_text() + 'i900,c1,m1,2024-01-05 09:30,5" tall\n')

    report = imported(firm, "interactions", source)

    assert problems(report, read_rejects) == [
        (42, "interaction_id", "duplicate interaction_id (the first occurrence, line 7, is kept)"),
        (57, "(row)", "expected 5 fields (as in the header), found 6 (extra values: 'extra')"),
    ]
    assert report.imported == 78 + (reader == "rows")


def _index_names(ws, table: str) -> list[str]:
    """The names of ``table``'s indexes, read from the database (either backend)."""
    return [index["name"] for index in sa.inspect(ws.engine).get_indexes(table)]


def test_bulk_load_rebuilds_the_secondary_indexes(firm, write_csv, monkeypatch):
    monkeypatch.setattr(storing, "BULK_MIN_ROWS", 10)
    source = _many_interactions(write_csv, 80)

    imported(firm, "interactions", source)

    assert "ix_interactions_client" in _index_names(firm, "interactions")
    assert len(firm.table("interactions", "p1")) == 78


def test_failure_during_a_bulk_load_writes_nothing_and_keeps_the_indexes(
    firm, write_csv, monkeypatch
):
    monkeypatch.setattr(storing, "BULK_MIN_ROWS", 10)
    source = _many_interactions(write_csv, 80)

    def broken(*args):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(columns, "frame", broken)
    with pytest.raises(RuntimeError):
        imported(firm, "interactions", source)

    assert "ix_interactions_client" in _index_names(firm, "interactions")
    assert firm.table("interactions", "p1").empty
    assert list(firm.imports_dir.iterdir()) == []


def test_participant_is_taken_when_the_workspace_has_only_one(firm, files):
    report = import_file(firm, "clients", files / "utf8.csv", progress=False)

    assert "participant: p1; mapping: generic" in report.messages


def test_a_file_of_only_wrong_width_rows_rejects_them_all(firm, write_csv, read_rejects):
    source = write_csv("team.csv", [["member_id", "name"], ["m8", "Hal", "x"], ["m9"]])

    report = imported(firm, "team", source)

    assert problems(report, read_rejects) == [
        (2, "(row)", "expected 2 fields (as in the header), found 3 (extra values: 'x')"),
        (3, "(row)", "expected 2 fields (as in the header), found 1"),
    ]
    assert report.imported == 0


def test_delimiter_is_guessed_from_the_first_non_blank_line(firm, tmp_path):
    path = tmp_path / "team.csv"
    path.write_text("\n\nmember_id;name\nm8;Hal\n")

    report = imported(firm, "team", path)

    assert (report.imported, report.rejected) == (1, 0)
    assert "columns separated by ';'" in report.messages


def _rows_and_lines(table):
    """Every (line, fields) a reader yields, rows of the wrong width included."""
    found = []
    for batch in table.batches():
        positions = np.arange(len(batch.lines))
        found += list(zip(batch.lines.tolist(), batch.rows(positions), strict=True))
        found += [(line, fields) for line, fields, _ in batch.wrong]
    return sorted(found)


@pytest.mark.parametrize("seed", range(12))
def test_byte_scan_agrees_with_the_csv_module_on_random_files(tmp_path, monkeypatch, seed):
    rng = random.Random(seed)
    pieces = ["a", "b c", ",", '"', "\n", "\r\n", "é", "", " ", ";"]
    terminator = rng.choice(["\n", "\r\n"])
    path = tmp_path / "random.csv"
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file, lineterminator=terminator)
        writer.writerow(["one", "two", "three"])
        for _ in range(60):
            width = rng.choice([3, 3, 3, 3, 2, 4])
            writer.writerow(
                ["".join(rng.choices(pieces, k=rng.randint(0, 4))) for _ in range(width)]
            )
            if rng.random() < 0.1:
                file.write(terminator)
    monkeypatch.setattr(csv_reader, "ARROW_BLOCK_BYTES", 97)

    fast = _rows_and_lines(csv_reader.read_csv(path))
    monkeypatch.setattr(csv_reader, "_find_records", lambda *args: None)
    exact = _rows_and_lines(csv_reader.read_csv(path))

    assert fast == exact
    assert len(fast) > 40
