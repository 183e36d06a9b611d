"""CONSTRUCTED navigation fixtures — not real patents: the records of test_analytics.FACTS as
stored patent records (numbers, names, dates and texts invented for the tests)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from zhichan.patents.record import Classification, Party, PatentRecord

#: number, filed, published, granted, IPC, applicants (name, province), status, abstract
ROWS = [
    ("CN400000001B", date(2020, 3, 1), date(2021, 9, 1), date(2022, 5, 1),
     ["H01M10/052", "H01M4/13"], [("甲科技有限责任公司", "浙江省")], "有效", "可降低成本并延长电池寿命。"),
    ("CN400000002A", date(2020, 6, 1), date(2022, 1, 1), None, ["H01M4/13"],
     [("甲科技有限公司", "浙江省"), ("乙大学", "浙江省")], "实质审查", "提高充电效率。"),
    ("CN400000003B", date(2021, 2, 1), date(2022, 8, 1), date(2023, 4, 1), ["G06F17/30"],
     [("乙大学", "江苏省")], "有效", "提高检索效率，降低成本。"),
    ("CN400000004B", date(2022, 1, 1), None, None, ["H01M50/40"], [("丙电池公司", "广东省")],
     "未缴年费专利权终止", "本发明结构简单。"),
]  # fmt: skip


def records(status_of: dict[str, str] | None = None) -> list[PatentRecord]:
    out = []
    for number, filed, published, granted, ipc, holders, status, text in ROWS:
        out.append(
            PatentRecord(
                number=number,
                country="CN",
                kind=number[-1],
                patent_type="invention",
                title_zh=f"构造样例专利 {number}",
                abstract_zh=text,
                applicants=[
                    Party(name_raw=n, name=n, country="CN", province=p) for n, p in holders
                ],
                application_date=filed,
                publication_date=published,
                grant_date=granted,
                ipc=[Classification(c) for c in ipc],
                ipc_main=ipc[0],
                legal_status=(status_of or {}).get(number, status),
                source="constructed",
            )
        )
    return out


def write_jsonl(path: Path, status_of: dict[str, str] | None = None) -> Path:
    path.write_text("".join(r.to_json() + "\n" for r in records(status_of)), encoding="utf-8")
    return path
