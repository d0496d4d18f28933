"""The facilitator's notes of a group meeting, kept on the meeting's own record."""

from __future__ import annotations

import datetime as dt

import ipywidgets as widgets

from toolkit.store import Workspace, meetings
from toolkit.widgets.guard import Guard
from toolkit.widgets.layouts import CHOICE, FULL


class MeetingNotes(widgets.VBox):
    """A choice of the group's meetings (newest first), the chosen meeting's notes to
    edit and a button saving them (:func:`toolkit.store.meetings.save_notes`)."""

    def __init__(self, workspace: Workspace, group_id: str, guard: Guard) -> None:
        self.workspace = workspace
        self.group_id = group_id
        self.meeting = widgets.Dropdown(
            description="Meeting", style={"description_width": "initial"}, layout=CHOICE
        )
        self.notes = widgets.Textarea(
            placeholder="What was discussed, what was decided", rows=6, layout=FULL
        )
        save = widgets.Button(description="Save notes", icon="save")
        save.on_click(guard("saving the meeting notes")(lambda _b: self.save()))
        self.feedback = widgets.HTML()
        self.meeting.observe(guard("opening the meeting's notes")(lambda _c: self.load()), "value")
        row = widgets.HBox([save, self.feedback], layout=FULL)
        row.add_class("tk-row")
        super().__init__([self.meeting, self.notes, row], layout=FULL)
        self.refresh()

    def refresh(self) -> None:
        """List the group's meetings again (a meeting started since shows up) and keep the
        choice, or choose the newest."""
        held = meetings.meetings(self.workspace, self.group_id)
        kept = self.meeting.value
        self.meeting.options = [
            (f"{row.held_on:%a %-d %b %Y}", row.meeting_id) for row in held.itertuples()
        ]
        ids = held["meeting_id"].tolist()
        self.meeting.value = kept if kept in ids else (ids[0] if ids else None)
        self.load()

    def load(self) -> None:
        """Show the chosen meeting's stored notes."""
        held = meetings.meetings(self.workspace, self.group_id).set_index("meeting_id")
        stored = held["notes"].get(self.meeting.value) if self.meeting.value else None
        self.notes.value = stored if isinstance(stored, str) else ""
        self.notes.disabled = self.meeting.value is None
        self.feedback.value = (
            "" if self.meeting.value else '<span class="tk-muted">No meeting recorded yet.</span>'
        )

    def save(self) -> None:
        """Store the typed notes on the chosen meeting."""
        if self.meeting.value is None:
            return
        meetings.save_notes(self.workspace, self.meeting.value, self.notes.value)
        now = dt.datetime.now()
        self.feedback.value = f'<span class="tk-muted">Saved {now:%H:%M}.</span>'
