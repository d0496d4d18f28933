"""Hot-seat rotation for the next mastermind meetings.

The rule is simple and visible: members who never had the hot seat go first (by name),
then whoever had it longest ago. Meetings repeat monthly on the same weekday of the
month as the last one (the second Thursday stays the second Thursday).
"""

from __future__ import annotations

import datetime as dt

import ipywidgets as widgets
import pandas as pd
import traitlets

from toolkit.widgets.frame_table import FrameTable
from toolkit.widgets.layouts import FULL

MAX_NTH = 4


def next_meetings(last: dt.date | None, today: dt.date, count: int = 3) -> list[dt.date]:
    """The next ``count`` monthly meeting days after ``today``, on the same n-th weekday
    of the month as ``last`` (or as ``today`` when there was no meeting yet).

    >>> next_meetings(dt.date(2026, 10, 8), dt.date(2026, 10, 31), 2)
    [datetime.date(2026, 11, 12), datetime.date(2026, 12, 10)]
    """
    anchor = last or today
    nth = min((anchor.day - 1) // 7 + 1, MAX_NTH)
    weekday = anchor.weekday()
    days: list[dt.date] = []
    year, month = today.year, today.month
    while len(days) < count:
        first = dt.date(year, month, 1)
        day = first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
        if day > today:
            days.append(day)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return days


def rotation(people: pd.DataFrame, history: pd.DataFrame, meetings: list[dt.date]) -> pd.DataFrame:
    """Who takes the hot seat at each of ``meetings``.

    ``people``: participant_id, display_name; ``history``: held_on, participant_id of past
    hot seats. Order: never had it (by name), then the longest ago first; wraps around
    when there are more meetings than members. Columns held_on, display_name, last_time.
    """
    last = history.groupby("participant_id")["held_on"].max()
    order = people.assign(last_time=people["participant_id"].map(last)).sort_values(
        ["last_time", "display_name"], na_position="first", kind="stable"
    )
    if order.empty:
        return pd.DataFrame(columns=["held_on", "display_name", "last_time"])
    picks = order.iloc[[i % len(order) for i in range(len(meetings))]]
    return picks.assign(held_on=pd.to_datetime(meetings))[
        ["held_on", "display_name", "last_time"]
    ].reset_index(drop=True)


class HotSeatPlan(widgets.VBox):
    """The rotation table for the next ``count`` meetings; ``plan`` holds it as records."""

    plan = traitlets.List()

    def __init__(
        self,
        people: pd.DataFrame,
        history: pd.DataFrame,
        last_meeting: dt.date | None,
        today: dt.date,
        count: int = 3,
    ) -> None:
        frame = rotation(people, history, next_meetings(last_meeting, today, count))
        table = FrameTable(
            {"held_on": "Meeting", "display_name": "Hot seat", "last_time": "Last time"},
            empty="No members in this group yet.",
        )
        table.show(frame)
        self.plan = frame.to_dict("records")
        super().__init__([table], layout=FULL)
