"""Weighted reciprocal-rank fusion (Cormack, Clarke & Büttcher 2009): Σ wᵢ / (k + rankᵢ).

``K`` and the vector weight were chosen on the even-numbered half of the quality benchmark's
queries (the largest smaller-of-the-two-tasks MRR gain over BM25, with the product's fixed
window of 100 hits per list); the selection table is printed by
``benchmarks/search_quality.py`` with the odd half beside it. The textbook k = 60 with equal
weights lost to BM25 alone on the claim task, where BM25 is near its ceiling (MRR 0.986).
"""

from __future__ import annotations

from collections.abc import Sequence

K = 3
LEXICAL_WEIGHT = 1.0
VECTOR_WEIGHT = 0.5


def rrf(
    rankings: Sequence[Sequence[int]],
    weights: Sequence[float] = (LEXICAL_WEIGHT, VECTOR_WEIGHT),
    k: int = K,
) -> list[tuple[int, float]]:
    """Fuse ranked id lists (best first) into one, best first; ties keep first-seen order."""
    scores: dict[int, float] = {}
    for ranking, weight in zip(rankings, weights, strict=True):
        for rank, key in enumerate(ranking, start=1):
            scores[key] = scores.get(key, 0.0) + weight / (k + rank)
    return sorted(scores.items(), key=lambda kv: -kv[1])
