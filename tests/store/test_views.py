"""Store views for the apps, on a small hand-made mastermind with known sessions."""

from __future__ import annotations

import datetime as dt

import pytest

from toolkit.errors import ToolkitError
from toolkit.store import Workspace, coaching, views
from toolkit.store.participants import add_participant


@pytest.fixture
def group(tmp_path) -> Workspace:
    ws = Workspace.open(tmp_path)
    for name, pid in [("Ana Works", "ana"), ("Bo Builds", "bo"), ("Cy Fixes", "cy")]:
        add_participant(ws, name, pid, group_id="tuesday")
    add_participant(ws, "Dee Coach", "dee", role="coach", group_id="tuesday")
    ws.set_setting("as_of", "2026-10-31")
    for pid, day in [("ana", "2026-10-03"), ("ana", "2026-10-20"), ("bo", "2026-09-05")]:
        views.add_session(ws, dt.date.fromisoformat(day), "one-to-one", participant_id=pid)
    views.add_session(ws, dt.date(2026, 9, 8), "Hot seat: Bo Builds.", group_id="tuesday")
    views.add_session(ws, dt.date(2026, 10, 13), "Pricing. Hot seat: ana works", group_id="tuesday")
    views.add_session(ws, dt.date(2026, 8, 11), "No hot seat this time", group_id="tuesday")
    yield ws
    ws.close()


def test_profile_and_unknown_participant(group):
    me = views.profile(group, "ana")
    assert (me.display_name, me.role, me.group_id, me.group_name) == (
        "Ana Works",
        "member",
        "tuesday",
        "Tuesday",
    )
    with pytest.raises(ToolkitError, match="unknown participant"):
        views.profile(group, "zed")


def test_members_leave_out_the_coach(group):
    assert views.members(group, "tuesday")["participant_id"].tolist() == ["ana", "bo", "cy"]
    assert views.groups(group)[["group_id", "members"]].values.tolist() == [["tuesday", 3]]


def test_attendance_counts_sessions_per_member_and_month(group):
    frame = views.attendance(group, "tuesday", months=2)
    assert frame.columns.tolist() == ["display_name", "Sep 2026", "Oct 2026"]
    assert frame.values.tolist() == [
        ["Ana Works", 0, 2],
        ["Bo Builds", 1, 0],
        ["Cy Fixes", 0, 0],
    ]


def test_hot_seats_are_read_from_meeting_notes(group):
    frame = views.hot_seats(group, "tuesday")
    assert frame["participant_id"].tolist() == ["ana", "bo"]
    assert frame["held_on"].dt.date.tolist() == [dt.date(2026, 10, 13), dt.date(2026, 9, 8)]


def test_a_session_belongs_to_one_participant_or_one_group(group):
    with pytest.raises(ToolkitError):
        views.add_session(
            group, dt.date(2026, 10, 1), "x", participant_id="ana", group_id="tuesday"
        )
    assert views.sessions(group, participant_id="ana")["held_on"].dt.day.tolist() == [20, 3]


def test_commitments_carry_their_latest_checkin(group):
    first = coaching.add_commitment(group, "ana", "Call Acme", dt.date(2026, 11, 1))
    coaching.add_commitment(group, "bo", "Write the process", dt.date(2026, 11, 2))
    coaching.checkin(group, first, "open", "left a message", at=dt.datetime(2026, 10, 1))
    coaching.checkin(group, first, "done", "met them", at=dt.datetime(2026, 10, 5))
    frame = views.commitments_with_checkins(group, "ana")
    assert frame[["text", "status", "last_note"]].values.tolist() == [
        ["Call Acme", "done", "met them"]
    ]
    everyone = views.group_commitments(group, "tuesday")
    assert everyone["display_name"].tolist() == ["Ana Works", "Bo Builds"]


def test_firm_data_uses_the_firms_own_settings_before_the_defaults(group):
    group.set_setting("record_template", '["email"]')
    group.set_setting("record_template:bo", '["email", "phone"]')
    assert views.firm_data(group, "ana").record_template == ["email"]
    assert views.firm_data(group, "bo").record_template == ["email", "phone"]
    assert views.firm_data(group, "bo").as_of == dt.date(2026, 10, 31)
