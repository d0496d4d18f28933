"""The actions members took on in a meeting, ready to hand out: a CSV of all of them,
and per member a ``mailto:`` link with their actions and a calendar file of the due
dates (no mail server needed; see :mod:`toolkit.reminders`)."""

from __future__ import annotations

from html import escape

import ipywidgets as widgets
import pandas as pd
import traitlets

from toolkit.calendar import calendar_file
from toolkit.reminders import commitment_events, commitments_mail
from toolkit.store import Workspace, meetings
from toolkit.widgets.download import download_link, mail_link
from toolkit.widgets.frame_table import FrameTable
from toolkit.widgets.layouts import FULL

#: The CSV's columns and headings, in order.
CSV_COLUMNS = {"display_name": "Member", "text": "Action", "due_on": "Due", "status": "Status"}


def actions_csv(frame: pd.DataFrame) -> str:
    """The meeting's actions (:func:`toolkit.store.meetings.actions`) as CSV text: one
    line per action, due dates as ISO days."""
    table = frame[list(CSV_COLUMNS)].rename(columns=CSV_COLUMNS)
    return table.to_csv(index=False, date_format="%Y-%m-%d", lineterminator="\n")


def member_links(frame: pd.DataFrame, *, meeting_id: str, coach: str) -> str:
    """HTML: per member with actions, a mail link and a calendar file of their due dates."""
    lines = []
    for name, own in frame.groupby("display_name", sort=True):
        mail = mail_link(commitments_mail(own, member=name, coach=coach), f"Mail {name}")
        events = commitment_events(own, coach=coach)
        ics = (
            download_link(
                f"{meeting_id}-{own['participant_id'].iloc[0]}.ics",
                calendar_file(events, name=f"Actions of {name}"),
                "text/calendar",
                "Due dates (.ics)",
            )
            if events
            else ""
        )
        lines.append(f'<div class="tk-row"><span>{escape(name)}</span> {mail} {ics}</div>')
    return "".join(lines)


class MeetingActions(widgets.VBox):
    """The meeting's actions as a table with the downloads; :meth:`refresh` after an
    action is added. ``count`` is the number of actions shown."""

    count = traitlets.Int(0)

    def __init__(self, workspace: Workspace, meeting_id: str, coach: str) -> None:
        self.workspace = workspace
        self.meeting_id = meeting_id
        self.coach = coach
        self.table = FrameTable(
            {"display_name": "Member", "text": "Action", "due_on": "Due"},
            empty="No action recorded at this meeting yet.",
        )
        self.links = widgets.HTML(layout=FULL)
        super().__init__([self.table, self.links], layout=FULL)
        self.refresh()

    def refresh(self) -> None:
        frame = meetings.actions(self.workspace, self.meeting_id)
        self.table.show(frame)
        self.count = len(frame)
        if frame.empty:
            self.links.value = ""
            return
        csv = download_link(
            f"{self.meeting_id}-actions.csv", actions_csv(frame), "text/csv", "All actions (.csv)"
        )
        self.links.value = f'<div class="tk-row">{csv}</div>' + member_links(
            frame, meeting_id=self.meeting_id, coach=self.coach
        )
