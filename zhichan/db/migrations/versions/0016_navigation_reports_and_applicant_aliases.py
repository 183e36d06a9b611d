"""navigation reports and applicant aliases

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03 10:25:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "navigation_aliases",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("normalised", sa.String(length=300), nullable=False),
        sa.Column("written", sa.String(length=300), nullable=False),
        sa.Column("canonical", sa.String(length=300), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_navigation_aliases")),
        sa.UniqueConstraint("normalised", name=op.f("uq_navigation_aliases_normalised")),
    )
    op.create_table(
        "navigation_reports",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("scope", sa.JSON(), nullable=False),
        sa.Column("manifest", sa.JSON(), nullable=False),
        sa.Column("chapters", sa.JSON(), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("visibility", sa.String(length=16), nullable=False),
        sa.Column(
            "owner_org_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["owner_org_id"],
            ["organisations.id"],
            name=op.f("fk_navigation_reports_owner_org_id_organisations"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_navigation_reports")),
    )
    with op.batch_alter_table("navigation_reports", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_navigation_reports_owner_org_id"), ["owner_org_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("navigation_reports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_navigation_reports_owner_org_id"))

    op.drop_table("navigation_reports")
    op.drop_table("navigation_aliases")
