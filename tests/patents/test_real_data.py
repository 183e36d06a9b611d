"""Every real file under shared/data/patents imports with zero failures and round-trips."""

from __future__ import annotations

import io
from collections import Counter

from sqlalchemy import func, select

from tests.conftest import FreshDatabases
from tests.patents.conftest import DATA, Loaded, fresh_store, import_path
from zhichan.db.session import unit_of_work
from zhichan.patents import demo, export, service
from zhichan.patents.models import Patent, PatentClass, PatentParty


def test_all_real_files_import_without_failures(real_db: Loaded) -> None:
    files = demo.files(DATA)
    assert len(files) == len(real_db.outcomes) == 1 + 3 + 14
    assert all(o.status == "committed" for o in real_db.outcomes)
    assert sum(o.progress.failed for o in real_db.outcomes) == 0
    by_format = Counter()
    for o in real_db.outcomes:
        by_format[o.format] += o.progress.inserted
    assert by_format == {"kppatent": 3720, "cn-cpc": 57, "uspto": 14}
    formats = {o.format for o in real_db.outcomes}
    assert formats == {"kppatent", "cn-cpc", "uspto"}


def test_each_uspto_dialect_yields_full_records(real_db: Loaded) -> None:
    with unit_of_work(real_db.factory) as session:
        for number, expected in {
            "US8926509B2": {"claims": 31, "citations": 160, "cpc": True},  # xml2014
            "US7272630B2": {"claims": 17, "citations": 116, "cpc": False},  # xml2006
            "US6859910B2": {"claims": 2, "citations": 8, "cpc": False},  # xml2004
            "US20050004437A1": {"claims": 10, "citations": 0, "cpc": False},  # xmlApp2004
            "US20010000943A1": {"claims": 13, "citations": 0, "cpc": False},  # pap
            "US6337117B1": {"claims": 39, "citations": 2, "cpc": False},  # sgml
        }.items():
            d = service.detail(session=session, number=number)
            r = d.record
            assert len(r["claims"]) == expected["claims"], number
            assert len(r["citations"]) >= expected["citations"], number
            assert bool(r["cpc"]) is expected["cpc"], number
            assert r["title_en"] and r["abstract_en"] and r["application_date"], number
            assert r["ipc"] and r["inventors"], number
            assert any(c["depends_on"] for c in r["claims"]) or expected["claims"] < 2, number
            # Only cited numbers that are records here get a link on the page.
            cited = {c["number"] for c in r["citations"] if c["number"]}
            assert set(d.cited_in_store) <= cited, number
            stored = set(session.scalars(select(Patent.number).where(Patent.number.in_(cited))))
            assert set(d.cited_in_store) == stored, number
        design = service.detail(session=session, number="USD435854S")
        assert design.record["patent_type"] == "design"
        assert design.record["locarno"] == ["14-02"]


def test_unknown_fields_are_marked_never_invented(real_db: Loaded) -> None:
    with unit_of_work(real_db.factory) as session:
        kp = service.detail(session=session, number="kppatent-zh:kp-test-0000").record
        assert kp["application_number"] is None and "application_number" in kp["unknown"]
        assert kp["applicants"] == [] and "applicants" in kp["unknown"]
        assert len(kp["claims"]) > 1 and kp["keywords"]
        cpc = service.detail(session=session, number="CN118866379A").record
        assert [c["code"] for c in cpc["cpc"]] == ["G06F18/2433", "G06F40/216"]
        assert "ipc" in cpc["unknown"] and cpc["patent_type"] == "invention"


def test_side_tables_follow_the_records(real_db: Loaded) -> None:
    with unit_of_work(real_db.factory) as session:
        assert session.scalar(select(func.count(Patent.id))) == 3720 + 57 + 14
        cpc_rows = session.scalar(
            select(func.count()).select_from(PatentClass).where(PatentClass.scheme == "CPC")
        )
        assert cpc_rows and cpc_rows > 57
        owners = session.scalars(select(PatentParty.name).where(PatentParty.role == "owner")).all()
        assert "MICROSOFT CORP" in owners


def test_ipc_titles_and_sei_enrich_the_detail(real_db: Loaded) -> None:
    with unit_of_work(real_db.factory) as session:
        d = service.detail(session=session, number="US8930553B2")
    g06f = next(c for c in d.ipc if c.code == "G06F15/16")
    assert dict(g06f.titles)["G06F"].startswith("电数字数据处理")
    assert all(h.pattern and h.rule_no for h in d.sei)


def test_reimport_changes_nothing(real_db: Loaded) -> None:
    path = DATA / "patents/uspto-samples/xml2014/US08926509.xml"
    with unit_of_work(real_db.factory) as session:
        before = session.execute(
            select(Patent.number, Patent.content_hash, Patent.updated_at).order_by(Patent.id)
        ).all()
    outcome = import_path(
        real_db.factory, path, source_name="patents/uspto-samples/xml2014/US08926509.xml"
    )
    assert (outcome.progress.inserted, outcome.progress.updated, outcome.progress.skipped) == (
        0,
        0,
        1,
    )
    with unit_of_work(real_db.factory) as session:
        after = session.execute(
            select(Patent.number, Patent.content_hash, Patent.updated_at).order_by(Patent.id)
        ).all()
    assert before == after


def test_jsonl_export_round_trips_unchanged(
    real_db: Loaded, fresh_db: FreshDatabases, tmp_path
) -> None:
    with unit_of_work(real_db.factory) as session:
        first = io.StringIO()
        n = export.write_jsonl(service.export_records(session=session), first)
    assert n == 3720 + 57 + 14
    dump = tmp_path / "all.jsonl"
    dump.write_text(first.getvalue(), encoding="utf-8")
    engine, factory = fresh_store(fresh_db)
    try:
        outcome = import_path(factory, dump)
        assert outcome.format == "zhichan" and outcome.progress.failed == 0
        assert outcome.progress.inserted == n
        with unit_of_work(factory) as session:
            second = io.StringIO()
            export.write_jsonl(service.export_records(session=session), second)
        assert second.getvalue() == first.getvalue()
    finally:
        engine.dispose()
