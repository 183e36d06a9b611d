"""Statute retrieval quality on the development set (benchmarks/data/law_questions.jsonl).

163 everyday-language questions written for this project — as a university transfer officer,
an SME owner or a judge would ask — each with its gold article(s), spread over the laws,
regulations, judicial interpretations in shared/data/law. Recall@1, Recall@5 and MRR (rank
within the top 100) for BM25 with each analyser, for e5 vectors, and for hybrid (the search
domain's weighted RRF, not re-tuned here). Runs on a temporary SQLite database; article
vectors are cached in var/bench-cache/law.
"""

from __future__ import annotations

import json
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from benchmarks.report import print_table, write_result
from zhichan.core import settings as settings_mod
from zhichan.db import migrate
from zhichan.db.engine import make_engine
from zhichan.db.session import make_session_factory, unit_of_work
from zhichan.law import questions, service

QUESTIONS = Path(__file__).parent / "data" / "law_questions.jsonl"
CACHE = Path("var/bench-cache")


def load_questions() -> list[dict[str, Any]]:
    return [json.loads(line) for line in QUESTIONS.read_text(encoding="utf-8").splitlines() if line]


def metrics(ranks: list[int | None]) -> dict[str, float]:
    n = len(ranks)
    return {
        "recall@1": round(sum(1 for r in ranks if r == 1) / n, 3),
        "recall@5": round(sum(1 for r in ranks if r is not None and r <= 5) / n, 3),
        "mrr": round(sum(1 / r for r in ranks if r) / n, 3),
    }


def evaluate(
    session: Any,
    qs: list[dict[str, Any]],
    *,
    analyser: str,
    mode: str,
    model: str | None,
    data_dir: Path,
) -> tuple[list[int | None], float]:
    gold = [
        {service.article_by_citation(session=session, citation=g).id for g in q["gold"]} for q in qs
    ]
    ranks: list[int | None] = []
    started = time.perf_counter()
    for q, g in zip(qs, gold, strict=True):
        res = questions.ask_question(
            session=session,
            question=q["q"],
            data_dir=data_dir,
            model=model,
            analyser=analyser,
            mode=mode,
            k=100,
        )
        ids = [h.article_id for h in res.hits]
        ranks.append(next((i + 1 for i, a in enumerate(ids) if a in g), None))
    return ranks, (time.perf_counter() - started) * 1000 / len(qs)


def main() -> None:
    shared = settings_mod.load().shared_path
    qs = load_questions()
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{tmp}/law.db")
        migrate.upgrade(engine)
        factory = make_session_factory(engine)
        with unit_of_work(factory) as session:
            service.load_corpus(session=session, root=shared / "data" / "law")
            t = time.perf_counter()
            computed = service.embed_articles(session=session, data_dir=CACHE, model="e5")
            embed_s = time.perf_counter() - t
            rows = []
            per_who: dict[str, dict[str, list[int | None]]] = defaultdict(dict)
            for label, analyser, mode in (
                ("BM25 bigram", "bigram", "bm25"),
                ("BM25 jieba", "jieba", "bm25"),
                ("semantic e5", "bigram", "semantic"),
                ("hybrid bigram+e5", "bigram", "hybrid"),
                ("hybrid jieba+e5", "jieba", "hybrid"),
            ):
                ranks, ms = evaluate(
                    session, qs, analyser=analyser, mode=mode, model="e5", data_dir=CACHE
                )
                rows.append({"method": label, **metrics(ranks), "ms/question": round(ms, 1)})
                for who in {q["who"] for q in qs}:
                    per_who[label][who] = [
                        r for r, q in zip(ranks, qs, strict=True) if q["who"] == who
                    ]
        engine.dispose()
    print(
        f"\n== Statute retrieval: {len(qs)} development questions "
        f"(article vectors: {computed} computed in {embed_s:.0f} s) =="
    )
    print_table(rows, ["method", "recall@1", "recall@5", "mrr", "ms/question"])
    by_who = [
        {"method": m, "who": w, "n": len(r), **metrics(r)}
        for m, d in per_who.items()
        for w, r in d.items()
    ]
    print_table(by_who, ["method", "who", "n", "recall@1", "recall@5", "mrr"])
    path = write_result(
        "law_retrieval",
        data=f"{len(qs)} questions written for this project with gold articles; "
        "the 64 statutes of shared/data/law",
        method="rank of the first gold article among the top 100; hybrid = weighted RRF of "
        "the search domain (k=3, vectors 0.5), not re-tuned",
        rows=[*rows, {"by_persona": by_who}],
    )
    print(f"written {path}")


if __name__ == "__main__":
    main()
