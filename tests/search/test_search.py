"""Searching the indexed store on both backends: each field code, operators, facets, sorting,
paging, explanations, exports, and keeping the index in step with imports."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.patents.constructed import app_no
from tests.search import constructed
from tests.search.conftest import Indexed, load
from zhichan.core.errors import InvalidInput
from zhichan.db.session import unit_of_work
from zhichan.search import service
from zhichan.search.engine import SearchEngine
from zhichan.search.schemas import SearchResponse


def run(ix: Indexed, q: str, **kw: object) -> SearchResponse:
    with unit_of_work(ix.rt.session_factory) as session:
        return service.search(session=session, engine=ix.rt.get(SearchEngine), q=q, **kw)  # type: ignore[arg-type]


def numbers(ix: Indexed, q: str, **kw: object) -> set[str]:
    """Hits among the constructed records (the real KPPatent texts are indexed beside them)."""
    res = run(ix, q, size=100, **kw)
    return {h.number for h in res.hits if not h.number.startswith("kppatent")}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("TI=(锂电池 AND 隔膜)", {"CN111000001A"}),
        ("TI=隔膜 NOT TI=锂电池", {"CN112000006A"}),
        ("TI=锂电池 OR TI=图像", {"CN111000001A", "CN112000005A"}),
        ("AB=液冷板", {"CN211000003U"}),
        ("CL=陶瓷涂层", {"CN111000001A"}),
        ("PA=(清华大学 OR 浙江大学)", {"CN111000001A", "CN111000002A", "CN112000006A"}),
        ("PA=tesla", {"US10000004B2"}),
        ("IN=王五", {"CN111000002A"}),
        ("IPC=H01M*", {"CN111000001A", "CN111000002A", "CN211000003U", "US10000004B2"}),
        ("IPC=H01M50", {"CN111000001A", "US10000004B2"}),
        ("IPC=H01M10/052", {"CN111000001A"}),
        ("IPC=G06V AND PT=发明", {"CN112000005A"}),
        ("PT=实用新型", {"CN211000003U"}),
        ("AN=CN202120000003", {"CN211000003U"}),  # check digit optional
        (f"AN=CN{app_no('202120000003')}", {"CN211000003U"}),
        ("AN=CN2021*", {"CN211000003U"}),
        ("PN=CN111000002", {"CN111000002A"}),
        ("PN=CN111000002A", {"CN111000002A"}),
        ("PR=CN201910999999", {"CN111000001A"}),
        ("PR<2019-06-01 AND IPC=H01M*", {"CN111000001A"}),
        ("AD=2019..2020 AND IPC=H01M*", {"CN111000001A", "CN111000002A"}),
        ("AD>=2021-01-05 AND IPC=H01M*", {"CN211000003U"}),
        ("PD=2019-02 AND IPC=H01M*", {"US10000004B2"}),
        ("LS=失效 AND IPC=H01M*", {"CN111000002A"}),
        ("LS=审中", {"CN112000005A"}),
        ("PROV=广东", {"CN211000003U", "CN112000005A"}),
        ('TI="lithium ion battery"', {"US10000004B2"}),
        ("AB=batteries AND TI=separ*", {"US10000004B2"}),
        ("TX=聚乙烯 AND IPC=H01M*", {"CN111000001A"}),
    ],
)
def test_field_codes_and_operators(indexed: Indexed, query: str, expected: set[str]) -> None:
    assert numbers(indexed, query) == expected


def test_free_text_ranks_by_bm25_and_needs_not_every_word(indexed: Indexed) -> None:
    res = run(indexed, "锂电池隔膜的陶瓷涂层 石墨烯", size=5)
    assert res.free_text
    assert res.hits[0].number == "CN111000001A"
    assert res.total > 5  # KPPatent texts share some of the words: ranked, not all required
    scores = [h.score for h in res.hits]
    assert scores == sorted(scores, reverse=True)


def test_real_kppatent_title_finds_itself(indexed: Indexed) -> None:
    res = run(indexed, "一种近水平薄矿体智能掘进机机械开采方法", size=3)
    assert res.hits[0].number == "kppatent-zh:kp-test-0000"
    assert "<mark>" in res.hits[0].title_html


def test_hits_explain_why_and_highlight(indexed: Indexed) -> None:
    hit = run(indexed, "TI=锂电池 AND IPC=H01M*").hits[0]
    assert hit.number == "CN111000001A"
    assert "标题含“锂电池”" in hit.why
    assert "IPC 分类号 = H01M*" in hit.why
    assert "<mark>锂电池</mark>" in hit.snippet


def test_facets_count_the_whole_result_set(indexed: Indexed) -> None:
    res = run(indexed, "IPC=H01M*", size=1)
    facets = {name: {b.value: b.count for b in buckets} for name, buckets in res.facets.items()}
    assert res.total == 4 and len(res.hits) == 1
    assert facets["pt"] == {"invention": 3, "utility_model": 1}
    assert facets["year"] == {"2018": 1, "2019": 1, "2020": 1, "2021": 1}
    assert facets["ipc_sc"] == {"H01M": 4}
    assert facets["ls"] == {"valid": 3, "invalid": 1}
    assert facets["prov"] == {"北京": 1, "浙江": 1, "广东": 1}
    labels = {b.value: b.label for b in res.facets["pt"]}
    assert labels["utility_model"] == "实用新型"


def test_facet_filters_sorting_and_paging(indexed: Indexed) -> None:
    filtered = numbers(indexed, "IPC=H01M*", filters={"pt": "invention", "year": "2020"})
    assert filtered == {"CN111000001A"}
    by_date = run(indexed, "IPC=H01M*", sort="ad_asc", size=2)
    assert [h.number for h in by_date.hits] == ["US10000004B2", "CN111000002A"]
    page2 = run(indexed, "IPC=H01M*", sort="ad_asc", size=2, page=2)
    assert [h.number for h in page2.hits] == ["CN111000001A", "CN211000003U"]
    assert page2.total == 4


@pytest.mark.parametrize(
    ("kw", "says"),
    [
        ({"q": "TI=(锂电池"}, "右括号"),
        ({"q": "IPC=锂电池"}, "分类号"),
        ({"q": "x", "sort": "price"}, "排序"),
        ({"q": "x", "filters": {"colour": "red"}}, "筛选"),
        ({"q": "x", "page": 0}, "页码"),
        ({"q": "x", "mode": "fuzzy"}, "模式"),
        ({"q": "x", "page": 101, "size": 100}, "最多只能翻到"),
    ],
)
def test_bad_requests_are_refused_clearly(
    indexed: Indexed, kw: dict[str, object], says: str
) -> None:
    with pytest.raises(InvalidInput) as info:
        run(indexed, **kw)  # type: ignore[arg-type]
    assert says in info.value.message


def test_export_rows_follow_result_order(indexed: Indexed) -> None:
    with unit_of_work(indexed.rt.session_factory) as session:
        rows = list(
            service.export_rows(
                session=session, engine=indexed.rt.get(SearchEngine), q="IPC=H01M*", sort="ad_desc"
            )
        )
    assert [r["number"] for r in rows] == [
        "CN211000003U",
        "CN111000001A",
        "CN111000002A",
        "US10000004B2",
    ]


def test_import_keeps_index_in_step_and_rebuild_is_crash_safe(
    indexed: Indexed, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rec = constructed.records()[0]
    rec.number, rec.title_zh = "CN119999999A", "一种钠离子电池隔膜"
    rec.application_number = "CN" + app_no("202410999999")
    load(indexed.rt, constructed.write_jsonl(tmp_path / "one.jsonl", [rec]))
    assert numbers(indexed, "TI=钠离子") == {"CN119999999A"}
    before = indexed.rt.get(SearchEngine).store.current_name()

    from zhichan.search import indexer

    def broken(*args: object, **kwargs: object) -> int:
        raise RuntimeError("disk full")

    monkeypatch.setattr(indexer, "_write", broken)
    with pytest.raises(RuntimeError):
        service.rebuild(
            factory=indexed.rt.session_factory,
            engine=indexed.rt.get(SearchEngine),
            analyser="bigram",
            model=None,
        )
    assert indexed.rt.get(SearchEngine).store.current_name() == before
    assert not list((indexed.data_dir / "search").glob("building-*"))
    assert numbers(indexed, "TI=钠离子") == {"CN119999999A"}
    monkeypatch.undo()
    service.rebuild(
        factory=indexed.rt.session_factory,
        engine=indexed.rt.get(SearchEngine),
        analyser="bigram",
        model=None,
    )
    assert indexed.rt.get(SearchEngine).store.current_name() != before
    assert numbers(indexed, "TI=钠离子") == {"CN119999999A"}


def test_semantic_without_a_model_falls_back_and_says_so(indexed: Indexed) -> None:
    with unit_of_work(indexed.rt.session_factory) as session:
        res = service.search(
            session=session, engine=indexed.rt.get(SearchEngine), q="电池", mode="semantic"
        )
    assert res.mode == "bool" and res.total > 0
    assert res.notes == ["本平台未启用语义模型，本次改为仅按关键词检索（BM25）"]
