"""A learned re-ranking of the fused candidates: logistic regression over what the retrievers
and the instrument say about each article.

Features (one row per candidate article): the article's place in each of the four lists, its
cosine similarities and relative BM25 scores, its fused score, the instrument's level, whether
it is in force, a local regulation of a region the question does not name, whether the
question names the instrument, and how many paragraphs the article has. The coefficients are
fitted by ``benchmarks/law_selection.py`` on the tuning part of the development set (after
five-fold cross-validation showed the fit beats fusion alone on held-out folds; the fit is
``core.logistic``) and written to ``rerank_model.py``.
"""

from __future__ import annotations

import math

import numpy as np

from zhichan.law import names
from zhichan.law.retrieval import ArticleIndex, Signals

FEATURES = (
    "rr_bm25_article",
    "rr_bm25_passage",
    "rr_sem_article",
    "rr_sem_passage",
    "cos_article",
    "cos_passage",
    "bm25_article_rel",
    "bm25_passage_rel",
    "fused_rel",
    "level_regulation",
    "level_interpretation",
    "level_local",
    "not_in_force",
    "local_elsewhere",
    "named",
    "paragraphs",
    "area_match",
    "area_other",
)
#: The fields of IP a question and an instrument's title may name.
AREAS = {
    "专利": ("专利", "发明", "实用新型", "外观设计"),
    "商标": ("商标", "牌子", "品牌"),
    "著作权": ("著作权", "版权", "作品", "软件", "信息网络传播"),
    "不正当竞争": ("不正当竞争", "商业秘密", "配方", "混淆"),
    "植物新品种": ("植物新品种", "品种", "种子"),
    "布图设计": ("布图设计", "集成电路", "芯片"),
    "科技成果": ("科技成果", "技术合同", "技术成果", "科学技术"),
}
_LISTS = ("bm25_article", "bm25_passage", "sem_article", "sem_passage")


def features(
    index: ArticleIndex,
    question: str,
    sig: Signals,
    fused: dict[int, float],
    ranks: dict[str, dict[int, int]],
    candidates: list[int],
    in_force: list[bool],
    local_elsewhere: list[bool],
) -> np.ndarray:
    top_fused = max(fused.values(), default=1.0) or 1.0
    top_bm25 = max(sig.bm25_article.values(), default=1.0) or 1.0
    top_passage = max(sig.bm25_passage.values(), default=1.0) or 1.0
    asked = areas(question)
    rows = []
    for c, ok, local in zip(candidates, in_force, local_elsewhere, strict=True):
        e = index.entries[c]
        rows.append(
            [
                *(1.0 / (2 + ranks.get(name, {}).get(c, 10**6)) for name in _LISTS),
                sig.sem_article.get(c, 0.0),
                sig.sem_passage.get(c, 0.0),
                sig.bm25_article.get(c, 0.0) / top_bm25,
                sig.bm25_passage.get(c, 0.0) / top_passage,
                fused.get(c, 0.0) / top_fused,
                float(e.level == "行政法规"),
                float(e.level == "司法解释"),
                float(e.level == "地方性法规"),
                float(not ok),
                float(local),
                float(_named(e.title, e.short_name, question)),
                math.log1p(len(e.paragraphs) or 1),
                float(bool(asked & areas(e.title))),
                float(bool(asked) and bool(areas(e.title)) and not asked & areas(e.title)),
            ]
        )
    return np.array(rows, dtype=np.float64).reshape(len(candidates), len(FEATURES))


def areas(text: str) -> set[str]:
    return {area for area, words in AREAS.items() if any(w in text for w in words)}


def _named(title: str, short_name: str, question: str) -> bool:
    return short_name in question or any(n in question for n in names.short_names(title))
