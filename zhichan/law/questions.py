"""Answering a question: by citation, by calculator, or by retrieval plus extraction.

Everything an answer says is statute text from the corpus (or a calculator's steps with the
articles they rely on); nothing is generated.
"""

from __future__ import annotations

import html
import time
from pathlib import Path

import numpy as np
from sqlalchemy.orm import Session

from zhichan.core.errors import InvalidInput, ZhichanError
from zhichan.fulltext import fusion, highlight
from zhichan.fulltext import vectors as embedding
from zhichan.law import ask, deadlines, service, terms
from zhichan.law import damages as damages_mod
from zhichan.law.retrieval import ArticleIndex, Entry
from zhichan.law.schemas import AnswerSentence, ArticleHit, ArticleRead, AskResult, Calculation
from zhichan.law.vectors import VectorCache

MODES = ("bm25", "semantic", "hybrid")
DEPTH = 100


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
    result = _by_citation(session, text) or _by_calculator(session, text)
    if result is None:
        result = _by_retrieval(
            session, text, data_dir, model, analyser, mode, level, instrument_id, k
        )
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
    )


def _by_citation(session: Session, text: str) -> AskResult | None:
    try:
        art = service.article_by_citation(session=session, citation=text)
    except ZhichanError:
        return None
    hit = _whole(art)
    answer = [
        AnswerSentence(text=p.text, citation=art.citation, article_id=art.id)
        for p in art.paragraphs
    ]
    return AskResult(
        question=text, kind="citation", mode="citation", hits=[hit], answer=answer, took_ms=0
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


_VECTORS: dict[tuple[Path, str, int, int], np.ndarray | None] = {}


def _vectors(data_dir: Path, model: str, index: ArticleIndex) -> np.ndarray | None:
    """The article vectors aligned with ``index``, re-read only when the cache file changes."""
    cache_file = data_dir / "law" / f"vectors-{model}.npz"
    stamp = cache_file.stat().st_mtime_ns if cache_file.exists() else 0
    key = (cache_file, model, stamp, id(index))
    if key not in _VECTORS:
        _VECTORS.clear()
        _VECTORS[key] = VectorCache(data_dir / "law", model).matrix(index.entries)
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
    lexical = [i for i, _ in index.lexical(text, allowed)[:DEPTH]] if mode != "semantic" else []
    semantic: list[int] = []
    if mode != "bm25" and model and vectors is not None:
        semantic = [
            i
            for i, _ in index.semantic(vectors, embedding.embed_query(model, text), allowed)[:DEPTH]
        ]
    if mode == "hybrid":
        ranked = [i for i, _ in fusion.rrf([lexical, semantic])]
    else:
        ranked = lexical or semantic
    ranks = {i: {"bm25": r} for r, i in enumerate(lexical, 1)}
    for r, i in enumerate(semantic, 1):
        ranks.setdefault(i, {})["semantic"] = r
    hits = [
        _hit(session, index.entries[i], text, len(ranked) - n, ranks[i])
        for n, i in enumerate(ranked[:k])
    ]
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


def _hit(
    session: Session, entry: Entry, question: str, score: float, ranks: dict[str, int]
) -> ArticleHit:

    art = service.article(session=session, article_id=entry.article_id)
    best = max(
        art.paragraphs, key=lambda p: highlight.overlap(_para_text(p), question), default=None
    )
    passage = _para_text(best) if best else ""
    paragraph = best.number if best and len(art.paragraphs) > 1 else None
    return ArticleHit(
        article_id=art.id,
        citation=service.cite(art.title, art.label, paragraph),
        title=art.title,
        level=art.level,
        label=art.label,
        passage=passage,
        passage_html=highlight.mark(passage, question),
        score=float(score),
        ranks=ranks,
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
