"""meetings, attendance and hot seats as their own records; commitments.meeting_id

Group meetings were session rows, who attended was not kept and the hot seat was a name
typed in the notes. Now a meeting has its agenda, its attendees, two or three hot seats
with the members' prep, and the commitments made in it refer to it.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04 01:40:00
"""

from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def _meeting_fk() -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(["meeting_id"], ["meetings.meeting_id"], ondelete="CASCADE")


def _participant_fk() -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["participant_id"], ["participants.participant_id"], ondelete="CASCADE"
    )


def upgrade() -> None:
    op.create_table(
        "meetings",
        sa.Column("group_id", sa.String(length=64), nullable=False),
        sa.Column("meeting_id", sa.String(length=64), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=True),
        sa.Column("agenda", sa.JSON(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["groups.group_id"],
            name=op.f("fk_meetings_group_id_groups"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("meeting_id", name=op.f("pk_meetings")),
    )
    op.create_index("ix_meetings_group", "meetings", ["group_id", "held_on"])
    op.create_table(
        "attendance",
        sa.Column("meeting_id", sa.String(length=64), nullable=False),
        sa.Column("participant_id", sa.String(length=64), nullable=False),
        _named(_meeting_fk(), "attendance", "meeting_id", "meetings"),
        _named(_participant_fk(), "attendance", "participant_id", "participants"),
        sa.PrimaryKeyConstraint("meeting_id", "participant_id", name=op.f("pk_attendance")),
    )
    op.create_table(
        "hot_seats",
        sa.Column("meeting_id", sa.String(length=64), nullable=False),
        sa.Column("participant_id", sa.String(length=64), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("issue", sa.Text(), nullable=True),
        sa.Column("tried", sa.Text(), nullable=True),
        sa.Column("ask", sa.Text(), nullable=True),
        sa.Column("prepared_at", sa.DateTime(), nullable=True),
        sa.Column("outcome", sa.Text(), nullable=True),
        sa.CheckConstraint("position BETWEEN 1 AND 3", name=op.f("ck_hot_seats_position")),
        _named(_meeting_fk(), "hot_seats", "meeting_id", "meetings"),
        _named(_participant_fk(), "hot_seats", "participant_id", "participants"),
        sa.PrimaryKeyConstraint("meeting_id", "participant_id", name=op.f("pk_hot_seats")),
        sa.UniqueConstraint("meeting_id", "position", name=op.f("uq_hot_seats_meeting_id")),
    )
    _add_meeting_to_commitments()


@contextmanager
def _checkins_kept() -> Iterator[None]:
    """Keep the check-ins while ``commitments`` is rebuilt.

    SQLite cannot add or drop a constraint: batch mode copies ``commitments`` and drops
    the original, and with foreign keys on that drop deletes every check-in (their
    ``ON DELETE CASCADE``). So on SQLite the check-ins are kept aside and put back (the
    ``WHERE true`` lets SQLite parse the upsert after a SELECT).
    """
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        op.execute("CREATE TEMPORARY TABLE kept_checkins AS SELECT * FROM checkins")
    yield
    if sqlite:
        op.execute(
            "INSERT INTO checkins SELECT * FROM kept_checkins WHERE true ON CONFLICT DO NOTHING"
        )
        op.execute("DROP TABLE kept_checkins")


def _add_meeting_to_commitments() -> None:
    """``commitments.meeting_id``, a nullable reference to the meeting it was made in."""
    with _checkins_kept(), op.batch_alter_table("commitments") as batch:
        batch.add_column(sa.Column("meeting_id", sa.String(length=64), nullable=True))
        batch.create_foreign_key(
            op.f("fk_commitments_meeting_id_meetings"),
            "meetings",
            ["meeting_id"],
            ["meeting_id"],
            ondelete="SET NULL",
        )


def _named(
    constraint: sa.ForeignKeyConstraint, table: str, column: str, referred: str
) -> sa.ForeignKeyConstraint:
    """The constraint under the name the schema's naming convention gives it."""
    constraint.name = op.f(f"fk_{table}_{column}_{referred}")
    return constraint


def downgrade() -> None:
    with _checkins_kept(), op.batch_alter_table("commitments") as batch:
        batch.drop_column("meeting_id")
    op.drop_table("hot_seats")
    op.drop_table("attendance")
    op.drop_index("ix_meetings_group", table_name="meetings")
    op.drop_table("meetings")
