"""The public catalogue of announced declarations, the gazette list and their exports.

No login is needed: only announced declarations (and withdrawn ones, marked so) are shown,
with the public facts of each — never contact persons' e-mail of drafts or licence sums.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, exists, or_, select
from sqlalchemy.orm import Session

from zhichan.core import tables
from zhichan.core.errors import InvalidInput
from zhichan.db import lists
from zhichan.licensing import queries
from zhichan.licensing.declarations import fees, lifecycle
from zhichan.licensing.models import Declaration, DeclarationPatent
from zhichan.licensing.schemas import CatalogueItem, CataloguePage

PUBLIC = ("announced", "withdrawal_requested", "withdrawn")
SCOPES = {"in_effect": "公告有效", "withdrawn": "已撤回", "all": "全部"}


@dataclass(frozen=True, slots=True)
class Query:
    q: str = ""
    field: str = ""
    ipc: str = ""
    region: str = ""
    patentee: str = ""
    fee_kind: str = ""
    max_fixed: Decimal | None = None
    max_rate: Decimal | None = None
    scope: str = "in_effect"


def _kind_clause(kind: str) -> ColumnElement[bool]:
    d = Declaration
    present = {
        "fixed": d.fixed_fee.is_not(None),
        "sales": d.sales_rate.is_not(None),
        "profit": d.profit_rate.is_not(None),
    }
    if kind == "combination":
        counted = [case((c, 1), else_=0) for c in present.values()]
        return counted[0] + counted[1] + counted[2] >= 2
    if kind not in present:
        raise InvalidInput(f"未知的费用类型：{kind}")
    others = [c for k, c in present.items() if k != kind]
    return and_(present[kind], *[~c for c in others])


def _patent_clause(*conds: ColumnElement[bool]) -> ColumnElement[bool]:
    return exists(
        select(DeclarationPatent.id).where(
            DeclarationPatent.declaration_id == Declaration.id, *conds
        )
    )


def _filtered(query: Query) -> Select[Any]:
    if query.scope not in SCOPES:
        raise InvalidInput(f"未知范围：{query.scope}")
    states = {
        "in_effect": sorted(lifecycle.IN_EFFECT),
        "withdrawn": ["withdrawn"],
        "all": list(PUBLIC),
    }[query.scope]
    stmt = select(Declaration).where(Declaration.status.in_(states))
    if query.q.strip():
        word = f"%{query.q.strip()}%"
        stmt = stmt.where(
            or_(
                Declaration.patentee_name.like(word),
                _patent_clause(DeclarationPatent.title.like(word)),
            )
        )
    if query.field.strip():
        stmt = stmt.where(
            _patent_clause(DeclarationPatent.ipc_main.startswith(query.field.strip().upper()[:1]))
        )
    if query.ipc.strip():
        stmt = stmt.where(
            _patent_clause(DeclarationPatent.ipc_main.startswith(query.ipc.strip().upper()))
        )
    if query.region.strip():
        stmt = stmt.where(Declaration.region == query.region.strip())
    if query.patentee.strip():
        stmt = stmt.where(Declaration.patentee_name.like(f"%{query.patentee.strip()}%"))
    if query.fee_kind:
        stmt = stmt.where(_kind_clause(query.fee_kind))
    if query.max_fixed is not None:
        stmt = stmt.where(
            or_(Declaration.fixed_fee.is_(None), Declaration.fixed_fee <= query.max_fixed)
        )
    if query.max_rate is not None:
        stmt = stmt.where(
            or_(Declaration.sales_rate.is_(None), Declaration.sales_rate <= query.max_rate)
        )
    return stmt


def search(*, session: Session, query: Query, limit: int = 50, offset: int = 0) -> CataloguePage:
    stmt = _filtered(query)
    total, rows = lists.page(
        session,
        stmt,
        Declaration.announced_on.desc(),
        Declaration.announcement_no.desc(),
        limit=limit,
        offset=offset,
    )
    return CataloguePage(total=total, items=_items(session, rows))


def _items(session: Session, rows: list[Declaration]) -> list[CatalogueItem]:
    patents = queries.patents_of(session, [d.id for d in rows])
    out = []
    for d in rows:
        fee = queries.fee_of(d)
        ps = patents[d.id]
        out.append(
            CatalogueItem(
                id=d.id,
                announcement_no=d.announcement_no,
                announced_on=d.announced_on,
                status=d.status,
                patentee_name=d.patentee_name,
                region=d.region,
                fee_kind=fee.kind,
                fee_label=fee.label(),
                fixed_fee=d.fixed_fee,
                sales_rate=d.sales_rate,
                profit_rate=d.profit_rate,
                term_years=d.term_years,
                patents=ps,
                licensees=sum(p.licensees for p in ps),
            )
        )
    return out


@dataclass(frozen=True, slots=True)
class GazetteEntry:
    number: str
    on: date
    kind: str
    declaration_id: int
    patentee: str
    patents: list[str]
    text: str


def _entry(d: Declaration, number: str, on: date, kind: str, text: str) -> GazetteEntry:
    return GazetteEntry(number, on, kind, d.id, d.patentee_name, [], text)


def gazette(*, session: Session, year: int | None = None) -> list[GazetteEntry]:
    """Announcements and withdrawal announcements in gazette order (date, then number)."""
    rows = list(session.scalars(select(Declaration).where(Declaration.status.in_(PUBLIC))))
    numbers = {
        d: [p.number for p in ps]
        for d, ps in queries.patents_of(session, [r.id for r in rows]).items()
    }
    entries = []
    for d in rows:
        if d.announcement_no and d.announced_on:
            terms = f"{queries.fee_of(d).label()}；许可期限 {d.term_years} 年"
            entries.append(_entry(d, d.announcement_no, d.announced_on, "开放许可声明", terms))
        if d.withdrawal_no and d.withdrawn_on:
            note = f"撤回开放许可声明 {d.announcement_no}；在先给予的许可继续有效"
            entries.append(_entry(d, d.withdrawal_no, d.withdrawn_on, "开放许可声明撤回", note))
    for e in entries:
        e.patents.extend(numbers[e.declaration_id])
    if year is not None:
        entries = [e for e in entries if e.on.year == year]
    return sorted(entries, key=lambda e: (e.on, e.number))


HEADER = [
    "公告号", "公告日", "状态", "专利权人", "地区", "专利号", "发明名称", "IPC", "费用类型",
    "许可使用费", "固定费用（元）", "净销售额提成（%）", "利润分成（%）", "许可期限（年）",
    "被许可人数",
]  # fmt: skip


def rows(*, session: Session, query: Query) -> list[list[object]]:
    """One row per declared patent of every matching declaration, for CSV and Excel."""
    out: list[list[object]] = []
    offset = 0
    while True:
        page = search(session=session, query=query, limit=500, offset=offset)
        for item in page.items:
            kind = fees.KINDS.get(item.fee_kind, item.fee_kind)
            head = [item.announcement_no, item.announced_on, lifecycle.STATES[item.status]]
            head += [item.patentee_name, item.region or ""]
            tail = [kind, item.fee_label, item.fixed_fee, item.sales_rate, item.profit_rate]
            for p in item.patents:
                out.append(
                    [
                        *head,
                        p.number,
                        p.title or "",
                        p.ipc_main or "",
                        *tail,
                        item.term_years,
                        p.licensees,
                    ]
                )
        offset += 500
        if offset >= page.total:
            return out


def to_csv(table: list[list[object]]) -> str:
    return tables.csv_text(HEADER, table)


def to_xlsx(table: list[list[object]]) -> bytes:
    return tables.xlsx_bytes([("开放许可目录", HEADER, table)])
