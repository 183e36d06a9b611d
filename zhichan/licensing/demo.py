"""Demo open licensing on real patents: declarations, examination, announcements, licences.

The patents are real published documents from ``shared/data/patents``; the declarants are
the demo organisations (“（演示）”), and every fee, date, licence and payment here is made
up for the demo and says so in the declaration's “其他事项”. The real records carry no
owner or legal status, so each check shows “待核实” and the demo office examines them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from zhichan.accounts import service as accounts_service
from zhichan.core.principal import Principal
from zhichan.licensing import licences, mediation, service
from zhichan.licensing.declarations import rules
from zhichan.licensing.models import Declaration
from zhichan.licensing.schemas import (
    DeclarationIn,
    DeclarationPatentIn,
    FilingIn,
    LicenceIn,
    MediationIn,
    ReportIn,
    TransitionIn,
)
from zhichan.patents import service as patents_service

LABEL = "【演示数据】声明人、许可使用费、日期与许可均为演示构造，专利为真实公开文献。"
# Organisation names are stored NFKC-normalised (full-width brackets become ASCII).
UNIV = "演示理工大学（演示）"
UNIV2 = "演示农林大学（演示）"
FIRM = "演示智能装备有限公司（演示）"


@dataclass(frozen=True, slots=True)
class Plan:
    org: str
    patents: int
    fee: dict[str, object]
    term: int
    announce_days_ago: int | None  # None: left submitted (the office's to-do)


PLANS = (
    Plan(UNIV, 2, {"fixed_fee": Decimal(80000)}, 3, 240),
    Plan(UNIV, 1, {"sales_rate": Decimal(3), "payment_schedule": "year"}, 5, 180),
    Plan(
        UNIV,
        2,
        {
            "fixed_fee": Decimal(20000),
            "fixed_period": "year",
            "sales_rate": Decimal(2),
            "payment_schedule": "year",
        },
        3,
        120,
    ),
    Plan(UNIV2, 1, {"profit_rate": Decimal(15), "payment_schedule": "year"}, 4, 90),
    Plan(UNIV2, 2, {"fixed_fee": Decimal(30000)}, 2, 45),
    Plan(UNIV2, 1, {"fixed_fee": Decimal(50000)}, 3, None),
)


def _org_ids(session: Session, principal: Principal) -> dict[str, int]:
    """The demo's organisations that exist, by the names the demo types."""
    found = {n: accounts_service.find_org(session=session, name=n) for n in (UNIV, UNIV2, FIRM)}
    return {n: i for n, i in found.items() if i is not None}


def load(*, session: Session, principal: Principal, today: date) -> int:
    """Create the demo declarations once; returns how many were created (0 when present)."""
    orgs = _org_ids(session, principal)
    if not {UNIV, UNIV2, FIRM} <= set(orgs):
        return 0
    if session.scalar(select(Declaration.id).where(Declaration.owner_org_id == orgs[UNIV])):
        return 0
    numbers = [
        p.number
        for p in patents_service.list_patents(session=session, query="CC=CN", limit=40).items
    ]
    if len(numbers) < sum(p.patents for p in PLANS):
        return 0
    ids = []
    for plan in PLANS:
        chosen, numbers = numbers[: plan.patents], numbers[plan.patents :]
        ids.append(_declare(session, principal, orgs[plan.org], plan, chosen, today))
    _licences(session, principal, orgs[FIRM], ids, today)
    return len(ids)


def _declare(
    session: Session,
    principal: Principal,
    org_id: int,
    plan: Plan,
    chosen: list[str],
    today: date,
) -> int:
    org_name = next(n for n, i in _org_ids(session, principal).items() if i == org_id)
    data = DeclarationIn.model_validate(
        {
            "patents": [DeclarationPatentIn(number=n) for n in chosen],
            "patentee_name": org_name,
            "contact_name": "技术转移中心（演示）",
            "contact_phone": "0571-00000000",
            "term_years": plan.term,
            "payment_method": "银行转账",
            "other_terms": LABEL,
            "confirmations": list(rules.CONFIRMATIONS),
            **plan.fee,
        }
    )
    decl = service.create_declaration(
        session=session, principal=principal, data=data, org_id=org_id
    )
    if plan.announce_days_ago is None:
        _step(session, principal, decl.id, "submit", today - timedelta(days=3))
        return decl.id
    day = today - timedelta(days=plan.announce_days_ago)
    _step(session, principal, decl.id, "submit", day - timedelta(days=20))
    _step(
        session, principal, decl.id, "approve", day - timedelta(days=5), "演示：经核实已授权、有效"
    )
    _step(session, principal, decl.id, "publish", day)
    return decl.id


def _step(
    session: Session,
    principal: Principal,
    declaration_id: int,
    action: str,
    on: date,
    note: str | None = None,
) -> None:
    service.transition(
        session=session,
        principal=principal,
        declaration_id=declaration_id,
        step_in=TransitionIn(action=action, note=note, on=on),
        today=on,
    )


def _licences(
    session: Session, principal: Principal, firm: int, ids: list[int], today: date
) -> None:
    """The demo firm licenses under the first three; the first is then withdrawn (its
    licence stays valid), one licence is filed and reported, one dispute goes to mediation."""
    taken = []
    for decl_id, days in zip(ids[:3], (200, 150, 100), strict=True):
        decl = service.get_declaration(session=session, principal=principal, declaration_id=decl_id)
        on = today - timedelta(days=days)
        lic = licences.take_licence(
            session=session,
            principal=principal,
            declaration_id=decl_id,
            data=LicenceIn(
                patent_number=decl.patents[0].number,
                notice_on=on,
                notice_ref=f"演示通知-{decl_id}",
                paid=decl.upfront_due,
                paid_on=on,
                payment_ref=f"演示付款-{decl_id}",
            ),
            today=on,
            licensee_org_id=firm,
        )
        taken.append(lic)
    licences.file_licence(
        session=session,
        principal=principal,
        licence_id=taken[1].id,
        data=FilingIn(document="许可通知及付款凭证（演示）", on=today - timedelta(days=140)),
        today=today,
    )
    licences.add_report(
        session=session,
        principal=principal,
        licence_id=taken[1].id,
        data=ReportIn(
            use_note="小批量试产（演示）",
            net_sales=Decimal(1_200_000),
            paid=Decimal(36000),
            paid_on=today - timedelta(days=10),
        ),
    )
    _step(
        session,
        principal,
        ids[0],
        "request_withdrawal",
        today - timedelta(days=30),
        "技术升级（演示）",
    )
    _step(session, principal, ids[0], "announce_withdrawal", today - timedelta(days=20))
    mediation.apply(
        session=session,
        principal=principal,
        data=MediationIn(
            declaration_id=ids[2],
            licence_number=taken[2].number,
            respondent_name=UNIV,
            request="请求确认第二个许可年度固定费用的支付时间（演示）",
            facts="双方对按许可年度收取的固定费用何时到期理解不一致（演示）",
            materials=["request", "identity", "licence_proof"],
        ),
        today=today,
        applicant_org_id=firm,
    )
