"""Search quality on KPPatent-ZH (real data): which analyser, which model, and fusion.

The ``split: test`` patents are the queries, searched among all 3,720:
(a) query = the first claim, documents indexed without their claims;
(b) query = the title, documents indexed without their titles.
Reported: Recall@1, Recall@10 and MRR (reciprocal rank within the top 100, else 0) for
BM25 with each analyser, each embedding model (usearch ANN), and hybrid (RRF, k=60, of the
best BM25 and the best model). Embeddings are cached in var/bench-cache by text hash.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import tantivy

from benchmarks.report import print_table, write_result
from zhichan.core import settings as settings_mod
from zhichan.fulltext import analysis, fusion, vectors
from zhichan.patents.importers import kppatent
from zhichan.search import documents
from zhichan.search.compile import Compiler

TOP = 100
CACHE = Path("var/bench-cache")


def load(shared: Path) -> list[dict[str, Any]]:
    path = shared / "data/patents/kppatent-zh/patents.jsonl"
    out = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            obj = json.loads(line)
            rec = kppatent.record(obj, "kppatent-zh").to_dict()
            rec["_split"] = obj["split"]
            out.append(rec)
    return out


def bm25_ranks(
    recs: list[dict[str, Any]], drop: str, queries: list[str], analyser: str
) -> list[list[int]]:
    return [[pid for pid, _score in hits] for hits in bm25_hits(recs, drop, queries, analyser)]


def bm25_hits(
    recs: list[dict[str, Any]], drop: str, queries: list[str], analyser: str
) -> list[list[tuple[int, float]]]:
    """Per query, its top 100 records (position in ``recs``) with their BM25 scores, as the
    search index ranks a free-text query."""
    index = tantivy.Index(documents.schema(analyser))
    index.register_tokenizer(analysis.TOKENIZER, analysis.tantivy_analyser())
    writer = index.writer(200_000_000, 1)
    for pid, rec in enumerate(recs):
        doc = dict(rec, **{drop: [] if drop == "claims" else None})
        writer.add_document(documents.document(documents.fields_of(pid, doc, analyser, "unknown")))
    writer.commit()
    writer.wait_merging_threads()
    index.reload()
    searcher = index.searcher()
    compiler = Compiler(index.schema, analyser)
    out = []
    for q in queries:
        hits = searcher.search(compiler.free_text(q), TOP).hits
        pids = searcher.fast_field_values("pid", [a for _, a in hits])
        out.append([(int(p), float(s)) for p, (s, _a) in zip(pids, hits, strict=True)])
    return out


def cached_embeddings(model: str, texts: list[str], query: bool) -> np.ndarray:
    CACHE.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256(("\n".join(texts) + f"|{model}|{query}").encode()).hexdigest()[:16]
    path = CACHE / f"{model}-{'q' if query else 'p'}-{digest}.npy"
    if path.exists():
        return np.load(path)
    if query:
        arr = np.stack([vectors.embed_query(model, t) for t in texts])
    else:
        parts = [vectors.embed_passages(model, texts[i : i + 32]) for i in range(0, len(texts), 32)]
        arr = np.concatenate(parts)
    np.save(path, arr)
    return arr


def semantic_ranks(
    model: str, passages: list[str], queries: list[str]
) -> tuple[list[list[int]], float, float]:
    t0 = time.perf_counter()
    pv = cached_embeddings(model, passages, False)
    t1 = time.perf_counter()
    qv = cached_embeddings(model, queries, True)
    t2 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        vi = vectors.VectorIndex(Path(tmp) / "v.usearch", pv.shape[1])
        vi.upsert(list(range(len(passages))), pv)
        ranks = [[k for k, _ in vi.nearest(v, TOP)] for v in qv]
    return ranks, t1 - t0, t2 - t1


def metrics(ranks: list[list[int]], gold: list[int]) -> dict[str, float]:
    r1 = r10 = rr = 0.0
    for ranking, g in zip(ranks, gold, strict=True):
        if ranking[:1] == [g]:
            r1 += 1
        if g in ranking[:10]:
            r10 += 1
        if g in ranking:
            rr += 1.0 / (ranking.index(g) + 1)
    n = len(gold)
    return {"recall@1": round(r1 / n, 4), "recall@10": round(r10 / n, 4), "mrr": round(rr / n, 4)}


def task(recs: list[dict[str, Any]], name: str) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    test = [i for i, r in enumerate(recs) if r["_split"] == "test"]
    if name == "claim→doc":
        # 32 of the 696 test patents have no claims in the dataset: they have no query.
        test = [i for i in test if recs[i]["claims"]]
        drop = "claims"
        queries = [recs[i]["claims"][0]["text"] for i in test]
        passages = [vectors.passage_text(r["title_zh"], r["abstract_zh"]) for r in recs]
    else:
        drop = "title_zh"
        queries = [recs[i]["title_zh"] or "" for i in test]
        passages = [vectors.passage_text(None, r["abstract_zh"]) for r in recs]
    rows: list[dict[str, Any]] = []
    lists: dict[str, list[list[int]]] = {}
    for analyser in analysis.ANALYSERS:
        t = time.perf_counter()
        lists[f"bm25-{analyser}"] = bm25_ranks(recs, drop, queries, analyser)
        seconds = round(time.perf_counter() - t, 1)
        rows.append(_row(name, f"BM25 {analyser}", lists[f"bm25-{analyser}"], test, seconds))
    for model in vectors.MODELS:
        ranks, p_s, q_s = semantic_ranks(model, passages, queries)
        lists[f"sem-{model}"] = ranks
        rows.append(_row(name, f"semantic {model}", ranks, test, round(p_s + q_s, 1)))
    for bm in analysis.ANALYSERS:
        for model in vectors.MODELS:
            fused = _fused(lists[f"bm25-{bm}"], lists[f"sem-{model}"])
            rows.append(_row(name, f"hybrid {bm}+{model}", fused, test, ""))
    return rows, {"lists": lists, "gold": test}


def _row(
    task: str, method: str, ranks: list[list[int]], gold: list[int], secs: Any
) -> dict[str, Any]:
    return {
        "task": task,
        "method": method,
        "queries": len(gold),
        **metrics(ranks, gold),
        "seconds": secs,
    }


def _fused(
    lexical: list[list[int]],
    semantic: list[list[int]],
    k: int = fusion.K,
    w: float = fusion.VECTOR_WEIGHT,
) -> list[list[int]]:
    return [
        [key for key, _ in fusion.rrf([a, b], (1.0, w), k)][:TOP]
        for a, b in zip(lexical, semantic, strict=True)
    ]


GRID_K = (1, 3, 5, 10, 60)
GRID_W = (0.3, 0.5, 0.7, 1.0)


def selection(runs: dict[str, dict[str, Any]], bm: str, model: str) -> list[dict[str, Any]]:
    """MRR gain of each (k, w) over BM25 on the even- and odd-numbered queries of each task:
    the product's constants are the maximin choice on the even half."""
    rows = []
    for k in GRID_K:
        for w in GRID_W:
            row: dict[str, Any] = {"k": k, "vector_weight": w}
            for name, run in runs.items():
                lex, sem, gold = (
                    run["lists"][f"bm25-{bm}"],
                    run["lists"][f"sem-{model}"],
                    run["gold"],
                )
                fused = _fused(lex, sem, k, w)
                for half, pick in (("even", 0), ("odd", 1)):
                    idx = [i for i in range(len(gold)) if i % 2 == pick]
                    gain = (
                        metrics([fused[i] for i in idx], [gold[i] for i in idx])["mrr"]
                        - metrics([lex[i] for i in idx], [gold[i] for i in idx])["mrr"]
                    )
                    row[f"{name} {half}"] = round(gain, 4)
            rows.append(row)
    return rows


def main() -> None:
    shared = settings_mod.load().shared_path
    recs = load(shared)
    rows_a, run_a = task(recs, "claim→doc")
    rows_b, run_b = task(recs, "title→doc")
    rows = rows_a + rows_b
    print("\n== Search quality on KPPatent-ZH (real data, test patents among all 3,720) ==")
    print_table(rows, ["task", "method", "queries", "recall@1", "recall@10", "mrr", "seconds"])
    grid = selection({"claim→doc": run_a, "title→doc": run_b}, "bigram", "e5")
    print(
        f"\n== Hybrid parameters: MRR gain over BM25 (product: k={fusion.K}, "
        f"vector weight {fusion.VECTOR_WEIGHT}) =="
    )
    print_table(grid, list(grid[0]))
    path = write_result(
        "search_quality",
        data="KPPatent-ZH, 3,720 real Chinese patents; queries = the 696 split:test patents",
        method="(a) first claim vs documents without claims; (b) title vs documents without "
        "titles; MRR within top 100; semantic = usearch cosine over title+abstract (first "
        f"{vectors.MAX_CHARS} chars); hybrid = weighted RRF k={fusion.K}, weights BM25 "
        f"{fusion.LEXICAL_WEIGHT} / vectors {fusion.VECTOR_WEIGHT} over the top 100 of each; "
        "(a) leaves out the 32 test patents that have no claims",
        rows=[*rows, {"hybrid_selection": grid}],
    )
    print(f"written {path}")


if __name__ == "__main__":
    main()
