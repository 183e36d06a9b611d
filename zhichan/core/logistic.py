"""Logistic regression by Newton's method — small enough to fit in a benchmark and ship as a
table of coefficients (the statute re-ranker, the match-strength calibration)."""

from __future__ import annotations

import numpy as np


def fit(x: np.ndarray, y: np.ndarray, l2: float = 1.0, steps: int = 50) -> np.ndarray:
    """Coefficients ``[bias, *weights]`` with an L2 penalty on the weights (not the bias)."""
    xb = np.hstack([np.ones((len(x), 1)), x])
    w = np.zeros(xb.shape[1])
    penalty = np.full(xb.shape[1], l2)
    penalty[0] = 0.0
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-(xb @ w)))
        grad = xb.T @ (p - y) + penalty * w
        hess = (xb * (p * (1 - p))[:, None]).T @ xb + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w


def logits(x: np.ndarray, coefficients: np.ndarray) -> np.ndarray:
    return coefficients[0] + x @ coefficients[1:]


def probability(x: np.ndarray, coefficients: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-logits(x, coefficients)))
