"""Statistics of stock-patent revitalisation for the office, with their definitions.

Definitions (returned with every result):
* 资源库规模: pool items (已入库 or 已转化) by tier, industry and institution;
* 推送: (enterprise, patent) pairs pushed; 打开率 = pushed pairs the enterprise opened (viewed
  or answered) ÷ pushed pairs; 反馈率 = pushed pairs with an intent ÷ pushed pairs;
* 交易: deals by status; 合同金额 = sum of amounts of deals signed or further;
  转让 / 许可 = deals of mode 转让 / 许可 or 开放许可 that reached 签约 or further;
* 转化率（实施率）= pool patents with a deal signed or further ÷ pool patents — the share of
  the pool put to use by contract;
* 产业化率 = pool patents with a deal in 实施 ÷ pool patents with a deal signed or further —
  of the patents put to use, the share being implemented in production.
Periods group pushes by push date and deals by the date they were signed.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from typing import Any

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from zhichan.accounts import service as accounts_service
from zhichan.core import periods
from zhichan.core.errors import PermissionDenied
from zhichan.core.principal import Principal
from zhichan.patents import service as patents_service
from zhichan.transfer import service, states
from zhichan.transfer.models import Deal, Feedback, InventoryItem, Push

DEFINITIONS = {
    "pool": "资源库规模：状态为已入库或已转化的专利",
    "open_rate": "打开率：企业查看或反馈过的推送 ÷ 推送",
    "feedback_rate": "反馈率：企业给出意向的推送 ÷ 推送",
    "amount": "合同金额：签约及以后阶段交易的金额之和（元）",
    "conversion_rate": "转化率（实施率）：有签约及以后阶段交易的入库专利 ÷ 入库专利",
    "industrialisation_rate": (
        "产业化率：交易处于实施阶段的入库专利 ÷ 有签约及以后阶段交易的入库专利"
    ),
    "period": "期间：推送按推送日、交易按签约日归入月份、季度或年度",
}
SIGNED = states.SIGNED


class Row(BaseModel):
    key: str
    pool: int = 0
    pushes: int = 0
    feedback: int = 0
    deals: int = 0
    signed: int = 0
    implemented: int = 0
    amount: Decimal = Decimal(0)


class TransferStats(BaseModel):
    pool: int
    by_tier: dict[str, int]
    by_industry: list[Row]
    by_institution: list[Row]
    by_region: list[Row]
    by_period: list[Row]
    pushes: int
    opened: int
    answered: int
    open_rate: float
    feedback_rate: float
    intents: dict[str, int]
    deals: dict[str, int]
    amount: Decimal
    transfers: int
    licences: int
    conversion_rate: float
    industrialisation_rate: float
    definitions: dict[str, str]


def compute(*, session: Session, principal: Principal, unit: str = "month") -> TransferStats:
    if not service.is_office(principal):
        raise PermissionDenied("只有知识产权局可以查看盘活统计")
    periods.check_unit(unit)
    items = list(
        session.scalars(
            select(InventoryItem).where(InventoryItem.status.in_(service.POOL_STATUSES))
        )
    )
    pushes = list(session.scalars(select(Push)))
    answered = {
        (f.enterprise_org_id, f.item_id): f.intent for f in session.scalars(select(Feedback))
    }
    deals = list(session.scalars(select(Deal)))
    orgs = accounts_service.orgs_by_id(session=session)
    names = patents_service.sei_categories(session=session)
    groups = {
        "industry": lambda i: (
            f"{i.industry} {names.get(i.industry or '', '')}".strip() if i.industry else "未填"
        ),
        "institution": lambda i: orgs[i.owner_org_id].name if i.owner_org_id in orgs else "?",
        "region": lambda i: (
            (orgs[i.owner_org_id].region if i.owner_org_id in orgs else None) or "未知"
        ),
    }
    by = {g: _grouped(items, pushes, answered, deals, fn) for g, fn in groups.items()}
    signed_items = {d.item_id for d in deals if d.status in SIGNED}
    implemented = {d.item_id for d in deals if d.status == "implemented"}
    opened = sum(1 for p in pushes if p.opened_at or (p.enterprise_org_id, p.item_id) in answered)
    got = sum(1 for p in pushes if (p.enterprise_org_id, p.item_id) in answered)
    return TransferStats(
        pool=len(items),
        by_tier=dict(Counter(service.effective_tier(i) or "未分层" for i in items)),
        by_industry=by["industry"],
        by_institution=by["institution"],
        by_region=by["region"],
        by_period=_periods(pushes, answered, deals, unit),
        pushes=len(pushes),
        opened=opened,
        answered=got,
        open_rate=round(opened / len(pushes), 4) if pushes else 0.0,
        feedback_rate=round(got / len(pushes), 4) if pushes else 0.0,
        intents=dict(Counter(answered.values())),
        deals=dict(Counter(d.status for d in deals)),
        amount=sum((d.amount or Decimal(0) for d in deals if d.status in SIGNED), Decimal(0)),
        transfers=sum(1 for d in deals if d.status in SIGNED and d.mode == "转让"),
        licences=sum(1 for d in deals if d.status in SIGNED and d.mode in ("许可", "开放许可")),
        conversion_rate=round(len(signed_items) / len(items), 4) if items else 0.0,
        industrialisation_rate=round(len(implemented) / len(signed_items), 4)
        if signed_items
        else 0.0,
        definitions=DEFINITIONS,
    )


def _grouped(items, pushes, answered, deals, key) -> list[Row]:  # type: ignore[no-untyped-def]
    rows: dict[str, Row] = {}
    item_key = {i.id: key(i) for i in items}
    for i in items:
        rows.setdefault(item_key[i.id], Row(key=item_key[i.id])).pool += 1
    for p in pushes:
        if p.item_id in item_key:
            r = rows[item_key[p.item_id]]
            r.pushes += 1
            r.feedback += (p.enterprise_org_id, p.item_id) in answered
    for d in deals:
        if d.item_id in item_key:
            _count_deal(rows[item_key[d.item_id]], d)
    return sorted(rows.values(), key=lambda r: (-r.pool, r.key))


def _count_deal(r: Row, d: Deal) -> None:
    r.deals += 1
    if d.status in SIGNED:
        r.signed += 1
        r.amount += d.amount or Decimal(0)
    if d.status == "implemented":
        r.implemented += 1


def _periods(
    pushes: list[Push], answered: dict[tuple[int, int], str], deals: list[Deal], unit: str
) -> list[Row]:
    def add_push(r: Row, p: Push) -> None:
        r.pushes += 1
        r.feedback += (p.enterprise_org_id, p.item_id) in answered

    return periods.by_period(
        unit,
        lambda key: Row(key=key),
        periods.Series(pushes, lambda p: p.pushed_at, add_push),
        periods.Series(deals, lambda d: d.contract_on, _count_deal, undated=False),
    )


def to_xlsx(stats: TransferStats) -> bytes:
    overview: list[list[Any]] = [
        ["资源库规模", stats.pool], ["推送", stats.pushes], ["打开率", stats.open_rate],
        ["反馈率", stats.feedback_rate], ["合同金额（元）", stats.amount],
        ["转让", stats.transfers], ["许可", stats.licences],
        ["转化率（实施率）", stats.conversion_rate],
        ["产业化率", stats.industrialisation_rate],
        *([k, v] for k, v in stats.definitions.items()),
    ]  # fmt: skip
    return periods.workbook(
        (["指标", "数值"], overview),
        ["分组", "入库专利", "推送", "反馈", "交易", "签约及以后", "实施", "合同金额（元）"],
        [
            ("按产业", stats.by_industry),
            ("按机构", stats.by_institution),
            ("按地区", stats.by_region),
            ("按期间", stats.by_period),
        ],
        lambda r: [r.key, r.pool, r.pushes, r.feedback, r.deals, r.signed, r.implemented, r.amount],
    )
