"""Every tab of the three apps on thin workspaces (tests/thin.py): nothing imported, only
clients, clients and purchases, clients and contacts, clients and a team. No tab fails;
where a view cannot be computed it names each missing table and the command that
imports it, and it never names a table the participant has."""

from __future__ import annotations

import datetime as dt
import inspect

import pytest

from tests.apps.conftest import shown_text
from tests.thin import CLIENTS, GROUP, STATES, make_thin
from toolkit import analytics
from toolkit.apps.coach_session import CoachSessionApp
from toolkit.apps.errors import friendly_message
from toolkit.apps.facilitator import FacilitatorApp
from toolkit.apps.participant import ParticipantApp
from toolkit.store import Workspace
from toolkit.store.participants import rotate_key
from toolkit.widgets.client_map_explorer import ClientMapExplorer
from toolkit.widgets.missing import ABSENT, command

#: The tables each coach tab needs rows in, by what it shows (the tests' own reading of
#: the views, not the app's code).
COACH_NEEDS = {
    "Prep": ("clients", "transactions", "interactions"),
    "Client map": ("clients", "transactions", "interactions"),
    "Audits": ("clients", "team", "interactions", "process_steps"),
    "Excuses and calls": ("excuses", "interactions"),
    "Treasure review": ("clients", "transactions", "interactions"),
    "Exercises": (),
    "Commitments": (),
    "Notes": (),
}
PARTICIPANT_TABS = ("This month", "Exercises", "Commitments", "My progress", "Group")
FACILITATOR_TABS = (
    "Meeting",
    "Next meetings",
    "Attendance",
    "Commitments due",
    "Group figures",
    "Meeting notes",
)
#: No error wording of any kind reaches the page.
ERROR_WORDS = ("Traceback", "Error", "went wrong", "nan", "NaT")


@pytest.fixture(scope="module")
def thin(tmp_path_factory) -> dict[str, str]:
    """The thin workspace's folder and each participant's personal key."""
    directory = make_thin(tmp_path_factory.mktemp("thin-apps"))
    with Workspace.open(directory) as ws:
        keys = {state: rotate_key(ws, state) for state in STATES}
    return {"directory": directory, **keys}


@pytest.fixture
def thin_ws(thin):
    workspace = Workspace.open(thin["directory"])
    yield workspace
    workspace.close()


def line(table: str, participant_id: str) -> str:
    """A missing-table line as the page reads once tags are stripped."""
    return f"{ABSENT[table]}: {command(table, participant_id)}"


def assert_clean(text: str) -> None:
    for word in ERROR_WORDS:
        assert word not in text.split() and f"{word}:" not in text, word


@pytest.mark.parametrize("tab", list(COACH_NEEDS))
@pytest.mark.parametrize("state", list(STATES))
def test_coach_tab_names_exactly_the_missing_tables(thin_ws, exercises, state, tab):
    app = CoachSessionApp(thin_ws, exercises)
    app.picker.value = state
    index = app.tabs.titles.index(tab)
    app.tabs.select(index)
    assert app.notice.value == ""
    assert tab in app.tabs.built
    text = shown_text(app.tabs.children[index])
    assert_clean(text)
    for table in COACH_NEEDS[tab]:
        missing = table not in STATES[state]
        assert (line(table, state) in text) == missing, table


def explorers(widget) -> list[ClientMapExplorer]:
    """The client-map explorers anywhere in a widget tree."""
    if isinstance(widget, ClientMapExplorer):
        return [widget]
    return [found for child in getattr(widget, "children", ()) for found in explorers(child)]


@pytest.mark.parametrize("state", list(STATES))
def test_the_client_map_is_drawn_once_clients_have_purchases_or_contacts(thin_ws, exercises, state):
    app = CoachSessionApp(thin_ws, exercises)
    app.picker.value = state
    has = set(STATES[state])
    drawn = "clients" in has and bool(has & {"transactions", "interactions"})
    index = app.tabs.titles.index("Client map")
    app.tabs.select(index)
    shown = explorers(app.tabs.children[index])
    assert len(shown) == drawn
    if drawn:
        assert len(shown[0].frame) == len(CLIENTS)


@pytest.mark.parametrize("state", list(STATES))
def test_every_exercise_opens_for_a_thin_participant(thin_ws, exercises, state):
    app = CoachSessionApp(thin_ws, exercises)
    app.picker.value = state
    for exercise_id in exercises:
        assert app.form(exercise_id).participant_id == state
    assert app.notice.value == ""


@pytest.mark.parametrize("tab", PARTICIPANT_TABS)
@pytest.mark.parametrize("state", list(STATES))
def test_participant_page_tab_opens(thin, thin_ws, exercises, state, tab):
    app = ParticipantApp(thin_ws, exercises)
    app.start(f"key={thin[state]}")
    assert app.participant_id == state
    index = app.tabs.titles.index(tab)
    app.tabs.select(index)
    assert app.notice.value == ""
    assert tab in app.tabs.built
    assert_clean(shown_text(app.tabs.children[index]))


@pytest.mark.parametrize("state", list(STATES))
def test_participant_exercises_open_for_a_thin_participant(thin, thin_ws, exercises, state):
    app = ParticipantApp(thin_ws, exercises)
    app.start(f"key={thin[state]}")
    for exercise_id in exercises:
        assert_clean(shown_text(app._exercise(exercise_id)))
    assert app.notice.value == ""


@pytest.mark.parametrize("tab", FACILITATOR_TABS)
def test_facilitator_tab_opens_for_a_group_of_thin_participants(thin_ws, exercises, tab):
    app = FacilitatorApp(thin_ws, exercises)
    assert app.group_id == GROUP
    index = app.tabs.titles.index(tab)
    app.tabs.select(index)
    assert app.notice.value != friendly_message(f"opening '{tab}'")
    assert tab in app.tabs.built
    assert_clean(shown_text(app.tabs.children[index]))


def test_every_analysis_is_asked_as_of_the_participants_own_date(crm_ws, exercises, monkeypatch):
    """Each analytics call behind the coach session's tabs gets ``as_of`` as a keyword,
    equal to the date set for this participant (not the workspace's, not 'today')."""
    own = dt.date(2026, 8, 31)
    crm_ws.set_as_of("northfield", own)
    seen: dict[str, object] = {}

    def recording(name, function):
        def call(*args, **kwargs):
            seen[name] = kwargs.get("as_of")
            return function(*args, **kwargs)

        return call

    for name in analytics.__all__:
        function = getattr(analytics, name)
        if inspect.isfunction(function) and "as_of" in inspect.signature(function).parameters:
            monkeypatch.setattr(analytics, name, recording(name, function))
    app = CoachSessionApp(crm_ws, exercises)
    app.picker.value = "northfield"
    for index in range(len(app.tabs.titles)):
        app.tabs.select(index)
    assert app.notice.value == ""
    assert {"client_map", "attention_gaps", "point_person_coverage"} <= set(seen)
    assert all(day == own for day in seen.values()), seen


@pytest.mark.parametrize("state", list(STATES))
def test_a_members_client_ratings_say_what_to_import_before_they_are_suggested(
    thin, thin_ws, exercises, state
):
    app = ParticipantApp(thin_ws, exercises)
    app.start(f"key={thin[state]}")
    text = shown_text(app._exercise("client-love-map"))
    has = set(STATES[state])
    placed = "clients" in has and bool(has & {"transactions", "interactions"})
    assert ("Client ratings are suggested from your data" in text) != placed
    if not placed:
        assert line("transactions", state) in text
