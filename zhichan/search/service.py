"""Service functions of the search domain: search, more-like-this, saved queries, index upkeep.

Lexical ranking is BM25 in Tantivy; semantic ranking is cosine similarity of sentence
embeddings in usearch; hybrid fuses the two top-100 lists by weighted reciprocal rank
(:mod:`zhichan.fulltext.fusion`). Sorting by date applies to Boolean/free-text results; semantic
and hybrid results are ranked by similarity or fusion, at most the best 100 (200 for hybrid).
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from zhichan.core import permissions
from zhichan.core.errors import Conflict, InvalidInput, NotAuthenticated, NotFound
from zhichan.core.principal import Principal
from zhichan.db import authz
from zhichan.db.base import Visibility
from zhichan.db.sets import PatentSet
from zhichan.fulltext import analysis, fusion, vectors
from zhichan.fulltext.highlight import Needles
from zhichan.jobs.batch import Batch
from zhichan.patents import service as patents
from zhichan.search import explain, indexer, syntax
from zhichan.search.engine import Ranked, SearchEngine
from zhichan.search.jobs import VECTORS as VECTORS  # for listeners in other domains
from zhichan.search.models import SavedQuery
from zhichan.search.schemas import Hit, SavedQueryIn, SavedQueryRead, SearchResponse

MAX_SIZE = 100
#: Passages per second the embedder manages on a 2-core machine (``make bench``), for the
#: estimate shown while vectors are pending.
EMBED_RATE = 5.0
FUSE_DEPTH = 100
EXPORT_LIMIT = 10_000


def parse_filters(values: list[str]) -> dict[str, str]:
    """``pt:invention`` (API, page) or ``pt=invention`` (CLI) → ``{"pt": "invention"}``."""
    out = {}
    for item in values:
        key, value = re.split(r"[:=]", item, maxsplit=1) if re.search(r"[:=]", item) else (item, "")
        if not key.strip() or not value.strip():
            raise InvalidInput(f"筛选条件应写作 名称:值，如 pt:invention 或 year:2020：{item}")
        out[key.strip()] = value.strip()
    return out


#: Results reachable by paging (Tantivy allocates for offset + limit).
MAX_WINDOW = 10_000


def _check_page(page: int, size: int) -> None:
    if page < 1:
        raise InvalidInput("页码从 1 开始", details={"page": page})
    if not 1 <= size <= MAX_SIZE:
        raise InvalidInput(f"每页条数应在 1 到 {MAX_SIZE} 之间", details={"size": size})
    if page * size > MAX_WINDOW:
        raise InvalidInput(
            f"最多只能翻到第 {MAX_WINDOW} 条结果；请缩小检索范围或导出全部命中",
            details={"page": page, "size": size},
        )


def semantic_coverage(engine: SearchEngine) -> tuple[int, int]:
    """(patents with a vector, patents in the index) of the current generation."""
    stats = engine.stats()
    if not stats.get("ready") or not stats.get("model"):
        return 0, int(stats.get("documents") or 0)
    return int(stats["vectors"]), int(stats["documents"])


def _semantic_notes(engine: SearchEngine, mode: str, like: str | None) -> tuple[str, list[str]]:
    """The mode actually used and what the user must know about missing vectors."""
    if mode == "bool" and like is None:
        return mode, []
    have, docs = semantic_coverage(engine)
    if not engine.require().state.model and like is None:
        return "bool", ["本平台未启用语义模型，本次改为仅按关键词检索（BM25）"]
    if have == 0 and like is None:
        return "bool", [
            "语义向量尚未生成（后台任务正在生成，见“后台任务”页），本次改为仅按关键词检索（BM25）"
        ]
    if have < docs:
        minutes = max(1, round((docs - have) / EMBED_RATE / 60))
        return mode, [
            f"语义向量已覆盖 {have} / {docs} 件专利；其余 {docs - have} 件暂时只能按关键词命中"
            f"（后台生成中，约需 {minutes} 分钟）"
        ]
    return mode, []


def search(
    *,
    session: Session,
    engine: SearchEngine,
    q: str,
    mode: str = "bool",
    page: int = 1,
    size: int = 20,
    sort: str = "relevance",
    filters: dict[str, str] | None = None,
    like: str | None = None,
    sets: Mapping[str, PatentSet] | None = None,
    principal: Principal | None = None,
) -> SearchResponse:
    """One page of results. ``like`` is a patent number for "more like this patent";
    ``filters`` may name another domain's patent set (``sets``) the principal may use."""
    started = time.perf_counter()
    _check_page(page, size)
    shown = dict(filters or {})
    chosen, within = _split(session, shown, sets or {}, principal)
    parsed = syntax.parse(q)
    if mode not in ("bool", "semantic", "hybrid"):
        raise InvalidInput(f"未知的检索模式：{mode}，可用：bool、semantic、hybrid")
    if like is None and parsed.root is None and mode != "bool":
        raise InvalidInput("语义检索需要一段文字或一件专利（like）")
    offset = (page - 1) * size
    mode, notes = _semantic_notes(engine, mode, like)
    if mode == "bool" and like is None:
        query = engine.query_of(parsed, chosen, within)
        ranked = engine.lexical(query, offset=offset, limit=size, sort=sort)
        sims: dict[int, float] = {}
        ranks: dict[int, dict[str, int]] = {}
        ranked.facets.update(_set_facets(session, engine, query, sets or {}, principal))
    else:
        ranked, sims, ranks = _fused(
            session, engine, parsed, chosen, mode, like, offset, size, notes, within
        )
    hits = _hits(session, parsed, ranked.hits, sims, ranks, like)
    gen = engine.require()
    return SearchResponse(
        query=parsed.query,
        mode=mode if like is None else "semantic",  # type: ignore[arg-type]
        free_text=parsed.free_text,
        total=ranked.total,
        page=page,
        size=size,
        sort=sort if mode == "bool" and like is None else "relevance",
        filters=shown,
        hits=hits,
        facets=explain.facet_buckets(session, ranked.facets, _set_labels(sets or {})),
        took_ms=round((time.perf_counter() - started) * 1000, 2),
        index={
            "analyser": gen.state.analyser,
            "model": gen.state.model,
            "generation": gen.path.name,
        },
        notes=notes,
    )


def _split(
    session: Session,
    filters: dict[str, str],
    sets: Mapping[str, PatentSet],
    principal: Principal | None,
) -> tuple[dict[str, str], list[int] | None]:
    """The facet filters, and the patents a set filter (``hv:1``) narrows the search to."""
    chosen, within = {}, None
    for key, value in filters.items():
        found = sets.get(key)
        if found is None:
            chosen[key] = value
            continue
        permissions.require(principal, found.action)
        if value not in found.values:
            raise InvalidInput(f"{found.label}的筛选值应为 {'、'.join(found.values)} 之一：{value}")
        ids = set(found.ids(session, value))
        within = sorted(ids if within is None else ids & set(within))
    return chosen, within


def _set_facets(
    session: Session,
    engine: SearchEngine,
    query: Any,
    sets: Mapping[str, PatentSet],
    principal: Principal | None,
) -> dict[str, list[tuple[str, int]]]:
    """How many of the hits fall in each value of each set the principal may use."""
    out: dict[str, list[tuple[str, int]]] = {}
    for key, found in sets.items():
        if not permissions.allows(principal, found.action):
            continue
        counts = []
        for value in found.values:
            ids = found.ids(session, value)
            if ids:
                n = engine.count_within(query, ids)
                if n:
                    counts.append((value, n))
        out[key] = counts
    return out


def _set_labels(sets: Mapping[str, PatentSet]) -> dict[str, dict[str, str]]:
    return {key: dict(found.values) for key, found in sets.items()}


def _semantic_text(parsed: syntax.Parsed) -> str:
    if parsed.free_text:
        return parsed.query
    text = " ".join(t.text for t in parsed.terms if t.field in (None, "TI", "AB", "CL", "TX"))
    if not text:
        raise InvalidInput("语义检索需要检索式中有文字（如 TI、AB 或不带字段的词）")
    return text


def _fused(
    session: Session,
    engine: SearchEngine,
    parsed: syntax.Parsed,
    chosen: dict[str, str],
    mode: str,
    like: str | None,
    offset: int,
    size: int,
    notes: list[str],
    within: list[int] | None = None,
) -> tuple[Ranked, dict[int, float], dict[int, dict[str, int]]]:
    """Semantic or hybrid ranking. Vector hits keep only what the filters allow and, for a
    structured query, what the Boolean query matches."""
    near = _nearest(session, engine, parsed, like, notes)
    sims = dict(near)
    structured = parsed.root is not None and not parsed.free_text
    gate = engine.query_of(parsed if structured else syntax.parse(""), chosen, within)
    narrowed = structured or chosen or within is not None
    allowed = engine.restrict(gate, [k for k, _ in near]) if narrowed else set(sims)
    vec_list = [k for k, _ in near if k in allowed][:FUSE_DEPTH]
    ranks: dict[int, dict[str, int]] = {k: {"semantic": i} for i, k in enumerate(vec_list, 1)}
    query = engine.query_of(parsed, chosen, within)
    if mode == "hybrid" and like is None:
        lex = engine.lexical(query, offset=0, limit=FUSE_DEPTH, facets=False)
        lex_list = [k for k, _ in lex.hits]
        for i, k in enumerate(lex_list, 1):
            ranks.setdefault(k, {})["bm25"] = i
        natural = parsed.free_text and fusion.natural_language(parsed.query)
        weights, k = fusion.for_query(parsed.query if natural else "")
        if natural:
            notes.append(
                "检索词像一句日常描述，混合排序以语义为主"
                f"（语义权重 {weights[1]:g}、关键词 {weights[0]:g}）"
            )
        fused = fusion.rrf([lex_list, vec_list], weights, k)
    else:
        fused = [(k, sims[k]) for k in vec_list]
    # Facets count what this ranking returns, not everything the filters allow.
    facets = engine.facets_of([k for k, _ in fused], gate)
    return Ranked(total=len(fused), hits=fused[offset : offset + size], facets=facets), sims, ranks


def _nearest(
    session: Session,
    engine: SearchEngine,
    parsed: syntax.Parsed,
    like: str | None,
    notes: list[str],
) -> list[tuple[int, float]]:
    depth = FUSE_DEPTH * (10 if parsed.root is not None and not parsed.free_text else 1)
    if like is not None:
        pid = patents.id_of(session=session, number=like)
        vi = engine.vector_index()
        vector = vi.vector(pid) if vi is not None else None
        model = engine.require().state.model
        if model is None:
            raise InvalidInput("本平台未启用语义模型，无法查找相似专利")
        if vector is None:
            # Not embedded yet: embed its title and abstract now rather than refuse.
            record = patents.records_by_ids(session=session, ids=[pid]).get(pid, {})
            text = vectors.record_text(record)
            if not text:
                raise InvalidInput(f"专利 {like} 没有标题和摘要，无法按语义查找相似专利")
            vector = vectors.embed_passages(model, [text])[0]
            notes.append(f"专利 {like} 的语义向量尚未入库，已按其标题与摘要即时计算")
        return [(k, s) for k, s in engine.nearest(vector, depth + 1) if k != pid]
    model = engine.require().state.model
    if model is None:
        raise InvalidInput("本索引未启用语义检索（search_model = none）")
    return engine.nearest(vectors.embed_query(model, _semantic_text(parsed)), depth)


def _hits(
    session: Session,
    parsed: syntax.Parsed,
    ranked: list[tuple[int, float]],
    sims: dict[int, float],
    ranks: dict[int, dict[str, int]],
    like: str | None,
) -> list[Hit]:
    records = patents.records_by_ids(session=session, ids=[k for k, _ in ranked])
    needles = Needles([parsed.query] if parsed.free_text else [t.text for t in parsed.terms])
    out = []
    for pid, score in ranked:
        rec = records.get(pid)
        if rec is None:  # deleted since it was indexed
            continue
        out.append(
            explain.hit(rec, score, needles, parsed, sims.get(pid), ranks.get(pid, {}), like)
        )
    return out


def export_rows(
    *,
    session: Session,
    engine: SearchEngine,
    q: str,
    mode: str = "bool",
    sort: str = "relevance",
    filters: dict[str, str] | None = None,
    like: str | None = None,
    limit: int = EXPORT_LIMIT,
    sets: Mapping[str, PatentSet] | None = None,
    principal: Principal | None = None,
) -> Iterator[dict[str, Any]]:
    """Every hit of a query (up to ``limit``) as canonical records, in result order."""
    parsed = syntax.parse(q)
    chosen, within = _split(session, dict(filters or {}), sets or {}, principal)
    mode, notes = _semantic_notes(engine, mode, like)
    if mode == "bool" and like is None:
        query = engine.query_of(parsed, chosen, within)
        pids = [
            k for k, _ in engine.lexical(query, offset=0, limit=limit, sort=sort, facets=False).hits
        ]
    else:
        res, _, _ = _fused(session, engine, parsed, chosen, mode, like, 0, limit, notes, within)
        pids = [k for k, _ in res.hits]
    for i in range(0, len(pids), 500):
        chunk = pids[i : i + 500]
        records = patents.records_by_ids(session=session, ids=chunk)
        for pid in chunk:
            if pid in records:
                yield records[pid]


# ---- saved queries -------------------------------------------------------------------------


def _member(principal: Principal | None) -> Principal:
    """Saved queries belong to an organisation: a signed-in member, not a shell operator."""
    if principal is None:
        raise NotAuthenticated("请先登录")
    if principal.is_operator:
        raise InvalidInput("检索式属于机构；请以机构用户登录后保存（Web 或 API）")
    return principal


def save_query(
    *, session: Session, principal: Principal | None, data: SavedQueryIn
) -> SavedQueryRead:
    who = _member(principal)
    parsed = syntax.parse(data.query)  # a malformed query is refused before it is stored
    existing = session.scalar(
        select(SavedQuery).where(
            SavedQuery.owner_org_id == who.org_id, SavedQuery.name == data.name
        )
    )
    if existing is not None:
        raise Conflict(f"已有名为“{data.name}”的检索式", details={"name": data.name})
    row = SavedQuery(
        owner_org_id=who.org_id,
        visibility=Visibility.INTERNAL.value,
        name=data.name.strip(),
        query=parsed.query,
        mode=data.mode,
        filters=data.filters,
        sort=data.sort,
        created_by=who.user_id,
    )
    session.add(row)
    try:
        session.flush()
    except IntegrityError as exc:
        raise Conflict(f"已有名为“{data.name}”的检索式", details={"name": data.name}) from exc
    return SavedQueryRead.model_validate(row)


def saved_queries(*, session: Session, principal: Principal | None) -> list[SavedQueryRead]:
    who = _member(principal)
    stmt = authz.readable(select(SavedQuery), SavedQuery, who).order_by(SavedQuery.name)
    return [SavedQueryRead.model_validate(r) for r in session.scalars(stmt)]


def saved_query(*, session: Session, principal: Principal | None, name: str) -> SavedQueryRead:
    who = _member(principal)
    stmt = authz.readable(select(SavedQuery), SavedQuery, who).where(SavedQuery.name == name)
    row = session.scalar(stmt.where(SavedQuery.owner_org_id == who.org_id))
    if row is None:
        raise NotFound(f"没有名为“{name}”的检索式", details={"name": name})
    return SavedQueryRead.model_validate(row)


def delete_saved_query(*, session: Session, principal: Principal | None, query_id: int) -> None:
    row = authz.get_writable(session, SavedQuery, query_id, _member(principal))
    session.delete(row)
    session.flush()


# ---- index upkeep --------------------------------------------------------------------------


def rebuild(
    *,
    factory: sessionmaker[Session],
    engine: SearchEngine,
    analyser: str,
    model: str | None,
    threads: int = 1,
    on_progress: indexer.ProgressFn | None = None,
    batch: Batch | None = None,
) -> indexer.Progress:
    """A new generation; vectors carried over from the current one, at most a few hundred
    computed now and the rest left to the background embedder or ``zhichan index embed``."""
    if analyser not in analysis.ANALYSERS:
        raise InvalidInput(f"未知的分析器：{analyser}，可用：{'、'.join(analysis.ANALYSERS)}")
    if model is not None and model not in vectors.MODELS:
        raise InvalidInput(f"未知的语义模型：{model}，可用：{'、'.join(vectors.MODELS)}、none")
    return indexer.rebuild(
        factory,
        engine.store,
        analyser=analyser,
        model=model,
        threads=threads,
        embed_budget=indexer.INLINE_EMBED,
        on_progress=on_progress,
        batch=batch,
    )


def sync(
    *,
    factory: sessionmaker[Session],
    engine: SearchEngine,
    analyser: str,
    model: str | None,
    on_progress: indexer.ProgressFn | None = None,
    batch: Batch | None = None,
) -> indexer.Progress:
    return indexer.sync(
        factory,
        engine.store,
        analyser=analyser,
        model=model,
        on_progress=on_progress,
        batch=batch,
    )


def embed_missing(
    *,
    factory: sessionmaker[Session],
    engine: SearchEngine,
    on_progress: indexer.ProgressFn | None = None,
    batch: Batch | None = None,
) -> indexer.Progress:
    """Every missing vector, embedded by ``batch`` (the local scheduler when None)."""
    return indexer.embed_missing(factory, engine.store, on_progress=on_progress, batch=batch)


def status(*, engine: SearchEngine, factory: sessionmaker[Session] | None = None) -> dict[str, Any]:
    """The index's state; with ``factory`` also how many stored patents it does not hold
    yet (``not_indexed``), the vector coverage and an estimate of the time to fill it."""
    info = engine.stats()
    if factory is None:
        return info
    with factory() as session:
        stored = patents.patent_count(session=session)
        if not info.get("ready"):
            info.update(not_indexed=stored, stored=stored)
            return info
        mark = info.get("watermark")
        since = datetime.fromisoformat(mark) if mark else None
        info["not_indexed"] = patents.changed_after(session=session, since=since)
    info["stored"] = stored
    if info.get("model"):
        docs = info.get("documents") or 0
        info["vector_coverage"] = round(info["vectors"] / docs, 4) if docs else 1.0
        info["vectors_eta_seconds"] = round(info["vectors_pending"] / EMBED_RATE)
    return info


def check_query(q: str) -> None:
    """Refuse, in Chinese, a query the syntax cannot read (before it is stored elsewhere)."""
    if not q.strip():
        raise InvalidInput("检索式为空")
    syntax.parse(q)


def matching(*, engine: SearchEngine, q: str, patent_ids: list[int]) -> set[int]:
    """Which of ``patent_ids`` the query matches, as the index holds them now."""
    return engine.restrict(engine.query_of(syntax.parse(q), {}), patent_ids)


def index_lag(*, engine: SearchEngine, session: Session) -> int | None:
    """Stored records the index does not hold yet; ``None`` when there is no index."""
    if engine.generation() is None:
        return None
    info = engine.stats()
    if not info.get("ready"):
        return patents.patent_count(session=session)
    mark = info.get("watermark")
    since = datetime.fromisoformat(mark) if mark else None
    return patents.changed_after(session=session, since=since)


def patent_vectors(*, engine: SearchEngine, patent_ids: Sequence[int]) -> dict[int, Any]:
    """The stored semantic vectors of these patents (title + abstract, L2-normalised); ids
    without one yet (the background embedder has not reached them) are left out."""
    index = engine.vector_index()
    if index is None:
        return {}
    found = {}
    for pid in patent_ids:
        vec = index.vector(pid)
        if vec is not None:
            found[pid] = vec
    return found


def model_of_index(*, engine: SearchEngine) -> str | None:
    """The embedding model the index's vectors were made with (queries must use the same)."""
    info = engine.stats()
    model = info.get("model")
    return str(model) if model else None


def neighbours(
    *, engine: SearchEngine, patent_id: int, count: int
) -> list[tuple[int, float]] | None:
    """The ``count`` stored patents nearest to this one by meaning (cosine similarity of the
    title + abstract vectors); ``None`` when there is no index or it has no vector yet."""
    if engine.generation() is None:  # no index yet: nothing to compare with
        return None
    index = engine.vector_index()
    vector = index.vector(patent_id) if index is not None else None
    if vector is None:
        return None
    return [(k, s) for k, s in engine.nearest(vector, count + 1) if k != patent_id][:count]
