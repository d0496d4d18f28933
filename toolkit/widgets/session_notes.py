"""Session notes: a participant's one-to-one sessions so far, and a form to record
today's (a group meeting keeps its notes on the meeting: ``widgets/meeting_notes.py``)."""

from __future__ import annotations

import datetime as dt

import ipywidgets as widgets
import traitlets

from toolkit.store import Workspace, views
from toolkit.widgets.frame_table import FrameTable
from toolkit.widgets.layouts import FULL


class SessionNotes(widgets.VBox):
    """A participant's sessions (newest first) with an 'add' form; ``count`` follows the
    table."""

    count = traitlets.Int(0)

    def __init__(
        self,
        workspace: Workspace,
        today: dt.date,
        participant_id: str,
    ) -> None:
        self.workspace = workspace
        self.participant_id = participant_id
        self.table = FrameTable(
            {"held_on": "Date", "notes": "Notes"}, empty="No sessions recorded yet."
        )
        self.held_on = widgets.DatePicker(description="Date", value=today)
        self.notes = widgets.Textarea(
            placeholder="What was discussed, what was decided", rows=3, layout=FULL
        )
        self.save_button = widgets.Button(description="Save notes", icon="save")
        self.save_button.on_click(lambda _b: self.save())
        self.feedback = widgets.HTML()
        form = widgets.VBox(
            [
                widgets.HTML("<b>Record a session</b>"),
                self.held_on,
                self.notes,
                widgets.HBox([self.save_button, self.feedback]),
            ],
            layout=FULL,
        )
        super().__init__([self.table, form], layout=FULL)
        self.refresh()

    def refresh(self) -> None:
        frame = views.sessions(self.workspace, self.participant_id)
        self.table.show(frame)
        self.count = len(frame)

    def save(self) -> None:
        """Store the typed notes as a session on the chosen date."""
        if not self.notes.value.strip() or self.held_on.value is None:
            self.feedback.value = '<span class="tk-muted">Write a date and some notes first.</span>'
            return
        views.add_session(
            self.workspace,
            self.held_on.value,
            self.notes.value,
            participant_id=self.participant_id,
        )
        self.notes.value = ""
        self.refresh()
        self.feedback.value = '<span class="tk-muted">Saved.</span>'
