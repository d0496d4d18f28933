"""Fixtures for headless widget tests: a workspace with a participant, client suggestions,
and a helper that answers any item through its controls as a person would."""

import datetime as dt
import time

import pandas as pd
import pytest

from toolkit.store import Workspace
from toolkit.widgets import ExerciseForm, ItemWidget

PARTICIPANT = "ana"
TODAY = dt.date(2026, 3, 2)


@pytest.fixture
def workspace(tmp_path):
    ws = Workspace.open(tmp_path)
    ws.upsert(
        "participants",
        [
            {
                "participant_id": PARTICIPANT,
                "display_name": "Ana",
                "role": "member",
                "created_at": dt.datetime(2026, 1, 1),
            }
        ],
    )
    yield ws
    ws.close()


@pytest.fixture
def suggestions():
    """What ``client_map`` might say about three clients (fit and health on 0..1)."""
    return pd.DataFrame(
        {
            "client_id": ["c1", "c2", "c3"],
            "name": ["Harbour Labs", "Kiln & Co", "Mesa Tools"],
            "fit": [0.75, 0.25, 1.0],
            "health": [0.5, 0.0, 0.75],
            "value": [30_000.0, 20_000.0, 10_000.0],
        }
    )


def fill(widget: ItemWidget) -> None:
    """Answer ``widget`` through its controls: the second scale point, the first option..."""
    item, kind = widget.item, widget.item.kind
    if kind == "scale":
        widget.control.value = int(item.min) + 1
    elif kind == "choice":
        widget.control.value = item.options[0].id
    elif kind == "multi-choice":
        for box in list(widget.boxes.values())[:2]:
            box.value = True
    elif kind == "text":
        widget.control.value = "A considered answer"
    elif kind == "number":
        widget.control.value = "1 250"
    elif kind == "date":
        widget.control.value = dt.date(2026, 4, 1)
    elif kind == "checklist":
        for number, (box, text, _) in enumerate(widget.lines):
            if text is not None:
                text.value = f"Target {number}"
            box.value = number % 2 == 0
    elif kind == "table":
        for field in widget.add_row().values():
            fill(field)
    elif kind == "client-rating":
        for fields in widget.rows.values():
            for field in fields.values():
                fill(field)


def saved_within(form: ExerciseForm, seconds: float) -> None:
    """Wait until the form's timer saved everything pending (fail after ``seconds``)."""
    deadline = time.monotonic() + seconds
    while (form.saver.pending or form.saver.saved_at is None) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert not form.saver.pending, f"still pending after {seconds} s: {form.saver.pending}"
    assert form.saver.saved_at is not None


@pytest.fixture
def open_form(workspace):
    """Open forms with a long save delay (tests call ``flush()``); pending saves are flushed
    at teardown so no timer outlives its test."""
    opened: list[ExerciseForm] = []

    def factory(exercise, ws=None, suggestions=None, **kwargs) -> ExerciseForm:
        form = ExerciseForm(
            exercise,
            ws or workspace,
            PARTICIPANT,
            suggestions=suggestions,
            delay=60,
            today=TODAY,
            **kwargs,
        )
        opened.append(form)
        return form

    yield factory
    for form in opened:
        form.flush()
