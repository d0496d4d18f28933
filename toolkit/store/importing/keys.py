"""Ids made for the rows of a file that has none: stable across re-imports.

A purchase log is a list of events (``client, day, amount``) without a transaction id,
yet the table's key is that id, and importing the same file twice must change nothing.
So the id of a row is made from the row itself: a hash of its normalised values (every
column of the file, trimmed, runs of blanks as one) and of its repeat number among the
identical rows before it. Two identical purchases on one day stay two rows (repeat
numbers 0 and 1); re-importing the file, or a later export that adds lines at the end,
gives the rows it had the same ids.

Ids are made for the kinds of record whose key names nothing else (events:
:data:`GENERATED_KEYS`); a client or a team member without an id cannot be made up.
"""

from __future__ import annotations

import hashlib
from collections import Counter

import pandas as pd
import pyarrow.compute as pc

from toolkit.store.importing.tables import Batch
from toolkit.store.mappings import KindMapping, normalise_header
from toolkit.store.records import RecordKind

#: Kinds whose id may be made from the row, and their id field.
GENERATED_KEYS = {
    "transactions": "transaction_id",
    "interactions": "interaction_id",
    "excuses": "excuse_id",
}
#: Hex digits of the hash kept in an id (64 bits: no collision in any firm's history).
ID_DIGITS = 16
SEPARATOR = "\x1f"
#: Bytes of the digest rows are counted under (a collision only shifts a repeat number,
#: which keeps the ids distinct and stable).
SEEN_BYTES = 8


def missing_key(record: RecordKind, layout: KindMapping, header: list[str]) -> str | None:
    """The id field to make for ``record`` rows when the file has no column for it."""
    name = GENERATED_KEYS.get(record.name)
    if name is None:
        return None
    present = {normalise_header(cell) for cell in header}
    wanted = [{normalise_header(h) for h in source.headers} for source in layout.sources(name)]
    return None if any(headers <= present for headers in wanted) else name


class RowIds:
    """Makes the ids of one file's rows, batch after batch (repeats span batches)."""

    def __init__(self, field: str) -> None:
        self.field = field
        self.repeats: Counter[bytes] = Counter()

    @property
    def note(self) -> str:
        """What the report says about the made ids."""
        return (
            f"{self.field}: not in the file, so each row's id is made from its values "
            "and its repeat number (importing the file again changes nothing)"
        )

    def assign(self, batch: Batch) -> pd.Series:
        """The ids of a batch's rows, indexed by line."""
        cleaned = [
            pc.replace_substring_regex(pc.utf8_trim_whitespace(column), r"\s+", " ")
            for column in batch.columns
        ]
        rows = pc.binary_join_element_wise(*cleaned, SEPARATOR).to_pylist()
        ids = []
        for row in rows:
            seen = hashlib.blake2b(row.encode(), digest_size=SEEN_BYTES).digest()
            repeat = self.repeats[seen]
            self.repeats[seen] += 1
            digest = hashlib.sha256(f"{row}{SEPARATOR}{repeat}".encode()).hexdigest()
            ids.append(digest[:ID_DIGITS])
        return pd.Series(ids, index=pd.Index(batch.lines, dtype="int64"), dtype=object)
