"""Coefficients of the statute re-ranker, written by ``benchmarks/law_selection.py``.

Fusion: bm25 art 1, bm25 para 0.5, e5 art 0.5, e5 para 0.5, k 2, expansion 0.6, not in
force ×0.1, other region ×0.5. Five-fold CV held-out MRR on the tuning part: {'fusion':
0.708, 'l2 0.1': 0.729, 'l2 1': 0.725, 'l2 10': 0.72}.
"""

COEFFICIENTS: dict[str, float] = {
    "bias": -8.507124,
    "rr_bm25_article": 0.737433,
    "rr_bm25_passage": 1.696632,
    "rr_sem_article": 3.504774,
    "rr_sem_passage": 1.710456,
    "cos_article": 0.204324,
    "cos_passage": -0.519618,
    "bm25_article_rel": 4.257423,
    "bm25_passage_rel": -0.014164,
    "fused_rel": 3.442585,
    "level_regulation": -1.499821,
    "level_interpretation": -0.818372,
    "level_local": -0.135118,
    "not_in_force": -0.034698,
    "local_elsewhere": -2.225218,
    "named": -0.146399,
    "paragraphs": 0.065475,
    "area_match": 0.244137,
    "area_other": -1.177970,
}
