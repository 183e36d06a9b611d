"""The inventory sheet (盘点表) as Excel: export with pick lists, import all-or-nothing.

An import reads the sheet first, outside any transaction and at most ``MAX_ROWS`` rows,
then checks every row (known patent number, allowed values); if any row is wrong nothing is
written and every problem is reported with its row number. On the web an upload runs as a
``transfer.sheet`` job, so a large sheet never holds up the server or the write lock.
"""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.worksheet.datavalidation import DataValidation
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from zhichan.core import tables
from zhichan.core.errors import InvalidInput
from zhichan.core.principal import Principal
from zhichan.core.text import nfkc
from zhichan.core.validation import chinese
from zhichan.transfer import service, states, tiering
from zhichan.transfer.models import InventoryItem
from zhichan.transfer.schemas import ItemRead, ItemUpdate, SheetIssue, SheetReport

#: (header, field); the last two columns are computed and ignored on import.
COLUMNS = (
    ("专利号", "number"),
    ("名称", "title"),
    ("技术领域", "field"),
    ("产业代码（战略性新兴产业）", "industry"),
    ("技术成熟度", "maturity"),
    ("产业化前景", "prospect"),
    ("前景理由", "prospect_reasons"),
    ("拟转化方式", "modes"),
    ("联系人", "contact_name"),
    ("联系电话", "contact_phone"),
    ("状态", "status"),
    ("分层", "effective_tier"),
    ("分层理由", "tier_reasons"),
)
EDITABLE = ("field", "industry", "maturity", "prospect", "prospect_reasons", "modes",
            "contact_name", "contact_phone", "status")  # fmt: skip
_SPLIT = re.compile(r"[、,，;；/\s]+")


def _cell(value: Any) -> str:
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    return "" if value is None else str(value)


def _shown(item: ItemRead, field: str) -> Any:
    value = getattr(item, field)
    return states.ITEM.get(value, value) if field == "status" else value


def export_xlsx(items: list[ItemRead]) -> bytes:
    wb, ws = tables.workbook()
    ws.title = "盘点表"
    tables.append(ws, [h for h, _f in COLUMNS])
    for item in items:
        tables.append(ws, [_cell(_shown(item, f)) for _h, f in COLUMNS])
    end = max(len(items) + 1, 2)
    for col, values in (
        ("E", tiering.MATURITIES),
        ("F", tiering.PROSPECTS),
        ("K", tuple(states.ITEM.values())),
    ):
        dv = DataValidation(type="list", formula1='"' + ",".join(values) + '"', allow_blank=True)
        dv.add(f"{col}2:{col}{end}")
        ws.add_data_validation(dv)
    return tables.save(wb)


Rows = list[tuple[int, dict[str, str]]]
#: A university's stock is a few thousand patents; a sheet beyond this is not an inventory.
MAX_ROWS = 50_000
MAX_BYTES = 20 * 1024 * 1024


def read_rows(source: bytes | Path) -> Rows:
    """The sheet's rows, by row number; a clear message for a file that is not a sheet."""
    try:
        opened = io.BytesIO(source) if isinstance(source, bytes) else source
        ws = load_workbook(opened, read_only=True, data_only=True).active
    except Exception as exc:  # openpyxl raises several kinds for a file that is not xlsx
        raise InvalidInput(
            "无法读取 Excel 文件：请上传 .xlsx 格式的盘点表（可先导出模板）"
        ) from exc
    assert ws is not None
    fields = dict(COLUMNS)
    header: dict[int, str] | None = None
    out: Rows = []
    for n, row in enumerate(ws.iter_rows(values_only=True), start=1):
        cells = [nfkc(str(c)).strip() if c is not None else "" for c in row]
        if header is None:
            if "专利号" in cells:
                header = {i: fields[c] for i, c in enumerate(cells) if c in fields}
            continue
        if any(cells):
            if len(out) >= MAX_ROWS:
                raise InvalidInput(f"盘点表超过 {MAX_ROWS} 行，请分批导入")
            out.append((n, {f: cells[i] for i, f in header.items() if i < len(cells)}))
    if header is None:
        raise InvalidInput("表中没有“专利号”列；请使用导出的盘点表作为模板")
    return out


def _update(values: dict[str, str]) -> ItemUpdate:
    data: dict[str, Any] = {f: values[f] or None for f in EDITABLE if f in values}
    if "modes" in data:
        data["modes"] = [m for m in _SPLIT.split(data["modes"] or "") if m]
    if data.get("prospect") is None and "prospect" in data:
        data.pop("prospect")
    return ItemUpdate.model_validate(data)


def import_xlsx(
    *, session: Session, principal: Principal, data: bytes, org_id: int | None = None, today: date
) -> SheetReport:
    return apply_rows(
        session=session, principal=principal, rows=read_rows(data), org_id=org_id, today=today
    )


def apply_rows(
    *, session: Session, principal: Principal, rows: Rows, org_id: int | None = None, today: date
) -> SheetReport:
    owner = service.institution_of(principal, org_id, session)
    known = set(
        session.scalars(select(InventoryItem.number).where(InventoryItem.owner_org_id == owner))
    )
    issues, updates = [], []
    for n, values in rows:
        number = values.get("number", "")
        if number not in known:
            issues.append(SheetIssue(row=n, number=number, message="不在本机构盘点表中"))
            continue
        try:
            change = _update(values)
        except ValidationError as exc:
            why = "；".join(chinese(e) for e in exc.errors())
            issues.append(SheetIssue(row=n, number=number, message=why))
            continue
        if change.status == "pooled":
            issues.append(SheetIssue(row=n, number=number, message="入库请使用“发布入库”"))
            continue
        updates.append((number, change))
    if issues:
        first = "；".join(f"第 {i.row} 行 {i.number}：{i.message}" for i in issues[:5])
        raise InvalidInput(
            f"盘点表有 {len(issues)} 行有误，未导入任何内容：{first}",
            details={"issues": [i.model_dump() for i in issues]},
        )
    for number, change in updates:
        service.update_items(
            session=session, principal=principal, numbers=[number], changes=change,
            org_id=owner, today=today,
        )  # fmt: skip
    return SheetReport(rows=len(rows), updated=len(updates), issues=[])
