"""Semantic and hybrid search with a real embedding model (USE multilingual, from its wheel)
over constructed records and the first 300 real KPPatent-ZH patents."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from tests.conftest import FreshDatabases
from tests.search import constructed
from tests.search.conftest import KPPATENT, Indexed, load, make_runtime
from zhichan.core.errors import InvalidInput
from zhichan.db.session import unit_of_work
from zhichan.fulltext import fusion
from zhichan.jobs.worker import of as worker_of
from zhichan.patents import service as patents
from zhichan.search import service
from zhichan.search.engine import SearchEngine
from zhichan.search.schemas import SearchResponse

SAMPLE = 300


@pytest.fixture(scope="module")
def semantic(
    fresh_db: FreshDatabases, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Indexed]:
    tmp = tmp_path_factory.mktemp("semantic")
    rt = make_runtime(fresh_db.url(), tmp / "var", model="use")
    load(rt, constructed.write_jsonl(tmp / "constructed.jsonl"))
    lines = KPPATENT.read_text(encoding="utf-8").splitlines()[:SAMPLE]
    sample = tmp / "kppatent-sample.jsonl"
    sample.write_text("\n".join(lines) + "\n", encoding="utf-8")
    load(rt, sample)
    service.embed_missing(factory=rt.session_factory, engine=rt.get(SearchEngine))
    yield Indexed(rt, tmp / "var")
    rt.engine.dispose()


def run(ix: Indexed, q: str, **kw: object) -> SearchResponse:
    with unit_of_work(ix.rt.session_factory) as session:
        return service.search(session=session, engine=ix.rt.get(SearchEngine), q=q, **kw)  # type: ignore[arg-type]


def test_every_patent_has_a_vector(semantic: Indexed) -> None:
    status = service.status(engine=semantic.rt.get(SearchEngine))
    assert status["model"] == "use"
    assert status["vectors"] == status["documents"] == SAMPLE + len(constructed.records())


def test_pasted_paragraph_finds_its_patent(semantic: Indexed) -> None:
    first = json.loads(KPPATENT.read_text(encoding="utf-8").splitlines()[0])
    res = run(semantic, first["abstract"][:200], mode="semantic", size=5)
    assert res.hits[0].number == "kppatent-zh:" + first["id"]
    assert res.hits[0].similarity is not None and res.hits[0].similarity > 0.5
    assert any("语义相似度" in why for why in res.hits[0].why)


def _similarity(ix: Indexed, a: str, b: str) -> float:
    vi = ix.rt.get(SearchEngine).vector_index()
    assert vi is not None
    with unit_of_work(ix.rt.session_factory) as session:
        va, vb = (vi.vector(patents.id_of(session=session, number=n)) for n in (a, b))
    assert va is not None and vb is not None
    return float(va @ vb / (np.linalg.norm(va) * np.linalg.norm(vb)))


def test_more_like_this_patent(semantic: Indexed) -> None:
    res = run(semantic, "", like="CN111000001A", size=20)
    found = [h.number for h in res.hits]
    sims = [h.similarity or 0.0 for h in res.hits]
    assert "CN111000001A" not in found and len(found) == 20
    assert sims == sorted(sims, reverse=True)
    # a battery separator in English is nearer to it than an image-recognition method
    assert _similarity(semantic, "CN111000001A", "US10000004B2") > _similarity(
        semantic, "CN111000001A", "CN112000005A"
    )


def test_semantic_respects_a_structured_query_and_filters(semantic: Indexed) -> None:
    res = run(semantic, "TI=电池", mode="semantic", size=50)
    assert res.hits and all("电池" in (h.title or "") for h in res.hits)
    only = run(semantic, "电池隔膜", mode="semantic", filters={"pt": "utility_model"}, size=50)
    assert [h.number for h in only.hits] == ["CN211000003U"]


def test_hybrid_reads_everyday_sentences_by_meaning(semantic: Indexed) -> None:
    plain = run(semantic, "锂电池隔膜 陶瓷涂层", mode="hybrid", size=5)
    asked = run(semantic, "我们做电池的，隔膜老是被扎穿，想找耐热的隔膜", mode="hybrid", size=5)
    assert not any("日常描述" in n for n in plain.notes)
    assert any("语义权重 1" in n for n in asked.notes)
    assert fusion.natural_language("想找能在冬天用的防滑轮胎")
    assert not fusion.natural_language("一种防滑轮胎")
    assert not fusion.natural_language("1.一种轮胎，其特征在于，所述胎面包括沟槽，")


def test_hybrid_fuses_both_rankings(semantic: Indexed) -> None:
    res = run(semantic, "锂电池隔膜 陶瓷涂层", mode="hybrid", size=5)
    top = res.hits[0]
    assert top.number == "CN111000001A"
    assert set(top.ranks) == {"bm25", "semantic"}
    assert any("倒数排名融合" in why for why in top.why)


def test_semantic_needs_a_model(
    semantic: Indexed, tmp_path: Path, fresh_db: FreshDatabases
) -> None:
    rt = make_runtime(fresh_db.url(), tmp_path / "var", model="none")
    load(rt, constructed.write_jsonl(tmp_path / "c.jsonl"))
    with unit_of_work(rt.session_factory) as session, pytest.raises(InvalidInput, match="语义"):
        service.search(session=session, engine=rt.get(SearchEngine), q="", like="CN111000001A")
    rt.engine.dispose()


def test_syncs_leave_vectors_to_a_job_and_search_says_so(
    fresh_db: FreshDatabases, tmp_path: Path
) -> None:
    rt = make_runtime(fresh_db.url(), tmp_path / "var", model="use")
    load(rt, constructed.write_jsonl(tmp_path / "c.jsonl"))  # the sync job embeds nothing
    status = service.status(engine=rt.get(SearchEngine), factory=rt.session_factory)
    assert (status["documents"], status["vectors"], status["vectors_pending"]) == (6, 0, 6)
    assert status["not_indexed"] == 0 and status["vector_coverage"] == 0.0
    with unit_of_work(rt.session_factory) as session:
        fallback = service.search(
            session=session, engine=rt.get(SearchEngine), q="电池", mode="hybrid"
        )
    assert fallback.mode == "bool" and "仅按关键词" in fallback.notes[0]
    assert worker_of(rt, lanes=("vectors",)).run_until_idle(timeout=300) == 1  # the queued embed
    status = service.status(engine=rt.get(SearchEngine), factory=rt.session_factory)
    assert (status["vectors"], status["vectors_pending"]) == (6, 0)
    with unit_of_work(rt.session_factory) as session:
        hybrid = service.search(
            session=session, engine=rt.get(SearchEngine), q="电池", mode="hybrid"
        )
    assert hybrid.mode == "hybrid" and hybrid.notes == []
    # A changed record loses its stale vector until the next embedding job: "similar patents"
    # then embeds it on the spot and says so, and hybrid search states the coverage.
    lines = (tmp_path / "c.jsonl").read_text(encoding="utf-8").splitlines()
    first = json.loads(lines[0])
    first["title_zh"] = first["title_zh"] + "（修改）"
    (tmp_path / "changed.jsonl").write_text(json.dumps(first, ensure_ascii=False) + "\n")
    load(rt, tmp_path / "changed.jsonl")
    with unit_of_work(rt.session_factory) as session:
        similar = service.search(
            session=session, engine=rt.get(SearchEngine), q="", like=first["number"]
        )
        partial = service.search(
            session=session, engine=rt.get(SearchEngine), q="电池", mode="hybrid"
        )
    assert similar.hits and any("即时计算" in n for n in similar.notes)
    assert "5 / 6" in partial.notes[0]
    rt.engine.dispose()


def test_semantic_facets_count_the_ranked_hits(semantic: Indexed) -> None:
    res = run(semantic, "锂电池隔膜 陶瓷涂层", mode="hybrid", size=5)
    counted = sum(b.count for b in res.facets["ls"])
    assert counted == res.total  # every patent has one legal-status bucket
