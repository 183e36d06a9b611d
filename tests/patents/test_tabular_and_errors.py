"""Tabular exports (constructed fixtures, see constructed.py) and the errors users meet."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from tests.patents import constructed
from tests.patents.conftest import import_path
from zhichan.core.errors import InvalidInput
from zhichan.db.session import unit_of_work
from zhichan.patents import service
from zhichan.patents.loader import StrictAbort
from zhichan.patents.models import ImportBatch, ImportIssue, Patent

Store = tuple[Engine, sessionmaker[Session]]


def _count(factory: sessionmaker[Session]) -> int:
    with unit_of_work(factory) as session:
        return session.scalar(select(func.count(Patent.id))) or 0


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8-sig", "utf-8"])
def test_cnipa_csv_in_every_encoding(store: Store, tmp_path: Path, encoding: str) -> None:
    _, factory = store
    path = constructed.write_cnipa_csv(tmp_path / f"cnipa-{encoding}.csv", encoding)
    outcome = import_path(factory, path)
    p = outcome.progress
    assert outcome.format == "csv"
    # Row 1 names an A and a B publication: two records; row 3 has 2021-02-30 and fails.
    assert (p.read, p.inserted, p.failed, p.warnings) == (4, 4, 1, 1)
    (error,) = [i for i in outcome.issues if i.severity == "error"]
    # Physical line: row 1's 法律事件 cell spans four lines and row 2's two.
    assert (error.location, error.field) == ("第 10 行", "application_date")
    (warning,) = [i for i in outcome.issues if i.severity == "warning"]
    assert warning.field == "application_number" and "校验位" in warning.reason
    with unit_of_work(factory) as session:
        a = service.detail(session=session, number="CN111000001A").record
        b = service.detail(session=session, number="CN111000001B").record
        assert (
            a["application_number"]
            == b["application_number"]
            == constructed.app_no("202010000001").join(["CN", ""])
        )
        assert a["application_date"] == "2020-01-05" and b["publication_date"] == "2022-03-04"
        assert [p["name"] for p in a["applicants"]] == ["浙江构造大学", "构造新能源科技有限公司"]
        assert [p["kind"] for p in a["applicants"]] == ["高校", "企业"]
        assert a["applicants"][0]["province"] == "浙江省" and a["applicants"][0]["city"] == "杭州市"
        assert [c["code"] for c in a["ipc"]] == ["H01M50/403", "H01M50/449"]
        assert [e["code"] for e in a["legal_events"]] == [
            "publication",
            "exam_request",
            "grant",
            "licence_record",
        ]
        assert a["priorities"] == [
            {"country": "CN", "number": "202010000000.1", "date": "2019-12-01"}
        ]
        assert [c["number"] for c in a["citations"]] == ["CN1000001A", "US1234567B2"]
        um = service.detail(session=session, number="CN212000002U")
        assert um.record["patent_type"] == "utility_model" and um.legal_status_category == "invalid"
        design = service.detail(session=session, number="CN306000004S").record
        assert design["patent_type"] == "design" and design["application_check"] == "wrong"
        assert design["applicants"][0]["kind"] == "个人"


def test_issue_report_is_stored_with_the_batch(store: Store, tmp_path: Path) -> None:
    _, factory = store
    outcome = import_path(factory, constructed.write_cnipa_csv(tmp_path / "c.csv"))
    with unit_of_work(factory) as session:
        batch = session.get(ImportBatch, outcome.batch_id)
        assert (batch.status, batch.read, batch.inserted, batch.failed) == ("committed", 4, 4, 1)
        issues = session.scalars(select(ImportIssue).where(ImportIssue.batch_id == batch.id)).all()
        assert {i.severity for i in issues} == {"error", "warning"}


def test_xlsx_and_xls_exports(store: Store, tmp_path: Path) -> None:
    _, factory = store
    headers = [
        "公开（公告）号",
        "申请号",
        "申请日",
        "标题",
        "申请(专利权)人",
        "IPC分类号",
        "当前权利人",
    ]
    rows = [
        [
            "CN115000001A",
            constructed.app_no("202210000001"),
            date(2022, 3, 1),
            "Excel 构造样例",
            "构造股份有限公司",
            "G06N3/08",
            "新构造有限责任公司",
        ]
    ]
    xlsx = import_path(factory, constructed.write_xlsx(tmp_path / "incopat.xlsx", headers, rows))
    assert (xlsx.format, xlsx.progress.inserted, xlsx.progress.failed) == ("xlsx", 1, 0)
    rows[0][0] = "CN115000002A"
    rows[0][2] = "2022-03-02"
    xls = import_path(factory, constructed.write_xls(tmp_path / "patsnap.xls", headers, rows))
    assert (xls.format, xls.progress.inserted, xls.progress.failed) == ("xls", 1, 0)
    with unit_of_work(factory) as session:
        rec = service.detail(session=session, number="CN115000001A").record
        assert (
            rec["application_date"] == "2022-03-01" and rec["owners"][0]["name"] == "新构造有限公司"
        )
        assert (
            service.detail(session=session, number="CN115000002A").record["application_date"]
            == "2022-03-02"
        )


def test_mapping_file_for_other_layouts(store: Store, tmp_path: Path) -> None:
    _, factory = store
    path = tmp_path / "custom.csv"
    path.write_text("Doc Ref,Filed On,Name\nCN116000001A,2023/4/5,映射构造样例\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match="缺少必需列"):
        import_path(factory, path)
    mapping = tmp_path / "map.toml"
    mapping.write_text(
        '[columns]\n"Doc Ref" = "publication_number"\n"Filed On" = "application_date"\n"Name" = "title"\n',
        encoding="utf-8",
    )
    outcome = import_path(factory, path, mapping_file=mapping)
    assert outcome.progress.inserted == 1
    bad = tmp_path / "bad.toml"
    bad.write_text('[columns]\n"Doc Ref" = "pub_no"\n', encoding="utf-8")
    with pytest.raises(InvalidInput, match="pub_no"):
        import_path(factory, path, mapping_file=bad)


def test_strict_mode_keeps_nothing_and_records_the_failure(store: Store, tmp_path: Path) -> None:
    _, factory = store
    with pytest.raises(StrictAbort, match="第 10 行，字段 application_date"):
        import_path(factory, constructed.write_cnipa_csv(tmp_path / "c.csv"), strict=True)
    assert _count(factory) == 0
    with unit_of_work(factory) as session:
        (batch,) = session.scalars(select(ImportBatch)).all()
        assert batch.status == "failed" and "第 10 行" in (batch.message or "")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.csv", b"", "文件为空"),
        (
            "broken.xml",
            b'<?xml version="1.0"?>\n<us-patent-grant>\n<us-bibliographic-data-grant>\n</us-patent-grant>\n',
            "XML 格式错误：第 4 行",
        ),
        ("other.xml", b'<?xml version="1.0"?>\n<html><body/></html>\n', "不是可识别的 USPTO"),
        ("utf16.csv", "申请号,发明名称\n1,2\n".encode("utf-16"), "编码"),
        ("weird.jsonl", b'{"foo": 1}\n', "无法识别的 JSONL"),
        ("fake.xlsx", b"PK\x03\x04not really a zip", "不是有效的 .xlsx"),
        ("headers.csv", "名称,备注\n甲,乙\n".encode(), "缺少必需列"),
    ],
)
def test_bad_files_get_clear_errors(
    store: Store, tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    _, factory = store
    path = tmp_path / name
    path.write_bytes(content)
    try:
        outcome = import_path(factory, path)
    except InvalidInput as exc:
        assert message in exc.message
        assert name in exc.message or "第" in exc.message
    else:  # a broken XML document is a row-level failure of that document
        assert outcome.progress.failed == 1
        assert message in outcome.issues[0].reason
    assert _count(factory) == 0


def test_merge_keeps_known_fields(store: Store, tmp_path: Path) -> None:
    _, factory = store
    first = tmp_path / "a.csv"
    first.write_text(
        "公开(公告)号,发明名称,申请(专利权)人\nCN117000001A,合并构造样例,甲构造公司\n",
        encoding="utf-8",
    )
    second = tmp_path / "b.csv"
    second.write_text("公开(公告)号,IPC分类号\nCN117000001A,G06F40/30\n", encoding="utf-8")
    import_path(factory, first)
    outcome = import_path(factory, second)
    assert (outcome.progress.inserted, outcome.progress.updated) == (0, 1)
    with unit_of_work(factory) as session:
        rec = service.detail(session=session, number="CN117000001A").record
    assert rec["title_zh"] == "合并构造样例" and rec["ipc"][0]["code"] == "G06F40/30"
    assert rec["applicants"][0]["name_raw"] == "甲构造公司"


def test_export_filters_and_formats(store: Store, tmp_path: Path) -> None:
    import openpyxl

    from zhichan.patents import export

    _, factory = store
    import_path(factory, constructed.write_cnipa_csv(tmp_path / "c.csv"))
    with unit_of_work(factory) as session:
        page = service.list_patents(session=session, query="PA=构造新能源 AD>=2020-01-01")
        assert {p.number for p in page.items} == {"CN111000001A", "CN111000001B"}
        assert service.list_patents(session=session, query="IPC=H01M50 PT=invention").total == 2
        with pytest.raises(InvalidInput, match="第 6 个字符"):
            service.list_patents(session=session, query="PT=x AD~2020")
        cn = list(service.export_records(session=session, query="CC=CN"))
        data, n = export.xlsx_bytes(cn), len(cn)
        csv_data = "".join(export.stream("csv", service.export_records(session=session))).encode()
    book = openpyxl.load_workbook(__import__("io").BytesIO(data))
    assert n == 4 and book.active.max_row == 5
    again = tmp_path / "again.csv"
    again.write_bytes(csv_data)
    reimport = import_path(factory, again)
    assert reimport.progress.failed == 0 and reimport.progress.inserted == 0


def test_google_patents_csv(store: Store, tmp_path: Path) -> None:
    """CONSTRUCTED rows in the layout of a Google Patents CSV download."""
    _, factory = store
    path = tmp_path / "gp-download.csv"
    path.write_text(
        "search URL:,https://patents.google.com/?q=constructed\n"
        "id,title,assignee,inventor/author,priority date,filing/creation date,publication date,grant date,result link\n"
        "CN-118000001-A,一种构造样例装置,构造科技有限公司,张构造,2023-01-02,2023-01-05,2023-07-01,,https://patents.google.com/patent/CN118000001A/zh\n"
        "US-9000001-B2,Constructed sample device,Constructed Corp,Jane Doe,2014-01-02,2014-02-03,2018-05-06,2018-05-06,https://patents.google.com/patent/US9000001B2/en\n",
        encoding="utf-8",
    )
    outcome = import_path(factory, path)
    assert (outcome.format, outcome.progress.inserted, outcome.progress.failed) == ("csv", 2, 0)
    with unit_of_work(factory) as session:
        cn = service.detail(session=session, number="CN118000001A").record
        us = service.detail(session=session, number="US9000001B2").record
    assert cn["application_date"] == "2023-01-05" and cn["inventors"] == ["张构造"]
    assert cn["owners"][0]["name"] == "构造科技有限公司" and cn["patent_type"] == "invention"
    assert us["title_en"] == "Constructed sample device" and us["grant_date"] == "2018-05-06"
