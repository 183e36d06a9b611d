"""The statute ranking: the selection benchmark's vectorised fusion computes what the product
computes, the re-ranker's fit separates what it is shown, and the question adapter learns
which dimensions carry the answer."""

from __future__ import annotations

import json
import random

import numpy as np

from benchmarks import law_selection
from tests.law.test_ask import DEVSET, LawDb
from zhichan.core import logistic
from zhichan.db.session import unit_of_work
from zhichan.law import adapter, ranking, rerank, service


def test_selection_fusion_equals_the_product(law_db: LawDb) -> None:
    qs = [json.loads(line) for line in DEVSET.read_text(encoding="utf-8").splitlines()]
    tune = [q for q in qs if q["part"] == "tune"][:12]
    rng = np.random.default_rng(7)
    with unit_of_work(law_db[1]) as session:
        index = service.index_for(session=session, analyser="bigram")
        position = {e.article_id: i for i, e in enumerate(index.entries)}

        def unit(n: int) -> np.ndarray:
            m = rng.normal(size=(n, 16))
            return m / np.linalg.norm(m, axis=1, keepdims=True)

        vectors = (unit(len(index.entries)), unit(len(index.passages)))
        grid = random.Random(3).sample(law_selection.settings(), 6)
        for q in tune:
            gold = {
                position[service.article_by_citation(session=session, citation=g).id]
                for g in q["gold"]
            }
            qv = unit(1)[0]
            prepared = law_selection.prepare(index, q["q"], gold, vectors, qv)
            fast = law_selection.reciprocal_ranks([prepared], grid)[:, 0]
            for w, expected in zip(grid, fast, strict=True):
                ranked = ranking.rank(index, q["q"], vectors, qv, None, w, model=None)
                first = next((n for n, r in enumerate(ranked, 1) if r.entry in gold), None)
                assert expected == (1 / first if first else 0.0), (q["q"], w)


def test_reranker_fit_orders_by_the_informative_feature() -> None:
    rng = np.random.default_rng(1)
    x = rng.normal(size=(400, 3))
    y = (x[:, 1] + 0.1 * rng.normal(size=400) > 0.5).astype(float)
    w = logistic.fit(x, y, l2=0.1)
    assert w[2] > 2 and abs(w[1]) < 1 and abs(w[3]) < 1
    s = logistic.logits(x, w)
    assert s[y > 0].mean() > s[y == 0].mean()


def test_shipped_ranking_uses_the_fitted_model() -> None:
    model = ranking.shipped_model()
    assert model is not None and model.shape == (len(rerank.FEATURES) + 1,)


def _unit(x: np.ndarray) -> np.ndarray:
    return x / np.linalg.norm(x, axis=-1, keepdims=True)


def test_adapter_learns_to_ignore_dimensions_that_do_not_carry_the_answer() -> None:
    """Questions are their answer's vector on the first 8 dimensions and loud noise on the
    other 8: fitted on some questions, the weights lower the noise and rank held-out
    questions' answers higher than the plain cosine does."""
    rng = np.random.default_rng(7)
    articles = _unit(np.hstack([rng.normal(size=(60, 8)), 0.1 * rng.normal(size=(60, 8))]))
    targets = rng.integers(0, 60, size=200)
    noise = np.hstack([np.zeros((200, 8)), 3 * rng.normal(size=(200, 8))])
    questions = _unit(articles[targets] + noise)

    def mean_rank(q: np.ndarray, idx: np.ndarray) -> float:
        sims = _unit(q[idx]) @ articles.T
        return float(
            np.mean([(row > row[t]).sum() + 1 for row, t in zip(sims, targets[idx], strict=True)])
        )

    train, test = np.arange(150), np.arange(150, 200)
    w = adapter.fit(questions[train], [[t] for t in targets[train]], articles)
    assert w[8:].mean() < w[:8].mean()
    adapted = np.stack([adapter.apply(q, w) for q in questions])
    assert np.allclose(np.linalg.norm(adapted, axis=1), 1.0, atol=1e-5)
    assert mean_rank(adapted, test) < mean_rank(questions, test)
    assert np.array_equal(w, adapter.fit(questions[train], [[t] for t in targets[train]], articles))


def test_adapter_applies_only_to_the_model_it_was_fitted_for() -> None:
    v = _unit(np.arange(1, 385, dtype=np.float64)).astype(np.float32)
    assert adapter.adapt("use", v) is v  # another model: unchanged
    short = v[:10]
    assert adapter.adapt("e5", short) is short  # other dimensions: unchanged
    weights = adapter.shipped("e5", 384)
    assert weights is not None and np.all(np.isfinite(weights)) and np.all(weights > 0)
    moved = adapter.adapt("e5", v)
    assert moved is not v and abs(float(np.linalg.norm(moved)) - 1.0) < 1e-5
