"""The same query through the CLI, the API and the web page gives the same hits in the same
order; saved queries and exports through the API."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator

import openpyxl
import pytest
from fastapi.testclient import TestClient

from tests.search.conftest import Indexed
from tests.support import factories
from tests.test_cli import Cli
from zhichan.core.principal import OrgKind, Principal, Role
from zhichan.core.settings import Settings
from zhichan.db.session import unit_of_work
from zhichan.web.app import create_app

QUERIES = ["TI=锂电池 OR IPC=H01M*", "锂电池隔膜的制备方法", "PA=浙江大学 AND AD>=2018"]


@pytest.fixture
def client(indexed: Indexed) -> Iterator[TestClient]:
    rt = indexed.rt
    settings = Settings(
        database_url=str(rt.engine.url.render_as_string(hide_password=False)),
        data_dir=str(indexed.data_dir),
        secret_key="t",
        search_model="none",
    )
    with TestClient(create_app(settings, engine=rt.engine), base_url="https://testserver") as c:
        yield c


def cli_numbers(indexed: Indexed, query: str) -> list[str]:
    # In this process (a process start costs seconds); the malformed query below is the
    # real-process run of ``zhichan search``.
    url = indexed.rt.engine.url.render_as_string(hide_password=False)
    done = Cli(url, indexed.data_dir)(
        "search", query, "--json", "--size", "30", ZHICHAN_DATA_DIR=str(indexed.data_dir)
    )
    assert done.returncode == 0, done.stderr
    return [h["number"] for h in json.loads(done.stdout)["hits"]]


@pytest.mark.parametrize("query", QUERIES)
def test_cli_api_and_page_agree(indexed: Indexed, client: TestClient, query: str) -> None:
    api = client.get("/api/search", params={"q": query, "size": 30})
    assert api.status_code == 200, api.text
    body = api.json()
    assert {"total", "hits", "facets", "took_ms"} <= set(body)
    api_numbers = [h["number"] for h in body["hits"]]
    assert api_numbers and set(body["hits"][0]) >= {"number", "title", "score", "snippet"}
    assert cli_numbers(indexed, query) == api_numbers
    page = client.get("/search", params={"q": query})
    assert page.status_code == 200
    shown = re.findall(r'<p class="muted"><code>([^<]+)</code>', page.text)
    assert shown == api_numbers[:20]


def test_cli_reports_a_malformed_query(indexed: Indexed) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZHICHAN_")}
    env |= {
        "ZHICHAN_DATABASE_URL": indexed.rt.engine.url.render_as_string(hide_password=False),
        "ZHICHAN_DATA_DIR": str(indexed.data_dir),
    }
    done = subprocess.run(
        [sys.executable, "-m", "zhichan.cli", "search", "TI=(锂电池"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert "第 8 个字符处" in done.stderr and "右括号" in done.stderr


def test_api_error_points_at_position(client: TestClient) -> None:
    resp = client.get("/api/search", params={"q": "AD>=20x0"})
    assert resp.status_code == 422
    assert resp.json()["details"]["position"] == 4
    page = client.get("/search", params={"q": "AD>=20x0"})
    assert page.status_code == 422 and "第 5 个字符处" in page.text


@pytest.mark.parametrize(
    "query",
    [
        "PN=" + "1" * 1000,
        "AN=" + "9" * 400,
        "PA=%_%",
        "AD>=99999999",
        "(" * 300 + "电池",
        "(" * 300 + "TI=电池",
        "NOT " * 300 + "电池",
    ],
)
def test_hostile_queries_are_answered_without_a_server_error(
    client: TestClient, query: str
) -> None:
    for url in ("/api/search", "/api/search/export", "/search"):
        resp = client.get(url, params={"q": query})
        assert resp.status_code in (200, 422), (url, resp.status_code, resp.text[:300])
    assert client.get("/api/v1/health").status_code == 200


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "jsonl"])
def test_export_result_set(client: TestClient, fmt: str) -> None:
    resp = client.get(
        "/api/search/export", params={"q": "IPC=H01M*", "sort": "ad_asc", "format": fmt}
    )
    assert resp.status_code == 200
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(resp.content.decode("utf-8-sig"))))
        numbers = [r[0] for r in rows[1:]]
    elif fmt == "xlsx":
        sheet = openpyxl.load_workbook(io.BytesIO(resp.content)).active
        numbers = [r[0] for r in sheet.iter_rows(min_row=2, values_only=True)]
    else:
        numbers = [json.loads(line)["number"] for line in resp.text.splitlines()]
    assert numbers == ["US10000004B2", "CN111000002A", "CN111000001A", "CN211000003U"]


def test_saved_queries(indexed: Indexed, client: TestClient) -> None:
    operator = Principal.operator("pytest")
    with unit_of_work(indexed.rt.session_factory, operator) as session:
        org = factories.org(session, operator, "检索企业", OrgKind.ENTERPRISE)
        factories.user(session, operator, "searcher", org.id, Role.EDITOR)
    with unit_of_work(indexed.rt.session_factory) as session:
        headers = factories.bearer(session, "searcher")
    body = {"name": "电池隔膜", "query": "TI=(锂电池 AND 隔膜)", "mode": "bool"}
    assert client.post("/api/search/saved", json=body).status_code in (401, 403)  # CSRF first
    created = client.post("/api/search/saved", json=body, headers=headers)
    assert created.status_code == 201, created.text
    assert client.post("/api/search/saved", json=body, headers=headers).status_code == 409
    bad = client.post(
        "/api/search/saved", json=body | {"name": "坏", "query": "TI=("}, headers=headers
    )
    assert bad.status_code == 422
    listed = client.get("/api/search/saved", headers=headers).json()
    assert [q["name"] for q in listed] == ["电池隔膜"]
    ran = client.get("/api/search/saved/电池隔膜/run", headers=headers).json()
    assert [h["number"] for h in ran["hits"]] == ["CN111000001A"]
    gone = client.delete(f"/api/search/saved/{created.json()['id']}", headers=headers)
    assert gone.status_code == 204
    assert client.get("/api/search/saved", headers=headers).json() == []
