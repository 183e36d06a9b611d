"""Service functions of the law domain: load the corpus, look articles up by citation."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from zhichan.core.errors import InvalidInput, NotFound
from zhichan.db.base import table
from zhichan.fulltext import analysis
from zhichan.jobs import embedding
from zhichan.jobs.batch import Batch
from zhichan.law import citations, corpus, names, numerals, references, status, terms, workdays
from zhichan.law.models import LawArticle, LawInstrument, LawLink
from zhichan.law.retrieval import ArticleIndex, Entry, Passage, passages_of
from zhichan.law.schemas import (
    ArticleRead,
    InstrumentRead,
    InstrumentSummary,
    LinkRead,
    LoadReport,
    ParagraphRead,
    TermRead,
)
from zhichan.law.vectors import VectorCache


def load_corpus(*, session: Session, root: Path) -> LoadReport:
    """Replace the stored corpus with every file under ``root`` (one transaction)."""
    if not root.is_dir():
        raise InvalidInput(f"法规目录不存在：{root}")
    instruments = corpus.parse_corpus(root)
    links = references.resolve(instruments)
    states = status.statuses(instruments)
    for model in (LawLink, LawArticle, LawInstrument):
        session.execute(delete(model))
    article_ids: dict[tuple[str, str], int] = {}
    number_ids: dict[tuple[str, int], int] = {}
    for inst in instruments:
        inst_id = _insert_instrument(session, inst, states[inst.source])
        for seq, art in enumerate(inst.articles, start=1):
            art_id = session.execute(
                insert(table(LawArticle)).returning(table(LawArticle).c.id),
                {
                    "instrument_id": inst_id,
                    "seq": seq,
                    "number": art.number,
                    "sub": art.sub,
                    "label": art.label,
                    "path": list(art.path),
                    "text": art.text,
                    "paragraphs": [
                        {
                            "number": p.number,
                            "text": p.text,
                            "items": [{"number": i.number, "text": i.text} for i in p.items],
                        }
                        for p in art.paragraphs
                    ],
                },
            ).scalar_one()
            article_ids[(inst.source, art.label)] = art_id
            number_ids.setdefault((inst.source, art.number), art_id)
    rows = [
        {
            "article_id": article_ids[(lk.source, lk.article)],
            "paragraph": lk.paragraph,
            "start": lk.ref.start,
            "end": lk.ref.end,
            "text": lk.ref.text[:200],
            "target_name": lk.ref.name,
            "target_article_id": number_ids.get((lk.target, lk.target_article or 0))
            if lk.target
            else None,
        }
        for lk in links
    ]
    if rows:
        session.execute(insert(table(LawLink)), rows)
    session.flush()
    return LoadReport(
        instruments=len(instruments),
        articles=len(article_ids),
        links=len(rows),
        resolved_links=sum(1 for r in rows if r["target_article_id"]),
        issues={i.source: i.issues for i in instruments if i.issues},
        unresolved_names=dict(
            Counter(lk.ref.name or "（本文件）" for lk in links if not lk.target)
        ),
    )


def _insert_instrument(session: Session, inst: corpus.Instrument, state: status.Status) -> int:
    return session.execute(
        insert(table(LawInstrument)).returning(table(LawInstrument).c.id),
        {
            "source": inst.source,
            "title": inst.title,
            "short_name": inst.short_name,
            "book": inst.book,
            "level": inst.level,
            "version_date": inst.version_date,
            "promulgated": inst.promulgated,
            "effective": inst.effective,
            "history": inst.history,
            "preamble": inst.preamble,
            "status": state.code,
            "status_basis": state.basis,
        },
    ).scalar_one()


def corpus_counts(*, session: Session) -> tuple[int, int]:
    return (
        session.scalar(select(func.count(LawInstrument.id))) or 0,
        session.scalar(select(func.count(LawArticle.id))) or 0,
    )


def instruments(*, session: Session, level: str | None = None) -> list[InstrumentSummary]:
    count = func.count(LawArticle.id)
    stmt = (
        select(LawInstrument, count)
        .join(LawArticle, LawArticle.instrument_id == LawInstrument.id, isouter=True)
        .group_by(LawInstrument.id)
        .order_by(LawInstrument.level, LawInstrument.title, LawInstrument.version_date)
    )
    if level:
        stmt = stmt.where(LawInstrument.level == level)
    return [
        InstrumentSummary(
            id=i.id,
            title=i.title,
            short_name=i.short_name,
            book=i.book,
            level=i.level,
            version_date=i.version_date,
            articles=n,
            status=i.status,
            status_label=status.LABELS.get(i.status, i.status),
            short_names=list(names.short_names(i.title)),
        )
        for i, n in session.execute(stmt)
    ]


def instrument_candidates(
    *, session: Session, name: str, book: str | None = None
) -> list[LawInstrument]:
    """The instruments a name stands for (every version; every book of the Civil Code unless
    ``book`` names one)."""
    title = names.titles_by_name().get(name)
    wanted = (title or name).removeprefix("中华人民共和国")
    stmt = select(LawInstrument).where(
        (LawInstrument.short_name == wanted) | (LawInstrument.title == name)
    )
    found = list(session.scalars(stmt))
    if not found:
        like = select(LawInstrument).where(LawInstrument.short_name.contains(wanted))
        found = list(session.scalars(like))
        if len({i.title for i in found}) > 1:
            listed = "、".join(sorted({i.short_name for i in found})[:8])
            raise InvalidInput(f"“{name}”对应多部法规：{listed}；请写全名", details={"name": name})
    if book is not None:
        found = [i for i in found if i.book == book]
    if not found:
        raise NotFound(f"语料中没有“{name}{book or ''}”", details={"name": name})
    return found


def article_by_citation(*, session: Session, citation: str) -> ArticleRead:
    c = citations.parse(citation)
    candidates = instrument_candidates(session=session, name=c.name, book=c.book)
    rows = session.execute(
        select(LawArticle, LawInstrument)
        .join(LawInstrument, LawInstrument.id == LawArticle.instrument_id)
        .where(
            LawArticle.instrument_id.in_([i.id for i in candidates]),
            LawArticle.number == c.article,
            LawArticle.sub == c.sub if c.sub else LawArticle.sub.is_(None),
        )
    ).all()
    label = citations.label(c.article, c.sub)
    if not rows:
        where = candidates[0].title + (f"{c.book}" if c.book else "")
        raise NotFound(f"{where} 没有{label}", details={"citation": citation})
    art, inst = max(rows, key=lambda r: r[1].version_date or date.min)
    count = len(art.paragraphs)
    wrong = [p for p in c.paragraphs if not 1 <= p <= count]
    if wrong:
        raise NotFound(f"{art.label}只有 {count} 款", details={"citation": citation})
    return _read(session, art, inst, c.paragraphs, c.item, citation)


def article(*, session: Session, article_id: int) -> ArticleRead:
    art = session.get(LawArticle, article_id)
    if art is None:
        raise NotFound(f"条文 {article_id} 不存在", details={"id": article_id})
    inst = session.get(LawInstrument, art.instrument_id)
    assert inst is not None
    return _read(session, art, inst)


def cite(
    title: str, label: str, paragraph: int | Sequence[int] | None = None, item: int | None = None
) -> str:
    paras = (paragraph,) if isinstance(paragraph, int) else tuple(paragraph or ())
    para = "、".join(f"第{numerals.to_chinese(p)}款" for p in paras)
    return f"《{title}》{label}{para}" + (f"第（{numerals.to_chinese(item)}）项" if item else "")


def _links(session: Session, article_ids: list[int]) -> dict[int, list[LinkRead]]:
    """The resolved references of the given articles, in one query."""
    rows = session.execute(
        select(LawLink, LawArticle, LawInstrument)
        .join(LawArticle, LawArticle.id == LawLink.target_article_id, isouter=True)
        .join(LawInstrument, LawInstrument.id == LawArticle.instrument_id, isouter=True)
        .where(LawLink.article_id.in_(article_ids))
        .order_by(LawLink.article_id, LawLink.paragraph, LawLink.start)
    ).all()
    out: dict[int, list[LinkRead]] = {}
    for lk, ta, ti in rows:
        out.setdefault(lk.article_id, []).append(
            LinkRead(
                paragraph=lk.paragraph,
                start=lk.start,
                end=lk.end,
                text=lk.text,
                target=cite(ti.title, ta.label) if ta is not None and ti is not None else None,
                target_id=ta.id if ta is not None else None,
            )
        )
    return out


def _read(
    session: Session,
    art: LawArticle,
    inst: LawInstrument,
    paragraphs: Sequence[int] = (),
    item: int | None = None,
    citation: str | None = None,
    links: list[LinkRead] | None = None,
) -> ArticleRead:
    if links is None:
        links = _links(session, [art.id]).get(art.id, [])
    shown = [art.paragraphs[p - 1] for p in paragraphs] if paragraphs else list(art.paragraphs)
    if item is not None:
        shown = [
            {**p, "items": [i for i in p.get("items", []) if i["number"] == item]}
            for p in shown
            if any(i["number"] == item for i in p.get("items", []))
        ][:1]
        if not shown:
            raise NotFound(
                f"{art.label}没有第（{numerals.to_chinese(item)}）项",
                details={"citation": citation},
            )
    cited = paragraphs
    if item is not None and not paragraphs and len(art.paragraphs) > 1:
        cited = (shown[0]["number"],)
    return ArticleRead(
        id=art.id,
        instrument_id=inst.id,
        title=inst.title,
        short_name=inst.short_name,
        level=inst.level,
        label=art.label,
        number=art.number,
        citation=cite(inst.title, art.label, cited, item),
        path=art.path,
        paragraphs=[ParagraphRead.model_validate(p) for p in shown],
        links=links,
        version_date=inst.version_date,
        status=inst.status,
        status_label=status.LABELS.get(inst.status, inst.status),
    )


# ---- retrieval ---------------------------------------------------------------------------


def entries(*, session: Session) -> list[Entry]:
    rows = session.execute(
        select(LawArticle, LawInstrument)
        .join(LawInstrument, LawInstrument.id == LawArticle.instrument_id)
        .order_by(LawArticle.id)
    ).all()
    return [
        Entry(
            a.id,
            i.id,
            i.level,
            i.title,
            i.short_name,
            a.label,
            tuple(a.path),
            a.text,
            tuple(_para_text(p) for p in a.paragraphs) if len(a.paragraphs) > 1 else (),
            i.status,
        )
        for a, i in rows
    ]


def _para_text(p: dict[str, Any]) -> str:
    return "\n".join([p["text"], *(item["text"] for item in p.get("items", []))])


def build_index(*, session: Session, analyser: str) -> ArticleIndex:

    return ArticleIndex(entries(session=session), lambda t: analysis.terms(t, analyser), analyser)


_INDEXES: dict[tuple[str, str, int, int], ArticleIndex] = {}


def index_for(*, session: Session, analyser: str) -> ArticleIndex:
    """The article index of the stored corpus, rebuilt only when the corpus changes."""
    bind = session.get_bind()
    counts = corpus_counts(session=session)
    max_id = session.scalar(select(func.max(LawArticle.id))) or 0
    key = (str(bind.engine.url if hasattr(bind, "engine") else bind), analyser, counts[1], max_id)
    if key not in _INDEXES:
        if counts[1] == 0:
            raise InvalidInput("尚未加载法律法规；请运行 zhichan law load")
        _INDEXES.clear()
        _INDEXES[key] = build_index(session=session, analyser=analyser)
    return _INDEXES[key]


def embed_articles(
    *,
    session: Session,
    data_dir: Path,
    model: str,
    on_progress: Callable[[int, int], None] | None = None,
    batch: Batch | None = None,
) -> int:
    """Compute the missing article vectors of ``model`` with the batch engine (the local
    scheduler when None); returns how many were computed."""

    cache = VectorCache(data_dir / "law", model)
    return cache.fill(
        embedded_units(session=session),
        lambda texts: embedding.embed_texts(batch or Batch(), model, texts),
        on_progress,
    )


def embedded_units(*, session: Session) -> list[Entry | Passage]:
    """What is embedded: every article whole, and each paragraph of a longer one."""
    arts = entries(session=session)
    return [*arts, *(p for p in passages_of(arts) if arts[p.entry].paragraphs)]


def vectors_ready(*, session: Session, data_dir: Path, model: str | None) -> bool:
    if model is None:
        return False
    return not VectorCache(data_dir / "law", model).missing(embedded_units(session=session))


def instrument(*, session: Session, instrument_id: int) -> InstrumentRead:
    inst = session.get(LawInstrument, instrument_id)
    if inst is None:
        raise NotFound(f"法规 {instrument_id} 不存在", details={"id": instrument_id})
    arts = session.scalars(
        select(LawArticle).where(LawArticle.instrument_id == inst.id).order_by(LawArticle.seq)
    ).all()
    links = _links(session, [a.id for a in arts])
    return InstrumentRead(
        id=inst.id,
        title=inst.title,
        short_name=inst.short_name,
        book=inst.book,
        level=inst.level,
        version_date=inst.version_date,
        history=inst.history,
        preamble=inst.preamble,
        articles=[_read(session, a, inst, links=links.get(a.id, [])) for a in arts],
        status=inst.status,
        status_label=status.LABELS.get(inst.status, inst.status),
        status_basis=inst.status_basis,
        short_names=list(names.short_names(inst.title)),
    )


def patent_expiry(*, patent_type: str | None, filing: date | None) -> date | None:
    """The day a CN patent's term ends (《专利法》第四十二条第一款, without compensation);
    ``None`` when the type or filing date is unknown."""
    if filing is None or patent_type not in terms.YEARS:
        return None
    return terms.patent_term(patent_type, filing).ends


def patent_term(
    *,
    patent_type: str | None,
    filing: date | None,
    grant: date | None = None,
    exam_request: date | None = None,
) -> TermRead | None:
    """A CN patent's term with the steps and articles relied on (《专利法》第四十二条, with the
    examination-delay compensation when the grant and examination-request dates are known);
    ``None`` when the type or filing date is unknown."""
    if filing is None or patent_type not in terms.YEARS:
        return None
    term = terms.patent_term(patent_type, filing, grant=grant, exam_request=exam_request)
    return TermRead(
        ends=term.ends,
        steps=list(term.steps),
        articles=list(dict.fromkeys(term.articles)),
        compensation_days=term.compensation_days,
    )


def working_days_after(*, start: date, end: date) -> tuple[int, bool]:
    """Working days after ``start`` up to ``end`` on the State Council's holiday calendar, and
    whether the calendar covered every day (otherwise weekends only: provisional). At most
    about ten years are counted."""
    return workdays.working_days_after(start, min(end, start + timedelta(days=3660)))
