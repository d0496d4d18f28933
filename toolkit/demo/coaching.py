"""Coaching history of a demo workspace: participants, the mastermind, sessions, commitments.

Six months of it, so progress views have something to show: a monthly one-to-one session
per participant, a monthly group meeting when there is a mastermind (with attendance and
hot seats, :mod:`toolkit.demo.meetings`), and commitments with check-ins, some done, some
still open and some dropped; those made in a meeting name it.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from toolkit.demo import vocabulary as words
from toolkit.demo.firms import FirmSpec, person_names, pick
from toolkit.demo.meetings import GroupMeeting, meeting_tables

#: The mastermind group of a demo with more than one firm, and its coach.
GROUP_ID = "thursday"
GROUP_NAME = "Thursday mastermind"
COACH_ID = "coach"
#: Months of sessions before ``as_of``; commitments are made within the last HISTORY_DAYS.
MONTHS = 6
HISTORY_DAYS = 183
#: The first firm joined this many days before ``as_of``; the others joined days later.
JOINED_DAYS = 210
#: Commitments per participant (low inclusive, high exclusive), due this many days later.
COMMITMENTS = (4, 9)
DUE_AFTER = (14, 60)
#: The group meets on a Thursday (``date.weekday()``).
THURSDAY = 3

Rows = list[dict[str, object]]


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour))


def participant_rows(
    rng: np.random.Generator, firms: list[FirmSpec], as_of: dt.date, grouped: bool
) -> Rows:
    """One member row per firm and, for a mastermind, the coach (keys are set by the CLI)."""
    joined = as_of - dt.timedelta(days=JOINED_DAYS)
    rows: Rows = [
        {
            "participant_id": spec.participant_id,
            "display_name": spec.name,
            "role": "member",
            "group_id": GROUP_ID if grouped else None,
            "created_at": _at(joined + dt.timedelta(days=3 * i), 9),
        }
        for i, spec in enumerate(firms)
    ]
    if grouped:
        (coach,) = person_names(rng, 1)
        rows.insert(
            0,
            {
                "participant_id": COACH_ID,
                "display_name": f"{coach} (coach)",
                "role": "coach",
                "group_id": GROUP_ID,
                "created_at": _at(joined - dt.timedelta(days=30), 9),
            },
        )
    return rows


def month_starts(as_of: dt.date) -> list[dt.date]:
    """The first days of the last :data:`MONTHS` months up to ``as_of``, oldest first."""
    starts, year, month = [], as_of.year, as_of.month
    for _ in range(MONTHS):
        starts.append(dt.date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return starts[::-1]


def second_thursday(first: dt.date) -> dt.date:
    """The group's meeting day in the month starting on ``first``."""
    return first + dt.timedelta(days=(THURSDAY - first.weekday()) % 7 + 7)


def session_rows(
    rng: np.random.Generator, firms: list[FirmSpec], as_of: dt.date, grouped: bool
) -> tuple[Rows, list[GroupMeeting]]:
    """Monthly one-to-one sessions per participant and monthly group meetings.

    A group meeting is also a session row with the group's notes: the facilitator's
    Meeting notes tab still reads notes from session rows (attendance and hot seats come
    from the ``meetings`` tables).
    """
    rows: Rows = []
    held: list[GroupMeeting] = []
    for first in month_starts(as_of):
        for spec in firms:
            day = first + dt.timedelta(days=int(rng.integers(0, 25)))
            if day < as_of:
                rows.append(
                    {
                        "participant_id": spec.participant_id,
                        "group_id": None,
                        "held_on": day,
                        "notes": pick(rng, words.SESSION_NOTES),
                    }
                )
        meeting = second_thursday(first)
        if grouped and meeting < as_of:
            hot_seat = pick(rng, firms).participant_id
            notes = pick(rng, words.GROUP_NOTES)
            held.append(GroupMeeting(meeting, notes, hot_seat))
            rows.append(
                {"participant_id": None, "group_id": GROUP_ID, "held_on": meeting, "notes": notes}
            )
    return [{"session_id": i, **row} for i, row in enumerate(rows, start=1)], held


def _status(rng: np.random.Generator, due: dt.date, as_of: dt.date) -> str:
    """Past due: mostly done, some dropped, some still open; not yet due: mostly open."""
    if due < as_of:
        return str(rng.choice(["done", "dropped", "open"], p=[0.6, 0.15, 0.25]))
    return str(rng.choice(["open", "done"], p=[0.8, 0.2]))


def add_commitment(
    rng: np.random.Generator,
    made: tuple[Rows, Rows],
    participant_id: str,
    text: str,
    created: dt.date,
    due: dt.date,
    as_of: dt.date,
    meeting_id: str | None = None,
) -> None:
    """Append a commitment and its check-ins (the last one has the commitment's status)
    to ``made``, the commitment and check-in rows so far."""
    commitments, checkins = made
    status = _status(rng, due, as_of)
    commitment_id = len(commitments) + 1
    commitments.append(
        {
            "commitment_id": commitment_id,
            "participant_id": participant_id,
            "text": text,
            "due_on": due,
            "status": status,
            "created_at": _at(created, 10),
            "meeting_id": meeting_id,
        }
    )
    last = min(as_of, due + dt.timedelta(days=10))
    span = max(1, (last - created).days)
    days = np.sort(rng.choice(np.arange(1, span + 1), size=min(span, 3), replace=False))
    days = days[: int(rng.integers(1, len(days) + 1))]
    for n, day in enumerate(days, start=1):
        state = status if n == len(days) else "open"
        checkins.append(
            {
                "checkin_id": len(checkins) + 1,
                "commitment_id": commitment_id,
                "at": _at(created + dt.timedelta(days=int(day)), 17),
                "status": state,
                "note": pick(rng, words.CHECKIN_NOTES[state]),
            }
        )


def commitment_rows(
    rng: np.random.Generator, firms: list[FirmSpec], as_of: dt.date
) -> tuple[Rows, Rows]:
    """Commitments over the last six months and their check-ins."""
    made: tuple[Rows, Rows] = ([], [])
    for spec in firms:
        count = int(rng.integers(*COMMITMENTS))
        texts = rng.choice(words.COMMITMENTS, size=count, replace=False)
        for text in texts:
            created = as_of - dt.timedelta(days=int(rng.integers(5, HISTORY_DAYS)))
            due = created + dt.timedelta(days=int(rng.integers(*DUE_AFTER)))
            add_commitment(rng, made, spec.participant_id, str(text), created, due, as_of)
    return made


def coaching_rows(
    rng: np.random.Generator, firms: list[FirmSpec], as_of: dt.date
) -> dict[str, Rows]:
    """Every coaching table's rows, keyed by table, in the order they must be written.

    The group meetings' details (attendance, hot seats, actions) come from a generator
    spawned from ``rng``, so they leave the rest of the demo as it was before meetings
    had records of their own.
    """
    grouped = len(firms) > 1
    made = commitment_rows(rng, firms, as_of)
    participants = participant_rows(rng, firms, as_of, grouped)
    sessions, held = session_rows(rng, firms, as_of, grouped)
    details = rng.spawn(1)[0]
    members = [spec.participant_id for spec in firms]
    group = meeting_tables(details, GROUP_ID, members, held)
    for action in group.actions:
        add_commitment(
            details,
            made,
            action.participant_id,
            action.text,
            action.made_on,
            action.due_on,
            as_of,
            action.meeting_id,
        )
    return {
        "groups": [{"group_id": GROUP_ID, "name": GROUP_NAME}] if grouped else [],
        "participants": participants,
        "sessions": sessions,
        "meetings": group.meetings,
        "attendance": group.attendance,
        "hot_seats": group.hot_seats,
        "commitments": made[0],
        "checkins": made[1],
    }
