"""settings: forget the demo participants' personal keys kept in clear

Before this revision `retention demo` kept the demo firms' keys in the `demo_keys` setting
so `retention serve` could print their links at every start; anyone who could read the
database or `retention export settings` could open those pages. Only the salted hashes
(participants.access_key_hash) are needed, so the clear copies go; the links keep working.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03 19:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

settings = sa.table("settings", sa.column("key", sa.String))


def upgrade() -> None:
    op.execute(settings.delete().where(settings.c.key == "demo_keys"))


def downgrade() -> None:
    """Nothing to put back: the keys are gone for good, and no version needs them."""
