"""Embedding on the batch engine: Dask's local scheduler in this process, and a real
dask.distributed LocalCluster with one and with two worker processes (one thread each, as
docs/deploy.md recommends: one single-threaded worker per core).

Data: real KPPatent-ZH abstracts (NFKC as imported), cut at 300 characters so that no shipped
vector matches and the model really runs; BATCH_TEXTS of them (default 96), embedded through
``zhichan.jobs.embedding.embed_texts`` — the code path of the ``search.embed`` and
``law.embed`` jobs — in partitions of 16. Each configuration embeds the texts twice: the first
run includes starting the cluster and each worker loading its model, the second is the
steady rate. Memory: the peak RSS of each worker process (VmHWM, read on the worker)
and of this process.

Environment: BATCH_TEXTS.
"""

from __future__ import annotations

import json
import os
import time
from contextlib import ExitStack
from typing import Any

import numpy as np

from benchmarks.cluster import local_batch
from benchmarks.memory import peak_mb
from benchmarks.report import print_table, write_result
from zhichan.core import settings as settings_mod
from zhichan.jobs import embedding
from zhichan.jobs.batch import Batch
from zhichan.patents.importers import kppatent

MODEL = "e5"


def texts(n: int) -> list[str]:
    path = settings_mod.load().shared_path / "data/patents/kppatent-zh/patents.jsonl"
    rows = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()[:n]]
    return [(kppatent.record(r, "bench").abstract_zh or "")[:300] for r in rows]


def _run(batch: Batch, sample: list[str]) -> tuple[float, np.ndarray]:
    t = time.perf_counter()
    out = embedding.embed_texts(batch, MODEL, sample)
    return time.perf_counter() - t, out


def measure(workers: int, sample: list[str]) -> tuple[dict[str, Any], np.ndarray]:
    """One configuration: 0 workers = the local scheduler."""
    started = time.perf_counter()
    with ExitStack() as stack:
        if workers == 0:
            batch = Batch()
            label = f"本地调度（本进程，{batch.threads} 线程）"
        else:
            batch = stack.enter_context(local_batch(workers))
            label = f"Dask 集群 {workers} 个工作进程 × 1 线程"
        start_s = time.perf_counter() - started
        first_s, _ = _run(batch, sample)
        steady_s, vectors = _run(batch, sample)
        peaks = list(batch.client().run(peak_mb).values()) if workers else [peak_mb()]
    rate = len(sample) / steady_s
    return {
        "engine": label,
        "workers": workers,
        "texts": len(sample),
        "start_s": round(start_s, 1),
        "first_run_s": round(first_s, 1),
        "steady_s": round(steady_s, 1),
        "texts_per_s": round(rate, 2),
        "per_worker_per_s": round(rate / max(workers, 1), 2),
        "peak_rss_mb_each": round(max(peaks)),
        "driver_rss_mb": round(peak_mb()),
    }, vectors


def main() -> None:
    sample = texts(int(os.environ.get("BATCH_TEXTS", "96")))
    rows, results = [], []
    for workers in (0, 1, 2):
        row, vectors = measure(workers, sample)
        rows.append(row)
        results.append(vectors)
    same = all(np.array_equal(results[0], v) for v in results[1:])
    for row in rows:
        row["same_vectors"] = "是" if same else "否"
    print("\n== Embedding on the batch engine (real KPPatent-ZH abstracts) ==")
    print_table(rows, list(rows[0]))
    path = write_result(
        "batch_engine",
        data=f"the first {len(sample)} real KPPatent-ZH abstracts (NFKC), cut at 300 characters "
        "(no shipped vector matches them)",
        method="zhichan.jobs.embedding.embed_texts (partitions of 16, e5) on Dask's local "
        "threaded scheduler and on a dask.distributed LocalCluster of 1 and 2 worker processes "
        "× 1 thread; each configuration run twice, the second is the steady rate; peak RSS "
        "per worker from VmHWM on the worker; same_vectors compares all configurations",
        rows=rows,
    )
    print(f"written {path}")


if __name__ == "__main__":
    main()
