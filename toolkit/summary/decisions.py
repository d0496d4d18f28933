"""The decisions a session took: what the participant decided about each client in an
exercise that rates clients (the client fit map's cherish, develop, renegotiate, let go),
saved on the session's day, with the commitment made from it that day, if any.

A client-rating answer is stored whole (every rated client) each time it is saved, so a
decision counts for the day only when it is new or changed that day: the rows saved
that day are compared with the answer as it stood before the day. The words are those
of the commitment the exercise proposes (:func:`toolkit.exercises.decision_proposals`):
``"Kiln Foods: Renegotiate - change the terms"``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import pandas as pd

from toolkit.exercises import Exercise, decision_proposals
from toolkit.summary.page import day_text


def _latest(answers: pd.DataFrame) -> dict[str, Any]:
    """The latest value of each item among ``answers`` rows (by ``answer_id``)."""
    rows = answers.sort_values("answer_id")
    return dict(zip(rows["item_id"], rows["value"], strict=True))


def decisions_on(
    answers: pd.DataFrame,
    exercises: Mapping[str, Exercise],
    day: dt.date,
    commitments: pd.DataFrame,
) -> list[str]:
    """The client decisions saved on ``day`` that are new or changed since the day before,
    in exercise and row order; each followed by ``(commitment due <date>)`` when one of
    ``commitments`` (text, due_on; those made that day) has the decision's words.

    ``answers``: one participant's stored answers (answer_id, exercise_id, item_id,
    value, answered_at), of any exercise; exercises without client decisions add none.
    """
    saved_on = pd.to_datetime(answers["answered_at"]).dt.date
    due = dict(zip(commitments["text"], commitments["due_on"], strict=True))
    decisions = []
    for exercise_id, exercise in exercises.items():
        own = answers["exercise_id"] == exercise_id
        today = answers[own & (saved_on == day)]
        if today.empty:
            continue
        before = _latest(answers[own & (saved_on < day)])
        earlier = {p.text for p in decision_proposals(exercise, before, day)}
        now = before | _latest(today)
        for proposal in decision_proposals(exercise, now, day):
            if proposal.text not in earlier:
                decisions.append(proposal.text + _commitment(due, proposal.text))
    return decisions


def _commitment(due: Mapping[str, Any], text: str) -> str:
    """' (commitment due 5 Dec 2026)' when a commitment was made of ``text``, '' if not."""
    if text not in due:
        return ""
    when = day_text(due[text])
    return f" (commitment due {when})" if when else " (commitment made)"
