"""The ranking learned from feedback: cold start on the hand-set weights, a version stored with
its held-back measurements at every training, and the learned order used only when it beat
the hand-set weights on the held-back answers."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.transfer.test_matching import NEED, pooled  # noqa: F401  (fixture)
from zhichan.core.principal import Principal
from zhichan.transfer import deals, enterprise, learning, recommendations
from zhichan.transfer import jobs as transfer_jobs
from zhichan.transfer.models import RankModel
from zhichan.transfer.schemas import NeedIn, ProfileIn


def _answer(tdb: Session, firm: Principal, item_ids: list[int], intent: str) -> None:
    for item_id in item_ids:
        deals.give_feedback(session=tdb, principal=firm, item_id=item_id,
                            data=deals.FeedbackIn(intent=intent))  # fmt: skip


def test_feedback_trains_a_versioned_ranking(
    tdb: Session,
    who: dict[str, Principal],
    pooled: list[str],  # noqa: F811
) -> None:
    firm = who["firm"]
    enterprise.save_profile(session=tdb, principal=firm,
                            data=ProfileIn(scope="有机肥料生产与销售，畜禽粪便资源化利用"))  # fmt: skip
    need = enterprise.add_need(session=tdb, principal=firm, data=NeedIn(title="有机肥", text=NEED))
    cold = recommendations.match_need(session=tdb, principal=firm, need_id=need.id, k=40)
    assert "人工设定" in cold.ranking and all(m.ranking_version is None for m in cold.items)

    # Too few answers: a version is stored, says why, and is not used.
    ranked = [m.item_id for m in cold.items]
    _answer(tdb, firm, ranked[:3], "许可")
    first = learning.train(session=tdb)
    assert (first.version, first.active) == (1, False) and "反馈不足" in first.note

    # The firm says it wants what the hand-set weights put last and not what they put first:
    # the held-back answers show the learned model ranks better, so it becomes active.
    # Answers alternate, so the newest (held-back) ones hold both kinds.
    half = len(ranked) // 2
    assert half >= 15
    for top, bottom in zip(ranked[:half], ranked[-half:], strict=True):
        _answer(tdb, firm, [top], "无需求")
        _answer(tdb, firm, [bottom], "转让")
    second = learning.train(session=tdb)
    assert second.version == 2 and second.held_pairs == round(2 * half * learning.HELD_SHARE)
    assert second.auc_learned is not None and second.auc_hand is not None
    assert second.active == (second.auc_learned > second.auc_hand + learning.MARGIN)
    assert second.active and "已启用" in second.note
    rows = list(tdb.scalars(select(RankModel).order_by(RankModel.version)))
    assert [r.active for r in rows] == [False, True] and rows[1].coefficients["text"] < 0
    learned = recommendations.match_need(session=tdb, principal=firm, need_id=need.id, k=5)
    assert "排序模型第 2 版" in learned.ranking
    assert all(m.ranking_version == 2 for m in learned.items)
    assert {m.item_id for m in learned.items} <= set(ranked[half:])


def test_retraining_is_queued_every_twenty_answers(
    tdb: Session,
    who: dict[str, Principal],
    pooled: list[str],  # noqa: F811
) -> None:
    firm = who["firm"]
    found = recommendations.match_text(session=tdb, text=NEED, k=20)
    _answer(tdb, firm, [m.item_id for m in found.items[:19]], "许可")
    transfer_jobs.retrain_if_due(tdb)
    assert not _queued(tdb)
    _answer(tdb, firm, [found.items[19].item_id], "许可")
    transfer_jobs.retrain_if_due(tdb)
    assert _queued(tdb)


def _queued(tdb: Session) -> bool:
    from zhichan.jobs.models import Job

    return tdb.scalar(select(Job).where(Job.kind == transfer_jobs.LEARN)) is not None
