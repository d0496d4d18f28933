"""A member's hot-seat prep: only their own coming seats, saved with the time shown."""

from __future__ import annotations

import datetime as dt

from tests.widgets.mastermind import (
    HELD_ON,
    MEETING,
    failures_fixture,  # noqa: F401 (a fixture)
    group_fixture,  # noqa: F401 (a fixture)
    guard_fixture,  # noqa: F401 (a fixture)
)
from toolkit.store import meetings
from toolkit.store.meetings import MemberMeetings
from toolkit.widgets.hot_seat_prep import SeatPrep, hot_seat_prep

PREP = ("Margins fell", "Raised rates", "Retainer?")


def test_a_member_sees_only_their_own_coming_seat(group, guard):
    meetings.assign_hot_seats(group, MEETING, ["ana", "bo"])
    past = meetings.create_meeting(group, "tuesday", dt.date(2026, 10, 13))
    meetings.assign_hot_seats(group, past, ["ana", "cy"])
    forms = hot_seat_prep(MemberMeetings(group, "ana"), dt.date(2026, 11, 1), guard)
    assert [form.meeting_id for form in forms] == [MEETING]  # the past seat is not offered
    assert hot_seat_prep(MemberMeetings(group, "cy"), dt.date(2026, 11, 1), guard) == []


def test_the_prep_is_saved_and_says_when(group, guard, failures):
    meetings.assign_hot_seats(group, MEETING, ["ana", "bo"])
    (form,) = hot_seat_prep(MemberMeetings(group, "bo"), HELD_ON, guard)
    assert isinstance(form, SeatPrep)
    form.now = lambda: dt.datetime(2026, 11, 9, 18, 5)
    for box, text in zip(form.boxes.values(), PREP, strict=True):
        box.value = text
    form.save()
    seat = meetings.hot_seats(group, MEETING).set_index("participant_id").loc["bo"]
    assert (seat["issue"], seat["tried"], seat["ask"]) == (
        "Margins fell",
        "Raised rates",
        "Retainer?",
    )
    assert "Saved 18:05." in form.status.value
    (again,) = hot_seat_prep(MemberMeetings(group, "bo"), HELD_ON, guard)
    assert again.boxes["ask"].value == "Retainer?"  # a reload shows what was saved
    assert failures == []
