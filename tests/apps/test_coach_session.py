"""The coach session app, headless: picking a participant builds every tab."""

from __future__ import annotations

import pytest

from tests.apps.conftest import shown_text
from toolkit.apps.coach_session import CoachSessionApp
from toolkit.widgets.client_map_explorer import ClientMapExplorer


@pytest.fixture
def app(ws, exercises):
    return CoachSessionApp(ws, exercises)


def test_nothing_is_shown_until_a_participant_is_picked(app):
    assert app.tabs is None
    assert app.summary_button.disabled


def test_picking_a_participant_builds_every_tab_without_errors(demo, app):
    participant_id = sorted(demo.names)[1]
    app.picker.value = participant_id
    assert demo.names[participant_id] in app.header.value
    for index in range(len(app.tabs.titles)):
        app.tabs.select(index)
    assert app.notice.value == ""
    assert app.tabs.titles == (
        "Client map",
        "Audits",
        "Treasure review",
        "Exercises",
        "Commitments",
        "Notes",
    )
    explorer = app.tabs.children[0].children[0]
    assert isinstance(explorer, ClientMapExplorer)
    assert explorer.chart.figure is not None
    text = shown_text(app.tabs)
    for heading in ("Point-person coverage", "Process variation", "Record completeness"):
        assert heading in text
    assert not app.summary_button.disabled


def test_an_exercise_form_is_made_for_the_picked_participant(demo, app):
    participant_id = sorted(demo.names)[0]
    app.picker.value = participant_id
    form = app.form("client-love-map")
    assert form.participant_id == participant_id
    assert app.form("client-love-map") is form
