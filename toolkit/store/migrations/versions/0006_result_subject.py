"""results.subject: one result per client for exercises answered per client

The retention plan is answered once per client, but a result was keyed by participant,
exercise and period only, so scoring a second client's plan on the same day replaced the
first client's result. ``subject`` (the client key, ``""`` for a result about the whole
business) joins the primary key; existing results get ``""``.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04 10:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

WHOLE = ("participant_id", "exercise_id", "period")


def upgrade() -> None:
    # SQLite cannot change a primary key in place: batch mode copies the rows into a
    # rebuilt table (nothing refers to results, so no cascade can fire).
    with op.batch_alter_table("results") as batch:
        batch.add_column(
            sa.Column("subject", sa.String(length=200), nullable=False, server_default="")
        )
        batch.drop_constraint("pk_results", type_="primary")
        batch.create_primary_key("pk_results", [*WHOLE, "subject"])


def downgrade() -> None:
    """Back to one result per participant, exercise and period: the results about one
    client are deleted (they would collide), the whole-business ones kept."""
    op.execute("DELETE FROM results WHERE subject <> ''")
    with op.batch_alter_table("results") as batch:
        batch.drop_constraint("pk_results", type_="primary")
        batch.create_primary_key("pk_results", list(WHOLE))
        batch.drop_column("subject")
