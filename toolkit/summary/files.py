"""The session summary as a file in the workspace's ``reports/`` folder, readable by its
owner only (like every file the workspace keeps)."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from pathlib import Path

from toolkit.store import Workspace
from toolkit.store.private import open_private, private_folder
from toolkit.summary.gather import gather_summary
from toolkit.summary.page import render_summary


def write_summary(
    ws: Workspace,
    participant_id: str,
    *,
    session_on: dt.date | None = None,
    notes: str | None = None,
    decisions: Sequence[str] = (),
    out: str | os.PathLike[str] | None = None,
) -> Path:
    """Gather and render ``participant_id``'s summary of the session on ``session_on``
    (default today) into ``out`` (default ``<workspace>/reports/<id>-<session day>.html``,
    so a later summary of the same session replaces it) and return the path."""
    summary = gather_summary(
        ws, participant_id, session_on=session_on, notes=notes, decisions=decisions
    )
    target = Path(out) if out else ws.reports_dir / f"{participant_id}-{summary.session_on}.html"
    private_folder(target.parent)
    with open_private(target, encoding="utf-8") as file:
        file.write(render_summary(summary))
    return target
