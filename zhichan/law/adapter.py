"""A learned reweighting of the question's sentence-embedding dimensions for statute search.

The embedding model was not trained on statutes, and an everyday question's vector lies in a
different region than the article that answers it. One weight per dimension of the *question*
vector (the articles' shipped vectors are untouched) is fitted so that, over all articles, the
softmax of the cosines puts the answering articles first; an L2 penalty keeps the weights near
1 (the plain model). It is fitted by ``benchmarks/law_selection.py`` on the tuning part of the
development set, shown by five-fold cross-validation to help on held-out questions before it
is used, and written to ``adapter_model.py`` with the model it belongs to.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from zhichan.law import adapter_model

L2 = 0.01
STEPS = 300
RATE = 0.5
TEMPERATURE = 20.0


def fit(
    questions: np.ndarray,
    answers: Sequence[Sequence[int]],
    articles: np.ndarray,
    l2: float = L2,
    steps: int = STEPS,
    temperature: float = TEMPERATURE,
) -> np.ndarray:
    """Per-dimension weights for ``questions`` (rows, unit length) so that each question's
    ``answers`` (row positions in ``articles``) come first by cosine. Deterministic."""
    target = np.zeros((len(questions), len(articles)))
    for i, rows in enumerate(answers):
        target[i, list(rows)] = 1.0 / len(rows)
    w = np.ones(questions.shape[1])
    for _ in range(steps):
        scaled = questions * w
        norm = np.linalg.norm(scaled, axis=1, keepdims=True)
        unit = scaled / norm
        logits = temperature * (unit @ articles.T)
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        p /= p.sum(axis=1, keepdims=True)
        grad_unit = temperature * (p - target) @ articles
        # Through the normalisation: only the part orthogonal to the unit vector moves it.
        grad_scaled = (grad_unit - unit * (grad_unit * unit).sum(axis=1, keepdims=True)) / norm
        grad = (grad_scaled * questions).sum(axis=0) / len(questions) + l2 * (w - 1.0)
        w -= RATE * grad
    return w


def apply(vector: np.ndarray, weights: np.ndarray) -> np.ndarray:
    scaled = np.asarray(vector, dtype=np.float64) * weights
    return (scaled / (np.linalg.norm(scaled) or 1.0)).astype(np.float32)


def shipped(model: str | None, dim: int) -> np.ndarray | None:
    """The fitted weights for ``model``'s vectors; None for another model or none fitted."""
    weights = adapter_model.WEIGHTS
    if model != adapter_model.MODEL or len(weights) != dim:
        return None
    return np.array(weights, dtype=np.float64)


def adapt(model: str | None, vector: np.ndarray) -> np.ndarray:
    """The question vector as the ranking uses it: reweighted when weights were fitted for this
    model, unchanged otherwise."""
    weights = shipped(model, len(vector))
    return vector if weights is None else apply(vector, weights)
