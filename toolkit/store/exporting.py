"""Export any workspace table to CSV or Excel, for the participant's own spreadsheets."""

from __future__ import annotations

import os
from pathlib import Path

from toolkit.errors import ToolkitError
from toolkit.store.workspace import Workspace

FORMATS = (".csv", ".xlsx")
#: Columns never exported: secrets stay in the workspace.
SECRET_COLUMNS = ("access_key_hash",)


def export_table(
    ws: Workspace,
    name: str,
    path: str | os.PathLike[str],
    participant_id: str | None = None,
) -> int:
    """Write table ``name`` (optionally one participant's rows) to ``path``; return rows.

    The format follows the file's suffix: ``.csv`` (UTF-8) or ``.xlsx``. Money is written
    in currency units, dates as ISO dates, as :meth:`Workspace.table` reads them.
    """
    path = Path(path)
    if path.suffix.lower() not in FORMATS:
        raise ToolkitError(f"{path}: export writes {' or '.join(FORMATS)} files")
    frame = ws.table(name, participant_id).drop(columns=list(SECRET_COLUMNS), errors="ignore")
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix.lower() == ".csv":
        frame.to_csv(path, index=False)
    else:
        frame.to_excel(path, index=False, sheet_name=name[:31])
    return len(frame)
