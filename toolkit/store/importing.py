"""Import a participant's CSV or Excel export into the workspace, row by row accounted for.

Every data row of the file ends up either in the database or in a rejects file with its
line number, the column and the reason, next to a kept copy of the source in
``workspace/imports/``. The kept copy is named by the file's content hash, so importing
the same file again adds no file, and the upsert on each kind's natural key leaves the
tables as they were. Only a file that cannot be read at all (missing, empty, no usable
header, an unknown encoding) raises :class:`ImportFileError`; the CLI turns that into a
non-zero exit.

The file is read as a stream in chunks of :data:`CHUNK_ROWS` rows: each chunk is
validated by :func:`toolkit.store.records.validate` (vectorised) and upserted, all inside
one transaction, so memory stays flat for large files and a failure writes nothing.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import datetime as dt
import hashlib
import os
import shutil
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
from openpyxl.utils.exceptions import InvalidFileException
from rich.console import Console
from rich.progress import Progress

from toolkit.errors import ToolkitError
from toolkit.store import records
from toolkit.store.mappings import KindMapping, Mapping, load_mapping, normalise_header
from toolkit.store.workspace import Workspace

CHUNK_ROWS = 100_000
#: Files with more data rows than this show a progress bar.
PROGRESS_MIN_ROWS = 10_000
BLOCK_BYTES = 1 << 20
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


@dataclass
class _Table:
    """A file opened for reading: its header and a stream of (line, fields) rows."""

    path: Path
    digest: str
    header: list[str]
    rows: Iterator[tuple[int, list[str]]]
    encoding: str | None
    header_line: int
    data_lines: int | None
    strict_width: bool
    messages: list[str] = field(default_factory=list)


def _scan(path: Path) -> tuple[str, str | None, int, str]:
    """One pass over the bytes: content hash, encoding, line count, note on the encoding."""
    digest = hashlib.sha256()
    lines = 0
    encoding = None
    with path.open("rb") as file:
        head = file.read(4)
        file.seek(0)
        encoding = next((name for bom, name in BOMS if head.startswith(bom)), None)
        decoders = {name: codecs.getincrementaldecoder(name)() for name in ("utf-8", "cp1252")}
        failures: dict[str, tuple[int, int]] = {}
        offset = 0
        last = b"\n"
        while True:
            block = file.read(BLOCK_BYTES)
            for name, decoder in list(decoders.items()):
                try:
                    decoder.decode(block, final=not block)
                except UnicodeDecodeError as error:
                    start = max(error.start, 0)
                    failures[name] = (lines + block.count(b"\n", 0, start), offset + start)
                    del decoders[name]
            if not block:
                break
            digest.update(block)
            lines += block.count(b"\n")
            offset += len(block)
            last = block[-1:]
    lines += last != b"\n"
    note = ""
    if encoding is None and "utf-8" in decoders:
        encoding = "utf-8"
    elif encoding is None and "cp1252" in decoders:
        encoding = "cp1252"
        line, _ = failures["utf-8"]
        note = f"not valid UTF-8 (first at line {line + 1}), so it was read as cp1252"
    elif encoding is None:
        line, byte = failures["cp1252"]
        raise ImportFileError(
            f"{path}:{line + 1}: neither UTF-8 nor cp1252 (byte offset {byte}); "
            "save the file as CSV UTF-8 and import it again"
        )
    return digest.hexdigest(), encoding, lines, note


def _delimiter(first_line: str) -> str:
    return max(DELIMITERS, key=first_line.count) if any(map(first_line.count, DELIMITERS)) else ","


def _read_csv(path: Path) -> _Table:
    digest, encoding, lines, note = _scan(path)
    file = path.open(encoding=encoding, newline="")
    first = file.readline()
    file.seek(0)
    delimiter = _delimiter(first)
    reader = csv.reader(file, delimiter=delimiter)

    def rows() -> Iterator[tuple[int, list[str]]]:
        with file:
            last = reader.line_num
            try:
                for fields in reader:
                    start, last = last + 1, reader.line_num
                    if any(fields):
                        yield start, fields
            except csv.Error as error:
                raise ImportFileError(
                    f"{path}:{reader.line_num}: cannot read CSV: {error}"
                ) from None

    stream = rows()
    header_line, header = next(stream, (0, []))
    if not header:
        stream.close()
        raise ImportFileError(f"{path}: the file is empty")
    messages = [f"encoding: {note or ENCODING_NAMES[encoding]}"]
    if delimiter != ",":
        messages.append(f"columns separated by {delimiter!r}")
    return _Table(
        path, digest, header, stream, encoding, header_line, lines - header_line, True, messages
    )


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


def _read_excel(path: Path) -> _Table:
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, OSError, KeyError, ValueError) as error:
        raise ImportFileError(f"{path}: not a readable Excel workbook ({error})") from None
    sheet = book.worksheets[0]

    def rows() -> Iterator[tuple[int, list[str]]]:
        try:
            for line, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                fields = [_cell_text(value) for value in values]
                while fields and fields[-1] == "":
                    fields.pop()
                if fields:
                    yield line, fields
        finally:
            book.close()

    stream = rows()
    header_line, header = next(stream, (0, []))
    if not header:
        stream.close()
        raise ImportFileError(f"{path}: the first sheet ({sheet.title!r}) is empty")
    data_lines = sheet.max_row - header_line if sheet.max_row else None
    messages = [f"read the first sheet, {sheet.title!r}"] if len(book.sheetnames) > 1 else []
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return _Table(path, digest, header, stream, None, header_line, data_lines, False, messages)


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


def _chunks(
    table: _Table,
) -> Iterator[tuple[list[int], list[list[str]], list[tuple[int, list[str], str]]]]:
    """Rows in chunks: (lines, rows of the header's width, rows of the wrong width + reason)."""
    width = len(table.header)
    lines: list[int] = []
    rows: list[list[str]] = []
    wrong: list[tuple[int, list[str], str]] = []
    for line, fields in table.rows:
        if len(fields) == width:
            lines.append(line)
            rows.append(fields)
        elif len(fields) < width and not table.strict_width:
            lines.append(line)
            rows.append(fields + [""] * (width - len(fields)))
        else:
            wrong.append(
                (line, fields, f"expected {width} fields (as in the header), found {len(fields)}")
            )
        if len(rows) + len(wrong) >= CHUNK_ROWS:
            yield lines, rows, wrong
            lines, rows, wrong = [], [], []
    if rows or wrong:
        yield lines, rows, wrong


def _frame(
    lines: list[int], rows: list[list[str]], plan: dict[str, int], layout: KindMapping
) -> pd.DataFrame:
    """The mapped columns of a chunk as text, indexed by line, with values translated."""
    columns = list(zip(*rows, strict=True)) or [()] * (max(plan.values()) + 1)
    frame = pd.DataFrame(
        {name: np.array(columns[position], dtype=object) for name, position in plan.items()},
        index=pd.Index(lines, dtype="int64"),
    )
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
    with contextlib.closing(table.rows):
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
            ws.connect() as connection,
            _progress(progress, table.data_lines, f"importing {kind}") as advance,
        ):
            for lines, rows, wrong in _chunks(table):
                validation = ws.validate(
                    kind,
                    _frame(lines, rows, plan, layout),
                    participant_id,
                    connection,
                    options=layout_source.options,
                    seen=seen,
                    label="line",
                )
                positions = np.searchsorted(lines, validation.rejects["row"].to_numpy())
                problems = [
                    (problem.row, problem.column, problem.reason, rows[position])
                    for position, problem in zip(
                        positions, validation.rejects.itertuples(index=False), strict=True
                    )
                ]
                problems += [(line, "(row)", reason, fields) for line, fields, reason in wrong]
                for problem in sorted(problems, key=lambda p: p[0]):
                    rejects.add(*problem)
                imported += ws.store(kind, validation, participant_id, connection)
                rows_read += len(rows) + len(wrong)
                advance(len(rows) + len(wrong))
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
