"""Read-only views the apps and the learner notebooks need: one participant's world, or
one mastermind group's.

Each function returns plain DataFrames (or a small dataclass of them) shaped for
:mod:`toolkit.analytics`, :mod:`toolkit.progress` and the widgets, so the apps never
touch SQL. Nothing here computes scores or rates; that is the analytics' job.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

import sqlalchemy as sa

from toolkit.errors import ToolkitError
from toolkit.store import coaching, schema
from toolkit.store.firm_settings import firm_list
from toolkit.store.workspace import Workspace, insert_returning_id

if TYPE_CHECKING:
    import pandas as pd

#: The business tables an analysis of one firm reads.
BUSINESS_TABLES = (
    "clients",
    "team",
    "interactions",
    "transactions",
    "client_records",
    "process_steps",
    "excuses",
)

#: What an empty workspace needs: the demo, or a participant and their imported data.
NO_MEMBERS = (
    "the workspace in {directory} has no participants yet. Fill it with invented firms: "
    "`retention --workspace {directory} demo`; or add your firm and import its data: "
    '`retention --workspace {directory} participants add "My Firm" --id my-firm`, then '
    "`retention --workspace {directory} import team team.csv` and the same for clients, "
    "interactions, transactions... (docs/importing.md lists the columns)"
)


@dataclass(frozen=True)
class Profile:
    """Who a participant is: name, role and mastermind group (if any)."""

    participant_id: str
    display_name: str
    role: str
    group_id: str | None
    group_name: str | None


@dataclass(frozen=True)
class FirmData:
    """One participant's business tables as of the firm's date, plus its own settings.

    Tables are attributes (``firm.clients``) and items (``firm["clients"]``). They hold
    what an analysis on ``as_of`` counts (:mod:`toolkit.store.scope`): rows dated after
    it, and leads and prospects without a won deal, are left out and counted in
    ``left_out`` (columns ``table``, ``rows``, ``cause``, ``reason``), which
    :attr:`left_out_note` puts in a sentence for the pages.
    ``core_industries`` feed the fit score of the client map; ``record_template`` is the
    list of fields the firm agreed every client record should have
    (:mod:`toolkit.store.firm_settings`; empty when not set: the fit score then leaves
    the industry out, and :attr:`record_fields` falls back to what is recorded).
    """

    participant_id: str
    display_name: str
    clients: pd.DataFrame
    team: pd.DataFrame
    interactions: pd.DataFrame
    transactions: pd.DataFrame
    client_records: pd.DataFrame
    process_steps: pd.DataFrame
    excuses: pd.DataFrame
    core_industries: list[str]
    record_template: list[str]
    as_of: dt.date
    left_out: pd.DataFrame

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name not in BUSINESS_TABLES:
            raise KeyError(name)
        return getattr(self, name)

    @property
    def tables(self) -> dict[str, pd.DataFrame]:
        """The business tables by name, in :data:`BUSINESS_TABLES` order."""
        return {name: self[name] for name in BUSINESS_TABLES}

    @property
    def record_fields(self) -> list[str]:
        """The fields to check client records against: the agreed ``record_template``;
        without one, every field anybody records (sorted), so completeness measures each
        record against the most thorough habit in the team."""
        if self.record_template:
            return self.record_template
        return sorted(self.client_records["field"].dropna().astype(str).unique())

    @property
    def left_out_note(self) -> str:
        """What was left out of the tables and why, in one sentence ('' when nothing)."""
        from toolkit.store.scope import left_out_note

        return left_out_note(self.left_out, self.as_of)

    def counts(self) -> pd.DataFrame:
        """Rows per business table: what there is to analyse (columns ``table``, ``rows``)."""
        import pandas as pd

        return pd.DataFrame(
            {"table": list(BUSINESS_TABLES), "rows": [len(self[name]) for name in BUSINESS_TABLES]}
        )


def profile(ws: Workspace, participant_id: str) -> Profile:
    """The profile of ``participant_id``; an unknown id raises :class:`ToolkitError`."""
    p, g = schema.Participant, schema.Group
    query = (
        sa.select(p.participant_id, p.display_name, p.role, p.group_id, g.name)
        .outerjoin(g, g.group_id == p.group_id)
        .where(p.participant_id == participant_id)
    )
    with ws.engine.connect() as connection:
        row = connection.execute(query).first()
    if row is None:
        raise ToolkitError(f"unknown participant {participant_id!r}")
    return Profile(*row)


def members(ws: Workspace, group_id: str | None = None) -> pd.DataFrame:
    """Participants with role 'member' (of one group when given), sorted by name.

    Columns: participant_id, display_name, group_id.
    """
    import pandas as pd

    p = schema.Participant
    query = sa.select(p.participant_id, p.display_name, p.group_id).where(p.role == "member")
    if group_id is not None:
        query = query.where(p.group_id == group_id)
    with ws.engine.connect() as connection:
        frame = pd.read_sql(query.order_by(p.display_name), connection)
    return frame


def groups(ws: Workspace) -> pd.DataFrame:
    """Mastermind groups with their member count (columns group_id, name, members)."""
    import pandas as pd

    g, p = schema.Group, schema.Participant
    query = (
        sa.select(g.group_id, g.name, sa.func.count(p.participant_id).label("members"))
        .outerjoin(p, (p.group_id == g.group_id) & (p.role == "member"))
        .group_by(g.group_id, g.name)
        .order_by(g.name)
    )
    with ws.engine.connect() as connection:
        return pd.read_sql(query, connection)


def first_member(ws: Workspace) -> str:
    """The id of the workspace's first member participant in the order they were added
    (in the demo, its first firm). A workspace without members raises a
    :class:`ToolkitError` that says how to fill it."""
    p = schema.Participant
    query = (
        sa.select(p.participant_id)
        .where(p.role == "member")
        .order_by(p.created_at, p.participant_id)
        .limit(1)
    )
    with ws.engine.connect() as connection:
        participant_id = connection.execute(query).scalar()
    if participant_id is None:
        raise ToolkitError(NO_MEMBERS.format(directory=ws.directory))
    return participant_id


def firm_data(ws: Workspace, participant_id: str | None = None) -> FirmData:
    """Every business table of one participant's firm as of the firm's date
    (:meth:`Workspace.as_of`), and the firm's settings.

    The one place every app, notebook and report loads a firm from, so all of them count
    the same rows: those :func:`toolkit.store.scope.scope` keeps for the date. Without
    ``participant_id``: the :func:`first_member`. An unknown id raises a
    :class:`ToolkitError` naming the known ones.
    """
    from toolkit.store.scope import scope

    if participant_id is None:
        participant_id = first_member(ws)
    me = profile(ws, ws.resolve_participant(participant_id))
    as_of = ws.as_of(participant_id)
    scoped = scope({name: ws.table(name, participant_id) for name in BUSINESS_TABLES}, as_of)
    return FirmData(
        participant_id=me.participant_id,
        display_name=me.display_name,
        **scoped.tables,
        core_industries=firm_list(ws, "core_industries", participant_id),
        record_template=firm_list(ws, "record_template", participant_id),
        as_of=as_of,
        left_out=scoped.left_out,
    )


def sessions(ws: Workspace, participant_id: str) -> pd.DataFrame:
    """A participant's one-to-one coaching sessions, newest first (group meetings are
    their own records: :mod:`toolkit.store.meetings`).

    Columns: session_id, participant_id, group_id, held_on, notes.
    """
    frame = ws.table("sessions")
    frame = frame[frame["participant_id"] == participant_id]
    return frame.sort_values(["held_on", "session_id"], ascending=False).reset_index(drop=True)


def add_session(ws: Workspace, held_on: dt.date, notes: str, participant_id: str) -> int:
    """Record a one-to-one session with ``participant_id`` and return its id."""
    row = {"participant_id": participant_id, "held_on": held_on}
    with ws.connect() as connection:
        statement = sa.insert(schema.Session).values(**row, notes=notes.strip())
        return insert_returning_id(connection, statement)


def commitments_with_checkins(ws: Workspace, participant_id: str) -> pd.DataFrame:
    """A participant's commitments with their latest check-in, newest due date first.

    Columns: commitment_id, text, due_on, status, created_at, last_checkin, last_note.
    """
    frame = coaching.commitments(ws, participant_id)
    checks = coaching.checkins(ws, participant_id)
    latest = checks.drop_duplicates("commitment_id", keep="last").set_index("commitment_id")
    frame = frame.assign(
        last_checkin=frame["commitment_id"].map(latest["at"]),
        last_note=frame["commitment_id"].map(latest["note"]),
    )
    columns = ["commitment_id", "text", "due_on", "status", "created_at"]
    ordered = frame.sort_values(["due_on", "commitment_id"], ascending=False, na_position="last")
    return ordered[[*columns, "last_checkin", "last_note"]].reset_index(drop=True)


def group_commitments(ws: Workspace, group_id: str) -> pd.DataFrame:
    """Commitments of every member of a group, with the member's display name."""
    people = members(ws, group_id)[["participant_id", "display_name"]]
    frame = coaching.commitments(ws).merge(people, on="participant_id")
    return frame.sort_values(["due_on", "commitment_id"]).reset_index(drop=True)


def latest_results(
    ws: Workspace, participant_ids: list[str] | pd.Series, per_subject: bool = False
) -> pd.DataFrame:
    """The most recent stored result per participant and exercise, for ``participant_ids``.

    Columns as ``coaching.results`` (participant_id, exercise_id, period, subject, total,
    band...). For an exercise answered per client it is the plan scored last, whichever
    client it is about (``subject``), so each person still counts once in a group figure;
    with ``per_subject`` the latest of each client's plan instead (a person's own list).
    """
    frame = coaching.results(ws, subject=None)
    frame = frame[frame["participant_id"].isin(list(participant_ids))]
    keys = ["participant_id", "exercise_id", *(["subject"] if per_subject else [])]
    ordered = frame.sort_values([*keys, "period", "scored_at"])
    latest = ordered.drop_duplicates(keys, keep="last")
    return latest.reset_index(drop=True)
