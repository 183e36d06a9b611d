"""Fusing the retrievers into one ranking of articles, with the instrument-level adjustments.

Four lists — BM25 over articles and over paragraphs (with the question expanded by the
everyday-to-statute vocabulary), cosine over article and paragraph vectors — are fused by
weighted reciprocal rank, ``Σ wᵢ / (k + rankᵢ)``; an article whose instrument is not in force
is multiplied by ``not_in_force`` and a local regulation by ``local`` unless the question names
its region. The weights were chosen by five-fold cross-validation on the tuning part of the
development set (``benchmarks/law_selection.py``), never on its untouched third.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from zhichan.core import logistic
from zhichan.law import rerank, rerank_model, status, vocabulary
from zhichan.law.retrieval import ArticleIndex, Entry, Signals

DEPTH = 100
#: How many fused candidates the learned model re-orders.
CANDIDATES = 50
MODES = ("bm25", "semantic", "hybrid")
LISTS = ("bm25_article", "bm25_passage", "sem_article", "sem_passage")
REGIONS = {
    "浙江": ("浙江",),
    "广东": ("广东",),
    "重庆": ("重庆",),
    "上海": ("上海", "浦东"),
}


@dataclass(frozen=True, slots=True)
class Weights:
    bm25_article: float
    bm25_passage: float
    sem_article: float
    sem_passage: float
    k: float
    expansion: float  # BM25 weight of an expansion term (the question's own terms: 1)
    not_in_force: float
    local: float

    def of(self, name: str) -> float:
        return float(getattr(self, name))


#: Chosen by ``benchmarks/law_selection.py`` (five-fold CV on the tuning part); see docs/law.md.
SHIPPED = Weights(
    bm25_article=1.0,
    bm25_passage=1.0,
    sem_article=0.5,
    sem_passage=1.0,
    k=10.0,
    expansion=1.0,
    not_in_force=0.05,
    local=0.5,
)


#: Keyword-only ranking — the ``bm25`` mode, and hybrid questions while the vectors are not
#: ready — chosen by the same cross-validation among the settings without vector lists.
LEXICAL = Weights(
    bm25_article=1.0,
    bm25_passage=0.5,
    sem_article=0.0,
    sem_passage=0.0,
    k=2.0,
    expansion=0.6,
    not_in_force=0.05,
    local=0.5,
)


def for_mode(mode: str, weights: Weights | None = None) -> Weights:
    """The weights of a mode: ``weights`` (the shipped ones by default) with the other
    retriever switched off; keyword-only ranking uses its own choice unless given one."""
    if mode == "bm25":
        return replace(weights or LEXICAL, sem_article=0.0, sem_passage=0.0)
    weights = weights or SHIPPED
    if mode == "semantic":
        return replace(weights, bm25_article=0.0, bm25_passage=0.0)
    return weights


@dataclass(frozen=True, slots=True)
class Ranked:
    entry: int  # position in the index's entries
    score: float
    paragraph: int | None  # the paragraph that answers, when the article has several
    ranks: dict[str, int]  # list → rank of this article in it


def query_terms(index: ArticleIndex, question: str, expansion: float) -> list[tuple[str, float]]:
    own = [(t, 1.0) for t in index.analyse(question)]
    if expansion <= 0:
        return own
    added = [(t, expansion) for w in vocabulary.expansions(question) for t in index.analyse(w)]
    return own + added


def signals(
    index: ArticleIndex,
    question: str,
    vectors: tuple[np.ndarray, np.ndarray] | None,
    query_vector: np.ndarray | None,
    allowed: set[int] | None,
    weights: Weights,
) -> Signals:
    terms = query_terms(index, question, weights.expansion)
    return index.signals(terms, vectors, query_vector, allowed, DEPTH)


def ranks_of(scores: dict[int, float]) -> dict[int, int]:
    order = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
    return {i: r for r, (i, _) in enumerate(order, start=1)}


def in_force(entry: Entry) -> bool:
    """Texts superseded, amended or repealed, and the amendment decisions themselves (whose
    points are in force only as part of the texts they amended), rank lower."""
    return entry.status not in status.NOT_IN_FORCE and entry.status != status.AMENDING


def local_elsewhere(entry: Entry, named: set[str]) -> bool:
    """A local regulation of a region the question does not name."""
    return entry.level == "地方性法规" and not any(r in entry.title for r in named)


def regions_named(question: str) -> set[str]:
    return {region for region, words in REGIONS.items() if any(w in question for w in words)}


def fuse(
    index: ArticleIndex, question: str, sig: Signals, weights: Weights, limit: int = DEPTH
) -> list[Ranked]:
    lists = {name: ranks_of(getattr(sig, name)) for name in LISTS if weights.of(name) > 0}
    total: dict[int, float] = {}
    for name, ranks in lists.items():
        w = weights.of(name)
        for i, r in ranks.items():
            total[i] = total.get(i, 0.0) + w / (weights.k + r)
    named = regions_named(question)
    for i in total:
        entry = index.entries[i]
        if not in_force(entry):
            total[i] *= weights.not_in_force
        if local_elsewhere(entry, named):
            total[i] *= weights.local
    ranked = sorted(total.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
    return [
        Ranked(
            i,
            s,
            _paragraph(i, sig, lists, weights),
            {name: ranks[i] for name, ranks in lists.items() if i in ranks},
        )
        for i, s in ranked
    ]


def _paragraph(
    i: int, sig: Signals, lists: dict[str, dict[int, int]], weights: Weights
) -> int | None:
    """The paragraph behind the stronger of the two paragraph lists for this article."""
    lexical = weights.bm25_passage / (weights.k + lists.get("bm25_passage", {}).get(i, 10**6))
    semantic = weights.sem_passage / (weights.k + lists.get("sem_passage", {}).get(i, 10**6))
    if semantic > lexical and i in sig.semantic_paragraph:
        return sig.semantic_paragraph[i]
    return sig.lexical_paragraph.get(i) or sig.semantic_paragraph.get(i)


def rank(
    index: ArticleIndex,
    question: str,
    vectors: tuple[np.ndarray, np.ndarray] | None,
    query_vector: np.ndarray | None,
    allowed: set[int] | None = None,
    weights: Weights = SHIPPED,
    limit: int = DEPTH,
    model: np.ndarray | None = None,
) -> list[Ranked]:
    """The articles best first: fused, then the top ``CANDIDATES`` re-ranked by the learned
    model (the shipped one in hybrid mode; none when ``model`` is None and weights differ)."""
    sig = signals(index, question, vectors, query_vector, allowed, weights)
    if model is None and weights == SHIPPED:
        model = shipped_model()
    fused = fuse(index, question, sig, weights, max(limit, CANDIDATES))
    if model is None or not fused:
        return fused[:limit]
    return rerank_fused(index, question, sig, fused, model)[:limit]


def rerank_fused(
    index: ArticleIndex, question: str, sig: Signals, fused: list[Ranked], model: np.ndarray
) -> list[Ranked]:
    head, tail = fused[:CANDIDATES], fused[CANDIDATES:]
    x = candidate_features(index, question, sig, head)
    learned = logistic.logits(x, model)
    order = sorted(range(len(head)), key=lambda j: (-learned[j], j))
    return [replace(head[j], score=float(learned[j])) for j in order] + tail


def candidate_features(
    index: ArticleIndex, question: str, sig: Signals, head: list[Ranked]
) -> np.ndarray:
    named = regions_named(question)
    ids = [r.entry for r in head]
    entries = [index.entries[i] for i in ids]
    return rerank.features(
        index,
        question,
        sig,
        {r.entry: r.score for r in head},
        {name: ranks_of(getattr(sig, name)) for name in LISTS},
        ids,
        [in_force(e) for e in entries],
        [local_elsewhere(e, named) for e in entries],
    )


def shipped_model() -> np.ndarray | None:
    coefficients = rerank_model.COEFFICIENTS
    if not coefficients:
        return None
    return np.array([coefficients["bias"], *(coefficients[f] for f in rerank.FEATURES)])
