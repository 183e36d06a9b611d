"""The pledge registration (专利权质押登记) of a loan's package: filing with the documents
checklist and the automatic gates, 补正 with the clock restarting when the defects are cured,
the decision (registered, or refused with one of the 12 grounds), changes and cancellation.

A registration writes the legal event on each patent (the pledge exists from registration,
《民法典》第四百四十四条), which the open-licence rules read (《专利法实施细则》第八十六条).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from zhichan.accounts import service as accounts_service
from zhichan.core.errors import Conflict, InvalidInput
from zhichan.core.principal import Principal
from zhichan.indicators import service as indicators_service
from zhichan.law import service as law_service
from zhichan.patents import service as patents_service
from zhichan.pledge import documents, eligibility, lifecycle, package, whitelists
from zhichan.pledge.catalogue import (
    CHANNELS,
    COMMITMENT_DAYS,
    DOCUMENTS,
    GROUNDS,
)
from zhichan.pledge.models import Loan, Registration
from zhichan.pledge.schemas import LoanStepIn, RegistrationRead


def current(session: Session, loan: Loan) -> Registration | None:
    return session.scalar(
        select(Registration).where(Registration.loan_id == loan.id).order_by(Registration.id.desc())
    )


#: The registration states a loan step may act from (补正 pauses the decision).
FROM = {
    "register": ("filed",),
    "refused": ("filed",),
    "cancel_registration": ("registered", "changed"),
}


def required_documents(loan: Loan) -> list[str]:
    needed = [k for k, (_label, always) in DOCUMENTS.items() if always]
    if loan.report_no:
        needed.append("appraisal")
    if loan.co_owner_consent:
        needed.append("co_owner_consent")
    return needed


def loan_step(session: Session, who: Principal, loan: Loan, d: LoanStepIn, on: date) -> None:
    if d.action == "file":
        _file(session, loan, d, on)
        return
    reg = current(session, loan)
    if reg is None:
        raise Conflict("没有质押登记申请")
    needed = FROM[d.action]
    if reg.status not in needed:
        raise Conflict(
            f"质押登记当前为“{lifecycle.REGISTRATION_STATES[reg.status]}”，"
            f"须为“{'或'.join(lifecycle.REGISTRATION_STATES[s] for s in needed)}”"
        )
    reg.status = lifecycle.REGISTRATION_OF[d.action]
    if d.action == "register":
        _register(session, who, loan, reg, d, on)
    elif d.action == "refused":
        if d.ground not in GROUNDS:
            raise InvalidInput("请选择不予登记的理由", details={"field": "ground"})
        reg.refused_ground, reg.note = d.ground, d.note
    else:  # cancel_registration
        reg.cancelled_on = on
        _events(session, loan, "pledge_release", f"专利权质押登记注销（登记号 {reg.reg_no}）", on)
    session.flush()


def _file(session: Session, loan: Loan, d: LoanStepIn, on: date) -> None:
    rows = package.check(session, loan, on)
    blocks, accept = package.problems(rows)
    contract = eligibility.contract(loan.contract_items)
    if contract.state == "block":
        blocks.append(f"{contract.label}（{contract.fact}）")
    if blocks:
        raise Conflict("不符合质押登记条件：" + "；".join(blocks[:10]))
    if accept and not d.warnings_accepted:
        raise Conflict("以下事项须确认后继续办理：" + "；".join(accept[:10]))
    docs = list(dict.fromkeys([*(d.documents or []), *sorted(documents.kinds(session, loan))]))
    unknown = [x for x in docs if x not in DOCUMENTS]
    missing = [DOCUMENTS[k][0] for k in required_documents(loan) if k not in docs]
    if unknown or missing:
        raise InvalidInput(
            "登记材料不全：" + "、".join(missing or unknown), details={"field": "documents"}
        )
    channel = d.channel or "online"
    if channel not in CHANNELS:
        raise InvalidInput(f"未知的办理方式：{channel}", details={"field": "channel"})
    loan.warnings_accepted = bool(accept)
    session.add(
        Registration(
            loan_id=loan.id,
            status="filed",
            channel=channel,
            documents=docs,
            secured_amount=loan.approved_amount or loan.amount,
            filed_on=on,
            clock_from=on,
            note=d.note,
        )
    )
    session.flush()


def _register(
    session: Session, who: Principal, loan: Loan, reg: Registration, d: LoanStepIn, on: date
) -> None:
    if not (d.reg_no or "").strip():
        raise InvalidInput("请填写质押登记号", details={"field": "reg_no"})
    reg.reg_no, reg.registered_on = d.reg_no.strip(), on  # type: ignore[union-attr]
    bank = accounts_service.get_org(session=session, org_id=loan.owner_org_id).name
    text = (
        f"专利权质押登记生效（登记号 {reg.reg_no}，出质人 {loan.enterprise_name}，质权人 {bank}）"
    )
    numbers = _events(session, loan, "pledge", text, on)
    indicators_service.record_pledge(
        session=session,
        principal=who,
        registration=reg.reg_no,
        registered_on=on,
        amount=reg.secured_amount,
        numbers=numbers,
        source=f"本平台质押登记 {reg.reg_no}（贷款 {loan.number}）",
    )
    if loan.entry_id is not None:
        whitelists.mark(
            session=session,
            principal=who,
            entry_id=loan.entry_id,
            stage="approved",
            today=on,
            amount=reg.secured_amount,
        )


def _events(session: Session, loan: Loan, code: str, text: str, on: date) -> list[str]:
    numbers = [p.number for p in package.patents_of(session, loan)]
    for n in numbers:
        patents_service.add_event(session=session, number=n, code=code, text=text, on=on)
    return numbers


def side_step(session: Session, loan: Loan, d: LoanStepIn, on: date) -> None:
    """补正, its cure, or a change of a registered pledge (the loan's state stays)."""
    reg = current(session, loan)
    if reg is None:
        raise Conflict("没有质押登记申请")
    target = lifecycle.registration_step(reg.status, d.action)
    if d.action == "resubmit":
        reg.clock_from = on  # the decision clock restarts when the defects are cured
    elif d.action == "change":
        if not (d.note or "").strip():
            raise InvalidInput("请说明变更内容", details={"field": "note"})
        reg.changed_on = on
        _events(session, loan, "pledge_changed", f"专利权质押登记变更：{d.note.strip()}", on)  # type: ignore[union-attr]
    reg.status = target
    reg.note = d.note or reg.note
    session.flush()


def read(reg: Registration | None, today: date) -> RegistrationRead | None:
    if reg is None:
        return None
    days, provisional, late = None, False, False
    # The decision clock: from filing (or the cure of defects) to the registration, or to today
    # while filed; paused during 补正, not shown for a refusal (its day is not recorded).
    if reg.clock_from is not None and (reg.registered_on or reg.status == "filed"):
        end = reg.registered_on or today
        days, known = law_service.working_days_after(start=reg.clock_from, end=end)
        provisional, late = not known, days > COMMITMENT_DAYS
    return RegistrationRead(
        status=reg.status,
        status_label=lifecycle.REGISTRATION_STATES[reg.status],
        reg_no=reg.reg_no,
        channel=reg.channel,
        documents=reg.documents,
        secured_amount=reg.secured_amount,
        filed_on=reg.filed_on,
        clock_from=reg.clock_from,
        registered_on=reg.registered_on,
        refused_ground=reg.refused_ground,
        changed_on=reg.changed_on,
        cancelled_on=reg.cancelled_on,
        note=reg.note,
        working_days=days,
        provisional=provisional,
        overdue=late,
    )
