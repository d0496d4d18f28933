"""One retention plan per client, kept apart in the store, and a plan as a paragraph."""

import datetime as dt

import pytest

from toolkit.exercises import plan_of, plan_paragraph, planned_clients, scoped
from toolkit.exercises.plans import scoped_id
from toolkit.store import coaching
from toolkit.store.workspace import Workspace

HARBOUR = {"client_name": "Harbour Labs", "why": "A second plant.", "in_proposal": 4}
MESA = {"client_name": "Mesa Water", "why": "New filtration line.", "in_proposal": 2}


@pytest.fixture
def workspace(tmp_path):
    ws = Workspace.open(tmp_path / "workspace")
    row = {"participant_id": "p1", "display_name": "P1", "role": "member"}
    ws.upsert("participants", [{**row, "created_at": dt.datetime(2026, 1, 1)}])
    yield ws
    ws.close()


def test_the_retention_plan_is_answered_per_client(exercises):
    assert exercises["retention-plan"].answers_per == "client"
    assert exercises["excuse-audit"].answers_per == "participant"


def test_planning_a_second_client_keeps_the_first(workspace, exercises):
    exercise = exercises["retention-plan"]
    coaching.save_answers(workspace, "p1", exercise, scoped(HARBOUR, "c17"))
    coaching.save_answers(workspace, "p1", exercise, scoped(MESA, "mesa-water"))
    coaching.save_answer(workspace, "p1", exercise, scoped_id("in_proposal", "c17"), 5)
    stored = coaching.latest_answers(workspace, "p1", "retention-plan")
    assert planned_clients(stored) == ["c17", "mesa-water"]
    assert plan_of(stored, "c17") == {**HARBOUR, "in_proposal": 5}
    assert plan_of(stored, "mesa-water") == MESA
    # one client's plan scores like any plain answers: promise = in_proposal alone
    assert exercise.score(plan_of(stored, "mesa-water")).sections["promise"] == 2.0


@pytest.mark.parametrize("key", ["", "a@b"])
def test_a_client_key_is_not_empty_and_has_no_separator(key):
    with pytest.raises(ValueError, match="client key"):
        scoped(HARBOUR, key)


def test_a_full_plan_reads_as_a_paragraph():
    plan = {
        "why": "You will add a second plant next year.",
        "what": "  Start with the survey, then the upgrade  ",
        "next_phase": "the automation of line B",
        "next_phase_on": "2027-03-01",
        "next_phase_value": 40_000,
        "relationship_owner": "Ava Holt",
        "how": "A monthly call with your site manager.",
        "first_review": "2027-01-15",
    }
    assert plan_paragraph(plan, "Harbour Labs", "EUR ") == (
        "How we will grow together with Harbour Labs. You will add a second plant next year. "
        "Start with the survey, then the upgrade. The next step is the automation of line B, "
        "which we will propose on 1 March 2027 (about EUR 40,000). Ava Holt looks after the "
        "relationship after delivery. A monthly call with your site manager. We will review "
        "the work with you on 15 January 2027."
    )


def test_a_thin_plan_leaves_out_what_it_does_not_name():
    plan = {"next_phase": "Phase 2", "next_phase_on": "soon", "next_phase_value": 0, "how": ""}
    assert plan_paragraph(plan, "Mesa Water") == (
        "How we will grow together with Mesa Water. The next step is Phase 2."
    )


def test_answers_stored_without_a_client_are_a_plan_of_their_own():
    stored = {**scoped(HARBOUR, "c17"), "why": "Older plan.", "in_proposal": 3}
    assert plan_of(stored, None) == {"why": "Older plan.", "in_proposal": 3}
    assert planned_clients(stored) == ["c17"]
