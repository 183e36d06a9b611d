"""forensic runs without a right side (all against all within one evidence)

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-03 15:34:51.759940
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    with op.batch_alter_table("forensic_runs", schema=None) as batch_op:
        batch_op.alter_column("right_id", existing_type=ID, nullable=True)


def downgrade() -> None:
    # a one-sided run cannot exist in the older schema
    op.execute("DELETE FROM forensic_runs WHERE right_id IS NULL")
    with op.batch_alter_table("forensic_runs", schema=None) as batch_op:
        batch_op.alter_column("right_id", existing_type=ID, nullable=False)
