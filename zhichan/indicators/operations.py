"""The platform's own operational indicators beside the official ones: what the transfer and
open-licence registries record, each with its definition and the registry it comes from."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy.orm import Session

from zhichan.core.errors import PermissionDenied
from zhichan.core.principal import Principal
from zhichan.licensing import service as licensing_service
from zhichan.transfer import service as transfer_service

TRANSFER = "平台存量专利盘活登记（对接与交易）"
LICENSING = "平台开放许可登记（公告与许可）"


@dataclass(frozen=True, slots=True)
class Figure:
    name: str
    value: str
    definition: str
    source: str


def _share(value: float) -> str:
    return f"{Decimal(str(value)) * 100:.1f}%"


def figures(*, session: Session, principal: Principal) -> list[Figure]:
    """Empty for those who may not read the registries' statistics (a bank)."""
    try:
        t = transfer_service.statistics(session=session, principal=principal)
        lic = licensing_service.statistics(session=session, principal=principal)
    except PermissionDenied:
        return []
    d, ld = t.definitions, lic.definitions
    return [
        Figure("资源库专利", str(t.pool), d["pool"], TRANSFER),
        Figure("转化率（实施率）", _share(t.conversion_rate), d["conversion_rate"], TRANSFER),
        Figure("产业化率", _share(t.industrialisation_rate), d["industrialisation_rate"], TRANSFER),
        Figure("合同金额（元）", f"{t.amount:,}", d["amount"], TRANSFER),
        Figure("开放许可公告声明", str(lic.announced), ld["announced"], LICENSING),
        Figure("开放许可实施许可", str(lic.licences), ld["licences"], LICENSING),
        Figure("许可使用费收入（元）", f"{lic.income:,}", ld["income"], LICENSING),
    ]
