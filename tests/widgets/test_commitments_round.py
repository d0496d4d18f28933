"""The commitments round: the open commitments of those present, check-ins, new actions."""

from __future__ import annotations

import datetime as dt

from tests.apps.conftest import shown_text
from tests.widgets.mastermind import (
    GROUP,
    HELD_ON,
    MEETING,
    failures_fixture,  # noqa: F401 (a fixture)
    group_fixture,  # noqa: F401 (a fixture)
    guard_fixture,  # noqa: F401 (a fixture)
)
from toolkit.store import coaching, meetings
from toolkit.widgets.commitments_round import CommitmentsRound, open_commitments


def test_only_the_open_commitments_of_those_present(group):
    frame = open_commitments(group, GROUP, ["ana", "cy"])
    assert frame["text"].tolist() == ["Call the three lapsed clients"]  # the done one left out
    both = open_commitments(group, GROUP, ["ana", "bo"])
    assert both["display_name"].tolist() == ["Ana", "Bo"]


def test_a_check_in_is_stored_with_its_status(group, guard, failures):
    round_ = CommitmentsRound(group, GROUP, MEETING, HELD_ON, guard)
    round_.show(["ana", "bo"])
    text = shown_text(round_)
    assert "Ana : Call the three lapsed clients (due 1 Nov 2026)" in text
    assert "Bo : Ask every client for a referral (no due date)" in text
    first, second = (row.children[1] for row in round_.rows.children)
    first.value = "done"
    second.value = "open"  # in progress: still open, with a check-in
    checks = coaching.checkins(group).sort_values("checkin_id").tail(2)
    assert checks["status"].tolist() == ["done", "open"]
    assert checks["participant_id"].tolist() == ["ana", "bo"]
    assert round_.checked == 2
    statuses = coaching.commitments(group).set_index("text")["status"]
    assert statuses["Call the three lapsed clients"] == "done"
    assert failures == []


def test_nobody_present_says_so(group, guard):
    round_ = CommitmentsRound(group, GROUP, MEETING, HELD_ON, guard)
    round_.show([])
    assert "No open commitment among the members present." in shown_text(round_)


def test_an_action_is_stored_for_the_member_and_the_form_cleared(group, guard, failures):
    added = []
    round_ = CommitmentsRound(group, GROUP, MEETING, HELD_ON, guard, lambda: added.append(1))
    assert round_.due.value == dt.date(2026, 12, 8)  # four weeks after 10 Nov
    round_.add()
    assert "Choose a member and write the action." in round_.added.value
    round_.member.value = "cy"
    round_.text.value = "  Draft the retainer offer "
    round_.add()
    actions = meetings.actions(group, MEETING)
    assert actions[["participant_id", "text"]].values.tolist() == [
        ["cy", "Draft the retainer offer"]
    ]
    assert actions["due_on"].dt.date.tolist() == [dt.date(2026, 12, 8)]
    assert round_.text.value == "" and added == [1]
    assert failures == []
