"""Session notes: saved with their date, listed newest first."""

from __future__ import annotations

import datetime as dt

from toolkit.store import views
from toolkit.widgets.session_notes import SessionNotes


def test_notes_are_saved_and_listed(workspace):
    notes = SessionNotes(workspace, dt.date(2026, 3, 2), participant_id="ana")
    notes.save_button.click()
    assert notes.count == 0  # nothing typed: nothing saved
    notes.notes.value = "Mapped the top twenty clients."
    notes.save_button.click()
    saved = views.sessions(workspace, participant_id="ana")
    assert saved["notes"].tolist() == ["Mapped the top twenty clients."]
    assert notes.count == 1 and "Mapped the top twenty clients." in notes.table.html.value
