"""The commitments panel writes check-ins and new commitments at once."""

from __future__ import annotations

import datetime as dt

from toolkit.store import coaching
from toolkit.widgets.commitments import CommitmentsPanel

TODAY = dt.date(2026, 3, 2)


def test_add_then_check_in(workspace):
    panel = CommitmentsPanel(workspace, "ana", TODAY)
    assert panel.count == 0 and "No commitments yet" in panel.table.html.value
    panel.new_text.value = "  Call the three largest clients  "
    panel.add_button.click()
    stored = coaching.commitments(workspace, "ana")
    assert stored["text"].tolist() == ["Call the three largest clients"]
    assert (panel.count, panel.open_count, panel.new_text.value) == (1, 1, "")
    panel.choice.value = int(stored["commitment_id"].iloc[0])
    panel.status.value = "done"
    panel.note.value = "all three called"
    panel.checkin_button.click()
    assert coaching.commitments(workspace, "ana")["status"].tolist() == ["done"]
    assert coaching.checkins(workspace, "ana")["note"].tolist() == ["all three called"]
    assert panel.open_count == 0 and panel.message == "Check-in saved."


def test_an_empty_commitment_is_not_saved(workspace):
    panel = CommitmentsPanel(workspace, "ana", TODAY)
    panel.add_button.click()
    assert coaching.commitments(workspace, "ana").empty
    assert panel.message == "Write the commitment first."


def test_an_open_commitment_past_its_date_shows_as_overdue(workspace):
    coaching.add_commitment(workspace, "ana", "Write the process", TODAY - dt.timedelta(days=1))
    panel = CommitmentsPanel(workspace, "ana", TODAY)
    assert "overdue" in panel.table.html.value
