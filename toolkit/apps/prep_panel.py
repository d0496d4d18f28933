"""The coach's prep panel: what to read in the first minutes of a one-to-one session.

Cards for the last session's notes, the commitments due (and those done since), what
changed in the data since the last session (newly lapsed clients, health moves) and each
exercise's earlier and latest score. The figures come from :mod:`toolkit.session_prep`;
this module only lays them out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from html import escape

import ipywidgets as widgets
import pandas as pd

from toolkit import session_prep as prep
from toolkit.apps.page import card, html
from toolkit.exercises import Exercise
from toolkit.firm import FirmAnalyses
from toolkit.store import Workspace, coaching, views
from toolkit.summary.gather import score_changes
from toolkit.widgets.frame_table import table_html
from toolkit.widgets.layouts import FULL

NO_SESSION = "No earlier session recorded."


def _health(value: float) -> str:
    return f"{value:.2f}"


def _listing(lines: Sequence[str], empty: str) -> str:
    """Escaped lines as a bulleted list, or the ``empty`` sentence."""
    if not lines:
        return f'<p class="tk-muted">{escape(empty)}</p>'
    return "<ul>" + "".join(f"<li>{escape(line)}</li>" for line in lines) + "</ul>"


class PrepPanel(widgets.VBox):
    """The prep cards of ``participant_id`` for a session on ``today``.

    ``baseline`` says what the data is compared with; ``lapsed``, ``moves``, ``due``,
    ``done`` and ``scores`` hold what the cards show (for tests and the summary). Both
    client maps, today's and the earlier one, are computed without the purchase outlook,
    which health and status do not read: the tab the coach app opens on never waits for
    the purchase model's fit."""

    def __init__(
        self,
        workspace: Workspace,
        participant_id: str,
        today: dt.date,
        analyses: FirmAnalyses,
        exercises: Mapping[str, Exercise],
    ) -> None:
        firm = analyses.firm
        self.last = prep.last_session(views.sessions(workspace, participant_id), today)
        self.baseline = prep.baseline(self.last.held_on if self.last else None, firm.as_of)
        commitments = views.commitments_with_checkins(workspace, participant_id)
        self.due = prep.commitments_due(commitments, today)
        self.done = prep.done_since(commitments, self.baseline.day or firm.as_of)
        self.lapsed = self.moves = pd.DataFrame()
        if self.baseline.day is not None and not analyses.map_missing:
            before = FirmAnalyses(prep.as_of(firm, self.baseline.day)).client_map
            now = analyses.without_outlook.client_map
            self.lapsed = prep.newly_lapsed(before, now)
            self.moves = prep.health_moves(before, now)
        self.scores = score_changes(coaching.results(workspace, participant_id), exercises)
        super().__init__(
            [
                self._last_session(),
                self._commitments(),
                self._changes(analyses),
                self._scores(),
            ],
            layout=FULL,
        )
        self.add_class("tk-session-prep")

    def _last_session(self) -> widgets.Widget:
        if self.last is None:
            return card("Last session", html(f'<p class="tk-muted">{NO_SESSION}</p>'))
        notes = escape(self.last.notes) or '<span class="tk-muted">No notes were kept.</span>'
        return card(f"Last session: {self.last.held_on:%-d %B %Y}", html(f"<p>{notes}</p>"))

    def _commitments(self) -> widgets.Widget:
        due = [
            f"{row.text}: {'overdue since' if row.overdue else 'due'} {row.due_on:%-d %b %Y}"
            for row in self.due.itertuples()
        ]
        since = f"since {self.baseline.session_on:%-d %B}" if self.baseline.session_on else "lately"
        return card(
            "Commitments",
            html(
                _listing(due, f"Nothing due in the next {prep.DUE_SOON_DAYS} days.")
                + f"<h4>Done {escape(since)}</h4>"
                + _listing(list(self.done["text"]), f"None marked done {since}.")
            ),
            intro=f"Open and due within {prep.DUE_SOON_DAYS} days, or overdue.",
        )

    def _changes(self, analyses: FirmAnalyses) -> widgets.Widget:
        title = "What changed in the data"
        if self.baseline.day is None:
            return card(title, intro=f"Nothing to compare: {self.baseline.label}.")
        missing = analyses.map_missing
        if missing:
            return card(title, missing.widget())
        day = f"{analyses.firm.as_of:%-d %B %Y}"
        lapsed = _listing(
            [f"{row.name} (was active, now lapsed)" for row in self.lapsed.itertuples()],
            "No client lapsed.",
        )
        moves = table_html(
            self.moves,
            {
                "name": "Client",
                "health_before": "Health then",
                "health": "Now",
                "change": "Change",
                "band": "Band now",
            },
            {"health_before": _health, "health": _health, "change": "+.2f"},
            empty=f"No client's health moved by {prep.HEALTH_STEP:g} or more.",
            optional=("band",),
        )
        return card(
            title,
            *([missing.widget()] if missing.tables else []),
            html(f"<h4>Newly lapsed</h4>{lapsed}<h4>Health moves</h4>{moves}"),
            intro=(
                f"The data as of {day} against {self.baseline.label}. Health is the client "
                f"map's 0-1 score (higher is better); moves of {prep.HEALTH_STEP:g} or more "
                "are listed, drops first."
            ),
        )

    def _scores(self) -> widgets.Widget:
        lines = [prep.score_line(change) for change in self.scores]
        return card(
            "Exercise scores, earlier and latest",
            html(_listing(lines, "No exercise scored yet.")),
        )
