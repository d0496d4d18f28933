"""The meeting notes: kept on the meeting's own record, per meeting."""

from __future__ import annotations

import datetime as dt

from tests.widgets.mastermind import (  # noqa: F401 (fixtures)
    GROUP,
    MEETING,
    failures_fixture,
    group_fixture,
    guard_fixture,
)
from toolkit.store import meetings
from toolkit.widgets.meeting_notes import MeetingNotes


def stored_notes(ws) -> dict[str, object]:
    return dict(ws.table("meetings")[["meeting_id", "notes"]].values.tolist())


def test_notes_are_saved_on_the_chosen_meeting(group, guard, failures):
    older = meetings.create_meeting(group, GROUP, dt.date(2026, 10, 13), notes="Pricing talk")
    notes = MeetingNotes(group, GROUP, guard)
    assert notes.meeting.value == MEETING  # the newest first
    assert notes.notes.value == ""
    notes.notes.value = "Bo decided to stop discounting"
    notes.save()
    assert stored_notes(group) == {older: "Pricing talk", MEETING: "Bo decided to stop discounting"}
    assert notes.feedback.value.startswith('<span class="tk-muted">Saved ')
    notes.meeting.value = older
    assert notes.notes.value == "Pricing talk"
    assert failures == []


def test_a_group_without_meetings_says_so(tmp_path, guard):
    from toolkit.store import Workspace
    from toolkit.store.participants import add_participant

    with Workspace.open(tmp_path) as ws:
        add_participant(ws, "Ana", "ana", group_id="quiet")
        notes = MeetingNotes(ws, "quiet", guard)
        assert notes.meeting.value is None and notes.notes.disabled
        assert "No meeting recorded yet." in notes.feedback.value
