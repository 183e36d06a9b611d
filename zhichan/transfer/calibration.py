"""Match strength 0–100: the probability that a person judging the pair would call the patent
relevant to the need, estimated from the pair's semantic and text similarity.

The raw score (weighted sum of signals) ranks but does not tell strong from weak: on lay needs
every top-10 score sat within a few tenths of each other. The strength is a logistic
regression fitted by ``benchmarks/transfer_quality.py`` on graded judgements (a pair judged
relevant, grade ≥ 1, against the unjudged and irrelevant ones among each need's top 20),
checked by five-fold cross-validation over needs; without semantic vectors a text-only model
is used. Bands: 强 when relevance is more likely than not (≥ 50), 较强 from 25, else 一般 —
so a list of weak matches looks weak.
"""

from __future__ import annotations

import numpy as np

from zhichan.core import logistic
from zhichan.transfer import calibration_model

BANDS = ((50, "强"), (25, "较强"), (0, "一般"))
FEATURES = {"semantic": ("semantic", "text"), "text": ("text",)}


def strength(semantic: float | None, text: float) -> int | None:
    """0–100, or None when no calibration was fitted for the signals available."""
    kind = "text" if semantic is None else "semantic"
    coefficients = calibration_model.COEFFICIENTS.get(kind)
    if not coefficients:
        return None
    values = {"semantic": semantic or 0.0, "text": text}
    x = np.array([[values[f] for f in FEATURES[kind]]])
    w = np.array([coefficients["bias"], *(coefficients[f] for f in FEATURES[kind])])
    return round(100 * float(logistic.probability(x, w)[0]))


def band(value: int) -> str:
    return next(label for floor, label in BANDS if value >= floor)
