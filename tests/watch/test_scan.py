"""A watch raises exactly the expected alerts after a second import, on both databases.

The first import stores the CONSTRUCTED records of tests/navigation/constructed.py (invented,
not real patents); the first scan sets every watch's baseline and raises nothing. The second
import (also CONSTRUCTED) grants one application, records a transfer, lets one patent lapse,
leaves one record as it was and adds two new records: one by the watched applicant in a new
IPC subclass whose text restates an own patent's, one by another applicant in the watched
IPC area. A third scan with nothing changed raises nothing.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from tests.conftest import FreshDatabases
from tests.navigation import constructed
from tests.support import factories
from tests.support.rollback import app_client
from tests.support.stores import OPERATOR, seeded
from tests.test_cli import Cli
from zhichan.db.session import unit_of_work
from zhichan.patents import service as patents_service
from zhichan.patents.record import Classification, LegalEvent, Party, PatentRecord
from zhichan.search import service as search_service
from zhichan.search.engine import SearchEngine
from zhichan.watch import service
from zhichan.watch.models import Alert
from zhichan.watch.schemas import WatchIn

WATCHES = {
    "甲": WatchIn(
        name="竞争对手甲", kind="applicant", targets=["甲科技有限公司"], mine=["CN400000001B"]
    ),
    "H01M": WatchIn(name="电池领域", kind="ipc", targets=["H01M"]),
    "集合": WatchIn(name="关注专利", kind="patents", targets=["CN400000003B"]),
    "检索式": WatchIn(name="电池检索式", kind="query", targets=["AB=电池"]),
}


def _new(number: str, title: str, text: str, ipc: str, holder: str) -> PatentRecord:
    return PatentRecord(
        number=number,
        country="CN",
        kind="A",
        patent_type="invention",
        title_zh=title,
        abstract_zh=text,
        applicants=[Party(name_raw=holder, name=holder, country="CN")],
        application_date=date(2025, 1, 10),
        publication_date=date(2026, 7, 10),
        ipc=[Classification(ipc)],
        ipc_main=ipc,
        legal_status="实质审查",
        source="constructed",
    )


def second_import() -> list[PatentRecord]:
    """CONSTRUCTED changes to the first import's records, and two new records."""
    old = {r.number: r for r in constructed.records()}
    granted = dataclasses.replace(
        old["CN400000002A"], grant_date=date(2026, 6, 1), legal_status="有效"
    )
    moved = dataclasses.replace(
        old["CN400000001B"],
        legal_events=[LegalEvent(date(2026, 5, 20), "transfer", "专利权的转移 2026-05-20")],
    )
    lapsed = dataclasses.replace(
        old["CN400000003B"],
        legal_status="未缴年费专利权终止",
        legal_events=[LegalEvent(date(2026, 4, 1), "termination", "未缴年费专利权终止")],
    )
    return [
        granted,
        moved,
        lapsed,
        old["CN400000004B"],
        _new(
            "CN400000005A", "电池极片", "可降低成本并延长电池寿命。", "H02J7/00", "甲科技有限公司"
        ),
        _new("CN400000006A", "充电桩外壳", "外壳散热良好，安装方便。", "H01M10/44", "丁能源公司"),
    ]


def write(path: Path, rows: list[PatentRecord]) -> Path:
    path.write_text("".join(r.to_json() + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def watched(
    fresh_db: FreshDatabases, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Engine, sessionmaker[Session], dict[str, Any]]]:
    """The store after both imports and four scans — baseline; after the second import with
    the search index behind it; after the index sync; once more — : {watch key: id}, and each
    scan's {watch id: (alerts, waiting)}."""
    engine, factory, _world = seeded(fresh_db.url())
    tmp = tmp_path_factory.mktemp("watch")
    index = SearchEngine(tmp / "index")
    patents_service.import_file(
        factory=factory, path=constructed.write_jsonl(tmp / "one.jsonl"), principal=OPERATOR
    )
    search_service.rebuild(factory=factory, engine=index, analyser="bigram", model=None)
    scans: list[dict[int, tuple[int, str | None]]] = []

    def scan() -> None:
        with unit_of_work(factory, OPERATOR, via="test") as session:
            firm = factories.principal(session, "firm")
            done = service.scan(session=session, principal=firm, engine=index)
            scans.append({d.watch_id: (d.alerts, d.waiting) for d in done})

    with unit_of_work(factory, OPERATOR, via="test") as session:
        firm = factories.principal(session, "firm")
        ids = {
            k: service.create_watch(session=session, principal=firm, data=w).id
            for k, w in WATCHES.items()
        }
    scan()
    patents_service.import_file(
        factory=factory, path=write(tmp / "two.jsonl", second_import()), principal=OPERATOR
    )
    scan()
    search_service.sync(factory=factory, engine=index, analyser="bigram", model=None)
    scan()
    scan()
    yield engine, factory, {"ids": ids, "scans": scans}
    engine.dispose()


def _alerts(factory: sessionmaker[Session], watch_id: int) -> set[tuple[str, str]]:
    with factory() as session:
        rows = session.query(Alert).filter(Alert.watch_id == watch_id).all()
        return {(a.kind, a.number) for a in rows}


def test_the_first_scan_sets_baselines_and_raises_nothing(watched: Any) -> None:
    _engine, _factory, got = watched
    assert set(got["scans"][0].values()) == {(0, None)}


def test_the_second_import_raises_exactly_the_expected_alerts(watched: Any) -> None:
    _engine, factory, got = watched
    ids = got["ids"]
    # 甲科技有限公司 = 甲科技有限责任公司 (one applicant after normalisation).
    assert _alerts(factory, ids["甲"]) == {
        ("new_grant", "CN400000002A"),
        ("status_change", "CN400000002A"),  # 审中 → 有效
        ("event", "CN400000001B"),  # the transfer
        ("new_publication", "CN400000005A"),
        ("new_subclass", "CN400000005A"),  # H02J: 甲's baseline had H01M only
        ("similar", "CN400000005A"),  # restates CN400000001B's abstract
    }
    assert _alerts(factory, ids["H01M"]) == {
        ("new_grant", "CN400000002A"),
        ("status_change", "CN400000002A"),
        ("event", "CN400000001B"),
        ("new_publication", "CN400000006A"),
    }
    assert _alerts(factory, ids["集合"]) == {("lapsed", "CN400000003B")}
    query = ids["检索式"]
    # The search-query watch waited while the index lagged the import (3 changed records and 2
    # new ones; CN400000004B came unchanged), then saw the records whose abstract says 电池:
    # CN400000001B (a transfer) and the new CN400000005A.
    assert got["scans"][1][query][1] == "检索索引还有 5 件记录未收录，等索引更新后再扫描"
    assert _alerts(factory, query) == {
        ("event", "CN400000001B"),
        ("new_publication", "CN400000005A"),
    }
    assert {w: n for w, (n, _) in got["scans"][2].items() if n} == {query: 2}
    assert set(got["scans"][3].values()) == {(0, None)}  # nothing changed since


def test_every_alert_states_its_evidence(watched: Any) -> None:
    _engine, factory, got = watched
    with factory() as session:
        rows = session.query(Alert).filter(Alert.watch_id == got["ids"]["甲"]).all()
        by_kind = {a.kind: dict(a.evidence) for a in rows}
    assert by_kind["event"]["事件"] == "2026-05-20 专利权的转移 2026-05-20"
    assert by_kind["new_subclass"]["新小类"].startswith("H02J")
    assert by_kind["new_subclass"]["此前的小类"] == "H01M"
    assert by_kind["similar"]["最相似的本机构专利"] == "CN400000001B"
    score = float(by_kind["similar"]["相似度"].split("（")[0])
    assert 0.35 <= score <= 1.0
    assert all("规则" in e and "依据" in e for e in by_kind.values())


def test_inbox_digest_and_who_sees_them(watched: Any, tmp_path: Path) -> None:
    engine, _factory, got = watched
    with app_client(engine, tmp_path) as (client, factory):
        with factory() as session:
            firm = factories.bearer(session, "firm")
            other = factories.bearer(session, "a_editor")
        page = client.get("/api/watch/alerts", params={"size": 5}, headers=firm).json()
        assert page["total"] == 13 and page["unread"] == 13 and len(page["items"]) == 5
        assert client.get("/api/watch/alerts", headers=other).json()["total"] == 0
        assert client.get("/api/watch/watches", headers=other).json() == []
        gone = client.delete(f"/api/watch/watches/{got['ids']['甲']}", headers=other)
        assert gone.status_code == 404
        first = page["items"][0]["id"]
        read = client.post("/api/watch/alerts/read", json={"ids": [first]}, headers=firm)
        assert read.json() == {"changed": 1}
        assert client.get("/api/watch/alerts?unread=true", headers=firm).json()["total"] == 12
        digest = client.get("/api/watch/digest", headers=firm).json()
        assert digest["counts"] == {
            "新授权": 2,
            "法律状态变化": 2,
            "转让/许可/质押等事件": 3,
            "新公开": 3,
            "进入新技术领域": 1,
            "与本机构专利相似的新记录": 1,
            "权利终止": 1,
        }
        sheet = client.get("/api/watch/digest.xlsx", headers=firm)
        assert sheet.status_code == 200 and sheet.content[:2] == b"PK"


def test_a_bad_watch_is_refused_in_chinese(watched: Any, tmp_path: Path) -> None:
    engine, _factory, _got = watched
    with app_client(engine, tmp_path) as (client, factory):
        with factory() as session:
            firm = factories.bearer(session, "firm")
        bad_ipc = {"name": "坏", "kind": "ipc", "targets": ["电池"]}
        got = client.post("/api/watch/watches", json=bad_ipc, headers=firm)
        assert got.status_code == 422 and "IPC 分类号格式不对" in got.json()["detail"]
        unknown = {"name": "坏", "kind": "applicant", "targets": ["甲"], "mine": ["CN1A"]}
        got = client.post("/api/watch/watches", json=unknown, headers=firm)
        assert got.status_code == 422 and "CN1A" in got.json()["detail"]


def test_the_command_line_adds_scans_and_lists(watched: Any, tmp_path: Path) -> None:
    engine, _factory, _got = watched
    cli = Cli(engine.url.render_as_string(hide_password=False), tmp_path)
    made = cli("watch", "add", "命令行监测", "--kind", "ipc", "--target", "G06F")
    assert made.returncode == 0, made.stderr
    scanned = cli("watch", "scan", "--json")
    assert scanned.returncode == 0, scanned.stderr
    mine = [d for d in json.loads(scanned.stdout) if d["watch_name"] == "命令行监测"]
    assert mine[0]["baseline"] is True and mine[0]["in_scope"] == 1  # CN400000003B
    listed = cli("watch", "list")
    assert "命令行监测" in listed.stdout and "范围内 1 件" in listed.stdout
    digest = cli("watch", "digest", "-o", "d.xlsx")
    assert digest.returncode == 0 and (tmp_path / "d.xlsx").read_bytes()[:2] == b"PK"
    bad = cli("watch", "add", "x", "--kind", "nope", "--target", "y")
    assert bad.returncode == 2 and "未知的监测类型" in bad.stderr
