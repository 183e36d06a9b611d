"""Demo pledge financing for the demo bank, on real patents, every figure made up and labelled.

The office builds a white list from the records by criteria (real first applicants of the
real records) and pushes it to the demo bank; the demo enterprise's loan (【演示数据】: amount,
dates, registration number and valuation are invented) goes through checks, registration and
disbursement, so the pages and the statistics have something to show. The real records carry
no owner, dates or legal status, so most checks say 无法判断 and the bank accepts them.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from zhichan.accounts import service as accounts_service
from zhichan.core.principal import Principal
from zhichan.patents import service as patents_service
from zhichan.pledge import claims, service, whitelists
from zhichan.pledge.models import Loan
from zhichan.pledge.schemas import LoanIn, LoanStepIn, WhiteListIn

LABEL = "【演示数据】金额、日期、登记号与评估均为演示构造，专利为真实公开文献"
FIRM = "演示智能装备有限公司（演示）"


def _as(session: Session, operator: Principal, username: str) -> Principal | None:
    return accounts_service.principal_named(session=session, username=username)


def _free_patents(session: Session, count: int) -> list[str]:
    """Real records with no legal events yet (not under an open licence or another pledge)."""
    found = []
    for p in patents_service.profiles(session=session, after_id=0, limit=120):
        if not p.events and p.country in (None, "CN") and p.title:
            found.append(p.number)
        if len(found) == count:
            break
    return found


def load(*, session: Session, principal: Principal, today: date) -> str:
    rules, pools = claims.load_rules(session=session)
    if session.scalar(select(Loan.id).limit(1)) is not None:
        return f"政策规则 {rules} 条、资金池 {pools} 个；演示贷款已存在"
    office = _as(session, principal, "demo-office")
    bank = _as(session, principal, "demo-bank")
    numbers = _free_patents(session, 3)
    if office is None or bank is None or len(numbers) < 3:
        return f"政策规则 {rules} 条、资金池 {pools} 个；缺少演示账号或专利，未建演示贷款"
    wl = whitelists.build(
        session=session,
        principal=office,
        today=today,
        data=WhiteListIn(
            name="【演示数据】按记录筛选的白名单", min_patents=1, min_valid=0, limit=20
        ),
    )
    if wl.entries:
        whitelists.push(
            session=session, principal=office, list_id=wl.id, bank_ids=[bank.org_id], today=today
        )
    _loan(session, bank, numbers[:2], today, done=True)
    _loan(session, bank, numbers[2:], today, done=False)
    return f"政策规则 {rules} 条、资金池 {pools} 个；白名单 {wl.entries} 家企业；演示贷款 2 笔"


def _loan(session: Session, bank: Principal, numbers: list[str], today: date, done: bool) -> None:
    data = LoanIn(
        enterprise_name=FIRM,
        region="浙江省",
        industry="智能装备制造",
        sme=True,
        mode="pledge",
        amount=Decimal(3_000_000) if done else Decimal(1_500_000),
        starts_on=today - timedelta(days=60 if done else 0),
        ends_on=today + timedelta(days=300 if done else 365),
        purpose=LABEL,
        numbers=numbers,
        ltv_limit=Decimal(50),
    )
    loan = service.create(session=session, principal=bank, data=data, today=today)
    steps: list[dict[str, object]] = [{"action": "submit"}]
    if done:
        steps += [
            {"action": "precheck"},
            {"action": "request_valuation"},
            {
                "action": "record_valuation",
                "amount": Decimal(8_000_000),
                "method": "收益法",
                "appraiser": "【演示数据】演示资产评估有限公司",
                "report_no": "演示评报字〔2026〕第1号",
            },
            {"action": "review"},
            {"action": "approve", "amount": Decimal(3_000_000)},
            {
                "action": "sign",
                "contract_items": ["parties", "debt", "term", "patents", "scope"],
                "interest_rate": Decimal("3.85"),
                "benchmark_rate": Decimal("3.45"),
            },
            {
                "action": "file",
                "documents": ["application_form", "contract", "identity", "appraisal"],
                "warnings_accepted": True,
                "note": LABEL,
            },
            {"action": "register", "reg_no": "【演示】Y2026990000001"},
            {"action": "disburse", "amount": Decimal(3_000_000)},
            {"action": "start_repaying"},
        ]
    version = loan.version
    for s in steps:
        read = service.act(
            session=session,
            principal=bank,
            loan_id=loan.id,
            data=LoanStepIn.model_validate({"version": version, **s}),
            today=today,
        )
        version = read.version
