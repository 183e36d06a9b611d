"""Two-way matching for a national pool: candidates from a vector index, then the explained
re-scoring of those pairs only.

Exhaustive scoring multiplies every enterprise with every patent (704 worker-hours for a
national push, docs/deploy.md). Past ``FROM`` pool patents each enterprise is scored only
against its candidates: its ``NEAREST`` patents by meaning (a usearch HNSW graph over the
pool's vectors), its ``WORDS`` patents sharing most words with it (the sparse TF-IDF product:
its cost follows the words' postings, not the pool's size times the vectors' width), and the
patents that have it among their ``REVERSE`` nearest enterprises (a second graph, over the
enterprises' vectors: a patent's best enterprises need not be among theirs' nearest few
hundred patents). Each candidate pair is scored with every signal as ``scoring`` scores a
pair (``scoring.pair_signals``, ``scoring.pair_scores``: the same signals, weights, order and
evidence rule, row by row), the semantic evidence rule taking its floor from the enterprise's
nearest candidates. So an enterprise costs a few hundred pairs whatever the pool's size.

The price, measured against the exhaustive lists (benchmarks/candidate_recall.py and
tests/jobs/test_batch.py on real patents and vectors, benchmarks/transfer_scale.py on the
generated pilot): a pair that is none of these is
not scored — a patent lifted into a top list only by a shared industry, an own-patent term,
the province or the tier.

The graphs are built in the job's process, single-threaded, so the same vectors give the same
bytes; those bytes go to the workers, which restore them once each (cached by digest), so every
partition searches the very graph the local scheduler would have.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from scipy import sparse

from zhichan.jobs.batch import Batch, OnDone, Progress, stage
from zhichan.transfer import scoring

#: Pools with more patents than this are matched through candidates (a provincial pool is
#: scored exhaustively: exact, and minutes on a few workers).
FROM = 200_000
#: Nearest patents by meaning per enterprise (the evidence rule's SEMANTIC_CANDIDATES among them).
NEAREST = 400
#: Patents sharing most words with the enterprise's text.
WORDS = 200
#: And the other way: each patent's nearest enterprises by meaning (its best enterprises are
#: often not among theirs' nearest few hundred of a national pool).
REVERSE = 100
#: Pool patents per search of the enterprises' graph (one batch task).
REVERSE_PART = 20_000
#: Breadth of the graph search. On the shipped real e5 vectors (8,000 indexed, the other 1,818
#: as queries) the graph finds 99.8 % of each query's 400 nearest and 99.99 % of its 50 nearest
#: (benchmarks/candidate_recall.py).
EXPANSION = 512
#: Vectors inserted between two progress reports while a graph is built.
BUILD_STEP = 20_000
#: Seekers whose candidate pairs are scored together (memory: a few hundred pairs each).
ROWS = 256


@dataclass(frozen=True, slots=True)
class Graph:
    """The pool's vectors as a serialised HNSW graph (cosine, half precision)."""

    digest: str
    data: bytes


def build(vectors: np.ndarray, on_done: OnDone | None = None) -> Graph:
    """The graph of ``vectors`` (keys: their row numbers), reporting ``on_done(done, total)``
    after every ``BUILD_STEP`` vectors inserted (a national graph takes about an hour)."""
    from usearch.index import Index

    index = Index(ndim=vectors.shape[1], metric="cos", dtype="f16")
    # One thread, in row order: a parallel build inserts in a racing order and the graph would
    # differ from run to run; steps in order insert exactly as one call would.
    for lo in range(0, len(vectors), BUILD_STEP):
        hi = min(lo + BUILD_STEP, len(vectors))
        index.add(np.arange(lo, hi, dtype=np.uint64), vectors[lo:hi], threads=1)
        if on_done is not None:
            on_done(hi, len(vectors))
    saved = index.save()
    assert saved is not None  # no path: the graph comes back as bytes
    data = bytes(saved)
    return Graph(hashlib.sha256(data).hexdigest(), data)


_RESTORED: dict[str, Any] = {}
_LOCK = threading.Lock()
_SEARCH = threading.Lock()


def _index(graph: Graph) -> Any:
    """This process's copy of the graph (one kept: a push uses one)."""
    from usearch.index import Index

    with _LOCK:
        found = _RESTORED.get(graph.digest)
        if found is None:
            _RESTORED.clear()
            # The search breadth is not saved with the graph: every copy is given the same.
            found = Index.restore(graph.data, expansion_search=EXPANSION)
            assert found is not None
            _RESTORED[graph.digest] = found
        return found


def nearest(graph: Graph, query_vectors: np.ndarray, count: int) -> list[np.ndarray]:
    """Per query, the indices of its ``count`` nearest pool patents by the graph (none for a
    count of 0)."""
    if count <= 0:
        return [np.zeros(0, np.int64) for _ in range(len(query_vectors))]
    # A fresh native array: one unpickled on a worker exposes its buffer in a form
    # usearch refuses ("=f").
    queries = np.array(query_vectors, dtype=np.float32, order="C", copy=True)
    index = _index(graph)
    # One search at a time: the local scheduler's threads share this process's graph, and
    # concurrent searches of one index from several Python threads are not documented as
    # safe (searching is a small part of a partition's time).
    with _SEARCH:
        found = index.search(queries, count, threads=1)
    keys = found.keys.reshape(len(query_vectors), -1)
    counts = np.atleast_1d(found.counts)
    return [keys[r, : counts[r]].astype(np.int64) for r in range(len(query_vectors))]


def by_words(corpus: scoring.Corpus, texts: sparse.csr_matrix, count: int) -> list[np.ndarray]:
    """Per row of ``texts`` (seekers' texts encoded by the pool's vocabulary), the ``count`` pool
    patents with the largest TF-IDF cosine (ties: the lower index), only those sharing a term."""
    t = (texts @ corpus.matrix.T).tocsr()
    out: list[np.ndarray] = []
    for r in range(t.shape[0]):
        lo, hi = t.indptr[r], t.indptr[r + 1]
        cols, vals = t.indices[lo:hi], t.data[lo:hi]
        keep = vals > 0
        cols, vals = cols[keep], vals[keep]
        if len(cols) > count:
            cols = cols[np.lexsort((cols, -vals))[:count]]
        out.append(np.sort(cols).astype(np.int64))
    return out


@dataclass(frozen=True, slots=True)
class Sizes:
    """How many candidates of each kind, read from the module when a push starts and sent with
    its tasks (a worker's module is not the job's)."""

    nearest: int
    words: int
    reverse: int
    reverse_part: int

    @classmethod
    def current(cls) -> Sizes:
        return cls(NEAREST, WORDS, REVERSE, REVERSE_PART)


def reverse_part(
    start: int, *, doc_vectors: np.ndarray, graph: Graph, count: int, sizes: Sizes
) -> tuple[np.ndarray, np.ndarray]:
    """A batch task: (seeker, pool patent) pairs, each of the ``sizes.reverse_part`` patents
    from ``start`` with its ``count`` nearest seekers by the seekers' graph."""
    block = doc_vectors[start : start + sizes.reverse_part]
    near = nearest(graph, block, count)
    # 32-bit: a national pool gives the job process half a billion pairs to sort.
    seekers = np.concatenate(near).astype(np.int32) if near else np.zeros(0, np.int32)
    docs = np.repeat(np.arange(start, start + len(block), dtype=np.int32), [len(x) for x in near])
    return seekers, docs


@dataclass(frozen=True, slots=True)
class Partition:
    start: int
    seekers: Sequence[scoring.Seeker]
    query_vectors: np.ndarray
    exclude: Sequence[set[int]]
    #: Per seeker, the pool patents that have it among their REVERSE nearest seekers.
    wanted_by: Sequence[np.ndarray] = ()


#: (per-seeker pool indices, their scores, the pool columns scored, (k × columns) seeker
#: indices, their scores)
Found = tuple[list[list[int]], list[list[float]], np.ndarray, np.ndarray, np.ndarray]


def partition_tops(
    part: Partition,
    *,
    corpus: scoring.Corpus,
    weights: scoring.Weights,
    k: int,
    graph: Graph,
    sizes: Sizes,
) -> Found:
    """A batch task: one partition's seekers scored against their candidates only, ``ROWS``
    seekers at a time; (per-seeker top ``k``, their scores, the patents paired, each one's
    ``k`` best seekers of the partition and their scores)."""
    n = len(corpus.docs)
    tops: list[list[int]] = []
    values: list[list[float]] = []
    found: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    for lo in range(0, len(part.seekers), ROWS):
        seekers = part.seekers[lo : lo + ROWS]
        qv = part.query_vectors[lo : lo + ROWS]
        texts = corpus.vocabulary.encode(corpus.analyse, [s.text for s in seekers])
        near = nearest(graph, qv, min(sizes.nearest, n))
        words = by_words(corpus, texts, sizes.words)
        wanted = part.wanted_by[lo : lo + ROWS] or [np.zeros(0, np.int64)] * len(near)
        allowed = [
            np.union1d(np.union1d(a, b), c) for a, b, c in zip(near, words, wanted, strict=True)
        ]
        # Pairs grouped by seeker: seeker r's are at bounds[r]:bounds[r + 1].
        bounds = np.concatenate([[0], np.cumsum([len(a) for a in allowed])])
        rows = np.repeat(np.arange(len(allowed)), np.diff(bounds))
        docs = np.concatenate(allowed).astype(np.int64)
        pairs = scoring.pair_signals(corpus, seekers, texts, rows, docs, weights, qv)
        is_near = [np.isin(a, x) for a, x in zip(allowed, near, strict=True)]
        scores = scoring.pair_scores(pairs, weights, _floors(pairs, bounds, is_near))
        for r, ex in enumerate(part.exclude[lo : lo + ROWS] if part.exclude else ()):
            if ex:
                mine = slice(bounds[r], bounds[r + 1])
                scores[mine][np.isin(docs[mine], list(ex))] = 0.0
        keep = scores > 0
        rows, docs, scores = rows[keep], docs[keep], scores[keep]
        tops_b, values_b = _seeker_tops(rows, docs, scores, len(seekers), k)
        tops += tops_b
        values += values_b
        found.append((rows + part.start + lo, docs, scores))
    return (tops, values, *_patent_tops(found, k))


def _floors(pairs: scoring.Pairs, bounds: np.ndarray, is_near: list[np.ndarray]) -> np.ndarray:
    """Per seeker, its SEMANTIC_CANDIDATES-th largest similarity among its nearest patents by
    the graph (the pool-wide floor of the evidence rule, as far as the graph found them),
    from the very pair values the scores use."""
    out = np.full(len(is_near), -np.inf, dtype=np.float32)
    sims = pairs.parts.get("semantic")
    if sims is None:
        return out
    for r, near in enumerate(is_near):
        mine = sims[bounds[r] : bounds[r + 1]][near]
        if len(mine) > scoring.SEMANTIC_CANDIDATES:
            out[r] = np.partition(mine, len(mine) - scoring.SEMANTIC_CANDIDATES)[
                len(mine) - scoring.SEMANTIC_CANDIDATES
            ]
    return out


def _seeker_tops(
    rows: np.ndarray, docs: np.ndarray, scores: np.ndarray, n_seekers: int, k: int
) -> tuple[list[list[int]], list[list[float]]]:
    """Each seeker's ``k`` best patents (equal scores: the lower patent index)."""
    order = np.lexsort((docs, -scores, rows))
    rows, docs, scores = rows[order], docs[order], scores[order]
    rank = np.arange(len(rows)) - np.searchsorted(rows, rows)
    keep = rank < k
    rows, docs, scores = rows[keep], docs[keep], scores[keep]
    bounds = np.searchsorted(rows, np.arange(n_seekers + 1))
    tops = [docs[bounds[r] : bounds[r + 1]].tolist() for r in range(n_seekers)]
    values = [scores[bounds[r] : bounds[r + 1]].tolist() for r in range(n_seekers)]
    return tops, values


def _patent_tops(
    found: list[tuple[np.ndarray, np.ndarray, np.ndarray]], k: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each paired patent's ``k`` best seekers (equal scores: the lower seeker index): the
    patents, and (k × patents) seeker indices and scores (−1 and −inf past the last)."""
    rows = np.concatenate([f[0] for f in found]) if found else np.zeros(0, np.int64)
    docs = np.concatenate([f[1] for f in found]) if found else np.zeros(0, np.int64)
    scores = np.concatenate([f[2] for f in found]) if found else np.zeros(0, np.float32)
    order = np.lexsort((rows, -scores, docs))
    rows, docs, scores = rows[order], docs[order], scores[order]
    cols, first = np.unique(docs, return_index=True)
    rank = np.arange(len(docs)) - np.repeat(first, np.diff(np.append(first, len(docs))))
    keep = rank < k
    at = np.searchsorted(cols, docs[keep])
    out_rows = np.full((k, len(cols)), -1, dtype=np.int64)
    out_vals = np.full((k, len(cols)), -np.inf, dtype=np.float32)
    out_rows[rank[keep], at] = rows[keep]
    out_vals[rank[keep], at] = scores[keep]
    return cols, out_rows, out_vals


def merge(parts: Sequence[Found], n: int, k: int) -> tuple[list[list[int]], np.ndarray, np.ndarray]:
    """The partitions' results as one: per-seeker lists in order, and per patent the ``k`` best
    seekers over all partitions (equal scores: the earlier partition)."""
    best_vals = np.full((k, n), -np.inf, dtype=np.float32)
    best_rows = np.full((k, n), -1, dtype=np.int64)
    for _, _, cols, rows, vals in parts:
        if not len(cols):
            continue
        all_vals = np.concatenate([best_vals[:, cols], vals])
        all_rows = np.concatenate([best_rows[:, cols], rows])
        order = np.argsort(-all_vals, axis=0, kind="stable")[:k]
        best_vals[:, cols] = np.take_along_axis(all_vals, order, 0)
        best_rows[:, cols] = np.take_along_axis(all_rows, order, 0)
    return [top for tops, _, _, _, _ in parts for top in tops], best_rows, best_vals


def _wanted(
    batch: Batch,
    doc_vectors: np.ndarray,
    parts: Sequence[Partition],
    sizes: Sizes,
    progress: Progress | None,
) -> list[Partition]:
    """The partitions with each seeker's ``wanted_by``: the seekers' graph searched with the
    pool's vectors, block by block where ``batch`` runs them."""
    seeker_vectors = np.concatenate([p.query_vectors for p in parts])
    graph = build(seeker_vectors, stage(progress, "建立企业的语义近邻图"))
    count = min(sizes.reverse, len(seeker_vectors))
    pairs = batch.map(
        reverse_part,
        list(range(0, len(doc_vectors), sizes.reverse_part)),
        shared={"doc_vectors": doc_vectors, "graph": graph, "count": count, "sizes": sizes},
        on_done=stage(progress, "查找每件专利的近邻企业"),
    )
    seekers = np.concatenate([s for s, _ in pairs])
    docs = np.concatenate([d for _, d in pairs])
    order = np.lexsort((docs, seekers))
    seekers, docs = seekers[order], docs[order]
    bounds = np.searchsorted(seekers, np.arange(len(seeker_vectors) + 1))
    out = []
    for p in parts:
        rows = range(p.start, p.start + len(p.seekers))
        out.append(replace(p, wanted_by=[docs[bounds[r] : bounds[r + 1]] for r in rows]))
    return out


def both_ways(
    batch: Batch,
    corpus: scoring.Corpus,
    parts: Sequence[Partition],
    weights: scoring.Weights,
    k: int,
    on_done: OnDone | None = None,
    progress: Progress | None = None,
) -> tuple[list[list[int]], np.ndarray, np.ndarray]:
    """``blocks.both_ways`` for a pool past ``FROM``: the graphs built here, the partitions
    scored against their candidates where ``batch`` runs them; ``progress(stage, done,
    total)`` follows the graphs' building and the reverse search, ``on_done`` the scoring."""
    assert corpus.vectors is not None
    sizes = Sizes.current()
    graph = build(corpus.vectors, stage(progress, "建立专利的语义近邻图"))
    parts = _wanted(batch, corpus.vectors, parts, sizes, progress)
    shared = {"corpus": corpus, "weights": weights, "k": k, "graph": graph, "sizes": sizes}
    found = batch.map(partition_tops, parts, shared=shared, on_done=on_done)
    return merge(found, len(corpus.docs), k)
