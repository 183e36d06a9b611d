"""Loan applications: creation (by the bank, from a white-list entry, or by the enterprise),
the package, and every step of the state machine with what it records. Flushes, never commits.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from zhichan.accounts import service as accounts_service
from zhichan.core import permissions
from zhichan.core.errors import Conflict, InvalidInput
from zhichan.core.paging import Page
from zhichan.core.principal import OrgKind, Principal
from zhichan.db import lists
from zhichan.db.base import Visibility
from zhichan.pledge import access, lifecycle, package, registration, whitelists
from zhichan.pledge.catalogue import MODES
from zhichan.pledge.models import Loan, LoanStep, WhiteListEntry
from zhichan.pledge.schemas import LoanIn, LoanRow, LoanStepIn

#: The longest loan term accepted, in days (ten years; pledge loans usually run one to three).
MAX_TERM_DAYS = 366 * 10


def create(*, session: Session, principal: Principal, data: LoanIn, today: date) -> Loan:
    """A draft application. A bank creates it for an enterprise (optionally from a white-list
    entry pushed to it); an enterprise applies to a bank it names."""
    who = _creator(principal)
    if data.entry_id is not None and who.org_kind is OrgKind.ENTERPRISE:
        raise InvalidInput("白名单条目由银行选用，企业申请不能指定", details={"field": "entry_id"})
    if data.mode not in MODES:
        raise InvalidInput(f"未知的贷款模式：{data.mode}", details={"field": "mode"})
    if data.ends_on <= data.starts_on or (data.ends_on - data.starts_on).days > MAX_TERM_DAYS:
        raise InvalidInput("贷款到期日应晚于起始日，期限不超过十年", details={"field": "ends_on"})
    bank_id, enterprise_id, name = _parties(session, who, data)
    loan = Loan(
        owner_org_id=bank_id,
        visibility=Visibility.INTERNAL.value,
        number="",
        enterprise_org_id=enterprise_id,
        enterprise_name=name,
        credit_code=data.credit_code,
        region=data.region,
        industry=data.industry,
        sme=data.sme,
        entry_id=data.entry_id,
        mode=data.mode,
        amount=data.amount,
        starts_on=data.starts_on,
        ends_on=data.ends_on,
        purpose=data.purpose,
        ltv_limit=data.ltv_limit,
        co_owner_consent=data.co_owner_consent,
    )
    session.add(loan)
    session.flush()
    loan.number = f"ZY{today.year}{loan.id:06d}"
    if data.entry_id is not None:
        _from_entry(session, who, loan, data.entry_id)
    package.replace(session, loan, data.numbers)
    _log(session, loan, "create", "draft", "draft", today, who, "新建贷款申请")
    return loan


def _creator(principal: Principal) -> Principal:
    if principal.org_kind is OrgKind.ENTERPRISE:
        return permissions.require(principal, "pledge.apply")
    return permissions.require(principal, "pledge.bank")


def _parties(session: Session, who: Principal, data: LoanIn) -> tuple[int, int | None, str]:
    if who.org_kind is OrgKind.ENTERPRISE:
        if data.bank_id is None:
            raise InvalidInput("请选择贷款银行", details={"field": "bank_id"})
        bank = accounts_service.orgs_by_id(session=session).get(data.bank_id)
        if bank is None or bank.kind is not OrgKind.BANK:
            raise InvalidInput("所选机构不是金融机构", details={"field": "bank_id"})
        org = accounts_service.get_org(session=session, org_id=who.org_id)
        return bank.id, who.org_id, org.name
    bank_id = who.org_id or data.bank_id
    if not bank_id:
        raise InvalidInput("请指定贷款银行", details={"field": "bank_id"})
    enterprise = accounts_service.find_org(session=session, name=data.enterprise_name.strip())
    return bank_id, enterprise, data.enterprise_name.strip()


def _from_entry(session: Session, who: Principal, loan: Loan, entry_id: int) -> None:
    entry = session.get(WhiteListEntry, entry_id)
    visible = (
        entry is not None
        and whitelists.entry(session=session, principal=who, entry_id=entry_id).feedback
    )
    if entry is None or not visible:
        raise InvalidInput(
            f"白名单条目 {entry_id} 不存在或未推送给本行", details={"field": "entry_id"}
        )
    loan.region = loan.region or entry.region
    loan.credit_code = loan.credit_code or entry.credit_code


def _log(
    session: Session,
    loan: Loan,
    action: str,
    source: str,
    target: str,
    today: date,
    who: Principal,
    note: str | None,
) -> None:
    session.add(
        LoanStep(
            loan_id=loan.id,
            action=action,
            from_state=source,
            to_state=target,
            on=today,
            actor_label=who.actor,
            note=note,
        )
    )
    session.flush()


def set_package(
    *,
    session: Session,
    principal: Principal,
    loan: Loan,
    numbers: list[str],
    version: int,
    co_owner_consent: bool,
) -> None:
    _fresh(loan, version)
    if not access.actors(principal, loan) & {"bank", "enterprise"}:
        raise access.denied("修改质押专利包")
    if loan.status not in lifecycle.OPEN_PACKAGE:
        raise Conflict(f"贷款申请已“{lifecycle.LOAN_STATES[loan.status]}”，不能再修改质押专利")
    loan.co_owner_consent = co_owner_consent
    package.replace(session, loan, numbers)
    loan.version += 1


def _fresh(loan: Loan, version: int) -> None:
    if version != loan.version:
        raise Conflict("贷款申请已被他人修改，请刷新后重试", details={"version": loan.version})


def act(
    *, session: Session, principal: Principal, loan: Loan, data: LoanStepIn, today: date
) -> None:
    """One step: the state machine says whether it is legal, then the step records its figures
    (and, for registration steps, moves the registration and writes the patents' events)."""
    _fresh(loan, data.version)
    if data.on is not None and data.on > today:
        raise InvalidInput(f"办理日期不能晚于今天：{data.on}", details={"field": "on"})
    on = data.on or today
    if data.action in lifecycle.REGISTRATION_STEPS:
        if "bank" not in access.actors(principal, loan):
            raise access.denied("办理质押登记")
        registration.side_step(session, loan, data, on)
        _log(session, loan, data.action, loan.status, loan.status, on, principal, data.note)
        loan.version += 1
        return
    step = lifecycle.step(loan.status, data.action, access.actors(principal, loan))
    if data.action in lifecycle.NEEDS_REASON and not (data.note or "").strip():
        raise InvalidInput(f"“{step.label}”须说明理由", details={"field": "note"})
    _record(session, principal, loan, data, on)
    source, loan.status = loan.status, step.target
    loan.version += 1
    _log(session, loan, data.action, source, step.target, on, principal, data.note)


SIGNED_TERMS = (
    "interest_rate",
    "benchmark_rate",
    "insurer",
    "premium_rate",
    "insurer_share",
    "guarantor",
)


def _record(session: Session, who: Principal, loan: Loan, d: LoanStepIn, on: date) -> None:
    if d.action in ("file", "register", "refused", "cancel_registration"):
        registration.loan_step(session, who, loan, d, on)
        return
    if d.action == "submit" and not package.patents_of(session, loan):
        raise Conflict("质押专利包为空：请先添加专利")
    if d.action == "precheck":
        blocks, _accept = package.problems(package.check(session, loan, on))
        if blocks:
            raise Conflict("预审未通过：" + "；".join(blocks[:10]))
    _FIGURES.get(d.action, _after_loan)(loan, d, on)


def _valued(loan: Loan, d: LoanStepIn, on: date) -> None:
    if not d.amount:
        raise InvalidInput("请填写评估价值（元）", details={"field": "amount"})
    loan.appraised_value, loan.appraisal_method = d.amount, d.method
    loan.appraiser, loan.report_no, loan.valued_on = d.appraiser, d.report_no, on


def _signed(loan: Loan, d: LoanStepIn, on: date) -> None:
    loan.contract_items = list(dict.fromkeys(d.contract_items or []))
    for f in SIGNED_TERMS:
        if getattr(d, f) is not None:
            setattr(loan, f, getattr(d, f))


def _disbursed(loan: Loan, d: LoanStepIn, on: date) -> None:
    if not d.amount:
        raise InvalidInput("请填写放款金额（元）", details={"field": "amount"})
    limit = loan.approved_amount or loan.amount
    if d.amount > limit:
        raise Conflict(f"放款金额 {d.amount} 元超过批准金额 {limit} 元")
    loan.disbursed_amount, loan.disbursed_on = d.amount, on


def _approve(loan: Loan, d: LoanStepIn, on: date) -> None:
    amount = d.amount or loan.amount
    if loan.ltv_limit is not None and loan.appraised_value:
        ltv = amount / loan.appraised_value * 100
        if ltv > loan.ltv_limit:
            raise Conflict(
                f"质押率 {ltv:.2f}% 超过本行上限 {loan.ltv_limit}%（批准金额 {amount} 元，评估价值 "
                f"{loan.appraised_value} 元）"
            )
    loan.approved_amount = amount


def _after_loan(loan: Loan, d: LoanStepIn, on: date) -> None:
    a = d.action
    if a == "repay":
        loan.repaid_on = on
    elif a == "overdue":
        loan.overdue_on = on
    elif a == "default":
        if d.amount is None:
            raise InvalidInput("请填写未收回的本金（元）", details={"field": "amount"})
        loan.default_on, loan.principal_loss = on, d.amount
    elif a == "insurance_claim":
        loan.insurer_paid = d.amount or Decimal(0)
    elif a == "dispose":
        if d.route not in ("transfer", "auction", "licence"):
            raise InvalidInput("请选择处置方式：转让、拍卖或许可", details={"field": "route"})
        loan.disposal_route, loan.recovered = d.route, d.amount or Decimal(0)


def listing(
    *,
    session: Session,
    principal: Principal,
    status: str | None,
    q: str | None,
    limit: int,
    offset: int,
) -> Page[LoanRow]:
    who = permissions.require(principal, "pledge.read")
    stmt = select(Loan)
    if not access.is_office(who):
        stmt = stmt.where(
            (Loan.owner_org_id == who.org_id) | (Loan.enterprise_org_id == who.org_id)
        )
    if status:
        stmt = stmt.where(Loan.status == status)
    found = lists.containing(q, Loan.number, Loan.enterprise_name)
    if found is not None:
        stmt = stmt.where(found)
    total, rows = lists.page(session, stmt, Loan.id.desc(), limit=limit, offset=offset)
    banks = accounts_service.orgs_by_id(session=session)
    return Page[LoanRow](
        total=total, items=[row(session, r, banks[r.owner_org_id].name) for r in rows]
    )


def row(session: Session, r: Loan, bank_name: str) -> LoanRow:
    patents = package.patents_of(session, r)
    return LoanRow(
        id=r.id,
        number=r.number,
        bank_name=bank_name,
        enterprise_name=r.enterprise_name,
        region=r.region,
        mode=r.mode,
        mode_label=MODES[r.mode],
        amount=r.amount,
        ends_on=r.ends_on,
        status=r.status,
        status_label=lifecycle.LOAN_STATES[r.status],
        patents=len(patents),
        blocked=any(p.blocked for p in patents),
    )


_FIGURES = {
    "record_valuation": _valued,
    "approve": _approve,
    "sign": _signed,
    "disburse": _disbursed,
}
