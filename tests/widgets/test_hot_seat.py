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


HISTORY = pd.DataFrame(
    {
        "participant_id": ["a", "c", "a"],
        "held_on": pd.to_datetime(["2026-08-01", "2026-09-01", "2026-10-01"]),
    }
)
MEETINGS = [dt.date(2026, 11, 1), dt.date(2026, 12, 1), dt.date(2027, 1, 1)]


def seated(plan: pd.DataFrame) -> list[list[str]]:
    """The names at each meeting of a plan, in seat order."""
    return [group["display_name"].tolist() for _, group in plan.groupby("held_on")]


def test_two_seats_per_meeting_newcomers_first_then_the_longest_ago_and_wrapping():
    # queue: Bob (never), Cat (1 Sep), Ann (1 Oct); two seats a meeting walk it round
    plan = rotation(PEOPLE, HISTORY, MEETINGS)
    assert seated(plan) == [["Bob", "Cat"], ["Ann", "Bob"], ["Cat", "Ann"]]
    assert plan["seat"].tolist() == [1, 2, 1, 2, 1, 2]
    assert plan["held_on"].dt.date.tolist() == [day for day in MEETINGS for _ in (1, 2)]
    assert plan["participant_id"].tolist()[:2] == ["b", "c"]


def test_three_seats_seat_the_whole_group_of_three_each_meeting():
    plan = rotation(PEOPLE, HISTORY, MEETINGS[:2], seats=3)
    assert seated(plan) == [["Bob", "Cat", "Ann"], ["Bob", "Cat", "Ann"]]


def test_a_group_smaller_than_the_seats_never_seats_anyone_twice():
    plan = rotation(PEOPLE.head(2), HISTORY, MEETINGS[:1], seats=3)
    assert seated(plan) == [["Bob", "Ann"]]


def test_an_empty_group_has_no_plan():
    assert rotation(PEOPLE.head(0), HISTORY, MEETINGS).empty


def test_plan_widget_lists_two_seats_at_each_of_the_next_meetings():
    history = pd.DataFrame({"participant_id": [], "held_on": pd.to_datetime([])})
    plan = HotSeatPlan(PEOPLE, history, dt.date(2026, 10, 8), dt.date(2026, 10, 31), count=2)
    assert [row["display_name"] for row in plan.plan] == ["Ann", "Bob", "Cat", "Ann"]
    assert [row["held_on"].date() for row in plan.plan] == [dt.date(2026, 11, 12)] * 2 + [
        dt.date(2026, 12, 10)
    ] * 2


def test_seats_given_ahead_are_kept_and_count_as_had_for_the_meetings_after():
    # Cat and Bob were given the 1 November seats ahead; the queue for 1 December is then
    # Ann (1 Oct), Bob (1 Nov), Cat (1 Nov)
    given = pd.DataFrame(
        {"participant_id": ["c", "b"], "held_on": pd.to_datetime(["2026-11-01"] * 2)}
    )
    plan = rotation(PEOPLE, pd.concat([HISTORY, given]), MEETINGS[:2])
    assert seated(plan) == [["Cat", "Bob"], ["Ann", "Bob"]]
    assert plan["seat"].tolist() == [1, 2, 1, 2]
    # the last time before each meeting: Cat 1 Sep, Bob never; then Ann 1 Oct, Bob 1 Nov
    assert plan["last_time"].astype("string").fillna("never").tolist() == [
        "2026-09-01",
        "never",
        "2026-10-01",
        "2026-11-01",
    ]
