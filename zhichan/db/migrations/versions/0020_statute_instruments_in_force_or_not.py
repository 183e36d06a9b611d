"""statute instruments in force or not

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-03 18:24:25.981944
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("law_instruments", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("status", sa.String(length=16), server_default="in_force", nullable=False)
        )
        batch_op.add_column(sa.Column("status_basis", sa.Text(), server_default="", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("law_instruments", schema=None) as batch_op:
        batch_op.drop_column("status_basis")
        batch_op.drop_column("status")
