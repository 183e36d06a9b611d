"""Coefficients of the statute re-ranker, written by ``benchmarks/law_selection.py``.

Fusion: bm25 art 1, bm25 para 1, e5 art 0.5, e5 para 1, k 10, expansion 1, not in force
×0.05, other region ×0.5. Question vectors: adapted. Five-fold CV held-out MRR on the
tuning part: {'fusion': 0.736, 'l2 0.1': 0.749, 'l2 1': 0.754, 'l2 10': 0.757}.
"""

COEFFICIENTS: dict[str, float] = {
    "bias": -8.525515,
    "rr_bm25_article": 1.153134,
    "rr_bm25_passage": 1.066959,
    "rr_sem_article": 1.413221,
    "rr_sem_passage": 1.376900,
    "cos_article": 0.455679,
    "cos_passage": 0.541125,
    "bm25_article_rel": 1.801223,
    "bm25_passage_rel": 1.655317,
    "fused_rel": 3.000613,
    "level_regulation": -0.844094,
    "level_interpretation": -0.338349,
    "level_local": -0.206335,
    "not_in_force": 0.000000,
    "local_elsewhere": -0.273925,
    "named": -0.027864,
    "paragraphs": -0.145131,
    "area_match": 0.089085,
    "area_other": -0.360462,
}
