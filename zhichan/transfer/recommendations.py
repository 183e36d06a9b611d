"""Matching service: the pool as a matching corpus, and matches for a need, an enterprise or
a patent, each with its explanation (see :mod:`zhichan.transfer.scoring`).

The semantic signal uses the search index's stored vectors of the pool patents (title +
abstract) and a query vector from the same model; it is used only when every pool patent has
its vector, otherwise the match says so and uses the other signals. The cached pool is keyed
on everything that changes a result — the pool's rows, the model and how many pool patents
have a vector — so a pool built before the embedder finished is rebuilt once it has.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from zhichan.accounts import service as accounts_service
from zhichan.core.errors import NotFound
from zhichan.core.principal import Principal
from zhichan.fulltext import analysis, vectors
from zhichan.jobs import embedding
from zhichan.jobs.batch import Batch, OnDone
from zhichan.patents import service as patents_service
from zhichan.search import service as search_service
from zhichan.search.service import SearchEngine
from zhichan.transfer import calibration, enterprise, learned, scoring, service
from zhichan.transfer.models import Feedback, InventoryItem, Need, Profile, Push, Subscription
from zhichan.transfer.schemas import EnterpriseMatchRead, MatchRead, MatchResult, SignalRead
from zhichan.transfer.service import POOL_STATUSES, effective_tier

#: Text 1 and semantic 8 were chosen on the development needs (benchmarks/transfer_quality.py,
#: even half); the others are set by judgement on the same scale (a good text match scores
#: about 0.1–0.4): sharing an industry is worth about one such match, similarity to the
#: enterprise's own patents half its value, the province and the tier tie-breakers.
WEIGHTS = scoring.Weights(text=1.0, semantic=8.0, industry=0.3, own=0.5, region=0.02, tier=0.02)


@dataclass(frozen=True, slots=True)
class PoolItem:
    item_id: int
    patent_id: int
    number: str
    title: str | None
    institution_id: int
    institution: str
    tier: str | None
    industry: str | None
    codes: tuple[str, ...]


@dataclass
class Pool:
    corpus: scoring.Corpus
    items: list[PoolItem]
    model: str | None
    note: str | None = None
    row_of: dict[int, int] = field(default_factory=dict)
    missing_vectors: int = 0  # pool patents without a vector when the pool was built


_CACHE: dict[tuple[Any, ...], Pool] = {}
_LOCK = threading.Lock()


def _text(data: dict[str, Any]) -> str:
    claims = " ".join(c["text"] for c in data.get("claims") or [])
    parts = [data.get("title_zh"), data.get("abstract_zh"), claims, data.get("title_en")]
    return "。".join(p for p in parts if p)


def _analyse(text: str) -> list[str]:
    return analysis.terms(text, "bigram")


def pool(*, session: Session, engine: SearchEngine | None = None) -> Pool:
    """The pool of transferable patents as a matching corpus (rebuilt when the pool changes)."""
    key_row = session.execute(
        select(func.count(InventoryItem.id), func.max(InventoryItem.updated_at)).where(
            InventoryItem.status.in_(POOL_STATUSES)
        )
    ).one()
    model = search_service.model_of_index(engine=engine) if engine else None
    bind = session.get_bind()
    url = bind.url if isinstance(bind, Engine) else bind.engine.url
    key = (str(url), key_row[0], str(key_row[1]), model)
    with _LOCK:
        cached = _CACHE.get(key)
        if cached is not None and cached.missing_vectors and engine is not None:
            found = search_service.patent_vectors(
                engine=engine, patent_ids=[i.patent_id for i in cached.items]
            )
            if len(found) > len(cached.items) - cached.missing_vectors:
                cached = None  # more vectors since: rebuild with them
        if cached is None:
            _CACHE.clear()
            cached = _CACHE[key] = _build(session, engine, model)
        return cached


def _build(session: Session, engine: SearchEngine | None, model: str | None) -> Pool:
    rows = list(
        session.scalars(
            select(InventoryItem)
            .where(InventoryItem.status.in_(POOL_STATUSES))
            .order_by(InventoryItem.id)
        )
    )
    records = patents_service.records_by_ids(session=session, ids=[r.patent_id for r in rows])
    sei = patents_service.sei_of(session=session, numbers=[r.number for r in rows])
    orgs = accounts_service.orgs_by_id(session=session)
    items, docs = [], []
    for r in rows:
        data = records.get(r.patent_id, {})
        industries = {h.sei_code for h in sei.get(r.number, [])} | ({r.industry} - {None})
        codes = tuple(c["code"] for c in [*data.get("ipc", []), *data.get("cpc", [])])
        org = orgs.get(r.owner_org_id)
        items.append(
            PoolItem(r.id, r.patent_id, r.number, r.title, r.owner_org_id,
                     org.name if org else "", effective_tier(r), r.industry, codes)
        )  # fmt: skip
        docs.append(
            scoring.Doc(
                key=r.id,
                text=_text(data) or (r.title or ""),
                industries=frozenset(str(i) for i in industries),
                region=org.region if org else None,
                tier=effective_tier(r),
            )
        )
    vectors, note, missing = None, None, 0
    if engine is not None and model and items:
        found = search_service.patent_vectors(
            engine=engine, patent_ids=[i.patent_id for i in items]
        )
        missing = len(items) - len(found)
        if not missing:
            vectors = np.stack([found[i.patent_id] for i in items]).astype(np.float32)
        else:
            note = f"语义向量尚未全部就绪（{len(found)}/{len(items)}），本次匹配未用语义信号"
    corpus = scoring.Corpus.build(docs, _analyse, vectors=vectors)
    return Pool(corpus, items, model if vectors is not None else None, note,
                {it.item_id: n for n, it in enumerate(items)}, missing)  # fmt: skip


def seeker_for(session: Session, org_id: int, need: Need | None = None) -> scoring.Seeker:
    """An enterprise as a seeker: the need (or its profile and open needs), its industries,
    province and own patents."""
    prof = session.scalar(select(Profile).where(Profile.owner_org_id == org_id))
    if need is not None:
        text = f"{need.title}。{need.text}"
        industries = set(need.industries)
    else:
        open_needs = session.scalars(
            select(Need).where(Need.owner_org_id == org_id, Need.status == "open")
        )
        text = "。".join(
            [prof.scope if prof else "", *(f"{n.title}。{n.text}" for n in open_needs)]
        )
        industries = set()
    if prof is not None:
        industries |= set(prof.industries)
    own: list[str] = []
    if prof is not None and prof.own_patents:
        ids = [patents_service.id_of(session=session, number=n) for n in prof.own_patents]
        own = [_text(d) for d in patents_service.records_by_ids(session=session, ids=ids).values()]
    region = (
        prof.region if prof else accounts_service.get_org(session=session, org_id=org_id).region
    )
    return scoring.Seeker(text=text, industries=frozenset(industries), region=region,
                           own_texts=tuple(own))  # fmt: skip


def query_vector(p: Pool, text: str) -> np.ndarray | None:
    """(1 × dim) query vector in the pool's model, or None without semantic vectors."""
    if p.model is None:
        return None
    return np.asarray(vectors.embed_query(p.model, text), dtype=np.float32).reshape(1, -1)


def query_vectors(
    p: Pool, texts: list[str], batch: Batch | None = None, on_done: OnDone | None = None
) -> np.ndarray | None:
    """The texts' query vectors in the pool's model (None without semantic vectors), embedded
    in partitions by ``batch`` (the local scheduler when None)."""
    if p.model is None:
        return None
    return embedding.embed_queries(batch or Batch(), p.model, texts, on_done)


def _signals(e: scoring.Explanation) -> list[SignalRead]:
    return [
        SignalRead(name=s.name, label=s.label, value=round(s.value, 4), weight=s.weight,
                   contribution=round(s.contribution, 4))
        for s in e.signals if s.weight
    ]  # fmt: skip


def _subscribed(subs: list[Subscription], item: PoolItem, industries: frozenset[str]) -> bool:
    for s in subs:
        if s.kind == "industry" and s.value in industries:
            return True
        if s.kind == "ipc" and any(c.upper().startswith(s.value) for c in item.codes):
            return True
        if s.kind == "institution" and s.value == str(item.institution_id):
            return True
    return False


def match_seeker(
    *,
    session: Session,
    p: Pool,
    seeker: scoring.Seeker,
    k: int = 10,
    org_id: int | None = None,
    weights: scoring.Weights = WEIGHTS,
) -> MatchResult:
    """The best ``k`` pool patents for a seeker, each explained."""
    if not p.items:
        return MatchResult(query=seeker.text, weights=_weights(weights, p), pool_size=0,
                           semantic=False, note="可转化专利资源库为空", items=[])  # fmt: skip
    qv = query_vector(p, seeker.text)
    scores = p.corpus.score([seeker], weights, qv)
    model = learned.active(session) if weights == WEIGHTS else None
    if model is None:
        best = scoring.top_k(scores, k)[0]
        ranking = "人工设定的权重（尚无优于它的排序模型）"
    else:
        candidates = scoring.top_k(scores, max(k, learned.RERANK))[0]
        parts = p.corpus.components([seeker], qv)
        best = [j for j, _p in learned.rerank(model, parts, candidates)[:k]]
        ranking = f"排序模型第 {model.version} 版（按企业反馈学习，{model.note}）"
    subs, pushed, intents = _org_state(session, org_id)
    items = []
    closeness = _closeness(p, qv)
    for j in best:
        it = p.items[j]
        e = scoring.explain(p.corpus, seeker, j, weights, None if qv is None else qv[0], closeness)
        value = {s.name: s.value for s in e.signals}
        strength = calibration.strength(
            value.get("semantic") if p.model else None, value.get("text", 0.0)
        )
        shared = _names(session, e.industries)
        items.append(
            MatchRead(
                item_id=it.item_id,
                number=it.number,
                title=it.title,
                institution=it.institution,
                tier=it.tier,
                industry_name=_industry_name(session, it.industry),
                score=round(float(scores[0, j]), 4),
                strength=strength,
                band=calibration.band(strength) if strength is not None else None,
                reasons=_reasons(e, value, shared),
                signals=_signals(e),
                terms=e.terms,
                passage=e.passage,
                shared_industries=shared,
                subscribed=_subscribed(subs, it, p.corpus.docs[j].industries),
                pushed=it.item_id in pushed,
                intent=intents.get(it.item_id),
                ranking_version=model.version if model else None,
            )
        )
    return MatchResult(query=seeker.text, weights=_weights(weights, p), pool_size=len(p.items),
                       semantic=p.model is not None, note=p.note, items=items,
                       ranking=ranking)  # fmt: skip


_SENTENCES: dict[tuple[str, str], np.ndarray] = {}
_SENTENCE_CACHE = 20_000
_SENTENCE_LOCK = threading.Lock()  # the web server's threads share the cache


def _closeness(p: Pool, qv: np.ndarray | None) -> scoring.SentenceScorer | None:
    """Similarity in meaning of patent sentences to the need (sentence vectors cached)."""
    model = p.model
    if model is None or qv is None:
        return None
    query = qv[0]

    def score(sentences: list[str]) -> np.ndarray:
        with _SENTENCE_LOCK:
            todo = [t for t in dict.fromkeys(sentences) if (model, t) not in _SENTENCES]
            if todo:
                if len(_SENTENCES) + len(todo) > _SENTENCE_CACHE:
                    _SENTENCES.clear()
                for t, v in zip(todo, vectors.embed_passages(model, todo), strict=True):
                    _SENTENCES[(model, t)] = np.asarray(v, dtype=np.float32)
            found = [_SENTENCES[(model, t)] for t in sentences]
        return np.array([float(v @ query) for v in found])

    return score


def _reasons(e: scoring.Explanation, value: dict[str, float], industries: list[str]) -> list[str]:
    """The signals that carried the match, in words; their weights stay behind 详细."""
    out = []
    if value.get("semantic", 0.0) > 0:
        out.append(f"意思相近（语义相似度 {value['semantic']:.2f}）")
    if e.terms:
        out.append("共有词：" + "、".join(e.terms[:6]))
    if industries:
        out.append("同属产业：" + "、".join(industries))
    if value.get("own", 0.0) > 0:
        out.append(f"与贵企业已有专利相近（{value['own']:.2f}）")
    if value.get("region", 0.0) > 0:
        out.append("同一省份")
    return out


def _weights(weights: scoring.Weights, p: Pool) -> dict[str, float]:
    return {n: weights.of(n) for n in scoring.SIGNALS if n != "semantic" or p.model}


def _org_state(
    session: Session, org_id: int | None
) -> tuple[list[Subscription], set[int], dict[int, str]]:
    if org_id is None:
        return [], set(), {}
    subs = list(session.scalars(select(Subscription).where(Subscription.owner_org_id == org_id)))
    pushed = set(session.scalars(select(Push.item_id).where(Push.enterprise_org_id == org_id)))
    rows = session.execute(
        select(Feedback.item_id, Feedback.intent).where(Feedback.enterprise_org_id == org_id)
    )
    intents = {item: intent for item, intent in rows}
    return subs, pushed, intents


_NAMES: dict[str, str] = {}


def _industry_name(session: Session, code: str | None) -> str | None:
    if not code:
        return None
    if code not in _NAMES:
        _NAMES.update(patents_service.sei_categories(session=session))
    return _NAMES.get(code)


def _names(session: Session, codes: list[str]) -> list[str]:
    return [f"{c} {_industry_name(session, c) or ''}".strip() for c in codes]


def match_text(
    *, session: Session, text: str, engine: SearchEngine | None = None, k: int = 10,
    industries: frozenset[str] = frozenset(), region: str | None = None,
) -> MatchResult:  # fmt: skip
    """Matches for a need given as text (the CLI's ``transfer match --need``)."""
    seeker = scoring.Seeker(text=text, industries=industries, region=region)
    return match_seeker(session=session, p=pool(session=session, engine=engine), seeker=seeker, k=k)


def match_need(
    *, session: Session, principal: Principal, need_id: int,
    engine: SearchEngine | None = None, k: int = 10,
) -> MatchResult:  # fmt: skip
    need = enterprise.get_need(session=session, principal=principal, need_id=need_id)
    seeker = seeker_for(session, need.owner_org_id, need)
    return match_seeker(session=session, p=pool(session=session, engine=engine), seeker=seeker,
                        k=k, org_id=need.owner_org_id)  # fmt: skip


def match_enterprise(
    *, session: Session, principal: Principal, org_id: int | None = None,
    engine: SearchEngine | None = None, k: int = 10,
) -> MatchResult:  # fmt: skip
    owner = enterprise.enterprise_of(principal, org_id)
    seeker = seeker_for(session, owner)
    return match_seeker(session=session, p=pool(session=session, engine=engine), seeker=seeker,
                        k=k, org_id=owner)  # fmt: skip


def enterprises(session: Session) -> list[int]:
    """Organisations that can be matched: those with a profile or an open need."""
    with_profile = set(session.scalars(select(Profile.owner_org_id)))
    with_needs = set(session.scalars(select(Need.owner_org_id).where(Need.status == "open")))
    return sorted(with_profile | with_needs)


def match_patent(
    *, session: Session, principal: Principal | None, item_id: int,
    engine: SearchEngine | None = None, k: int = 10,
) -> list[EnterpriseMatchRead]:  # fmt: skip
    """The reverse: which enterprises this pool patent suits best (for pushing it).

    Only the office and the patent's own institution see it, and never the words matched
    from an enterprise's needs and profile: those are the enterprise's private statements.
    """
    item = session.get(InventoryItem, item_id)
    allowed = principal is not None and (
        service.is_office(principal) or (item is not None and item.owner_org_id == principal.org_id)
    )
    p = pool(session=session, engine=engine)
    if not allowed or item_id not in p.row_of:
        raise NotFound(f"资源库中没有条目 {item_id}")
    j = p.row_of[item_id]
    orgs = enterprises(session)
    seekers = [seeker_for(session, o) for o in orgs]
    if not seekers:
        return []
    qv = query_vectors(p, [s.text for s in seekers])
    column = p.corpus.score(seekers, WEIGHTS, qv)[:, j]
    order = [int(r) for r in np.argsort(-column, kind="stable")[:k] if column[r] > 0]
    pushed = set(session.scalars(select(Push.enterprise_org_id).where(Push.item_id == item_id)))
    out = []
    for r in order:
        e = scoring.explain(p.corpus, seekers[r], j, WEIGHTS, None if qv is None else qv[r])
        org = accounts_service.get_org(session=session, org_id=orgs[r])
        out.append(
            EnterpriseMatchRead(
                org_id=org.id,
                name=org.name,
                region=seekers[r].region,
                score=round(float(column[r]), 4),
                signals=_signals(e),
                pushed=org.id in pushed,
            )
        )
    return out
