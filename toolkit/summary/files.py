"""The session summary as a file in the workspace's ``reports/`` folder, readable by its
owner only (like every file the workspace keeps)."""

from __future__ import annotations

import os
from pathlib import Path

from toolkit.store import Workspace
from toolkit.store.private import open_private, private_folder
from toolkit.summary.content import SessionSummary
from toolkit.summary.page import render_summary


def write_summary(
    ws: Workspace,
    participant_id: str,
    summary: SessionSummary,
    out: str | os.PathLike[str] | None = None,
) -> Path:
    """Render ``summary`` (of ``participant_id``, see :func:`gather_summary`) into ``out``
    (default ``<workspace>/reports/<id>-<session day>.html``, so a later summary of the
    same session replaces it) and return the path."""
    target = Path(out) if out else ws.reports_dir / f"{participant_id}-{summary.session_on}.html"
    private_folder(target.parent)
    with open_private(target, encoding="utf-8") as file:
        file.write(render_summary(summary))
    return target
