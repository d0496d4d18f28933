"""The coach app's prep panel, headless, on a one-firm demo: the last session before
today (not today's), the commitments due, the health moves between the last session and
now, the scores before and after, each checked against the tables read here; and a
member without an earlier session, compared with 30 days earlier."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
import sqlalchemy as sa

from tests.apps.conftest import shown_text
from toolkit import analytics
from toolkit.apps.coach_session import CoachSessionApp
from toolkit.apps.prep_panel import NO_SESSION, PrepPanel
from toolkit.firm import FirmAnalyses
from toolkit.store import schema, views
from toolkit.store.scope import scope

MEMBER = "northfield"


@pytest.fixture
def ws(one_firm_ws):
    """This module's workspace: a copy of the one-firm demo."""
    return one_firm_ws


def prep_of(ws, exercises) -> PrepPanel:
    """The panel as the coach app builds it, without the purchase model (seconds to fit,
    and nothing the panel reads)."""
    analyses = FirmAnalyses(views.firm_data(ws, MEMBER))
    return PrepPanel(ws, MEMBER, ws.as_of(), analyses, exercises)


def test_the_app_opens_on_the_last_session_before_today_with_its_notes(ws, exercises):
    today = ws.as_of()
    views.add_session(ws, today, "Today's notes, not yet the last session", participant_id=MEMBER)
    held = ws.table("sessions", MEMBER)
    earlier = held[held["held_on"] < pd.Timestamp(today)].sort_values("held_on")
    last = earlier.iloc[-1]
    app = CoachSessionApp(ws, exercises)
    app.picker.value = MEMBER
    assert app.tabs.titles[0] == "Prep" and app.tabs.selected_index == 0
    (panel,) = app.tabs.children[0].children
    assert isinstance(panel, PrepPanel)
    text = shown_text(panel)
    assert f"Last session: {last['held_on']:%-d %B %Y}" in text
    assert last["notes"] in text
    assert "Today's notes" not in text
    assert app.notice.value == ""
    # the tab the app opens on reads no purchase outlook, so picking waits for no fit
    assert "outlook" not in vars(app.opened)


def test_the_commitments_due_are_the_open_ones_due_within_two_weeks(ws, exercises):
    today = pd.Timestamp(ws.as_of())
    rows = ws.table("commitments", MEMBER)
    due = rows[(rows["status"] == "open") & (rows["due_on"] <= today + pd.Timedelta(days=14))]
    panel = prep_of(ws, exercises)
    assert sorted(panel.due["text"]) == sorted(due["text"])
    assert int(panel.due["overdue"].sum()) == int((due["due_on"] < today).sum())
    text = shown_text(panel)
    for commitment in due["text"]:
        assert commitment in text


def health_on(ws, day: dt.date) -> pd.Series:
    """Each active client's health on ``day``, from the tables cut to that day here."""
    tables = {name: ws.table(name, MEMBER) for name in views.BUSINESS_TABLES}
    cut = scope(tables, day).tables
    frame = analytics.client_map(
        cut["clients"],
        cut["interactions"],
        cut["transactions"],
        as_of=day,
        excuses=cut["excuses"],
    )
    return frame[frame["status"] == "active"].set_index("client_id")["health"]


def test_health_moves_are_those_of_a_tenth_or_more_since_the_last_session(ws, exercises):
    # a last session 60 days back: in the demo some client's health moves in that time
    session_on = ws.as_of() - dt.timedelta(days=60)
    with ws.connect() as connection:
        connection.execute(sa.delete(schema.Session))
    views.add_session(ws, session_on, "Two months ago", participant_id=MEMBER)
    panel = prep_of(ws, exercises)
    assert panel.baseline.day == panel.last.held_on == session_on
    before, now = health_on(ws, panel.baseline.day), health_on(ws, ws.as_of())
    change = (now - before.reindex(now.index)).dropna().round(4)
    moved = change[change.abs() >= 0.1]
    assert len(moved) >= 1
    assert dict(zip(panel.moves["client_id"], panel.moves["change"], strict=True)) == (
        pytest.approx(moved.to_dict())
    )
    assert "against the last session on" in shown_text(panel)


def test_scores_show_the_earlier_and_the_latest_take_with_scale(ws, exercises):
    results = ws.table("results", MEMBER)
    fit = results[results["exercise_id"] == "client-love-map"].sort_values("period")
    earlier, latest = fit["total"].iloc[-2], fit["total"].iloc[-1]
    panel = prep_of(ws, exercises)
    line = f"Client fit map: {earlier:.3g} → {latest:.3g} (1-5, higher is better)"
    assert line in shown_text(panel)


def test_without_an_earlier_session_the_data_is_compared_with_thirty_days_before(ws, exercises):
    with ws.connect() as connection:
        connection.execute(sa.delete(schema.Session))
    panel = prep_of(ws, exercises)
    text = shown_text(panel)
    assert NO_SESSION in text
    day = ws.as_of() - dt.timedelta(days=30)
    assert panel.baseline.day == day
    assert f"30 days earlier ({day:%-d %B %Y}); no earlier session" in text
