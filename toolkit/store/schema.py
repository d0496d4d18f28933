"""The workspace's tables, as SQLAlchemy 2 declarative models.

One model per table of the design (docs/architecture.md). Business tables are keyed by
``participant_id`` plus the record's own id, so two firms may use the same client ids.
Money is stored as integer cents (``*_cents`` columns) so sums are exact; the
:class:`~toolkit.store.workspace.Workspace` API exposes it as currency units.

Changing anything here needs a new Alembic migration in ``store/migrations/versions``;
``tests/store/test_migrations.py`` fails when the two drift apart.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from toolkit.transaction_kinds import TRANSACTION_KINDS

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

ID = String(64)


def _participant_fk() -> ForeignKey:
    return ForeignKey("participants.participant_id", ondelete="CASCADE")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


# --- people and groups -------------------------------------------------------------


class Group(Base):
    """A mastermind group of participants who meet regularly."""

    __tablename__ = "groups"
    group_id: Mapped[str] = mapped_column(ID, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))


class Participant(Base):
    """A person being coached (and their firm), or a coach."""

    __tablename__ = "participants"
    participant_id: Mapped[str] = mapped_column(ID, primary_key=True)
    display_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16), default="member")
    group_id: Mapped[str | None] = mapped_column(
        ID, ForeignKey("groups.group_id", ondelete="SET NULL"), nullable=True
    )
    access_key_hash: Mapped[str | None] = mapped_column(String(255), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    __table_args__ = (CheckConstraint("role IN ('coach', 'member')", name="role"),)


# --- business data (per participant's firm) --------------------------------------------


class TeamMember(Base):
    """Someone on the participant's team who serves clients."""

    __tablename__ = "team"
    participant_id: Mapped[str] = mapped_column(ID, _participant_fk(), primary_key=True)
    member_id: Mapped[str] = mapped_column(ID, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str | None] = mapped_column(String(100), nullable=True)


class Client(Base):
    """A client of the participant's firm; ``owner_id`` is the point-person."""

    __tablename__ = "clients"
    participant_id: Mapped[str] = mapped_column(ID, _participant_fk(), primary_key=True)
    client_id: Mapped[str] = mapped_column(ID, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    is_internal: Mapped[bool] = mapped_column(default=False)
    owner_id: Mapped[str | None] = mapped_column(ID, nullable=True)
    acquired_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    ended_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    industry: Mapped[str | None] = mapped_column(String(100), nullable=True)
    notes: Mapped[str | None] = mapped_column(Text, nullable=True)
    #: The CRM's lifecycle stage as imported (``lead``, ``customer``...); see
    #: :data:`toolkit.store.records.PROSPECT_STAGES` for which ones are not clients yet.
    stage: Mapped[str | None] = mapped_column(String(100), nullable=True)
    __table_args__ = (
        ForeignKeyConstraint(
            ["participant_id", "owner_id"], ["team.participant_id", "team.member_id"]
        ),
        CheckConstraint(
            "ended_on IS NULL OR acquired_on IS NULL OR ended_on >= acquired_on",
            name="ended_after_acquired",
        ),
    )


def _client_fk() -> ForeignKeyConstraint:
    return ForeignKeyConstraint(
        ["participant_id", "client_id"],
        ["clients.participant_id", "clients.client_id"],
        ondelete="CASCADE",
    )


def _member_fk(column: str = "member_id") -> ForeignKeyConstraint:
    return ForeignKeyConstraint(
        ["participant_id", column], ["team.participant_id", "team.member_id"]
    )


class Interaction(Base):
    """One contact between the firm and a client (call, email, meeting, ticket...)."""

    __tablename__ = "interactions"
    participant_id: Mapped[str] = mapped_column(ID, _participant_fk(), primary_key=True)
    interaction_id: Mapped[str] = mapped_column(ID, primary_key=True)
    client_id: Mapped[str] = mapped_column(ID)
    member_id: Mapped[str | None] = mapped_column(ID, nullable=True)
    occurred_at: Mapped[dt.datetime] = mapped_column(DateTime)
    channel: Mapped[str | None] = mapped_column(String(32), nullable=True)
    direction: Mapped[str | None] = mapped_column(String(16), nullable=True)
    topic: Mapped[str | None] = mapped_column(String(100), nullable=True)
    sentiment: Mapped[float | None] = mapped_column(Float, nullable=True)
    summary: Mapped[str | None] = mapped_column(Text, nullable=True)
    __table_args__ = (
        _client_fk(),
        _member_fk(),
        CheckConstraint(
            "sentiment IS NULL OR (sentiment >= -1 AND sentiment <= 1)", name="sentiment_range"
        ),
        CheckConstraint(
            "direction IS NULL OR direction IN ('inbound', 'outbound')", name="direction"
        ),
        Index("ix_interactions_client", "participant_id", "client_id", "occurred_at"),
    )


class Transaction(Base):
    """Money moving with a client: invoices are positive, concessions reduce revenue."""

    __tablename__ = "transactions"
    participant_id: Mapped[str] = mapped_column(ID, _participant_fk(), primary_key=True)
    transaction_id: Mapped[str] = mapped_column(ID, primary_key=True)
    client_id: Mapped[str] = mapped_column(ID)
    occurred_on: Mapped[dt.date] = mapped_column(Date)
    amount_cents: Mapped[int] = mapped_column(BigInteger)
    kind: Mapped[str] = mapped_column(String(16), default=TRANSACTION_KINDS[0])
    __table_args__ = (
        _client_fk(),
        CheckConstraint(f"kind IN ({', '.join(map(repr, TRANSACTION_KINDS))})", name="kind"),
        CheckConstraint("amount_cents >= 0", name="amount_not_negative"),
        Index("ix_transactions_client", "participant_id", "client_id", "occurred_on"),
    )


class ClientRecord(Base):
    """The current value of one field of a client's record, and who recorded it."""

    __tablename__ = "client_records"
    participant_id: Mapped[str] = mapped_column(ID, _participant_fk(), primary_key=True)
    client_id: Mapped[str] = mapped_column(ID, primary_key=True)
    field: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str | None] = mapped_column(Text, nullable=True)
    recorded_by: Mapped[str | None] = mapped_column(ID, nullable=True)
    recorded_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    __table_args__ = (_client_fk(), _member_fk("recorded_by"))


class ProcessStep(Base):
    """A step an employee actually follows in one of the firm's processes."""

    __tablename__ = "process_steps"
    participant_id: Mapped[str] = mapped_column(ID, _participant_fk(), primary_key=True)
    member_id: Mapped[str] = mapped_column(ID, primary_key=True)
    process: Mapped[str] = mapped_column(String(100), primary_key=True)
    step_no: Mapped[int] = mapped_column(Integer, primary_key=True)
    step: Mapped[str] = mapped_column(String(200))
    __table_args__ = (_member_fk(), CheckConstraint("step_no >= 1", name="step_no_positive"))


class Excuse(Base):
    """An entry of the excuse log: what went wrong for a client and what was conceded."""

    __tablename__ = "excuses"
    participant_id: Mapped[str] = mapped_column(ID, _participant_fk(), primary_key=True)
    excuse_id: Mapped[str] = mapped_column(ID, primary_key=True)
    client_id: Mapped[str] = mapped_column(ID)
    occurred_on: Mapped[dt.date] = mapped_column(Date)
    what_went_wrong: Mapped[str] = mapped_column(Text)
    concession: Mapped[str | None] = mapped_column(Text, nullable=True)
    concession_value_cents: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    root_cause: Mapped[str | None] = mapped_column(String(100), nullable=True)
    __table_args__ = (
        _client_fk(),
        CheckConstraint(
            "concession_value_cents IS NULL OR concession_value_cents >= 0",
            name="concession_not_negative",
        ),
    )


# --- coaching data --------------------------------------------------------------------


class Answer(Base):
    """One answer to one exercise item. Append-only: the latest row per item wins."""

    __tablename__ = "answers"
    answer_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    participant_id: Mapped[str] = mapped_column(ID, _participant_fk())
    exercise_id: Mapped[str] = mapped_column(String(100))
    exercise_version: Mapped[int] = mapped_column(Integer)
    item_id: Mapped[str] = mapped_column(String(100))
    value: Mapped[object] = mapped_column(JSON, nullable=True)
    answered_at: Mapped[dt.datetime] = mapped_column(DateTime)
    __table_args__ = (
        Index("ix_answers_latest", "participant_id", "exercise_id", "item_id", "answer_id"),
    )


class Commitment(Base):
    """Something a participant promised to do by a date."""

    __tablename__ = "commitments"
    commitment_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    participant_id: Mapped[str] = mapped_column(ID, _participant_fk())
    text: Mapped[str] = mapped_column(Text)
    due_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    status: Mapped[str] = mapped_column(String(16), default="open")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    source_exercise_id: Mapped[str | None] = mapped_column(String(100), nullable=True)
    #: The group meeting the commitment was made in (its actions), if any.
    meeting_id: Mapped[str | None] = mapped_column(
        ID, ForeignKey("meetings.meeting_id", ondelete="SET NULL"), nullable=True
    )
    __table_args__ = (CheckConstraint("status IN ('open', 'done', 'dropped')", name="status"),)


class Checkin(Base):
    """A progress note on a commitment."""

    __tablename__ = "checkins"
    checkin_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    commitment_id: Mapped[int] = mapped_column(
        ForeignKey("commitments.commitment_id", ondelete="CASCADE")
    )
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    status: Mapped[str] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(Text, nullable=True)
    __table_args__ = (CheckConstraint("status IN ('open', 'done', 'dropped')", name="status"),)


class Result(Base):
    """The scored result of a completed exercise, one per participant, exercise, period
    and subject.

    ``period`` is the day (``YYYY-MM-DD``) or, for monthly exercises, the month
    (``YYYY-MM``); scoring again in the same period replaces the row. ``subject`` is the
    client an exercise answered per client is about (the retention plan's client key),
    ``""`` for a result about the participant's business as a whole, so two clients'
    plans scored the same day are two rows. ``answers`` keeps the answers that produced
    it, so a result can be explained after the exercise changed.
    """

    __tablename__ = "results"
    participant_id: Mapped[str] = mapped_column(ID, _participant_fk(), primary_key=True)
    exercise_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    period: Mapped[str] = mapped_column(String(10), primary_key=True)
    subject: Mapped[str] = mapped_column(
        String(200), primary_key=True, default="", server_default=""
    )
    exercise_version: Mapped[int] = mapped_column(Integer)
    scored_at: Mapped[dt.datetime] = mapped_column(DateTime)
    total: Mapped[float | None] = mapped_column(Float, nullable=True)
    band: Mapped[str | None] = mapped_column(String(100), nullable=True)
    sections: Mapped[object] = mapped_column(JSON)
    answers: Mapped[object] = mapped_column(JSON)


class Session(Base):
    """A coaching session (one participant) or a mastermind meeting (a group)."""

    __tablename__ = "sessions"
    session_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    participant_id: Mapped[str | None] = mapped_column(ID, _participant_fk(), nullable=True)
    group_id: Mapped[str | None] = mapped_column(
        ID, ForeignKey("groups.group_id", ondelete="CASCADE"), nullable=True
    )
    held_on: Mapped[dt.date] = mapped_column(Date)
    notes: Mapped[str | None] = mapped_column(Text, nullable=True)
    __table_args__ = (
        CheckConstraint(
            "(participant_id IS NULL) <> (group_id IS NULL)", name="one_participant_or_group"
        ),
    )


class Meeting(Base):
    """A mastermind group's meeting: its day, its agenda and the facilitator's notes.

    ``agenda`` is a list of segments, ``{"segment": "Wins round", "minutes": 15}``, in
    the order they run, so the facilitator's timer knows what each one was planned to take.
    """

    __tablename__ = "meetings"
    group_id: Mapped[str] = mapped_column(ID, ForeignKey("groups.group_id", ondelete="CASCADE"))
    meeting_id: Mapped[str] = mapped_column(ID, primary_key=True)
    held_on: Mapped[dt.date] = mapped_column(Date)
    title: Mapped[str | None] = mapped_column(String(200), nullable=True)
    agenda: Mapped[object] = mapped_column(JSON, nullable=True)
    notes: Mapped[str | None] = mapped_column(Text, nullable=True)
    __table_args__ = (Index("ix_meetings_group", "group_id", "held_on"),)


class Attendance(Base):
    """A member who attended a meeting: one row per member present, none for the others."""

    __tablename__ = "attendance"
    meeting_id: Mapped[str] = mapped_column(
        ID, ForeignKey("meetings.meeting_id", ondelete="CASCADE"), primary_key=True
    )
    participant_id: Mapped[str] = mapped_column(ID, _participant_fk(), primary_key=True)


class HotSeat(Base):
    """A member in the hot seat at a meeting, in ``position`` 1 to 3, with their prep
    (the issue, what they tried, what they ask the group) and the outcome.

    The position's range and its uniqueness per meeting cap a meeting at three hot seats.
    """

    __tablename__ = "hot_seats"
    meeting_id: Mapped[str] = mapped_column(
        ID, ForeignKey("meetings.meeting_id", ondelete="CASCADE"), primary_key=True
    )
    participant_id: Mapped[str] = mapped_column(ID, _participant_fk(), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    issue: Mapped[str | None] = mapped_column(Text, nullable=True)
    tried: Mapped[str | None] = mapped_column(Text, nullable=True)
    ask: Mapped[str | None] = mapped_column(Text, nullable=True)
    prepared_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    outcome: Mapped[str | None] = mapped_column(Text, nullable=True)
    __table_args__ = (
        CheckConstraint("position BETWEEN 1 AND 3", name="position"),
        UniqueConstraint("meeting_id", "position"),
    )


# --- bookkeeping ----------------------------------------------------------------------


class DemoGroundTruth(Base):
    """The latent type the demo generator gave each client. Read by tests only."""

    __tablename__ = "demo_ground_truth"
    participant_id: Mapped[str] = mapped_column(ID, _participant_fk(), primary_key=True)
    client_id: Mapped[str] = mapped_column(ID, primary_key=True)
    latent_type: Mapped[str] = mapped_column(String(32))
    __table_args__ = (_client_fk(),)


class Setting(Base):
    """Workspace-wide settings, e.g. the date a demo workspace is 'as of'."""

    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


metadata = Base.metadata
