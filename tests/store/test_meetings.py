"""Mastermind meetings in the store, on a hand-made group of three members and a coach."""

from __future__ import annotations

import datetime as dt

import pytest

from toolkit.errors import ToolkitError
from toolkit.store import Workspace, coaching, meetings
from toolkit.store.meetings import MemberMeetings, Segment
from toolkit.store.participants import add_participant

OCTOBER = dt.date(2026, 10, 13)
SEPTEMBER = dt.date(2026, 9, 8)
#: display name (its first word, lowercased, is the id), role, group
PEOPLE = [
    ("Ana Works", "member", "tuesday"),
    ("Bo Builds", "member", "tuesday"),
    ("Cy Fixes", "member", "tuesday"),
    ("Dee Coach", "coach", "tuesday"),
    ("Zed Elsewhere", "member", "friday"),
]


@pytest.fixture
def group(tmp_path) -> Workspace:
    """Group 'tuesday': Ana, Bo, Cy and their coach Dee; Zed is in group 'friday'."""
    ws = Workspace.open(tmp_path)
    for name, role, group_id in PEOPLE:
        add_participant(ws, name, name.split()[0].lower(), role=role, group_id=group_id)
    yield ws
    ws.close()


@pytest.fixture
def october(group) -> str:
    """The October meeting, with Ana and Cy in the hot seats."""
    meeting_id = meetings.create_meeting(group, "tuesday", OCTOBER, title="October")
    meetings.assign_hot_seats(group, meeting_id, ["cy", "ana"])
    return meeting_id


def test_a_meeting_is_one_per_group_and_day_and_read_through_the_contract(group):
    first = meetings.create_meeting(group, "tuesday", OCTOBER, title="October", notes="Pricing")
    again = meetings.create_meeting(group, "tuesday", OCTOBER, title="Other title")
    meetings.create_meeting(group, "friday", OCTOBER)
    assert first == again == "tuesday-2026-10-13"
    table = group.table("meetings")
    assert table.columns[:3].tolist() == ["group_id", "meeting_id", "held_on"]
    assert table.set_index("meeting_id").loc[first, ["title", "notes"]].tolist() == [
        "October",
        "Pricing",
    ]
    assert group.table("attendance").columns[:2].tolist() == ["meeting_id", "participant_id"]


def test_meetings_of_a_group_newest_first_with_their_counts(group, october):
    september = meetings.create_meeting(group, "tuesday", SEPTEMBER)
    meetings.create_meeting(group, "friday", OCTOBER)
    for pid in ("ana", "bo", "cy"):
        meetings.mark_attendance(group, september, pid)
    meetings.mark_attendance(group, october, "ana")
    frame = meetings.meetings(group, "tuesday")
    assert frame[["meeting_id", "attendees", "hot_seats"]].values.tolist() == [
        [october, 1, 2],
        [september, 3, 0],
    ]


def test_unknown_group_or_meeting_is_refused(group):
    with pytest.raises(ToolkitError, match="no mastermind group 'monday'"):
        meetings.create_meeting(group, "monday", OCTOBER)
    with pytest.raises(ToolkitError, match="no meeting 'tuesday-1999-01-01'"):
        meetings.mark_attendance(group, "tuesday-1999-01-01", "ana")


def test_the_agenda_gives_each_segment_its_planned_start(group):
    meeting_id = meetings.create_meeting(
        group, "tuesday", OCTOBER, agenda=[Segment("Wins", 10), Segment("Hot seats", 45)]
    )
    frame = meetings.agenda(group, meeting_id)
    assert frame.values.tolist() == [["Wins", 10, 0], ["Hot seats", 45, 10]]
    default = meetings.agenda(group, meetings.create_meeting(group, "tuesday", SEPTEMBER))
    assert default["starts_after"].tolist() == [0, 15, 75]


@pytest.mark.parametrize("segment", [Segment(" ", 10), Segment("Wins", 0)])
def test_an_agenda_segment_needs_a_name_and_minutes(group, segment):
    with pytest.raises(ToolkitError, match="needs a name and at least one minute"):
        meetings.create_meeting(group, "tuesday", OCTOBER, agenda=[segment])
    assert group.table("meetings").empty


def test_attendance_is_idempotent_and_can_be_taken_back(group, october):
    meetings.mark_attendance(group, october, "bo")
    meetings.mark_attendance(group, october, "bo")
    meetings.mark_attendance(group, october, "cy")
    meetings.mark_attendance(group, october, "cy", present=False)
    meetings.mark_attendance(group, october, "cy", present=False)
    assert group.table("attendance").values.tolist() == [[october, "bo"]]
    roll = meetings.attendance(group, october)
    assert roll[["display_name", "present"]].values.tolist() == [
        ["Ana Works", False],
        ["Bo Builds", True],
        ["Cy Fixes", False],
    ]


@pytest.mark.parametrize("outsider", ["dee", "zed", "nobody"])
def test_only_members_of_the_group_attend(group, october, outsider):
    """The coach facilitates, Zed belongs to another group, 'nobody' does not exist."""
    with pytest.raises(ToolkitError, match="is not a member of the group 'tuesday'"):
        meetings.mark_attendance(group, october, outsider)


def test_the_attendance_grid_has_a_column_per_meeting_oldest_first(group, october):
    september = meetings.create_meeting(group, "tuesday", SEPTEMBER)
    meetings.create_meeting(group, "friday", dt.date(2026, 10, 16))
    meetings.mark_attendance(group, september, "ana")
    meetings.mark_attendance(group, september, "bo")
    meetings.mark_attendance(group, october, "bo")
    grid = meetings.attendance_grid(group, "tuesday")
    assert grid.columns.tolist() == ["display_name", "8 Sep 2026", "13 Oct 2026"]
    assert grid.values.tolist() == [
        ["Ana Works", True, False],
        ["Bo Builds", True, True],
        ["Cy Fixes", False, False],
    ]
    assert meetings.attendance_grid(group, "tuesday", last=1).columns.tolist() == [
        "display_name",
        "13 Oct 2026",
    ]


def test_hot_seats_keep_their_order_and_the_prep_of_members_who_stay(group, october):
    MemberMeetings(group, "ana").save_prep(october, "Price", "Discounts", "How to say no")
    meetings.assign_hot_seats(group, october, ["ana", "bo", "cy"])
    seats = meetings.hot_seats(group, october)
    assert seats[["position", "participant_id", "issue"]].values.tolist() == [
        [1, "ana", "Price"],
        [2, "bo", None],
        [3, "cy", None],
    ]
    meetings.assign_hot_seats(group, october, ["bo", "cy"])
    assert meetings.hot_seats(group, october)["participant_id"].tolist() == ["bo", "cy"]
    meetings.assign_hot_seats(group, october, ["ana", "bo"])
    assert meetings.hot_seats(group, october)["issue"].isna().all()


@pytest.mark.parametrize("chosen", [["ana"], ["ana", "bo", "cy", "ana"], ["ana", "ana"]])
def test_a_meeting_has_two_or_three_hot_seats_for_different_members(group, october, chosen):
    with pytest.raises(ToolkitError, match="2 or 3 hot seats, each for a different member"):
        meetings.assign_hot_seats(group, october, chosen)
    assert meetings.hot_seats(group, october)["participant_id"].tolist() == ["cy", "ana"]


def test_a_hot_seat_goes_to_a_member_of_the_group_only(group, october):
    with pytest.raises(ToolkitError, match="'zed' is not a member"):
        meetings.assign_hot_seats(group, october, ["ana", "zed"])
    assert meetings.hot_seats(group, october)["participant_id"].tolist() == ["cy", "ana"]


def test_a_member_writes_and_reads_their_own_prep_only(group, october):
    at = dt.datetime(2026, 10, 10, 20)
    MemberMeetings(group, "cy").save_prep(october, " Scope creep ", "Change orders", "", at)
    seat = meetings.hot_seats(group, october).iloc[0]
    assert (seat.participant_id, seat.issue, seat.tried, seat.ask, seat.prepared_at) == (
        "cy",
        "Scope creep",
        "Change orders",
        None,
        at,
    )
    mine = MemberMeetings(group, "cy").hot_seats()
    assert mine[["meeting_id", "position", "issue"]].values.tolist() == [
        [october, 1, "Scope creep"]
    ]
    assert MemberMeetings(group, "bo").hot_seats().empty


@pytest.mark.parametrize("member", ["bo", "zed"])
def test_a_member_without_a_hot_seat_cannot_write_a_prep(group, october, member):
    with pytest.raises(ToolkitError, match=f"{member!r} has no hot seat"):
        MemberMeetings(group, member).save_prep(october, "x", "y", "z")
    assert meetings.hot_seats(group, october)["issue"].isna().all()


def test_outcomes_and_the_hot_seat_history_of_the_group(group, october):
    september = meetings.create_meeting(group, "tuesday", SEPTEMBER)
    meetings.assign_hot_seats(group, september, ["bo", "ana"])
    meetings.record_outcome(group, october, "ana", "Will quote the extra work first")
    assert meetings.hot_seats(group, october)["outcome"].tolist() == [
        None,
        "Will quote the extra work first",
    ]
    history = meetings.hot_seat_history(group, "tuesday")
    assert history.assign(held_on=history["held_on"].dt.date).values.tolist() == [
        [OCTOBER, "cy", "Cy Fixes"],
        [OCTOBER, "ana", "Ana Works"],
        [SEPTEMBER, "bo", "Bo Builds"],
        [SEPTEMBER, "ana", "Ana Works"],
    ]
    with pytest.raises(ToolkitError, match="'bo' has no hot seat"):
        meetings.record_outcome(group, october, "bo", "x")


def test_the_meetings_actions_per_member_ready_to_export(group, october):
    due = dt.date(2026, 11, 10)
    cy = meetings.add_action(group, october, "cy", "Send change orders", due)
    ana = meetings.add_action(group, october, "ana", "Quote extra work first", due)
    meetings.add_action(group, october, "ana", "Call Ridge Ltd")
    coaching.add_commitment(group, "ana", "Not made in a meeting")
    coaching.checkin(group, cy, "done")
    frame = meetings.actions(group, october)
    assert frame.columns.tolist() == meetings.ACTION_COLUMNS
    assert frame[["display_name", "text", "status"]].values.tolist() == [
        ["Ana Works", "Quote extra work first", "open"],
        ["Ana Works", "Call Ridge Ltd", "open"],
        ["Cy Fixes", "Send change orders", "done"],
    ]
    assert frame["commitment_id"].iloc[0] == ana
    with pytest.raises(ToolkitError, match="'dee' is not a member"):
        meetings.add_action(group, october, "dee", "Coach's own task")


def test_notes_are_replaced_and_blank_notes_cleared(group, october):
    meetings.save_notes(group, october, "  Pricing round.  ")
    assert group.table("meetings")["notes"].tolist() == ["Pricing round."]
    meetings.save_notes(group, october, " ")
    assert group.table("meetings")["notes"].isna().all()


def test_a_members_page_offers_the_prep_of_coming_meetings_soonest_first(group, october):
    november = meetings.create_meeting(group, "tuesday", dt.date(2026, 11, 10))
    december = meetings.create_meeting(group, "tuesday", dt.date(2026, 12, 8))
    for meeting_id in (december, november):
        meetings.assign_hot_seats(group, meeting_id, ["ana", "bo"])
    ana = MemberMeetings(group, "ana")
    assert ana.hot_seats()["meeting_id"].tolist() == [december, november, october]
    assert ana.upcoming(OCTOBER)["meeting_id"].tolist() == [october, november, december]
    assert ana.upcoming(dt.date(2026, 10, 14))["meeting_id"].tolist() == [november, december]
    assert MemberMeetings(group, "cy").upcoming(dt.date(2026, 10, 14)).empty
