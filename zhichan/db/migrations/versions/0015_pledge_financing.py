"""pledge financing: white lists with the banks' feedback and referrals, loan applications
with their patent packages, steps, registrations and documents, the policy rules, risk pools
and claims

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03 06:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "pledge_pools",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("region", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("size", sa.Numeric(precision=16, scale=2), nullable=False),
        sa.Column("rule_code", sa.String(length=16), nullable=True),
        sa.Column("source_doc", sa.String(length=300), nullable=False),
        sa.Column("source_section", sa.String(length=200), nullable=False),
        sa.Column("verified", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pledge_pools")),
        sa.UniqueConstraint("code", name=op.f("uq_pledge_pools_code")),
    )
    op.create_table(
        "pledge_rules",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("region", sa.String(length=64), nullable=False),
        sa.Column("scheme", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("base", sa.String(length=32), nullable=False),
        sa.Column("rate", sa.Numeric(precision=9, scale=4), nullable=True),
        sa.Column("schedule", sa.JSON(), nullable=False),
        sa.Column("cap_amount", sa.Numeric(precision=16, scale=2), nullable=True),
        sa.Column("cap_period", sa.String(length=16), nullable=True),
        sa.Column("max_years", sa.Integer(), nullable=True),
        sa.Column("conditions", sa.JSON(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("source_doc", sa.String(length=300), nullable=False),
        sa.Column("source_section", sa.String(length=200), nullable=False),
        sa.Column("verified", sa.String(length=100), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pledge_rules")),
        sa.UniqueConstraint("code", name=op.f("uq_pledge_rules_code")),
    )
    with op.batch_alter_table("pledge_rules", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pledge_rules_region"), ["region"], unique=False)

    op.create_table(
        "pledge_referrals",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("enterprise_name", sa.String(length=300), nullable=False),
        sa.Column("credit_code", sa.String(length=32), nullable=True),
        sa.Column("numbers", sa.JSON(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.Column("valuations", sa.JSON(), nullable=False),
        sa.Column("answered_by", sa.String(length=100), nullable=True),
        sa.Column("answered_on", sa.Date(), nullable=True),
        sa.Column("visibility", sa.String(length=16), nullable=False),
        sa.Column(
            "owner_org_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["owner_org_id"],
            ["organisations.id"],
            name=op.f("fk_pledge_referrals_owner_org_id_organisations"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pledge_referrals")),
    )
    with op.batch_alter_table("pledge_referrals", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_pledge_referrals_owner_org_id"), ["owner_org_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_pledge_referrals_status"), ["status"], unique=False)

    op.create_table(
        "pledge_whitelists",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("criteria", sa.JSON(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("pushed_on", sa.Date(), nullable=True),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("visibility", sa.String(length=16), nullable=False),
        sa.Column(
            "owner_org_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["owner_org_id"],
            ["organisations.id"],
            name=op.f("fk_pledge_whitelists_owner_org_id_organisations"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pledge_whitelists")),
    )
    with op.batch_alter_table("pledge_whitelists", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_pledge_whitelists_owner_org_id"), ["owner_org_id"], unique=False
        )

    op.create_table(
        "pledge_whitelist_entries",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("list_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("enterprise_name", sa.String(length=300), nullable=False),
        sa.Column("credit_code", sa.String(length=32), nullable=True),
        sa.Column("region", sa.String(length=64), nullable=True),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("evidence_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["list_id"],
            ["pledge_whitelists.id"],
            name=op.f("fk_pledge_whitelist_entries_list_id_pledge_whitelists"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pledge_whitelist_entries")),
        sa.UniqueConstraint(
            "list_id", "enterprise_name", name=op.f("uq_pledge_whitelist_entries_list_id")
        ),
    )
    with op.batch_alter_table("pledge_whitelist_entries", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_pledge_whitelist_entries_list_id"), ["list_id"], unique=False
        )

    op.create_table(
        "pledge_feedback",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("entry_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "bank_org_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("stage", sa.String(length=16), nullable=False),
        sa.Column("amount", sa.Numeric(precision=16, scale=2), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("updated_on", sa.Date(), nullable=False),
        sa.Column("updated_by", sa.String(length=100), nullable=True),
        sa.ForeignKeyConstraint(
            ["bank_org_id"],
            ["organisations.id"],
            name=op.f("fk_pledge_feedback_bank_org_id_organisations"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["pledge_whitelist_entries.id"],
            name=op.f("fk_pledge_feedback_entry_id_pledge_whitelist_entries"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pledge_feedback")),
        sa.UniqueConstraint("entry_id", "bank_org_id", name=op.f("uq_pledge_feedback_entry_id")),
    )
    with op.batch_alter_table("pledge_feedback", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_pledge_feedback_bank_org_id"), ["bank_org_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_pledge_feedback_entry_id"), ["entry_id"], unique=False)

    op.create_table(
        "pledge_loans",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("number", sa.String(length=32), nullable=False),
        sa.Column(
            "enterprise_org_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("enterprise_name", sa.String(length=300), nullable=False),
        sa.Column("credit_code", sa.String(length=32), nullable=True),
        sa.Column("region", sa.String(length=64), nullable=True),
        sa.Column("industry", sa.String(length=100), nullable=True),
        sa.Column("sme", sa.Boolean(), nullable=False),
        sa.Column("entry_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("mode", sa.String(length=24), nullable=False),
        sa.Column("amount", sa.Numeric(precision=16, scale=2), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("purpose", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("ltv_limit", sa.Numeric(precision=9, scale=4), nullable=True),
        sa.Column("appraised_value", sa.Numeric(precision=16, scale=2), nullable=True),
        sa.Column("appraisal_method", sa.String(length=32), nullable=True),
        sa.Column("appraiser", sa.String(length=200), nullable=True),
        sa.Column("report_no", sa.String(length=100), nullable=True),
        sa.Column("valued_on", sa.Date(), nullable=True),
        sa.Column("approved_amount", sa.Numeric(precision=16, scale=2), nullable=True),
        sa.Column("interest_rate", sa.Numeric(precision=9, scale=4), nullable=True),
        sa.Column("benchmark_rate", sa.Numeric(precision=9, scale=4), nullable=True),
        sa.Column("insurer", sa.String(length=200), nullable=True),
        sa.Column("premium_rate", sa.Numeric(precision=9, scale=4), nullable=True),
        sa.Column("insurer_share", sa.Numeric(precision=9, scale=4), nullable=True),
        sa.Column("guarantor", sa.String(length=200), nullable=True),
        sa.Column("contract_items", sa.JSON(), nullable=False),
        sa.Column("warnings_accepted", sa.Boolean(), nullable=False),
        sa.Column("co_owner_consent", sa.Boolean(), nullable=False),
        sa.Column("disbursed_amount", sa.Numeric(precision=16, scale=2), nullable=True),
        sa.Column("disbursed_on", sa.Date(), nullable=True),
        sa.Column("repaid_on", sa.Date(), nullable=True),
        sa.Column("overdue_on", sa.Date(), nullable=True),
        sa.Column("default_on", sa.Date(), nullable=True),
        sa.Column("principal_loss", sa.Numeric(precision=16, scale=2), nullable=True),
        sa.Column("insurer_paid", sa.Numeric(precision=16, scale=2), nullable=True),
        sa.Column("disposal_route", sa.String(length=16), nullable=True),
        sa.Column("recovered", sa.Numeric(precision=16, scale=2), nullable=True),
        sa.Column("visibility", sa.String(length=16), nullable=False),
        sa.Column(
            "owner_org_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["enterprise_org_id"],
            ["organisations.id"],
            name=op.f("fk_pledge_loans_enterprise_org_id_organisations"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["pledge_whitelist_entries.id"],
            name=op.f("fk_pledge_loans_entry_id_pledge_whitelist_entries"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["owner_org_id"],
            ["organisations.id"],
            name=op.f("fk_pledge_loans_owner_org_id_organisations"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pledge_loans")),
        sa.UniqueConstraint("number", name=op.f("uq_pledge_loans_number")),
    )
    with op.batch_alter_table("pledge_loans", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_pledge_loans_enterprise_org_id"), ["enterprise_org_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_pledge_loans_entry_id"), ["entry_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_pledge_loans_owner_org_id"), ["owner_org_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_pledge_loans_region"), ["region"], unique=False)
        batch_op.create_index(batch_op.f("ix_pledge_loans_status"), ["status"], unique=False)

    op.create_table(
        "pledge_claims",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("loan_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("enterprise_key", sa.String(length=300), nullable=False),
        sa.Column("rule_code", sa.String(length=16), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("pool_code", sa.String(length=16), nullable=True),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("year_no", sa.Integer(), nullable=False),
        sa.Column("amount", sa.Numeric(precision=16, scale=2), nullable=False),
        sa.Column("inputs", sa.JSON(), nullable=False),
        sa.Column("steps", sa.JSON(), nullable=False),
        sa.Column("source", sa.String(length=500), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("computed_by", sa.String(length=100), nullable=False),
        sa.Column("computed_on", sa.Date(), nullable=False),
        sa.Column("approved_by", sa.String(length=100), nullable=True),
        sa.Column("paid_on", sa.Date(), nullable=True),
        sa.Column("payment_ref", sa.String(length=100), nullable=True),
        sa.ForeignKeyConstraint(
            ["loan_id"],
            ["pledge_loans.id"],
            name=op.f("fk_pledge_claims_loan_id_pledge_loans"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pledge_claims")),
    )
    with op.batch_alter_table("pledge_claims", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_pledge_claims_enterprise_key"), ["enterprise_key"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_pledge_claims_loan_id"), ["loan_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_pledge_claims_rule_code"), ["rule_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_pledge_claims_status"), ["status"], unique=False)

    op.create_table(
        "pledge_documents",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("loan_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("stored", sa.String(length=300), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("uploaded_by", sa.String(length=100), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["loan_id"],
            ["pledge_loans.id"],
            name=op.f("fk_pledge_documents_loan_id_pledge_loans"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pledge_documents")),
    )
    with op.batch_alter_table("pledge_documents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pledge_documents_loan_id"), ["loan_id"], unique=False)

    op.create_table(
        "pledge_loan_patents",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("loan_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "patent_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("number", sa.String(length=64), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("checks", sa.JSON(), nullable=False),
        sa.Column("checked_on", sa.Date(), nullable=True),
        sa.Column("blocked", sa.Boolean(), nullable=False),
        sa.Column("warned", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["loan_id"],
            ["pledge_loans.id"],
            name=op.f("fk_pledge_loan_patents_loan_id_pledge_loans"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["patent_id"],
            ["patents.id"],
            name=op.f("fk_pledge_loan_patents_patent_id_patents"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pledge_loan_patents")),
        sa.UniqueConstraint("loan_id", "patent_id", name=op.f("uq_pledge_loan_patents_loan_id")),
    )
    with op.batch_alter_table("pledge_loan_patents", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_pledge_loan_patents_loan_id"), ["loan_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_pledge_loan_patents_number"), ["number"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_pledge_loan_patents_patent_id"), ["patent_id"], unique=False
        )

    op.create_table(
        "pledge_loan_steps",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("loan_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("action", sa.String(length=24), nullable=False),
        sa.Column("from_state", sa.String(length=24), nullable=False),
        sa.Column("to_state", sa.String(length=24), nullable=False),
        sa.Column("on", sa.Date(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_label", sa.String(length=100), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["loan_id"],
            ["pledge_loans.id"],
            name=op.f("fk_pledge_loan_steps_loan_id_pledge_loans"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pledge_loan_steps")),
    )
    with op.batch_alter_table("pledge_loan_steps", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pledge_loan_steps_loan_id"), ["loan_id"], unique=False)

    op.create_table(
        "pledge_registrations",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("loan_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("reg_no", sa.String(length=64), nullable=True),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("documents", sa.JSON(), nullable=False),
        sa.Column("secured_amount", sa.Numeric(precision=16, scale=2), nullable=False),
        sa.Column("filed_on", sa.Date(), nullable=True),
        sa.Column("clock_from", sa.Date(), nullable=True),
        sa.Column("registered_on", sa.Date(), nullable=True),
        sa.Column("refused_ground", sa.String(length=32), nullable=True),
        sa.Column("changed_on", sa.Date(), nullable=True),
        sa.Column("cancelled_on", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["loan_id"],
            ["pledge_loans.id"],
            name=op.f("fk_pledge_registrations_loan_id_pledge_loans"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pledge_registrations")),
    )
    with op.batch_alter_table("pledge_registrations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_pledge_registrations_loan_id"), ["loan_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_pledge_registrations_registered_on"), ["registered_on"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_pledge_registrations_status"), ["status"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("pledge_registrations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pledge_registrations_status"))
        batch_op.drop_index(batch_op.f("ix_pledge_registrations_registered_on"))
        batch_op.drop_index(batch_op.f("ix_pledge_registrations_loan_id"))

    op.drop_table("pledge_registrations")
    with op.batch_alter_table("pledge_loan_steps", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pledge_loan_steps_loan_id"))

    op.drop_table("pledge_loan_steps")
    with op.batch_alter_table("pledge_loan_patents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pledge_loan_patents_patent_id"))
        batch_op.drop_index(batch_op.f("ix_pledge_loan_patents_number"))
        batch_op.drop_index(batch_op.f("ix_pledge_loan_patents_loan_id"))

    op.drop_table("pledge_loan_patents")
    with op.batch_alter_table("pledge_documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pledge_documents_loan_id"))

    op.drop_table("pledge_documents")
    with op.batch_alter_table("pledge_claims", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pledge_claims_status"))
        batch_op.drop_index(batch_op.f("ix_pledge_claims_rule_code"))
        batch_op.drop_index(batch_op.f("ix_pledge_claims_loan_id"))
        batch_op.drop_index(batch_op.f("ix_pledge_claims_enterprise_key"))

    op.drop_table("pledge_claims")
    with op.batch_alter_table("pledge_loans", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pledge_loans_status"))
        batch_op.drop_index(batch_op.f("ix_pledge_loans_region"))
        batch_op.drop_index(batch_op.f("ix_pledge_loans_owner_org_id"))
        batch_op.drop_index(batch_op.f("ix_pledge_loans_entry_id"))
        batch_op.drop_index(batch_op.f("ix_pledge_loans_enterprise_org_id"))

    op.drop_table("pledge_loans")
    with op.batch_alter_table("pledge_feedback", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pledge_feedback_entry_id"))
        batch_op.drop_index(batch_op.f("ix_pledge_feedback_bank_org_id"))

    op.drop_table("pledge_feedback")
    with op.batch_alter_table("pledge_whitelist_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pledge_whitelist_entries_list_id"))

    op.drop_table("pledge_whitelist_entries")
    with op.batch_alter_table("pledge_whitelists", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pledge_whitelists_owner_org_id"))

    op.drop_table("pledge_whitelists")
    with op.batch_alter_table("pledge_referrals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pledge_referrals_status"))
        batch_op.drop_index(batch_op.f("ix_pledge_referrals_owner_org_id"))

    op.drop_table("pledge_referrals")
    with op.batch_alter_table("pledge_rules", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pledge_rules_region"))

    op.drop_table("pledge_rules")
    op.drop_table("pledge_pools")
