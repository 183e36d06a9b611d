"""CONSTRUCTED indicator fixtures — not real patents.

Made-up CN records, each built so that one criterion of the high-value definition decides it;
numbers, names, dates and amounts are invented for the tests. The files beside them are what an
office would load: a family table, pledge registrations, an award list and official flags."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from zhichan.patents.numbers import cn_check_digit
from zhichan.patents.record import Classification, Party, PatentRecord

CQ_APPLICATION = "202010000007"
#: The day the browser test computes on (the reference date is set explicitly).
TODAY = date(2026, 12, 1)


def _rec(number: str, province: str, ipc: str, filed: date, status: str = "有效",
         holder: str = "甲大学", application: str | None = None) -> PatentRecord:  # fmt: skip
    return PatentRecord(
        number=number, country="CN", kind="B", patent_type="invention",
        application_number=application, title_zh=f"构造样例专利 {number}",
        abstract_zh="构造的测试记录，不是真实专利。",
        applicants=[Party(name_raw=holder, name=holder, country="CN", province=province)],
        application_date=filed, grant_date=date(filed.year + 2, 6, 1),
        ipc=[Classification(ipc)], ipc_main=ipc, legal_status=status, source="constructed",
    )  # fmt: skip


def records() -> list[PatentRecord]:
    app = f"CN{CQ_APPLICATION}.{cn_check_digit(CQ_APPLICATION)}"
    return [
        _rec("CN200000001B", "浙江省", "G06N10/00", date(2020, 1, 10)),  # SEI
        _rec("CN200000002B", "浙江省", "B65D5/00", date(2010, 1, 10)),  # maintained > 10 y
        _rec("CN200000003B", "浙江省", "B65D5/00", date(2020, 1, 10)),  # pledge below threshold
        _rec("CN200000004B", "浙江省", "B65D5/00", date(2020, 1, 10)),  # family granted in US
        _rec("CN200000005B", "浙江省", "G06N10/00", date(2020, 1, 10), "未缴年费专利权终止"),
        _rec("CN200000006B", "香港特别行政区", "G06N10/00", date(2020, 1, 10), holder="某香港公司"),
        _rec("CN200000007B", "重庆市", "B65D5/00", date(2020, 1, 10), application=app),  # award
    ]


FILES = {
    "families": "专利号,同族专利号,国家或地区,是否授权,授权日\n"
                "CN200000004B,US11111111B2,US,是,2022-03-01\n"
                "CN200000003B,EP3000003A1,EP,否,\n",
    "pledges": "专利号,登记号,登记日,金额（元）\n"
               "CN200000003B,Y2024330000001,2024-04-01,\"1,000,000\"\n",
    "awards": "专利号,奖项,届次或年度,等级,项目名称\n"
              f"ZL{CQ_APPLICATION}.{cn_check_digit(CQ_APPLICATION)},中国专利奖,第二十五届,优秀奖,\n",
    "flags": "专利号,高价值专利,获奖\nCN200000007B,否,是\n",
    "targets": "地区,指标,年份,目标值,来源\n浙江省,每万人口高价值发明专利拥有量,2025,20,构造的目标（测试）\n",
}  # fmt: skip


def write_jsonl(path: Path) -> Path:
    path.write_text("".join(r.to_json() + "\n" for r in records()), encoding="utf-8")
    return path
