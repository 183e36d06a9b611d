"""The transfer domain's status codes, stored in English, and the one table of the Chinese
words people read for them; inputs may give either (the sheet and older clients write the
Chinese)."""

from __future__ import annotations

from collections.abc import Mapping

#: An inventory item: screened by its institution, published to the pool, transferred.
ITEM = {
    "pending": "待盘点",
    "reviewed": "已盘点",
    "pooled": "已入库",
    "transferred": "已转化",
    "abandoned": "放弃",
}
#: Items in the public pool.
POOL = ("pooled", "transferred")
#: Items whose screening is done (what a spot check samples).
SCREENED = ("reviewed", "pooled", "transferred", "abandoned")

#: A deal, from the first proposal to implementation (or its end).
DEAL = {
    "proposed": "待确认",
    "negotiating": "对接中",
    "signed": "签约",
    "registered": "登记备案",
    "implemented": "实施",
    "ended": "终止",
}
#: Deals that have reached a contract.
SIGNED = ("signed", "registered", "implemented")
#: Deals nobody acts on any more.
CLOSED = ("implemented", "ended")


def code_of(table: Mapping[str, str], value: str) -> str:
    """The code for ``value`` given as a code or as its Chinese word; ``ValueError`` (in
    Chinese, naming the choices) for anything else."""
    if value in table:
        return value
    for code, label in table.items():
        if value == label:
            return code
    raise ValueError(f"状态应为 {'、'.join(table.values())} 之一，收到“{value}”")
