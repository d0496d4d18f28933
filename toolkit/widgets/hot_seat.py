"""Hot-seat rotation for the next mastermind meetings.

The rule is simple and visible: members who never had a hot seat go first (by name),
then whoever had one longest ago; each meeting has two or three hot seats
(:data:`toolkit.store.meetings.FEWEST_HOT_SEATS` by default). Meetings repeat monthly on
the same weekday of the month as the last one (the second Thursday stays the second
Thursday).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import ipywidgets as widgets
import pandas as pd
import traitlets

from toolkit.store.meetings import FEWEST_HOT_SEATS
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


#: The columns of :func:`rotation`.
PLAN_COLUMNS = ["held_on", "seat", "participant_id", "display_name", "last_time"]


def rotation(
    people: pd.DataFrame,
    history: pd.DataFrame,
    meetings: list[dt.date],
    seats: int = FEWEST_HOT_SEATS,
) -> pd.DataFrame:
    """Who takes the ``seats`` hot seats at each of ``meetings``.

    ``people``: participant_id, display_name; ``history``: held_on, participant_id of the
    hot seats given so far, each meeting's in seat order. A meeting among ``meetings``
    whose hot seats are given already (ahead of the day) keeps them. The others are
    filled from a queue: never had one (by name), then the longest ago first, seats given
    ahead counting as had; the queue wraps around when the meetings need more seats than
    there are members, and a meeting never seats a member twice (a group smaller than
    ``seats`` fills what it can). One row per seat, columns :data:`PLAN_COLUMNS` (``seat``
    counts from 1; ``last_time`` is the member's latest hot seat before that meeting).
    """
    days = pd.to_datetime(pd.Series(meetings, dtype="object"))
    given = history.loc[history["held_on"].isin(days), ["held_on", "participant_id"]]
    given = given.merge(people[["participant_id", "display_name"]], on="participant_id")
    last = history.groupby("participant_id")["held_on"].max()
    order = people.assign(last_time=people["participant_id"].map(last)).sort_values(
        ["last_time", "display_name"], na_position="first", kind="stable"
    )
    per_meeting = min(seats, len(order))
    open_days = [day for day in days if day not in set(given["held_on"])]
    rows = [
        {"held_on": day, "seat": seat + 1}
        | order.iloc[(number * per_meeting + seat) % len(order)].to_dict()
        for number, day in enumerate(open_days)
        for seat in range(per_meeting)
    ]
    for day, seated in given.groupby("held_on", sort=False):
        for seat, row in enumerate(seated.itertuples(), start=1):
            before = history[(history["participant_id"] == row.participant_id)]
            before = before.loc[before["held_on"] < day, "held_on"]
            rows.append(
                {
                    "held_on": day,
                    "seat": seat,
                    "participant_id": row.participant_id,
                    "display_name": row.display_name,
                    "last_time": before.max() if len(before) else pd.NaT,
                }
            )
    frame = pd.DataFrame(rows, columns=PLAN_COLUMNS)
    return frame.sort_values(["held_on", "seat"], kind="stable").reset_index(drop=True)


class HotSeatPlan(widgets.VBox):
    """The rotation table for the next ``count`` meetings of ``seats`` hot seats each;
    ``plan`` holds it as records (one per seat)."""

    plan: traitlets.List[dict[str, Any]] = traitlets.List()

    def __init__(
        self,
        people: pd.DataFrame,
        history: pd.DataFrame,
        last_meeting: dt.date | None,
        today: dt.date,
        count: int = 3,
        seats: int = FEWEST_HOT_SEATS,
    ) -> None:
        frame = rotation(people, history, next_meetings(last_meeting, today, count), seats)
        table = FrameTable(
            {
                "held_on": "Meeting",
                "seat": "Seat",
                "display_name": "Hot seat",
                "last_time": "Last time",
            },
            empty="No members in this group yet.",
        )
        table.show(frame)
        self.plan = frame.to_dict("records")
        super().__init__([table], layout=FULL)
