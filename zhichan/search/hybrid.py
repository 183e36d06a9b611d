"""Reciprocal-rank fusion (Cormack, Clarke & Büttcher 2009): score = Σ 1 / (k + rank)."""

from __future__ import annotations

from collections.abc import Sequence

K = 60


def rrf(rankings: Sequence[Sequence[int]], k: int = K) -> list[tuple[int, float]]:
    """Fuse ranked id lists (best first) into one, best first; ties keep first-seen order."""
    scores: dict[int, float] = {}
    for ranking in rankings:
        for rank, key in enumerate(ranking, start=1):
            scores[key] = scores.get(key, 0.0) + 1.0 / (k + rank)
    return sorted(scores.items(), key=lambda kv: -kv[1])
