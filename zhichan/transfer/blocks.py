"""Two-way matching as a batch: enterprises cut into partitions of ``PART``, each scored
against the whole pool by ``scoring.both_ways`` where the batch engine runs (this process, or a
cluster's workers with the pool's corpus sent to each once), the patents' top lists merged at
the end. The partitions never depend on the scheduler, and the merge breaks ties by partition
order, so the pairs and scores are the same wherever the partitions ran."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from zhichan.jobs.batch import Batch, OnDone
from zhichan.transfer import scoring

#: Enterprises per partition: a few seconds of scoring against a provincial pool.
PART = 2048


@dataclass(frozen=True, slots=True)
class Block:
    start: int
    seekers: Sequence[scoring.Seeker]
    query_vectors: np.ndarray | None
    exclude: Sequence[set[int]]


Tops = tuple[list[list[int]], np.ndarray, np.ndarray]


def block_tops(block: Block, *, corpus: scoring.Corpus, weights: scoring.Weights, k: int) -> Tops:
    """A batch task: one partition's top ``k`` both ways, its rows numbered in the whole list."""
    tops, rows, vals = scoring.both_ways(
        corpus,
        block.seekers,
        weights,
        k,
        query_vectors=block.query_vectors,
        exclude=block.exclude,
    )
    return tops, np.where(rows >= 0, rows + block.start, -1), vals


def merge(parts: Sequence[Tops], k: int) -> Tops:
    """The partitions' results as one: per-seeker lists in order, and per patent the ``k``
    best seekers over all partitions (equal scores: the earlier partition first)."""
    seeker_top = [top for tops, _, _ in parts for top in tops]
    rows = np.concatenate([r for _, r, _ in parts])
    vals = np.concatenate([v for _, _, v in parts])
    order = np.argsort(-vals, axis=0, kind="stable")[:k]
    return seeker_top, np.take_along_axis(rows, order, 0), np.take_along_axis(vals, order, 0)


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
) -> Tops:
    """``scoring.both_ways`` over partitions of the seekers, run by ``batch``."""
    blocks = [
        Block(
            start,
            seekers[start : start + PART],
            None if query_vectors is None else query_vectors[start : start + PART],
            exclude[start : start + PART] if exclude else (),
        )
        for start in range(0, len(seekers), PART)
    ]
    if not blocks:
        return scoring.both_ways(corpus, seekers, weights, k)
    parts = batch.map(
        block_tops,
        blocks,
        shared={"corpus": corpus, "weights": weights, "k": k},
        on_done=on_done,
    )
    return merge(parts, k)
