"""watch lists and alerts

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-03 12:36:28.918403
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "watch_watches",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("targets", sa.JSON(), nullable=False),
        sa.Column("mine", sa.JSON(), nullable=False),
        sa.Column("threshold", sa.Float(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column(
            "last_max_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("last_scan_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("subclasses", sa.JSON(), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("visibility", sa.String(length=16), nullable=False),
        sa.Column(
            "owner_org_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["owner_org_id"],
            ["organisations.id"],
            name=op.f("fk_watch_watches_owner_org_id_organisations"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_watch_watches")),
    )
    with op.batch_alter_table("watch_watches", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_watch_watches_owner_org_id"), ["owner_org_id"], unique=False
        )

    op.create_table(
        "watch_alerts",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("watch_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "owner_org_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("happened_on", sa.Date(), nullable=True),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("scan", sa.Integer(), nullable=False),
        sa.Column("detected_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["owner_org_id"],
            ["organisations.id"],
            name=op.f("fk_watch_alerts_owner_org_id_organisations"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["watch_id"],
            ["watch_watches.id"],
            name=op.f("fk_watch_alerts_watch_id_watch_watches"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_watch_alerts")),
    )
    with op.batch_alter_table("watch_alerts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_watch_alerts_detected_at"), ["detected_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_watch_alerts_owner_org_id"), ["owner_org_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_watch_alerts_watch_id"), ["watch_id"], unique=False)

    op.create_table(
        "watch_items",
        sa.Column("watch_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("state", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["watch_id"],
            ["watch_watches.id"],
            name=op.f("fk_watch_items_watch_id_watch_watches"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("watch_id", "number", name=op.f("pk_watch_items")),
    )


def downgrade() -> None:
    op.drop_table("watch_items")
    with op.batch_alter_table("watch_alerts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_watch_alerts_watch_id"))
        batch_op.drop_index(batch_op.f("ix_watch_alerts_owner_org_id"))
        batch_op.drop_index(batch_op.f("ix_watch_alerts_detected_at"))

    op.drop_table("watch_alerts")
    with op.batch_alter_table("watch_watches", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_watch_watches_owner_org_id"))

    op.drop_table("watch_watches")
