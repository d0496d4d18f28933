"""The session summary without a kernel: :class:`SessionSummary` holds what the coach
app gathers (notes, decisions, new commitments, score changes, tables, charts) and
:func:`render_summary` turns it into one small, printable, self-contained HTML page."""

from toolkit.summary.content import ScoreChange, SessionSummary
from toolkit.summary.page import render_summary

__all__ = ["ScoreChange", "SessionSummary", "render_summary"]
