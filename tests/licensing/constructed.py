"""CONSTRUCTED licensing fixtures — not real patents.

Made-up CN records whose rights facts (holder, legal status, type, pledge, licence filings,
filing date) each trigger one rule of the open-licence checks. Numbers, names and dates are
invented for the tests; the organisations are those of ``tests.support.factories``.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from zhichan.patents.record import Classification, LegalEvent, Party, PatentRecord

UNIV_A = "甲大学"
UNIV_B = "乙大学"
FIRM = "丙公司"


def _p(name: str) -> Party:
    return Party(name_raw=name, name=name, country="CN", province="浙江省")


def _rec(number: str, **kw: object) -> PatentRecord:
    base: dict[str, object] = {
        "country": "CN",
        "kind": number[-1],
        "patent_type": "invention",
        "title_zh": f"构造样例专利 {number}",
        "abstract_zh": "构造的测试记录，不是真实专利。",
        "applicants": [_p(UNIV_A)],
        "owners": [_p(UNIV_A)],
        "application_date": date(2020, 1, 10),
        "grant_date": date(2022, 6, 1),
        "ipc": [Classification("G06F16/35")],
        "ipc_main": "G06F16/35",
        "legal_status": "有效",
        "legal_events": [LegalEvent(date(2022, 6, 1), "grant", "授权")],
        "source": "constructed",
    }
    base.update(kw)
    return PatentRecord(number=number, **base)  # type: ignore[arg-type]


OK = "CN112000001B"
UTILITY = "CN212000002U"
PLEDGED = "CN112000003B"
LAPSED = "CN112000004B"
PENDING = "CN112000005A"
CO_OWNED = "CN112000006B"
OTHERS = "CN112000007B"
FILED = "CN112000008B"
OLD = "CN112000009B"
SECOND = "CN112000010B"


def records() -> list[PatentRecord]:
    return [
        _rec(OK),
        _rec(
            UTILITY,
            patent_type="utility_model",
            ipc=[Classification("H01M50/403")],
            ipc_main="H01M50/403",
        ),
        _rec(
            PLEDGED,
            legal_events=[
                LegalEvent(date(2022, 6, 1), "grant", "授权"),
                LegalEvent(date(2023, 3, 1), "pledge", "专利权质押合同登记的生效"),
            ],
        ),
        _rec(LAPSED, legal_status="未缴年费专利权终止"),
        _rec(PENDING, legal_status="实质审查的生效", grant_date=None, legal_events=[]),
        _rec(CO_OWNED, owners=[_p(UNIV_A), _p(FIRM)]),
        _rec(OTHERS, owners=[_p(UNIV_B)], applicants=[_p(UNIV_B)]),
        _rec(
            FILED,
            legal_events=[
                LegalEvent(date(2022, 6, 1), "grant", "授权"),
                LegalEvent(date(2023, 1, 1), "licence_record", "专利实施许可合同备案的生效"),
            ],
        ),
        _rec(OLD, application_date=date(2008, 1, 10), grant_date=date(2010, 5, 1)),
        _rec(SECOND, ipc=[Classification("G06F40/30")], ipc_main="G06F40/30"),
    ]


def write_jsonl(path: Path) -> Path:
    path.write_text("".join(r.to_json() + "\n" for r in records()), encoding="utf-8")
    return path
