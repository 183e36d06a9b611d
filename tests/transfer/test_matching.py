"""Needs, explained matches, pushes, feedback, deals and statistics on real patents
(the first 300 KPPatent-ZH records put into 甲大学's pool)."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tests.support.sheets import read_xlsx
from tests.transfer.conftest import KPPATENT, REAL, TODAY
from zhichan.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from zhichan.core.principal import Principal
from zhichan.transfer import deals, enterprise, push, recommendations, service, stats
from zhichan.transfer.models import Message, Push
from zhichan.transfer.schemas import ItemUpdate, NeedIn, ProfileIn

NEED = "养殖场附近的合作社，想把畜禽粪便和秸秆做成有机肥，需要有机肥配方和生产方法。"
FERTILISER = (
    "kppatent-zh:kp-test-0010"  # 一种有机肥料及制备方法和应用 (judged relevant in the dev set)
)


def real_numbers() -> list[str]:
    lines = KPPATENT.read_text(encoding="utf-8").splitlines()[:REAL]
    return [f"kppatent-zh:{json.loads(x)['id']}" for x in lines]


@pytest.fixture
def pooled(tdb: Session, who: dict[str, Principal]) -> list[str]:
    univ = who["a_editor"]
    numbers = real_numbers()
    service.add_patents(session=tdb, principal=univ, numbers=numbers)
    service.update_items(session=tdb, principal=univ, numbers=numbers, today=TODAY,
                         changes=ItemUpdate(prospect="较好", status="已盘点"))  # fmt: skip
    assert service.publish(session=tdb, principal=univ, today=TODAY) == REAL
    return numbers


def test_a_need_gets_explained_matches(
    tdb: Session, who: dict[str, Principal], pooled: list[str]
) -> None:
    firm = who["firm"]
    need = enterprise.add_need(
        session=tdb, principal=firm, data=NeedIn(title="有机肥技术", text=NEED)
    )
    result = recommendations.match_need(session=tdb, principal=firm, need_id=need.id, k=5)
    assert result.pool_size == REAL and not result.semantic
    top = result.items[0]
    assert top.number == FERTILISER
    # Shared words as a person reads them: 有机肥, not the index's pair 机肥.
    assert "有机肥" in top.terms and "机肥" not in top.terms and top.passage
    text = next(s for s in top.signals if s.name == "text")
    assert text.value > 0 and text.contribution == pytest.approx(text.value * text.weight, abs=1e-3)
    with pytest.raises(NotFound):
        recommendations.match_need(session=tdb, principal=who["b_editor"], need_id=need.id)
    reverse = recommendations.match_patent(
        session=tdb, principal=who["office"], item_id=top.item_id, k=3
    )
    assert reverse and reverse[0].name == "丙公司"
    # The enterprise's words stay its own; another institution or enterprise sees nothing.
    assert "terms" not in reverse[0].model_dump()
    for outsider in ("b_editor", "firm"):
        with pytest.raises(NotFound):
            recommendations.match_patent(session=tdb, principal=who[outsider], item_id=top.item_id)


def test_push_feedback_deal_and_statistics(
    tdb: Session, who: dict[str, Principal], pooled: list[str]
) -> None:
    firm, office, univ = who["firm"], who["office"], who["a_editor"]
    enterprise.save_profile(
        session=tdb, principal=firm, data=ProfileIn(scope="有机肥料生产与销售，畜禽粪便资源化利用")
    )
    enterprise.add_need(session=tdb, principal=firm, data=NeedIn(title="有机肥", text=NEED))
    with pytest.raises(PermissionDenied):
        push.run(session=tdb, principal=firm, k=2, today=TODAY)
    plan = push.run(session=tdb, principal=office, k=2, dry_run=True, today=TODAY)
    assert plan.dry_run and plan.pairs and tdb.scalar(select(func.count(Push.id))) == 0
    done = push.run(session=tdb, principal=office, k=2, today=TODAY)
    pushed = {x.number for x in done.pairs}
    assert FERTILISER in pushed and all(x.enterprise == "丙公司" for x in done.pairs)
    assert tdb.scalar(select(func.count(Message.id)).where(Message.org_id == firm.org_id)) == 1
    again = push.run(session=tdb, principal=office, k=2, today=TODAY)
    assert not pushed & {x.number for x in again.pairs}  # never the same pair twice
    lines = push.to_csv(done).lstrip("\ufeff").splitlines()
    assert lines[0].startswith("批次") and len(lines) == len(done.pairs) + 1
    item = next(x.item_id for x in done.pairs if x.number == FERTILISER)
    deals.give_feedback(session=tdb, principal=firm, item_id=item,
                        data=deals.FeedbackIn(intent="许可", prospect="好", evaluation="配方成熟", public=True))  # fmt: skip
    seen = deals.evaluations(session=tdb, principal=who["b_editor"], item_id=item)
    assert [e.evaluation for e in seen] == ["配方成熟"]
    deal = deals.open_deal(
        session=tdb, principal=firm, data=deals.DealIn(item_id=item, mode="许可"), today=TODAY
    )
    assert deal.status == "proposed" and deal.next_by == "专利所属单位"
    step = lambda who, to, amount=None: deals.advance(  # noqa: E731
        session=tdb, principal=who, deal_id=deal.id,
        data=deals.StepIn(to=to, amount=amount), today=TODAY,
    )  # fmt: skip
    with pytest.raises(PermissionDenied, match="由专利所属单位办理"):
        step(firm, "对接中")  # the side that proposed cannot accept for the other
    step(univ, "对接中")
    with pytest.raises(Conflict):
        step(univ, "实施")
    with pytest.raises(InvalidInput):
        step(univ, "签约")
    with pytest.raises(PermissionDenied):
        step(firm, "签约", Decimal(1))  # the institution records the contract
    step(univ, "签约", Decimal(300000))
    step(univ, "登记备案")
    with pytest.raises(PermissionDenied, match="由企业办理"):
        step(univ, "实施")  # only the enterprise declares that it implements
    deal = step(firm, "实施")
    assert deal.status == "implemented" and len(deal.history) == 5
    with pytest.raises(NotFound):
        deals.get(session=tdb, principal=who["bank"], deal_id=deal.id)
    page = service.list_items(session=tdb, principal=univ, status="transferred")
    assert [i.number for i in page.items] == [FERTILISER]
    s = stats.compute(session=tdb, principal=office)
    assert (s.pool, s.intents, s.deals) == (REAL, {"许可": 1}, {"implemented": 1})
    assert s.amount == Decimal(300000) and s.licences == 1
    assert s.conversion_rate == round(1 / REAL, 4) and s.industrialisation_rate == 1.0
    assert s.feedback_rate == round(1 / s.pushes, 4) and s.open_rate >= s.feedback_rate
    book = read_xlsx(stats.to_xlsx(s))
    assert dict(book["总览"][1:4]) == {"资源库规模": REAL, "推送": s.pushes, "打开率": s.open_rate}
    assert list(book)[1:] == ["按产业", "按机构", "按地区", "按期间"]


def test_showing_recommendations_counts_the_push_as_opened(
    tdb: Session, who: dict[str, Principal], pooled: list[str]
) -> None:
    firm, office = who["firm"], who["office"]
    enterprise.add_need(session=tdb, principal=firm, data=NeedIn(title="有机肥", text=NEED))
    push.run(session=tdb, principal=office, k=2, today=TODAY)
    shown = recommendations.match_enterprise(session=tdb, principal=firm, k=15)
    for m in shown.items:
        if m.pushed:
            deals.mark_opened(session=tdb, principal=firm, item_id=m.item_id)
    s = stats.compute(session=tdb, principal=office)
    assert s.opened >= 1 and s.answered == 0
