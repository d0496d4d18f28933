"""The facilitator app: run a mastermind meeting from one screen.

The meeting itself (roll call, agenda timer, hot seats with the members' prep, the
commitments round and the actions to hand out; :mod:`toolkit.apps.meeting`), the
hot-seat rotation for the next meetings with the next meeting as a calendar file and a
mail, who attended the latest group meetings, commitments coming due, the group's figures
(only where at least three members contributed) and the meetings' notes. Safe to share on
screen: no member's score is shown.
"""

from __future__ import annotations

import datetime as dt
import functools

import ipywidgets as widgets
import pandas as pd

from toolkit.apps.app import App
from toolkit.apps.errors import guarded
from toolkit.apps.meeting import MeetingRun, coach_name
from toolkit.apps.page import LazyTabs, card, html, info
from toolkit.apps.progress_views import group_benchmark
from toolkit.exercises import Exercise
from toolkit.store import Workspace, meetings, views
from toolkit.widgets.chart import warm_up
from toolkit.widgets.frame_table import FrameTable
from toolkit.widgets.hot_seat import HotSeatPlan
from toolkit.widgets.layouts import CHOICE, FULL
from toolkit.widgets.meeting_notes import MeetingNotes
from toolkit.widgets.meeting_reminders import due_links, next_meeting_links

#: Commitments due within this many days (or overdue) are listed for the meeting.
DUE_WITHIN_DAYS = 45
#: The Attendance tab shows this many latest group meetings, a phone the last few.
SHOWN_MEETINGS = 6
PHONE_MEETINGS = 3
#: A cell of the attendance grid: a tick for attended, a dash for absent.
ATTENDED, ABSENT = "✓", "-"


class FacilitatorApp(App):
    """A group's meeting page. ``group.value`` is the group shown."""

    APP_NAME = "Mastermind meeting"
    COACH_ONLY = True

    def __init__(self, workspace: Workspace, exercises: dict[str, Exercise] | None = None) -> None:
        super().__init__(workspace, exercises)
        warm_up()  # charts on the first tab: plotly's validators ready before the visit
        groups = views.groups(workspace)
        self.group = widgets.Dropdown(
            options=[(row.name, row.group_id) for row in groups.itertuples()],
            value=None,
            description="Group",
            style={"description_width": "initial"},
            layout=CHOICE,
        )
        self.content = widgets.VBox(layout=FULL)
        self.group.observe(guarded(self.alert, "opening the group")(self._picked), "value")
        if groups.empty:
            self.set_header("Mastermind meeting", "No group yet")
            self.show(info("No mastermind group yet: add participants with --group first."))
            return
        # Boxed like ParticipantPicker, so the labelled dropdown never outgrows a phone.
        self.show(widgets.VBox([self.group], layout=FULL), self.content)
        self.group.value = groups["group_id"].iloc[0]

    @property
    def group_id(self) -> str:
        return self.group.value

    def _picked(self, change: dict) -> None:
        self.clear_alert()
        people = views.members(self.workspace, change["new"])
        self.set_header(
            self.group.label,
            f"{len(people)} members · figures as of {self.today:%-d %B %Y}",
        )
        self.meeting: MeetingRun | None = None
        self.tabs = LazyTabs(
            {
                "Meeting": self._meeting,
                "Next meetings": self._next_meetings,
                "Attendance": self._attendance,
                "Commitments due": self._commitments_due,
                "Group figures": self._figures,
                "Meeting notes": self._notes,
            },
            self.alert,
        )
        self.tabs.observe(self._tab_shown, "selected_index")
        self.content.children = [self.tabs]

    def _tab_shown(self, change: dict) -> None:
        if change["new"] == 0 and self.meeting is not None:
            self.meeting.shown()

    def _meeting(self) -> widgets.Widget:
        self.meeting = MeetingRun(self.workspace, self.group_id, self.today, self.alert)
        return self.meeting

    def _due(self) -> pd.DataFrame:
        """The group's open commitments overdue or due within :data:`DUE_WITHIN_DAYS`,
        with ``state`` 'overdue' or 'due soon'."""
        frame = views.group_commitments(self.workspace, self.group_id)
        horizon = pd.Timestamp(self.today + dt.timedelta(days=DUE_WITHIN_DAYS))
        due = frame[frame["status"].eq("open") & (frame["due_on"] <= horizon)]
        overdue = due["due_on"] < pd.Timestamp(self.today)
        return due.assign(state=overdue.map({True: "overdue", False: "due soon"}))

    def _next_meetings(self) -> widgets.Widget:
        history = meetings.hot_seat_history(self.workspace, self.group_id)
        held = meetings.meetings(self.workspace, self.group_id)
        last = held["held_on"].iloc[0].date() if len(held) else None
        plan = HotSeatPlan(views.members(self.workspace, self.group_id), history, last, self.today)
        first = plan.plan[0]["held_on"].date() if plan.plan else None
        links = (
            next_meeting_links(
                self.group_id,
                self.group.label,
                first,
                meetings.DEFAULT_AGENDA,
                [row["display_name"] for row in plan.plan if row["held_on"].date() == first],
                self._due(),
                coach_name(self.workspace, self.group_id),
            )
            if first
            else ""
        )
        return card(
            "Hot seats at the next meetings",
            plan,
            html(links),
            intro=f"{meetings.FEWEST_HOT_SEATS} hot seats a meeting: whoever never had one "
            "goes first, then whoever had one longest ago. Send the next meeting with its "
            "agenda and the commitments to check in on.",
        )

    def _attendance(self) -> widgets.Widget:
        grid = meetings.attendance_grid(self.workspace, self.group_id, last=SHOWN_MEETINGS)
        days = [c for c in grid.columns if c != "display_name"]
        table = FrameTable(
            {"display_name": "Member", **{day: day for day in days}},
            dict.fromkeys(days, lambda present: ATTENDED if present else ABSENT),
            empty="No members yet.",
            optional=days[:-PHONE_MEETINGS],
        )
        table.show(grid)
        intro = (
            f"A tick per meeting attended, for the last {SHOWN_MEETINGS} group meetings; a "
            f"dash means absent. A phone shows the last {PHONE_MEETINGS}."
            if days
            else "No group meeting recorded yet."
        )
        return card("Group meetings attended", table, intro=intro)

    def _commitments_due(self) -> widgets.Widget:
        due = self._due()
        table = FrameTable(
            {"display_name": "Member", "text": "Commitment", "due_on": "Due", "state": "Status"},
            empty="No open commitment is due in the coming weeks.",
            optional=["state"],  # a phone has the due date, and room for the text
        )
        table.show(due)
        coach = coach_name(self.workspace, self.group_id)
        return card(
            "Commitments to report on",
            table,
            html(due_links(due, self.group_id, coach)),
            intro=f"Open commitments that are overdue or due within {DUE_WITHIN_DAYS} days.",
        )

    def _figures(self) -> widgets.Widget:
        return group_benchmark(self.workspace, self.group_id, self.exercises, self.today)

    def _notes(self) -> widgets.Widget:
        return card(
            "Meeting notes",
            MeetingNotes(self.workspace, self.group_id, functools.partial(guarded, self.alert)),
            intro="Notes are kept with each meeting; a meeting started in the Meeting tab "
            "appears here.",
        )
