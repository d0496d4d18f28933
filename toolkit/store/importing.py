"""Import a participant's CSV or Excel export into the workspace, row by row accounted for.

Every data row of the file ends up either in the database or in a rejects file with its
line number, the column and the reason, next to a kept copy of the source in
``workspace/imports/``. The kept copy is named by the file's content hash, so importing
the same file again adds no file, and the upsert on each kind's natural key leaves the
tables as they were. Only a file that cannot be read at all (missing, empty, no usable
header, an unknown encoding) raises :class:`ImportFileError`; the CLI turns that into a
non-zero exit.

How a CSV file is read, fast and with exact line numbers:

1. One pass over the bytes hashes the file and finds its encoding (UTF-8, UTF-8 with a
   BOM, cp1252; a UTF-16 file is transcoded).
2. A vectorised scan of the bytes (numpy) finds every record: where it starts, the
   physical line it starts on and its number of fields. Quotes are followed by parity,
   so a quoted field spanning lines keeps the next rows' line numbers right. The scan is
   only trusted when every quote sits where RFC 4180 allows it; other files are read
   row by row with :mod:`csv` instead (same results, slower).
3. Arrow's CSV parser (C++) reads slices of whole records, so each parsed row is known to
   be a given record of the scan; rows of the wrong width are skipped there and rejected
   here with the scan's line number.

Each batch is validated by :func:`toolkit.store.records.validate` (vectorised) and
upserted, all inside one write transaction, so memory stays flat for large files and a
failure writes nothing.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import datetime as dt
import hashlib
import io
import itertools
import os
import shutil
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import sqlalchemy as sa
from openpyxl.utils.exceptions import InvalidFileException
from rich.console import Console
from rich.progress import Progress
from sqlalchemy.engine import Connection

from toolkit.errors import ToolkitError
from toolkit.store import records
from toolkit.store.mappings import KindMapping, Mapping, load_mapping, normalise_header
from toolkit.store.workspace import Workspace

#: Rows validated and written at a time by the row-by-row readers (Excel, irregular CSV).
CHUNK_ROWS = 100_000
#: Bytes of whole records Arrow parses per batch (about 200,000 rows of a typical export).
ARROW_BLOCK_BYTES = 16 << 20
#: Bytes examined at a time by the hash/encoding pass and the record scan.
SCAN_BYTES = 16 << 20
#: Bytes looked at to guess the delimiter (from the first non-blank line).
HEAD_BYTES = 1 << 16
#: Files with more data rows than this show a progress bar.
PROGRESS_MIN_ROWS = 10_000
#: A SQLite import of at least this many rows, more than the table holds, drops the
#: table's secondary indexes and builds them again at the end (faster than updating them
#: row by row).
BULK_MIN_ROWS = 50_000
#: SQLite page cache for an import, in KiB (negative = size, not pages).
CACHE_KIB = 262_144
DELIMITERS = (",", ";", "\t", "|")
CSV_SUFFIXES = (".csv", ".txt", ".tsv")
EXCEL_SUFFIXES = (".xlsx", ".xlsm")
BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
ENCODING_NAMES = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8 with BOM",
    "utf-16": "UTF-16",
    "cp1252": "cp1252 (Windows Western European)",
}
NEWLINE, RETURN, QUOTE = ord("\n"), ord("\r"), ord('"')


class ImportFileError(ToolkitError):
    """A file that could not be read at all; the message starts with ``file[:line]``."""


@dataclass
class ImportReport:
    """What one import did: counts, where the kept copy and the rejects went, notes.

    ``rows_read`` counts data rows (blank lines are skipped and not counted);
    ``imported + rejected == rows_read`` always holds.
    """

    kind: str
    source: Path
    encoding: str | None
    rows_read: int
    imported: int
    rejected: int
    rejects_path: Path | None
    kept_path: Path
    messages: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """A few lines for the terminal: counts first, then where to look."""
        lines = [
            f"{self.source}: {self.imported} {self.kind} row(s) imported, "
            f"{self.rejected} rejected (of {self.rows_read} read)",
            *self.messages,
            f"kept a copy as {self.kept_path}",
        ]
        if self.rejects_path is not None:
            lines.append(f"rejected rows with line numbers and reasons: {self.rejects_path}")
        return "\n".join(lines)


#: A row that cannot be imported whatever its values: (line, fields, reason).
WrongRow = tuple[int, list[str], str]


@dataclass
class _Batch:
    """Data rows of the header's width as one text column per header column.

    ``lines`` holds the line each row starts on; ``wrong`` the rows of another width
    that lie among them.
    """

    lines: np.ndarray
    columns: list[pa.Array]
    wrong: list[WrongRow] = field(default_factory=list)

    def rows(self, positions: np.ndarray) -> list[list[str]]:
        """The original fields of the rows at ``positions``."""
        taken = [column.take(pa.array(positions, type=pa.int64())) for column in self.columns]
        return [list(row) for row in zip(*(c.to_pylist() for c in taken), strict=True)]


@dataclass
class _Table:
    """A file opened for reading: its header and its data rows in batches."""

    path: Path
    digest: str
    header: list[str]
    header_line: int
    encoding: str | None
    data_rows: int | None
    batches: Iterator[_Batch]
    close: Callable[[], None] = lambda: None
    messages: list[str] = field(default_factory=list)


# --- reading CSV ---------------------------------------------------------------------


def _scan(path: Path) -> tuple[str, str, str]:
    """One pass over the bytes: content hash, encoding, and a note on the encoding.

    A file that is not valid UTF-8 is taken as cp1252 (what Excel writes on Windows);
    :func:`_utf8_bytes` fails with the line when it is not valid cp1252 either.
    """
    digest = hashlib.sha256()
    lines = 0
    with path.open("rb") as file:
        head = file.read(4)
        file.seek(0)
        encoding = next((name for bom, name in BOMS if head.startswith(bom)), None)
        decoder = codecs.getincrementaldecoder("utf-8")()
        failure = None
        while block := file.read(SCAN_BYTES):
            digest.update(block)
            if encoding is None and failure is None:
                try:
                    decoder.decode(block)
                except UnicodeDecodeError as error:
                    failure = lines + block.count(b"\n", 0, max(error.start, 0)) + 1
            lines += block.count(b"\n")
    if encoding is None and failure is None:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            failure = lines + 1
    if encoding is not None:
        return digest.hexdigest(), encoding, ""
    if failure is None:
        return digest.hexdigest(), "utf-8", ""
    note = f"not valid UTF-8 (first at line {failure}), so it was read as cp1252"
    return digest.hexdigest(), "cp1252", note


def _utf8_bytes(path: Path, encoding: str) -> tuple[np.ndarray, int]:
    """The file as UTF-8 bytes (mapped, not read, when it already is) and where text starts."""
    if encoding in ("utf-8", "utf-8-sig"):
        data = np.memmap(path, dtype=np.uint8, mode="r")
        return data, len(codecs.BOM_UTF8) if encoding == "utf-8-sig" else 0
    raw = path.read_bytes()
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        tried = "neither UTF-8 nor cp1252" if encoding == "cp1252" else f"not valid {encoding}"
        raise ImportFileError(
            f"{path}:{line}: {tried} (byte offset {error.start}); "
            "save the file as CSV UTF-8 and import it again"
        ) from None
    return np.frombuffer(text.encode("utf-8"), dtype=np.uint8), 0


def _delimiter(first_line: bytes) -> str:
    """The most frequent of the usual delimiters in the first line (comma if none)."""
    text = first_line.decode("utf-8", errors="replace")
    counts = {delimiter: text.count(delimiter) for delimiter in DELIMITERS}
    return max(counts, key=counts.get) if any(counts.values()) else ","


@dataclass
class _Records:
    """The non-blank records of a CSV file, found by :func:`_find_records`."""

    starts: np.ndarray
    ends: np.ndarray
    lines: np.ndarray
    widths: np.ndarray
    quoted: bool

    def after_header(self) -> _Records:
        """The records after the first one, which is the header."""
        rest = slice(1, None)
        return _Records(
            self.starts[rest], self.ends[rest], self.lines[rest], self.widths[rest], self.quoted
        )


def _find_records(data: np.ndarray, origin: int, delimiter: str) -> _Records | None:
    """Locate every non-blank record of CSV bytes without parsing them one by one.

    A line end (``\\n``, ``\\r\\n`` or a lone ``\\r``) or a delimiter is structural when
    an even number of quotes precedes it. That holds for RFC 4180 quoting, which is
    checked first: a quote at an even position in the file's sequence of quotes must
    open a field (follow a delimiter, a line end, the start, or the other half of a
    doubled quote) and one at an odd position must close it (be followed by a delimiter,
    a line end, the end, or a doubled quote). Returns None when that check fails; the
    caller then reads the file with :mod:`csv`.
    """
    size = len(data)
    separator = ord(delimiter)
    ends, quotes, delimiters = [], [], []
    for offset in range(origin, size, SCAN_BYTES):
        block = np.asarray(data[offset : offset + SCAN_BYTES + 1])
        view = block[:SCAN_BYTES]
        returns = np.flatnonzero(view == RETURN)
        following = block[np.minimum(returns + 1, len(block) - 1)]
        lone = returns[(following != NEWLINE) | (returns + 1 >= len(block))]
        newlines = np.flatnonzero(view == NEWLINE)
        if len(lone):
            newlines = np.sort(np.concatenate([newlines, lone]))
        ends.append(newlines + offset)
        quotes.append(np.flatnonzero(view == QUOTE) + offset)
        delimiters.append(np.flatnonzero(view == separator) + offset)
    line_ends = np.concatenate([*ends, np.empty(0, np.int64)]).astype(np.int64, copy=False)
    quote_at = np.concatenate([*quotes, np.empty(0, np.int64)]).astype(np.int64, copy=False)
    delimiter_at = np.concatenate([*delimiters, np.empty(0, np.int64)]).astype(np.int64, copy=False)
    structural_ends = line_ends
    if len(quote_at):
        if len(quote_at) % 2:
            return None
        boundary = np.array([separator, NEWLINE, RETURN, QUOTE], dtype=np.uint8)
        before = np.isin(data[np.maximum(quote_at - 1, 0)], boundary) | (quote_at == origin)
        after = np.isin(data[np.minimum(quote_at + 1, size - 1)], boundary) | (quote_at == size - 1)
        opening = np.arange(len(quote_at)) % 2 == 0
        if not (before[opening].all() and after[~opening].all()):
            return None
        structural_ends = line_ends[np.searchsorted(quote_at, line_ends) % 2 == 0]
        delimiter_at = delimiter_at[np.searchsorted(quote_at, delimiter_at) % 2 == 0]
    starts = np.concatenate([[origin], structural_ends + 1]).astype(np.int64, copy=False)
    stops = np.concatenate([structural_ends, [size]]).astype(np.int64, copy=False)
    keep = starts < stops
    starts, stops = starts[keep], stops[keep]
    lone_return = (stops - starts == 1) & (data[np.minimum(starts, size - 1)] == RETURN)
    filled = ~lone_return
    starts, stops = starts[filled], stops[filled]
    widths = np.searchsorted(delimiter_at, stops) - np.searchsorted(delimiter_at, starts) + 1
    lines = np.searchsorted(line_ends, starts) + 1
    return _Records(starts, stops, lines, widths, quoted=len(quote_at) > 0)


def _parse_record(data: np.ndarray, start: int, end: int, delimiter: str) -> list[str]:
    """The fields of one record (for the few rows shown in the rejects file)."""
    text = bytes(data[start:end]).decode("utf-8").removesuffix("\r")
    return next(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), [])


def _read_csv(path: Path) -> _Table:
    digest, encoding, note = _scan(path)
    messages = [f"encoding: {note or ENCODING_NAMES[encoding]}"]
    if path.stat().st_size == 0:
        raise ImportFileError(f"{path}: the file is empty")
    data, origin = _utf8_bytes(path, encoding)
    head = bytes(data[origin : origin + HEAD_BYTES]).splitlines()
    first_line = next((line for line in head if line.strip()), b"")
    delimiter = _delimiter(first_line)
    if delimiter != ",":
        messages.append(f"columns separated by {delimiter!r}")
    found = _find_records(data, origin, delimiter)
    if found is None:
        return _read_csv_rows(path, digest, encoding, data, origin, delimiter, messages)
    if not len(found.starts):
        raise ImportFileError(f"{path}: the file is empty")
    header = _parse_record(data, found.starts[0], found.ends[0], delimiter)
    return _Table(
        path=path,
        digest=digest,
        header=header,
        header_line=int(found.lines[0]),
        encoding=encoding,
        data_rows=len(found.starts) - 1,
        batches=_arrow_batches(path, data, found.after_header(), len(header), delimiter),
        messages=messages,
    )


def _arrow_batches(
    path: Path, data: np.ndarray, found: _Records, width: int, delimiter: str
) -> Iterator[_Batch]:
    """Parse the data records with Arrow, in slices of whole records.

    Each slice of about :data:`ARROW_BLOCK_BYTES` starts and ends on a record boundary
    found by the scan and is parsed as a single Arrow block, so every parsed row is known
    to be a given record (Arrow's own block splitting can cut a quoted ``\r\n`` in two).
    Records of the wrong width are skipped by Arrow and rejected here.
    """
    count = len(found.starts)
    buffer = pa.py_buffer(data)
    names = [f"c{i}" for i in range(width)]
    parse = pacsv.ParseOptions(
        delimiter=delimiter,
        newlines_in_values=found.quoted,
        invalid_row_handler=lambda _: "skip",
    )
    convert = pacsv.ConvertOptions(
        column_types=dict.fromkeys(names, pa.string()),
        strings_can_be_null=False,
        quoted_strings_can_be_null=False,
    )
    if not count:
        return
    marks = np.arange(found.starts[0], len(data), ARROW_BLOCK_BYTES)
    firsts = np.unique(np.searchsorted(found.starts, marks))
    cuts = [*firsts[firsts < count].tolist(), count]
    for first, stop in itertools.pairwise(cuts):
        begin = int(found.starts[first])
        end = int(found.starts[stop]) if stop < count else len(data)
        good = found.widths[first:stop] == width
        table = pacsv.read_csv(
            pa.BufferReader(buffer.slice(begin, end - begin)),
            read_options=pacsv.ReadOptions(
                column_names=names, block_size=end - begin + 1, use_threads=False
            ),
            parse_options=parse,
            convert_options=convert,
        )
        if table.num_rows != np.count_nonzero(good):
            raise ImportFileError(
                f"{path}:{found.lines[first]}: the CSV parser and the line scan disagree "
                f"about the rows from here on ({table.num_rows} against "
                f"{np.count_nonzero(good)}); please report this file"
            )
        wrong = []
        for i in np.flatnonzero(~good) + first:
            fields = _parse_record(data, found.starts[i], found.ends[i], delimiter)
            if any(fields):
                reason = f"expected {width} fields (as in the header), found {len(fields)}"
                wrong.append((int(found.lines[i]), fields, reason))
        columns = [column.combine_chunks() for column in table.columns]
        yield _without_blank_rows(_Batch(found.lines[first:stop][good], columns, wrong))


def _without_blank_rows(batch: _Batch) -> _Batch:
    """Drop rows whose every field is empty (``,,,`` lines that spreadsheets leave)."""
    blank = pc.equal(pc.utf8_length(batch.columns[0]), 0)
    for column in batch.columns[1:]:
        blank = pc.and_(blank, pc.equal(pc.utf8_length(column), 0))
    if not pc.any(blank).as_py():
        return batch
    keep = pc.invert(blank)
    return _Batch(
        batch.lines[keep.to_numpy(zero_copy_only=False)],
        [column.filter(keep) for column in batch.columns],
        batch.wrong,
    )


def _read_csv_rows(
    path: Path,
    digest: str,
    encoding: str,
    data: np.ndarray,
    origin: int,
    delimiter: str,
    messages: list[str],
) -> _Table:
    """Read a CSV file with irregular quoting row by row with :mod:`csv`."""
    text = io.StringIO(bytes(data[origin:]).decode("utf-8"), newline="")
    reader = csv.reader(text, delimiter=delimiter)

    def numbered() -> Iterator[tuple[int, list[str]]]:
        last = 0
        try:
            for fields in reader:
                start, last = last + 1, reader.line_num
                yield start, fields
        except csv.Error as error:
            raise ImportFileError(f"{path}:{last + 1}: cannot read CSV: {error}") from None

    rows = numbered()
    header_line, header = _header(rows)
    if not header:
        raise ImportFileError(f"{path}: the file is empty")
    messages.append("quotes in unusual places: read row by row")
    return _Table(
        path=path,
        digest=digest,
        header=header,
        header_line=header_line,
        encoding=encoding,
        data_rows=None,
        batches=_row_batches(rows, len(header), pad_short_rows=False),
        messages=messages,
    )


def _header(rows: Iterator[tuple[int, list[str]]]) -> tuple[int, list[str]]:
    """The first non-blank row and its line (0 and [] when there is none)."""
    for line, fields in rows:
        if any(fields):
            return line, fields
    return 0, []


def _row_batches(
    rows: Iterable[tuple[int, list[str]]], width: int, pad_short_rows: bool
) -> Iterator[_Batch]:
    """Rows read one by one, gathered into batches; blank rows are skipped.

    Spreadsheet rows shorter than the header are padded (empty trailing cells are not
    stored); a CSV row must have exactly the header's number of fields.
    """
    lines: list[int] = []
    kept: list[list[str]] = []
    wrong: list[WrongRow] = []
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
            yield _columns_batch(lines, kept, width, wrong)
            lines, kept, wrong = [], [], []
    if kept or wrong:
        yield _columns_batch(lines, kept, width, wrong)


def _columns_batch(
    lines: list[int], rows: list[list[str]], width: int, wrong: list[WrongRow]
) -> _Batch:
    columns = list(zip(*rows, strict=True)) if rows else [()] * width
    return _Batch(
        np.array(lines, dtype=np.int64),
        [pa.array(column, type=pa.string()) for column in columns],
        wrong,
    )


# --- reading Excel -------------------------------------------------------------------


def _cell_text(value: object) -> str:
    """A spreadsheet cell as the text a CSV export would hold (dates as ISO)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def _sheet_rows(sheet: object) -> Iterator[tuple[int, list[str]]]:
    """Rows of a worksheet as text fields (trailing empty cells dropped); line = sheet row."""
    for line, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        fields = [_cell_text(value) for value in values]
        while fields and fields[-1] == "":
            fields.pop()
        yield line, fields


def _read_excel(path: Path) -> _Table:
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, OSError, KeyError, ValueError) as error:
        raise ImportFileError(f"{path}: not a readable Excel workbook ({error})") from None
    sheet = book.worksheets[0]
    rows = _sheet_rows(sheet)
    header_line, header = _header(rows)
    if not header:
        book.close()
        raise ImportFileError(f"{path}: the first sheet ({sheet.title!r}) is empty")
    messages = [f"read the first sheet, {sheet.title!r}"] if len(book.sheetnames) > 1 else []
    return _Table(
        path=path,
        digest=hashlib.sha256(path.read_bytes()).hexdigest(),
        header=header,
        header_line=header_line,
        encoding=None,
        data_rows=sheet.max_row - header_line if sheet.max_row else None,
        batches=_row_batches(rows, len(header), pad_short_rows=True),
        close=book.close,
        messages=messages,
    )


def _open(path: Path) -> _Table:
    """Open a CSV or Excel file for reading, by its suffix."""
    suffix = path.suffix.lower()
    if suffix in EXCEL_SUFFIXES:
        return _read_excel(path)
    if suffix in CSV_SUFFIXES:
        return _read_csv(path)
    raise ImportFileError(
        f"{path}: cannot import {suffix or 'files without a suffix'}; save it as .csv or .xlsx"
    )


# --- mapping and rejects ---------------------------------------------------------------


def _plan(table: _Table, layout: KindMapping, record: records.RecordKind) -> dict[str, int]:
    """Which column of the file feeds each field; an error names what is missing."""
    positions: dict[str, int] = {}
    for position, header in enumerate(table.header):
        positions.setdefault(normalise_header(header), position)
    plan = {}
    for name in record.names:
        found = next(
            (positions[h] for h in map(normalise_header, layout.headers(name)) if h in positions),
            None,
        )
        if found is not None:
            plan[name] = found
    missing = [name for name in record.required if name not in plan]
    if missing:
        wanted = "; ".join(
            f"{name} (as {' or '.join(map(repr, dict.fromkeys(layout.headers(name))))})"
            for name in missing
        )
        raise ImportFileError(
            f"{table.path}:{table.header_line}: missing required column(s) for {record.name}: "
            f"{wanted}; found: {', '.join(map(repr, table.header))}"
        )
    unused = [h for i, h in enumerate(table.header) if i not in plan.values() and h.strip()]
    if unused:
        table.messages.append(f"ignored column(s): {', '.join(unused)}")
    return plan


def _frame(batch: _Batch, plan: dict[str, int], layout: KindMapping) -> pd.DataFrame:
    """The mapped columns of a batch as Arrow-backed text, indexed by line number."""
    frame = pd.DataFrame(
        {
            name: pd.Series(batch.columns[position], dtype=records.TEXT)
            for name, position in plan.items()
        }
    )
    frame.index = pd.Index(batch.lines, dtype="int64")
    for name, translation in layout.values.items():
        if name in frame:
            key = frame[name].str.strip().str.lower()
            frame[name] = key.map(translation).fillna(frame[name])
    return frame


class _Rejects:
    """The rejects CSV: line, column, reason, then the row's original values."""

    def __init__(self, path: Path, header: list[str]) -> None:
        self.path = path
        self.partial = path.with_suffix(".partial")
        self.width = len(header)
        self.count = 0
        self.file = self.partial.open("w", encoding="utf-8-sig", newline="")
        self.writer = csv.writer(self.file)
        self.writer.writerow(["line", "column", "reason", *header])

    def add(self, line: int, column: str, reason: str, fields: list[str]) -> None:
        values = fields[: self.width] + [""] * (self.width - len(fields))
        extra = fields[self.width :]
        if extra:
            reason += f" (extra values: {', '.join(map(repr, extra))})"
        self.writer.writerow([line, column, reason, *values])
        self.count += 1

    def add_batch(self, batch: _Batch, rejects: pd.DataFrame) -> None:
        """Write a batch's rejected rows and its rows of the wrong width, by line."""
        positions = np.searchsorted(batch.lines, rejects["row"].to_numpy())
        problems = [
            (int(line), column, reason, fields)
            for line, column, reason, fields in zip(
                rejects["row"],
                rejects["column"],
                rejects["reason"],
                batch.rows(positions),
                strict=True,
            )
        ]
        problems += [(line, "(row)", reason, fields) for line, fields, reason in batch.wrong]
        for problem in sorted(problems, key=lambda p: p[0]):
            self.add(*problem)

    def finish(self) -> Path | None:
        """Move the file into place (or remove a stale one when nothing was rejected)."""
        self.file.close()
        if self.count:
            self.partial.replace(self.path)
            return self.path
        self.partial.unlink()
        self.path.unlink(missing_ok=True)
        return None

    def discard(self) -> None:
        self.file.close()
        self.partial.unlink(missing_ok=True)


@contextlib.contextmanager
def _progress(show: bool | None, total: int | None, label: str) -> Iterator[Callable[[int], None]]:
    """A rich progress bar over data rows for big files; yields ``advance(rows)``."""
    if show is None:
        show = Console().is_terminal
    if not show or total is None or total <= PROGRESS_MIN_ROWS:
        yield lambda rows: None
        return
    with Progress(transient=True) as bar:
        task = bar.add_task(label, total=total)
        yield lambda rows: bar.advance(task, rows)


@contextlib.contextmanager
def _write_transaction(ws: Workspace, kind: str, rows: int | None) -> Iterator[Connection]:
    """One transaction for the whole import, tuned for bulk loading on SQLite.

    On SQLite the write lock is taken first (``BEGIN IMMEDIATE``), so the ids the
    validator reads stay true until the rows are written. A load of at least
    :data:`BULK_MIN_ROWS` rows into a smaller table drops the table's secondary indexes
    and builds them again before committing, which is several times faster than
    updating them row by row; inside the transaction, so readers never miss them.
    """
    with ws.connect() as connection:
        rebuild: list[sa.Index] = []
        if connection.dialect.name == "sqlite":
            connection.exec_driver_sql("BEGIN IMMEDIATE")
            connection.exec_driver_sql(f"PRAGMA cache_size=-{CACHE_KIB}")
            table = ws.sa_table(kind)
            if rows is not None and rows >= BULK_MIN_ROWS and table.indexes:
                held = connection.scalar(sa.select(sa.func.count()).select_from(table))
                if rows > held:
                    rebuild = sorted(table.indexes, key=lambda index: index.name)
            for index in rebuild:
                index.drop(connection)
        yield connection
        for index in rebuild:
            index.create(connection)


# --- the import ------------------------------------------------------------------------


def import_file(
    ws: Workspace,
    kind: str,
    path: str | os.PathLike[str],
    participant_id: str | None = None,
    mapping: str | os.PathLike[str] | Mapping | None = None,
    progress: bool | None = None,
) -> ImportReport:
    """Import one CSV or .xlsx file of ``kind`` records for a participant.

    ``participant_id`` may be omitted when the workspace has exactly one member
    participant. ``mapping`` is a preset name, a YAML file or a loaded :class:`Mapping`
    (default: the generic layout). ``progress`` shows a progress bar for files over
    10,000 rows (None: when writing to a terminal).

    Raises :class:`ImportFileError` when nothing could be read; otherwise every row is
    either imported or written to the rejects file named in the report.
    """
    record = records.record_kind(kind)
    path = Path(path)
    if not path.is_file():
        raise ImportFileError(f"{path}: no such file")
    layout_source = mapping if isinstance(mapping, Mapping) else load_mapping(mapping)
    participant_id = ws.resolve_participant(participant_id)
    table = _open(path)
    with contextlib.closing(table):
        return _import(ws, table, record, participant_id, layout_source, progress)


def _import(
    ws: Workspace,
    table: _Table,
    record: records.RecordKind,
    participant_id: str,
    layout_source: Mapping,
    progress: bool | None,
) -> ImportReport:
    """The body of :func:`import_file` once the file is open."""
    kind, path, name = record.name, table.path, table.digest[:16]
    layout = layout_source.kind(kind)
    plan = _plan(table, layout, record)
    kept = ws.imports_dir / f"{name}{path.suffix.lower()}"
    rejects = _Rejects(ws.imports_dir / f"{name}.{kind}.rejects.csv", table.header)
    seen: dict[str, object] = {}
    rows_read = imported = 0
    try:
        with (
            _write_transaction(ws, kind, table.data_rows) as connection,
            _progress(progress, table.data_rows, f"importing {kind}") as advance,
        ):
            for batch in table.batches:
                validation = ws.validate(
                    kind,
                    _frame(batch, plan, layout),
                    participant_id,
                    connection,
                    options=layout_source.options,
                    seen=seen,
                    label="line",
                )
                rejects.add_batch(batch, validation.rejects)
                imported += ws.store(kind, validation, participant_id, connection)
                rows_read += len(batch.lines) + len(batch.wrong)
                advance(len(batch.lines) + len(batch.wrong))
            if rows_read == 0:
                raise ImportFileError(f"{path}: the file has a header but no data rows")
            if not kept.exists():
                shutil.copyfile(path, kept)
    except BaseException:
        rejects.discard()
        raise
    messages = [*table.messages, f"participant: {participant_id}; mapping: {layout_source.name}"]
    return ImportReport(
        kind=kind,
        source=path,
        encoding=table.encoding,
        rows_read=rows_read,
        imported=imported,
        rejected=rejects.count,
        rejects_path=rejects.finish(),
        kept_path=kept,
        messages=messages,
    )
