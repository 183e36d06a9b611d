"""transfer ranking models learned from feedback

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-03 19:42:03.438619
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "transfer_rank_models",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("coefficients", sa.JSON(), nullable=False),
        sa.Column("trained_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("train_pairs", sa.Integer(), nullable=False),
        sa.Column("held_pairs", sa.Integer(), nullable=False),
        sa.Column("auc_learned", sa.Float(), nullable=True),
        sa.Column("auc_hand", sa.Float(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_transfer_rank_models")),
        sa.UniqueConstraint("version", name=op.f("uq_transfer_rank_models_version")),
    )
    with op.batch_alter_table("transfer_rank_models", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_transfer_rank_models_active"), ["active"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("transfer_rank_models", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_transfer_rank_models_active"))

    op.drop_table("transfer_rank_models")
