"""Reading plain-text tables: columns separated by runs of blanks, or at fixed widths.

Till systems, accounting packages and older databases write their logs as text lines
padded into columns (``  00001 19970101  1  11.77``). Two layouts are read here, line
by line, with exact line numbers:

- **whitespace-separated**: any run of spaces and tabs separates two values, and blanks
  at the start and end of a line are ignored. Values cannot hold a space (there is no
  quoting in such files): a file whose names hold spaces needs a delimiter or widths.
- **fixed-width**: each column is the given number of characters; values are trimmed.
  A line longer than the widths add up to has something the layout does not cover and
  is set aside with its extra text.

Encoding and the content hash come from the same pass as for CSV files
(:func:`toolkit.store.importing.csv_reader.scan`).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np

from toolkit.store.importing.header_rows import HeaderRule
from toolkit.store.importing.tables import ImportFileError, Table, header, row_batches
from toolkit.store.mappings.layout import FileLayout

#: What ends a line, as in the CSV reader's scan: ``\r\n``, ``\n`` or a lone ``\r``.
LINE_END = re.compile("\r\n|\r|\n")


def _cut(line: str, widths: tuple[int, ...]) -> list[str]:
    """A fixed-width line cut into trimmed values; text past the last column is kept as
    one more value, so that the row is set aside rather than cut short."""
    values, start = [], 0
    for width in widths:
        values.append(line[start : start + width].strip())
        start += width
    rest = line[start:].strip()
    return [*values, rest] if rest else values


def _lines(text: str, layout: FileLayout) -> Iterator[tuple[int, list[str]]]:
    """Each non-blank line with its number and its values."""
    for number, line in enumerate(LINE_END.split(text), start=1):
        if not line.strip():
            continue
        yield number, _cut(line, layout.widths) if layout.widths else line.split()


def read_text(
    path: Path,
    digest: str,
    encoding: str,
    data: np.ndarray,
    layout: FileLayout,
    rule: HeaderRule,
    messages: list[str],
) -> Table:
    """A whitespace-separated or fixed-width ``data`` (UTF-8 text) as a :class:`Table`."""
    text = bytes(data).decode("utf-8")
    messages.append(
        f"fixed-width columns of {', '.join(map(str, layout.widths))} characters"
        if layout.widths
        else "columns separated by blanks (spaces or tabs)"
    )
    return rows_table(path, digest, encoding, lambda: _lines(text, layout), rule, messages, True)


def rows_table(
    path: Path,
    digest: str,
    encoding: str,
    numbered: Callable[[], Iterator[tuple[int, list[str]]]],
    rule: HeaderRule,
    messages: list[str],
    count_rows: bool,
) -> Table:
    """A :class:`Table` over rows read one by one: ``numbered()`` yields each row with
    the line it starts on, from the start each time; ``rule`` settles whether the first
    non-blank row is the header. ``count_rows``: count the data rows in advance."""
    header_line, first = header(numbered())
    if not first:
        raise ImportFileError(f"{path}: the file is empty")
    names, first_is_data, note = rule.header(path, header_line, first)
    if note:
        messages.append(note)
    skipped = header_line - 1 if first_is_data else header_line

    def rows() -> Iterator[tuple[int, list[str]]]:
        return itertools.dropwhile(lambda row: row[0] <= skipped, numbered())

    return Table(
        path=path,
        digest=digest,
        header=names,
        header_line=header_line,
        encoding=encoding,
        data_rows=sum(1 for _ in rows()) if count_rows else None,
        batches=lambda: row_batches(rows(), len(names), pad_short_rows=False),
        messages=messages,
    )
