"""Finding the articles that answer a plain-language question: BM25 over the article text
(with its instrument's name and headings), optionally fused with sentence embeddings.

The corpus is three thousand articles, so the BM25 index is a small in-memory inverted index
built from the database; terms come from the search domain's analysers, and the vectors from
its embedding model, through its service functions.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

K1 = 1.2
B = 0.75


@dataclass(frozen=True, slots=True)
class Entry:
    article_id: int
    instrument_id: int
    level: str
    title: str
    short_name: str
    label: str
    path: tuple[str, ...]
    text: str

    @property
    def indexed_text(self) -> str:
        # The instrument's name and headings count twice, like the title field of patents.
        head = " ".join([self.short_name, *self.path])
        return f"{head} {head} {self.text}"

    @property
    def embedded_text(self) -> str:
        return " ".join([self.short_name, *self.path, self.text])


class Bm25:
    def __init__(self, docs: Sequence[list[str]]) -> None:
        self.n = len(docs)
        self.lengths = [len(d) for d in docs]
        self.avg = sum(self.lengths) / max(self.n, 1)
        self.postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for i, doc in enumerate(docs):
            for term, tf in Counter(doc).items():
                self.postings[term].append((i, tf))
        self.idf = {
            t: math.log(1 + (self.n - len(p) + 0.5) / (len(p) + 0.5))
            for t, p in self.postings.items()
        }

    def scores(self, terms: Sequence[str]) -> dict[int, float]:
        out: dict[int, float] = defaultdict(float)
        for term in dict.fromkeys(terms):
            idf = self.idf.get(term)
            if idf is None:
                continue
            for i, tf in self.postings[term]:
                norm = tf + K1 * (1 - B + B * self.lengths[i] / self.avg)
                out[i] += idf * tf * (K1 + 1) / norm
        return out


class ArticleIndex:
    """BM25 and cosine ranking over a fixed list of articles."""

    def __init__(
        self, entries: list[Entry], analyse: Callable[[str], list[str]], analyser: str
    ) -> None:
        self.entries = entries
        self.analyse = analyse
        self.analyser = analyser
        self.bm25 = Bm25([analyse(e.indexed_text) for e in entries])

    def lexical(self, question: str, allowed: set[int] | None = None) -> list[tuple[int, float]]:
        scores = self.bm25.scores(self.analyse(question))
        ranked = sorted(scores.items(), key=lambda kv: -kv[1])
        return [(i, s) for i, s in ranked if allowed is None or i in allowed]

    def semantic(
        self, vectors: np.ndarray, query_vector: np.ndarray, allowed: set[int] | None = None
    ) -> list[tuple[int, float]]:
        """Cosine ranking; ``vectors`` are aligned with ``entries`` (L2-normalised rows)."""
        sims = vectors @ query_vector
        order = np.argsort(-sims)
        return [(int(i), float(sims[i])) for i in order if allowed is None or int(i) in allowed]
