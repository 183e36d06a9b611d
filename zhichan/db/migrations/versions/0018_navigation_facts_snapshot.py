"""navigation facts snapshot

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-03 12:52:15.804998
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "navigation_facts",
        sa.Column(
            "patent_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("filing_year", sa.Integer(), nullable=True),
        sa.Column("publication_year", sa.Integer(), nullable=True),
        sa.Column("grant_year", sa.Integer(), nullable=True),
        sa.Column("patent_type", sa.String(length=32), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("ipc", sa.Text(), nullable=False),
        sa.Column("names", sa.Text(), nullable=False),
        sa.Column("normalised", sa.Text(), nullable=False),
        sa.Column("kinds", sa.Text(), nullable=False),
        sa.Column("province", sa.String(length=60), nullable=True),
        sa.Column("inventors", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("effects", sa.Text(), nullable=True),
        sa.Column("keywords", sa.Text(), nullable=False),
        sa.Column("pledges", sa.Integer(), nullable=False),
        sa.Column("events", sa.Text(), nullable=False),
        sa.Column("sei", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("patent_id", name=op.f("pk_navigation_facts")),
    )


def downgrade() -> None:
    op.drop_table("navigation_facts")
