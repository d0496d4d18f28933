"""The three apps show the same on PostgreSQL as on SQLite: one demo mastermind made on
each backend, every tab of every app opened headless, and what a person could read
compared word for word. Needs ``TOOLKIT_TEST_POSTGRES`` (tests/postgres.py); CI has it."""

from __future__ import annotations

import pytest

from tests.apps.conftest import Demo, make_demo, shown_text
from toolkit.apps.coach_session import CoachSessionApp
from toolkit.apps.facilitator import FacilitatorApp
from toolkit.apps.participant import ParticipantApp
from toolkit.store import Workspace

pytestmark = pytest.mark.slow


def every_tab(app) -> str:
    """The app's text once each of its tabs was opened; it must have said nothing failed."""
    for index in range(len(app.tabs.titles)):
        app.tabs.select(index)
    assert app.notice.value == "", app.notice.value
    return shown_text(app)


def pages(demo: Demo, exercises) -> dict[str, str]:
    """What each app shows on ``demo``: a member's page, the coach's session with that
    member, and the group's meeting app."""
    member = sorted(demo.names)[0]
    with Workspace.open(demo.directory) as ws:
        participant = ParticipantApp(ws, exercises)
        participant.start(f"key={demo.keys[member]}")
        coach = CoachSessionApp(ws, exercises)
        coach.picker.value = member
        facilitator = FacilitatorApp(ws, exercises)
        return {
            "participant": every_tab(participant),
            "coach": every_tab(coach),
            "facilitator": every_tab(facilitator),
        }


def test_the_apps_show_the_same_on_postgresql_as_on_sqlite(
    tmp_path, postgres, monkeypatch, exercises
):
    monkeypatch.delenv("TOOLKIT_DATABASE_URL", raising=False)
    on_sqlite = pages(make_demo(tmp_path / "sqlite"), exercises)
    database = postgres.create()
    try:
        monkeypatch.setenv("TOOLKIT_DATABASE_URL", postgres.url_of(database))
        on_postgresql = pages(make_demo(tmp_path / "postgresql"), exercises)
    finally:
        monkeypatch.delenv("TOOLKIT_DATABASE_URL")
        postgres.drop(database)

    for app, text in on_sqlite.items():
        assert len(text) > 2000, app  # every tab drew its content
        assert on_postgresql[app] == text, app
