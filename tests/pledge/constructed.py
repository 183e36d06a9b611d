"""CONSTRUCTED pledge fixtures — not real patents: made-up CN invention records held by the
test world's enterprise 丙公司 (numbers, titles and dates invented for the tests)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from zhichan.patents.record import Classification, LegalEvent, Party, PatentRecord

FIRM = "丙公司"
#: The day the tests act on (remaining terms and working days are worked out from it).
TODAY = date(2026, 12, 1)
VALID = ("CN300000001B", "CN300000002B", "CN300000003B", "CN300000004B")
LAPSED = "CN300000009B"
#: A utility model filed the same day as VALID[3] by the same applicant (同日申请).
SAME_DAY = "CN213000001U"
#: Filed in 2008: its term ends on 2028-05-04, before a loan to 2029.
OLD = "CN300000005B"
FILED = {VALID[3]: date(2021, 3, 3), SAME_DAY: date(2021, 3, 3), OLD: date(2008, 5, 5)}


def _rec(number: str, status: str = "有效") -> PatentRecord:
    filed = FILED.get(number, date(2020, 1, 10))
    utility = number.endswith("U")
    return PatentRecord(
        number=number,
        country="CN",
        kind="U" if utility else "B",
        patent_type="utility_model" if utility else "invention",
        title_zh=f"构造样例专利 {number}",
        abstract_zh="构造的测试记录，不是真实专利。",
        applicants=[Party(name_raw=FIRM, name=FIRM, country="CN", province="浙江省")],
        application_date=filed,
        grant_date=date(filed.year + 2, 6, 1),
        ipc=[Classification("B65D5/00")],
        ipc_main="B65D5/00",
        legal_status=status,
        legal_events=[LegalEvent(date=date(filed.year + 2, 6, 1), code="grant", text="授权")],
        source="constructed",
    )


def write_jsonl(path: Path) -> Path:
    records = [*(_rec(n) for n in (*VALID, SAME_DAY, OLD)), _rec(LAPSED, "未缴年费专利权终止")]
    path.write_text("".join(r.to_json() + "\n" for r in records), encoding="utf-8")
    return path
