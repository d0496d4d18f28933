"""Reading Excel workbooks (.xlsx, .xlsm) as exported by CRMs and written by people.

Exports are rarely a bare table: a formatted report puts a title, a date and a blank
row above the header, sometimes in merged cells, and a workbook may open with a cover
sheet. So the sheet (unless named) and the header row are found by looking for the
columns the mapping expects, and the report says which sheet and row were used.

Cells keep what they mean: a date cell becomes ``YYYY-MM-DD``, a number formatted with
leading zeros (``00017``) keeps them, and a formula whose result was never saved (a file
written by a program, not by Excel) is reported as such instead of as an empty cell.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import re
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import openpyxl
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from toolkit.store.importing.tables import Batch, ImportFileError, Table, row_batches

#: Rows looked at to find the header under titles and blank rows.
HEADER_SEARCH_ROWS = 30
#: A number format of only zeros (``00000``): a code padded to that many digits.
ZERO_PADDED = re.compile(r"^0+$")

#: How well a row works as the header: the number of columns the mapping knows in it.
HeaderScore = Callable[[list[str]], int]


def cell_text(value: object, number_format: str = "General") -> str:
    """A spreadsheet cell as the text a CSV export would hold (dates as ISO).

    >>> cell_text(17, "00000"), cell_text(2.5), cell_text(dt.datetime(2024, 3, 12))
    ('00017', '2.5', '2024-03-12')
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, int | float) and float(value).is_integer():
        text = str(int(value))
        if ZERO_PADDED.match(number_format or ""):
            text = text.zfill(len(number_format))
        return text
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _trimmed(fields: list[str]) -> list[str]:
    while fields and fields[-1] == "":
        fields.pop()
    return fields


def _sheet_rows(
    sheet: ReadOnlyWorksheet, formulas_sheet: ReadOnlyWorksheet, formulas: dict[int, dict[int, str]]
) -> Iterator[tuple[int, list[str]]]:
    """Rows of a worksheet as text fields (trailing empty cells dropped); line = sheet row.

    ``formulas_sheet`` is the same sheet opened for its formulas; a cell with a formula
    but no saved result is noted in ``formulas`` (line -> column position -> formula).
    """
    pairs = zip(sheet.iter_rows(), formulas_sheet.iter_rows(values_only=True), strict=False)
    for line, (cells, written) in enumerate(pairs, start=1):
        fields = []
        for position, (cell, raw) in enumerate(itertools.zip_longest(cells, written)):
            value = getattr(cell, "value", None)
            if value is None and isinstance(raw, str) and raw.startswith("="):
                formulas.setdefault(line, {})[position] = raw
            fields.append(cell_text(value, getattr(cell, "number_format", "General")))
        yield line, _trimmed(fields)


def _find_header(rows: list[tuple[int, list[str]]], score: HeaderScore) -> tuple[int, int]:
    """The index in ``rows`` of the header row, and how many known columns it has.

    The row with the most columns the mapping knows wins (the earliest on a tie). When no
    row has any, the first row at least half as wide as the widest one, so that a title
    in one (merged) cell above the table is passed over.
    """
    scores = [score(fields) for _, fields in rows]
    best = max(scores, default=0)
    if best > 0:
        return scores.index(best), best
    widths = [sum(1 for field in fields if field.strip()) for _, fields in rows]
    widest = max(widths, default=0)
    return next(i for i, width in enumerate(widths) if width and width * 2 >= widest), 0


def _data_end(
    rows: Iterator[tuple[int, list[str]]], header_line: int, width: int
) -> tuple[int, list[tuple[int, str]]]:
    """The last row of the table, and the rows under it that are a report's footer.

    Formatted reports put totals and notes under the data ("Grand Totals (14 records)",
    a confidentiality line), each in one cell, after a blank row. Such a run of
    one-cell rows at the end of a sheet whose header has several columns is left out;
    a blank row between it and the data is what tells it apart from short data rows.
    """
    footer: list[tuple[int, str]] = []
    last, blank_after_last = header_line, False
    for line, fields in rows:
        if line <= header_line:
            continue
        filled = [field for field in fields if field.strip()]
        if not filled:
            blank_after_last = blank_after_last or not footer
            continue
        if width >= 2 and len(filled) == 1 and (footer or blank_after_last):
            footer.append((line, filled[0]))
            continue
        last, blank_after_last, footer = line, False, []
    return last, footer


class _Book:
    """A workbook opened twice, for cell values and for formulas, closed together."""

    def __init__(self, path: Path) -> None:
        try:
            self.values = openpyxl.load_workbook(path, read_only=True, data_only=True)
            self.formulas = openpyxl.load_workbook(path, read_only=True, data_only=False)
        except (InvalidFileException, zipfile.BadZipFile, OSError, KeyError, ValueError) as error:
            raise ImportFileError(f"{path}: not a readable Excel workbook ({error})") from None
        self.path = path

    def close(self) -> None:
        self.values.close()
        self.formulas.close()

    @property
    def names(self) -> list[str]:
        return self.values.sheetnames

    def rows(self, name: str, formulas: dict[int, dict[int, str]]) -> Iterator[tuple[int, list]]:
        return _sheet_rows(self.values[name], self.formulas[name], formulas)

    def values_rows(self, name: str) -> Iterator[tuple[int, list[str]]]:
        """A sheet's rows as text, without looking at formulas (a quicker pass)."""
        for line, values in enumerate(self.values[name].iter_rows(values_only=True), start=1):
            yield line, _trimmed([cell_text(value) for value in values])

    def head(self, name: str) -> list[tuple[int, list[str]]]:
        """The first non-blank rows of a sheet, where its header is looked for."""
        rows = (row for row in self.rows(name, {}) if any(row[1]))
        return list(itertools.islice(rows, HEADER_SEARCH_ROWS))

    def choose(self, sheet: str | int | None, score: HeaderScore) -> str:
        """The sheet named or numbered (from 1) by ``sheet``, else the one whose header
        has the most known columns (the first sheet when none has any)."""
        names = self.names
        if sheet is None:
            found = [max((score(f) for _, f in self.head(name)), default=0) for name in names]
            return names[found.index(max(found))]
        if isinstance(sheet, int) or str(sheet).isdigit():
            number = int(sheet)
            if 1 <= number <= len(names):
                return names[number - 1]
        elif sheet in names:
            return str(sheet)
        listed = ", ".join(f"{i} {name!r}" for i, name in enumerate(names, start=1))
        raise ImportFileError(f"{self.path}: no sheet {sheet!r}; the workbook has: {listed}")


def read_excel(path: Path, sheet: str | int | None = None, score: HeaderScore = len) -> Table:
    """Open a workbook's sheet for import; ``score`` rates candidate header rows."""
    book = _Book(path)
    try:
        name = book.choose(sheet, score)
        head = book.head(name)
        if not head:
            raise ImportFileError(f"{path}: the sheet {name!r} is empty")
        found, _ = _find_header(head, score)
    except BaseException:
        book.close()
        raise
    header_line, names = head[found]
    messages = [f"read sheet {name!r}, header on row {header_line}"]
    if len(book.names) == 1 and header_line == 1:
        messages = []
    last, footer = _data_end(book.values_rows(name), header_line, len(names))
    if footer:
        line, text = footer[0]
        messages.append(f"skipped {len(footer)} row(s) under the data, from row {line}: {text!r}")

    def batches() -> Iterator[Batch]:
        formulas: dict[int, dict[int, str]] = {}
        after_header = itertools.dropwhile(
            lambda row: row[0] <= header_line, book.rows(name, formulas)
        )
        rows = itertools.takewhile(lambda row: row[0] <= last, after_header)
        return row_batches(rows, len(names), pad_short_rows=True, formulas=formulas)

    return Table(
        path=path,
        digest=hashlib.sha256(path.read_bytes()).hexdigest(),
        header=names,
        header_line=header_line,
        encoding=None,
        data_rows=last - header_line,
        batches=batches,
        close=book.close,
        messages=messages,
        where=f"sheet {name!r}" if len(book.names) > 1 else "",
    )
