"""The coach app's "Session summary" button, headless: it writes the kernel-free page
for the session on the app's day, with the notes typed in the Notes tab and not saved
yet, or else the notes stored for that day, and offers it for download."""

from __future__ import annotations

import datetime as dt
from html import escape

import pytest

from tests.conftest import copy_workspace
from toolkit.apps.coach_session import CoachSessionApp
from toolkit.exercises import load_all
from toolkit.store import coaching, views

STORED = "Stored note: agreed to review the pricing of <small> accounts."
TYPED = "Typed note: hand two clients over to Priya & Sam."


@pytest.fixture(scope="module")
def app(one_firm_demo, tmp_path_factory):
    with copy_workspace(one_firm_demo, tmp_path_factory.mktemp("coach-summary")) as ws:
        views.add_session(ws, ws.as_of(), STORED, participant_id="northfield")
        app = CoachSessionApp(ws, load_all())
        app.picker.value = "northfield"
        yield app


def test_without_typed_notes_the_stored_ones_are_on_the_page(app):
    html = app.summary().read_text(encoding="utf-8")
    assert escape(STORED) in html
    assert "<h1>Northfield Engineering</h1>" in html


def test_notes_typed_for_today_are_on_the_page_and_offered_for_download(app):
    app.tabs.select(app.tabs.titles.index("Notes"))
    (notes,) = app.tabs.children[app.tabs.titles.index("Notes")].children
    notes.notes.value = TYPED
    path = app.summary()
    assert path == app.workspace.reports_dir / f"northfield-{app.today}.html"
    assert path.stat().st_size < 1_000_000
    assert escape(TYPED) in path.read_text(encoding="utf-8")
    assert f'download="{path.name}"' in app.summary_link.value
    assert "data:text/html;base64," in app.summary_link.value


def test_a_client_decision_saved_today_is_on_the_page(app):
    fit_map = app.exercises["client-love-map"]
    row = {"client_id": "C-KLN", "client": "Kiln Foods", "fit": 2, "reciprocity": 2}
    at = dt.datetime.combine(app.today, dt.time(11))
    coaching.save_answers(
        app.workspace, "northfield", fit_map, {"clients": [row | {"decision": "renegotiate"}]}, at
    )
    html = app.summary().read_text(encoding="utf-8")
    assert "<h2>Decisions</h2>" in html
    assert "<li>Kiln Foods: Renegotiate - change the terms</li>" in html
