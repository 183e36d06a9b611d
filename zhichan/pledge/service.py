"""Service functions of the pledge-financing domain that routes, commands and other domains
call. They flush, never commit.

A loan is read by its bank, the pledging enterprise and IP offices only (``access``); the
white lists, rules, claims and statistics live in their own modules and are re-exported here.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from zhichan.accounts import service as accounts_service
from zhichan.core import permissions
from zhichan.core.principal import Principal
from zhichan.patents import service as patents_service
from zhichan.pledge import (
    access,
    claims,
    documents,
    eligibility,
    lifecycle,
    loans,
    package,
    registration,
    stats,
    whitelists,
)
from zhichan.pledge.models import Loan, LoanStep, WhiteListEntry
from zhichan.pledge.schemas import (
    ClaimIn,
    ClaimRead,
    DocumentRead,
    LoanIn,
    LoanPatentRead,
    LoanRead,
    LoanStepIn,
    LoanStepRead,
    PledgeCheckRead,
)
from zhichan.valuation import service as valuation_service

__all__ = ["act", "check", "claims", "create", "get", "listing", "stats", "whitelists"]

#: How long before an annual fee falls due the bank and office are told (days).
ANNUITY_NOTICE = 60
ANNUITY_SOURCE = "《中华人民共和国专利法》第四十三条"
CENT = Decimal("0.01")
listing = loans.listing


def _loan(session: Session, principal: Principal, loan_id: int) -> Loan:
    permissions.require(principal, "pledge.read")
    return access.readable(principal, session.get(Loan, loan_id), loan_id)


def get(*, session: Session, principal: Principal, loan_id: int, today: date) -> LoanRead:
    loan = _loan(session, principal, loan_id)
    return _read(session, principal, loan, today)


def create(*, session: Session, principal: Principal, data: LoanIn, today: date) -> LoanRead:
    loan = loans.create(session=session, principal=principal, data=data, today=today)
    if loan.entry_id is not None:
        whitelists.mark(
            session=session,
            principal=principal,
            entry_id=loan.entry_id,
            stage="applied",
            today=today,
        )
    return _read(session, principal, loan, today)


def act(
    *, session: Session, principal: Principal, loan_id: int, data: LoanStepIn, today: date
) -> LoanRead:
    loan = _loan(session, principal, loan_id)
    loans.act(session=session, principal=principal, loan=loan, data=data, today=today)
    return _read(session, principal, loan, today)


def check(*, session: Session, principal: Principal, loan_id: int, today: date) -> LoanRead:
    """Run the eligibility checks on the package now (the bank or the enterprise)."""
    loan = _loan(session, principal, loan_id)
    if not access.actors(principal, loan) & {"bank", "enterprise"}:
        raise access.denied("检查质押专利包")
    package.check(session, loan, today)
    return _read(session, principal, loan, today)


def set_package(
    *,
    session: Session,
    principal: Principal,
    loan_id: int,
    numbers: list[str],
    version: int,
    co_owner_consent: bool,
    today: date,
) -> LoanRead:
    loan = _loan(session, principal, loan_id)
    loans.set_package(
        session=session,
        principal=principal,
        loan=loan,
        numbers=numbers,
        version=version,
        co_owner_consent=co_owner_consent,
    )
    return _read(session, principal, loan, today)


def score_package(
    *, session: Session, principal: Principal, loan_id: int, today: date, engine: Any = None
) -> LoanRead:
    """The bank's 金融-scenario valuation of every patent of the package, with the loan's term."""
    loan = _loan(session, principal, loan_id)
    if "bank" not in access.actors(principal, loan):
        raise access.denied("评估质押专利包")
    for p in package.patents_of(session, loan):
        valuation_service.score_for_loan(
            session=session,
            principal=principal,
            number=p.number,
            today=today,
            engine=engine,
            loan_ends=loan.ends_on,
            co_owner_consent=loan.co_owner_consent,
        )
    return _read(session, principal, loan, today)


def _read(session: Session, principal: Principal, loan: Loan, today: date) -> LoanRead:
    banks = accounts_service.orgs_by_id(session=session)
    rows = package.patents_of(session, loan)
    own = principal.org_id or loan.owner_org_id
    values = valuation_service.latest(
        session=session,
        owner_org_id=own,
        patent_ids=[r.patent_id for r in rows],
        scenario="finance",
    )
    reg = registration.read(registration.current(session, loan), today)
    entry = session.get(WhiteListEntry, loan.entry_id) if loan.entry_id else None
    ltv = None
    if loan.appraised_value:
        ltv = ((loan.approved_amount or loan.amount) / loan.appraised_value * 100).quantize(CENT)
    base = loans.row(session, loan, banks[loan.owner_org_id].name)
    return LoanRead(
        **base.model_dump(),
        credit_code=loan.credit_code,
        industry=loan.industry,
        sme=loan.sme,
        entry_id=loan.entry_id,
        white_list=entry.enterprise_name if entry else None,
        starts_on=loan.starts_on,
        purpose=loan.purpose,
        version=loan.version,
        ltv_limit=loan.ltv_limit,
        ltv=ltv,
        appraised_value=loan.appraised_value,
        appraisal_method=loan.appraisal_method,
        appraiser=loan.appraiser,
        report_no=loan.report_no,
        valued_on=loan.valued_on,
        approved_amount=loan.approved_amount,
        interest_rate=loan.interest_rate,
        benchmark_rate=loan.benchmark_rate,
        insurer=loan.insurer,
        premium_rate=loan.premium_rate,
        insurer_share=loan.insurer_share,
        guarantor=loan.guarantor,
        contract_items=loan.contract_items,
        co_owner_consent=loan.co_owner_consent,
        warnings_accepted=loan.warnings_accepted,
        disbursed_amount=loan.disbursed_amount,
        disbursed_on=loan.disbursed_on,
        repaid_on=loan.repaid_on,
        principal_loss=loan.principal_loss,
        insurer_paid=loan.insurer_paid,
        disposal_route=loan.disposal_route,
        recovered=loan.recovered,
        package=[_patent_read(session, r, values.get(r.patent_id)) for r in rows],
        loan_checks=[PledgeCheckRead(**eligibility.contract(loan.contract_items).as_json())],
        steps=_steps(session, loan),
        registration=reg,
        documents=[documents.read(d) for d in documents.of(session, loan)],
        actions=_actions(principal, loan, reg.status if reg else None),
        alerts=alerts(session, loan, today) if loan.status in lifecycle.PLEDGED else [],
        limits=claims.limits(session, loan),
    )


def _patent_read(session: Session, r: Any, v: Any) -> LoanPatentRead:
    p = patents_service.profile(session=session, number=r.number)
    return LoanPatentRead(
        number=r.number,
        title=r.title,
        checks=[PledgeCheckRead(**c) for c in r.checks],
        checked_on=r.checked_on,
        blocked=r.blocked,
        warned=r.warned,
        term_ends=valuation_service.term_ends(p),
        finance_score=v.score if v else None,
        finance_tier=v.tier if v else None,
        coverage=v.coverage if v else None,
        valuation_id=v.id if v else None,
    )


def _steps(session: Session, loan: Loan) -> list[LoanStepRead]:
    rows = session.scalars(
        select(LoanStep).where(LoanStep.loan_id == loan.id).order_by(LoanStep.id)
    )
    labels = (
        lifecycle.LOAN_ACTIONS
        | {"create": "新建"}
        | {k: v[0] for k, v in lifecycle.REGISTRATION_STEPS.items()}
    )
    return [
        LoanStepRead(
            action=s.action,
            label=labels.get(s.action, s.action),
            from_label=lifecycle.LOAN_STATES[s.from_state],
            to_label=lifecycle.LOAN_STATES[s.to_state],
            on=s.on,
            actor=s.actor_label,
            note=s.note,
        )
        for s in rows
    ]


def _actions(principal: Principal, loan: Loan, reg: str | None) -> list[dict[str, str]]:
    """The steps ``principal`` may take now, the registration's own ones included; a loan
    step the registration does not allow yet (registering during 补正) is left out."""
    who = access.actors(principal, loan)
    found = [
        {"action": s.action, "label": s.label}
        for s in lifecycle.allowed(loan.status, who)
        if s.action not in registration.FROM or reg in registration.FROM[s.action]
    ]
    if "bank" in who and reg is not None:
        found += [
            {"action": k, "label": label}
            for k, (label, sources, _target) in lifecycle.REGISTRATION_STEPS.items()
            if reg in sources
        ]
    return found


def alerts(session: Session, loan: Loan, today: date) -> list[str]:
    """What the bank and the office should know about the pledged patents now: an annual fee
    falling due, and invalidation, transfer or termination events since the registration."""
    reg = registration.current(session, loan)
    since = reg.registered_on if reg and reg.registered_on else loan.starts_on
    found = []
    for row in package.patents_of(session, loan):
        p = patents_service.profile(session=session, number=row.number)
        due = _annuity_due(p.application_date, today)
        if due is not None and (due - today).days <= ANNUITY_NOTICE:
            found.append(f"{row.number}：年费应于 {due} 前缴纳（{ANNUITY_SOURCE}）")
        for e in p.events:
            if e.date and e.date >= since and e.code in ("invalidation", "transfer", "termination"):
                found.append(f"{row.number}：{e.date} {e.text}")
    return found


def _annuity_due(filing: date | None, today: date) -> date | None:
    """The next anniversary of the filing date (the annual fee's due day) from ``today``."""
    if filing is None:
        return None
    for year in (today.year, today.year + 1):
        try:
            due = filing.replace(year=year)
        except ValueError:  # 29 February
            due = date(year, 2, 28)
        if due >= today:
            return due
    return today + timedelta(days=366)


def claims_for(*, session: Session, principal: Principal, loan_id: int) -> list[ClaimRead]:
    return claims.claims_of(session, _loan(session, principal, loan_id))


def compute_claim(
    *, session: Session, principal: Principal, loan_id: int, data: ClaimIn, today: date
) -> ClaimRead:
    loan = _loan(session, principal, loan_id)
    return claims.compute(session=session, principal=principal, loan=loan, data=data, today=today)


def add_document(
    *,
    session: Session,
    principal: Principal,
    loan_id: int,
    kind: str,
    stream: BinaryIO,
    filename: str,
    data_dir: Path,
) -> DocumentRead:
    loan = _loan(session, principal, loan_id)
    return documents.add(
        session=session,
        principal=principal,
        loan=loan,
        kind=kind,
        stream=stream,
        filename=filename,
        data_dir=data_dir,
    )


def document_path(
    *, session: Session, principal: Principal, loan_id: int, document_id: int, data_dir: Path
) -> tuple[Path, str]:
    loan = _loan(session, principal, loan_id)
    return documents.path_of(session, loan, document_id, data_dir)
