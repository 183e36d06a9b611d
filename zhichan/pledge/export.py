"""The pledge statistics as an Excel workbook (cells neutralised against formulas by
core.tables): the year's figures with their definitions, the breakdowns, subsidies, pools and
the white-list funnel."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from zhichan.core import tables
from zhichan.pledge.schemas import PledgeStatsRead

FIGURES = {
    "registered_amount": "质押登记金额（元）",
    "registrations": "登记笔数",
    "patents": "质押专利件数",
    "enterprises": "惠及企业数",
    "smes": "其中中小企业",
    "puhui_registrations": "普惠登记笔数",
    "puhui_share": "普惠占比",
    "disbursed_loans": "已放款笔数（累计）",
    "defaulted_loans": "违约笔数（累计）",
    "default_rate": "违约率（累计）",
    "outstanding": "贷款余额（元）",
}
POOL_HEADER = ["编号", "地区", "名称", "规模（元）", "已支付（元）", "余额（元）", "来源"]
BY = {"region": "地区", "bank": "银行", "industry": "行业", "mode": "贷款模式", "size": "企业规模"}
FUNNEL = {"pushed": "已推送", "contacted": "已对接", "applied": "已申请", "approved": "已获批",
          "declined": "未获批或放弃", "amount": "获批金额（元）"}  # fmt: skip


def _figures(s: PledgeStatsRead) -> Iterator[list[Any]]:
    yoy = s.figures.get("yoy", {})
    for key, label in FIGURES.items():
        yield [label, s.figures.get(key), s.previous.get(key), yoy.get(key)]
    yield ["普惠口径（元）", s.cutoff, None, None]


def _breakdowns(s: PledgeStatsRead) -> Iterator[list[Any]]:
    for key, label in BY.items():
        for row in s.by.get(key, []):
            yield [label, row["name"], row["registrations"], row["amount"]]


def workbook(s: PledgeStatsRead) -> bytes:
    return tables.xlsx_bytes([
        (f"{s.year}年指标", ["指标", f"{s.year}年", f"{s.year - 1}年", "同比"], _figures(s)),
        ("分类统计", ["维度", "分类", "登记笔数", "登记金额（元）"], _breakdowns(s)),
        ("补贴拨付", ["类型", "笔数", "金额（元）", "企业数"],
         ([r["kind_label"], r["claims"], r["amount"], r["recipients"]] for r in s.subsidies)),
        ("风险补偿资金池", POOL_HEADER,
         ([p.code, p.region, p.name, p.size, p.paid, p.balance, p.source] for p in s.pools)),
        ("白名单漏斗", ["环节", "数量"], ([FUNNEL[k], v] for k, v in s.funnel.items())),
        ("口径与来源", ["项目", "说明"], ([k, v] for k, v in s.sources.items())),
    ])  # fmt: skip
