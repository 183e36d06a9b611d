"""The statute ranking: the selection benchmark's vectorised fusion computes what the product
computes, and the re-ranker's fit separates what it is shown."""

from __future__ import annotations

import json
import random

import numpy as np

from benchmarks import law_selection
from tests.law.test_ask import DEVSET, LawDb
from zhichan.core import logistic
from zhichan.db.session import unit_of_work
from zhichan.law import ranking, rerank, service


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
