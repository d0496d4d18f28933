"""The commitments round of a mastermind meeting: each attending member's open
commitments with a check-in (done, in progress, dropped), and a form for the actions
members take on in the meeting. Everything is stored as it is entered."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from html import escape

import ipywidgets as widgets
import pandas as pd
import traitlets

from toolkit.store import Workspace, coaching, meetings, views
from toolkit.widgets.guard import Guard
from toolkit.widgets.layouts import CHOICE, FULL

#: The check-in choices of the round: the status stored and how the round words it.
CHECKIN_CHOICES = {"done": "Done", "open": "In progress", "dropped": "Dropped"}
#: A new action is due this many days after the meeting unless changed (the next one).
ACTION_DAYS = 28


def open_commitments(workspace: Workspace, group_id: str, present: Sequence[str]) -> pd.DataFrame:
    """The open commitments of the members in ``present``, by member then due date."""
    frame = views.group_commitments(workspace, group_id)
    frame = frame[frame["status"].eq("open") & frame["participant_id"].isin(list(present))]
    return frame.sort_values(["display_name", "due_on", "commitment_id"]).reset_index(drop=True)


def _due(value: object) -> str:
    """A commitment's due date as the round shows it ('due 1 Nov 2026' or 'no due date')."""
    return f"due {pd.Timestamp(value):%-d %b %Y}" if pd.notna(value) else "no due date"


class CommitmentsRound(widgets.VBox):
    """Check-ins on the attendees' open commitments and a form adding an action.

    Call :meth:`show` with the participant ids present (the roll call). ``checked``
    counts the check-ins saved here; ``on_added`` runs after an action is stored.
    """

    checked = traitlets.Int(0)

    def __init__(
        self,
        workspace: Workspace,
        group_id: str,
        meeting_id: str,
        held_on: dt.date,
        guard: Guard,
        on_added: Callable[[], None] = lambda: None,
    ) -> None:
        self.workspace = workspace
        self.group_id = group_id
        self.meeting_id = meeting_id
        self.guard = guard
        self.on_added = on_added
        self.rows = widgets.VBox(layout=FULL)
        people = views.members(workspace, group_id)
        self.member = widgets.Dropdown(
            options=list(zip(people["display_name"], people["participant_id"], strict=True)),
            description="Member",
            style={"description_width": "initial"},
            layout=CHOICE,
        )
        self.text = widgets.Textarea(
            placeholder="The action, as the member words it", rows=2, layout=FULL
        )
        self.due = widgets.DatePicker(
            description="Due",
            value=held_on + dt.timedelta(days=ACTION_DAYS),
            style={"description_width": "initial"},
        )
        add = widgets.Button(description="Add action", icon="plus")
        add.on_click(guard("adding the action")(lambda _b: self.add()))
        self.added = widgets.HTML()
        buttons = widgets.HBox([add, self.added], layout=FULL)
        buttons.add_class("tk-row")
        form = widgets.VBox(
            [widgets.HTML("<b>New action</b>"), self.member, self.text, self.due, buttons],
            layout=FULL,
        )
        super().__init__([self.rows, form], layout=FULL)

    def show(self, present: Sequence[str]) -> None:
        """List the open commitments of the members ``present``, each with a check-in."""
        frame = open_commitments(self.workspace, self.group_id, present)
        self.rows.children = [self._row(row) for _, row in frame.iterrows()] or [
            widgets.HTML('<p class="tk-muted">No open commitment among the members present.</p>')
        ]

    def _row(self, row: pd.Series) -> widgets.Widget:
        text = (
            f"<b>{escape(row['display_name'])}</b>: {escape(row['text'])} "
            f'<span class="tk-muted">({_due(row["due_on"])})</span>'
        )
        status = widgets.ToggleButtons(
            options=[(label, key) for key, label in CHECKIN_CHOICES.items()],
            value=None,
            style={"button_width": "auto"},
        )
        saved = widgets.HTML()

        def check_in(change: dict) -> None:
            coaching.checkin(
                self.workspace,
                int(row["commitment_id"]),
                change["new"],
                note="Checked in at the mastermind meeting",
            )
            saved.value = (
                f'<span class="tk-muted">Checked in: {CHECKIN_CHOICES[change["new"]]}.</span>'
            )
            self.checked += 1

        status.observe(self.guard(f"checking in on {row['text']!r}")(check_in), "value")
        box = widgets.VBox([widgets.HTML(text, layout=FULL), status, saved], layout=FULL)
        box.add_class("tk-checkin")
        return box

    def add(self) -> None:
        """Store the typed action for the chosen member; the form is cleared after."""
        if not self.text.value.strip() or self.member.value is None:
            self.added.value = '<span class="tk-muted">Choose a member and write the action.</span>'
            return
        meetings.add_action(
            self.workspace, self.meeting_id, self.member.value, self.text.value, self.due.value
        )
        self.added.value = (
            f'<span class="tk-muted">Action added for {escape(self.member.label)}.</span>'
        )
        self.text.value = ""
        self.on_added()
