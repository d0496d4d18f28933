"""Rows set aside and rows kept with a warning: files the user can open, and counts.

Each row an import does not take goes to the rejects file with its line, the column and
the reason, followed by the row's original values, so nothing disappears; each row taken
with something left out (an owner nobody knows, the second company of a deal) goes to
the warnings file the same way. Both are UTF-8 with a BOM so that Excel opens them
correctly. The counts by reason feed the import's summary: a reason with its quoted
values and parenthesised hints taken out is its category
(``"'2024-13-45' is not a date (write YYYY-MM-DD)"`` counts as ``is not a date``).
"""

from __future__ import annotations

import csv
import re
import secrets
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd

from toolkit.store.importing.tables import Batch
from toolkit.store.private import open_private

QUOTED = re.compile(r"'[^']*'|\([^)]*\)")
#: Rows whose line, column and reason a RowFile keeps for the report.
FIRST_ROWS = 3


def category(column: str, reason: str) -> str:
    """What a reason is about, without the values: ``column: reason`` in short.

    >>> category("occurred_on", "'2024-13-45' is not a date (write YYYY-MM-DD)")
    'occurred_on is not a date'
    >>> category("stage", "not won: Closed lost")
    'not won: Closed lost'
    """
    first = reason.split("; ")[0]
    if first.startswith(("not won: ", "amount in ")):
        return first.split(",")[0]
    short = re.sub(r"\s+([,;.])", r"\1", " ".join(QUOTED.sub("", first).split()))
    return f"{column.split(', ')[0]} {short}".strip()


class RowFile:
    """A CSV of rows with the line, column and reason of each, counts by category, and
    the first few rows' ``line N, column: reason`` (:data:`FIRST_ROWS`, in file order
    within a batch) for a report that has nothing else to show."""

    def __init__(self, path: Path, header: list[str], note: str = "reason") -> None:
        self.path = path
        # Its own partial file, so two imports of one file at once do not share it.
        self.partial = path.with_suffix(f".{secrets.token_hex(4)}.partial")
        self.width = len(header)
        self.counts: Counter[str] = Counter()
        self.first: list[str] = []
        self.file = open_private(self.partial, encoding="utf-8-sig", newline="")
        self.writer = csv.writer(self.file)
        self.writer.writerow(["line", "column", note, *header])

    @property
    def count(self) -> int:
        return sum(self.counts.values())

    def add(self, line: int, column: str, reason: str, fields: list[str]) -> None:
        values = fields[: self.width] + [""] * (self.width - len(fields))
        extra = fields[self.width :]
        if extra:
            reason += f" (extra values: {', '.join(map(repr, extra))})"
        self.writer.writerow([line, column, reason, *values])
        if len(self.first) < FIRST_ROWS:
            self.first.append(f"line {line}, {column}: {reason}")
        self.counts[category(column, reason)] += 1

    def add_batch(self, batch: Batch, problems: pd.DataFrame, wrong_width: bool = False) -> None:
        """Write the batch's rows named in ``problems`` (``row`` = line), in line order,
        and, with ``wrong_width``, its rows of the wrong width."""
        positions = np.searchsorted(batch.lines, problems["row"].to_numpy())
        found = [
            (int(line), column, reason, fields)
            for line, column, reason, fields in zip(
                problems["row"],
                problems["column"],
                problems["reason"],
                batch.rows(positions),
                strict=True,
            )
        ]
        if wrong_width:
            found += [(line, "(row)", reason, fields) for line, fields, reason in batch.wrong]
        for problem in sorted(found, key=lambda p: p[0]):
            self.add(*problem)

    def finish(self) -> Path | None:
        """Move the file into place (or remove a stale one when it holds no row)."""
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
