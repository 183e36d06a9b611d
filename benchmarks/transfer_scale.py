"""Matching at pilot scale: 59,000 pool patents × 110,000 enterprises, top 20 both ways.

The pilot pushed 59,000 patents to 110,000 SMEs (seeds/000 §1.4). The data here is GENERATED
from the real KPPatent-ZH texts (labelled as such in the results): each patent text joins one
real patent's title and abstract with a sentence of another; each enterprise's text is a need
phrase around a fragment of a real abstract; industries (2021 SEI codes), provinces and tiers
are drawn at random, and one enterprise in ten has one or two "own patents" (real texts).
The matcher is the platform's (:func:`zhichan.transfer.scoring.both_ways`) with the service's
weights except the semantic signal: embedding 169,000 texts with e5 on two cores would take
about half an hour on its own, so this run measures text + industry + own patents + region +
tier. Two worker processes (fork, the corpus shared copy-on-write) each take half of the
enterprises in blocks of 256; the patents' top-20 lists are merged at the end. Reported: wall
time per stage, the throughput, and memory two ways: the peak of the summed proportional set
size (PSS, shared pages counted once) of the parent and workers, sampled every 0.2 s from
/proc — the memory actually in use — and the sum of each process's own peak RSS, which counts
the shared corpus three times (an upper bound).

Environment: TRANSFER_PATENTS, TRANSFER_ENTERPRISES (defaults 59000, 110000).
"""

from __future__ import annotations

import json
import multiprocessing as mp
import os
import random
import resource
import sys
import threading
import time
from typing import Any

import numpy as np

from benchmarks.report import print_table, write_result
from zhichan.core import settings as settings_mod
from zhichan.fulltext import analysis
from zhichan.transfer import recommendations, scoring

K = 20
WORKERS = 2
PROVINCES = ["北京市", "上海市", "浙江省", "江苏省", "广东省", "山东省", "四川省", "湖北省",
             "陕西省", "辽宁省", "河南省", "安徽省"]  # fmt: skip
PHRASES = ["我们公司想找能解决这个问题的技术：", "厂里生产中遇到难题，求购相关专利：",
           "寻求合作开发，方向是：", "希望引进成熟技术，用于"]  # fmt: skip
_CORPUS: scoring.Corpus | None = None
_SEEKERS: list[scoring.Seeker] = []


def _real_texts() -> list[tuple[str, str]]:
    path = settings_mod.load().shared_path / "data/patents/kppatent-zh/patents.jsonl"
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        obj = json.loads(line)
        out.append((obj.get("title") or "", obj.get("abstract") or ""))
    return out


def _sentences(text: str) -> list[str]:
    return [s for s in text.replace("；", "。").split("。") if len(s) > 8]


def generate(
    n_patents: int, n_firms: int, seed: int = 20261121
) -> tuple[list[scoring.Doc], list[scoring.Seeker]]:
    rng = random.Random(seed)
    real = _real_texts()
    codes = [f"{a}.{b}" for a in range(1, 10) for b in range(1, 6)]
    docs = []
    for i in range(n_patents):
        title, abstract = real[i % len(real)]
        extra = rng.choice(_sentences(rng.choice(real)[1]) or [""])
        docs.append(
            scoring.Doc(
                key=i,
                text=f"{title}。{abstract}。{extra}",
                industries=frozenset(rng.sample(codes, rng.choice((1, 1, 2)))),
                region=rng.choice(PROVINCES),
                tier=rng.choice(("A", "B", "B", "C", "C", "C")),
            )
        )
    seekers = []
    for _ in range(n_firms):
        _title, abstract = rng.choice(real)
        parts = _sentences(abstract) or [abstract]
        own = (
            tuple(rng.choice(real)[1] for _ in range(rng.choice((1, 2))))
            if rng.random() < 0.1
            else ()
        )
        seekers.append(
            scoring.Seeker(
                text=rng.choice(PHRASES) + rng.choice(parts)[:60],
                industries=frozenset(rng.sample(codes, rng.choice((1, 2)))),
                region=rng.choice(PROVINCES),
                own_texts=own,
            )
        )
    return docs, seekers


def _weights() -> scoring.Weights:
    w = recommendations.WEIGHTS
    return scoring.Weights(text=w.text, semantic=0.0, industry=w.industry, own=w.own,
                            region=w.region, tier=w.tier)  # fmt: skip


def _work(bounds: tuple[int, int]) -> tuple[int, list[list[int]], np.ndarray, np.ndarray, int]:
    assert _CORPUS is not None
    lo, hi = bounds
    last = [time.monotonic()]

    def progress(done: int, total: int) -> None:
        if time.monotonic() - last[0] > 15 or done == total:
            last[0] = time.monotonic()
            print(
                f"  worker {os.getpid()}: {done}/{total} enterprises", file=sys.stderr, flush=True
            )

    tops, rows, vals = scoring.both_ways(
        _CORPUS, _SEEKERS[lo:hi], _weights(), K, block=256, progress=progress
    )
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return lo, tops, rows + lo, vals, peak_kb


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


class PssSampler(threading.Thread):
    """The largest sum of PSS over this process and its children, sampled every 0.2 s."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak_kb = 0
        self.stop = threading.Event()

    def run(self) -> None:
        me = os.getpid()
        while not self.stop.is_set():
            try:
                with open(f"/proc/{me}/task/{me}/children") as fh:
                    kids = [int(x) for x in fh.read().split()]
            except OSError:
                kids = []
            self.peak_kb = max(self.peak_kb, sum(_pss_kb(p) for p in [me, *kids]))
            self.stop.wait(0.2)


def _merge(parts: list[tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray, np.ndarray]:
    rows = np.concatenate([r for r, _v in parts])
    vals = np.concatenate([v for _r, v in parts])
    keep = np.argsort(-vals, axis=0, kind="stable")[:K]
    return np.take_along_axis(rows, keep, 0), np.take_along_axis(vals, keep, 0)


def main() -> None:
    global _CORPUS, _SEEKERS
    n_patents = int(os.environ.get("TRANSFER_PATENTS", "59000"))
    n_firms = int(os.environ.get("TRANSFER_ENTERPRISES", "110000"))
    sampler = PssSampler()
    sampler.start()
    t0 = time.perf_counter()
    docs, _SEEKERS = generate(n_patents, n_firms)
    t1 = time.perf_counter()
    print(
        f"generated {n_patents} patents and {n_firms} enterprises (GENERATED data)", file=sys.stderr
    )
    _CORPUS = scoring.Corpus.build(docs, lambda s: analysis.terms(s, "bigram"))
    t2 = time.perf_counter()
    print(
        f"corpus built in {t2 - t1:.1f} s ({len(_CORPUS.vocabulary.index)} terms)", file=sys.stderr
    )
    half = (n_firms + WORKERS - 1) // WORKERS
    ranges = [(i, min(i + half, n_firms)) for i in range(0, n_firms, half)]
    with mp.get_context("fork").Pool(WORKERS) as pool:
        results = pool.map(_work, ranges)
    t3 = time.perf_counter()
    per_firm: list[list[int]] = []
    for _lo, tops, _r, _v, _p in sorted(results, key=lambda r: r[0]):
        per_firm += tops
    _rows, vals = _merge([(r, v) for _lo, _t, r, v, _p in results])
    t4 = time.perf_counter()
    sampler.stop.set()
    sampler.join()
    parent_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    rss_sum_mb = (parent_kb + sum(r[4] for r in results)) / 1024
    filled = sum(1 for t in per_firm if len(t) == K) / max(len(per_firm), 1)
    patent_filled = float(np.mean(np.sum(vals > 0, axis=0) == K))
    result: dict[str, Any] = {
        "patents": n_patents,
        "enterprises": n_firms,
        "top_k": K,
        "generate_s": round(t1 - t0, 1),
        "corpus_s": round(t2 - t1, 1),
        "match_s": round(t3 - t2, 1),
        "merge_s": round(t4 - t3, 2),
        "total_s": round(t4 - t0, 1),
        "peak_pss_mb": round(sampler.peak_kb / 1024),
        "rss_peaks_sum_mb": round(rss_sum_mb),
        "pairs_per_s": round(n_patents * n_firms / (t3 - t2)),
        "enterprises_with_20": round(filled, 4),
        "patents_with_20": round(patent_filled, 4),
    }
    print("\n== Matching at pilot scale (GENERATED from real texts) ==")
    print_table([result], list(result))
    path = write_result(
        "transfer_scale",
        data=f"GENERATED: {n_patents} patents and {n_firms} enterprises spliced from the "
        "3,720 real KPPatent-ZH texts; random SEI codes, provinces, tiers, own patents",
        method=f"scoring.both_ways, top {K} both ways, {WORKERS} processes; signals text + "
        "industry + own + region + tier (no semantic); memory: peak summed PSS sampled "
        "every 0.2 s, and the sum of per-process peak RSS (counts shared pages per process)",
        rows=[result],
    )
    print(f"written {path}")


if __name__ == "__main__":
    main()
