"""Matching quality on the development set of needs (benchmarks/data/transfer_needs.jsonl).

66 technical needs written for this project in an SME owner's words ("我们厂…想找…"), each
judged against the 3,720 real KPPatent-ZH patents: the candidates were pooled from the top 12
of the lexical and the semantic matcher (and, later, the top 5 of the search domain's BM25),
read, and graded 2 (answers the need) or 1 (related, partly useful); unjudged patents count as
not relevant. Reported: P@5 (grade ≥ 1) and
nDCG@10 (gain 2^g − 1) for the lexical text signal alone (TF-IDF over the search analyser's
terms), the semantic signal alone (multilingual-e5-small vectors of title + abstract), the
combined matcher of ``zhichan.transfer.scoring`` with the semantic weight chosen on the even
needs (nDCG@10) and reported on the odd ones as well, and the shipped weights. A patent only
another system brings up counts as not relevant here; the lay needs' pools
(``transfer_lay.py``) were drawn from six systems.
The KPPatent records carry no IPC, province or owner, so the industry, region, own-patent and
tier signals are zero for every patent here and cannot change a ranking; the scale benchmark
exercises them. The match-strength calibration is fitted on the pairs of both graded sets.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks import transfer_lay
from benchmarks.report import print_table, write_result
from benchmarks.search_quality import cached_embeddings, load
from zhichan.core import logistic
from zhichan.core import settings as settings_mod
from zhichan.fulltext import analysis, vectors
from zhichan.transfer import calibration, recommendations, scoring

NEEDS = Path(__file__).parent / "data" / "transfer_needs.jsonl"
GRID = (1.0, 2.0, 4.0, 8.0, 12.0, 16.0, 24.0, 32.0)


def _text(rec: dict[str, Any]) -> str:
    claims = " ".join(c["text"] for c in rec.get("claims") or [])
    return "。".join(filter(None, [rec.get("title_zh"), rec.get("abstract_zh"), claims]))


def metrics(
    scores: np.ndarray, needs: list[dict[str, Any]], ids: list[str], rows: list[int]
) -> dict[str, float]:
    p5, ndcg = [], []
    for i in rows:
        rel: dict[str, int] = needs[i]["relevant"]
        top = np.argsort(-scores[i], kind="stable")[:10]
        gains = [rel.get(ids[j], 0) for j in top]
        p5.append(sum(1 for g in gains[:5] if g > 0) / 5)
        dcg = sum((2**g - 1) / math.log2(k + 2) for k, g in enumerate(gains))
        ideal = sorted(rel.values(), reverse=True)[:10]
        ndcg.append(dcg / sum((2**g - 1) / math.log2(k + 2) for k, g in enumerate(ideal)))
    return {"p@5": round(float(np.mean(p5)), 4), "ndcg@10": round(float(np.mean(ndcg)), 4)}


def dev_set() -> tuple[scoring.Corpus, list[dict[str, Any]], list[str], np.ndarray]:
    """The development needs over the 3,720 patents (the corpus carries their e5 vectors) and
    the needs' query vectors."""
    recs = load(settings_mod.load().shared_path)
    ids = [r["number"].split(":", 1)[1] for r in recs]
    needs = [json.loads(line) for line in NEEDS.read_text(encoding="utf-8").splitlines()]
    passages = [vectors.passage_text(r.get("title_zh"), r.get("abstract_zh")) for r in recs]
    corpus = scoring.Corpus.build(
        [scoring.Doc(key=i, text=_text(r)) for i, r in enumerate(recs)],
        lambda s: analysis.terms(s, "bigram"),
        vectors=cached_embeddings("e5", passages, query=False),
    )
    qv = cached_embeddings("e5", [n["need"] for n in needs], query=True)
    return corpus, needs, ids, qv


def main() -> None:
    corpus, needs, ids, qv = dev_set()
    parts = corpus.components([scoring.Seeker(n["need"]) for n in needs], qv)
    every = list(range(len(needs)))
    even, odd = every[0::2], every[1::2]
    grid = []
    for w in GRID:
        combined = corpus.score(
            [scoring.Seeker(n["need"]) for n in needs], scoring.Weights(text=1, semantic=w), qv
        )
        grid.append((w, metrics(combined, needs, ids, even), combined))
    best_w, _m, best = max(grid, key=lambda g: (g[1]["ndcg@10"], g[1]["p@5"], -g[0]))
    shipped = corpus.score([scoring.Seeker(n["need"]) for n in needs], recommendations.WEIGHTS, qv)
    rows = []
    for label, scores in (
        ("text alone (TF-IDF, lexical)", parts["text"]),
        ("semantic alone (e5)", parts["semantic"]),
        (f"combined (text + {best_w}·semantic + other signals)", best),
        ("the shipped matcher's weights", shipped),
    ):
        rows.append(
            {
                "method": label,
                **metrics(scores, needs, ids, every),
                "odd half ndcg@10": metrics(scores, needs, ids, odd)["ndcg@10"],
            }
        )
    print(f"\n== Matching quality: {len(needs)} needs × {len(ids)} real patents ==")
    print_table(rows, ["method", "p@5", "ndcg@10", "odd half ndcg@10"])
    print("weight selection on the even needs (nDCG@10):")
    print_table(
        [{"semantic weight": w, **m} for w, m, _s in grid], ["semantic weight", "p@5", "ndcg@10"]
    )
    path = write_result(
        "transfer_quality",
        data=f"{len(needs)} development needs ({NEEDS.name}), "
        f"{sum(len(n['relevant']) for n in needs)} judgements, KPPatent-ZH {len(ids)} patents",
        method="P@5 and nDCG@10; pooled judgements (top 12 lexical ∪ top 12 semantic); "
        "semantic weight chosen on even needs",
        rows=[*rows, {"selection": [{"w": w, **m} for w, m, _s in grid], "chosen": best_w}],
    )
    print(f"written {path}")
    calibrate(corpus, needs, ids, qv)


TOP = 20
CAL_FOLDS = 5
CALIBRATION_FILE = Path(__file__).parent.parent / "zhichan" / "transfer" / "calibration_model.py"


def calibration_pairs(
    corpus: scoring.Corpus, needs: list[dict[str, Any]], ids: list[str], qv: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each need's top 20 by the product's matcher: (semantic, text) per pair, the judged
    label (grade ≥ 1) and the need's index."""
    seekers = [scoring.Seeker(n["need"]) for n in needs]
    weights = recommendations.WEIGHTS if qv is not None else scoring.Weights(text=1.0)
    scores = corpus.score(seekers, weights, qv)
    parts = corpus.components(seekers, qv, frozenset({"text", "semantic"}))
    xs, ys, groups = [], [], []
    for i, top in enumerate(scoring.top_k(scores, TOP)):
        rel = needs[i]["relevant"]
        for j in top:
            sem = float(parts["semantic"][i, j]) if "semantic" in parts else 0.0
            xs.append([sem, float(parts["text"][i, j])])
            ys.append(1.0 if rel.get(ids[j], 0) >= 1 else 0.0)
            groups.append(i)
    return np.array(xs), np.array(ys), np.array(groups)


def lay_set() -> tuple[scoring.Corpus, list[dict[str, Any]], list[str], np.ndarray]:
    """The lay needs' tuning part over the demo pool (its corpus carries the e5 vectors)."""
    ids, corpus, _passages = transfer_lay.pool(settings_mod.load().shared_path)
    needs = [n for n in transfer_lay.load_needs() if n["part"] == "tune"]
    qv = np.stack([vectors.embed_query("e5", n["need"]) for n in needs]).astype(np.float32)
    return corpus, needs, ids, qv


def calibrate(
    corpus: scoring.Corpus, needs: list[dict[str, Any]], ids: list[str], qv: np.ndarray
) -> None:
    """Fit the match-strength calibration (with and without vectors) on the pairs of both
    graded sets — these needs and the lay needs' tuning part — five-fold CV over needs;
    ``--write-calibration`` writes zhichan/transfer/calibration_model.py."""
    models: dict[str, np.ndarray] = {}
    rows = []
    sets = [(corpus, needs, ids, qv), lay_set()]
    for kind, semantic, cols in (("semantic", True, [0, 1]), ("text", False, [1])):
        found = [calibration_pairs(c, n, i, q if semantic else None) for c, n, i, q in sets]
        x = np.concatenate([f[0] for f in found])[:, cols]
        y = np.concatenate([f[1] for f in found])
        groups = np.concatenate([f[2] + 1000 * k for k, f in enumerate(found)])
        held = np.zeros(len(y))
        for f in range(CAL_FOLDS):
            test = groups % CAL_FOLDS == f
            w = logistic.fit(x[~test], y[~test], l2=0.1)
            held[test] = logistic.probability(x[test], w)
        models[kind] = logistic.fit(x, y, l2=0.1)
        strength = np.round(100 * held)
        for floor, label in calibration.BANDS:
            ceiling = min((f for f, _l in calibration.BANDS if f > floor), default=101)
            band = (strength >= floor) & (strength < ceiling)
            rows.append(
                {
                    "model": kind,
                    "band": label,
                    "pairs": int(band.sum()),
                    "mean strength": round(float(strength[band].mean()), 1) if band.any() else "",
                    "judged relevant": round(float(y[band].mean()), 3) if band.any() else "",
                }
            )
        brier = float(np.mean((held - y) ** 2))
        base = float(np.mean((y.mean() - y) ** 2))
        rows.append(
            {
                "model": kind,
                "band": "Brier (held out)",
                "pairs": len(y),
                "mean strength": round(brier, 4),
                "judged relevant": f"base {base:.4f}",
            }
        )
    print(f"\n== Match strength calibration: top {TOP} per need, five-fold CV over needs ==")
    print_table(rows, ["model", "band", "pairs", "mean strength", "judged relevant"])
    write_result(
        "transfer_calibration",
        data=f"{len(needs)} development needs and the lay needs' tuning part, top {TOP} each "
        "by the matcher, judged labels",
        method="logistic regression (L2 0.1) of relevance on semantic and text similarity; "
        "held-out predictions by five-fold CV over needs",
        rows=rows,
    )
    if "--write-calibration" in sys.argv:
        lines = [
            '"""Match-strength calibration, written by ``benchmarks/transfer_quality.py``."""',
            "",
            "COEFFICIENTS: dict[str, dict[str, float]] = {",
        ]
        for kind, w in models.items():
            names = ("bias", *calibration.FEATURES[kind])
            body = ", ".join(f'"{n}": {float(v):.6f}' for n, v in zip(names, w, strict=True))
            lines.append(f'    "{kind}": {{{body}}},')
        lines.append("}")
        CALIBRATION_FILE.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
