"""CONSTRUCTED search fixtures — not real patents.

Six made-up records in zhichan's canonical JSONL, chosen so that each field code, Boolean
operator, phrase, wildcard and facet of the query language has something to find and
something to miss. Real-data search tests use KPPatent-ZH from shared/data.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from tests.patents.constructed import app_no
from zhichan.patents.record import ClaimItem, Classification, Party, PatentRecord, Priority


def _party(name: str, province: str | None = None, country: str = "CN") -> Party:
    return Party(name_raw=name, name=name, country=country, province=province)


def records() -> list[PatentRecord]:
    return [
        PatentRecord(
            number="CN111000001A",
            country="CN",
            kind="A",
            application_number="CN" + app_no("202010000001"),
            patent_type="invention",
            title_zh="一种锂电池隔膜及其制备方法",
            abstract_zh="本发明公开了一种锂电池隔膜，以聚乙烯为基材，涂覆陶瓷层，提高耐热性。",
            claims=[ClaimItem(1, "一种锂电池隔膜，其特征在于，包括聚乙烯基膜和陶瓷涂层。")],
            applicants=[_party("清华大学", "北京")],
            inventors=["张三", "李四"],
            application_date=date(2020, 3, 1),
            publication_date=date(2020, 9, 1),
            priorities=[Priority("CN", "CN201910999999", date(2019, 3, 2))],
            ipc=[Classification("H01M50/403"), Classification("H01M10/052")],
            ipc_main="H01M50/403",
            legal_status="有效",
        ),
        PatentRecord(
            number="CN111000002A",
            country="CN",
            kind="A",
            application_number="CN" + app_no("201910000002"),
            patent_type="invention",
            title_zh="锂离子电池正极材料",
            abstract_zh="一种高镍三元正极材料，用于锂离子电池，循环寿命长。",
            applicants=[_party("浙江大学", "浙江")],
            inventors=["王五"],
            application_date=date(2019, 5, 10),
            publication_date=date(2019, 11, 1),
            ipc=[Classification("H01M4/505")],
            ipc_main="H01M4/505",
            legal_status="未缴年费专利权终止",
        ),
        PatentRecord(
            number="CN211000003U",
            country="CN",
            kind="U",
            application_number="CN" + app_no("202120000003"),
            patent_type="utility_model",
            title_zh="一种电池包散热装置",
            abstract_zh="电池包内设置液冷板，散热均匀。",
            applicants=[_party("比亚迪股份有限公司", "广东")],
            application_date=date(2021, 1, 5),
            publication_date=date(2021, 8, 3),
            ipc=[Classification("H01M10/613")],
            ipc_main="H01M10/613",
            legal_status="有效",
        ),
        PatentRecord(
            number="US10000004B2",
            country="US",
            kind="B2",
            application_number="US15000004",
            patent_type="invention",
            title_en="Lithium ion battery separator",
            abstract_en="Separators for lithium ion batteries made of porous polyethylene.",
            applicants=[_party("Tesla Inc", None, "US")],
            application_date=date(2018, 6, 1),
            publication_date=date(2019, 2, 5),
            ipc=[Classification("H01M50/409")],
            ipc_main="H01M50/409",
            legal_status="granted",
        ),
        PatentRecord(
            number="CN112000005A",
            country="CN",
            kind="A",
            application_number="CN" + app_no("202210000005"),
            patent_type="invention",
            title_zh="一种图像识别方法",
            abstract_zh="基于卷积神经网络的图像识别方法，识别准确率高。",
            applicants=[_party("华为技术有限公司", "广东")],
            application_date=date(2022, 7, 8),
            publication_date=date(2023, 1, 10),
            ipc=[Classification("G06V10/82")],
            ipc_main="G06V10/82",
            legal_status="实质审查的生效",
        ),
        PatentRecord(
            number="CN112000006A",
            country="CN",
            kind="A",
            application_number="CN" + app_no("201710000006"),
            patent_type="invention",
            title_zh="一种隔膜泵",
            abstract_zh="隔膜泵的泵体与隔膜之间设有密封圈。",
            applicants=[_party("浙江大学", "浙江")],
            application_date=date(2017, 4, 4),
            publication_date=date(2017, 10, 4),
            ipc=[Classification("F04B43/02")],
            ipc_main="F04B43/02",
            legal_status="有效",
        ),
    ]


def write_jsonl(path: Path, recs: list[PatentRecord] | None = None) -> Path:
    path.write_text("".join(r.to_json() + "\n" for r in recs or records()), encoding="utf-8")
    return path
