"""indicators: the office's inputs (family members, pledge registrations, award lists, official
flags, plan targets) with their loads, its parameters, one verdict per patent and the
year-end history

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03 01:13:01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "indicator_history",
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("region", sa.String(length=16), nullable=False),
        sa.Column("valid_inventions", sa.Integer(), nullable=False),
        sa.Column("high_value", sa.Integer(), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("year", "region", name=op.f("pk_indicator_history")),
    )
    op.create_table(
        "indicator_loads",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("loaded_by", sa.String(length=100), nullable=False),
        sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicator_loads")),
    )
    with op.batch_alter_table("indicator_loads", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_indicator_loads_kind"), ["kind"], unique=False)

    op.create_table(
        "indicator_parameters",
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("value", sa.String(length=200), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("updated_by", sa.String(length=100), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_indicator_parameters")),
    )
    op.create_table(
        "indicator_awards",
        sa.Column("award", sa.String(length=100), nullable=False),
        sa.Column("edition", sa.String(length=40), nullable=False),
        sa.Column("level", sa.String(length=40), nullable=False),
        sa.Column("project", sa.Text(), nullable=True),
        sa.Column("number", sa.String(length=64), nullable=False),
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("load_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(
            ["load_id"],
            ["indicator_loads.id"],
            name=op.f("fk_indicator_awards_load_id_indicator_loads"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicator_awards")),
    )
    with op.batch_alter_table("indicator_awards", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_indicator_awards_load_id"), ["load_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_indicator_awards_number"), ["number"], unique=False)

    op.create_table(
        "indicator_families",
        sa.Column("member", sa.String(length=64), nullable=False),
        sa.Column("country", sa.String(length=8), nullable=False),
        sa.Column("granted", sa.Boolean(), nullable=True),
        sa.Column("grant_date", sa.Date(), nullable=True),
        sa.Column("number", sa.String(length=64), nullable=False),
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("load_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(
            ["load_id"],
            ["indicator_loads.id"],
            name=op.f("fk_indicator_families_load_id_indicator_loads"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicator_families")),
    )
    with op.batch_alter_table("indicator_families", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_indicator_families_load_id"), ["load_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_indicator_families_number"), ["number"], unique=False)

    op.create_table(
        "indicator_flags",
        sa.Column("flag", sa.String(length=16), nullable=False),
        sa.Column("value", sa.Boolean(), nullable=False),
        sa.Column("number", sa.String(length=64), nullable=False),
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("load_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(
            ["load_id"],
            ["indicator_loads.id"],
            name=op.f("fk_indicator_flags_load_id_indicator_loads"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicator_flags")),
    )
    with op.batch_alter_table("indicator_flags", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_indicator_flags_load_id"), ["load_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_indicator_flags_number"), ["number"], unique=False)

    op.create_table(
        "indicator_pledges",
        sa.Column("registration", sa.String(length=64), nullable=False),
        sa.Column("registered_on", sa.Date(), nullable=True),
        sa.Column("amount", sa.Numeric(precision=16, scale=2), nullable=True),
        sa.Column("number", sa.String(length=64), nullable=False),
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("load_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(
            ["load_id"],
            ["indicator_loads.id"],
            name=op.f("fk_indicator_pledges_load_id_indicator_loads"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicator_pledges")),
    )
    with op.batch_alter_table("indicator_pledges", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_indicator_pledges_load_id"), ["load_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_indicator_pledges_number"), ["number"], unique=False)

    op.create_table(
        "indicator_targets",
        sa.Column("region", sa.String(length=32), nullable=False),
        sa.Column("indicator", sa.String(length=40), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("value", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("load_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(
            ["load_id"],
            ["indicator_loads.id"],
            name=op.f("fk_indicator_targets_load_id_indicator_loads"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicator_targets")),
    )
    with op.batch_alter_table("indicator_targets", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_indicator_targets_load_id"), ["load_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_indicator_targets_region"), ["region"], unique=False)

    op.create_table(
        "indicator_results",
        sa.Column(
            "patent_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("number", sa.String(length=64), nullable=False),
        sa.Column("province", sa.String(length=16), nullable=True),
        sa.Column("eligible", sa.String(length=8), nullable=False),
        sa.Column("high_value", sa.String(length=8), nullable=False),
        sa.Column("met", sa.String(length=64), nullable=False),
        sa.Column("tests", sa.JSON(), nullable=False),
        sa.Column("disagreements", sa.JSON(), nullable=False),
        sa.Column("disagree", sa.Boolean(), nullable=False),
        sa.Column("inputs_sha256", sa.String(length=64), nullable=False),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["patent_id"],
            ["patents.id"],
            name=op.f("fk_indicator_results_patent_id_patents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("patent_id", name=op.f("pk_indicator_results")),
    )
    with op.batch_alter_table("indicator_results", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_indicator_results_disagree"), ["disagree"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_indicator_results_eligible"), ["eligible"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_indicator_results_high_value"), ["high_value"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_indicator_results_met"), ["met"], unique=False)
        batch_op.create_index(batch_op.f("ix_indicator_results_number"), ["number"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_indicator_results_province"), ["province"], unique=False
        )


def downgrade() -> None:

    with op.batch_alter_table("indicator_results", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_indicator_results_province"))
        batch_op.drop_index(batch_op.f("ix_indicator_results_number"))
        batch_op.drop_index(batch_op.f("ix_indicator_results_met"))
        batch_op.drop_index(batch_op.f("ix_indicator_results_high_value"))
        batch_op.drop_index(batch_op.f("ix_indicator_results_eligible"))
        batch_op.drop_index(batch_op.f("ix_indicator_results_disagree"))

    op.drop_table("indicator_results")
    with op.batch_alter_table("indicator_targets", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_indicator_targets_region"))
        batch_op.drop_index(batch_op.f("ix_indicator_targets_load_id"))

    op.drop_table("indicator_targets")
    with op.batch_alter_table("indicator_pledges", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_indicator_pledges_number"))
        batch_op.drop_index(batch_op.f("ix_indicator_pledges_load_id"))

    op.drop_table("indicator_pledges")
    with op.batch_alter_table("indicator_flags", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_indicator_flags_number"))
        batch_op.drop_index(batch_op.f("ix_indicator_flags_load_id"))

    op.drop_table("indicator_flags")
    with op.batch_alter_table("indicator_families", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_indicator_families_number"))
        batch_op.drop_index(batch_op.f("ix_indicator_families_load_id"))

    op.drop_table("indicator_families")
    with op.batch_alter_table("indicator_awards", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_indicator_awards_number"))
        batch_op.drop_index(batch_op.f("ix_indicator_awards_load_id"))

    op.drop_table("indicator_awards")
    op.drop_table("indicator_parameters")
    with op.batch_alter_table("indicator_loads", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_indicator_loads_kind"))

    op.drop_table("indicator_loads")
    op.drop_table("indicator_history")
