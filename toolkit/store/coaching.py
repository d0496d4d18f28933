"""Coaching data: exercise answers, scored results, commitments and their check-ins.

Answers are append-only: every change is a new row stamped with the exercise version, and
the current answer to an item is its latest row. Editing an exercise later therefore never
rewrites what a participant said, and old results can still be explained.

The id of an item's latest row is the *version* of its answer. A window that saves with
:func:`append_answer` names the version it started from, and the row is only appended
when nothing was saved for that item since (compare-and-append, in one statement), so
two windows of one member never silently overwrite each other.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from toolkit.clock import utc_now
from toolkit.errors import ToolkitError
from toolkit.store import schema
from toolkit.store.workspace import Workspace, insert_returning_id

if TYPE_CHECKING:
    import pandas as pd

    from toolkit.exercises import Exercise, Result

STATUSES = ("open", "done", "dropped")


def save_answers(
    ws: Workspace,
    participant_id: str,
    exercise: Exercise,
    answers: dict[str, Any],
    at: dt.datetime | None = None,
) -> int:
    """Append one row per item of ``answers`` (item id -> JSON value); return the count."""
    at = at or utc_now()
    rows = [
        {
            "participant_id": participant_id,
            "exercise_id": exercise.id,
            "exercise_version": exercise.version,
            "item_id": item_id,
            "value": value,
            "answered_at": at,
        }
        for item_id, value in answers.items()
    ]
    if rows:
        with ws.connect() as connection:
            connection.execute(sa.insert(schema.Answer), rows)
    return len(rows)


def save_answer(
    ws: Workspace,
    participant_id: str,
    exercise: Exercise,
    item_id: str,
    value: Any,
    at: dt.datetime | None = None,
) -> None:
    """Append the answer ``value`` (any JSON value) to one item of an exercise."""
    save_answers(ws, participant_id, exercise, {item_id: value}, at)


@dataclass(frozen=True)
class Version:
    """A stored answer and its version (the id of its row; 0 when never answered)."""

    number: int = 0
    value: Any = None


def _of_exercise(participant_id: str, exercise_id: str) -> list[sa.ColumnElement[bool]]:
    answers = schema.Answer
    return [answers.participant_id == participant_id, answers.exercise_id == exercise_id]


def answer_versions(ws: Workspace, participant_id: str, exercise_id: str) -> dict[str, Version]:
    """The current answer to each answered item, with its version."""
    answers = schema.Answer
    latest = (
        sa.select(sa.func.max(answers.answer_id))
        .where(*_of_exercise(participant_id, exercise_id))
        .group_by(answers.item_id)
    )
    query = sa.select(answers.item_id, answers.answer_id, answers.value).where(
        answers.answer_id.in_(latest)
    )
    with ws.engine.connect() as connection:
        return {row.item_id: Version(row.answer_id, row.value) for row in connection.execute(query)}


def latest_answers(ws: Workspace, participant_id: str, exercise_id: str) -> dict[str, Any]:
    """The current answer to each item: the value of its latest row (by insertion order)."""
    versions = answer_versions(ws, participant_id, exercise_id)
    return {item_id: version.value for item_id, version in versions.items()}


def answer_version(ws: Workspace, participant_id: str, exercise_id: str, item_id: str) -> Version:
    """The current answer to one item, with its version."""
    answers = schema.Answer
    query = (
        sa.select(answers.answer_id, answers.value)
        .where(*_of_exercise(participant_id, exercise_id), answers.item_id == item_id)
        .order_by(answers.answer_id.desc())
        .limit(1)
    )
    with ws.engine.connect() as connection:
        row = connection.execute(query).first()
    return Version() if row is None else Version(row.answer_id, row.value)


def answer_at(
    ws: Workspace, participant_id: str, exercise_id: str, item_id: str, number: int
) -> Version | None:
    """The stored answer of version ``number`` (0: never answered) of one item, or None
    when no row of that item has that id."""
    if number == 0:
        return Version()
    answers = schema.Answer
    query = sa.select(answers.value).where(
        *_of_exercise(participant_id, exercise_id),
        answers.item_id == item_id,
        answers.answer_id == number,
    )
    with ws.engine.connect() as connection:
        row = connection.execute(query).first()
    return None if row is None else Version(number, row.value)


def append_answer(
    ws: Workspace,
    participant_id: str,
    exercise: Exercise,
    item_id: str,
    value: Any,
    based_on: int,
    at: dt.datetime | None = None,
) -> Version | None:
    """Append ``value`` to an item only if its answer is still at version ``based_on``;
    return the new version, or None when somebody saved the item since (nothing written).

    One ``INSERT ... SELECT ... WHERE <latest id> = based_on`` statement, so no other
    writer can slip in between the check and the write. SQLite runs one writer at a time;
    PostgreSQL runs them side by side, each blind to the others' uncommitted rows, so there
    the item is first locked until the transaction ends (an advisory lock on its key).
    """
    answers = schema.Answer
    current = (
        sa.select(sa.func.coalesce(sa.func.max(answers.answer_id), 0))
        .where(*_of_exercise(participant_id, exercise.id), answers.item_id == item_id)
        .scalar_subquery()
    )
    columns = {
        "participant_id": participant_id,
        "exercise_id": exercise.id,
        "exercise_version": exercise.version,
        "item_id": item_id,
        "value": value,
        "answered_at": at or utc_now(),
    }
    values = sa.select(
        *(
            sa.bindparam(name, data, type_=answers.__table__.c[name].type)
            for name, data in columns.items()
        )
    ).where(current == based_on)
    statement = sa.insert(answers).from_select(list(columns), values).returning(answers.answer_id)
    with ws.connect() as connection:
        if connection.dialect.name == "postgresql":
            key = f"answer:{participant_id}:{exercise.id}:{item_id}"
            connection.execute(sa.select(sa.func.pg_advisory_xact_lock(sa.func.hashtext(key))))
        number = connection.execute(statement).scalar()
    return None if number is None else Version(number, value)


def answer_history(ws: Workspace, participant_id: str, exercise_id: str) -> pd.DataFrame:
    """Every stored answer row of one exercise, oldest first (for audits and undo)."""
    frame = ws.table("answers", participant_id)
    frame = frame[frame["exercise_id"] == exercise_id]
    return frame.sort_values("answer_id").reset_index(drop=True)


def save_result(
    ws: Workspace,
    participant_id: str,
    exercise: Exercise,
    result: Result,
    answers: dict[str, Any],
    at: dt.datetime | None = None,
    subject: str = "",
) -> str:
    """Store a scored result for the period ``at`` falls in (replacing an earlier result of
    the same period and ``subject``) and return the period. ``subject`` is the client key
    of an exercise answered per client (``""``: the business as a whole), so each client's
    retention plan keeps its own result."""
    at = at or utc_now()
    period = exercise.period(at.date())
    ws.upsert(
        "results",
        [
            {
                "participant_id": participant_id,
                "exercise_id": exercise.id,
                "period": period,
                "subject": subject,
                "exercise_version": exercise.version,
                "scored_at": at,
                "total": result.total,
                "band": result.band.id if result.band else None,
                "sections": dict(result.sections),
                "answers": answers,
            }
        ],
    )
    return period


def results(
    ws: Workspace,
    participant_id: str | None = None,
    exercise_id: str | None = None,
    subject: str | None = "",
) -> pd.DataFrame:
    """Stored results (optionally one participant's, one exercise's), oldest first.

    ``subject``: ``""`` (the default) for the results about the business as a whole, a
    client key for that client's results, None for all of them (the ``subject`` column
    says which); a score's before and after are only comparable within one subject.
    """
    frame = ws.table("results", participant_id)
    if exercise_id is not None:
        frame = frame[frame["exercise_id"] == exercise_id]
    if subject is not None:
        frame = frame[frame["subject"] == subject]
    order = ["participant_id", "exercise_id", "period", "subject"]
    return frame.sort_values(order).reset_index(drop=True)


def add_commitment(
    ws: Workspace,
    participant_id: str,
    text: str,
    due_on: dt.date | None = None,
    source_exercise_id: str | None = None,
    at: dt.datetime | None = None,
    meeting_id: str | None = None,
) -> int:
    """Record a new open commitment and return its id; ``meeting_id`` names the group
    meeting it was made in (see :func:`toolkit.store.meetings.add_action`)."""
    if not text.strip():
        raise ToolkitError("a commitment needs a text")
    row = {
        "participant_id": participant_id,
        "text": text.strip(),
        "due_on": due_on,
        "status": "open",
        "created_at": at or utc_now(),
        "source_exercise_id": source_exercise_id,
        "meeting_id": meeting_id,
    }
    with ws.connect() as connection:
        return insert_returning_id(connection, sa.insert(schema.Commitment).values(row))


def edit_commitment(
    ws: Workspace, commitment_id: int, text: str | None = None, due_on: dt.date | None = None
) -> None:
    """Change the text and/or due date of a commitment."""
    values: dict[str, Any] = {}
    if text is not None:
        values["text"] = text.strip()
    if due_on is not None:
        values["due_on"] = due_on
    if values:
        with ws.connect() as connection:
            _require(connection, commitment_id)
            connection.execute(
                sa.update(schema.Commitment)
                .where(schema.Commitment.commitment_id == commitment_id)
                .values(values)
            )


def checkin(
    ws: Workspace,
    commitment_id: int,
    status: str,
    note: str | None = None,
    at: dt.datetime | None = None,
) -> None:
    """Record a check-in on a commitment and set the commitment's status to ``status``."""
    if status not in STATUSES:
        raise ToolkitError(f"unknown status {status!r}; use one of {', '.join(STATUSES)}")
    with ws.connect() as connection:
        _require(connection, commitment_id)
        connection.execute(
            sa.insert(schema.Checkin).values(
                commitment_id=commitment_id, at=at or utc_now(), status=status, note=note
            )
        )
        connection.execute(
            sa.update(schema.Commitment)
            .where(schema.Commitment.commitment_id == commitment_id)
            .values(status=status)
        )


def _require(connection: sa.Connection, commitment_id: int) -> None:
    query = sa.select(schema.Commitment.commitment_id).where(
        schema.Commitment.commitment_id == commitment_id
    )
    if connection.scalar(query) is None:
        raise ToolkitError(f"no commitment with id {commitment_id}")


def commitments(ws: Workspace, participant_id: str | None = None) -> pd.DataFrame:
    """Commitments (optionally of one participant), oldest first."""
    frame = ws.table("commitments", participant_id)
    return frame.sort_values("commitment_id").reset_index(drop=True)


def checkins(ws: Workspace, participant_id: str | None = None) -> pd.DataFrame:
    """Check-ins with their commitment's ``participant_id``, oldest first."""
    frame = ws.table("checkins").merge(
        ws.table("commitments")[["commitment_id", "participant_id"]], on="commitment_id"
    )
    if participant_id is not None:
        frame = frame[frame["participant_id"] == participant_id]
    return frame.sort_values(["at", "checkin_id"]).reset_index(drop=True)
