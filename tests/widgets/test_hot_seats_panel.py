"""The hot seats panel: seats pre-set from the rotation, the prep shown, outcomes saved."""

from __future__ import annotations

from tests.apps.conftest import shown_text
from tests.widgets.mastermind import (  # noqa: F401 (fixtures)
    MEETING,
    failures_fixture,
    group_fixture,
    guard_fixture,
)
from toolkit.store import meetings
from toolkit.store.meetings import MemberMeetings
from toolkit.widgets.hot_seats_panel import NOT_PREPARED, HotSeatsPanel


def test_the_planned_seats_are_given_and_each_shows_its_prep(group, guard, failures):
    panel = HotSeatsPanel(group, MEETING, ["cy", "ana"], guard)
    assert [picker.value for picker in panel.pickers] == ["cy", "ana", ""]
    assert "No hot seats given yet." in shown_text(panel)
    panel.assign()
    assert meetings.hot_seats(group, MEETING)["participant_id"].tolist() == ["cy", "ana"]
    assert "Hot seats given: Cy, Ana." in panel.feedback.value
    assert shown_text(panel).count(NOT_PREPARED) == 2
    MemberMeetings(group, "ana").save_prep(MEETING, "Churn doubled", "", "Who has seen this?")
    panel.refresh()
    text = shown_text(panel)
    assert "The issue: Churn doubled" in text and "My ask: Who has seen this?" in text
    assert "What I tried" not in text  # left blank, so not shown
    assert text.count(NOT_PREPARED) == 1
    assert failures == []


def test_a_third_seat_and_an_outcome(group, guard, failures):
    panel = HotSeatsPanel(group, MEETING, ["ana", "bo"], guard)
    panel.pickers[2].value = "cy"
    panel.assign()
    assert panel.seated == ["ana", "bo", "cy"]
    seat = panel.seats.children[1]
    outcome = next(w for w in seat.children if hasattr(w, "rows"))
    outcome.value = "Try a retainer with two clients"
    save = seat.children[-1].children[0]
    save.click()
    stored = meetings.hot_seats(group, MEETING).set_index("participant_id")["outcome"]
    assert stored["bo"] == "Try a retainer with two clients" and stored.isna()[["ana", "cy"]].all()
    # given seats win over the rotation when the panel opens again
    again = HotSeatsPanel(group, MEETING, ["cy", "ana"], guard)
    assert [picker.value for picker in again.pickers] == ["ana", "bo", "cy"]
    assert failures == []


def test_one_seat_is_refused_with_a_message_not_a_traceback(group, guard, failures):
    panel = HotSeatsPanel(group, MEETING, ["ana", "ana"], guard)
    button = panel.children[3].children[0]
    button.click()
    assert len(failures) == 1 and "giving the hot seats" in failures[0]
    assert meetings.hot_seats(group, MEETING).empty
