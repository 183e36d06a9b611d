"""Finding the articles that answer a plain-language question: BM25 and sentence embeddings
over whole articles and over their paragraphs (款), so that the one paragraph of a long
multi-topic article that answers the question can carry it.

The corpus is three thousand articles and five thousand paragraphs, so both BM25 indexes are
small in-memory inverted indexes built from the database; terms come from the search
domain's analysers, and the vectors from its embedding model, through its service functions.
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
    paragraphs: tuple[str, ...] = ()  # each paragraph with its items; empty: the text is one
    status: str = "in_force"

    @property
    def head(self) -> str:
        return " ".join([self.short_name, *self.path])

    @property
    def indexed_text(self) -> str:
        # The instrument's name and headings count twice, like the title field of patents.
        return f"{self.head} {self.head} {self.text}"

    @property
    def embedded_text(self) -> str:
        return " ".join([self.short_name, *self.path, self.text])


@dataclass(frozen=True, slots=True)
class Passage:
    """One paragraph of an article (number from 1), indexed and embedded on its own."""

    entry: int  # position in ArticleIndex.entries
    number: int
    text: str
    head: str

    @property
    def indexed_text(self) -> str:
        return f"{self.head} {self.head} {self.text}"

    @property
    def embedded_text(self) -> str:
        return f"{self.head} {self.text}"


def passages_of(entries: Sequence[Entry]) -> list[Passage]:
    out = []
    for i, e in enumerate(entries):
        for n, text in enumerate(e.paragraphs or (e.text,), start=1):
            out.append(Passage(i, n, text, e.head))
    return out


class Bm25:
    def __init__(self, docs: Sequence[list[str]], k1: float = K1, b: float = B) -> None:
        self.k1 = k1
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
        self.norms = [k1 * (1 - b + b * n / self.avg) for n in self.lengths]

    def scores(self, terms: Sequence[tuple[str, float]]) -> dict[int, float]:
        """BM25 of every document matching a term; each term counts with its weight (the
        question's own terms 1, expansion terms less), once however often it is repeated."""
        weights: dict[str, float] = {}
        for term, weight in terms:
            weights[term] = max(weights.get(term, 0.0), weight)
        out: dict[int, float] = defaultdict(float)
        for term, weight in weights.items():
            idf = self.idf.get(term)
            if idf is None:
                continue
            for i, tf in self.postings[term]:
                out[i] += weight * idf * tf * (self.k1 + 1) / (tf + self.norms[i])
        return out


@dataclass(slots=True)
class Signals:
    """What each retriever says about the candidate articles (positions in ``entries``)."""

    bm25_article: dict[int, float]
    bm25_passage: dict[int, float]  # an article's best paragraph
    sem_article: dict[int, float]
    sem_passage: dict[int, float]
    lexical_paragraph: dict[int, int]  # article → its paragraph with the best BM25
    semantic_paragraph: dict[int, int]  # article → its paragraph most similar in meaning


class ArticleIndex:
    """BM25 and cosine ranking over a fixed list of articles and their paragraphs."""

    def __init__(
        self, entries: list[Entry], analyse: Callable[[str], list[str]], analyser: str
    ) -> None:
        self.entries = entries
        self.analyse = analyse
        self.analyser = analyser
        self.passages = passages_of(entries)
        self.bm25 = Bm25([analyse(e.indexed_text) for e in entries])
        self.bm25_passages = Bm25([analyse(p.indexed_text) for p in self.passages])
        self.passage_entry = np.array([p.entry for p in self.passages], dtype=np.int64)

    def signals(
        self,
        terms: Sequence[tuple[str, float]],
        vectors: tuple[np.ndarray, np.ndarray] | None,
        query_vector: np.ndarray | None,
        allowed: set[int] | None,
        depth: int,
    ) -> Signals:
        """The top ``depth`` articles of each retriever, with scores."""
        ok = (lambda i: True) if allowed is None else allowed.__contains__
        art = {i: s for i, s in self.bm25.scores(terms).items() if ok(i)}
        lex_best: dict[int, int] = {}
        sem_best: dict[int, int] = {}
        per_article: dict[int, float] = {}
        for pi, s in self.bm25_passages.scores(terms).items():
            p = self.passages[pi]
            if ok(p.entry) and s > per_article.get(p.entry, 0.0):
                per_article[p.entry] = s
                lex_best[p.entry] = p.number
        sem_art: dict[int, float] = {}
        sem_pas: dict[int, float] = {}
        if vectors is not None and query_vector is not None:
            article_vectors, passage_vectors = vectors
            sims = article_vectors @ query_vector
            sem_art = _top(sims, depth, ok)
            psims = passage_vectors @ query_vector
            # Best paragraph per article: sort paragraphs by similarity, keep each article's first.
            for pi in np.argsort(-psims):
                e = int(self.passage_entry[pi])
                if e in sem_pas or not ok(e):
                    continue
                sem_pas[e] = float(psims[pi])
                sem_best[e] = self.passages[pi].number
                if len(sem_pas) >= depth:
                    break
        return Signals(
            _keep(art, depth), _keep(per_article, depth), sem_art, sem_pas, lex_best, sem_best
        )


def _keep(scores: dict[int, float], depth: int) -> dict[int, float]:
    return dict(sorted(scores.items(), key=lambda kv: -kv[1])[:depth])


def _top(sims: np.ndarray, depth: int, ok: Callable[[int], bool]) -> dict[int, float]:
    out: dict[int, float] = {}
    for i in np.argsort(-sims):
        if ok(int(i)):
            out[int(i)] = float(sims[i])
            if len(out) >= depth:
                break
    return out
