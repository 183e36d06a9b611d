"""Answering a question: by citation, by calculator, or by retrieval plus extraction.

Everything an answer says is statute text from the corpus (or a calculator's steps with the
articles they rely on); nothing is generated.
"""

from __future__ import annotations

import html
import time
from datetime import date
from pathlib import Path

import numpy as np
from sqlalchemy.orm import Session

from zhichan.core.errors import InvalidInput, ZhichanError
from zhichan.fulltext import highlight
from zhichan.fulltext import vectors as embedding
from zhichan.law import adapter, ask, citations, deadlines, ranking, service, terms
from zhichan.law import damages as damages_mod
from zhichan.law.retrieval import ArticleIndex, Entry
from zhichan.law.schemas import AnswerSentence, ArticleHit, ArticleRead, AskResult, Calculation
from zhichan.law.vectors import VectorCache

MODES = ranking.MODES


def ask_question(
    *,
    session: Session,
    question: str,
    data_dir: Path,
    model: str | None,
    analyser: str = "bigram",
    mode: str = "hybrid",
    level: str | None = None,
    instrument_id: int | None = None,
    k: int = 5,
) -> AskResult:
    started = time.perf_counter()
    text = question.strip()
    if not text:
        raise InvalidInput("请输入问题或条文引用，如“外观设计专利保护期是多久”或“专利法 42”")
    if mode not in MODES:
        raise InvalidInput(f"未知的检索方式：{mode}，可用：{'、'.join(MODES)}")
    problem = None
    result = None
    if citations.looks_like_citation(text):
        result, problem = _by_citation(session, text)
    result = result or _by_name(session, text) or _by_calculator(session, text)
    if result is None:
        result = _by_retrieval(
            session, text, data_dir, model, analyser, mode, level, instrument_id, k
        )
        result.citation_problem = problem
    result.took_ms = round((time.perf_counter() - started) * 1000, 2)
    return result


def _whole(art: ArticleRead) -> ArticleHit:
    """An article quoted whole: the answer to a citation or a calculator's authority."""
    passage = "\n".join(p.text for p in art.paragraphs)
    return ArticleHit(
        article_id=art.id,
        citation=art.citation,
        title=art.title,
        level=art.level,
        label=art.label,
        passage=passage,
        passage_html=html.escape(passage),
        score=1.0,
        status=art.status,
        status_label=art.status_label,
    )


def _by_citation(session: Session, text: str) -> tuple[AskResult | None, str | None]:
    """The cited article, or why the citation could not be followed (said before the
    search results that follow instead)."""
    try:
        art = service.article_by_citation(session=session, citation=text)
    except ZhichanError as exc:
        return None, f"未能按条文引用查到“{text}”：{exc.message}。以下是按内容检索的结果。"
    hit = _whole(art)
    answer = [
        AnswerSentence(text=t, citation=art.citation, article_id=art.id)
        for p in art.paragraphs
        for t in (p.text, *(i.text for i in p.items))
    ]
    result = AskResult(
        question=text, kind="citation", mode="citation", hits=[hit], answer=answer, took_ms=0
    )
    return result, None


def _by_name(session: Session, text: str) -> AskResult | None:
    """A bare instrument name (``技术调查官规定``): its first articles and its full title."""
    if text != citations.known_name(text):
        return None
    try:
        found = service.instrument_candidates(session=session, name=text)
    except ZhichanError:
        return None
    newest = max(found, key=lambda i: i.version_date or date.min)
    inst = service.instrument(session=session, instrument_id=newest.id)
    hits = [_whole(a) for a in inst.articles[:5]]
    return AskResult(
        question=text,
        kind="citation",
        mode="citation",
        hits=hits,
        answer=[],
        note=f"“{text}”即《{inst.title}》（{inst.status_label}，共 {len(inst.articles)} 条），"
        f"下面是它的前几条；要看某一条，请写“{text}第X条”",
        took_ms=0,
    )


def _calculation(text: str) -> Calculation | None:
    found = ask.route(text)
    if found is not None and found.calculator == "deadline":
        due = deadlines.compute(found.kind, found.start)
        return Calculation(
            calculator="deadline",
            kind=found.kind,
            result=str(due.due),
            steps=due.steps,
            articles=due.articles,
        )
    if found is not None:
        term = terms.patent_term(found.kind, found.start)
        return Calculation(
            calculator="term",
            kind=found.kind,
            result=str(term.ends),
            steps=term.steps,
            articles=term.articles,
        )
    money = ask.route_damages(text)
    if money is None:
        return None
    amount = damages_mod.damages(
        money.law,
        actual_loss=money.loss,
        infringer_gain=money.gain,
        licence_fee=money.licence_fee,
        intentional=money.intentional,
        serious=money.serious,
    )
    return Calculation(
        calculator="damages",
        kind=money.law,
        result=f"{amount.low:,.2f} 元至 {amount.high:,.2f} 元",
        steps=amount.steps,
        articles=amount.articles,
    )


def _by_calculator(session: Session, text: str) -> AskResult | None:
    calc = _calculation(text)
    if calc is None:
        return None
    hits = []
    for citation in dict.fromkeys(calc.articles):
        try:
            art = service.article_by_citation(session=session, citation=citation)
        except ZhichanError:
            continue
        hits.append(_whole(art))
    answer = [
        AnswerSentence(text=h.passage, citation=h.citation, article_id=h.article_id) for h in hits
    ]
    return AskResult(
        question=text,
        kind="calculation",
        mode="calculator",
        hits=hits,
        answer=answer,
        calculation=calc,
        took_ms=0,
    )


_VECTORS: dict[tuple[Path, str, int, int], tuple[np.ndarray, np.ndarray] | None] = {}


def _vectors(
    data_dir: Path, model: str, index: ArticleIndex
) -> tuple[np.ndarray, np.ndarray] | None:
    """Article and paragraph vectors aligned with ``index``, re-read only when the cache file
    changes; None until every one is there."""
    cache_file = data_dir / "law" / f"vectors-{model}.npz"
    stamp = cache_file.stat().st_mtime_ns if cache_file.exists() else 0
    key = (cache_file, model, stamp, id(index))
    if key not in _VECTORS:
        _VECTORS.clear()
        cache = VectorCache(data_dir / "law", model)
        articles = cache.matrix(index.entries)
        paragraphs = cache.matrix(index.passages)
        _VECTORS[key] = None if articles is None or paragraphs is None else (articles, paragraphs)
    return _VECTORS[key]


def _allowed(index: ArticleIndex, level: str | None, instrument_id: int | None) -> set[int] | None:
    if level is None and instrument_id is None:
        return None
    return {
        i
        for i, e in enumerate(index.entries)
        if (level is None or e.level == level)
        and (instrument_id is None or e.instrument_id == instrument_id)
    }


def _by_retrieval(
    session: Session,
    text: str,
    data_dir: Path,
    model: str | None,
    analyser: str,
    mode: str,
    level: str | None,
    instrument_id: int | None,
    k: int,
) -> AskResult:
    index = service.index_for(session=session, analyser=analyser)
    allowed = _allowed(index, level, instrument_id)
    note = None
    vectors = _vectors(data_dir, model, index) if model else None
    if mode != "bm25" and vectors is None:
        note = (
            "条文的语义向量尚未就绪（后台任务正在生成，或运行 zhichan law embed），"
            "本次仅按关键词（BM25）检索"
        )
        mode = "bm25"
    weights = ranking.for_mode(mode)
    query = None
    if mode != "bm25" and model:
        query = adapter.adapt(model, embedding.embed_query(model, text))
    ranked = ranking.rank(index, text, vectors, query, allowed, weights, limit=k)
    hits = [_hit(session, index.entries[r.entry], text, r) for r in ranked]
    answer = [_answer(h, text) for h in hits[:3] if h.passage]
    return AskResult(
        question=text,
        kind="articles",
        mode=mode,
        hits=hits,
        answer=[a for a in answer if a is not None],
        note=note,
        took_ms=0,
    )


def _hit(session: Session, entry: Entry, question: str, r: ranking.Ranked) -> ArticleHit:
    art = service.article(session=session, article_id=entry.article_id)
    several = len(art.paragraphs) > 1
    best = next((p for p in art.paragraphs if p.number == r.paragraph), None) if several else None
    if best is None:
        best = max(
            art.paragraphs, key=lambda p: highlight.overlap(_para_text(p), question), default=None
        )
    passage = _para_text(best) if best else ""
    paragraph = best.number if best and several else None
    return ArticleHit(
        article_id=art.id,
        citation=service.cite(art.title, art.label, paragraph),
        title=art.title,
        level=art.level,
        label=art.label,
        passage=passage,
        passage_html=highlight.mark(passage, question),
        score=round(r.score, 6),
        ranks=r.ranks,
        paragraph=paragraph,
        status=art.status,
        status_label=art.status_label,
    )


def _para_text(p: object) -> str:
    items = getattr(p, "items", [])
    return "\n".join([getattr(p, "text", ""), *(i.text for i in items)])


def _answer(hit: ArticleHit, question: str) -> AnswerSentence | None:
    parts = ask.sentences(hit.passage)
    if not parts:
        return None
    best = max(parts, key=lambda s: highlight.overlap(s, question))
    return AnswerSentence(text=best, citation=hit.citation, article_id=hit.article_id)
