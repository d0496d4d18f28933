"""Coaching data in the store: append-only answers, results, commitments, check-ins."""

import datetime as dt

import pytest

from toolkit.errors import ToolkitError
from toolkit.exercises import load_all
from toolkit.store import Workspace, coaching

AT = dt.datetime(2026, 3, 1, 9, 0)


@pytest.fixture
def ws(tmp_path):
    workspace = Workspace.open(tmp_path)
    workspace.upsert(
        "participants",
        [
            {"participant_id": p, "display_name": p, "role": "member", "created_at": AT}
            for p in ("ana", "ben")
        ],
    )
    yield workspace
    workspace.close()


@pytest.fixture(scope="module")
def audit():
    return load_all()["abandonment-audit"]


def test_answers_are_appended_and_the_latest_wins(ws, audit):
    coaching.save_answer(ws, "ana", audit, "owner_clarity", 2, AT)
    coaching.save_answer(ws, "ana", audit, "owner_clarity", 4, AT)
    coaching.save_answer(ws, "ana", audit, "most_varied", "quotes", AT)
    coaching.save_answer(ws, "ben", audit, "owner_clarity", 1, AT)
    assert coaching.latest_answers(ws, "ana", audit.id) == {
        "owner_clarity": 4,
        "most_varied": "quotes",
    }
    history = coaching.answer_history(ws, "ana", audit.id)
    assert history["value"].tolist() == [2, 4, "quotes"]
    assert set(history["exercise_version"]) == {audit.version}


def test_structured_answers_round_trip_as_json(ws, audit):
    rows = [{"client_id": "c1", "client": "Ärger & Co", "fit": 3, "note": None}]
    coaching.save_answers(ws, "ana", audit, {"clients": rows, "none": None}, AT)
    assert coaching.latest_answers(ws, "ana", audit.id) == {"clients": rows, "none": None}


def test_an_answer_is_appended_only_on_the_version_it_was_based_on(ws, audit):
    first = coaching.append_answer(ws, "ana", audit, "owner_clarity", 2, based_on=0, at=AT)
    assert first is not None and first.value == 2
    assert coaching.answer_version(ws, "ana", audit.id, "owner_clarity") == first
    # a second window that also started from "never answered" is refused: nothing written
    assert coaching.append_answer(ws, "ana", audit, "owner_clarity", 5, based_on=0) is None
    second = coaching.append_answer(ws, "ana", audit, "owner_clarity", 4, first.number, AT)
    assert second is not None and second.number > first.number
    assert coaching.answer_history(ws, "ana", audit.id)["value"].tolist() == [2, 4]
    # versions are kept per participant and item: ben's first answer is based on 0
    assert coaching.append_answer(ws, "ben", audit, "owner_clarity", 1, based_on=0) is not None
    assert coaching.answer_versions(ws, "ana", audit.id) == {"owner_clarity": second}


def test_a_never_answered_item_is_version_zero(ws, audit):
    assert coaching.answer_version(ws, "ana", audit.id, "owner_clarity") == coaching.Version()
    assert coaching.answer_versions(ws, "ana", audit.id) == {}


def test_a_result_is_kept_once_per_period(ws, audit):
    answers = {"owner_clarity": 4}
    first = audit.score({"owner_clarity": 2})
    second = audit.score(answers)
    coaching.save_result(ws, "ana", audit, first, {"owner_clarity": 2}, AT)
    period = coaching.save_result(ws, "ana", audit, second, answers, AT + dt.timedelta(hours=2))
    coaching.save_result(ws, "ana", audit, first, {}, AT + dt.timedelta(days=1))
    stored = coaching.results(ws, "ana", audit.id)
    assert period == "2026-03-01"
    assert stored["period"].tolist() == ["2026-03-01", "2026-03-02"]
    assert stored["total"].tolist() == [4.0, 2.0]
    assert stored.loc[0, "answers"] == answers
    assert stored.loc[0, "sections"]["point_person"] == 4.0


def test_two_clients_plans_scored_the_same_day_keep_two_results(ws):
    """A result per client (``subject``): the second plan does not replace the first, and
    the results about the whole business are what ``results`` returns by default."""
    plan = load_all()["retention-plan"]
    low = {"in_proposal": 1, "built_to_grow": 2}  # promise (1 + 2) / 2 = 1.5
    high = {"in_proposal": 5, "built_to_grow": 4}  # promise (5 + 4) / 2 = 4.5
    coaching.save_result(ws, "ana", plan, plan.score(low), low, AT, subject="c1")
    coaching.save_result(ws, "ana", plan, plan.score(high), high, AT, subject="kiln")
    assert coaching.results(ws, "ana", plan.id).empty
    both = coaching.results(ws, "ana", plan.id, subject=None)
    assert both["subject"].tolist() == ["c1", "kiln"]
    assert [s["promise"] for s in both["sections"]] == [1.5, 4.5]
    (kiln,) = coaching.results(ws, "ana", plan.id, subject="kiln").itertuples()
    assert kiln.answers == high


def test_commitments_check_ins_and_edits(ws):
    first = coaching.add_commitment(ws, "ana", " Call Harbour Labs ", dt.date(2026, 3, 8), "x", AT)
    second = coaching.add_commitment(ws, "ana", "Write the onboarding steps", at=AT)
    coaching.edit_commitment(ws, second, text="Write the onboarding steps down")
    coaching.checkin(ws, first, "open", "left a message", AT + dt.timedelta(days=1))
    coaching.checkin(ws, first, "done", "met them", AT + dt.timedelta(days=2))
    frame = coaching.commitments(ws, "ana")
    assert frame[["text", "status", "source_exercise_id"]].to_dict("records") == [
        {"text": "Call Harbour Labs", "status": "done", "source_exercise_id": "x"},
        {"text": "Write the onboarding steps down", "status": "open", "source_exercise_id": None},
    ]
    assert coaching.checkins(ws, "ana")["note"].tolist() == ["left a message", "met them"]
    assert coaching.checkins(ws, "ben").empty


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda ws: coaching.checkin(ws, 99, "done"), "no commitment with id 99"),
        (lambda ws: coaching.add_commitment(ws, "ana", "  "), "needs a text"),
        (
            lambda ws: coaching.checkin(ws, coaching.add_commitment(ws, "ana", "x"), "later"),
            "unknown status 'later'",
        ),
    ],
)
def test_invalid_commitment_changes_are_refused(ws, call, message):
    with pytest.raises(ToolkitError, match=message):
        call(ws)
