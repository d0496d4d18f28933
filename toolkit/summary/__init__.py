"""The session summary without a kernel: :class:`SessionSummary` holds what the coach
app gathers (notes, decisions, new commitments, score changes, tables, charts),
:func:`render_summary` turns it into one small, printable, self-contained HTML page,
:func:`gather_summary` reads it from a workspace and :func:`write_summary` does both
and saves the page in the workspace's ``reports/`` folder."""

from toolkit.summary.content import ScoreChange, SessionSummary
from toolkit.summary.files import write_summary
from toolkit.summary.gather import gather_summary
from toolkit.summary.page import render_summary

__all__ = ["ScoreChange", "SessionSummary", "gather_summary", "render_summary", "write_summary"]
