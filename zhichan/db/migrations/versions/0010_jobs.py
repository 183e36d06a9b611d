"""jobs: one table for every long task; comparison runs point to their job and use its
state codes

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 16:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
RUN_STATES = {"排队": "queued", "运行中": "running", "完成": "succeeded", "失败": "failed"}


def upgrade() -> None:
    op.create_table(
        "jobs",
        sa.Column("id", BigId, autoincrement=True, nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("owner_org_id", BigId, nullable=True),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("created_by_user_id", BigId, nullable=True),
        sa.Column("parent_id", BigId, nullable=True),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("stage", sa.String(length=200), nullable=True),
        sa.Column("done", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=True),
        sa.Column("counts", sa.JSON(), nullable=True),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("result", sa.JSON(), nullable=True),
        sa.Column("message", sa.Text(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("not_before", sa.DateTime(timezone=True), nullable=True),
        sa.Column("worker", sa.String(length=200), nullable=True),
        sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["owner_org_id"],
            ["organisations.id"],
            name=op.f("fk_jobs_owner_org_id_organisations"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["jobs.id"], name=op.f("fk_jobs_parent_id_jobs"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_jobs")),
    )
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_jobs_kind"), ["kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_jobs_owner_org_id"), ["owner_org_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_jobs_parent_id"), ["parent_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_jobs_state"), ["state"], unique=False)

    runs = sa.table("forensic_runs", sa.column("state", sa.String))
    for old, new in RUN_STATES.items():
        op.execute(runs.update().where(runs.c.state == old).values(state=new))
    with op.batch_alter_table("forensic_runs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("job_id", BigId, nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_forensic_runs_job_id_jobs"),
            "jobs",
            ["job_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch_op.drop_column("stage")
        batch_op.drop_column("done")
        batch_op.drop_column("total")


def downgrade() -> None:
    with op.batch_alter_table("forensic_runs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("total", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("done", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("stage", sa.String(length=100), nullable=True))
        batch_op.drop_constraint(batch_op.f("fk_forensic_runs_job_id_jobs"), type_="foreignkey")
        batch_op.drop_column("job_id")
    runs = sa.table("forensic_runs", sa.column("state", sa.String))
    for old, new in RUN_STATES.items():
        op.execute(runs.update().where(runs.c.state == new).values(state=old))
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_jobs_state"))
        batch_op.drop_index(batch_op.f("ix_jobs_parent_id"))
        batch_op.drop_index(batch_op.f("ix_jobs_owner_org_id"))
        batch_op.drop_index(batch_op.f("ix_jobs_kind"))
    op.drop_table("jobs")
