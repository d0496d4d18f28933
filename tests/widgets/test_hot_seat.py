"""Hot-seat rotation: never-had-it first, then longest ago; monthly on the same weekday."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from toolkit.widgets.hot_seat import HotSeatPlan, next_meetings, rotation

PEOPLE = pd.DataFrame({"participant_id": ["a", "b", "c"], "display_name": ["Ann", "Bob", "Cat"]})


@pytest.mark.parametrize(
    ("last", "today", "expected"),
    [
        # second Thursday stays the second Thursday
        (
            dt.date(2026, 10, 8),
            dt.date(2026, 10, 31),
            [dt.date(2026, 11, 12), dt.date(2026, 12, 10)],
        ),
        # this month's meeting is still ahead
        (dt.date(2026, 9, 10), dt.date(2026, 10, 1), [dt.date(2026, 10, 8), dt.date(2026, 11, 12)]),
        # no meeting yet: today's weekday and week of the month (1st Monday), across a year
        (None, dt.date(2026, 12, 7), [dt.date(2027, 1, 4), dt.date(2027, 2, 1)]),
    ],
)
def test_next_meetings(last, today, expected):
    assert next_meetings(last, today, 2) == expected


def test_rotation_puts_newcomers_first_then_the_longest_ago_and_wraps():
    history = pd.DataFrame(
        {
            "participant_id": ["a", "c", "a"],
            "held_on": pd.to_datetime(["2026-08-01", "2026-09-01", "2026-10-01"]),
        }
    )
    meetings = [
        dt.date(2026, 11, 1),
        dt.date(2026, 12, 1),
        dt.date(2027, 1, 1),
        dt.date(2027, 2, 1),
    ]
    plan = rotation(PEOPLE, history, meetings)
    assert plan["display_name"].tolist() == ["Bob", "Cat", "Ann", "Bob"]
    assert plan["held_on"].dt.date.tolist() == meetings


def test_plan_widget_lists_the_next_meetings():
    history = pd.DataFrame({"participant_id": [], "held_on": pd.to_datetime([])})
    plan = HotSeatPlan(PEOPLE, history, dt.date(2026, 10, 8), dt.date(2026, 10, 31), count=2)
    assert [row["display_name"] for row in plan.plan] == ["Ann", "Bob"]
