"""Learning the match ranking from what enterprises answered.

Labels: an enterprise's feedback on a pool patent — any of the six intents but 无需求 is a
positive, 无需求 a negative — and a deal that reached a contract is a positive whatever the
feedback said. Features: the matcher's signals for that enterprise (its profile and open
needs as the seeker) and that patent. A logistic regression is fitted on the older 70 % of the
labelled pairs and compared with the hand-set weights on the newest 30 % (held back, by the
time the answer was given) by ROC-AUC; it becomes the active model only when both parts hold
both kinds of answer, at least ``MIN_HELD`` pairs are held back and it beats the hand-set
weights by ``MARGIN``. Every training is kept as a numbered version with its measurements;
matches say which ranking ordered them (cold start: the hand-set weights).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from zhichan.core import logistic
from zhichan.search.service import SearchEngine
from zhichan.transfer import learned, recommendations, states
from zhichan.transfer.models import Deal, Feedback, RankModel

FEATURES = learned.FEATURES
NEGATIVE = "无需求"
HELD_SHARE = 0.3
MIN_HELD = 10
MARGIN = 0.02


@dataclass(frozen=True, slots=True)
class Trained:
    version: int
    active: bool
    train_pairs: int
    held_pairs: int
    auc_learned: float | None
    auc_hand: float | None
    note: str


def labels(session: Session) -> list[tuple[int, int, float]]:
    """(enterprise org, pool item, 1/0), oldest answer first."""
    rows = session.execute(
        select(Feedback.enterprise_org_id, Feedback.item_id, Feedback.intent).order_by(
            Feedback.created_at, Feedback.id
        )
    ).all()
    out = {(org, item): 0.0 if intent == NEGATIVE else 1.0 for org, item, intent in rows}
    signed = session.execute(
        select(Deal.enterprise_org_id, Deal.item_id).where(Deal.status.in_(states.SIGNED))
    ).all()
    for org, item in signed:
        out[(org, item)] = 1.0
    return [(org, item, y) for (org, item), y in out.items()]


def features(
    session: Session, pool: recommendations.Pool, pairs: list[tuple[int, int, float]]
) -> tuple[np.ndarray, np.ndarray]:
    """The signals of each labelled pair still in the pool, and its label."""
    rows, ys = [], []
    by_org: dict[int, list[tuple[int, float]]] = {}
    for org, item, y in pairs:
        if item in pool.row_of:
            by_org.setdefault(org, []).append((pool.row_of[item], y))
    order = {(org, item): n for n, (org, item, _y) in enumerate(pairs)}
    keyed = []
    for org, found in by_org.items():
        seeker = recommendations.seeker_for(session, org)
        qv = recommendations.query_vector(pool, seeker.text)
        parts = pool.corpus.components([seeker], qv)
        for j, y in found:
            item = pool.items[j].item_id
            keyed.append((order[(org, item)], [learned.value(parts, n, j) for n in FEATURES], y))
    keyed.sort()
    for _n, x, y in keyed:
        rows.append(x)
        ys.append(y)
    return np.array(rows, dtype=np.float64).reshape(len(rows), len(FEATURES)), np.array(ys)


def auc(scores: np.ndarray, y: np.ndarray) -> float | None:
    pos, neg = scores[y > 0], scores[y == 0]
    if not len(pos) or not len(neg):
        return None
    wins = (pos[:, None] > neg[None, :]).sum() + 0.5 * (pos[:, None] == neg[None, :]).sum()
    return float(wins / (len(pos) * len(neg)))


def train(*, session: Session, engine: SearchEngine | None = None) -> Trained:
    """Fit, measure against the hand-set weights on the held-back answers, store a version."""
    pool = recommendations.pool(session=session, engine=engine)
    x, y = features(session, pool, labels(session))
    held = round(len(y) * HELD_SHARE)
    cut = len(y) - held
    hand_w = np.array([recommendations.WEIGHTS.of(n) for n in FEATURES])
    coefficients: np.ndarray | None = None
    auc_learned = auc_hand = None
    if held >= MIN_HELD and len(set(y[:cut])) == 2 and len(set(y[cut:])) == 2:
        coefficients = logistic.fit(x[:cut], y[:cut], l2=1.0)
        auc_learned = auc(logistic.logits(x[cut:], coefficients), y[cut:])
        auc_hand = auc(x[cut:] @ hand_w, y[cut:])
    better = auc_learned is not None and auc_hand is not None and auc_learned > auc_hand + MARGIN
    if coefficients is None:
        note = f"反馈不足：{len(y)} 对已标注，需留出至少 {MIN_HELD} 对且两类回答都有"
    elif better:
        note = f"留出的 {held} 对上 AUC {auc_learned:.3f}，优于人工权重的 {auc_hand:.3f}，已启用"
    else:
        note = f"留出的 {held} 对上 AUC {auc_learned:.3f}，未优于人工权重的 {auc_hand:.3f}，未启用"
    if better and coefficients is not None:
        # Refit on every answer now that the held-back ones have shown it generalises.
        coefficients = logistic.fit(x, y, l2=1.0)
        session.execute(update(RankModel).values(active=False))
    latest = session.scalar(select(RankModel.version).order_by(RankModel.version.desc()))
    row = RankModel(
        version=(latest or 0) + 1,
        coefficients=(
            {n: float(v) for n, v in zip(("bias", *FEATURES), coefficients, strict=True)}
            if coefficients is not None
            else {}
        ),
        train_pairs=cut,
        held_pairs=held,
        auc_learned=auc_learned,
        auc_hand=auc_hand,
        active=better,
        note=note,
    )
    session.add(row)
    session.flush()
    return Trained(row.version, better, cut, held, auc_learned, auc_hand, note)
