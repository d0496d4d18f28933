"""Reading CSV files fast and with exact line numbers.

1. One pass over the bytes hashes the file and finds its encoding (UTF-8, UTF-8 with a
   BOM, cp1252; a UTF-16 file is transcoded).
2. A vectorised scan of the bytes (numpy) finds every record: where it starts, the
   physical line it starts on and its number of fields. Quotes are followed by parity,
   so a quoted field spanning lines keeps the next rows' line numbers right. The scan is
   only trusted when every quote sits where RFC 4180 allows it; other files are read
   row by row with :mod:`csv` instead (same results, slower).
3. Arrow's CSV parser (C++) reads slices of whole records, so each parsed row is known to
   be a given record of the scan; rows of the wrong width are skipped there and rejected
   by the importer with the scan's line number.

The delimiter is the most frequent of ``, ; tab |`` in the first line; a first line with
none of them but values separated by blanks (or tabs padded with spaces) is a
whitespace-separated text table, read by :mod:`.text_reader`, as are fixed-width files.
Whether the first row is a header or data is settled by :mod:`.header_rows`.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from toolkit.store.importing.header_rows import HeaderRule
from toolkit.store.importing.tables import Batch, ImportFileError, Table
from toolkit.store.importing.text_reader import read_text, rows_table
from toolkit.store.mappings.layout import WHITESPACE, FileLayout

#: Bytes of whole records Arrow parses per batch (about 200,000 rows of a typical export).
ARROW_BLOCK_BYTES = 16 << 20
#: Bytes examined at a time by the hash/encoding pass and the record scan.
SCAN_BYTES = 16 << 20
#: Bytes looked at to guess the delimiter (from the first non-blank line).
HEAD_BYTES = 1 << 16
DELIMITERS = (",", ";", "\t", "|")
#: A tab-separated value padded with spaces, or holding a run of them: the tabs and
#: spaces of the line are both separators.
PADDED = re.compile(r"^[ ]|[ ]$|[ ]{2}")
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


def scan(path: Path) -> tuple[str, str, str]:
    """One pass over the bytes: content hash, encoding, and a note on the encoding.

    A file that is not valid UTF-8 is taken as cp1252 (what Excel writes on Windows);
    :func:`utf8_bytes` fails with the line when it is not valid cp1252 either.
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


def utf8_bytes(path: Path, encoding: str) -> tuple[np.ndarray, int]:
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
    """The most frequent of the usual delimiters in the first line (comma if none), or
    :data:`WHITESPACE` for a line of values separated by blanks.

    >>> _delimiter(b"a;b;c"), _delimiter(b"  00001 19970101  1  11.77"), _delimiter(b"a\\tb c")
    (';', 'whitespace', '\\t')
    """
    text = first_line.decode("utf-8", errors="replace").strip("\r\n")
    counts = {delimiter: text.count(delimiter) for delimiter in DELIMITERS}
    if not any(counts[d] for d in DELIMITERS if d != "\t"):
        cells = text.split("\t")
        blanks = len(cells) == 1 and len(text.split()) > 1
        if blanks or (len(cells) > 1 and any(PADDED.search(cell) for cell in cells)):
            return WHITESPACE
    return max(counts, key=counts.__getitem__) if any(counts.values()) else ","


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
        return self._slice(slice(1, None))

    def head(self, count: int) -> _Records:
        """The first ``count`` records."""
        return self._slice(slice(0, count))

    def _slice(self, part: slice) -> _Records:
        return _Records(
            self.starts[part], self.ends[part], self.lines[part], self.widths[part], self.quoted
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


def read_csv(path: Path, layout: FileLayout | None = None, rule: HeaderRule | None = None) -> Table:
    """Open a CSV or text file: its encoding, delimiter, header and records (read lazily).

    ``layout`` may fix the delimiter, the column widths and the column names (the file
    then has no header row, see ``rule``); by default the delimiter is found from the
    first line and the first row is the header.
    """
    layout, rule = layout or FileLayout(), rule or HeaderRule()
    digest, encoding, note = scan(path)
    messages = [f"encoding: {note or ENCODING_NAMES[encoding]}"]
    if path.stat().st_size == 0:
        raise ImportFileError(f"{path}: the file is empty")
    data, origin = utf8_bytes(path, encoding)
    head = bytes(data[origin : origin + HEAD_BYTES]).splitlines()
    first_line = next((line for line in head if line.strip()), b"")
    delimiter = layout.delimiter or _delimiter(first_line)
    if layout.widths or delimiter == WHITESPACE:
        text_layout = FileLayout(None, layout.columns, layout.widths)
        return read_text(path, digest, encoding, data[origin:], text_layout, rule, messages)
    if delimiter != ",":
        messages.append(f"columns separated by {delimiter!r}")
    found = _find_records(data, origin, delimiter)
    if found is None:
        return _read_csv_rows(path, digest, encoding, data, origin, delimiter, rule, messages)
    if not len(found.starts):
        raise ImportFileError(f"{path}: the file is empty")
    first = _parse_record(data, found.starts[0], found.ends[0], delimiter)
    names, first_is_data, header_note = rule.header(path, int(found.lines[0]), first)
    if header_note:
        messages.append(header_note)
    rows = found if first_is_data else found.after_header()
    footer = _footer(rows, len(names))
    if footer:
        first = _parse_record(data, rows.starts[-footer], rows.ends[-footer], delimiter)
        messages.append(
            f"skipped {footer} footer line(s) after the data, from line "
            f"{rows.lines[-footer]}: {first[0]!r}"
        )
        rows = rows.head(len(rows.starts) - footer)
    return Table(
        path=path,
        digest=digest,
        header=names,
        header_line=int(found.lines[0]),
        encoding=encoding,
        data_rows=len(rows.starts),
        batches=lambda: _arrow_batches(path, data, rows, len(names), delimiter),
        messages=messages,
    )


def _footer(rows: _Records, width: int) -> int:
    """How many records at the end are a report's footer rather than data.

    Report exports (Salesforce's, for one) end with a blank line and a few one-field
    lines: a confidentiality note, a copyright, who generated the report. They are
    recognised as a run of one-field records at the end of a file with a wider header,
    after a blank line; anything else of the wrong width is rejected as usual.
    """
    if width < 2 or not len(rows.starts):
        return 0
    single = rows.widths == 1
    if not single[-1]:
        return 0
    count = len(single) - int(np.flatnonzero(~single)[-1]) - 1 if (~single).any() else 0
    if count == 0:
        return 0
    last_data, first_footer = rows.lines[-count - 1], rows.lines[-count]
    return count if first_footer > last_data + 1 else 0


def _arrow_batches(
    path: Path, data: np.ndarray, found: _Records, width: int, delimiter: str
) -> Iterator[Batch]:
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
        yield _without_blank_rows(Batch(found.lines[first:stop][good], columns, wrong))


def _without_blank_rows(batch: Batch) -> Batch:
    """Drop rows whose every field is empty (``,,,`` lines that spreadsheets leave)."""
    blank = pc.equal(pc.utf8_length(batch.columns[0]), 0)
    for column in batch.columns[1:]:
        blank = pc.and_(blank, pc.equal(pc.utf8_length(column), 0))
    if not pc.any(blank).as_py():
        return batch
    keep = pc.invert(blank)
    return Batch(
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
    rule: HeaderRule,
    messages: list[str],
) -> Table:
    """Read a CSV file with irregular quoting row by row with :mod:`csv`."""
    text = bytes(data[origin:]).decode("utf-8")

    def numbered() -> Iterator[tuple[int, list[str]]]:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        last = 0
        try:
            for fields in reader:
                start, last = last + 1, reader.line_num
                yield start, fields
        except csv.Error as error:
            raise ImportFileError(f"{path}:{last + 1}: cannot read CSV: {error}") from None

    messages.append("quotes in unusual places: read row by row")
    return rows_table(path, digest, encoding, numbered, rule, messages, False)
