"""Mastermind meetings: the meeting and its agenda, who attended, the hot seats with the
members' prep, and the actions (commitments) members took on in it.

Two kinds of caller write here. The facilitator (the coach's app) creates meetings,
takes attendance, picks two or three hot seats, notes their outcomes and records each
member's actions. A member's personal page may only read and write that member's own
prep: it gets a :class:`MemberMeetings` bound to the participant its personal link
resolved to, and nothing on that object takes another participant's id, so no request
from a page can reach somebody else's rows.

Every writer here is idempotent where a double click could repeat it: creating the
meeting of a day, marking someone present or absent, assigning the same hot seats.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import sqlalchemy as sa

from toolkit.clock import utc_now
from toolkit.errors import ToolkitError
from toolkit.store import coaching, schema
from toolkit.store.views import members
from toolkit.store.workspace import Workspace

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class Segment:
    """One part of a meeting's agenda and the minutes planned for it."""

    name: str
    minutes: int


#: The agenda a new meeting gets unless told otherwise: wins, hot seats, commitments.
DEFAULT_AGENDA = (
    Segment("Wins round", 15),
    Segment("Hot seats", 60),
    Segment("Commitments round", 20),
)
#: How many hot seats a meeting has (the schema refuses a fourth).
FEWEST_HOT_SEATS, MOST_HOT_SEATS = 2, 3
#: The member's prep for a hot seat, in the order the form asks it.
PREP_FIELDS = ("issue", "tried", "ask")
#: The columns of :func:`actions`, in the order an export shows them.
ACTION_COLUMNS = ["display_name", "text", "due_on", "status", "participant_id", "commitment_id"]


def meeting_id_for(group_id: str, held_on: dt.date) -> str:
    """The id of a group's meeting on a day: ``thursday-2026-10-08`` (at most 64
    characters, the group id shortened when needed), so each day has one meeting."""
    return f"{group_id[:53]}-{held_on.isoformat()}"


def stored_agenda(agenda: Sequence[Segment]) -> list[dict[str, object]]:
    """The agenda as the ``meetings`` table stores it (a JSON list), after checking each
    segment has a name and at least a minute."""
    for segment in agenda:
        if not segment.name.strip() or segment.minutes < 1:
            raise ToolkitError(
                f"an agenda segment needs a name and at least one minute, not {segment}"
            )
    return [{"segment": s.name.strip(), "minutes": int(s.minutes)} for s in agenda]


def create_meeting(
    ws: Workspace,
    group_id: str,
    held_on: dt.date,
    title: str | None = None,
    agenda: Sequence[Segment] = DEFAULT_AGENDA,
    notes: str | None = None,
) -> str:
    """Create the group's meeting on ``held_on`` and return its id.

    When that day's meeting exists already it is returned as it is (a second click on
    'start the meeting' changes nothing). An unknown group raises :class:`ToolkitError`.
    """
    meeting_id = meeting_id_for(group_id, held_on)
    row = {
        "group_id": group_id,
        "meeting_id": meeting_id,
        "held_on": held_on,
        "title": title,
        "agenda": stored_agenda(agenda),
        "notes": notes,
    }
    with ws.connect() as connection:
        known = sa.select(schema.Group.group_id).where(schema.Group.group_id == group_id)
        if connection.scalar(known) is None:
            raise ToolkitError(f"no mastermind group {group_id!r}")
        if _find_meeting(connection, meeting_id) is None:
            connection.execute(sa.insert(schema.Meeting).values(row))
    return meeting_id


def _find_meeting(connection: sa.Connection, meeting_id: str) -> sa.Row | None:
    """The meeting's row, or None when there is no such meeting."""
    query = sa.select(schema.Meeting).where(schema.Meeting.meeting_id == meeting_id)
    return connection.execute(query).first()


def _meeting(connection: sa.Connection, meeting_id: str) -> sa.Row:
    """The meeting's row, or a :class:`ToolkitError` when there is no such meeting."""
    row = _find_meeting(connection, meeting_id)
    if row is None:
        raise ToolkitError(f"no meeting {meeting_id!r}")
    return row


def meetings(ws: Workspace, group_id: str) -> pd.DataFrame:
    """A group's meetings, newest first, with how many members attended and how many hot
    seats each had. Columns: the ``meetings`` table's, then ``attendees``, ``hot_seats``."""
    frame = ws.table("meetings")
    frame = frame[frame["group_id"] == group_id]
    counts = {
        "attendees": ws.table("attendance")["meeting_id"].value_counts(),
        "hot_seats": ws.table("hot_seats")["meeting_id"].value_counts(),
    }
    for column, count in counts.items():
        frame = frame.assign(**{column: frame["meeting_id"].map(count).fillna(0).astype("int64")})
    return frame.sort_values("held_on", ascending=False).reset_index(drop=True)


def agenda(ws: Workspace, meeting_id: str) -> pd.DataFrame:
    """The meeting's agenda for a timer: ``segment``, ``minutes`` and ``starts_after``
    (the planned minutes of the segments before it), in running order."""
    import pandas as pd

    with ws.engine.connect() as connection:
        row = _meeting(connection, meeting_id)
    frame = pd.DataFrame(row.agenda or [], columns=["segment", "minutes"])
    before = frame["minutes"].cumsum() - frame["minutes"]
    return frame.assign(starts_after=before.astype("int64"))


def save_notes(ws: Workspace, meeting_id: str, notes: str) -> None:
    """Replace the facilitator's notes of a meeting."""
    with ws.connect() as connection:
        _meeting(connection, meeting_id)
        connection.execute(
            sa.update(schema.Meeting)
            .where(schema.Meeting.meeting_id == meeting_id)
            .values(notes=notes.strip() or None)
        )


def _require_member(connection: sa.Connection, meeting_id: str, participant_id: str) -> None:
    """Refuse (:class:`ToolkitError`) anyone who is not a member of the meeting's group:
    attendance, hot seats and actions are the group's members' only."""
    group_id = _meeting(connection, meeting_id).group_id
    p = schema.Participant
    query = sa.select(p.participant_id).where(
        p.participant_id == participant_id, p.group_id == group_id, p.role == "member"
    )
    if connection.scalar(query) is None:
        raise ToolkitError(f"{participant_id!r} is not a member of the group {group_id!r}")


def mark_attendance(
    ws: Workspace, meeting_id: str, participant_id: str, present: bool = True
) -> None:
    """Record that a member attended the meeting (or, with ``present=False``, did not).

    Idempotent: marking someone present twice keeps one row.
    """
    attendance = schema.Attendance
    key = {"meeting_id": meeting_id, "participant_id": participant_id}
    with ws.connect() as connection:
        _require_member(connection, meeting_id, participant_id)
        if present:
            ws.upsert("attendance", [key], connection)
        else:
            connection.execute(
                sa.delete(attendance).where(
                    attendance.meeting_id == meeting_id,
                    attendance.participant_id == participant_id,
                )
            )


def _group_members(ws: Workspace, meeting_id: str) -> tuple[str, pd.DataFrame]:
    """The meeting's group id and its members (participant_id, display_name), by name."""
    with ws.engine.connect() as connection:
        group_id = _meeting(connection, meeting_id).group_id
    return group_id, members(ws, group_id)[["participant_id", "display_name"]]


def attendance(ws: Workspace, meeting_id: str) -> pd.DataFrame:
    """Every member of the meeting's group with ``present`` (bool), by name: the
    facilitator's roll call."""
    _, people = _group_members(ws, meeting_id)
    present = ws.table("attendance")
    present = present.loc[present["meeting_id"] == meeting_id, "participant_id"]
    return people.assign(present=people["participant_id"].isin(present)).reset_index(drop=True)


def attendance_grid(ws: Workspace, group_id: str, last: int = 6) -> pd.DataFrame:
    """Who attended the group's ``last`` meetings: one row per member (``display_name``
    first), one bool column per meeting, oldest first, labelled by day ('8 Oct 2026')."""
    people = members(ws, group_id)[["participant_id", "display_name"]]
    held = meetings(ws, group_id).head(last).iloc[::-1]
    present = ws.table("attendance")
    grid = people[["display_name"]].copy()
    for row in held.itertuples():
        attended = present.loc[present["meeting_id"] == row.meeting_id, "participant_id"]
        grid[f"{row.held_on:%-d %b %Y}"] = people["participant_id"].isin(attended).to_numpy()
    return grid.reset_index(drop=True)


def assign_hot_seats(ws: Workspace, meeting_id: str, participant_ids: Sequence[str]) -> None:
    """Give the meeting's hot seats to two or three members, in this order.

    A member who keeps a hot seat keeps the prep they wrote; a member left out loses the
    seat and its prep. Assigning the same members again changes nothing.
    """
    chosen = list(participant_ids)
    if not FEWEST_HOT_SEATS <= len(chosen) <= MOST_HOT_SEATS or len(set(chosen)) < len(chosen):
        raise ToolkitError(
            f"a meeting has {FEWEST_HOT_SEATS} or {MOST_HOT_SEATS} hot seats, each for a "
            f"different member, not {chosen}"
        )
    seats = schema.HotSeat
    with ws.connect() as connection:
        for participant_id in chosen:
            _require_member(connection, meeting_id, participant_id)
        kept = {
            row.participant_id: row._asdict()
            for row in connection.execute(sa.select(seats).where(seats.meeting_id == meeting_id))
        }
        connection.execute(sa.delete(seats).where(seats.meeting_id == meeting_id))
        for position, participant_id in enumerate(chosen, start=1):
            row = {
                **kept.get(participant_id, {}),
                "meeting_id": meeting_id,
                "participant_id": participant_id,
                "position": position,
            }
            connection.execute(sa.insert(seats).values(row))


def hot_seats(ws: Workspace, meeting_id: str) -> pd.DataFrame:
    """The meeting's hot seats in order: ``position``, ``participant_id``,
    ``display_name``, the prep (``issue``, ``tried``, ``ask``, ``prepared_at``) and
    ``outcome``."""
    _, people = _group_members(ws, meeting_id)
    seats = ws.table("hot_seats")
    seats = seats[seats["meeting_id"] == meeting_id].merge(people, on="participant_id")
    columns = ["position", "participant_id", "display_name", *PREP_FIELDS, "prepared_at"]
    return seats.sort_values("position")[[*columns, "outcome"]].reset_index(drop=True)


def record_outcome(ws: Workspace, meeting_id: str, participant_id: str, outcome: str) -> None:
    """The facilitator's note of what a hot seat came away with."""
    _update_seat(ws, meeting_id, participant_id, {"outcome": outcome.strip() or None})


def _update_seat(
    ws: Workspace, meeting_id: str, participant_id: str, values: dict[str, object]
) -> None:
    """Update one hot seat's row; a member without a seat at the meeting is refused."""
    seats = schema.HotSeat
    statement = (
        sa.update(seats)
        .where(seats.meeting_id == meeting_id, seats.participant_id == participant_id)
        .values(values)
    )
    with ws.connect() as connection:
        if connection.execute(statement).rowcount != 1:
            raise ToolkitError(f"{participant_id!r} has no hot seat at meeting {meeting_id!r}")


def hot_seat_history(ws: Workspace, group_id: str) -> pd.DataFrame:
    """Who had a hot seat at the group's meetings, newest first: ``held_on``,
    ``participant_id``, ``display_name`` (the history a rotation ranks members by)."""
    held = ws.table("meetings")
    held = held.loc[held["group_id"] == group_id, ["meeting_id", "held_on"]]
    people = members(ws, group_id)[["participant_id", "display_name"]]
    frame = held.merge(ws.table("hot_seats"), on="meeting_id").merge(people, on="participant_id")
    frame = frame.sort_values(["held_on", "position"], ascending=[False, True])
    return frame[["held_on", "participant_id", "display_name"]].reset_index(drop=True)


def add_action(
    ws: Workspace,
    meeting_id: str,
    participant_id: str,
    text: str,
    due_on: dt.date | None = None,
    at: dt.datetime | None = None,
) -> int:
    """Record a commitment a member made in the meeting and return its id."""
    with ws.engine.connect() as connection:
        _require_member(connection, meeting_id, participant_id)
    return coaching.add_commitment(ws, participant_id, text, due_on, at=at, meeting_id=meeting_id)


def actions(ws: Workspace, meeting_id: str) -> pd.DataFrame:
    """The commitments members made in the meeting, by member then in the order made,
    with their current status: the meeting's actions, ready to export (columns
    :data:`ACTION_COLUMNS`)."""
    _, people = _group_members(ws, meeting_id)
    made = coaching.commitments(ws)
    made = made[made["meeting_id"] == meeting_id].merge(people, on="participant_id")
    return made.sort_values(["display_name", "commitment_id"])[ACTION_COLUMNS].reset_index(
        drop=True
    )


@dataclass(frozen=True)
class MemberMeetings:
    """What a member's personal page may do with meetings: see and prepare their own hot
    seats. Built from the participant id the personal link resolved to."""

    ws: Workspace
    participant_id: str

    def hot_seats(self) -> pd.DataFrame:
        """The member's hot seats, latest meeting first: ``meeting_id``, ``held_on``,
        ``title``, ``position``, the prep and ``outcome``."""
        seats = self.ws.table("hot_seats")
        seats = seats[seats["participant_id"] == self.participant_id]
        held = self.ws.table("meetings")[["meeting_id", "held_on", "title"]]
        frame = held.merge(seats, on="meeting_id").sort_values("held_on", ascending=False)
        columns = ["meeting_id", "held_on", "title", "position", *PREP_FIELDS, "prepared_at"]
        return frame[[*columns, "outcome"]].reset_index(drop=True)

    def upcoming(self, today: dt.date) -> pd.DataFrame:
        """The member's hot seats at meetings on or after ``today``, soonest first: the
        prep forms their page offers (columns of :meth:`hot_seats`)."""
        frame = self.hot_seats()
        frame = frame[frame["held_on"].dt.date >= today]
        return frame.iloc[::-1].reset_index(drop=True)

    def save_prep(
        self,
        meeting_id: str,
        issue: str,
        tried: str,
        ask: str,
        at: dt.datetime | None = None,
    ) -> None:
        """Save the member's prep for their hot seat at ``meeting_id`` (blank answers
        are stored as empty); a meeting where they have no hot seat is refused."""
        texts = dict(zip(PREP_FIELDS, (issue, tried, ask), strict=True))
        values = {name: text.strip() or None for name, text in texts.items()}
        _update_seat(
            self.ws, meeting_id, self.participant_id, {**values, "prepared_at": at or utc_now()}
        )
