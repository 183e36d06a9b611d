"""valuation: each record's raw measures (for cohort percentiles), experts' indicators per
organisation, the scenario weight versions and the stored valuations; the inventory items
note their latest 管理-scenario valuation (tiering may count it)

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03 04:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "valuation_weights",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("scenario", sa.String(length=16), nullable=False),
        sa.Column("version", sa.String(length=32), nullable=False),
        sa.Column("weights", sa.JSON(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_valuation_weights")),
        sa.UniqueConstraint("scenario", "version", name=op.f("uq_valuation_weights_scenario")),
    )
    with op.batch_alter_table("valuation_weights", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_valuation_weights_scenario"), ["scenario"], unique=False
        )

    op.create_table(
        "valuation_expert_inputs",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column(
            "patent_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("indicator", sa.String(length=24), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("entered_by", sa.String(length=100), nullable=False),
        sa.Column("entered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("visibility", sa.String(length=16), nullable=False),
        sa.Column(
            "owner_org_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["owner_org_id"],
            ["organisations.id"],
            name=op.f("fk_valuation_expert_inputs_owner_org_id_organisations"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["patent_id"],
            ["patents.id"],
            name=op.f("fk_valuation_expert_inputs_patent_id_patents"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_valuation_expert_inputs")),
        sa.UniqueConstraint(
            "owner_org_id",
            "patent_id",
            "indicator",
            name=op.f("uq_valuation_expert_inputs_owner_org_id"),
        ),
    )
    with op.batch_alter_table("valuation_expert_inputs", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_valuation_expert_inputs_owner_org_id"), ["owner_org_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_valuation_expert_inputs_patent_id"), ["patent_id"], unique=False
        )

    op.create_table(
        "valuation_measures",
        sa.Column(
            "patent_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("subclass", sa.String(length=4), nullable=True),
        sa.Column("pclass", sa.String(length=3), nullable=True),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("filed", sa.Date(), nullable=True),
        sa.Column("claims", sa.Integer(), nullable=True),
        sa.Column("independent", sa.Integer(), nullable=True),
        sa.Column("shortest", sa.Integer(), nullable=True),
        sa.Column("subclasses", sa.Integer(), nullable=True),
        sa.Column("classes", sa.Integer(), nullable=True),
        sa.Column("family", sa.Integer(), nullable=True),
        sa.Column("backward", sa.Integer(), nullable=True),
        sa.Column("forward", sa.Integer(), nullable=True),
        sa.Column("grant_lag", sa.Integer(), nullable=True),
        sa.Column("maintained", sa.Float(), nullable=True),
        sa.Column("originality", sa.Float(), nullable=True),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["patent_id"],
            ["patents.id"],
            name=op.f("fk_valuation_measures_patent_id_patents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("patent_id", name=op.f("pk_valuation_measures")),
    )
    with op.batch_alter_table("valuation_measures", schema=None) as batch_op:
        batch_op.create_index("ix_valuation_measures_class", ["pclass", "year"], unique=False)
        batch_op.create_index("ix_valuation_measures_cohort", ["subclass", "year"], unique=False)
        batch_op.create_index("ix_valuation_measures_year", ["year"], unique=False)

    op.create_table(
        "valuation_results",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column(
            "patent_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("number", sa.String(length=64), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("scenario", sa.String(length=16), nullable=False),
        sa.Column("model_version", sa.String(length=32), nullable=False),
        sa.Column("weights_version", sa.String(length=32), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("coverage", sa.Float(), nullable=False),
        sa.Column("reference", sa.Boolean(), nullable=False),
        sa.Column("tier", sa.String(length=2), nullable=True),
        sa.Column("blocked", sa.Boolean(), nullable=False),
        sa.Column("on", sa.Date(), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.Column("snapshot", sa.String(length=120), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("visibility", sa.String(length=16), nullable=False),
        sa.Column(
            "owner_org_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["owner_org_id"],
            ["organisations.id"],
            name=op.f("fk_valuation_results_owner_org_id_organisations"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["patent_id"],
            ["patents.id"],
            name=op.f("fk_valuation_results_patent_id_patents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_valuation_results")),
    )
    with op.batch_alter_table("valuation_results", schema=None) as batch_op:
        batch_op.create_index(
            "ix_valuation_results_lookup", ["owner_org_id", "patent_id", "scenario"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_valuation_results_owner_org_id"), ["owner_org_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_valuation_results_patent_id"), ["patent_id"], unique=False
        )

    with op.batch_alter_table("transfer_inventory", schema=None) as batch_op:
        batch_op.add_column(sa.Column("value_score", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("value_tier", sa.String(length=2), nullable=True))
        batch_op.add_column(
            sa.Column(
                "value_ref", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("transfer_inventory", schema=None) as batch_op:
        batch_op.drop_column("value_ref")
        batch_op.drop_column("value_tier")
        batch_op.drop_column("value_score")

    with op.batch_alter_table("valuation_results", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_valuation_results_patent_id"))
        batch_op.drop_index(batch_op.f("ix_valuation_results_owner_org_id"))
        batch_op.drop_index("ix_valuation_results_lookup")

    op.drop_table("valuation_results")
    with op.batch_alter_table("valuation_measures", schema=None) as batch_op:
        batch_op.drop_index("ix_valuation_measures_year")
        batch_op.drop_index("ix_valuation_measures_cohort")
        batch_op.drop_index("ix_valuation_measures_class")

    op.drop_table("valuation_measures")
    with op.batch_alter_table("valuation_expert_inputs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_valuation_expert_inputs_patent_id"))
        batch_op.drop_index(batch_op.f("ix_valuation_expert_inputs_owner_org_id"))

    op.drop_table("valuation_expert_inputs")
    with op.batch_alter_table("valuation_weights", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_valuation_weights_scenario"))

    op.drop_table("valuation_weights")
