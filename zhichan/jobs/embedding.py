"""Embedding texts as a batch: the texts cut into partitions of ``PART``, each embedded by
``vectors.embed_part`` where the batch engine runs (this process or a cluster's workers, each
keeping its model loaded). The partitions never depend on where they run, so the vectors do
not either."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from zhichan.fulltext import vectors
from zhichan.jobs.batch import Batch, OnDone, partitions

#: Texts per partition: a few seconds of work for e5 on one core, far above a task's overhead.
PART = 16


def embed_queries(
    batch: Batch, model: str, texts: Sequence[str], on_done: OnDone | None = None
) -> np.ndarray:
    """The query vectors of ``texts`` (enterprises' needs and profiles), one row each."""
    return _embed(batch, vectors.embed_query_part, model, texts, on_done)


def embed_texts(
    batch: Batch, model: str, texts: Sequence[str], on_done: OnDone | None = None
) -> np.ndarray:
    """The passage vectors of ``texts``, one row each, in order."""
    return _embed(batch, vectors.embed_part, model, texts, on_done)


def _embed(
    batch: Batch,
    task: Callable[..., np.ndarray],
    model: str,
    texts: Sequence[str],
    on_done: OnDone | None,
) -> np.ndarray:
    if not texts:
        return np.zeros((0, vectors.embedder(model).dim), dtype=np.float32)
    parts = batch.map(task, partitions(list(texts), PART), shared={"model": model}, on_done=on_done)
    return np.concatenate(parts)
