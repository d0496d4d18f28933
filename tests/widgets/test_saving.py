"""Saving that tells the truth: typed text is never rewritten, a change stays pending until
its row committed, a busy database is retried, other errors are shown, and two windows of
one member merge instead of overwriting each other."""

import logging
import sqlite3

import pytest

from toolkit.store import Workspace, coaching
from toolkit.store import workspace as workspace_module
from toolkit.widgets import ExerciseForm
from toolkit.widgets.exercise_form import CONFLICT_TEXT

from .conftest import PARTICIPANT, saved_within

TARGETS = "six-monthly-targets"


def targets(form):
    """The text boxes of the monthly targets, in order."""
    return [text for _box, text, _ in form.items["targets"].lines]


def write(form, lines: dict[int, str]) -> None:
    """Type ``lines`` (target index -> text) into a form, then save."""
    for index, text in lines.items():
        targets(form)[index].value = text
    form.flush()


@pytest.fixture
def windows(exercises, open_form):
    """The monthly targets of one member open in two windows: a laptop and a phone."""
    return open_form(exercises[TARGETS]), open_form(exercises[TARGETS])


def stored_targets(ws):
    return [e["text"] for e in coaching.latest_answers(ws, PARTICIPANT, TARGETS)["targets"]]


def test_what_is_typed_stays_in_the_box_and_is_stored_without_surrounding_spaces(
    exercises, workspace, open_form
):
    form = open_form(exercises[TARGETS])
    box = targets(form)[0]
    # a phone keyboard's word completion: each event adds a word and a space
    typed = ""
    for word in ("Call ", "the ", "three ", "largest ", "clients "):
        typed += word
        box.value = typed
        assert box.value == typed, "the box was rewritten while typing"
    form.flush()
    assert stored_targets(workspace)[0] == "Call the three largest clients"
    assert box.value == "Call the three largest clients "


@pytest.mark.parametrize(
    ("exercise_id", "item_id", "typed", "stored"),
    [
        ("excuse-audit", "revenue", "1 250", 1250),
        ("retention-plan", "client_name", " Kiln ", "Kiln"),
    ],
)
def test_single_boxes_keep_the_typed_form_too(
    exercises, workspace, open_form, exercise_id, item_id, typed, stored
):
    form = open_form(exercises[exercise_id])
    widget = form.items[item_id]
    widget.control.value = typed
    assert (widget.control.value, widget.value) == (typed, stored)
    form.flush()
    assert coaching.latest_answers(workspace, PARTICIPANT, exercise_id)[item_id] == stored


def test_a_restored_answer_fills_the_boxes(exercises, workspace, open_form):
    form = open_form(exercises[TARGETS])
    targets(form)[1].value = "Write the onboarding checklist "
    form.flush()
    again = open_form(exercises[TARGETS])
    assert [t.value for t in targets(again)][:2] == ["", "Write the onboarding checklist"]


@pytest.fixture
def quick_busy_timeout(monkeypatch):
    """Connections give up on a locked database after 0.2 s instead of 10 s."""
    monkeypatch.setattr(workspace_module, "BUSY_TIMEOUT_MS", 200)


def lock(ws: Workspace) -> sqlite3.Connection:
    """Another process's write lock on the workspace database, held until released."""
    holder = sqlite3.connect(ws.engine.url.database, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    return holder


def test_a_locked_database_keeps_the_change_pending_and_is_retried(
    quick_busy_timeout, exercises, workspace, caplog
):
    """(``quick_busy_timeout`` comes first: the workspace opens with it.)"""
    ws = workspace
    form = ExerciseForm(exercises[TARGETS], ws, PARTICIPANT, delay=60)
    holder = lock(ws)
    targets(form)[0].value = "Call Kiln & Co"
    with caplog.at_level(logging.WARNING, logger="toolkit.widgets.saving"):
        assert form.flush() == 0
    assert "Not saved yet: retrying" in form.status.value
    assert "Saved" not in form.status.value
    assert form.saver.pending, "the change left the queue before it was written"
    assert "not saved" in caplog.text and "locked" in caplog.text
    holder.rollback()
    holder.close()
    saved_within(form, seconds=10)  # the retry timer writes it
    assert stored_targets(ws)[0] == "Call Kiln & Co"
    assert "Saved" in form.status.value and 'class="tk-last-saved"' in form.status.value


def test_an_error_that_will_not_pass_is_shown_and_the_text_kept(exercises, workspace, caplog):
    form = ExerciseForm(exercises[TARGETS], workspace, "nobody", delay=60)
    targets(form)[0].value = "Call Kiln & Co"
    with caplog.at_level(logging.ERROR, logger="toolkit.widgets.saving"):
        assert form.flush() == 0
    assert "Could not save: FOREIGN KEY constraint failed; your text is kept here" in (
        form.status.value
    )
    assert 'role="alert"' in form.status.value
    assert form.saver.pending and targets(form)[0].value == "Call Kiln & Co"
    assert "IntegrityError" in caplog.text


def test_two_windows_editing_different_targets_both_keep_their_changes(windows, workspace):
    laptop, phone = windows
    write(laptop, {0: "Call Kiln & Co"})
    write(phone, {1: "Visit Mesa Tools", 4: "Send the survey"})
    assert stored_targets(workspace)[:5] == [
        "Call Kiln & Co",
        "Visit Mesa Tools",
        "",
        "",
        "Send the survey",
    ]
    assert targets(phone)[0].value == "Call Kiln & Co", "the phone shows the laptop's change"
    assert CONFLICT_TEXT not in phone.status.value
    # and the laptop's next save keeps the phone's lines
    laptop.items["targets"].lines[0][0].value = True
    laptop.flush()
    stored = coaching.latest_answers(workspace, PARTICIPANT, TARGETS)["targets"]
    assert [e["text"] for e in stored][:2] == ["Call Kiln & Co", "Visit Mesa Tools"]
    assert stored[0]["done"] is True and stored[4]["text"] == "Send the survey"


def test_the_same_target_changed_in_two_windows_is_refused_in_the_later_one(windows, workspace):
    laptop, phone = windows
    write(laptop, {2: "Call Kiln & Co"})
    write(phone, {2: "Call Mesa Tools"})
    assert stored_targets(workspace)[2] == "Call Kiln & Co"
    assert CONFLICT_TEXT in phone.status.value
    assert "Your other changes were saved at" in phone.status.value
    assert targets(phone)[2].value == "Call Mesa Tools", "the phone's own text is kept"
    # other targets from the phone still save; the conflicting one stays refused
    write(phone, {3: "Write the checklist", 2: "Call Mesa Tools today"})
    assert stored_targets(workspace)[2:4] == ["Call Kiln & Co", "Write the checklist"]
    history = coaching.answer_history(workspace, PARTICIPANT, TARGETS)
    assert "Call Mesa Tools" not in str(history["value"].tolist())
