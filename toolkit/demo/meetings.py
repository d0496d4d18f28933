"""Group meetings of a demo mastermind: who attended, the hot seats with their prep and
outcome, and the actions members took on.

Each month's meeting has two or three hot seats. The first is drawn with the rest of the
coaching history; the others go to the members who had one longest ago (never first),
as a facilitator rotates them. Hot-seat members attend; the others attend most months.
Most members send their prep beforehand; some come without. Each hot seat leaves with
an action, and some of the other attendees commit to one in the commitments round.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np

from toolkit.demo import vocabulary as words
from toolkit.demo.firms import pick
from toolkit.store.meetings import DEFAULT_AGENDA, meeting_id_for, stored_agenda

#: Chance that a member without a hot seat attends.
ATTENDS = 0.85
#: Chance that a meeting has three hot seats rather than two (when the group is big enough).
THREE_SEATS = 0.35
#: Chance that a hot-seat member sends their prep, and how many days before (low
#: inclusive, high exclusive) they do.
PREPARED = 0.8
PREP_DAYS = (1, 6)
#: Chance that an attendee without a hot seat commits to something in the round.
ROUND_ACTION = 0.5
#: Actions are due this many days after the meeting.
DUE_AFTER = (14, 45)
#: The evening hour the prep is sent.
PREP_HOUR = 21

Rows = list[dict[str, object]]


@dataclass(frozen=True)
class GroupMeeting:
    """A meeting of the demo group: its day, the facilitator's notes, the first hot seat."""

    held_on: dt.date
    notes: str
    first_hot_seat: str


@dataclass(frozen=True)
class Action:
    """A commitment a member made in a meeting (written with the other commitments)."""

    meeting_id: str
    participant_id: str
    text: str
    made_on: dt.date
    due_on: dt.date


@dataclass
class MeetingTables:
    """The rows of ``meetings``, ``attendance`` and ``hot_seats``, and the actions."""

    meetings: Rows = field(default_factory=list)
    attendance: Rows = field(default_factory=list)
    hot_seats: Rows = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)


def seat_order(
    rng: np.random.Generator, members: list[str], first: str, last_seat: dict[str, dt.date]
) -> list[str]:
    """``first``, then one or two members who had a hot seat longest ago (never first;
    ties in random order): two or three seats, never more than the group has members."""
    count = min(3 if rng.random() < THREE_SEATS else 2, len(members))
    others = [str(m) for m in rng.permutation([m for m in members if m != first])]
    others.sort(key=lambda member: last_seat.get(member, dt.date.min))
    return [first, *others[: count - 1]]


def meeting_tables(
    rng: np.random.Generator, group_id: str, members: list[str], held: list[GroupMeeting]
) -> MeetingTables:
    """The meetings ``held`` by the group of ``members`` as table rows, oldest first."""
    tables = MeetingTables()
    last_seat: dict[str, dt.date] = {}
    for meeting in held:
        day = meeting.held_on
        meeting_id = meeting_id_for(group_id, day)
        seats = seat_order(rng, members, meeting.first_hot_seat, last_seat)
        present = [m for m in members if m in seats or rng.random() < ATTENDS]
        tables.meetings.append(
            {
                "group_id": group_id,
                "meeting_id": meeting_id,
                "held_on": day,
                "title": f"{day:%B} meeting",
                "agenda": stored_agenda(DEFAULT_AGENDA),
                "notes": meeting.notes,
            }
        )
        tables.attendance += [{"meeting_id": meeting_id, "participant_id": m} for m in present]
        preps = rng.choice(len(words.HOT_SEAT_PREPS), size=len(seats), replace=False)
        for position, (member, number) in enumerate(zip(seats, preps, strict=True), start=1):
            prep = words.HOT_SEAT_PREPS[int(number)]
            tables.hot_seats.append(
                {
                    "meeting_id": meeting_id,
                    "participant_id": member,
                    "position": position,
                    **_prep(rng, prep, day),
                    "outcome": prep["outcome"],
                }
            )
            tables.actions.append(_action(rng, meeting_id, member, prep["action"], day))
            last_seat[member] = day
        for member in present:
            if member not in seats and rng.random() < ROUND_ACTION:
                text = pick(rng, words.COMMITMENTS)
                tables.actions.append(_action(rng, meeting_id, member, text, day))
    return tables


def _prep(rng: np.random.Generator, prep: dict[str, str], day: dt.date) -> dict[str, object]:
    """The prep form as the member sent it, or empty when they came without one."""
    if rng.random() >= PREPARED:
        return {"issue": None, "tried": None, "ask": None, "prepared_at": None}
    sent = day - dt.timedelta(days=int(rng.integers(*PREP_DAYS)))
    at = dt.datetime.combine(sent, dt.time(PREP_HOUR))
    return {"issue": prep["issue"], "tried": prep["tried"], "ask": prep["ask"], "prepared_at": at}


def _action(
    rng: np.random.Generator, meeting_id: str, member: str, text: str, day: dt.date
) -> Action:
    due = day + dt.timedelta(days=int(rng.integers(*DUE_AFTER)))
    return Action(meeting_id, member, text, day, due)
