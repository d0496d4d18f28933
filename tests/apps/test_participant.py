"""The participant app, headless: the key decides the page, and only that member shows."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.apps.conftest import shown_text
from toolkit.apps.participant import ParticipantApp
from toolkit.store.participants import rotate_key


@pytest.fixture
def app(ws, exercises):
    return ParticipantApp(ws, exercises)


def open_all_tabs(app: ParticipantApp) -> str:
    for index in range(len(app.tabs.titles)):
        app.tabs.select(index)
    return shown_text(app)


def test_a_valid_key_opens_that_members_page_and_nobody_elses(demo, app):
    participant_id = sorted(demo.names)[0]
    app.start(f"key={demo.keys[participant_id]}")
    assert app.participant_id == participant_id
    assert demo.names[participant_id] in app.header.value
    text = open_all_tabs(app)
    others = [name for pid, name in demo.names.items() if pid != participant_id]
    assert not any(name in text for name in others)
    assert app.notice.value == ""  # no tab failed to build
    assert app.tabs.built == list(app.tabs.titles)


@pytest.mark.parametrize("query", ["key=wrong", None, "old"])
def test_without_a_valid_key_the_page_shows_no_data(demo, app, query):
    app.start(f"key={demo.old_key}" if query == "old" else query)
    text = shown_text(app)
    assert "ask your coach" in text
    assert not any(name in text for name in demo.names.values())
    assert app.participant_id is None and app.tabs is None


def test_only_the_light_first_tab_is_built_when_the_page_opens(demo, app):
    app.start(f"key={demo.keys[sorted(demo.names)[0]]}")
    assert app.tabs.built == ["This month"]
    assert app.forms == {}  # the targets form waits for its button


@pytest.mark.parametrize(("query", "opened"), [("&tab=this-month", False), ("&form=open", True)])
def test_the_month_pages_full_form_link_opens_the_targets_form_at_once(demo, app, query, opened):
    app.start(f"key={demo.keys[sorted(demo.names)[0]]}{query}")
    assert ("six-monthly-targets" in app.forms) is opened
    assert ("target 1" in shown_text(app.tabs)) is opened


def test_the_targets_button_opens_the_monthly_targets_form(demo, app):
    app.start(f"key={demo.keys[sorted(demo.names)[0]]}")
    assert "Tick or edit my targets" in shown_text(app.tabs)
    app.tabs.children[0].children[0].children[1].edit.click()
    assert "six-monthly-targets" in app.forms
    assert "target 1" in shown_text(app.tabs)


def test_the_group_tab_shows_group_figures_and_the_rule_behind_them(demo, app):
    app.start(f"key={demo.keys[sorted(demo.names)[0]]}")
    app.tabs.select(app.tabs.titles.index("Group"))
    text = shown_text(app.tabs)
    assert "Group figure" in text and "Yours" in text
    assert "Fewer than three people: no group figure" in text


def test_the_client_ratings_say_what_their_list_leaves_out(crm_ws, exercises):
    crm_ws.set_as_of("northfield", dt.date(2026, 11, 30))
    app = ParticipantApp(crm_ws, exercises)
    app.start(f"key={rotate_key(crm_ws, 'northfield')}")
    assert "figures as of 30 November 2026" in app.header.value
    app.tabs.select(app.tabs.titles.index("Exercises"))
    picker = app.tabs.children[1].children[0]
    picker.value = "client-love-map"
    text = shown_text(picker.slot)
    assert "1 transaction dated after 30 November 2026, the analysis date" in text
    assert "1 lead or prospect without a won deal" in text
    assert "L-1" not in set(app.forms["client-love-map"].suggestions["client_id"])
    picker.value = "excuse-audit"  # no client list, nothing to say
    assert "Left out" not in shown_text(picker.slot)
    assert app.notice.value == ""
