"""Needs in everyday words: the best semantic match is never excluded by a rule, shown words
are whole words without grammar, the quoted sentence is prose, the strength is calibrated, and
the pool is rebuilt once its vectors are complete."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from tests.conftest import FreshDatabases
from tests.search.conftest import make_runtime
from tests.support import factories
from tests.transfer.conftest import KPPATENT, OPERATOR, TODAY
from zhichan.db.session import unit_of_work
from zhichan.fulltext import analysis, vectors
from zhichan.jobs.worker import of as worker_of
from zhichan.patents import service as patents_service
from zhichan.patents.importers import kppatent
from zhichan.search.engine import SearchEngine
from zhichan.transfer import calibration, candidates, recommendations, scoring, service
from zhichan.transfer.schemas import ItemUpdate

#: The issue's two needs, and the patents that answer them (the demo pool's test split).
LAY = (
    ("我们厂要把钢板的板边两面都切出斜口，现在只能一面一面地切，想两面一起切", "kp-test-0002"),
    ("小区和学校门口装的防撞拦车桩，升起来慢又费电", "kp-test-0635"),
)


@pytest.fixture(scope="module")
def test_split() -> scoring.Corpus:
    """The KPPatent-ZH test split (the demo pool's patents) as the matcher's corpus, with the
    e5 vectors of title + abstract that the search index stores (shipped, so no embedding)."""
    records = []
    for line in KPPATENT.read_text(encoding="utf-8").splitlines():
        obj = json.loads(line)
        if obj["split"] == "test":
            records.append((obj["id"], kppatent.record(obj, "test")))
    docs, texts = [], []
    for n, (_ident, r) in enumerate(records):
        data = {"title_zh": r.title_zh, "abstract_zh": r.abstract_zh,
                "claims": [{"text": c.text} for c in r.claims]}  # fmt: skip
        docs.append(scoring.Doc(key=n, text=recommendations._text(data)))
        texts.append(vectors.passage_text(r.title_zh, r.abstract_zh))
    matrix = vectors.embed_passages("e5", texts).astype(np.float32)
    corpus = scoring.Corpus.build(docs, lambda s: analysis.terms(s, "bigram"), vectors=matrix)
    corpus.reverse = {ident: n for n, (ident, _r) in enumerate(records)}
    return corpus


@pytest.mark.parametrize(("need", "target"), LAY)
def test_lay_needs_reach_their_patent(test_split: scoring.Corpus, need: str, target: str) -> None:
    qv = vectors.embed_query("e5", need).reshape(1, -1).astype(np.float32)
    seeker = scoring.Seeker(need)
    scores = test_split.score([seeker], recommendations.WEIGHTS, qv)
    top = scoring.top_k(scores, 5)[0]
    assert test_split.reverse[target] in top
    # Without the semantic candidates the old shared-term rule could not reach it at all.
    shared = test_split.vocabulary.encode(test_split.analyse, [need]) @ test_split.matrix.T
    assert shared[0, test_split.reverse[target]] == 0


def test_lay_needs_reach_their_patent_through_candidates(test_split: scoring.Corpus) -> None:
    """A pool past ``candidates.FROM`` scores each need against its candidates only: the
    graph's nearest by meaning still reach the patents that share no word with the need, with
    the scores the matrix scoring gives."""
    needs = [n for n, _t in LAY]
    qv = np.stack([vectors.embed_query("e5", n) for n in needs]).astype(np.float32)
    seekers = [scoring.Seeker(n) for n in needs]
    assert test_split.vectors is not None
    tops, values, *_ = candidates.partition_tops(
        candidates.Partition(0, seekers, qv, ()),
        corpus=test_split,
        weights=recommendations.WEIGHTS,
        k=5,
        graph=candidates.build(test_split.vectors),
        sizes=candidates.Sizes(nearest=60, words=20, reverse=10, reverse_part=1000),
    )
    full = test_split.score(seekers, recommendations.WEIGHTS, qv)
    for (_need, target), top, vals, row in zip(LAY, tops, values, full, strict=True):
        assert test_split.reverse[target] in top
        assert np.allclose(vals, row[top], rtol=1e-5, atol=0)


def test_shown_words_are_words(test_split: scoring.Corpus) -> None:
    needs = [n for n, _t in LAY] + ["想找能在下雨天也能用的和面机，面团不粘的那种"]
    qv = np.stack([vectors.embed_query("e5", n) for n in needs]).astype(np.float32)
    seekers = [scoring.Seeker(n) for n in needs]
    scores = test_split.score(seekers, recommendations.WEIGHTS, qv)
    shown = 0
    for i, top in enumerate(scoring.top_k(scores, 10)):
        for j in top:
            e = scoring.explain(test_split, seekers[i], j, recommendations.WEIGHTS, qv[i])
            for w in e.terms:
                shown += 1
                assert len(w) >= 2 and not scoring.FUNCTION_CHARS & set(w), w
    assert shown
    # A word the patent only has inside a longer word is not evidence (防腐 ≠ 防腐剂).
    assert (
        scoring.shared_words("想要防腐性能好的涂层", "一种食品防腐剂及其制备方法", ["防腐"]) == []
    )
    assert scoring.shared_words("想要防腐性能好的涂层", "一种防腐涂层", ["防腐"]) == ["防腐"]


def test_quoted_sentence_is_prose() -> None:
    text = "一种升降柱。如图1所示，1、2、3分别为外壳、柱体和电机。该升降柱通过液压驱动快速升起，能耗低。"
    assert scoring.clean_sentences(text) == ["该升降柱通过液压驱动快速升起，能耗低。"]
    by_meaning = scoring.passage(text, [], lambda s: np.array([len(x) for x in s], dtype=float))
    assert by_meaning == "该升降柱通过液压驱动快速升起，能耗低。"


def test_strength_is_monotone_and_banded() -> None:
    weak = calibration.strength(0.80, 0.0)
    strong = calibration.strength(0.92, 0.3)
    assert weak is not None and strong is not None and 0 <= weak < strong <= 100
    assert calibration.band(strong) in {"强", "较强", "一般"}
    assert [calibration.band(v) for v in (80, 30, 10)] == ["强", "较强", "一般"]


def test_pool_is_rebuilt_when_vectors_complete(fresh_db: FreshDatabases, tmp_path: Path) -> None:
    rt = make_runtime(fresh_db.url(), tmp_path / "var", model="use")
    lines = KPPATENT.read_text(encoding="utf-8").splitlines()[:30]
    (tmp_path / "k.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with unit_of_work(rt.session_factory, OPERATOR, via="test") as session:
        factories.build_world(session, OPERATOR)
    patents_service.import_file(factory=rt.session_factory, path=tmp_path / "k.jsonl",
                                principal=OPERATOR)  # fmt: skip
    worker_of(rt, lanes=("index",)).run_until_idle(timeout=120)
    engine = rt.services[SearchEngine]
    numbers = [f"kppatent-zh:{json.loads(x)['id']}" for x in lines]
    with unit_of_work(rt.session_factory, OPERATOR, via="test") as session:
        univ = factories.principal(session, "a_editor")
        service.add_patents(session=session, principal=univ, numbers=numbers)
        service.update_items(session=session, principal=univ, numbers=numbers, today=TODAY,
                             changes=ItemUpdate(prospect="较好", status="已盘点"))  # fmt: skip
        service.publish(session=session, principal=univ, today=TODAY)
    with unit_of_work(rt.session_factory) as session:
        before = recommendations.pool(session=session, engine=engine)
        assert before.model is None and before.note and "0/30" in before.note
    worker_of(rt, lanes=("vectors",)).run_until_idle(timeout=300)
    with unit_of_work(rt.session_factory) as session:
        after = recommendations.pool(session=session, engine=engine)
        result = recommendations.match_text(session=session, text=LAY[1][0], engine=engine, k=3)
    assert after is not before and after.model == "use" and after.note is None
    assert result.semantic and result.items and result.items[0].strength is not None
    rt.engine.dispose()
