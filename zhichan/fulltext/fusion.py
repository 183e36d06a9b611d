"""Weighted reciprocal-rank fusion (Cormack, Clarke & Büttcher 2009): Σ wᵢ / (k + rankᵢ).

``K`` and the vector weight were chosen on the even-numbered half of the quality benchmark's
queries (the largest smaller-of-the-two-tasks MRR gain over BM25, with the product's fixed
window of 100 hits per list); the selection table is printed by
``benchmarks/search_quality.py`` with the odd half beside it. The textbook k = 60 with equal
weights lost to BM25 alone on the claim task, where BM25 is near its ceiling (MRR 0.986).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

K = 3
LEXICAL_WEIGHT = 1.0
VECTOR_WEIGHT = 0.5
#: A query written as a sentence about a situation (我们想…, 能不能…, a phrase with commas
#: that is not claim text) is fused with these instead: on needs in everyday words the fixed
#: weights let BM25's literal matches bury the semantic list. Chosen in
#: benchmarks/transfer_lay.py over two sets — the lay needs' tuning part (MRR) and the
#: development needs of transfer_quality.py (nDCG@10) — as the setting whose worse shortfall
#: from either set's best is smallest; no title or claim query of the quality benchmark reads
#: as natural language, so those tasks keep the weights above.
NATURAL_LEXICAL = 0.5
NATURAL_VECTOR = 1.0
NATURAL_K = 10
_ASKING = re.compile(r"我|(?<![理设思联])想(?!象)|希望|怎么|如何|能不能|有没有|老是|吗|？|\?")
_CLAIM = re.compile(r"所述|特征在于|权利要求|包括[:：]")


def natural_language(text: str) -> bool:
    q = text.strip()
    if _ASKING.search(q):
        return True
    return ("，" in q or "," in q) and len(q) <= 80 and not _CLAIM.search(q)


def for_query(text: str) -> tuple[tuple[float, float], int]:
    """The (lexical, vector) weights and k for this query's hybrid fusion."""
    if natural_language(text):
        return (NATURAL_LEXICAL, NATURAL_VECTOR), NATURAL_K
    return (LEXICAL_WEIGHT, VECTOR_WEIGHT), K


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
