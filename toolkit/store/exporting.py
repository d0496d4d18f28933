"""Export any workspace table to CSV or Excel, for the participant's own spreadsheets."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from toolkit.errors import ToolkitError
from toolkit.store import coach_password
from toolkit.store.workspace import Workspace

FORMATS = (".csv", ".xlsx")
#: Columns never exported: secrets stay in the workspace.
SECRET_COLUMNS = ("access_key_hash",)
#: Settings that are secrets: never exported, not even hashed.
SECRET_SETTINGS = (coach_password.SETTING,)
#: First characters that make a spreadsheet read a cell as a formula (OWASP, CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """``value`` with a leading ``'`` when it is text a spreadsheet would run as a formula.

    Imported names and notes are whatever the CRM held: a client called
    ``=HYPERLINK(...)`` would become a live link, or worse, in the participant's
    spreadsheet. The quote makes it plain text. Numbers are left as they are, negative
    ones included, so they stay numbers.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return f"'{value}"
    return value


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with every text cell passed through :func:`neutralise`."""
    text = frame.select_dtypes(include=["object", "string"]).columns
    return frame.assign(**{column: frame[column].map(neutralise) for column in text})


def export_table(
    ws: Workspace,
    name: str,
    path: str | os.PathLike[str],
    participant_id: str | None = None,
) -> int:
    """Write table ``name`` (optionally one participant's rows) to ``path``; return rows.

    The format follows the file's suffix: ``.csv`` (UTF-8) or ``.xlsx``. Money is written
    in currency units, dates as ISO dates, as :meth:`Workspace.table` reads them. Text that
    a spreadsheet would take for a formula starts with ``'`` (:func:`neutralise`); in a
    workbook it is a text cell.
    """
    path = Path(path)
    if path.suffix.lower() not in FORMATS:
        raise ToolkitError(f"{path}: export writes {' or '.join(FORMATS)} files")
    frame = ws.table(name, participant_id).drop(columns=list(SECRET_COLUMNS), errors="ignore")
    if name == "settings":
        frame = frame[~frame["key"].isin(SECRET_SETTINGS)]
    frame = neutralise_formulas(frame)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix.lower() == ".csv":
        frame.to_csv(path, index=False)
    else:
        frame.to_excel(path, index=False, sheet_name=name[:31])
    return len(frame)
