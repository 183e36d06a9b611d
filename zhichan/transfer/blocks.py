"""Two-way matching as a batch: enterprises cut into partitions of ``PART`` and, past
``POOL_PART`` patents, the pool cut into blocks too, so that a worker holds one block's corpus
at a time and a national pool is a sum of small problems.

With one pool block each enterprise partition is scored against the whole pool by
``scoring.both_ways`` where the batch engine runs. With several, two passes: each partition's
seekers learn, block by block, their ``SEMANTIC_CANDIDATES`` largest similarities — the
semantic evidence rule needs the pool-wide ``n``-th nearest, which no block knows alone — then
every (partition, block) pair is scored with that floor. A seeker's top list is merged over the
blocks by score (equal scores: the lower patent index), a patent's over the partitions (equal
scores: the earlier partition). A block keeps the whole pool's vocabulary and term weights, so a
pair scores as in the whole pool up to the last bit (BLAS sums a block's products in its own
order, so a near-tie can swap). The partitions and blocks are constants, never chosen by the
scheduler: wherever the work runs, on however many workers, the pairs and scores are the same.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from zhichan.jobs.batch import Batch, OnDone, Progress
from zhichan.transfer import candidates, scoring

#: Enterprises per partition: a few seconds of scoring against a provincial pool.
PART = 2048
#: Pool patents per block: a worker scoring one block peaks near 2.5 GB (measured 753 MB at
#: 20,000 and 1.6 GB at 59,000: about 22 MB per thousand patents, corpus and score rows).
POOL_PART = 100_000


@dataclass(frozen=True, slots=True)
class Block:
    start: int
    seekers: Sequence[scoring.Seeker]
    query_vectors: np.ndarray | None
    exclude: Sequence[set[int]]
    #: Per seeker, the similarity of its pool-wide SEMANTIC_CANDIDATES-th nearest patent.
    floor: np.ndarray | None = None


#: (per-seeker doc indices, their scores, (k × docs) seeker indices, their scores)
Tops = tuple[list[list[int]], list[list[float]], np.ndarray, np.ndarray]


def block_tops(block: Block, *, corpus: scoring.Corpus, weights: scoring.Weights, k: int) -> Tops:
    """A batch task: one partition's top ``k`` both ways against ``corpus``, its rows numbered
    in the whole list of seekers."""
    values: list[list[float]] = []
    tops, rows, vals = scoring.both_ways(
        corpus,
        block.seekers,
        weights,
        k,
        query_vectors=block.query_vectors,
        exclude=block.exclude,
        semantic_floor=block.floor,
        values_out=values,
    )
    return tops, values, np.where(rows >= 0, rows + block.start, -1), vals


def semantic_tops(block: Block, *, corpus: scoring.Corpus) -> np.ndarray:
    """A batch task: the partition's seekers' largest similarities to one pool block."""
    assert block.query_vectors is not None
    return corpus.semantic_top(block.query_vectors, scoring.SEMANTIC_CANDIDATES)


def merge(parts: Sequence[Tops], k: int) -> Tops:
    """The partitions' results against one corpus as one: per-seeker lists in order, and per
    patent the ``k`` best seekers over all partitions (equal scores: the earlier partition)."""
    seeker_top = [top for tops, _, _, _ in parts for top in tops]
    seeker_vals = [v for _, values, _, _ in parts for v in values]
    rows = np.concatenate([r for _, _, r, _ in parts])
    vals = np.concatenate([v for _, _, _, v in parts])
    order = np.argsort(-vals, axis=0, kind="stable")[:k]
    return (
        seeker_top,
        seeker_vals,
        np.take_along_axis(rows, order, 0),
        np.take_along_axis(vals, order, 0),
    )


def join_blocks(results: Sequence[tuple[int, Tops]], k: int) -> Tops:
    """Results against consecutive pool blocks (each with its first patent's index) as one:
    a seeker's ``k`` best over the blocks (equal scores: the lower patent index); the
    patents' columns side by side."""
    n_seekers = len(results[0][1][0])
    seeker_top: list[list[int]] = []
    seeker_vals: list[list[float]] = []
    for r in range(n_seekers):
        found = [
            (v, lo + j)
            for lo, (tops, values, _, _) in results
            for j, v in zip(tops[r], values[r], strict=True)
        ]
        found.sort(key=lambda x: (-x[0], x[1]))
        seeker_top.append([j for _, j in found[:k]])
        seeker_vals.append([v for v, _ in found[:k]])
    rows = np.concatenate([t[2] for _, t in results], axis=1)
    vals = np.concatenate([t[3] for _, t in results], axis=1)
    return seeker_top, seeker_vals, rows, vals


def _within(exclude: Sequence[set[int]], lo: int, hi: int) -> list[set[int]]:
    """Excluded patent indices of the pool, as indices of the block ``lo``–``hi``."""
    return [{j - lo for j in ex if lo <= j < hi} for ex in exclude]


class _Steps:
    """One progress count over several batches."""

    def __init__(self, on_done: OnDone | None, total: int) -> None:
        self.on_done, self.total, self.done = on_done, total, 0

    def __call__(self, _done: int, _total: int) -> None:
        self.done += 1
        if self.on_done is not None:
            self.on_done(self.done, self.total)


def both_ways(
    batch: Batch,
    corpus: scoring.Corpus,
    seekers: Sequence[scoring.Seeker],
    weights: scoring.Weights,
    k: int,
    *,
    query_vectors: np.ndarray | None = None,
    exclude: Sequence[set[int]] = (),
    on_done: OnDone | None = None,
    progress: Progress | None = None,
) -> tuple[list[list[int]], np.ndarray, np.ndarray]:
    """``scoring.both_ways`` over partitions of the seekers and blocks of the pool, run by
    ``batch``: (per-seeker doc indices, (k × docs) seeker indices, their scores). ``on_done``
    follows the scoring's partitions, ``progress(stage, done, total)`` the stages before it
    that candidates add."""
    if not seekers:
        return scoring.both_ways(corpus, seekers, weights, k)
    n = len(corpus.docs)
    if n > candidates.FROM and query_vectors is not None and corpus.vectors is not None:
        wide = [
            candidates.Partition(
                start,
                seekers[start : start + PART],
                query_vectors[start : start + PART],
                exclude[start : start + PART] if exclude else (),
            )
            for start in range(0, len(seekers), PART)
        ]
        return candidates.both_ways(batch, corpus, wide, weights, k, on_done, progress)
    blocks = [
        Block(
            start,
            seekers[start : start + PART],
            None if query_vectors is None else query_vectors[start : start + PART],
            exclude[start : start + PART] if exclude else (),
        )
        for start in range(0, len(seekers), PART)
    ]
    pool = [(lo, corpus.rows(lo, min(lo + POOL_PART, n))) for lo in range(0, n, POOL_PART)]
    semantic = len(pool) > 1 and query_vectors is not None and corpus.vectors is not None
    steps = _Steps(on_done, len(blocks) * len(pool) * (2 if semantic and weights.semantic else 1))
    if len(pool) <= 1:
        parts = batch.map(
            block_tops, blocks, shared={"corpus": corpus, "weights": weights, "k": k}, on_done=steps
        )
        tops, _, rows, vals = merge(parts, k)
        return tops, rows, vals
    if semantic and weights.semantic:
        near = [
            batch.map(semantic_tops, blocks, shared={"corpus": sub}, on_done=steps)
            for _, sub in pool
        ]
        floors = [
            scoring.nth_largest(
                np.concatenate([per_block[i] for per_block in near], axis=1),
                scoring.SEMANTIC_CANDIDATES,
            )
            for i in range(len(blocks))
        ]
        blocks = [replace(b, floor=f) for b, f in zip(blocks, floors, strict=True)]
    results = []
    for lo, sub in pool:
        hi = lo + len(sub.docs)
        local = [replace(b, exclude=_within(b.exclude, lo, hi)) for b in blocks]
        parts = batch.map(
            block_tops, local, shared={"corpus": sub, "weights": weights, "k": k}, on_done=steps
        )
        results.append((lo, merge(parts, k)))
    tops, _, rows, vals = join_blocks(results, k)
    return tops, rows, vals
