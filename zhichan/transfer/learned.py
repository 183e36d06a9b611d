"""The active learned ranking (trained by ``transfer.learning``) applied to a seeker's
candidates; kept apart from the training so that matching needs none of it."""

from __future__ import annotations

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from zhichan.core import logistic
from zhichan.transfer import scoring
from zhichan.transfer.models import RankModel

FEATURES = scoring.SIGNALS
#: The learned model re-orders this many of the hand-set ranking's best.
RERANK = 50


def value(parts: dict[str, np.ndarray], name: str, j: int) -> float:
    part = parts.get(name)
    return float(part[0, j]) if part is not None else 0.0


def active(session: Session) -> RankModel | None:
    return session.scalar(select(RankModel).where(RankModel.active.is_(True)))


def rerank(
    model: RankModel, parts: dict[str, np.ndarray], candidates: list[int]
) -> list[tuple[int, float]]:
    """The candidates re-ordered by the learned model's probability of interest."""
    w = np.array([model.coefficients["bias"], *(model.coefficients[n] for n in FEATURES)])
    x = np.array([[value(parts, n, j) for n in FEATURES] for j in candidates])
    p = logistic.probability(x, w) if len(candidates) else np.array([])
    order = sorted(range(len(candidates)), key=lambda i: (-p[i], i))
    return [(candidates[i], float(p[i])) for i in order]
