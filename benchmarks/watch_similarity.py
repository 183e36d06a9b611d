"""The watch's "new record like one of my patents" threshold, measured on real texts.

Data: the 3,720 KPPatent-ZH records (``../shared/data/patents/kppatent-zh``). There are no
labelled similar pairs, so two proxies: *same invention in other words* (a record's title and
abstract against its own claims: the pairs an alert must reach) and *random pairs* of distinct
records (almost all unrelated: the pairs that would be false alarms). The threshold (0.35,
``watch.schemas.WatchIn``) was chosen on the tuning part — the first half of the 664 records
that carry claims, and random pairs among records 0–1,999 (which also give the IDF, as the
scan's first-2,000 sample does); the second half and records 2,000 onward were kept out while
choosing and are reported apart.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from benchmarks.report import print_table, write_result
from zhichan.fulltext import similar

DATA = Path(__file__).resolve().parents[2] / "shared/data/patents/kppatent-zh/patents.jsonl"
THRESHOLDS = (0.25, 0.30, 0.35, 0.40, 0.50)
SPLIT = 2000


def _share(xs: list[float], t: float) -> float:
    return round(sum(x >= t for x in xs) / len(xs), 5) if xs else 0.0


def main() -> None:
    rows = [json.loads(line) for line in DATA.open(encoding="utf-8")]
    texts = ["\n".join(t for t in (r.get("title"), r.get("abstract")) if t) for r in rows]
    idf = similar.Idf.of(texts[:SPLIT])
    vecs = [similar.vector(t, idf) for t in texts]
    rng = random.Random(7)
    claimed = [i for i, r in enumerate(rows) if r.get("claims")]
    half = len(claimed) // 2
    parts = (
        ("tuning", claimed[:half], (0, SPLIT)),
        ("held-out", claimed[half:], (SPLIT, len(rows))),
    )
    out = []
    for part, with_claims, (lo, hi) in parts:
        same = [
            similar.cosine(vecs[i], similar.vector(rows[i]["claims"], idf))[0] for i in with_claims
        ]
        pairs = [(rng.randrange(lo, hi), rng.randrange(lo, hi)) for _ in range(30_000)]
        other = [similar.cosine(vecs[a], vecs[b])[0] for a, b in pairs if a != b]
        for t in THRESHOLDS:
            out.append(
                {
                    "part": part,
                    "threshold": t,
                    "same_invention_pairs": len(same),
                    "reached": _share(same, t),
                    "random_pairs": len(other),
                    "false_alarm_rate": _share(other, t),
                }
            )
    print_table(
        out,
        [
            "part",
            "threshold",
            "same_invention_pairs",
            "reached",
            "random_pairs",
            "false_alarm_rate",
        ],
    )
    write_result(
        "watch_similarity",
        data="KPPatent-ZH 3,720 real Chinese patent texts (title, abstract, claims)",
        method=(
            "cosine of TF-IDF jieba-word vectors (zhichan.fulltext.similar; IDF from records "
            "0-1999); tuning = first half of the records with claims and pairs among records "
            "0-1999, held-out = the rest; reached = share of same-invention pairs "
            "(title+abstract vs own claims) at "
            "or above the threshold; false_alarm_rate = share of 30,000 random distinct pairs "
            "at or above it; threshold chosen on 'tuning', 'held-out' not looked at while "
            "choosing"
        ),
        rows=out,
    )


if __name__ == "__main__":
    main()
