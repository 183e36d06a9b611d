"""Search speed at scale on GENERATED records (see benchmarks/search_corpus.py).

Measured in one run on this machine: analysis + Tantivy index build (records/s); p50/p95
of 200 mixed queries (field, Boolean, free text) in Tantivy — top 20 with total count, and
again with the six facets — and of the same queries on SQLite FTS5 over the same tokens;
usearch build and p50/p95 of semantic queries (query embedding + ANN search).

Vectors of generated records are GENERATED too: the normalised mix of the real embeddings
of the two real abstracts each record is spliced from, plus noise. Set BENCH_SEARCH_RECORDS
(default 1,000,000) to scale.
"""

from __future__ import annotations

import os
import random
import shutil
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import tantivy

from benchmarks import search_corpus, search_fts5
from benchmarks.report import print_table, write_result
from zhichan.core import settings as settings_mod
from zhichan.fulltext import analysis, vectors
from zhichan.search import documents, syntax
from zhichan.search.engine import SearchEngine

QUERIES = 200
SEMANTIC_QUERIES = 100


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))], 2)


def make_queries(src: search_corpus.Sources, seed: int = 7) -> list[tuple[str, str]]:
    rnd = random.Random(seed)

    def word() -> str:
        title = rnd.choice(src.titles)
        runs = [r for han, r in analysis.runs(title) if han and len(r) >= 3]
        run = rnd.choice(runs) if runs else title[:4]
        start = rnd.randrange(max(1, len(run) - 3))
        return run[start : start + rnd.choice([2, 3, 4])]

    def subclass() -> str:
        return rnd.choice(src.groups)[:4]

    def year() -> int:
        return rnd.randrange(2001, 2021)

    def span() -> str:
        start = year()
        return f"{start}..{start + 3}"

    field = [
        lambda: f"TI={word()}",
        lambda: f"AB={word()}",
        lambda: f"IPC={subclass()}*",
        lambda: f"PA={rnd.choice(src.cities)}",
        lambda: f"TI={word()} AND AD>={year()}-01-01",
    ]
    boolean = [
        lambda: f"TI=({word()} AND {word()})",
        lambda: f"(TI={word()} OR TI={word()}) AND PT=发明",
        lambda: f"TX={word()} NOT AB={word()}",
        lambda: f"AB={word()} AND IPC={subclass()}* AND AD={span()}",
        lambda: f"TI=({word()} OR {word()}) AND AB={word()}",
    ]
    free = [lambda: f"{word()} {word()}", lambda: f"{word()}{word()}{word()}"]
    out = [("field", rnd.choice(field)()) for _ in range(70)]
    out += [("boolean", rnd.choice(boolean)()) for _ in range(70)]
    out += [("free text", rnd.choice(free)()) for _ in range(60)]
    rnd.shuffle(out)
    return out


def real_vectors(model: str, src: search_corpus.Sources) -> np.ndarray:
    from benchmarks.search_quality import cached_embeddings

    return cached_embeddings(model, [vectors.passage_text(None, a) for a in src.abstracts], False)


def build(n: int, src: search_corpus.Sources, where: Path, model: str) -> dict[str, Any]:
    (where / "tantivy").mkdir()
    index = tantivy.Index(documents.schema("bigram"), path=str(where / "tantivy"))
    index.register_tokenizer(analysis.TOKENIZER, analysis.tantivy_analyser())
    writer = index.writer(1_000_000_000, 2)
    fts = search_fts5.create(where / "fts5.db")
    real = real_vectors(model, src)
    rng = np.random.default_rng(5)
    vindex = vectors.VectorIndex(where / "vectors.usearch", real.shape[1])
    t_analyse = t_tantivy = t_fts = t_vec = 0.0
    batch: list[Any] = []
    keys: list[int] = []
    mixes: list[np.ndarray] = []
    for pid, (rec, a, b) in enumerate(search_corpus.records(src, n), start=1):
        t0 = time.perf_counter()
        fields = documents.fields_of(pid, rec, "bigram", "unknown")
        t1 = time.perf_counter()
        writer.add_document(documents.document(fields))
        t2 = time.perf_counter()
        t_analyse += t1 - t0
        t_tantivy += t2 - t1
        batch.append(search_fts5.row(pid, fields))
        keys.append(pid)
        mixes.append(0.6 * real[a] + 0.4 * real[b])
        if len(batch) == 20_000:
            t_fts += _flush_fts(fts, batch)
            t_vec += _flush_vectors(vindex, keys, mixes, rng)
            batch, keys, mixes = [], [], []
            print(f"  generated and indexed {pid:,}", flush=True)
    t_fts += _flush_fts(fts, batch)
    t_vec += _flush_vectors(vindex, keys, mixes, rng)
    t0 = time.perf_counter()
    writer.commit()
    writer.wait_merging_threads()
    t_tantivy += time.perf_counter() - t0
    t0 = time.perf_counter()
    fts.commit()
    fts.execute("INSERT INTO fts(fts) VALUES('optimize')")
    fts.commit()
    t_fts += time.perf_counter() - t0
    vindex.save()
    return {
        "fts": fts,
        "analyse_s": t_analyse,
        "tantivy_s": t_tantivy,
        "fts5_s": t_fts,
        "usearch_s": t_vec,
    }


def _flush_fts(db: Any, batch: list[Any]) -> float:
    t0 = time.perf_counter()
    search_fts5.insert(db, batch)
    return time.perf_counter() - t0


def _flush_vectors(
    vindex: vectors.VectorIndex, keys: list[int], mixes: list[np.ndarray], rng: Any
) -> float:
    if not keys:
        return 0.0
    arr = np.stack(mixes).astype(np.float32)
    arr += rng.normal(0, 0.02, arr.shape).astype(np.float32)
    arr /= np.linalg.norm(arr, axis=1, keepdims=True)
    t0 = time.perf_counter()
    vindex.index.add(np.asarray(keys, dtype=np.uint64), arr, threads=2)
    return time.perf_counter() - t0


def time_queries(
    where: Path, fts: Any, queries: list[tuple[str, str]]
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    store = where / "store"
    (store / "gen-bench").mkdir(parents=True)
    for item in (where / "tantivy").iterdir():
        item.rename(store / "gen-bench" / item.name)
    (store / "gen-bench" / "state.json").write_text('{"analyser": "bigram", "model": null}')
    (store / "CURRENT").write_text("gen-bench")
    engine = SearchEngine(store)
    for _, q in queries[:10]:  # warm the page cache of both engines
        engine.lexical(engine.query_of(syntax.parse(q), {}), offset=0, limit=20, facets=False)
        search_fts5.search(fts, syntax.parse(q))
    rows, per_kind = [], {}
    agree = 0
    for kind, q in queries:
        parsed = syntax.parse(q)
        t0 = time.perf_counter()
        res = engine.lexical(engine.query_of(parsed, {}), offset=0, limit=20, facets=False)
        t1 = time.perf_counter()
        engine.lexical(engine.query_of(parsed, {}), offset=0, limit=20, facets=True)
        t2 = time.perf_counter()
        total, _ = search_fts5.search(fts, parsed)
        t3 = time.perf_counter()
        agree += total == res.total
        per_kind.setdefault(kind, []).append(((t1 - t0) * 1000, (t2 - t1) * 1000, (t3 - t2) * 1000))
        rows.append(
            {
                "kind": kind,
                "query": q,
                "tantivy_ms": round((t1 - t0) * 1000, 2),
                "fts5_ms": round((t3 - t2) * 1000, 2),
                "tantivy_total": res.total,
                "fts5_total": total,
            }
        )
    return rows, {"per_kind": per_kind, "agree": agree, "engine": engine}


def semantic_latency(model: str, where: Path, src: search_corpus.Sources) -> list[float]:
    vindex = vectors.VectorIndex(where / "vectors.usearch", vectors.embedder(model).dim)
    rnd = random.Random(11)
    texts = [
        rnd.choice(src.titles) if i % 2 else rnd.choice(src.sentences)
        for i in range(SEMANTIC_QUERIES)
    ]
    vectors.embed_query(model, "预热")
    out = []
    for text in texts:
        t0 = time.perf_counter()
        vindex.nearest(vectors.embed_query(model, text), 100)
        out.append((time.perf_counter() - t0) * 1000)
    return out


def main() -> None:
    n = int(os.environ.get("BENCH_SEARCH_RECORDS", "1000000"))
    settings = settings_mod.load()
    model = settings.search_model if settings.search_model != "none" else "use"
    src = search_corpus.sources(settings.shared_path)
    queries = make_queries(src)
    where = Path(tempfile.mkdtemp(prefix="zhichan-bench-", dir=os.environ.get("BENCH_TMP")))
    try:
        print(
            f"== Search speed: {n:,} GENERATED records (from real KPPatent-ZH texts) ==", flush=True
        )
        built = build(n, src, where, model)
        built["tantivy_bytes"] = sum(
            f.stat().st_size for f in (where / "tantivy").rglob("*") if f.is_file()
        )
        rows, timing = time_queries(where, built["fts"], queries)
        sem = semantic_latency(model, where, src)
        summary = summarise(n, built, timing, sem, model)
        print_table(summary, ["measure", "value", "unit"])
        path = write_result(
            "search_speed",
            data=f"{n:,} GENERATED records spliced from the 3,720 real KPPatent-ZH texts "
            "(labelled generated); 200 generated queries from real title words; vectors "
            "GENERATED from real embeddings",
            method="one process, 2 cores; Tantivy (bigram analyser, 2 indexing threads) and "
            "SQLite FTS5 (unicode61 over the same token streams) built from the same analysed "
            "records; latency = wall time of top-20 with total count, after 10 warm-up "
            "queries; semantic = query "
            f"embedding ({model}) + usearch top-100 (f16, cosine)",
            rows=[*summary, {"measure": "per query", "rows": rows}],
        )
        print(f"written {path}")
    finally:
        shutil.rmtree(where, ignore_errors=True)


def summarise(
    n: int, built: dict[str, Any], timing: dict[str, Any], sem: list[float], model: str
) -> list[dict[str, Any]]:
    all_t = [t for v in timing["per_kind"].values() for t, _, _ in v]
    all_f = [f for v in timing["per_kind"].values() for _, _, f in v]
    all_facets = [x for v in timing["per_kind"].values() for _, x, _ in v]
    out = [
        {"measure": "records", "value": n, "unit": "generated"},
        {
            "measure": "analysis (Python) + Tantivy build",
            "value": round(n / (built["analyse_s"] + built["tantivy_s"])),
            "unit": "records/s",
        },
        {
            "measure": "Tantivy indexing alone",
            "value": round(n / built["tantivy_s"]),
            "unit": "records/s",
        },
        {
            "measure": "FTS5 insert (same tokens)",
            "value": round(n / built["fts5_s"]),
            "unit": "records/s",
        },
        {"measure": "usearch insert", "value": round(n / built["usearch_s"]), "unit": "vectors/s"},
        {
            "measure": "Tantivy index on disk per million records",
            "value": round(built["tantivy_bytes"] / n * 1_000_000 / 2**20),
            "unit": "MB",
        },
        {"measure": "Tantivy p50 (200 mixed)", "value": percentile(all_t, 50), "unit": "ms"},
        {"measure": "Tantivy p95 (200 mixed)", "value": percentile(all_t, 95), "unit": "ms"},
        {"measure": "Tantivy + facets p50", "value": percentile(all_facets, 50), "unit": "ms"},
        {"measure": "Tantivy + facets p95", "value": percentile(all_facets, 95), "unit": "ms"},
        {"measure": "FTS5 p50", "value": percentile(all_f, 50), "unit": "ms"},
        {"measure": "FTS5 p95", "value": percentile(all_f, 95), "unit": "ms"},
        {
            "measure": "FTS5 / Tantivy (p50)",
            "value": round(percentile(all_f, 50) / max(percentile(all_t, 50), 1e-3), 1),
            "unit": "×",
        },
        {
            "measure": "FTS5 / Tantivy (mean)",
            "value": round(statistics.mean(all_f) / statistics.mean(all_t), 1),
            "unit": "×",
        },
        {
            "measure": "same total count in both engines",
            "value": timing["agree"],
            "unit": f"of {QUERIES}",
        },
        {
            "measure": f"semantic p50 ({model} + usearch)",
            "value": percentile(sem, 50),
            "unit": "ms",
        },
        {
            "measure": f"semantic p95 ({model} + usearch)",
            "value": percentile(sem, 95),
            "unit": "ms",
        },
    ]
    for kind, vals in timing["per_kind"].items():
        for engine, col in (("Tantivy", 0), ("FTS5", 2)):
            times = [v[col] for v in vals]
            both = f"{percentile(times, 50)} / {percentile(times, 95)}"
            out.append({"measure": f"{engine} p50 / p95 {kind}", "value": both, "unit": "ms"})
    return out


if __name__ == "__main__":
    main()
