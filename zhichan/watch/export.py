"""The weekly digest as an Excel workbook (every cell that could start a formula is
neutralised by ``core.tables``)."""

from __future__ import annotations

from zhichan.core import tables
from zhichan.watch.schemas import DigestRead

HEADER = ["监测", "提醒类型", "专利号", "名称", "日期", "摘要", "依据"]


def digest_xlsx(d: DigestRead) -> bytes:
    rows = [
        [
            i.watch_name,
            i.kind_label,
            i.number,
            i.title or "",
            i.happened_on.isoformat() if i.happened_on else "",
            i.summary,
            "；".join(f"{k}：{v}" for k, v in i.evidence),
        ]
        for i in d.items
    ]
    counts = [[k, v] for k, v in d.counts.items()]
    return tables.xlsx_bytes(
        [
            (f"{d.start}至{d.end}", HEADER, rows),
            ("按类型", ["提醒类型", "条数"], counts),
            ("按监测", ["监测", "条数"], [list(w) for w in d.by_watch]),
        ]
    )
