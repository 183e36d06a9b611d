"""Precision of the technology–effect extractor (``navigation.effects``) against hand labels.

Data: the 3,720 real KPPatent-ZH abstracts. Two samples of 80 extractions each (one per verb
that yields an effect), drawn with fixed seeds from shuffled records, the second from records
not in the first: *tuning* (seed 20261203; looked at while changing the extractor — negations,
compound heads) and *held-out* (seed 7; labelled once, after the changes, and not used to change
anything). Each extraction was judged by hand: is the phrase an effect the text states, with
the right direction? The judgments are ``benchmarks/data/effect_labels.jsonl`` (with the reason
for each wrong one). An extraction the labels do not cover (the extractor changed since) is
counted as unlabelled, not as right or wrong.
"""

from __future__ import annotations

import json
import math
import random
from collections.abc import Iterator
from pathlib import Path

from benchmarks.report import print_table, write_result
from zhichan.navigation import effects as e

DATA = Path(__file__).resolve().parents[2] / "shared/data/patents/kppatent-zh/patents.jsonl"
LABELS = Path(__file__).parent / "data/effect_labels.jsonl"
SIZE = 80


def extractions(text: str) -> Iterator[tuple[str, str]]:
    """(effect, context) for each verb of ``text`` that yields one, as ``effects_of`` reads."""
    for effect, m in e.extractions(text):
        yield effect, text[max(0, m.start() - 12) : m.end() + e.REACH].replace("\n", " ")


def sample(rows: list[dict[str, str]], seed: int, skip: set[str]) -> list[tuple[str, str, str]]:
    order = list(range(len(rows)))
    random.Random(seed).shuffle(order)
    out: list[tuple[str, str, str]] = []
    for i in order:
        if rows[i]["id"] in skip:
            continue
        out += [(rows[i]["id"], eff, ctx) for eff, ctx in extractions(rows[i].get("abstract", ""))]
        if len(out) >= SIZE:
            break
    return out[:SIZE]


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    if not n:
        return 0.0, 0.0
    p = k / n
    mid = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return round(mid - half, 3), round(mid + half, 3)


def main() -> None:
    rows = [json.loads(line) for line in DATA.open(encoding="utf-8")]
    labels = {}
    for line in LABELS.open(encoding="utf-8"):
        r = json.loads(line)
        labels[(r["part"], r["record"], r["context"], r["effect"])] = bool(r["correct"])
    tuning = sample(rows, 20261203, set())
    held = sample(rows, 7, {rid for rid, _, _ in tuning})
    out = []
    for part, items in (("tuning", tuning), ("held-out", held)):
        judged = [labels.get((part, rid, ctx, eff)) for rid, eff, ctx in items]
        right = sum(1 for j in judged if j)
        known = sum(1 for j in judged if j is not None)
        low, high = wilson(right, known)
        out.append(
            {
                "part": part,
                "extractions": len(items),
                "labelled": known,
                "correct": right,
                "precision": round(right / known, 3) if known else "",
                "wilson_95": f"{low}–{high}",
            }
        )
    print_table(out, ["part", "extractions", "labelled", "correct", "precision", "wilson_95"])
    write_result(
        "effect_precision",
        data="KPPatent-ZH 3,720 real abstracts; 2 × 80 extractions hand-labelled "
        "(benchmarks/data/effect_labels.jsonl)",
        method="precision = correct / labelled extractions; tuning sample looked at while "
        "changing the extractor, held-out sample not; Wilson 95 % interval",
        rows=out,
    )


if __name__ == "__main__":
    main()
