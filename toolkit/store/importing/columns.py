"""Mapping a file's columns to a kind's fields, and a batch of rows to a frame of text.

:func:`plan` decides once per file which column (or columns) feeds each field, and says
what it could not find: a required field missing stops the import with the headers it
looked for and the file's near misses ("did you mean ..."); an optional field the
mapping names but the file lacks is reported, not silently left empty. :func:`frame`
then turns each batch into one text column per field, indexed by line: joining columns
(``First Name`` + ``Last Name``), taking the first item of a list column
(``Associated Company IDs``), translating values, and bringing ids to one form. When
several of a field's sources are in the file, each row takes the first that has a value
(the primary company's id, else the first of the list).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from toolkit.store.importing.header_rows import looks_like_data
from toolkit.store.importing.tables import Batch, ImportFileError, Table
from toolkit.store.mappings import (
    IMPORT_ONLY_FIELDS,
    KindMapping,
    Mapping,
    Source,
    near_misses,
    normalise_header,
)
from toolkit.store.parsing import TEXT
from toolkit.store.records import RecordKind

#: Field types whose values look like data (numbers, dates, amounts), never like names.
DATA_TYPES = ("date", "datetime", "money", "float", "int", "bool")
#: Characters of the 3-character suffix that makes a Salesforce id case-insensitive.
SALESFORCE_SUFFIX = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"


@dataclass(frozen=True)
class Planned:
    """The column positions that feed one field, and how (see :class:`Source`)."""

    positions: tuple[int, ...]
    source: Source


def fields_of(record: RecordKind) -> tuple[str, ...]:
    """The fields a file may hold for ``record``: its own, then import-only ones."""
    return (*record.names, *IMPORT_ONLY_FIELDS.get(record.name, ()))


def header_score(layout: KindMapping, record: RecordKind):
    """A function rating a candidate header row: how many fields it would feed."""
    known = [
        {normalise_header(h) for h in source.headers}
        for name in fields_of(record)
        for source in layout.sources(name)
    ]

    def score(cells: list[str]) -> int:
        present = {normalise_header(cell) for cell in cells if cell.strip()}
        return sum(1 for headers in known if headers <= present)

    return score


def own_header_test(
    layout: KindMapping, record: RecordKind, names: tuple[str, ...]
) -> Callable[[list[str]], bool]:
    """Whether a first row holds a file's own column names, for a file whose columns
    are ``names``: a row as wide, none of whose values looks like data, although some
    of ``names`` feeds a field of dates, numbers or amounts. A file whose columns are all
    ids and text never has its first row taken for a header.
    """
    typed = {
        normalise_header(header)
        for spec in record.fields
        if spec.type in DATA_TYPES
        for header in layout.headers(spec.name)
    }
    holds_data = any(normalise_header(name) in typed for name in names)

    def own_header(cells: list[str]) -> bool:
        return holds_data and len(cells) == len(names) and not looks_like_data(cells)

    return own_header


def _missing(table: Table, name: str, layout: KindMapping) -> str:
    """``field (as 'A' or 'B'; did you mean 'C'?)`` for a field the file lacks."""
    wanted = " or ".join(dict.fromkeys(source.describe() for source in layout.sources(name)))
    close = dict.fromkeys(
        miss for header in layout.headers(name) for miss in near_misses(header, table.header)
    )
    hint = f"; did you mean {' or '.join(map(repr, close))}?" if close else ""
    return f"{name} (as {wanted}{hint})"


def plan(
    table: Table, layout: KindMapping, record: RecordKind, made: tuple[str, ...] = ()
) -> dict[str, tuple[Planned, ...]]:
    """Which columns of the file feed each field, in order of preference; an error names
    what is missing (but for the fields in ``made``, which the import makes itself).

    Adds to ``table.messages`` the optional fields the mapping names but the file lacks,
    and the columns no field uses.
    """
    positions: dict[str, int] = {}
    for position, header in enumerate(table.header):
        positions.setdefault(normalise_header(header), position)
    planned: dict[str, tuple[Planned, ...]] = {}
    for name in fields_of(record):
        found = []
        for source in layout.sources(name):
            keys = [normalise_header(header) for header in source.headers]
            if all(key in positions for key in keys):
                found.append(Planned(tuple(positions[key] for key in keys), source))
        if found:
            planned[name] = tuple(dict.fromkeys(found))
    missing = [name for name in record.required if name not in planned and name not in made]
    if missing:
        wanted = "; ".join(_missing(table, name, layout) for name in missing)
        raise ImportFileError(
            f"{table.location}:{table.header_line}: missing required column(s) for "
            f"{record.name}: {wanted}; found: {', '.join(map(repr, table.header))}"
        )
    steering = IMPORT_ONLY_FIELDS.get(record.name, ())
    absent = [
        name
        for name in layout.columns
        if name not in planned and name not in steering and name not in made
    ]
    if absent:
        listed = "; ".join(_missing(table, name, layout) for name in absent)
        table.messages.append(f"not in the file, so left empty: {listed}")
    outcome = [name for name in ("won", "stage") if name in layout.columns]
    if outcome and not any(name in planned for name in outcome):
        listed = "; ".join(_missing(table, name, layout) for name in outcome)
        table.messages.append(
            f"no column says whether a deal was won, so every row is revenue: {listed}"
        )
    used = {p for sources in planned.values() for field in sources for p in field.positions}
    unused = [h for i, h in enumerate(table.header) if i not in used and h.strip()]
    if unused:
        table.messages.append(f"ignored column(s): {', '.join(unused)}")
    return planned


def salesforce_id(value: str) -> str:
    """The 15-character form of an 18-character Salesforce id; anything else unchanged.

    An 18-character id is the 15-character one plus three characters that encode which
    of its letters are upper case (five letters each), so both forms name one record.
    Only a value whose last three characters are that checksum is shortened.

    >>> salesforce_id("001A0000006Vm9rIAC"), salesforce_id("001A0000006Vm9r")
    ('001A0000006Vm9r', '001A0000006Vm9r')
    """
    if len(value) != 18 or not value.isalnum() or not value.isascii():
        return value
    suffix = ""
    for chunk in range(3):
        part = value[chunk * 5 : chunk * 5 + 5]
        bits = sum(1 << i for i, char in enumerate(part) if "A" <= char <= "Z")
        suffix += SALESFORCE_SUFFIX[bits]
    return value[:15] if value[15:].upper() == suffix else value


def _field_text(batch: Batch, field: Planned) -> tuple[pa.Array, np.ndarray | None]:
    """One field's text for a batch, and for list columns how many items each row has."""
    columns = [batch.columns[position] for position in field.positions]
    if len(columns) > 1:
        parts = [pc.utf8_trim_whitespace(column) for column in columns]
        joined = pc.binary_join_element_wise(*parts, " ")
        return pc.utf8_trim_whitespace(pc.replace_substring_regex(joined, r"\s{2,}", " ")), None
    (column,) = columns
    if field.source.separator is None:
        return column, None
    items = pc.split_pattern(column, field.source.separator)
    counts = np.array(
        [sum(1 for item in row if item.strip()) for row in items.to_pylist()], dtype=np.int64
    )
    first = pc.utf8_trim_whitespace(pc.list_element(items, 0))
    return first, counts


def frame(
    batch: Batch,
    planned: dict[str, tuple[Planned, ...]],
    mapping: Mapping,
    record: RecordKind,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The mapped fields of a batch as Arrow-backed text indexed by line, and warnings.

    A warning (``row``, ``column``, ``reason``) is raised for a list column holding
    several items, of which the first was used.
    """
    layout = mapping.kind(record.name)
    columns: dict[str, pd.Series] = {}
    warnings = []
    for name, sources in planned.items():
        if len(sources) == 1 and sources[0].source.separator is None:
            columns[name] = pd.Series(_field_text(batch, sources[0])[0], dtype=TEXT)
            continue
        value = pd.Series("", index=range(len(batch.lines)), dtype=TEXT)
        for field in sources:
            text, counts = _field_text(batch, field)
            text = pd.Series(text, dtype=TEXT).fillna("")
            empty = value.str.strip() == ""
            taken = empty & (text.str.strip() != "")
            value = value.where(~taken, text)
            if counts is None or not (taken & (counts > 1)).any():
                continue
            several = (taken & (counts > 1)).to_numpy()
            warnings.append(
                pd.DataFrame(
                    {
                        "row": batch.lines[several],
                        "column": name,
                        "reason": [
                            f"{count} values in {field.source.headers[0]!r}; the first was used"
                            for count in counts[several]
                        ],
                    }
                )
            )
        columns[name] = value
    result = pd.DataFrame(columns)
    result.index = pd.Index(batch.lines, dtype="int64")
    for name, translation in layout.values.items():
        if name in result:
            key = result[name].str.strip().str.lower()
            result[name] = key.map(translation).fillna(result[name])
    if mapping.ids == "salesforce":
        for spec in record.fields:
            if spec.type == "id" and spec.name in result:
                result[spec.name] = result[spec.name].map(salesforce_id, na_action="ignore")
    found = pd.concat(warnings, ignore_index=True) if warnings else _no_rows()
    return result, found


def _no_rows() -> pd.DataFrame:
    return pd.DataFrame({"row": pd.Series(dtype="int64"), "column": [], "reason": []})
