"""The session's decisions, from client fit map answers saved by hand in a temporary
workspace: only decisions new or changed on the session's day, in the exercise's words,
with the commitment made of them that day; none, and no heading, on a day without."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.summary.conftest import read_page
from toolkit.exercises import load_all
from toolkit.store import Workspace, coaching
from toolkit.store import participants as people
from toolkit.summary import SessionSummary, render_summary
from toolkit.summary.decisions import decisions_on

DAY = dt.date(2027, 3, 5)


def at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour))


def rated(client: str, decision: str | None) -> dict:
    row = {"client_id": client[:3].upper(), "client": client, "fit": 3, "reciprocity": 3}
    return row | ({"decision": decision} if decision else {})


@pytest.fixture
def workspace(tmp_path):
    """Ada's client fit map: decided a month before, revised twice on DAY, once after."""
    exercises = load_all()
    fit_map = exercises["client-love-map"]
    with Workspace.open(tmp_path) as ws:
        people.add_participant(ws, "Ada Ltd", "ada")
        saves = [
            (
                DAY - dt.timedelta(days=30),
                9,
                [rated("Alder", "cherish"), rated("Birch", "develop")],
            ),
            (DAY, 10, [rated("Alder", "cherish"), rated("Birch", "let_go")]),
            (
                DAY,
                11,
                [
                    rated("Alder", "cherish"),
                    rated("Birch", "let_go"),
                    rated("Cedar", "renegotiate"),
                    rated("Dogwood", None),
                ],
            ),
            (DAY + dt.timedelta(days=1), 9, [rated("Alder", "let_go")]),
        ]
        for day, hour, rows in saves:
            coaching.save_answers(ws, "ada", fit_map, {"clients": rows}, at(day, hour))
        coaching.save_answers(
            ws, "ada", exercises["treasure-review"], {"top_clients": []}, at(DAY, 12)
        )
        coaching.add_commitment(
            ws,
            "ada",
            "Cedar: Renegotiate - change the terms",
            DAY + dt.timedelta(30),
            at=at(DAY, 11),
        )
        coaching.add_commitment(ws, "ada", "Call Birch's director", None, at=at(DAY, 11))
        yield ws, exercises


def decisions(ws: Workspace, exercises, day: dt.date) -> list[str]:
    commitments = coaching.commitments(ws, "ada")
    made = commitments[commitments["created_at"].dt.date == day]
    return decisions_on(ws.table("answers", "ada"), exercises, day, made)


def test_only_the_days_new_or_changed_decisions_with_their_commitment(workspace):
    ws, exercises = workspace
    assert decisions(ws, exercises, DAY) == [
        "Birch: Let go - hand over on purpose",
        "Cedar: Renegotiate - change the terms (commitment due 4 Apr 2027)",
    ], "Alder kept its month-old decision; Dogwood was rated without one"


def test_the_first_day_lists_every_decision(workspace):
    ws, exercises = workspace
    assert decisions(ws, exercises, DAY - dt.timedelta(days=30)) == [
        "Alder: Cherish - protect and reward",
        "Birch: Develop - grow the relationship",
    ]


def test_a_day_without_client_decisions_has_no_decisions_section(workspace):
    ws, exercises = workspace
    assert decisions(ws, exercises, DAY - dt.timedelta(days=1)) == []
    page = render_summary(SessionSummary(participant="Ada Ltd", session_on=DAY))
    assert "<h2>Decisions</h2>" not in page


def test_the_decisions_are_their_own_section(workspace):
    ws, exercises = workspace
    page = render_summary(
        SessionSummary(
            participant="Ada Ltd", session_on=DAY, decisions=decisions(ws, exercises, DAY)
        )
    )
    text = " ".join(read_page(page).text)
    assert "<h2>Decisions</h2>" in page
    assert "Birch: Let go - hand over on purpose" in text
    assert page.index("<h2>Notes</h2>") < page.index("<h2>Decisions</h2>")
    assert page.index("<h2>Decisions</h2>") < page.index("<h2>New commitments</h2>")
