"""What a hostile user tried (issue 15), each answered without harm to the server or others.

The permission matrix itself is checked route by route in ``test_permission_matrix.py``, the
whole API by a bounded fuzz run in ``test_fuzz.py``; these are the specific attacks.
"""

from __future__ import annotations

import io
import json
import re
import threading
import tracemalloc
import zipfile
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from tests.conftest import FreshDatabases
from tests.support import factories
from tests.support.factories import World
from zhichan.accounts.deps import declared_routes
from zhichan.core.errors import InvalidInput
from zhichan.core.principal import Principal
from zhichan.core.settings import Settings
from zhichan.db import migrate
from zhichan.db.engine import make_engine
from zhichan.db.session import make_session_factory, unit_of_work
from zhichan.forensics.evidence import sources
from zhichan.patents import service as patents_service
from zhichan.patents import stewardship
from zhichan.patents.models import Patent
from zhichan.patents.record import PatentRecord
from zhichan.web.app import create_app

BEYOND_64_BITS = str(2**64)
#: What reading a compressed bomb may add to the server's Python heap, at most.
HEAP_BOUND = 80 * 1024 * 1024


def test_a_huge_page_is_refused_and_the_server_keeps_serving(client: TestClient) -> None:
    for url in (
        "/api/search?q=电池&page=1000000000&size=100",
        "/search?q=电池&page=1000000000",
        "/api/v1/patents?offset=" + "9" * 30,
    ):
        resp = client.get(url, headers={"Accept": "application/json"})
        assert resp.status_code == 422, (url, resp.text)
        assert resp.json()["request_id"]
        assert re.search(r"应不大于|数值超出范围", resp.json()["detail"]), resp.json()["detail"]
    assert client.get("/api/v1/health").status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/api/law/term?kind=invention&filing=9999-12-31",
        "/api/law/deadline?kind=priority&start=9999-12-31",
        "/api/law/damages?law=patent&loss=1e999999&multiple=5&intentional=true&serious=true",
        "/law/calculators?calc=damages&law=patent&loss=1e999999",
    ],
)
def test_calculators_refuse_numbers_and_dates_out_of_range(client: TestClient, url: str) -> None:
    resp = client.get(url, headers={"Accept": "application/json"})
    assert resp.status_code in (200, 422), resp.text[:300]
    assert len(resp.content) < 100_000  # no million-digit working written back
    if resp.status_code == 200 and "json" in resp.headers["content-type"]:
        pytest.fail(f"an out-of-range input was computed: {resp.text[:200]}")


def test_oversized_bodies_are_refused_before_they_are_read(client: TestClient) -> None:
    from zhichan.web.middleware import BODY_LIMIT

    json_type = {"Content-Type": "application/json"}
    big = b"[" + b" " * (BODY_LIMIT + 1) + b"]"
    declared = client.post("/api/v1/tokens", content=big, headers=json_type)
    assert declared.status_code == 413 and "上限" in declared.json()["detail"]

    def streamed() -> Any:  # no Content-Length: counted while it arrives
        for _ in range(BODY_LIMIT // (1 << 20) + 2):
            yield b" " * (1 << 20)

    counted = client.post("/api/v1/tokens", content=streamed(), headers=json_type)
    assert counted.status_code == 413 and "上限" in counted.json()["detail"]
    assert client.get("/api/v1/health").status_code == 200


def test_answers_speak_chinese_and_give_times_with_their_offset(
    client: TestClient, session_factory: sessionmaker[Session], world: World
) -> None:
    with session_factory() as session:
        firm = factories.bearer(session, "firm")
    wrong = client.post("/api/v1/tokens", json={"name": "", "days": 0}, headers=firm)
    assert wrong.status_code == 422
    messages = [e["message"] for e in wrong.json()["errors"]]
    assert messages == ["至少 1 个字符", "应不小于 1"]  # field names are still the API's own
    tokens = client.get("/api/v1/tokens", headers=firm).json()
    stamp = tokens[0]["created_at"]
    assert stamp.endswith(("Z", "+00:00")), stamp  # SQLite stores none; the API adds UTC


def test_ids_beyond_64_bits_are_invalid_input_on_every_route(
    app: FastAPI, client: TestClient, session_factory: sessionmaker[Session], world: World
) -> None:
    with session_factory() as session:
        admin = factories.bearer(session, "root")
    numeric = re.compile(r"\{(\w+_id)\}")
    checked = 0
    for method, path, _actions in declared_routes(app):
        if not numeric.search(path):
            continue
        url = numeric.sub(BEYOND_64_BITS, re.sub(r"\{(fmt|what|name)\}", "json", path))
        resp = client.request(method, url, headers={**admin, "Accept": "application/json"})
        assert resp.status_code == 422, (method, path, resp.status_code, resp.text[:200])
        checked += 1
    assert checked > 30


def _zip_bomb(path: Path, unpacked: int) -> Path:
    block = b"0" * (1 << 20)
    with (
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z,
        z.open("bomb.txt", "w", force_zip64=True) as member,
    ):
        for _ in range(unpacked // len(block)):
            member.write(block)
    return path


def _heap_peak(run: Any) -> int:
    tracemalloc.start()
    try:
        run()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_zip_bomb_is_refused_with_a_message_and_bounded_memory(tmp_path: Path) -> None:
    bomb = _zip_bomb(tmp_path / "deposit.zip", 512 * 1024 * 1024)
    assert bomb.stat().st_size < 2 * 1024 * 1024  # half a gigabyte packed into under 2 MB
    refused: list[str] = []

    def read() -> None:
        with pytest.raises(InvalidInput) as exc:
            sources.read(bomb)
        refused.append(exc.value.message)

    assert _heap_peak(read) < HEAP_BOUND
    assert "压缩比" in refused[0] and "deposit.zip" in refused[0]


def test_a_7z_is_bounded_by_its_packed_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    py7zr = pytest.importorskip("py7zr")
    archive = tmp_path / "product.7z"
    with py7zr.SevenZipFile(archive, "w", filters=[{"id": py7zr.FILTER_COPY}]) as z:
        for n in range(4):
            z.writestr(bytes([n]) * (1 << 20), f"src/{n}.bin")
    assert [m.size for m in sources.walk(archive)] == [1 << 20] * 4
    monkeypatch.setattr(sources, "MAX_7Z_PACKED", 1 << 20)
    with pytest.raises(InvalidInput, match="改用 zip 或 tar"):
        list(sources.walk(archive))


def test_a_7z_bomb_fails_on_its_declared_size(tmp_path: Path) -> None:
    py7zr = pytest.importorskip("py7zr")
    archive = tmp_path / "bomb.7z"
    with py7zr.SevenZipFile(archive, "w") as z:
        z.writestr(b"\0" * (300 * 1024 * 1024), "zeros.bin")

    def read() -> None:
        with pytest.raises(InvalidInput, match="压缩比"):
            list(sources.walk(archive))

    assert _heap_peak(read) < HEAP_BOUND


def _record_file(path: Path, number: str, title: str, status: str) -> Path:
    rec = PatentRecord(number=number, title_zh=title, legal_status=status)
    path.write_text(json.dumps(rec.to_dict(), ensure_ascii=False, default=str) + "\n")
    return path


def test_another_organisation_cannot_rewrite_a_patent_it_did_not_import(
    session_factory: sessionmaker[Session], world: World, tmp_path: Path
) -> None:
    with session_factory() as session:
        who = {n: factories.principal(session, n) for n in ("a_editor", "b_editor", "office")}
    number = "CN112233445A"

    def load(principal: Principal, title: str, status: str) -> Any:
        path = _record_file(tmp_path / f"{principal.username}.jsonl", number, title, status)
        return patents_service.import_file(
            factory=session_factory, path=path, principal=principal, fmt="zhichan"
        )

    def stored() -> tuple[str | None, str | None]:
        with session_factory() as session:
            row = session.scalars(select(Patent).where(Patent.number == number)).one()
            return row.title, row.legal_status

    load(who["a_editor"], "一种有机肥发酵装置", "有效")
    outcome = load(who["b_editor"], "改名后的专利", "失效")
    assert stored() == ("一种有机肥发酵装置", "有效")
    assert outcome.progress.updated == 0 and outcome.progress.skipped == 1
    assert [i.reason for i in outcome.issues] == [stewardship.REFUSED]
    assert load(who["a_editor"], "一种有机肥发酵装置（修订）", "有效").progress.updated == 1
    assert load(who["office"], "一种有机肥发酵装置（修订）", "失效").progress.updated == 1
    assert stored() == ("一种有机肥发酵装置（修订）", "失效")
    # After the office's correction the university's own import no longer overrides it.
    assert load(who["a_editor"], "又一次改名", "有效").progress.updated == 0


def test_a_bank_cannot_import_into_the_shared_store(
    client: TestClient, session_factory: sessionmaker[Session], world: World
) -> None:
    with session_factory() as session:
        bank = factories.bearer(session, "bank")
    sent = client.post(
        "/api/v1/patents/imports",
        files={"file": ("x.jsonl", b'{"number": "CN1A"}\n')},
        headers=bank,
    )
    assert sent.status_code == 403 and sent.json()["code"] == "permission-denied"


def test_viewers_cannot_retier_or_subscribe(
    client: TestClient, session_factory: sessionmaker[Session], world: World
) -> None:
    with session_factory() as session:
        viewer = factories.bearer(session, "a_viewer")
    for method, url, body in (
        ("POST", "/api/transfer/inventory/retier", None),
        ("POST", "/api/transfer/subscriptions", {"kind": "ipc", "value": "A01"}),
    ):
        resp = client.request(method, url, json=body, headers=viewer)
        assert resp.status_code == 403, (url, resp.text)


def test_parallel_writes_on_sqlite_queue_instead_of_failing(
    fresh_db: FreshDatabases, tmp_path: Path, backend: str
) -> None:
    if backend != "sqlite":
        pytest.skip("the write queue is SQLite's; PostgreSQL writes concurrently")
    url = fresh_db.url()
    engine = make_engine(url)
    migrate.upgrade(engine)
    operator = Principal.operator("pytest")
    with unit_of_work(make_session_factory(engine), operator, via="test") as session:
        world = factories.build_world(session, operator)
        headers = factories.bearer(session, "root")
    settings = Settings(database_url=url, data_dir=str(tmp_path), secret_key="t", web_jobs=False)
    client = TestClient(create_app(settings, engine=engine), base_url="https://testserver")
    statuses: list[int] = []

    def create(n: int) -> None:
        user = {
            "username": f"burst{n}",
            "display_name": f"并发{n}",
            "password": "a-long-password-1",
            "organisation_id": world.orgs["office"].id,
            "role": "viewer",
        }
        statuses.append(client.post("/api/v1/users", json=user, headers=headers).status_code)

    threads = [threading.Thread(target=create, args=(n,)) for n in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert sorted(statuses) == [201] * 20
    engine.dispose()


def test_a_damaged_spreadsheet_or_empty_document_fails_with_a_message(
    session_factory: sessionmaker[Session], world: World, tmp_path: Path
) -> None:
    with session_factory() as session:
        office = factories.principal(session, "office")
    xlwt = pytest.importorskip("xlwt")
    book = xlwt.Workbook()
    sheet = book.add_sheet("专利")
    sheet.write(0, 0, "公开号")
    buf = io.BytesIO()
    book.save(buf)
    damaged = tmp_path / "cut.xls"
    damaged.write_bytes(buf.getvalue()[:-300])
    with pytest.raises(InvalidInput, match=r"不是有效的 \.xls 文件"):
        patents_service.import_file(factory=session_factory, path=damaged, principal=office)
    empty = tmp_path / "empty.xml"
    empty.write_text('<?xml version="1.0"?>\n<!DOCTYPE us-patent-grant SYSTEM "x.dtd" []>\n')
    outcome = patents_service.import_file(
        factory=session_factory, path=empty, principal=office, fmt="uspto"
    )
    assert outcome.progress.failed == 1 and "文档为空或不完整" in outcome.issues[0].reason
