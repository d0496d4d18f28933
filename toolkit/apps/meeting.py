"""The facilitator's Meeting tab: run one mastermind meeting from start to end.

Choose the meeting (the next planned day, today or one held already) and start it, which
creates its record once; then the roll call, the agenda with its timer, the hot seats
with the members' prep, the commitments round and the actions to hand out. Every entry
is stored as it is made, so a reload or a second device picks up where the room is.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable

import ipywidgets as widgets
import pandas as pd

from toolkit.apps.errors import guarded
from toolkit.apps.page import card
from toolkit.store import Workspace, meetings, views
from toolkit.widgets.agenda_timer import AgendaTimer, clock_state
from toolkit.widgets.commitments_round import CommitmentsRound
from toolkit.widgets.hot_seat import next_meetings, rotation
from toolkit.widgets.hot_seats_panel import HotSeatsPanel
from toolkit.widgets.layouts import CHOICE, FULL
from toolkit.widgets.meeting_actions import MeetingActions
from toolkit.widgets.meeting_roll_call import RollCall

#: The workspace setting keeping a meeting's clock (running segment and its start), so a
#: reload or a second device shows the same time: ``meeting_clock:<meeting id>``.
CLOCK_SETTING = "meeting_clock:"


def meeting_days(
    held: list[dt.date], today: dt.date, planned: dt.date
) -> list[tuple[str, dt.date]]:
    """The meetings a facilitator can run or reopen: the next planned day, today (unless
    it is one of the others), then the days held, newest first; labelled for a dropdown."""
    choices = [(f"Next planned: {planned:%a %-d %b %Y}", planned)]
    if today != planned and today not in held:
        choices.append((f"Today: {today:%a %-d %b %Y}", today))
    choices += [
        (f"{day:%a %-d %b %Y}", day) for day in sorted(held, reverse=True) if day != planned
    ]
    return choices


def coach_name(workspace: Workspace, group_id: str) -> str:
    """Who signs the group's reminders: the group's coach, or 'Your facilitator'."""
    people = workspace.table("participants")
    coaches = people[(people["role"] == "coach") & (people["group_id"] == group_id)]
    return coaches["display_name"].iloc[0] if len(coaches) else "Your facilitator"


class MeetingRun(widgets.VBox):
    """The meeting chooser and, once started, the meeting's sections.

    ``meeting_id`` is the running meeting's id (None before the start). ``tell`` shows
    a failure in the page.
    """

    def __init__(
        self, workspace: Workspace, group_id: str, today: dt.date, tell: Callable[[str], None]
    ) -> None:
        self.workspace = workspace
        self.group_id = group_id
        self.today = today
        self.guard = functools.partial(guarded, tell)
        self.meeting_id: str | None = None
        self.timer: AgendaTimer | None = None
        held = [day.date() for day in meetings.meetings(workspace, group_id)["held_on"]]
        (planned,) = next_meetings(max(held, default=None), today, 1)
        self.day = widgets.Dropdown(
            options=meeting_days(held, today, planned),
            description="Meeting",
            style={"description_width": "initial"},
            layout=CHOICE,
        )
        start = widgets.Button(description="Start the meeting", icon="play", button_style="primary")
        start.on_click(self.guard("starting the meeting")(lambda _b: self.start()))
        self.sections = widgets.VBox(layout=FULL)
        super().__init__([self.day, start, self.sections], layout=FULL)

    def start(self) -> None:
        """Create the chosen day's meeting (once) and show its sections."""
        day = self.day.value
        self.meeting_id = meetings.create_meeting(self.workspace, self.group_id, day)
        ws, meeting_id, guard = self.workspace, self.meeting_id, self.guard
        roll = RollCall(ws, meeting_id, guard)
        key = f"{CLOCK_SETTING}{meeting_id}"
        self.timer = AgendaTimer(
            meetings.agenda(ws, meeting_id),
            state=clock_state(ws.setting(key)),
            on_advance=guard("keeping the clock")(
                lambda current, started_at: ws.set_setting(key, f"{current} {started_at}")
            ),
        )
        seats = HotSeatsPanel(ws, meeting_id, self.planned_seats(day), guard)
        actions = MeetingActions(ws, meeting_id, coach_name(ws, self.group_id))
        round_ = CommitmentsRound(ws, self.group_id, meeting_id, day, guard, actions.refresh)
        round_.show(roll.present)
        roll.observe(guard("listing the commitments")(lambda c: round_.show(c["new"])), "present")
        self.sections.children = [
            card("Roll call", roll, intro="Tick who is here; each tick is saved at once."),
            card(
                "Agenda",
                self.timer,
                intro="Start the first segment; the clock turns red when a segment runs over.",
            ),
            card(
                "Hot seats",
                seats,
                intro="Two or three members, as the rotation suggests; their prep comes "
                "from their personal pages.",
            ),
            card(
                "Commitments round",
                round_,
                intro="Check in on the open commitments of those present, then note the "
                "actions each member takes on.",
            ),
            card("Actions to hand out", actions),
        ]

    def planned_seats(self, day: dt.date) -> list[str]:
        """The members the rotation seats at the meeting on ``day`` (hot seats held on
        that day itself not counted)."""
        history = meetings.hot_seat_history(self.workspace, self.group_id)
        history = history[history["held_on"] < pd.Timestamp(day)]
        people = views.members(self.workspace, self.group_id)
        return rotation(people, history, [day])["participant_id"].tolist()

    def shown(self) -> None:
        """Draw the clock again: a tab shown again restarts its animation."""
        if self.timer is not None:
            self.timer.refresh()
