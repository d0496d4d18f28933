"""Whether the first row of a text file is its header or already data.

A file with a header row names its columns there. A purchase log often has none: its
first line is a purchase (``00001 19970101 1 11.77``), and taking it for a header would
lose that purchase and name the columns after its values. So a row is never taken for a
header silently:

- without ``--columns``, the first row is the header, unless it looks like data (some
  value is a number or a date) and names none of the columns the mapping knows: then
  the import stops and says to name the columns (a pivot export's ``Client,2023,2024``
  header names a known column and stays a header);
- with ``--columns``, every row is data, unless the first row holds the file's own
  column names: none of its values looks like data although some column is meant to
  hold dates, numbers or amounts. That row is skipped, and the report says so.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from toolkit.store.importing.tables import ImportFileError

#: A value made of digits and the marks of numbers, dates, times and amounts only.
DATA_VALUE = re.compile(r"[-+(]?[$€£¥]?\d[\d.,/:\- ]*\)?")
#: Values of a first row quoted in messages.
SHOWN_VALUES = 4


def looks_like_data(cells: list[str]) -> bool:
    """Whether some value of a row is a number, a date or an amount.

    >>> looks_like_data(["00001", "19970101", "1", "11.77"])
    True
    >>> looks_like_data(["customer_id", "date", "number_of_cds", "dollar_value"])
    False
    """
    return any(DATA_VALUE.fullmatch(cell.strip()) for cell in cells)


@dataclass(frozen=True)
class HeaderRule:
    """How to treat a file's first row: ``names`` are the columns the user named (none:
    the file's first row names them); ``own_header`` tells whether a first row is the
    file's own column names when ``names`` are given; ``knows`` whether a row names a
    column the mapping knows."""

    names: tuple[str, ...] = ()
    own_header: Callable[[list[str]], bool] = lambda cells: False
    knows: Callable[[list[str]], bool] = lambda cells: False

    def header(self, path: Path | str, line: int, cells: list[str]) -> tuple[list[str], bool, str]:
        """The column names, whether the first row (``cells`` at ``line``) is data, and a
        note for the report ("" when there is nothing to say)."""
        shown = ", ".join(map(repr, cells[:SHOWN_VALUES])) + (
            ", ..." if len(cells) > SHOWN_VALUES else ""
        )
        if not self.names:
            if looks_like_data(cells) and not self.knows(cells):
                raise ImportFileError(
                    f"{path}:{line}: the first line looks like data, not column names "
                    f"({shown}); name the file's columns in order with --columns "
                    "(e.g. --columns client_id,occurred_on,amount) or columns: under "
                    "file: in a mapping file"
                )
            return cells, False, ""
        if self.own_header(cells):
            note = f"line {line} holds the file's own column names ({shown}): skipped"
            return list(self.names), False, f"{note}, the columns are named by --columns"
        return list(self.names), True, ""
