"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-24 13:40:23.495374
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "groups",
        sa.Column("group_id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("group_id", name=op.f("pk_groups")),
    )
    op.create_table(
        "settings",
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_settings")),
    )
    op.create_table(
        "participants",
        sa.Column("participant_id", sa.String(length=64), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("group_id", sa.String(length=64), nullable=True),
        sa.Column("access_key_hash", sa.String(length=255), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("role IN ('coach', 'member')", name=op.f("ck_participants_role")),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["groups.group_id"],
            name=op.f("fk_participants_group_id_groups"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("participant_id", name=op.f("pk_participants")),
    )
    op.create_table(
        "answers",
        sa.Column("answer_id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("participant_id", sa.String(length=64), nullable=False),
        sa.Column("exercise_id", sa.String(length=100), nullable=False),
        sa.Column("exercise_version", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.String(length=100), nullable=False),
        sa.Column("value", sa.JSON(), nullable=True),
        sa.Column("answered_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.participant_id"],
            name=op.f("fk_answers_participant_id_participants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("answer_id", name=op.f("pk_answers")),
    )
    with op.batch_alter_table("answers", schema=None) as batch_op:
        batch_op.create_index(
            "ix_answers_latest",
            ["participant_id", "exercise_id", "item_id", "answer_id"],
            unique=False,
        )

    op.create_table(
        "commitments",
        sa.Column("commitment_id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("participant_id", sa.String(length=64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("source_exercise_id", sa.String(length=100), nullable=True),
        sa.CheckConstraint(
            "status IN ('open', 'done', 'dropped')", name=op.f("ck_commitments_status")
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.participant_id"],
            name=op.f("fk_commitments_participant_id_participants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("commitment_id", name=op.f("pk_commitments")),
    )
    op.create_table(
        "sessions",
        sa.Column("session_id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("participant_id", sa.String(length=64), nullable=True),
        sa.Column("group_id", sa.String(length=64), nullable=True),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "(participant_id IS NULL) <> (group_id IS NULL)",
            name=op.f("ck_sessions_one_participant_or_group"),
        ),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["groups.group_id"],
            name=op.f("fk_sessions_group_id_groups"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.participant_id"],
            name=op.f("fk_sessions_participant_id_participants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("session_id", name=op.f("pk_sessions")),
    )
    op.create_table(
        "team",
        sa.Column("participant_id", sa.String(length=64), nullable=False),
        sa.Column("member_id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=100), nullable=True),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.participant_id"],
            name=op.f("fk_team_participant_id_participants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("participant_id", "member_id", name=op.f("pk_team")),
    )
    op.create_table(
        "checkins",
        sa.Column("checkin_id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("commitment_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "status IN ('open', 'done', 'dropped')", name=op.f("ck_checkins_status")
        ),
        sa.ForeignKeyConstraint(
            ["commitment_id"],
            ["commitments.commitment_id"],
            name=op.f("fk_checkins_commitment_id_commitments"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("checkin_id", name=op.f("pk_checkins")),
    )
    op.create_table(
        "clients",
        sa.Column("participant_id", sa.String(length=64), nullable=False),
        sa.Column("client_id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("is_internal", sa.Boolean(), nullable=False),
        sa.Column("owner_id", sa.String(length=64), nullable=True),
        sa.Column("acquired_on", sa.Date(), nullable=True),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("industry", sa.String(length=100), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "ended_on IS NULL OR acquired_on IS NULL OR ended_on >= acquired_on",
            name=op.f("ck_clients_ended_after_acquired"),
        ),
        sa.ForeignKeyConstraint(
            ["participant_id", "owner_id"],
            ["team.participant_id", "team.member_id"],
            name=op.f("fk_clients_participant_id_team"),
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.participant_id"],
            name=op.f("fk_clients_participant_id_participants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("participant_id", "client_id", name=op.f("pk_clients")),
    )
    op.create_table(
        "process_steps",
        sa.Column("participant_id", sa.String(length=64), nullable=False),
        sa.Column("member_id", sa.String(length=64), nullable=False),
        sa.Column("process", sa.String(length=100), nullable=False),
        sa.Column("step_no", sa.Integer(), nullable=False),
        sa.Column("step", sa.String(length=200), nullable=False),
        sa.CheckConstraint("step_no >= 1", name=op.f("ck_process_steps_step_no_positive")),
        sa.ForeignKeyConstraint(
            ["participant_id", "member_id"],
            ["team.participant_id", "team.member_id"],
            name=op.f("fk_process_steps_participant_id_team"),
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.participant_id"],
            name=op.f("fk_process_steps_participant_id_participants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "participant_id", "member_id", "process", "step_no", name=op.f("pk_process_steps")
        ),
    )
    op.create_table(
        "client_records",
        sa.Column("participant_id", sa.String(length=64), nullable=False),
        sa.Column("client_id", sa.String(length=64), nullable=False),
        sa.Column("field", sa.String(length=100), nullable=False),
        sa.Column("value", sa.Text(), nullable=True),
        sa.Column("recorded_by", sa.String(length=64), nullable=True),
        sa.Column("recorded_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["participant_id", "client_id"],
            ["clients.participant_id", "clients.client_id"],
            name=op.f("fk_client_records_participant_id_clients"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["participant_id", "recorded_by"],
            ["team.participant_id", "team.member_id"],
            name=op.f("fk_client_records_participant_id_team"),
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.participant_id"],
            name=op.f("fk_client_records_participant_id_participants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "participant_id", "client_id", "field", name=op.f("pk_client_records")
        ),
    )
    op.create_table(
        "demo_ground_truth",
        sa.Column("participant_id", sa.String(length=64), nullable=False),
        sa.Column("client_id", sa.String(length=64), nullable=False),
        sa.Column("latent_type", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["participant_id", "client_id"],
            ["clients.participant_id", "clients.client_id"],
            name=op.f("fk_demo_ground_truth_participant_id_clients"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.participant_id"],
            name=op.f("fk_demo_ground_truth_participant_id_participants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("participant_id", "client_id", name=op.f("pk_demo_ground_truth")),
    )
    op.create_table(
        "excuses",
        sa.Column("participant_id", sa.String(length=64), nullable=False),
        sa.Column("excuse_id", sa.String(length=64), nullable=False),
        sa.Column("client_id", sa.String(length=64), nullable=False),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("what_went_wrong", sa.Text(), nullable=False),
        sa.Column("concession", sa.Text(), nullable=True),
        sa.Column("concession_value_cents", sa.BigInteger(), nullable=True),
        sa.Column("root_cause", sa.String(length=100), nullable=True),
        sa.CheckConstraint(
            "concession_value_cents IS NULL OR concession_value_cents >= 0",
            name=op.f("ck_excuses_concession_not_negative"),
        ),
        sa.ForeignKeyConstraint(
            ["participant_id", "client_id"],
            ["clients.participant_id", "clients.client_id"],
            name=op.f("fk_excuses_participant_id_clients"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.participant_id"],
            name=op.f("fk_excuses_participant_id_participants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("participant_id", "excuse_id", name=op.f("pk_excuses")),
    )
    op.create_table(
        "interactions",
        sa.Column("participant_id", sa.String(length=64), nullable=False),
        sa.Column("interaction_id", sa.String(length=64), nullable=False),
        sa.Column("client_id", sa.String(length=64), nullable=False),
        sa.Column("member_id", sa.String(length=64), nullable=True),
        sa.Column("occurred_at", sa.DateTime(), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=True),
        sa.Column("direction", sa.String(length=16), nullable=True),
        sa.Column("topic", sa.String(length=100), nullable=True),
        sa.Column("sentiment", sa.Float(), nullable=True),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "direction IS NULL OR direction IN ('inbound', 'outbound')",
            name=op.f("ck_interactions_direction"),
        ),
        sa.CheckConstraint(
            "sentiment IS NULL OR (sentiment >= -1 AND sentiment <= 1)",
            name=op.f("ck_interactions_sentiment_range"),
        ),
        sa.ForeignKeyConstraint(
            ["participant_id", "client_id"],
            ["clients.participant_id", "clients.client_id"],
            name=op.f("fk_interactions_participant_id_clients"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["participant_id", "member_id"],
            ["team.participant_id", "team.member_id"],
            name=op.f("fk_interactions_participant_id_team"),
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.participant_id"],
            name=op.f("fk_interactions_participant_id_participants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("participant_id", "interaction_id", name=op.f("pk_interactions")),
    )
    with op.batch_alter_table("interactions", schema=None) as batch_op:
        batch_op.create_index(
            "ix_interactions_client", ["participant_id", "client_id", "occurred_at"], unique=False
        )

    op.create_table(
        "transactions",
        sa.Column("participant_id", sa.String(length=64), nullable=False),
        sa.Column("transaction_id", sa.String(length=64), nullable=False),
        sa.Column("client_id", sa.String(length=64), nullable=False),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("amount_cents", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.CheckConstraint(
            "kind IN ('invoice', 'discount', 'refund', 'credit')", name=op.f("ck_transactions_kind")
        ),
        sa.CheckConstraint("amount_cents >= 0", name=op.f("ck_transactions_amount_not_negative")),
        sa.ForeignKeyConstraint(
            ["participant_id", "client_id"],
            ["clients.participant_id", "clients.client_id"],
            name=op.f("fk_transactions_participant_id_clients"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.participant_id"],
            name=op.f("fk_transactions_participant_id_participants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("participant_id", "transaction_id", name=op.f("pk_transactions")),
    )
    with op.batch_alter_table("transactions", schema=None) as batch_op:
        batch_op.create_index(
            "ix_transactions_client", ["participant_id", "client_id", "occurred_on"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("transactions", schema=None) as batch_op:
        batch_op.drop_index("ix_transactions_client")

    op.drop_table("transactions")
    with op.batch_alter_table("interactions", schema=None) as batch_op:
        batch_op.drop_index("ix_interactions_client")

    op.drop_table("interactions")
    op.drop_table("excuses")
    op.drop_table("demo_ground_truth")
    op.drop_table("client_records")
    op.drop_table("process_steps")
    op.drop_table("clients")
    op.drop_table("checkins")
    op.drop_table("team")
    op.drop_table("sessions")
    op.drop_table("commitments")
    with op.batch_alter_table("answers", schema=None) as batch_op:
        batch_op.drop_index("ix_answers_latest")

    op.drop_table("answers")
    op.drop_table("participants")
    op.drop_table("settings")
    op.drop_table("groups")
