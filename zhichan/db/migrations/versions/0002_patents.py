"""Patents: records, side tables for statistics, import batches and issues, IPC titles, SEI rules.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21 08:23:45.147657
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "ipc_titles",
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("level", sa.String(length=16), nullable=False),
        sa.Column("title_zh", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_ipc_titles")),
    )
    op.create_table(
        "sei_rules",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("sei_code", sa.String(length=8), nullable=False),
        sa.Column("sei_name", sa.String(length=64), nullable=False),
        sa.Column("rule_no", sa.Integer(), nullable=False),
        sa.Column("source_page", sa.Integer(), nullable=True),
        sa.Column(
            "ipc_patterns",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "exclude_patterns",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "keywords",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sei_rules")),
    )
    with op.batch_alter_table("sei_rules", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sei_rules_sei_code"), ["sei_code"], unique=False)

    op.create_table(
        "import_batches",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("source_name", sa.String(length=300), nullable=False),
        sa.Column("source_sha256", sa.String(length=64), nullable=False),
        sa.Column("format", sa.String(length=32), nullable=False),
        sa.Column("strict", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("read", sa.Integer(), nullable=False),
        sa.Column("inserted", sa.Integer(), nullable=False),
        sa.Column("updated", sa.Integer(), nullable=False),
        sa.Column("skipped", sa.Integer(), nullable=False),
        sa.Column("failed", sa.Integer(), nullable=False),
        sa.Column("warnings", sa.Integer(), nullable=False),
        sa.Column("actor_label", sa.String(length=100), nullable=False),
        sa.Column("message", sa.Text(), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("visibility", sa.String(length=16), nullable=False),
        sa.Column(
            "owner_org_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["owner_org_id"],
            ["organisations.id"],
            name=op.f("fk_import_batches_owner_org_id_organisations"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_batches")),
    )
    with op.batch_alter_table("import_batches", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_import_batches_owner_org_id"), ["owner_org_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_import_batches_source_sha256"), ["source_sha256"], unique=False
        )

    op.create_table(
        "import_issues",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("batch_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("severity", sa.String(length=8), nullable=False),
        sa.Column("location", sa.String(length=64), nullable=False),
        sa.Column("field", sa.String(length=64), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["import_batches.id"],
            name=op.f("fk_import_issues_batch_id_import_batches"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_issues")),
    )
    with op.batch_alter_table("import_issues", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_import_issues_batch_id"), ["batch_id"], unique=False)

    op.create_table(
        "patents",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("number", sa.String(length=64), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.Column("kind", sa.String(length=4), nullable=True),
        sa.Column("application_number", sa.String(length=40), nullable=True),
        sa.Column("family_id", sa.String(length=64), nullable=True),
        sa.Column("patent_type", sa.String(length=16), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("first_applicant", sa.String(length=300), nullable=True),
        sa.Column("application_date", sa.Date(), nullable=True),
        sa.Column("publication_date", sa.Date(), nullable=True),
        sa.Column("grant_date", sa.Date(), nullable=True),
        sa.Column("ipc_main", sa.String(length=32), nullable=True),
        sa.Column("legal_status", sa.String(length=200), nullable=True),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("source", sa.String(length=300), nullable=True),
        sa.Column("batch_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column(
            "data",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["import_batches.id"],
            name=op.f("fk_patents_batch_id_import_batches"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_patents")),
        sa.UniqueConstraint("number", name=op.f("uq_patents_number")),
    )
    with op.batch_alter_table("patents", schema=None) as batch_op:
        batch_op.create_index("ix_patents_application_number", ["application_number"], unique=False)
        batch_op.create_index(batch_op.f("ix_patents_batch_id"), ["batch_id"], unique=False)
        batch_op.create_index("ix_patents_family_id", ["family_id"], unique=False)
        batch_op.create_index("ix_patents_ipc_main", ["ipc_main"], unique=False)
        batch_op.create_index("ix_patents_publication_date", ["publication_date"], unique=False)

    op.create_table(
        "patent_citations",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column(
            "patent_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("cited", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["patent_id"],
            ["patents.id"],
            name=op.f("fk_patent_citations_patent_id_patents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_patent_citations")),
    )
    with op.batch_alter_table("patent_citations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_patent_citations_cited"), ["cited"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_patent_citations_patent_id"), ["patent_id"], unique=False
        )

    op.create_table(
        "patent_classes",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column(
            "patent_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("scheme", sa.String(length=8), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("subclass", sa.String(length=4), nullable=False),
        sa.Column("main_group", sa.String(length=16), nullable=False),
        sa.Column("is_main", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["patent_id"],
            ["patents.id"],
            name=op.f("fk_patent_classes_patent_id_patents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_patent_classes")),
    )
    with op.batch_alter_table("patent_classes", schema=None) as batch_op:
        batch_op.create_index("ix_patent_classes_code", ["scheme", "code"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_patent_classes_patent_id"), ["patent_id"], unique=False
        )
        batch_op.create_index("ix_patent_classes_subclass", ["scheme", "subclass"], unique=False)

    op.create_table(
        "patent_parties",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column(
            "patent_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("role", sa.String(length=12), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=True),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.Column("province", sa.String(length=16), nullable=True),
        sa.ForeignKeyConstraint(
            ["patent_id"],
            ["patents.id"],
            name=op.f("fk_patent_parties_patent_id_patents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_patent_parties")),
    )
    with op.batch_alter_table("patent_parties", schema=None) as batch_op:
        batch_op.create_index("ix_patent_parties_name", ["name"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_patent_parties_patent_id"), ["patent_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_patent_parties_province"), ["province"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("patent_parties", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_patent_parties_province"))
        batch_op.drop_index(batch_op.f("ix_patent_parties_patent_id"))
        batch_op.drop_index("ix_patent_parties_name")

    op.drop_table("patent_parties")
    with op.batch_alter_table("patent_classes", schema=None) as batch_op:
        batch_op.drop_index("ix_patent_classes_subclass")
        batch_op.drop_index(batch_op.f("ix_patent_classes_patent_id"))
        batch_op.drop_index("ix_patent_classes_code")

    op.drop_table("patent_classes")
    with op.batch_alter_table("patent_citations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_patent_citations_patent_id"))
        batch_op.drop_index(batch_op.f("ix_patent_citations_cited"))

    op.drop_table("patent_citations")
    with op.batch_alter_table("patents", schema=None) as batch_op:
        batch_op.drop_index("ix_patents_publication_date")
        batch_op.drop_index("ix_patents_ipc_main")
        batch_op.drop_index("ix_patents_family_id")
        batch_op.drop_index(batch_op.f("ix_patents_batch_id"))
        batch_op.drop_index("ix_patents_application_number")

    op.drop_table("patents")
    with op.batch_alter_table("import_issues", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_import_issues_batch_id"))

    op.drop_table("import_issues")
    with op.batch_alter_table("import_batches", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_import_batches_source_sha256"))
        batch_op.drop_index(batch_op.f("ix_import_batches_owner_org_id"))

    op.drop_table("import_batches")
    with op.batch_alter_table("sei_rules", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sei_rules_sei_code"))

    op.drop_table("sei_rules")
    op.drop_table("ipc_titles")
