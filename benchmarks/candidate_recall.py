"""How much of the exhaustive matching the candidates of a national pool keep, on REAL patents
with their REAL e5 vectors (``zhichan/transfer/candidates.py``).

1. The graph: the shipped e5 vectors (patents, statute texts; ``zhichan/fulltext/data``), a
   seeded 8,000 of them indexed and the others used as queries; the share of each query's 50
   and 400 exact nearest (cosine) that the graph returns.
2. The candidates: the first 2,500 KPPatent-ZH patents as the pool and the next 1,000 patents'
   abstracts (first 80 characters) as the enterprises' needs, each need's vector the shipped
   e5 vector of its patent; industries, provinces and tiers assigned by rule (as in
   tests/jobs/test_batch.py). Top 20 both ways through candidates (the module's counts) and
   exhaustively; the share of the exhaustive pairs found again, each way — with and without
   the reverse candidates (each patent's nearest enterprises).

Both were looked at while setting the graph's search breadth and the reverse count: there is
no untouched part of real vectors left to report them on. The generated pilot
(``transfer_scale.py``) is the check on other data.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.report import print_table, write_result
from zhichan.core import settings as settings_mod
from zhichan.fulltext import shipped, vectors
from zhichan.jobs.batch import Batch
from zhichan.patents.importers import kppatent
from zhichan.transfer import blocks, candidates, recommendations, scoring

K = 20
POOL, NEEDS = 2_500, 1_000


def graph_recall() -> dict[str, Any]:
    found = np.load(shipped.path_of("e5"))["matrix"].astype(np.float32)
    found /= np.linalg.norm(found, axis=1, keepdims=True)
    order = np.random.default_rng(0).permutation(len(found))
    indexed, queries = found[order[:8000]], found[order[8000:]]
    t = time.perf_counter()
    graph = candidates.build(indexed)
    build_s = time.perf_counter() - t
    near = candidates.nearest(graph, queries, 400)
    exact = np.argsort(-(queries @ indexed.T), axis=1, kind="stable")
    pairs = list(zip(near, exact, strict=True))
    share = {
        n: float(np.mean([len(set(a[:n]) & set(e[:n])) / n for a, e in pairs])) for n in (50, 400)
    }
    return {
        "measure": "graph: share of the exact nearest found",
        "data": f"{len(indexed)} shipped e5 vectors indexed, {len(queries)} others as queries",
        "value": f"50 nearest {share[50]:.4f}; 400 nearest {share[400]:.4f}",
        "seconds": round(build_s, 1),
    }


def real_pool(
    path: Path, n_docs: int, n_seekers: int
) -> tuple[scoring.Corpus, list[scoring.Seeker], np.ndarray]:
    """The first ``n_docs`` KPPatent-ZH patents of ``path`` as the pool and the next
    ``n_seekers`` patents' abstracts (80 characters) as the enterprises' needs, each need's
    vector its patent's shipped e5 passage vector; industries, provinces and tiers by rule.
    Candidate search is only as good as the vectors' neighbourhoods are real."""
    lines = path.read_text(encoding="utf-8").splitlines()[: n_docs + n_seekers]
    rows = [kppatent.record(json.loads(x), "bench") for x in lines]
    texts = [vectors.passage_text(r.title_zh, r.abstract_zh) for r in rows]
    found = shipped.lookup("e5", texts)
    assert all(v is not None for v in found), "shipped e5 vectors missing"
    unit = np.stack([v for v in found if v is not None]).astype(np.float32)
    provinces = ["浙江省", "江苏省", "山东省"]
    docs = [
        scoring.Doc(
            key=i,
            text=texts[i],
            industries=frozenset({f"{i % 7}.1"}),
            region=provinces[i % 3],
            tier="ABC"[i % 3],
        )
        for i in range(n_docs)
    ]
    seekers = [
        scoring.Seeker(
            text=(r.abstract_zh or "")[:80],
            industries=frozenset({f"{i % 5}.1"}),
            region=provinces[i % 2],
        )
        for i, r in enumerate(rows[n_docs:])
    ]
    corpus = scoring.Corpus.build(docs, recommendations._analyse, vectors=unit[:n_docs])
    return corpus, seekers, unit[n_docs:]


def pair_recall(got: list[set[int]], ref: list[set[int]]) -> float:
    """The share of the reference pairs found again."""
    return sum(len(a & b) for a, b in zip(got, ref, strict=True)) / max(sum(map(len, ref)), 1)


def _by_patent(rows: np.ndarray, vals: np.ndarray) -> list[set[int]]:
    return [
        {int(r) for r, v in zip(rows[:, j], vals[:, j], strict=True) if v > 0 and r >= 0}
        for j in range(rows.shape[1])
    ]


def candidate_recall() -> list[dict[str, Any]]:
    path = settings_mod.load().shared_path / "data/patents/kppatent-zh/patents.jsonl"
    corpus, seekers, qv = real_pool(path, POOL, NEEDS)
    weights = recommendations.WEIGHTS
    t = time.perf_counter()
    whole = scoring.both_ways(corpus, seekers, weights, K, query_vectors=qv)
    out = [
        {
            "measure": "exhaustive",
            "value": "reference",
            "seconds": round(time.perf_counter() - t, 1),
        }
    ]
    reverse, threshold = candidates.REVERSE, candidates.FROM
    try:
        candidates.FROM = 0
        for label, count in (("candidates", reverse), ("candidates without reverse", 0)):
            candidates.REVERSE = count
            t = time.perf_counter()
            got = blocks.both_ways(Batch(), corpus, seekers, weights, K, query_vectors=qv)
            seconds = time.perf_counter() - t
            mine = pair_recall([set(x) for x in got[0]], [set(x) for x in whole[0]])
            theirs = pair_recall(_by_patent(got[1], got[2]), _by_patent(whole[1], whole[2]))
            out.append(
                {
                    "measure": f"{label} (nearest {candidates.NEAREST}, words {candidates.WORDS}, "
                    f"reverse {count})",
                    "value": f"enterprises' pairs kept {mine:.4f}; "
                    f"patents' pairs kept {theirs:.4f}",
                    "seconds": round(seconds, 1),
                }
            )
    finally:
        candidates.REVERSE, candidates.FROM = reverse, threshold
    for row in out:
        row["data"] = f"{POOL} real patents × {NEEDS} real needs, real e5 vectors, top {K}"
    return out


def main() -> None:
    rows = [graph_recall(), *candidate_recall()]
    columns = ["measure", "data", "value", "seconds"]
    print("\n== Candidates of a national pool against exhaustive matching (REAL data) ==")
    print_table(rows, columns)
    path = write_result(
        "candidate_recall",
        data="REAL: the shipped e5 vectors; the first 3,500 KPPatent-ZH patents and their "
        "shipped vectors (2,500 as the pool, 1,000 as needs); industries, provinces and tiers "
        "assigned by rule",
        method="zhichan.transfer.candidates on Dask's local scheduler in this process against "
        "scoring.both_ways over every pair; shares of the exhaustive top-20 pairs found again; "
        "these data were also looked at while setting the graph's breadth and the reverse count",
        rows=rows,
    )
    print(f"written {path}")


if __name__ == "__main__":
    main()
