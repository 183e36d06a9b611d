"""Choosing the statute ranking's weights by five-fold cross-validation on the tuning part.

For every question the four retrievers' lists (BM25 over articles and paragraphs for each
expansion weight, cosine over article and paragraph vectors) are computed once by the
product's own code (:func:`zhichan.law.ranking.signals`); every setting of the grid is then a
cheap fusion of those lists, vectorised here exactly as :func:`ranking.fuse` computes it (a test
checks the two agree). Objective: MRR over the top 100 on the tuning part; among settings
within :data:`TIE` of the best, the one whose worst role scores best. The untouched third of
the development set is not read here.
"""

from __future__ import annotations

import itertools
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from zhichan.core import logistic
from zhichan.law import adapter, ranking, rerank
from zhichan.law.retrieval import ArticleIndex, Signals

LIST_WEIGHTS = (0.0, 0.5, 1.0)
KS = (2.0, 5.0, 10.0, 30.0)
EXPANSIONS = (0.0, 0.3, 0.6, 1.0)
NOT_IN_FORCE = (0.05, 0.1, 0.25, 0.5, 1.0)
LOCAL = (0.5, 1.0)
FOLDS = 5
# MRR differences this small are within the noise of a few hundred questions; among them the
# setting whose worst role is best is taken.
TIE = 0.005
MISSING = 10**6
EPS = 1e-12


@dataclass(slots=True)
class Prepared:
    """One question's lists, as ranks of its candidate articles."""

    candidates: np.ndarray  # entry positions
    ranks: dict[float, np.ndarray]  # expansion → 4 × candidates ranks (MISSING when absent)
    multiplier_in_force: np.ndarray  # 1 for in-force instruments, 0 for the others
    multiplier_local: np.ndarray  # 1 unless a local regulation of a region not named
    gold: np.ndarray  # bool over candidates


def prepare(
    index: ArticleIndex,
    question: str,
    gold: set[int],
    vectors: tuple[np.ndarray, np.ndarray],
    query_vector: np.ndarray,
) -> Prepared:
    sigs: dict[float, Signals] = {}
    for e in EXPANSIONS:
        w = ranking.Weights(1, 1, 1, 1, 20, e, 1, 1)
        sigs[e] = ranking.signals(index, question, vectors, query_vector, None, w)
    pool: set[int] = set()
    for sig in sigs.values():
        for name in ranking.LISTS:
            pool.update(getattr(sig, name))
    candidates = np.array(sorted(pool), dtype=np.int64)
    ranks = {}
    for e, sig in sigs.items():
        m = np.full((len(ranking.LISTS), len(candidates)), MISSING, dtype=np.float64)
        for li, name in enumerate(ranking.LISTS):
            r = ranking.ranks_of(getattr(sig, name))
            m[li] = [r.get(int(c), MISSING) for c in candidates]
        ranks[e] = m
    named = ranking.regions_named(question)
    entries = [index.entries[int(c)] for c in candidates]
    in_force = np.array([ranking.in_force(e) for e in entries], dtype=np.float64)
    local = np.array([ranking.local_elsewhere(e, named) for e in entries], dtype=bool)
    return Prepared(
        candidates,
        ranks,
        in_force,
        (~local).astype(np.float64),
        np.array([int(c) in gold for c in candidates]),
    )


def settings() -> list[ranking.Weights]:
    out = []
    for ws in itertools.product(LIST_WEIGHTS, repeat=4):
        if not any(ws):
            continue
        for k, e, nf, lo in itertools.product(KS, EXPANSIONS, NOT_IN_FORCE, LOCAL):
            if not (ws[0] or ws[1]) and e:
                continue  # expansion only changes BM25
            out.append(ranking.Weights(*ws, k, e, nf, lo))
    return out


def reciprocal_ranks(prepared: Sequence[Prepared], grid: Sequence[ranking.Weights]) -> np.ndarray:
    """settings × questions matrix of 1/rank of the first gold article (0 beyond 100)."""
    out = np.zeros((len(grid), len(prepared)))
    weights = np.array([[g.of(n) for n in ranking.LISTS] for g in grid])
    groups: dict[tuple[float, float], list[int]] = {}
    for i, g in enumerate(grid):
        groups.setdefault((g.k, g.expansion), []).append(i)
    for qi, p in enumerate(prepared):
        if not p.gold.any():
            continue
        for (k, e), rows in groups.items():
            contrib = 1.0 / (k + p.ranks[e])  # 4 × candidates; MISSING gives ~0
            contrib[p.ranks[e] >= MISSING] = 0.0
            base = weights[rows] @ contrib  # rows × candidates
            nf = np.array([grid[r].not_in_force for r in rows])[:, None]
            lo = np.array([grid[r].local for r in rows])[:, None]
            mult = (p.multiplier_in_force + (1 - p.multiplier_in_force) * nf) * (
                p.multiplier_local + (1 - p.multiplier_local) * lo
            )
            scores = base * mult
            gold_scores = np.where(p.gold, scores, -1.0)
            best_gold = gold_scores.max(axis=1)
            # Ties go to the lower entry position, as ranking.fuse orders them.
            first_gold = np.argmax(gold_scores >= best_gold[:, None] - EPS, axis=1)
            above = scores > best_gold[:, None] + EPS
            tied = (np.abs(scores - best_gold[:, None]) <= EPS) & (
                np.arange(len(p.candidates))[None, :] < first_gold[:, None]
            )
            rank = above.sum(axis=1) + tied.sum(axis=1) + 1
            rr = np.where((best_gold > 0) & (rank <= ranking.DEPTH), 1.0 / rank, 0.0)
            out[rows, qi] = rr
    return out


def choose(rr: np.ndarray, roles: np.ndarray) -> int:
    """Best mean MRR; within TIE of it, the best worst role."""
    mean = rr.mean(axis=1)
    near = np.flatnonzero(mean >= mean.max() - TIE)
    worst = [min(rr[i, roles == r].mean() for r in np.unique(roles)) for i in near]
    return int(near[int(np.argmax(worst))])


def cross_validate(rr: np.ndarray, roles: np.ndarray, folds: np.ndarray) -> dict[str, Any]:
    """Held-out MRR of the setting chosen on the other folds, per fold and overall."""
    held = np.zeros(rr.shape[1])
    chosen = []
    for f in range(FOLDS):
        train = folds != f
        best = choose(rr[:, train], roles[train])
        chosen.append(best)
        held[~train] = rr[best, ~train]
    return {"held_out_rr": held, "chosen": chosen}


def fold_of(n: int) -> np.ndarray:
    return np.arange(n) % FOLDS


L2 = (0.1, 1.0, 10.0)


@dataclass(slots=True)
class Candidates:
    """One question's fused top candidates: features, gold labels and the fused ranks."""

    x: np.ndarray
    y: np.ndarray
    fused_rr: float  # 1/rank of the first gold article by fusion alone (0 beyond 100)


def candidates(
    index: ArticleIndex,
    question: str,
    gold: set[int],
    vectors: tuple[np.ndarray, np.ndarray],
    query_vector: np.ndarray,
    weights: ranking.Weights,
) -> Candidates:
    sig = ranking.signals(index, question, vectors, query_vector, None, weights)
    fused = ranking.fuse(index, question, sig, weights, ranking.DEPTH)
    head = fused[: ranking.CANDIDATES]
    x = ranking.candidate_features(index, question, sig, head)
    y = np.array([r.entry in gold for r in head], dtype=np.float64)
    first = next((n for n, r in enumerate(fused, 1) if r.entry in gold), None)
    return Candidates(x, y, 1.0 / first if first else 0.0)


def learned_rr(c: Candidates, coefficients: np.ndarray) -> float:
    if not c.y.any():
        return c.fused_rr  # gold beyond the re-ranked head keeps its fused rank
    s = logistic.logits(c.x, coefficients)
    best = s[c.y > 0].max()
    return 1.0 / (int((s > best).sum()) + 1)


def fit_on(cands: Sequence[Candidates], l2: float) -> np.ndarray:
    x = np.vstack([c.x for c in cands])
    y = np.concatenate([c.y for c in cands])
    return logistic.fit(x, y, l2)


def cross_validate_model(cands: Sequence[Candidates], folds: np.ndarray) -> dict[str, Any]:
    """Held-out MRR of the re-ranker per penalty, beside fusion alone on the same questions."""
    out: dict[str, Any] = {"fusion": round(float(np.mean([c.fused_rr for c in cands])), 3)}
    for l2 in L2:
        held = np.zeros(len(cands))
        for f in range(FOLDS):
            train = [c for c, k in zip(cands, folds, strict=True) if k != f]
            w = fit_on(train, l2)
            for i in np.flatnonzero(folds == f):
                held[i] = learned_rr(cands[i], w)
        out[f"l2 {l2:g}"] = round(float(held.mean()), 3)
    return out


def write_model(path: Any, coefficients: np.ndarray | None, note: str) -> None:
    lines = [
        '"""Coefficients of the statute re-ranker, written by ``benchmarks/law_selection.py``.',
        "",
        *textwrap.wrap(note, 90),
        '"""',
        "",
        "COEFFICIENTS: dict[str, float] = {",
    ]
    if coefficients is not None:
        for name, value in zip(("bias", *rerank.FEATURES), coefficients, strict=True):
            lines.append(f'    "{name}": {float(value):.6f},')
    lines.append("}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def held_out_adapted(
    questions: np.ndarray,
    answers: Sequence[Sequence[int]],
    articles: np.ndarray,
    folds: np.ndarray,
    fit: Callable[[np.ndarray, Sequence[Sequence[int]], np.ndarray], np.ndarray] = adapter.fit,
) -> np.ndarray:
    """Each question's vector reweighted by the adapter fitted (by ``fit``) on the other folds
    only, so the lists, features and re-ranker built from them see it as they would a new
    question."""
    out = np.zeros_like(questions)
    for f in range(FOLDS):
        train = np.flatnonzero(folds != f)
        weights = fit(questions[train], [answers[i] for i in train], articles)
        for i in np.flatnonzero(folds == f):
            out[i] = adapter.apply(questions[i], weights)
    return out


def write_adapter(path: Any, model: str, weights: np.ndarray | None, note: str) -> None:
    lines = [
        '"""Weights of the statute question adapter, written by ``benchmarks/law_selection.py``.',
        "",
        *textwrap.wrap(note, 90),
        '"""',
        "",
        f'MODEL = "{model}"',
        "WEIGHTS: tuple[float, ...] = (",
    ]
    values = [] if weights is None else [f"{float(v):.6f}," for v in weights]
    lines += ["    " + " ".join(values[i : i + 8]) for i in range(0, len(values), 8)]
    lines.append(")")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
