"""Demo revitalisation on real patents: two demo universities' inventories, demo enterprises
with needs, a push, feedback and a deal.

The 696 real KPPatent-ZH test-split patents (titles, abstracts, claims) are assigned to the
two demo universities; the assessments (prospect, maturity, modes), the enterprises, their
needs, the demo firm's subscriptions and the deal are made up for the demo and say so
(【演示】). The needs are taken from the project's development set
(benchmarks/data/transfer_needs.jsonl).
"""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from zhichan.accounts import service as accounts_service
from zhichan.accounts.schemas import OrgCreate
from zhichan.core.principal import OrgKind, Principal
from zhichan.patents import service as patents_service
from zhichan.transfer import deals, enterprise, push, service, tiering
from zhichan.transfer.models import InventoryItem
from zhichan.transfer.schemas import ItemUpdate, NeedIn, ProfileIn, SubscriptionIn

#: Organisation names as the demo types them; ``_orgs`` finds them in either width.
UNIVERSITIES = ("演示理工大学（演示）", "演示农林大学（演示）")
FIRM = "演示智能装备有限公司（演示）"
#: (name, region, business scope, needs from the development set)
ENTERPRISES = (
    (FIRM, "浙江省", "家用电器零部件与智能装备制造，洗衣机配件、工业机器人配套线缆",
     ["我们是做滚筒洗衣机配件的，客户反映洗完衣服后内筒有异味、藏污垢，想找能让内外筒自己清洁除垢的技术。",
      "电缆厂，工业机器人手臂用的电缆经常弯折断裂，想做耐弯曲的机械臂电缆。"]),
    ("演示新材料科技有限公司（演示）", "江苏省", "高分子材料改性，碳纤维复合材料与涂料",
     ["碳纤维原丝厂，想改进聚丙烯腈基碳纤维的制备工艺，提高强度。",
      "涂料厂，想开发环保的水性彩钢板底漆，替代溶剂型产品。"]),
    ("演示环保工程有限公司（演示）", "浙江省", "工业烟气治理、水处理与固废资源化工程",
     ["钢铁厂要治理烟气粉尘，想找烟气除尘净化系统。",
      "做超滤膜的，膜用一段时间就被污染堵住，想找抗污染的PVDF膜改性技术。"]),
    ("演示农业发展合作社（演示）", "江苏省", "种植养殖一体化，有机肥生产与设施农业",
     ["养殖场附近的合作社，想把畜禽粪便和秸秆做成有机肥，需要有机肥配方和生产方法。",
      "园林苗木企业，想用赤玉土配制栽培基质。"]),
)  # fmt: skip
LABEL = "【演示】评估为演示构造"


def _orgs(session: Session) -> dict[str, int]:
    """The demo's organisations that exist, by the names the demo types."""
    names = (*UNIVERSITIES, *(e[0] for e in ENTERPRISES))
    found = {n: accounts_service.find_org(session=session, name=n) for n in names}
    return {n: i for n, i in found.items() if i is not None}


def load(*, session: Session, principal: Principal, today: date) -> int:
    """Create the demo once; returns the number of pool patents (0 when already there)."""
    orgs = _orgs(session)
    if not set(UNIVERSITIES) <= set(orgs) or FIRM not in orgs:
        return 0
    if session.scalar(
        select(InventoryItem.id).where(InventoryItem.owner_org_id == orgs[UNIVERSITIES[0]])
    ):
        return 0
    page = patents_service.list_patents(session=session, query="SRC=kppatent", limit=4000)
    numbers = [p.number for p in page.items if "kp-test" in p.number]
    numbers.sort()
    if not numbers:
        return 0
    half = len(numbers) * 4 // 7
    rng = random.Random(20261121)
    for uni, chunk in ((UNIVERSITIES[0], numbers[:half]), (UNIVERSITIES[1], numbers[half:])):
        _inventory(session, principal, orgs[uni], chunk, rng, today)
    pool = service.list_items(session=session, principal=None, pool=True, limit=1).total
    _enterprises(session, principal, orgs)
    # The demo patents carry no IPC codes (KPPatent-ZH has none), so the demo firm follows
    # an institution: its patents are marked 订阅 among the recommendations.
    followed = SubscriptionIn(kind="institution", value=str(orgs[UNIVERSITIES[0]]))
    enterprise.subscribe(session=session, principal=principal, org_id=orgs[FIRM], data=followed)
    report = push.run(session=session, principal=principal, k=5, today=today)
    _deal(session, principal, orgs[FIRM], report, today)
    return pool


def _inventory(session: Session, principal: Principal, org: int, numbers: list[str],
               rng: random.Random, today: date) -> None:  # fmt: skip
    service.add_patents(session=session, principal=principal, numbers=numbers, org_id=org)
    for number in numbers:
        prospect = rng.choice(("好", "较好", "较好", "一般", "一般", "不明"))
        status = "reviewed" if rng.random() < 0.9 else "pending"
        change = ItemUpdate(
            prospect=prospect, maturity=rng.choice(tiering.MATURITIES), status=status,
            modes=rng.sample(tiering.MODES, rng.choice((1, 2))), prospect_reasons=LABEL,
            contact_name="技术转移中心（演示）", contact_phone="0571-00000000",
        )  # fmt: skip
        service.update_items(session=session, principal=principal, numbers=[number],
                             changes=change, org_id=org, today=today)  # fmt: skip
    service.publish(session=session, principal=principal, org_id=org, today=today)


def _enterprises(session: Session, principal: Principal, orgs: dict[str, int]) -> None:
    for name, region, scope, needs in ENTERPRISES:
        if name not in orgs:
            org_in = OrgCreate(name=name, kind=OrgKind.ENTERPRISE, region=region)
            orgs[name] = accounts_service.create_org(
                session=session, org_in=org_in, principal=principal
            ).id
        enterprise.save_profile(session=session, principal=principal, org_id=orgs[name],
                                data=ProfileIn(scope=scope, region=region))  # fmt: skip
        for text in needs:
            enterprise.add_need(session=session, principal=principal, org_id=orgs[name],
                                data=NeedIn(title=text[:20], text=text))  # fmt: skip


def _deal(
    session: Session, principal: Principal, firm: int, report: push.PushReport, today: date
) -> None:
    mine = [x for x in report.pairs if x.enterprise_org_id == firm]
    if not mine:
        return
    first = mine[0]
    answer = deals.FeedbackIn(
        intent="许可", prospect="较好", public=True, evaluation="【演示】已小批量试用，适合我司产线"
    )
    deals.give_feedback(session=session, principal=principal, item_id=first.item_id,
                        data=answer, enterprise_org_id=firm)  # fmt: skip
    opened = deals.DealIn(item_id=first.item_id, mode="许可", enterprise_org_id=firm)
    deal = deals.open_deal(session=session, principal=principal, data=opened, today=today)
    accepted = deals.StepIn(to="negotiating", reason="【演示】企业确认对接")
    deals.advance(session=session, principal=principal, deal_id=deal.id, data=accepted, today=today)
    signed = deals.StepIn(to="signed", amount=Decimal(120000), reason="【演示】")
    deals.advance(session=session, principal=principal, deal_id=deal.id, data=signed, today=today)
