"""Matching at pilot scale with the semantic signal: 59,000 pool patents × 110,000 enterprises,
top 20 both ways, on the batch engine (a dask.distributed LocalCluster of two worker
processes, one thread each).

The pilot pushed 59,000 patents to 110,000 SMEs (seeds/000 §1.4). The data here is GENERATED
from the real KPPatent-ZH texts (labelled as such in the results): each patent text joins one
real patent's title and abstract with a sentence of another; each enterprise's text is one of
TRANSFER_NEEDS distinct needs (a need phrase around a fragment of a real abstract); industries
(2021 SEI codes), provinces and tiers are drawn at random, and one enterprise in ten has one or
two "own patents" (real texts).

Vectors: a patent's vector is the shipped e5 vector of the real patent its text starts from
(the extra sentence is not embedded: embedding 59,000 new texts at the ~6 texts/s per worker
that ``benchmarks/batch_engine.py`` measures would take hours on two cores); the distinct need
texts are embedded here, on the engine, and that time is reported. The matching is the
platform's (``zhichan.transfer.blocks.both_ways``, which the batch push job runs) with the
service's weights, semantic signal included: enterprises in partitions of 2,048, the pool's
corpus sent once to each worker, the patents' top-20 lists merged at the end.

Memory: the peak of the summed proportional set size (PSS, shared pages counted once) of this
process and all its descendants (the cluster's nannies and workers), sampled every 0.2 s.

Each mode in TRANSFER_MODES runs on a fresh cluster: ``whole`` (exhaustive, the pool in one
block), ``blocks:20000`` (exhaustive, three pool blocks: two passes, semantic floors first) and
``candidates`` (each enterprise scored only against its candidates: its nearest patents by a
usearch graph of the vectors, its best by shared words and the patents that have it among their
nearest enterprises — ``zhichan/transfer/candidates.py``, which a push uses past 200,000 pool
patents with vectors; forced here on the pilot), with the worker's peak memory, the share of
enterprises whose top-20 list is the same as in the first mode, the share of the first mode's
pairs each way found again and the largest difference of a patent's scores (a block's products
are summed by BLAS in its own order, so a score may differ in the last bit and a near-tie swap).

The generated pool repeats each real vector about 16 times (59,000 patents from 3,720 real
ones) and the enterprises share 1,500 need vectors: many exact ties of meaning, which the
other signals break. That makes candidate search harder than on real data, where no two
patents have the same vector (on 1,200 real patents and 400 real needs, with 100 nearest, 50
by words and 40 the other way, tests/jobs/test_batch.py keeps all of the enterprises' pairs and
99.2 % of the patents').

Environment: TRANSFER_PATENTS, TRANSFER_ENTERPRISES, TRANSFER_NEEDS, TRANSFER_WORKERS,
TRANSFER_MODES (defaults 59000, 110000, 1500, 2, "whole,blocks:20000,candidates").
"""

from __future__ import annotations

import json
import os
import random
import sys
import time
from typing import Any

import numpy as np

from benchmarks.cluster import local_batch
from benchmarks.memory import PssSampler, peak_mb
from benchmarks.report import print_table, write_result
from zhichan.core import settings as settings_mod
from zhichan.fulltext import shipped, vectors
from zhichan.jobs import embedding
from zhichan.patents.importers import kppatent
from zhichan.transfer import blocks, candidates, recommendations, scoring

K = 20
MODEL = "e5"
PROVINCES = ["北京市", "上海市", "浙江省", "江苏省", "广东省", "山东省", "四川省", "湖北省",
             "陕西省", "辽宁省", "河南省", "安徽省"]  # fmt: skip
PHRASES = ["我们公司想找能解决这个问题的技术：", "厂里生产中遇到难题，求购相关专利：",
           "寻求合作开发，方向是：", "希望引进成熟技术，用于"]  # fmt: skip


def _real() -> list[tuple[str, str]]:
    """The real patents' (title, abstract), normalised as the importer stores them."""
    path = settings_mod.load().shared_path / "data/patents/kppatent-zh/patents.jsonl"
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        rec = kppatent.record(json.loads(line), "bench")
        out.append((rec.title_zh or "", rec.abstract_zh or ""))
    return out


def _sentences(text: str) -> list[str]:
    return [s for s in text.replace("；", "。").split("。") if len(s) > 8]


def generate(
    n_patents: int, n_firms: int, n_needs: int, seed: int = 20261121
) -> tuple[list[scoring.Doc], list[int], list[scoring.Seeker], list[str], list[int]]:
    """GENERATED pool and enterprises. → (docs, real patent behind each doc, seekers, the
    distinct need texts, the need behind each seeker)"""
    rng = random.Random(seed)
    real = _real()
    codes = [f"{a}.{b}" for a in range(1, 10) for b in range(1, 6)]
    docs, bases = [], []
    for i in range(n_patents):
        base = i % len(real)
        title, abstract = real[base]
        extra = rng.choice(_sentences(rng.choice(real)[1]) or [""])
        docs.append(
            scoring.Doc(
                key=i,
                text=f"{vectors.passage_text(title, abstract)}。{extra}",
                industries=frozenset(rng.sample(codes, rng.choice((1, 1, 2)))),
                region=rng.choice(PROVINCES),
                tier=rng.choice(("A", "B", "B", "C", "C", "C")),
            )
        )
        bases.append(base)
    needs = []
    for _ in range(n_needs):
        abstract = rng.choice(real)[1]
        needs.append(rng.choice(PHRASES) + rng.choice(_sentences(abstract) or [abstract])[:60])
    seekers, need_of = [], []
    for _ in range(n_firms):
        need = rng.randrange(n_needs)
        own = (
            tuple(rng.choice(real)[1] for _ in range(rng.choice((1, 2))))
            if rng.random() < 0.1
            else ()
        )
        seekers.append(
            scoring.Seeker(
                text=needs[need],
                industries=frozenset(rng.sample(codes, rng.choice((1, 2)))),
                region=rng.choice(PROVINCES),
                own_texts=own,
            )
        )
        need_of.append(need)
    return docs, bases, seekers, needs, need_of


def _lists(rows: np.ndarray, vals: np.ndarray) -> list[list[int]]:
    """Each patent's enterprises from the (k × patents) arrays."""
    return [
        [int(r) for r, v in zip(rows[:, j], vals[:, j], strict=True) if v > 0 and r >= 0]
        for j in range(rows.shape[1])
    ]


def _kept(got: list[list[int]], reference: list[list[int]]) -> float:
    """The share of the reference's pairs that ``got`` has too."""
    found = sum(len(set(a) & set(b)) for a, b in zip(got, reference, strict=True))
    return found / max(sum(map(len, reference)), 1)


def _reporter(what: str) -> Any:
    last = [time.monotonic()]

    def report(done: int, total: int) -> None:
        if time.monotonic() - last[0] > 30 or done == total:
            last[0] = time.monotonic()
            print(f"  {what}: {done}/{total} partitions", file=sys.stderr, flush=True)

    return report


def main() -> None:
    n_patents = int(os.environ.get("TRANSFER_PATENTS", "59000"))
    n_firms = int(os.environ.get("TRANSFER_ENTERPRISES", "110000"))
    n_needs = int(os.environ.get("TRANSFER_NEEDS", "1500"))
    workers = int(os.environ.get("TRANSFER_WORKERS", "2"))
    # "whole" (exhaustive, one pool block), "blocks:N" (exhaustive, pool blocks of N), and
    # "candidates" (vector-graph candidates and re-scoring, candidates.py); the first is the
    # reference the others' lists are compared with.
    modes = os.environ.get("TRANSFER_MODES", "whole,blocks:20000,candidates").split(",")
    t0 = time.perf_counter()
    docs, bases, seekers, needs, need_of = generate(n_patents, n_firms, n_needs)
    real = _real()
    base_vectors = shipped.lookup(MODEL, [vectors.passage_text(t, a) for t, a in real])
    assert all(v is not None for v in base_vectors), "shipped e5 vectors missing"
    doc_vectors = np.stack([base_vectors[b] for b in bases]).astype(np.float32)
    generate_s = time.perf_counter() - t0
    print(f"generated {n_patents} patents, {n_firms} enterprises (GENERATED)", file=sys.stderr)
    t = time.perf_counter()
    corpus = scoring.Corpus.build(docs, recommendations._analyse, vectors=doc_vectors)
    corpus_s = time.perf_counter() - t
    rows: list[dict[str, Any]] = []
    first: tuple[list[list[int]], np.ndarray, np.ndarray] | None = None
    query_vectors: np.ndarray | None = None
    embed_s = 0.0
    for mode in modes:
        blocks.POOL_PART = int(mode.split(":")[1]) if mode.startswith("blocks:") else 10**9
        candidates.FROM = 0 if mode == "candidates" else 10**9
        sampler = PssSampler()
        sampler.start()
        with local_batch(workers) as batch:
            if query_vectors is None:
                t = time.perf_counter()
                need_vectors = embedding.embed_queries(
                    batch, MODEL, needs, _reporter("needs embedded")
                )
                query_vectors = need_vectors[need_of]
                embed_s = time.perf_counter() - t
            t = time.perf_counter()
            per_firm, by_patent, vals = blocks.both_ways(
                batch,
                corpus,
                seekers,
                recommendations.WEIGHTS,
                K,
                query_vectors=query_vectors,
                on_done=_reporter(f"{mode}: partitions"),
            )
            match_s = time.perf_counter() - t
            worker_peaks = list(batch.client().run(peak_mb).values())
        sampler.stop.set()
        sampler.join()
        first = first or (per_firm, by_patent, vals)
        same = sum(a == b for a, b in zip(per_firm, first[0], strict=True)) / len(per_firm)
        drift = float(np.max(np.abs(np.nan_to_num(vals - first[2], nan=0.0, posinf=0, neginf=0))))
        filled = sum(1 for x in per_firm if len(x) == K) / max(len(per_firm), 1)
        rows.append(
            {
                "patents": n_patents,
                "enterprises": n_firms,
                "workers": workers,
                "mode": mode,
                "top_k": K,
                "generate_s": round(generate_s, 1),
                "corpus_s": round(corpus_s, 1),
                "needs_embedded": n_needs,
                "embed_s": round(embed_s, 1),
                "match_s": round(match_s, 1),
                "pairs_per_s": round(n_patents * n_firms / match_s),
                "peak_pss_mb": round(sampler.peak_kb / 1024),
                "worker_peak_mb": round(max(worker_peaks)),
                "enterprises_with_20": round(filled, 4),
                "patents_with_20": round(float(np.mean(np.sum(vals > 0, axis=0) == K)), 4),
                "same_lists_as_first": round(same, 4),
                "enterprise_pairs_kept": round(_kept(per_firm, first[0]), 4),
                "patent_pairs_kept": round(_kept(_lists(by_patent, vals), _lists(*first[1:])), 4),
                "max_score_diff": f"{drift:.1e}",
            }
        )
    print("\n== Matching at pilot scale with semantics (GENERATED from real texts) ==")
    print_table(rows, list(rows[0]))
    path = write_result(
        "transfer_scale",
        data=f"GENERATED: {n_patents} patents and {n_firms} enterprises spliced from the "
        f"3,720 real KPPatent-ZH texts ({n_needs} distinct need texts); random SEI codes, "
        "provinces, tiers, own patents; patent vectors are the shipped e5 vectors of the real "
        "patent each text starts from",
        method=f"zhichan.transfer.blocks.both_ways on a dask.distributed LocalCluster of "
        f"{workers} worker processes x 1 thread (a fresh cluster per row), partitions of "
        f"{blocks.PART} enterprises; mode whole = exhaustive, blocks:N = exhaustive with the "
        "pool cut into blocks of N, candidates = each enterprise scored against its "
        f"{candidates.NEAREST} nearest patents by a usearch graph, its {candidates.WORDS} best "
        f"by shared words and the patents having it among their {candidates.REVERSE} nearest "
        f"enterprises (pairs kept = share of the first row's pairs also found); top {K} "
        "both ways; all signals of the service's weights (text, semantic, industry, own, "
        "region, tier); need vectors embedded once on the first cluster; memory: peak summed "
        "PSS of this process and its descendants sampled every 0.2 s, and each worker's peak "
        "RSS (VmHWM)",
        rows=rows,
    )
    print(f"written {path}")


if __name__ == "__main__":
    main()
