"""The coach session app, headless: picking a participant builds every tab, on data as
of the date the coach sets for them, whatever the export holds after that date."""

from __future__ import annotations

import base64
import datetime as dt
import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import icalendar
import pytest

from tests.apps.conftest import shown_text
from toolkit import analytics
from toolkit.analytics.inputs import AnalyticsInputError
from toolkit.apps.coach_session import CoachSessionApp
from toolkit.excuse_causes import cause_of, name_of
from toolkit.widgets.chart import Chart
from toolkit.widgets.client_map_explorer import ClientMapExplorer
from toolkit.widgets.firm_settings import FirmSettingsForm


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
        "Prep",
        "Client map",
        "Audits",
        "Excuses and calls",
        "Treasure review",
        "Exercises",
        "Commitments",
        "Notes",
    )
    explorer = app.tabs.children[1].children[0]
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
    treasure = app.tabs.titles.index("Treasure review")
    app.tabs.select(treasure)
    app.as_of.date.value = dt.date(2027, 1, 31)
    assert crm_ws.setting("as_of:northfield") == "2027-01-31"
    assert crm_ws.setting("as_of") == "2026-10-31"
    assert app.analyses.firm.as_of == dt.date(2027, 1, 31)
    assert "data as of 31 January 2027" in app.header.value
    assert "T-FUTURE" in set(app.analyses.firm.transactions["transaction_id"])
    assert "transaction dated after" not in shown_text(app.content)
    assert app.tabs.selected_index == treasure
    assert app.tabs.built == ["Prep", "Treasure review"]
    app.as_of.date.value = None
    assert crm_ws.setting("as_of:northfield") is None
    assert app.as_of.date.value == app.analyses.firm.as_of == dt.date(2026, 10, 31)
    assert "data as of 31 October 2026" in app.header.value
    assert app.notice.value == ""


def test_the_excuse_log_shows_each_shared_cause_with_its_remedy(demo, app, exercises):
    participant_id = sorted(demo.names)[0]
    app.picker.value = participant_id
    tab = app.tabs.titles.index("Excuses and calls")
    app.tabs.select(tab)
    assert app.notice.value == ""
    text = shown_text(app.tabs.children[tab])
    log = app.analyses.firm.excuses
    assert f"{len(log)} entries up to 31 October 2026" in text
    causes = {name_of(cause) for cause in log["root_cause"]}
    remedies = {f.when.get("score"): f.text for f in exercises["excuse-audit"].follow_ups}
    for cause in causes:
        assert cause in text
        assert remedies[cause_of(cause)] in text
    charts = [c.title for c in charts_in(app.tabs.children[tab])]
    assert charts == ["Excuses by cause", "Contacts per month by topic"]


def test_the_call_topics_name_the_rising_topics(demo, app):
    app.picker.value = sorted(demo.names)[0]
    firm = app.analyses.firm
    trends = analytics.topic_trends(firm.interactions, "M", as_of=firm.as_of)
    rising = sorted(set(trends.loc[trends["emerging"], "topic"]))
    tab = app.tabs.titles.index("Excuses and calls")
    app.tabs.select(tab)
    text = shown_text(app.tabs.children[tab])
    expected = f"Rising: {', '.join(rising)}" if rising else "No topic is rising"
    assert expected in text


def charts_in(widget) -> list[Chart]:
    if isinstance(widget, Chart):
        return [widget]
    return [found for child in getattr(widget, "children", ()) for found in charts_in(child)]


def linked_file(html: str, name: str) -> str:
    """The text of the file a download link named ``name`` holds (a data: URL)."""
    match = re.search(rf'download="{re.escape(name)}" href="data:[^;]+;base64,([^"]+)"', html)
    assert match, html
    return base64.b64decode(match.group(1)).decode("utf-8")


def test_the_commitments_tab_offers_the_open_ones_as_calendar_and_mail(crm_ws, exercises):
    app = CoachSessionApp(crm_ws, exercises)
    app.picker.value = "northfield"
    tab = app.tabs.titles.index("Commitments")
    app.tabs.select(tab)
    panel, links = app.tabs.children[tab].children[0].children
    panel.new_text.value = "Phone the three quietest clients"
    panel.new_due.value = dt.date(2026, 11, 20)
    panel.add()
    rows = crm_ws.table("commitments", "northfield")
    due = rows[(rows["status"] == "open") & rows["due_on"].notna()]
    assert "Phone the three quietest clients" in set(due["text"])
    assert f"Calendar file ({len(due)} due dates)" in links.value
    calendar = icalendar.Calendar.from_ical(linked_file(links.value, "northfield-commitments.ics"))
    events = {str(e["SUMMARY"]): e.decoded("DTSTART") for e in calendar.walk("VEVENT")}
    assert events == {
        text: day.date() for text, day in zip(due["text"], due["due_on"], strict=True)
    }
    mail = re.search(r'href="(mailto:[^"]+)"', links.value).group(1)
    body = parse_qs(urlsplit(unescape(mail)).query)["body"][0]
    assert body.startswith("Hello Northfield Engineering,")
    for text in rows.loc[rows["status"] == "open", "text"]:
        assert f"- {text} (due" in body
    assert app.notice.value == ""


def test_the_firm_settings_set_in_the_app_change_the_fit(crm_ws, exercises):
    """Core industries typed in the Audits tab reach the client map's fit: clients of the
    named industry score 1 on it, the others 0; cleared, the industry is left out (the
    data's own map: fit ratings the member gave replace these factors)."""
    app = CoachSessionApp(crm_ws, exercises)
    app.picker.value = "northfield"
    audits = app.tabs.titles.index("Audits")
    app.tabs.select(audits)
    (form,) = [w for w in walk(app.tabs.children[audits]) if isinstance(w, FirmSettingsForm)]
    industry = app.analyses.firm.clients["industry"].dropna().iloc[0]
    form.boxes["core_industries"].value = f" {industry} ,, "
    form.save_button.click()
    assert crm_ws.setting("core_industries:northfield") == f'["{industry}"]'
    shown = app.analyses.data_map.merge(app.analyses.firm.clients, on="client_id")
    # a client without a recorded industry is left out of the factor (NaN)
    expected = (shown["industry"] == industry).astype(float).mask(shown["industry"].isna())
    assert shown["factor_core_industry"].equals(expected.rename("factor_core_industry"))
    assert (expected == 1).any() and (expected == 0).any()
    assert app.tabs.selected_index == audits
    (form,) = [w for w in walk(app.tabs.children[audits]) if isinstance(w, FirmSettingsForm)]
    assert form.boxes["core_industries"].value == industry
    form.boxes["core_industries"].value = ""
    form.save_button.click()
    assert app.analyses.data_map["factor_core_industry"].isna().all()


def walk(widget):
    """The widget and every widget inside it."""
    yield widget
    for child in getattr(widget, "children", ()):
        yield from walk(child)
