"""A file opened for import: its header and its data rows in batches, whatever the format.

The readers (:mod:`.csv_reader`, :mod:`.excel_reader`) turn a file into a :class:`Table`;
everything after them (mapping columns, validating, storing) sees only batches of text
columns with the line each row starts on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa

from toolkit.errors import ToolkitError

#: Rows validated and written at a time by the row-by-row readers (Excel, irregular CSV).
CHUNK_ROWS = 100_000


class ImportFileError(ToolkitError):
    """A file that could not be read at all; the message starts with ``file[:line]``."""


#: A row that cannot be imported whatever its values: (line, fields, reason).
WrongRow = tuple[int, list[str], str]


@dataclass
class Batch:
    """Data rows of the header's width as one text column per header column.

    ``lines`` holds the line each row starts on; ``wrong`` the rows of another width
    that lie among them; ``formulas`` the spreadsheet cells that hold a formula without
    a saved result, as ``{line: {column position: formula}}``.
    """

    lines: np.ndarray
    columns: list[pa.Array]
    wrong: list[WrongRow] = field(default_factory=list)
    formulas: dict[int, dict[int, str]] = field(default_factory=dict)

    def rows(self, positions: np.ndarray) -> list[list[str]]:
        """The original fields of the rows at ``positions``."""
        taken = [column.take(pa.array(positions, type=pa.int64())) for column in self.columns]
        return [list(row) for row in zip(*(c.to_pylist() for c in taken), strict=True)]

    @property
    def size(self) -> int:
        """Data rows in the batch, those of the wrong width included."""
        return len(self.lines) + len(self.wrong)


@dataclass
class Table:
    """A file opened for reading: its header and a way to read its data rows.

    ``batches()`` reads the data rows from the start each time it is called, so a first
    pass can look at whole columns (the order of day and month in dates) before the
    import proper. ``data_rows`` is known in advance for CSV files, an upper bound for
    workbooks. ``where`` names the part of the file read (a workbook's sheet), for
    messages.
    """

    path: Path
    digest: str
    header: list[str]
    header_line: int
    encoding: str | None
    data_rows: int | None
    batches: Callable[[], Iterator[Batch]]
    close: Callable[[], None] = lambda: None
    messages: list[str] = field(default_factory=list)
    where: str = ""

    @property
    def location(self) -> str:
        """``file`` or ``file [sheet 'Accounts']``, the start of every message."""
        return f"{self.path} [{self.where}]" if self.where else str(self.path)


def header(rows: Iterator[tuple[int, list[str]]]) -> tuple[int, list[str]]:
    """The first non-blank row and its line (0 and [] when there is none)."""
    for line, fields in rows:
        if any(fields):
            return line, fields
    return 0, []


def row_batches(
    rows: Iterable[tuple[int, list[str]]],
    width: int,
    pad_short_rows: bool,
    formulas: dict[int, dict[int, str]] | None = None,
) -> Iterator[Batch]:
    """Rows read one by one, gathered into batches; blank rows are skipped.

    Spreadsheet rows shorter than the header are padded (empty trailing cells are not
    stored); a CSV row must have exactly the header's number of fields. ``formulas``
    (filled while ``rows`` is read) travel with the batch their rows are in.
    """
    lines: list[int] = []
    kept: list[list[str]] = []
    wrong: list[WrongRow] = []
    formulas = {} if formulas is None else formulas

    def batch() -> Batch:
        done = _columns_batch(lines, kept, width, wrong)
        done.formulas = {line: formulas.pop(line) for line in lines if line in formulas}
        return done

    for line, fields in rows:
        if not any(fields):
            continue
        if len(fields) < width and pad_short_rows:
            fields = fields + [""] * (width - len(fields))
        if len(fields) != width:
            reason = f"expected {width} fields (as in the header), found {len(fields)}"
            wrong.append((line, fields, reason))
            continue
        lines.append(line)
        kept.append(fields)
        if len(kept) >= CHUNK_ROWS:
            yield batch()
            lines, kept, wrong = [], [], []
    if kept or wrong:
        yield batch()


def _columns_batch(
    lines: list[int], rows: list[list[str]], width: int, wrong: list[WrongRow]
) -> Batch:
    columns = list(zip(*rows, strict=True)) if rows else [()] * width
    return Batch(
        np.array(lines, dtype=np.int64),
        [pa.array(column, type=pa.string()) for column in columns],
        wrong,
    )
