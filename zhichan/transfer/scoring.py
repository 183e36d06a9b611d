"""Matching pool patents and enterprises from several signals, each one explainable.

Pure (no database). A :class:`Corpus` holds the pool patents as l2-normalised TF-IDF rows over
the search domain's analyser terms (Chinese character pairs and stemmed words; terms in more
than ``max_df`` (10%) of the patents are dropped as carrying no topic), their strategic-emerging-
industry categories, regions and tiers, and optionally semantic vectors. A seeker (a need or
an enterprise profile) is scored against every patent, in blocks, as

    score = w_text·cos(tfidf) + w_semantic·cos(vectors) + w_industry·[shares an industry]
          + w_own·max cos(own patent, patent) + w_region·[same province] + w_tier·tier bonus

and the explanation of a pair lists each signal's value, weight and contribution, the words
the texts share (whole words, no function characters) and the patent's sentence closest to the
need in meaning (or, without vectors, the one sharing most words).

Candidates come from both retrievers: a pair counts when it shares a term, an industry or an
own-patent term, or when the patent is among the seeker's ``SEMANTIC_CANDIDATES`` nearest by
meaning — so no rule can exclude the best semantic match (a need in everyday words often
shares no term with the patent that answers it).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse

from zhichan.fulltext import analysis

Analyse = Callable[[str], list[str]]
TIER_BONUS = {"A": 1.0, "B": 0.6, "C": 0.3}
SIGNALS = ("text", "semantic", "industry", "own", "region", "tier")
#: Signals that show the two sides are about the same thing (see ``Corpus.score``).
EVIDENCE = frozenset({"text", "industry", "own"})
#: Each seeker's nearest patents by meaning that count as candidates without a shared term.
SEMANTIC_CANDIDATES = 50
#: A need's text signal is computed with the keyphrases of its nearest patents by meaning
#: added (lay words → the technical words patents use); chosen by cross-validation in
#: benchmarks/transfer_lay.py. 0 turns it off.
EXPAND = 0
#: Characters that make a "shared word" a fragment of grammar rather than a topic (的, 在, 和,
#: 想 …): a shown word containing one is dropped.
FUNCTION_CHARS = frozenset(
    "的地得了着在和与及或把被让给是这那些个们吗呢吧啊呀也都就还又很想我你他她它而并且但其之"
)
LABELS = {
    "text": "文本相似度（TF-IDF 余弦）",
    "semantic": "语义相似度（向量余弦）",
    "industry": "产业匹配（战略性新兴产业分类）",
    "own": "与企业自有专利的相似度",
    "region": "同一省份",
    "tier": "资源库分层",
}


@dataclass(frozen=True, slots=True)
class Weights:
    text: float = 1.0
    semantic: float = 0.0
    industry: float = 0.0
    own: float = 0.0
    region: float = 0.0
    tier: float = 0.0

    def of(self, name: str) -> float:
        value: float = getattr(self, name)
        return value


@dataclass(frozen=True, slots=True)
class Doc:
    key: int
    text: str
    industries: frozenset[str] = frozenset()
    region: str | None = None
    tier: str | None = None
    keywords: tuple[str, ...] = ()  # the patent's own keyphrases (its title when none)


@dataclass(frozen=True, slots=True)
class Seeker:
    text: str
    industries: frozenset[str] = frozenset()
    region: str | None = None
    own_texts: tuple[str, ...] = ()


def terms(analyse: Analyse, text: str) -> list[str]:
    """Topic terms: character pairs and words; single Han characters carry too little."""
    return [t for t in analyse(text) if len(t) > 1 or t.isascii()]


@dataclass
class Vocabulary:
    index: dict[str, int]
    idf: np.ndarray

    def encode(self, analyse: Analyse, texts: Sequence[str]) -> sparse.csr_matrix:
        """Rows of l2-normalised sublinear TF-IDF; terms outside the vocabulary are ignored."""
        return self.encode_terms([terms(analyse, t) for t in texts])

    def encode_terms(self, term_lists: Sequence[list[str]]) -> sparse.csr_matrix:
        rows, cols, vals = [], [], []
        for r, found in enumerate(term_lists):
            counts = Counter(t for t in found if t in self.index)
            for t, n in counts.items():
                c = self.index[t]
                rows.append(r)
                cols.append(c)
                vals.append((1.0 + math.log(n)) * self.idf[c])
        m = sparse.csr_matrix(
            (np.asarray(vals, dtype=np.float32), (rows, cols)),
            shape=(len(term_lists), len(self.index)),
        )
        norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        return sparse.csr_matrix(sparse.diags(1.0 / norms) @ m, dtype=np.float32)


def build_vocabulary(term_lists: Sequence[list[str]], max_df: float = 0.1) -> Vocabulary:
    """Terms in at most ``max_df`` of the documents (0.1: the development needs score the same
    as at 0.2 with a third fewer shared terms to multiply, see docs/transfer.md)."""
    df: Counter[str] = Counter()
    for found in term_lists:
        df.update(set(found))
    n = max(len(term_lists), 1)
    kept = sorted(t for t, d in df.items() if d / n <= max_df)
    idf = np.array([math.log((1 + n) / (1 + df[t])) + 1.0 for t in kept], dtype=np.float32)
    return Vocabulary({t: i for i, t in enumerate(kept)}, idf)


@dataclass
class Corpus:
    docs: list[Doc]
    vocabulary: Vocabulary
    matrix: sparse.csr_matrix
    analyse: Analyse
    industries: list[str]
    industry_onehot: np.ndarray
    regions: np.ndarray  # int code per doc; -1 = unknown
    region_codes: dict[str, int]
    tier_bonus: np.ndarray
    vectors: np.ndarray | None = None
    reverse: dict[str, int] = field(default_factory=dict)

    @classmethod
    def build(
        cls,
        docs: list[Doc],
        analyse: Analyse,
        *,
        vectors: np.ndarray | None = None,
        max_df: float = 0.1,
    ) -> Corpus:
        term_lists = [terms(analyse, d.text) for d in docs]
        vocabulary = build_vocabulary(term_lists, max_df)
        industries = sorted({i for d in docs for i in d.industries})
        onehot = np.zeros((len(docs), len(industries)), dtype=np.float32)
        col = {c: j for j, c in enumerate(industries)}
        region_codes = {r: j for j, r in enumerate(sorted({d.region for d in docs if d.region}))}
        for r, d in enumerate(docs):
            for i in d.industries:
                onehot[r, col[i]] = 1.0
        return cls(
            docs=docs,
            vocabulary=vocabulary,
            matrix=vocabulary.encode_terms(term_lists),
            analyse=analyse,
            industries=industries,
            industry_onehot=onehot,
            regions=np.array([region_codes.get(d.region or "", -1) for d in docs], np.int32),
            region_codes=region_codes,
            tier_bonus=np.array([TIER_BONUS.get(d.tier or "", 0.0) for d in docs], np.float32),
            vectors=vectors,
            reverse={str(d.key): r for r, d in enumerate(docs)},
        )

    def expanded(
        self, seekers: Sequence[Seeker], query_vectors: np.ndarray | None, expand: int
    ) -> list[str]:
        """Each seeker's text, with the keyphrases of its ``expand`` nearest patents by meaning
        appended when there are vectors."""
        texts = [s.text for s in seekers]
        if not expand or self.vectors is None or query_vectors is None:
            return texts
        sims = query_vectors @ self.vectors.T
        near = np.argsort(-sims, axis=1, kind="stable")[:, :expand]
        out = []
        for text, row in zip(texts, near, strict=True):
            words = [w for j in row for w in self.docs[int(j)].keywords]
            out.append(text + "。" + "、".join(dict.fromkeys(words)) if words else text)
        return out

    def rows(self, lo: int, hi: int) -> Corpus:
        """The docs ``lo`` to ``hi`` as a corpus of their own, with this corpus's vocabulary,
        term weights and codes, so a pair scores the same in the block as in the whole."""
        docs = self.docs[lo:hi]
        return Corpus(
            docs=docs,
            vocabulary=self.vocabulary,
            matrix=self.matrix[lo:hi],
            analyse=self.analyse,
            industries=self.industries,
            industry_onehot=self.industry_onehot[lo:hi],
            regions=self.regions[lo:hi],
            region_codes=self.region_codes,
            tier_bonus=self.tier_bonus[lo:hi],
            vectors=None if self.vectors is None else self.vectors[lo:hi],
            reverse={str(d.key): r for r, d in enumerate(docs)},
        )

    def semantic_top(self, query_vectors: np.ndarray, n: int, block: int = 256) -> np.ndarray:
        """Per query row, its ``n`` largest semantic similarities here (−inf past the number
        of docs), computed in the same row blocks as ``both_ways`` so the values are the very
        ones the scores will use."""
        out = np.full((len(query_vectors), n), -np.inf, dtype=np.float32)
        if self.vectors is None or not len(self.docs) or n <= 0:
            return out
        for start in range(0, len(query_vectors), block):
            sims = np.clip(query_vectors[start : start + block] @ self.vectors.T, 0, 1)
            sims = sims.astype(np.float32)
            m = min(n, sims.shape[1])
            top = -np.sort(-np.partition(sims, sims.shape[1] - m, axis=1)[:, -m:], axis=1)
            out[start : start + len(sims), :m] = top
        return out

    def components(
        self,
        seekers: Sequence[Seeker],
        query_vectors: np.ndarray | None = None,
        only: frozenset[str] = frozenset(SIGNALS),
        expand: int = 0,
    ) -> dict[str, np.ndarray]:
        """The signals in ``only``, each a dense (seekers × docs) array in [0, 1]."""
        out: dict[str, np.ndarray] = {}
        if "text" in only:
            texts = self.expanded(seekers, query_vectors, expand)
            q = self.vocabulary.encode(self.analyse, texts)
            out["text"] = np.asarray((q @ self.matrix.T).todense(), dtype=np.float32)
        if "semantic" in only and self.vectors is not None and query_vectors is not None:
            out["semantic"] = np.clip(query_vectors @ self.vectors.T, 0, 1).astype(np.float32)
        if "industry" in only:
            out["industry"] = self._industry(seekers)
        if "own" in only:
            out["own"] = self._own(seekers)
        if "region" in only:
            wanted = np.array([self.region_codes.get(s.region or "", -2) for s in seekers])
            out["region"] = (wanted[:, None] == self.regions[None, :]).astype(np.float32)
        if "tier" in only:
            out["tier"] = np.broadcast_to(self.tier_bonus, (len(seekers), len(self.docs)))
        return out

    def wanted_industries(self, seekers: Sequence[Seeker]) -> np.ndarray:
        """(seekers × this corpus's industries), 1 where a seeker names the industry."""
        wanted = np.zeros((len(seekers), len(self.industries)), dtype=np.float32)
        col = {c: j for j, c in enumerate(self.industries)}
        for r, s in enumerate(seekers):
            for i in s.industries:
                if i in col:
                    wanted[r, col[i]] = 1.0
        return wanted

    def _industry(self, seekers: Sequence[Seeker]) -> np.ndarray:
        return np.minimum(self.wanted_industries(seekers) @ self.industry_onehot.T, 1.0)

    def _own(self, seekers: Sequence[Seeker]) -> np.ndarray:
        out = np.zeros((len(seekers), len(self.docs)), dtype=np.float32)
        owners = [(r, t) for r, s in enumerate(seekers) for t in s.own_texts]
        if not owners:
            return out
        sims = np.asarray(
            (
                self.vocabulary.encode(self.analyse, [t for _r, t in owners]) @ self.matrix.T
            ).todense(),
            dtype=np.float32,
        )
        for k, (r, _t) in enumerate(owners):
            np.maximum(out[r], sims[k], out=out[r])
        return out

    def score(
        self,
        seekers: Sequence[Seeker],
        weights: Weights,
        query_vectors: np.ndarray | None = None,
        expand: int = 0,
        semantic_floor: np.ndarray | None = None,
    ) -> np.ndarray:
        """The weighted sum of the signals; a pair with no topical evidence (no shared term,
        industry or own-patent term) scores 0, so province, tier or a uniformly high vector
        cosine alone never make a match. ``semantic_floor`` (per seeker) is the similarity of
        its ``SEMANTIC_CANDIDATES``-th nearest patent when this corpus is one block of a
        larger pool (the block alone cannot know it)."""
        used = frozenset(n for n in SIGNALS if weights.of(n))
        q = self.vocabulary.encode(self.analyse, self.expanded(seekers, query_vectors, expand))
        total = (q @ self.matrix.T).toarray().astype(np.float32, copy=False)
        evidence = total > 0
        total *= weights.text
        # In SIGNALS order, not the set's: a set of strings iterates in an order that changes
        # with each process's hash seed, and float sums in another order differ in the last bit.
        for name in (n for n in SIGNALS if n in used and n not in ("text", "tier")):
            part = self.components(seekers, query_vectors, frozenset({name})).get(name)
            if part is not None:
                if name in EVIDENCE:
                    evidence |= part > 0
                if name == "semantic":
                    floor = semantic_floor
                    if floor is None:
                        floor = nth_largest(part, SEMANTIC_CANDIDATES)
                    # A tie at the floor counts for all it ties; a similarity of 0 is no evidence
                    evidence |= (part >= floor[:, None]) & (part > 0)
                part *= weights.of(name)
                total += part
        if "tier" in used:
            total += weights.tier * self.tier_bonus
        total[~evidence] = 0.0
        return total


@dataclass(frozen=True, slots=True)
class Pairs:
    """Chosen (seeker, doc) pairs of a block of seekers, in parallel arrays, and each signal's
    value for each pair — what :meth:`Corpus.score` computes for every pair, for these only."""

    seekers: np.ndarray
    docs: np.ndarray
    parts: dict[str, np.ndarray]


def pair_signals(
    corpus: Corpus,
    seekers: Sequence[Seeker],
    texts: sparse.csr_matrix,
    rows: np.ndarray,
    docs: np.ndarray,
    weights: Weights,
    query_vectors: np.ndarray | None = None,
) -> Pairs:
    """The text signal and every weighted signal of the pairs (``seekers[rows[i]]``,
    ``docs[i]``; ``rows`` ascending), each as :meth:`Corpus.components` defines it (row by row
    instead of as a matrix product: equal up to the rounding of the sums). ``texts`` are the
    seekers' texts encoded by the corpus's vocabulary."""
    c = corpus
    parts: dict[str, np.ndarray] = {}
    parts["text"] = _rowwise(texts[rows], c.matrix[docs])
    used = [n for n in SIGNALS if weights.of(n) and n not in ("text", "tier")]
    if "semantic" in used and c.vectors is not None and query_vectors is not None:
        sims = np.einsum("ij,ij->i", query_vectors[rows], c.vectors[docs])
        parts["semantic"] = np.clip(sims, 0, 1).astype(np.float32)
    if "industry" in used:
        wanted = c.wanted_industries(seekers)
        shared = np.einsum("ij,ij->i", wanted[rows], c.industry_onehot[docs])
        parts["industry"] = np.minimum(shared, 1.0).astype(np.float32)
    if "own" in used:
        parts["own"] = _own_pairs(c, seekers, rows, docs)
    if "region" in used:
        codes = np.array([c.region_codes.get(s.region or "", -2) for s in seekers])
        parts["region"] = (codes[rows] == c.regions[docs]).astype(np.float32)
    if weights.tier:
        parts["tier"] = c.tier_bonus[docs]
    return Pairs(rows, docs, parts)


def _rowwise(a: sparse.csr_matrix, b: sparse.csr_matrix) -> np.ndarray:
    return np.asarray(a.multiply(b).sum(axis=1), dtype=np.float32).ravel()


def _own_pairs(
    c: Corpus, seekers: Sequence[Seeker], rows: np.ndarray, docs: np.ndarray
) -> np.ndarray:
    out = np.zeros(len(rows), dtype=np.float32)
    owners = [(r, t) for r, s in enumerate(seekers) for t in s.own_texts]
    if not owners:
        return out
    q = c.vocabulary.encode(c.analyse, [t for _r, t in owners])
    for k, (r, _t) in enumerate(owners):
        lo, hi = np.searchsorted(rows, [r, r + 1])
        if hi > lo:
            sims = np.asarray((c.matrix[docs[lo:hi]] @ q[k].T).todense(), dtype=np.float32)
            np.maximum(out[lo:hi], sims.ravel(), out=out[lo:hi])
    return out


def pair_scores(pairs: Pairs, weights: Weights, semantic_floor: np.ndarray) -> np.ndarray:
    """The pairs' scores as :meth:`Corpus.score` adds them (the same signals in the same
    order, the same evidence rule; ``semantic_floor`` per seeker row)."""
    parts = pairs.parts
    evidence = parts["text"] > 0
    total: np.ndarray = parts["text"] * np.float32(weights.text)
    for name in (n for n in SIGNALS if n in parts and n not in ("text", "tier")):
        part = parts[name]
        if name in EVIDENCE:
            evidence |= part > 0
        if name == "semantic":
            evidence |= (part >= semantic_floor[pairs.seekers]) & (part > 0)
        total = total + part * np.float32(weights.of(name))
    if "tier" in parts:
        total = total + np.float32(weights.tier) * parts["tier"]
    total[~evidence] = 0.0
    return total


def nth_largest(values: np.ndarray, n: int) -> np.ndarray:
    """Per row, the ``n``-th largest value: −inf when a row has ``n`` values or fewer (all are
    among the ``n`` largest), +inf when ``n`` is 0."""
    rows, m = values.shape
    if n <= 0:
        return np.full(rows, np.inf, dtype=values.dtype)
    if n >= m:
        return np.full(rows, -np.inf, dtype=values.dtype)
    return np.partition(values, m - n, axis=1)[:, m - n]


def top_k(scores: np.ndarray, k: int, exclude: Sequence[set[int]] = ()) -> list[list[int]]:
    """Per row, the column indices of the ``k`` best scores (ties by index), best first;
    columns in ``exclude[row]`` and zero scores are left out."""
    out: list[list[int]] = []
    for r in range(scores.shape[0]):
        row = scores[r].copy()
        if exclude and exclude[r]:
            row[list(exclude[r])] = -np.inf
        k_eff = min(k, row.size)
        if k_eff == 0:
            out.append([])
            continue
        cand = np.argpartition(-row, k_eff - 1)[:k_eff]
        cand = cand[np.lexsort((cand, -row[cand]))]
        out.append([int(c) for c in cand if row[c] > 0])
    return out


@dataclass(frozen=True, slots=True)
class Signal:
    name: str
    label: str
    value: float
    weight: float
    contribution: float


@dataclass(frozen=True, slots=True)
class Explanation:
    score: float
    signals: list[Signal]
    terms: list[str]
    passage: str
    industries: list[str]


_SENTENCE = re.compile(r"[^。；;！？!?\n]+[。；;！？!?]?")


SentenceScorer = Callable[[list[str]], np.ndarray]


def explain(
    corpus: Corpus,
    seeker: Seeker,
    doc_index: int,
    weights: Weights,
    query_vector: np.ndarray | None = None,
    closeness: SentenceScorer | None = None,
    expand: int = 0,
) -> Explanation:
    """Why ``seeker`` meets patent ``doc_index``: every signal, the shared words (by their
    weight in both texts) and the patent's sentence closest to the need — by ``closeness``
    (similarity in meaning of each sentence to the need) when given, else by shared words."""
    qv = None if query_vector is None else query_vector.reshape(1, -1)
    parts = corpus.components([seeker], qv, expand=expand)
    signals = [
        Signal(n, LABELS[n], float(v[0, doc_index]), weights.of(n),
               weights.of(n) * float(v[0, doc_index]))
        for n, v in parts.items()
    ]  # fmt: skip
    q = corpus.vocabulary.encode(corpus.analyse, [seeker.text])
    d = corpus.matrix[doc_index]
    shared = q.multiply(d).tocoo()
    inverse = {i: t for t, i in corpus.vocabulary.index.items()}
    order = np.argsort(-shared.data)[:12]
    pairs = [inverse[int(shared.col[i])] for i in order]
    text = corpus.docs[doc_index].text
    words = shared_words(seeker.text, text, pairs)
    return Explanation(
        score=sum(s.contribution for s in signals),
        signals=signals,
        terms=words,
        passage=passage(text, words or pairs, closeness),
        industries=sorted(seeker.industries & corpus.docs[doc_index].industries),
    )


_RUN = re.compile(r"[\u4e00-\u9fff]+|[A-Za-z][A-Za-z0-9-]+")


def _words_of(text: str) -> list[str]:
    out: list[str] = []
    for run in _RUN.findall(text):
        out.extend(analysis.words(run) if "\u4e00" <= run[0] <= "\u9fff" else [run.lower()])
    return out


def shared_words(need: str, patent: str, pairs: list[str], most: int = 12) -> list[str]:
    """The words (jieba's) both texts use as whole words and that carry the shared index
    terms — what a person calls a shared word. The index's character pairs are not shown (机肥
    and 成有 are pieces of 有机肥 and 合成有机物); neither is a word with a function character
    (的, 在, 想 …) nor one the patent only has inside a longer word (防腐 in 防腐剂 is a
    preservative, not anti-corrosion: not evidence)."""
    theirs = set(_words_of(patent))
    found = [
        w
        for w in dict.fromkeys(_words_of(need))
        if len(w) >= 2 and w in theirs and not FUNCTION_CHARS & set(w) and not w.isdigit()
    ]
    carried = [w for w in found if any(p in w or w in p for p in pairs)]
    return (carried or found)[:most]


MEANING_SENTENCES = 6
#: Sentences that are figure references or lists of reference numerals, not prose.
_NOISE = re.compile(r"图\s*\d|附图标记|\d+\s*[、，,]\s*\d+|[（(]\s*\d+\s*[）)]")


def clean_sentences(text: str) -> list[str]:
    """The patent's prose sentences: at least 8 characters, mostly Han, no figure references."""
    out = []
    for sentence in _SENTENCE.findall(text):
        s = sentence.strip()
        han = sum(1 for c in s if "\u4e00" <= c <= "\u9fff")
        if len(s) >= 8 and han >= 0.6 * len(s) and not _NOISE.search(s):
            out.append(s)
    return out


def passage(text: str, words: list[str], closeness: SentenceScorer | None = None) -> str:
    """The sentence closest to the need in meaning (``closeness``), else the one sharing most
    words; clean prose only, at most 300 characters."""
    sentences = clean_sentences(text)[:40]
    if not sentences:
        return ""
    if closeness is not None:
        # Title and abstract come first in the text: their sentences say what the patent does
        # (and embedding six per match keeps a page of ten under two seconds the first time).
        head = sentences[:MEANING_SENTENCES]
        return head[int(np.argmax(closeness(head)))][:300]
    best, hits = "", 0
    for s in sentences:
        n = sum(1 for w in words if w in s)
        if n > hits:
            best, hits = s, n
    return best[:300]


def both_ways(
    corpus: Corpus,
    seekers: Sequence[Seeker],
    weights: Weights,
    k: int,
    *,
    query_vectors: np.ndarray | None = None,
    exclude: Sequence[set[int]] = (),
    block: int = 256,
    progress: Callable[[int, int], None] | None = None,
    semantic_floor: np.ndarray | None = None,
    values_out: list[list[float]] | None = None,
) -> tuple[list[list[int]], np.ndarray, np.ndarray]:
    """Top ``k`` docs of every seeker and top ``k`` seekers of every doc, in one pass over
    blocks of seekers (memory: one block × all docs). Returns (per-seeker doc indices,
    (k × docs) seeker indices, their scores); excluded pairs and zero scores never appear.
    ``values_out``, when given, receives the scores of each seeker's top docs."""
    n = len(corpus.docs)
    best_vals = np.full((k, n), -np.inf, dtype=np.float32)
    best_rows = np.full((k, n), -1, dtype=np.int64)
    seeker_top: list[list[int]] = []
    for start in range(0, len(seekers), block):
        part = seekers[start : start + block]
        qv = None if query_vectors is None else query_vectors[start : start + len(part)]
        floor = None if semantic_floor is None else semantic_floor[start : start + len(part)]
        scores = corpus.score(part, weights, qv, semantic_floor=floor)
        for r, ex in enumerate(exclude[start : start + len(part)] if exclude else ()):
            if ex:
                scores[r, list(ex)] = -np.inf
        tops = top_k(scores, k)
        seeker_top += tops
        if values_out is not None:
            values_out += [[float(scores[r, j]) for j in top] for r, top in enumerate(tops)]
        kk = min(k, len(part))
        rows = np.argpartition(-scores, kk - 1, axis=0)[:kk]
        all_vals = np.concatenate([best_vals, np.take_along_axis(scores, rows, axis=0)])
        all_rows = np.concatenate([best_rows, rows + start])
        keep = np.argpartition(-all_vals, k - 1, axis=0)[:k]
        best_vals = np.take_along_axis(all_vals, keep, axis=0)
        best_rows = np.take_along_axis(all_rows, keep, axis=0)
        if progress:
            progress(start + len(part), len(seekers))
    order = np.argsort(-best_vals, axis=0, kind="stable")
    return (
        seeker_top,
        np.take_along_axis(best_rows, order, 0),
        np.take_along_axis(best_vals, order, 0),
    )
