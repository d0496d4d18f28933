"""The shared page frame: header, friendly messages and tabs built on first opening."""

from __future__ import annotations

import ipywidgets as widgets
import pytest

from toolkit.apps.page import LazyTabs, Page
from toolkit.served import SERVED_ENV


def test_header_escapes_names():
    page = Page("Personal page")
    page.set_header("Smith & <Sons>", "as of today")
    assert "Smith &amp; &lt;Sons&gt;" in page.header.value


def test_tabs_are_built_when_first_opened_and_only_once():
    calls: list[str] = []

    def builder(name: str):
        def build() -> widgets.Widget:
            calls.append(name)
            return widgets.HTML(name)

        return build

    tabs = LazyTabs({"A": builder("A"), "B": builder("B")}, tell=lambda _m: None)
    assert calls == ["A"]
    tabs.selected_index = 1
    tabs.selected_index = 0
    tabs.selected_index = 1
    assert calls == ["A", "B"]
    assert tabs.built == ["A", "B"]


def test_a_tab_that_fails_to_build_shows_a_friendly_message():
    page = Page("Coaching session")

    def broken() -> widgets.Widget:
        raise ValueError("no such column")

    tabs = LazyTabs({"Broken": broken}, tell=page.alert)
    assert "Sorry, something went wrong while opening &#x27;Broken&#x27;" in page.notice.value
    assert "no such column" not in page.notice.value
    assert tabs.built == []


@pytest.mark.parametrize(("served", "shown"), [("1", True), (None, False)])
def test_coach_apps_show_a_log_out_link_only_when_served(monkeypatch, served, shown):
    if served:
        monkeypatch.setenv(SERVED_ENV, served)
    else:
        monkeypatch.delenv(SERVED_ENV, raising=False)

    coach, member = Page("Coaching session"), Page("My page")
    coach.COACH_ONLY = True
    for page in (coach, member):
        page.set_header("Northfield")

    assert ('href="/logout"' in coach.header.value) is shown
    assert 'href="/logout"' not in member.header.value
