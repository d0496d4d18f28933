"""The one-page session summary of a participant, as a standalone HTML file.

:func:`build_report` gathers the summary from the workspace (:func:`gather_summary`) and
writes it with :func:`write_summary`: no kernel, some 20 kB, inline SVG charts, nothing
loaded from other hosts, and an A4 print stylesheet (docs/sessions.md). Like every file
the workspace keeps, it is readable by its owner only.
"""

from __future__ import annotations

import os
from pathlib import Path

from toolkit.store import Workspace
from toolkit.summary import gather_summary, write_summary


def build_report(
    ws_dir: str | os.PathLike[str], participant_id: str, out: str | os.PathLike[str] | None = None
) -> Path:
    """Write the summary of ``participant_id``'s session on their as-of date (the day a
    demo treats as today; else today) to ``out`` (default
    ``<workspace>/reports/<id>-<date>.html``) and return its path. Raises
    :class:`~toolkit.errors.ToolkitError` for an unknown participant, before writing."""
    with Workspace.open(ws_dir) as ws:
        summary = gather_summary(ws, participant_id, session_on=ws.as_of(participant_id))
        return write_summary(ws, participant_id, summary, out)
