"""The indicators domain end to end through the API, on constructed records (see
constructed.py): the office loads its inputs, sets the parameters, computes as a job, and the
figures, the verdicts behind them and each patent's evidence follow; a constructed province's
indicator is checked against the count and population worked out by hand."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from tests.conftest import SHARED, FreshDatabases
from tests.indicators import constructed
from tests.support.rollback import app_client
from tests.support.stores import seeded
from tests.transfer.conftest import OPERATOR
from tests.transfer.test_interfaces import bearer
from zhichan.accounts.models import AuditEntry
from zhichan.db.session import unit_of_work
from zhichan.indicators import jobs, population, service
from zhichan.jobs.models import Job
from zhichan.jobs.worker import Worker
from zhichan.patents import service as patents_service
from zhichan.search import service as search_service


@pytest.fixture(scope="module")
def indicators_engine(
    fresh_db: FreshDatabases, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Engine]:
    engine, factory, _world = seeded(fresh_db.url())
    path = constructed.write_jsonl(tmp_path_factory.mktemp("indicators") / "constructed.jsonl")
    patents_service.import_file(factory=factory, path=path, principal=OPERATOR)
    yield engine
    engine.dispose()


@pytest.fixture
def api(
    indicators_engine: Engine, tmp_path: Path
) -> Iterator[tuple[TestClient, sessionmaker[Session]]]:
    with app_client(indicators_engine, tmp_path) as got:
        yield got


def _load(client: TestClient, office: dict[str, str], kind: str, text: str) -> dict[str, object]:
    files = {"file": (f"{kind}.csv", text.encode("utf-8"), "text/csv")}
    got = client.post(f"/api/indicators/loads?kind={kind}", files=files, headers=office)
    assert got.status_code == 201, got.text
    return got.json()


def _compute(client: TestClient, factory: sessionmaker[Session], office: dict[str, str]) -> None:
    queued = client.post("/api/indicators/compute", headers=office)
    assert queued.status_code == 202
    registry = client.app.state.jobs_registry  # type: ignore[attr-defined]
    assert Worker(factory, registry, lanes=("default",)).run_until_idle(timeout=120) == 1
    job = client.get(f"/api/jobs/{queued.json()['job_id']}", headers=office).json()
    assert job["state"] == "succeeded", job
    assert job["result"]["judged"] == 7
    card = client.get(f"/jobs/{queued.json()['job_id']}", headers=office).text
    assert "判定的专利 7" in card and "high_value" not in card


def test_office_loads_computes_and_reads_figures_with_evidence(
    api: tuple[TestClient, sessionmaker[Session]], output_dir: Path, backend: str
) -> None:
    client, factory = api
    office = bearer(factory, "office")
    for kind, text in constructed.FILES.items():
        _load(client, office, kind, text)
    for key, value in (("reference_date", "2025-12-31"), ("pledge_threshold", "5000000")):
        put = client.put(f"/api/indicators/parameters/{key}", json={"value": value,
                         "note": "测试设定"}, headers=office)  # fmt: skip
        assert put.status_code == 200, put.text
    _compute(client, factory, office)

    f = client.get("/api/indicators", headers=office).json()
    rows = {r["region"]: r for r in f["rows"]}
    assert f["reference_date"] == "2025-12-31" and f["computed"] == 7
    zj, cq, nation = rows["浙江省"], rows["重庆市"], rows["全国"]
    # 浙江省: four valid domestic inventions (the lapsed one is out); three meet a criterion.
    assert (zj["valid_inventions"], zj["high_value"], zj["unknown"]) == (4, 3, 0)
    assert zj["by_criterion"] == {"sei": 1, "maintained": 1, "family": 1}
    pop = population.load(SHARED / "data")
    people, year = pop.of("浙江省", 2025) or (0, 0)
    assert (zj["population"], zj["population_year"]) == (people, year) == (people, 2024)
    by_hand = (Decimal(3) / Decimal(people)).quantize(Decimal("0.0001"), ROUND_HALF_UP)
    assert Decimal(zj["values"]["hv_per_10k"]) == by_hand
    assert Decimal(zj["values"]["hv_share"]) == Decimal("0.7500")
    target = zj["targets"]["hv_per_10k"]  # the office's own target, loaded as data
    assert (Decimal(target["value"]), target["source"]) == (20, "构造的目标（测试）")
    assert Decimal(zj["gaps"]["hv_per_10k"]) == Decimal(20) - by_hand
    # 重庆市: the award (listed by its ZL application number) makes it high-value; the plan
    # target of 12 by 2025 comes with its source and the gap.
    assert (cq["valid_inventions"], cq["high_value"]) == (1, 1)
    assert (
        cq["targets"]["hv_per_10k"]["value"] == "12"
        and "重庆" in cq["targets"]["hv_per_10k"]["source"]
    )
    assert Decimal(cq["gaps"]["hv_per_10k"]) == Decimal(12) - Decimal(cq["values"]["hv_per_10k"])
    # The national row: mainland residents only (the Hong Kong owner is not counted).
    assert (nation["valid_inventions"], nation["high_value"]) == (5, 4)
    assert "香港特别行政区" not in rows

    # The trend: the same records judged at each earlier 31 December. Only the patent granted
    # in 2012 (filed 2010, so maintained over ten years by then) counts at the end of 2021;
    # the 2022 grants count from the end of 2022.
    zj_trend = [(p["year"], p["valid_inventions"], p["high_value"])
                for p in f["trend"] if p["region"] == "浙江省"]  # fmt: skip
    assert zj_trend == [(2021, 1, 1), (2022, 4, 3), (2023, 4, 3), (2024, 4, 3), (2025, 4, 3)]
    people_2021 = pop.of("浙江省", 2021)
    assert people_2021 is not None
    first = next(p for p in f["trend"] if p["region"] == "浙江省")
    assert first["population"] == people_2021[0]
    listed = client.get("/api/indicators/patents", params={"region": "浙江省", "verdict": "yes"},
                        headers=office).json()  # fmt: skip
    assert [r["number"] for r in listed["items"]] == [
        "CN200000001B",
        "CN200000002B",
        "CN200000004B",
    ]
    by_family = client.get("/api/indicators/patents", params={"criterion": "family"},
                           headers=office).json()  # fmt: skip
    assert [r["number"] for r in by_family["items"]] == ["CN200000004B"]

    e = client.get("/api/indicators/patents/CN200000007B", headers=office).json()
    award = next(t for t in e["criteria"] if t["code"] == "award")
    assert award["state"] == "met" and "awards.csv 第 2 行" in award["source"]
    assert [(d["criterion"], d["imported"]) for d in e["disagreements"]] == [("hv", False)]
    assert f["disagreements"] == 1
    listed_wrong = client.get("/api/indicators/patents", params={"disagree": "true"},
                              headers=office).json()  # fmt: skip
    assert [r["number"] for r in listed_wrong["items"]] == ["CN200000007B"]
    assert listed_wrong["items"][0]["disagreements"][0]["label"] == "高价值"
    wrong_page = client.get("/indicators/patents?disagree=1", headers=office).text
    assert "官方标识为“否”" in wrong_page and "CN200000007B" in wrong_page
    pledge = next(t for t in client.get("/api/indicators/patents/CN200000003B",
                  headers=office).json()["criteria"] if t["code"] == "pledge")  # fmt: skip
    assert pledge["state"] == "not_met" and pledge["facts"]["金额（元）"] == "1000000.00"
    hk = client.get("/api/indicators/patents/CN200000006B", headers=office).json()
    assert hk["high_value"] == "no" and hk["eligibility"][2]["state"] == "not_met"

    session = factory()
    changed = session.scalars(
        select(AuditEntry).where(AuditEntry.object_type == "indicator_parameters")
    )
    assert {e.object_id for e in changed} == {"reference_date", "pledge_threshold"}
    session.close()

    page = client.get("/indicators", headers=office).text
    assert "浙江省" in page and "重新计算全部专利" in page and "平台运营指标" in page
    ops = {o["name"]: o for o in client.get("/api/indicators/operations", headers=office).json()}
    assert ops["资源库专利"]["value"] == "0" and "盘活" in ops["资源库专利"]["source"]
    assert "转化率（实施率）" in ops and ops["开放许可公告声明"]["definition"]
    shown = client.get("/indicators/patents/CN200000004B", headers=office).text
    assert "海外同族已获授权" in shown and "US11111111B2" in shown
    note = client.get("/patents/CN200000004B", headers=office).text
    assert "高价值发明专利判定：" in note and 'href="/indicators/patents/CN200000004B"' in note
    assert "高价值发明专利判定" not in client.get("/patents/CN200000004B").text  # not public
    xlsx = client.get("/api/indicators/export.xlsx", headers=office)
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    report = client.get("/api/indicators/report.pdf", headers=office)
    assert report.status_code == 200 and report.content.startswith(b"%PDF")
    (output_dir / f"indicators-report-{backend}.pdf").write_bytes(report.content)


def test_a_bad_file_writes_nothing_and_says_which_rows(
    api: tuple[TestClient, sessionmaker[Session]],
) -> None:
    client, factory = api
    office = bearer(factory, "office")
    bad = "专利号,登记号,登记日,金额（元）\nCN200000003B,Y1,2024-13-01,100\n,Y2,,abc\n"
    files = {"file": ("pledges.csv", bad.encode(), "text/csv")}
    got = client.post("/api/indicators/loads?kind=pledges", files=files, headers=office)
    assert got.status_code == 422
    detail = got.json()["detail"]
    assert (
        "第 2 行 登记日" in detail and "第 3 行 专利号：必填" in detail and "第 3 行 金额" in detail
    )
    assert client.get("/api/indicators/loads", headers=office).json() == []
    missing = {"file": ("awards.csv", "专利号,奖项\nCN1,中国专利奖\n".encode(), "text/csv")}
    said = client.post("/api/indicators/loads?kind=awards", files=missing, headers=office).json()
    assert "缺少列：届次或年度" in said["detail"]
    region = "地区,指标,年份,目标值,来源\n浙江,hv_per_10k,2025,20,某文件\n"
    files = {"file": ("targets.csv", region.encode(), "text/csv")}
    said = client.post("/api/indicators/loads?kind=targets", files=files, headers=office).json()
    assert "地区应为省级行政区全称" in said["detail"]
    wrong = client.put("/api/indicators/parameters/maintained_from", json={"value": "always"},
                       headers=office)  # fmt: skip
    assert wrong.status_code == 422 and "申请日" in wrong.json()["detail"]


def test_who_may_read_and_manage(api: tuple[TestClient, sessionmaker[Session]]) -> None:
    client, factory = api
    bank, firm = bearer(factory, "bank"), bearer(factory, "firm")
    assert client.get("/api/indicators", headers=bank).status_code == 200
    assert client.get("/api/indicators/operations", headers=bank).json() == []
    assert client.get("/api/indicators", headers=firm).status_code == 403
    assert client.post("/api/indicators/compute", headers=bank).status_code == 403
    files = {"file": ("f.csv", b"x", "text/csv")}
    assert (
        client.post("/api/indicators/loads?kind=flags", files=files, headers=bank).status_code
        == 403
    )


def test_an_import_queues_a_recomputation_once_the_office_computes(
    api: tuple[TestClient, sessionmaker[Session]],
) -> None:
    _, factory = api

    def waiting() -> int:
        with factory() as session:
            stmt = select(func.count()).where(Job.kind == jobs.KIND, Job.state == "queued")
            return session.scalar(stmt) or 0

    jobs.after_import(factory=factory)
    assert waiting() == 0  # the office has never computed: nothing to keep up to date
    with unit_of_work(factory, OPERATOR, via="test", will_write=True) as session:
        service.run(session=session, principal=OPERATOR, today=constructed.TODAY)
    jobs.after_import(factory=factory, job_id=None)
    jobs.after_import(factory=factory, job_id=None)
    assert waiting() == 1  # one waiting computation covers both imports


def test_an_incremental_run_recomputes_only_what_changed(
    api: tuple[TestClient, sessionmaker[Session]], tmp_path: Path
) -> None:
    client, factory = api
    office = bearer(factory, "office")
    with unit_of_work(factory, OPERATOR, via="test", will_write=True) as session:
        full = service.run(session=session, principal=OPERATOR, today=constructed.TODAY)
    assert (full["incremental"], full["patents"]) == (0, 7)
    with unit_of_work(factory, OPERATOR, via="test", will_write=True) as session:
        again = service.run(session=session, principal=OPERATOR, today=constructed.TODAY,
                            incremental=True)  # fmt: skip
    assert (again["incremental"], again["patents"]) == (1, 0)  # nothing changed
    lapsed = replace(constructed.records()[0], legal_status="未缴年费专利权终止")
    (tmp_path / "changed.jsonl").write_text(lapsed.to_json() + "\n", encoding="utf-8")
    patents_service.import_file(factory=factory, path=tmp_path / "changed.jsonl",
                                principal=OPERATOR)  # fmt: skip
    with unit_of_work(factory, OPERATOR, via="test", will_write=True) as session:
        one = service.run(session=session, principal=OPERATOR, today=constructed.TODAY,
                          incremental=True)  # fmt: skip
    assert (one["incremental"], one["patents"], one.get("no")) == (1, 1, 1)
    e = client.get("/api/indicators/patents/CN200000001B", headers=office).json()
    assert e["high_value"] == "no" and e["eligibility"][1]["state"] == "not_met"
    assert client.get("/api/indicators", headers=office).json()["computed"] == 7
    _load(client, office, "awards", constructed.FILES["awards"])  # new inputs: all again
    with unit_of_work(factory, OPERATOR, via="test", will_write=True) as session:
        redo = service.run(session=session, principal=OPERATOR, today=constructed.TODAY,
                           incremental=True)  # fmt: skip
    assert (redo["incremental"], redo["patents"]) == (0, 7)


def test_search_filters_and_counts_by_the_verdict(
    api: tuple[TestClient, sessionmaker[Session]],
) -> None:
    client, factory = api
    office, firm = bearer(factory, "office"), bearer(factory, "firm")
    for kind, text in constructed.FILES.items():
        _load(client, office, kind, text)
    with unit_of_work(factory, OPERATOR, via="test", will_write=True) as session:
        service.run(session=session, principal=OPERATOR, today=constructed.TODAY)
    search_service.rebuild(factory=factory, engine=client.app.state.search,  # type: ignore[attr-defined]
                           analyser="bigram", model=None)  # fmt: skip
    q = {"q": "构造样例专利", "size": 20}
    hv = client.get("/api/search", params={**q, "filter": "hv:1"}, headers=office).json()
    numbers = sorted(h["number"] for h in hv["hits"])
    assert numbers == ["CN200000001B", "CN200000002B", "CN200000004B", "CN200000007B"]
    facet = {b["value"]: (b["label"], b["count"]) for b in hv["facets"]["hv"]}
    assert facet["1"] == ("高价值", 4) and facet["award"] == ("获得国家科学技术奖或中国专利奖", 1)
    family = client.get("/api/search", params={**q, "filter": "hv:family"}, headers=office)
    assert [h["number"] for h in family.json()["hits"]] == ["CN200000004B"]
    everyone = client.get("/api/search", params=q).json()
    assert everyone["total"] == 7 and "hv" not in everyone["facets"]  # not public
    assert client.get("/api/search", params={**q, "filter": "hv:1"}).status_code == 401
    assert (
        client.get("/api/search", params={**q, "filter": "hv:1"}, headers=firm).status_code == 403
    )
    bad = client.get("/api/search", params={**q, "filter": "hv:2"}, headers=office)
    assert bad.status_code == 422 and "高价值发明专利的筛选值" in bad.json()["detail"]
    page = client.get("/search", params={**q, "filter": "hv:1"}, headers=office).text
    assert "高价值发明专利" in page and "CN200000003B" not in page
