"""transfer status codes: inventory and deal statuses stored as English codes (the Chinese is
the label table's, zhichan/transfer/states.py); the inventory's status column widened for them

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03 01:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen here: the label table may change later, the data this migration meets does not.
ITEM = {
    "待盘点": "pending",
    "已盘点": "reviewed",
    "已入库": "pooled",
    "已转化": "transferred",
    "放弃": "abandoned",
}
DEAL = {
    "待确认": "proposed",
    "对接中": "negotiating",
    "签约": "signed",
    "登记备案": "registered",
    "实施": "implemented",
    "终止": "ended",
}
COLUMNS = (
    ("transfer_inventory", "status", ITEM),
    ("transfer_deals", "status", DEAL),
    ("transfer_deal_events", "from_status", DEAL),
    ("transfer_deal_events", "to_status", DEAL),
)


def _recode(forward: bool) -> None:
    for table_name, column, codes in COLUMNS:
        table = sa.table(table_name, sa.column(column, sa.String))
        for old, new in codes.items():
            before, after = (old, new) if forward else (new, old)
            op.execute(table.update().where(table.c[column] == before).values({column: after}))


def upgrade() -> None:
    with op.batch_alter_table("transfer_inventory", schema=None) as batch_op:
        batch_op.alter_column(
            "status", existing_type=sa.String(length=8), type_=sa.String(length=16)
        )
    _recode(forward=True)


def downgrade() -> None:
    _recode(forward=False)
    with op.batch_alter_table("transfer_inventory", schema=None) as batch_op:
        batch_op.alter_column(
            "status", existing_type=sa.String(length=16), type_=sa.String(length=8)
        )
