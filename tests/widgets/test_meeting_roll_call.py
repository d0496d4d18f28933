"""The roll call: a tick stores attendance at once, an untick removes it."""

from __future__ import annotations

from tests.widgets.mastermind import (  # noqa: F401 (fixtures)
    MEETING,
    failures_fixture,
    group_fixture,
    guard_fixture,
)
from toolkit.widgets.meeting_roll_call import RollCall


def present_in(ws) -> set[str]:
    table = ws.table("attendance")
    return set(table.loc[table["meeting_id"] == MEETING, "participant_id"])


def test_ticks_and_unticks_are_stored_as_they_happen(group, guard, failures):
    roll = RollCall(group, MEETING, guard)
    assert [box.description for box in roll.boxes.values()] == ["Ana", "Bo", "Cy"]
    roll.boxes["ana"].value = True
    roll.boxes["cy"].value = True
    assert present_in(group) == {"ana", "cy"} and roll.present == ["ana", "cy"]
    roll.boxes["ana"].value = False
    assert present_in(group) == {"cy"} and roll.present == ["cy"]
    assert RollCall(group, MEETING, guard).boxes["cy"].value  # a reload shows the tick
    assert failures == []
