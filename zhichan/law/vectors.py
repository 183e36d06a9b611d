"""Sentence embeddings of the articles, cached in ``DATA_DIR/law/vectors-<model>.npz`` by the
hash of the embedded text, so a reload of an unchanged corpus computes nothing."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

#: Texts embedded (as the batch engine's partitions) between two progress reports.
STEP = 256


class Embeddable(Protocol):
    @property
    def embedded_text(self) -> str: ...


def _key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


class VectorCache:
    def __init__(self, root: Path, model: str) -> None:
        self.path = root / f"vectors-{model}.npz"
        self.model = model
        self.vectors: dict[str, np.ndarray] = {}
        if self.path.exists():
            data = np.load(self.path)
            self.vectors = dict(zip(data["keys"].tolist(), data["matrix"], strict=True))

    def missing(self, entries: Sequence[Embeddable]) -> list[Embeddable]:
        return [e for e in entries if _key(e.embedded_text) not in self.vectors]

    def fill(
        self,
        entries: Sequence[Embeddable],
        embed: Callable[[list[str]], np.ndarray],
        on_progress: Callable[[int, int], None] | None = None,
    ) -> int:
        todo = self.missing(entries)
        done = 0
        try:
            for i in range(0, len(todo), STEP):
                chunk = todo[i : i + STEP]
                texts = [e.embedded_text for e in chunk]
                for text, vec in zip(texts, embed(texts), strict=True):
                    self.vectors[_key(text)] = np.asarray(vec, dtype=np.float32)
                done = i + len(chunk)
                if on_progress:
                    on_progress(done, len(todo))
        finally:
            # Interrupted (shutdown) or not, what was computed is kept for the next run.
            if done:
                self.save()
        return done

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(self.path.stem + ".tmp.npz")
        keys = np.array(list(self.vectors))
        np.savez(tmp, keys=keys, matrix=np.stack(list(self.vectors.values())))
        os.replace(tmp, self.path)

    def matrix(self, entries: Sequence[Embeddable]) -> np.ndarray | None:
        """Vectors aligned with ``entries``; None unless every entry has one."""
        keys = [_key(e.embedded_text) for e in entries]
        if not keys or any(k not in self.vectors for k in keys):
            return None
        return np.stack([self.vectors[k] for k in keys])
