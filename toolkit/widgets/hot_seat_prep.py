"""A member's prep for their coming hot seats, on their personal page: the issue, what
they tried, what they ask of the group. Bound to the member the page's link resolved to
(:class:`toolkit.store.meetings.MemberMeetings`), so it can show and save no one else's
seat."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import ipywidgets as widgets
import pandas as pd

from toolkit.store.meetings import PREP_FIELDS, MemberMeetings
from toolkit.widgets.guard import Guard
from toolkit.widgets.layouts import FULL

#: The prep questions, as the member's form and the facilitator's panel word them.
PREP_LABELS = {"issue": "The issue", "tried": "What I tried", "ask": "My ask"}
#: What each box suggests writing.
PREP_HINTS = {
    "issue": "The one problem you want the group's help with, in two or three sentences",
    "tried": "What you have done about it so far, and what happened",
    "ask": "What you want from the group: ideas, a decision, contacts, a reality check",
}


class SeatPrep(widgets.VBox):
    """The prep form of one hot seat (a row of :meth:`MemberMeetings.upcoming`) with a
    Save button that says when it saved. ``now`` gives the time shown."""

    def __init__(
        self,
        member: MemberMeetings,
        seat: pd.Series,
        guard: Guard,
        now: Callable[[], dt.datetime] = dt.datetime.now,
    ) -> None:
        self.member = member
        self.meeting_id = seat["meeting_id"]
        self.now = now
        self.boxes = {
            name: widgets.Textarea(
                value=seat[name] if isinstance(seat[name], str) else "",
                placeholder=PREP_HINTS[name],
                rows=3,
                layout=FULL,
            )
            for name in PREP_FIELDS
        }
        save = widgets.Button(description="Save my prep", icon="save", button_style="primary")
        save.on_click(guard("saving your prep")(lambda _b: self.save()))
        self.status = widgets.HTML()
        row = widgets.HBox([save, self.status], layout=FULL)
        row.add_class("tk-row")
        fields = [
            widget
            for name, box in self.boxes.items()
            for widget in (widgets.HTML(f"<b>{PREP_LABELS[name]}</b>"), box)
        ]
        heading = f"<h4>Your hot seat on {seat['held_on']:%A %-d %B %Y}</h4>"
        super().__init__([widgets.HTML(heading), *fields, row], layout=FULL)
        self.add_class("tk-prep")

    def save(self) -> None:
        """Store the three answers for this hot seat."""
        texts = [self.boxes[name].value for name in PREP_FIELDS]
        self.member.save_prep(self.meeting_id, *texts)
        self.status.value = f'<span class="tk-muted">Saved {self.now():%H:%M}.</span>'


def hot_seat_prep(member: MemberMeetings, today: dt.date, guard: Guard) -> list[SeatPrep]:
    """A prep form per hot seat the member has at a meeting on or after ``today``."""
    upcoming = member.upcoming(today)
    return [SeatPrep(member, seat, guard) for _, seat in upcoming.iterrows()]
