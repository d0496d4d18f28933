"""The coach session app, headless: picking a participant builds every tab, on data as
of the date the coach sets for them, whatever the export holds after that date."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.apps.conftest import shown_text
from toolkit import analytics
from toolkit.analytics.inputs import AnalyticsInputError
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


def open_every_tab(app: CoachSessionApp) -> None:
    for index in range(len(app.tabs.titles)):
        app.tabs.select(index)


def test_a_deal_after_the_as_of_date_and_a_lead_never_block_the_analyses(crm_ws, exercises):
    raw = {name: crm_ws.table(name, "northfield") for name in ("clients", "transactions")}
    with pytest.raises(AnalyticsInputError, match="after the analysis date"):
        analytics.concession_share(raw["transactions"], as_of=crm_ws.as_of())
    app = CoachSessionApp(crm_ws, exercises)
    app.picker.value = "northfield"
    open_every_tab(app)
    assert app.notice.value == ""
    assert app.tabs.built == list(app.tabs.titles)
    assert "L-1" not in set(app.analyses.client_map["client_id"])
    assert len(app.analyses.client_map) == len(raw["clients"]) - 1
    note = shown_text(app.content)
    assert "1 transaction dated after 31 October 2026, the analysis date" in note
    assert "1 lead or prospect without a won deal, not counted as a client" in note
    assert "with its 1 contact" in note


def test_the_data_as_of_control_saves_the_date_and_refreshes_the_analyses(crm_ws, exercises):
    app = CoachSessionApp(crm_ws, exercises)
    assert app.as_of.date.disabled
    app.picker.value = "northfield"
    assert app.as_of.date.value == crm_ws.as_of() == dt.date(2026, 10, 31)
    app.tabs.select(2)
    app.as_of.date.value = dt.date(2027, 1, 31)
    assert crm_ws.setting("as_of:northfield") == "2027-01-31"
    assert crm_ws.setting("as_of") == "2026-10-31"
    assert app.analyses.firm.as_of == dt.date(2027, 1, 31)
    assert "data as of 31 January 2027" in app.header.value
    assert "T-FUTURE" in set(app.analyses.firm.transactions["transaction_id"])
    assert "transaction dated after" not in shown_text(app.content)
    assert app.tabs.selected_index == 2 and app.tabs.built == ["Client map", "Treasure review"]
    app.as_of.date.value = None
    assert crm_ws.setting("as_of:northfield") is None
    assert app.as_of.date.value == app.analyses.firm.as_of == dt.date(2026, 10, 31)
    assert "data as of 31 October 2026" in app.header.value
    assert app.notice.value == ""
