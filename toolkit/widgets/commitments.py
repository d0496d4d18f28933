"""Commitments of one participant: the list with the latest check-in, a check-in form and
a form to add a commitment. Every action is written to the workspace at once."""

from __future__ import annotations

import datetime as dt

import ipywidgets as widgets
import pandas as pd
import traitlets

from toolkit.store import Workspace, coaching, views
from toolkit.widgets.frame_table import FrameTable
from toolkit.widgets.layouts import FULL

STATUS_LABELS = {"open": "still open", "done": "done", "dropped": "dropped"}
COLUMNS = {
    "text": "Commitment",
    "due_on": "Due",
    "state": "Status",
    "last_checkin": "Last check-in",
    "last_note": "Note",
}


def _choice_label(row: pd.Series) -> str:
    due = f" (due {row['due_on']:%-d %b})" if pd.notna(row["due_on"]) else ""
    text = row["text"] if len(row["text"]) <= 60 else row["text"][:57] + "..."
    return f"{text}{due}"


class CommitmentsPanel(widgets.VBox):
    """List, check in on and add commitments for ``participant_id``.

    ``count`` and ``open_count`` follow the stored commitments; ``message`` is the last
    confirmation shown to the user.
    """

    participant_id = traitlets.Unicode()
    count = traitlets.Int(0)
    open_count = traitlets.Int(0)
    message = traitlets.Unicode("")

    def __init__(self, workspace: Workspace, participant_id: str, today: dt.date) -> None:
        self.workspace = workspace
        self.today = today
        # a phone shows what and when; the latest check-in's date and note need the width
        self.table = FrameTable(
            COLUMNS,
            empty="No commitments yet: add the first one below.",
            optional=("last_checkin", "last_note"),
        )
        self.choice = widgets.Dropdown(description="Commitment", layout=FULL)
        self.status = widgets.ToggleButtons(
            options=[(label, key) for key, label in STATUS_LABELS.items()],
            value="open",
            style={"button_width": "auto"},
        )
        self.note = widgets.Text(placeholder="What happened? (optional)", layout=FULL)
        self.checkin_button = widgets.Button(
            description="Save check-in", icon="check", button_style="primary"
        )
        self.checkin_button.on_click(lambda _b: self.check_in())
        self.new_text = widgets.Textarea(
            placeholder="I will ... (something you can finish and tick off)",
            rows=2,
            layout=FULL,
        )
        self.new_due = widgets.DatePicker(
            description="Due", value=today + dt.timedelta(days=28), layout=widgets.Layout()
        )
        self.add_button = widgets.Button(description="Add commitment", icon="plus")
        self.add_button.on_click(lambda _b: self.add())
        self.feedback = widgets.HTML(layout=FULL)
        checkin_box = widgets.VBox(
            [
                widgets.HTML("<b>Check in on a commitment</b>"),
                self.choice,
                self.status,
                self.note,
                self.checkin_button,
            ],
            layout=FULL,
        )
        add_box = widgets.VBox(
            [
                widgets.HTML("<b>Add a commitment</b>"),
                self.new_text,
                widgets.HBox(
                    [self.new_due, self.add_button],
                    layout=widgets.Layout(width="100%", flex_flow="row wrap"),
                ),
            ],
            layout=FULL,
        )
        super().__init__([self.table, checkin_box, add_box, self.feedback], layout=FULL)
        self.participant_id = participant_id

    @traitlets.observe("participant_id")
    def _participant_changed(self, _change: dict) -> None:
        self.refresh()

    def refresh(self) -> None:
        """Reload the commitments from the workspace."""
        frame = views.commitments_with_checkins(self.workspace, self.participant_id)
        overdue = frame["status"].eq("open") & (frame["due_on"] < pd.Timestamp(self.today))
        frame = frame.assign(
            state=frame["status"].map(STATUS_LABELS).where(~overdue, "overdue"),
        )
        self.table.show(frame)
        self.choice.options = [
            (_choice_label(row), int(row["commitment_id"])) for _, row in frame.iterrows()
        ]
        self.count = len(frame)
        self.open_count = int(frame["status"].eq("open").sum())

    def _say(self, text: str) -> None:
        self.message = text
        self.feedback.value = f'<span class="tk-muted">{text}</span>'

    def check_in(self) -> None:
        """Store a check-in on the chosen commitment with the chosen status and note."""
        if self.choice.value is None:
            self._say("Pick a commitment first.")
            return
        coaching.checkin(
            self.workspace, self.choice.value, self.status.value, self.note.value.strip() or None
        )
        self.note.value = ""
        self.refresh()
        self._say("Check-in saved.")

    def add(self) -> None:
        """Store the typed commitment as a new open one."""
        text = self.new_text.value.strip()
        if not text:
            self._say("Write the commitment first.")
            return
        coaching.add_commitment(self.workspace, self.participant_id, text, self.new_due.value)
        self.new_text.value = ""
        self.refresh()
        self._say("Commitment added.")
