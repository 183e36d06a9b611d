"""Licences under announced declarations: notice and payment, filing, periodic reports.

《专利法》第五十一条第一款: anyone who notifies the patentee in writing and pays per the
announced standard obtains the licence — the same standard for every licensee (the terms
are copied from the declaration when the notice is given). 《专利法实施细则》第八十七条:
the licence is filed (备案) with the document that proves it. A licence granted before a
withdrawal is announced stays valid (《专利法》第五十条第二款): nothing here ends one.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from zhichan.accounts import service as accounts_service
from zhichan.core.dates import add_months
from zhichan.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from zhichan.core.principal import Principal
from zhichan.db.base import Visibility
from zhichan.law import service as law_service
from zhichan.licensing import access, numbering, queries
from zhichan.licensing.declarations import fees, lifecycle
from zhichan.licensing.models import Declaration, DeclarationPatent, Licence, LicenceReport
from zhichan.licensing.schemas import (
    FilingIn,
    LicenceIn,
    LicenceRead,
    PaymentIn,
    ReportIn,
    ReportRead,
)
from zhichan.patents import service as patents_service

STATUSES = {"notified": "已通知待付款", "effective": "已生效", "ended": "已届满"}
PERIOD_MONTHS = {"year": 12, "half": 6, "quarter": 3}


def terms_of(fee: fees.FeeStandard, announcement_no: str | None) -> dict[str, str | int | None]:
    def text(v: Decimal | None) -> str | None:
        return None if v is None else str(v)

    return {
        "announcement_no": announcement_no,
        "label": fee.label(),
        "fixed_fee": text(fee.fixed_fee),
        "fixed_period": fee.fixed_period,
        "sales_rate": text(fee.sales_rate),
        "profit_rate": text(fee.profit_rate),
        "payment_method": fee.payment_method,
        "payment_schedule": fee.payment_schedule,
        "term_years": fee.term_years,
    }


def fee_from_terms(terms: dict[str, str | int | None]) -> fees.FeeStandard:
    def dec(key: str) -> Decimal | None:
        v = terms.get(key)
        return None if v is None else Decimal(str(v))

    return fees.FeeStandard(
        fixed_fee=dec("fixed_fee"),
        fixed_period=str(terms.get("fixed_period") or "once"),
        sales_rate=dec("sales_rate"),
        profit_rate=dec("profit_rate"),
        payment_method=str(terms.get("payment_method") or ""),
        payment_schedule=str(terms.get("payment_schedule") or "once"),
        term_years=int(terms.get("term_years") or 1),
    )


def _licensee_org(principal: Principal, org_id: int | None) -> int:
    if org_id is not None and org_id != principal.org_id:
        if not principal.is_platform_admin:
            raise PermissionDenied("只能以本机构名义取得许可")
        return org_id
    if principal.is_operator:
        raise InvalidInput("请指定被许可机构（--licensee）")
    if not principal.can_edit:
        raise PermissionDenied("只读成员不能提交许可通知")
    return principal.org_id


def take_licence(
    *,
    session: Session,
    principal: Principal,
    declaration_id: int,
    data: LicenceIn,
    today: date,
    licensee_org_id: int | None = None,
) -> LicenceRead:
    """A written notice (and payment) under an announced declaration."""
    org_id = _licensee_org(principal, licensee_org_id)
    decl = session.scalars(
        select(Declaration)
        .where(Declaration.id == declaration_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).first()
    if decl is None or decl.status not in lifecycle.IN_EFFECT | {"withdrawn"}:
        raise NotFound(f"开放许可声明 {declaration_id} 不存在或未公告")
    if decl.status not in lifecycle.IN_EFFECT:
        raise Conflict(
            f"开放许可声明 {decl.announcement_no} 已于 {decl.withdrawn_on} 撤回公告，"
            "不能再通过开放许可取得许可；在先取得的许可不受影响",
            details={"state": decl.status},
        )
    if org_id == decl.owner_org_id:
        raise InvalidInput("声明人不能向自己发出许可通知")
    patent = _declared_patent(session, decl.id, data.patent_number)
    org = accounts_service.org_read(accounts_service.get_org(session=session, org_id=org_id))
    notice_on = data.notice_on or today
    fee = queries.fee_of(decl)
    licence = Licence(
        owner_org_id=org_id,
        visibility=Visibility.INTERNAL.value,
        declaration_id=decl.id,
        patent_id=patent.patent_id,
        patent_number=patent.number,
        licensee_name=org.name,
        notice_on=notice_on,
        notice_ref=data.notice_ref,
        terms=terms_of(fee, decl.announcement_no),
        upfront_due=fee.upfront_due,
        upfront_paid=Decimal(0),
        status="notified",
    )
    try:
        with session.begin_nested():
            licence.number = numbering.next_number(session, "XK", notice_on.year)
            session.add(licence)
    except IntegrityError as exc:
        raise Conflict(
            f"{org.name} 已就专利 {patent.number} 提交过开放许可通知",
            details={"patent": patent.number},
        ) from exc
    if data.paid > 0:
        _pay(session, licence, data.paid, data.paid_on or notice_on, data.payment_ref, data)
    elif licence.upfront_due == 0:
        _make_effective(session, licence, data.start_on or notice_on)
    session.flush()
    return licence_read(session, licence)


def _declared_patent(session: Session, declaration_id: int, number: str) -> DeclarationPatent:
    rights = patents_service.rights(session=session, number=number)
    found = session.scalar(
        select(DeclarationPatent).where(
            DeclarationPatent.declaration_id == declaration_id,
            DeclarationPatent.patent_id == rights.id,
        )
    )
    if found is None:
        raise InvalidInput(f"专利 {number} 不在该开放许可声明中", details={"number": number})
    return found


def _pay(
    session: Session,
    licence: Licence,
    amount: Decimal,
    on: date,
    ref: str | None,
    data: LicenceIn | None = None,
) -> None:
    licence.upfront_paid = fees.money(licence.upfront_paid + amount)
    licence.paid_on = on
    licence.payment_ref = ref or licence.payment_ref
    if licence.status == "notified" and licence.upfront_paid >= licence.upfront_due:
        start = data.start_on if data and data.start_on else licence.notice_on
        _make_effective(session, licence, max(start, on))


def _make_effective(session: Session, licence: Licence, start: date) -> None:
    fee = fee_from_terms(licence.terms)
    licence.status = "effective"
    licence.effective_on = start
    ends = add_months(start, 12 * fee.term_years) - timedelta(days=1)
    rights = patents_service.rights(session=session, number=licence.patent_number)
    expiry = law_service.patent_expiry(
        patent_type=rights.patent_type, filing=rights.application_date
    )
    licence.ends_on = min(ends, expiry) if expiry else ends


def pay(*, session: Session, principal: Principal, licence_id: int, data: PaymentIn) -> LicenceRead:
    licence = _writable_by_licensee(session, principal, licence_id)
    if licence.status != "notified":
        raise Conflict("该许可不在待付款状态")
    _pay(session, licence, data.paid, data.paid_on or licence.notice_on, data.payment_ref)
    session.flush()
    return licence_read(session, licence)


def file_licence(
    *, session: Session, principal: Principal, licence_id: int, data: FilingIn, today: date
) -> LicenceRead:
    """备案 (《专利法实施细则》第八十七条), by the patentee or the licensee."""
    licence, decl = _readable(session, principal, licence_id)
    mine = {licence.owner_org_id, decl.owner_org_id}
    if not (principal.is_platform_admin or (principal.org_id in mine and principal.can_edit)):
        raise PermissionDenied("只有专利权人或被许可人可以办理备案")
    if licence.status != "effective":
        raise Conflict("许可生效后才能备案")
    if licence.filing_no:
        raise Conflict(f"该许可已备案，备案号 {licence.filing_no}")
    on = data.on or today
    licence.filing_no = numbering.next_number(session, "BA", on.year)
    licence.filed_on = on
    licence.filing_document = data.document
    patents_service.add_event(
        session=session,
        number=licence.patent_number,
        code="licence_record",
        text=f"开放许可实施许可备案 {licence.filing_no}：许可人 {decl.patentee_name}，"
        f"被许可人 {licence.licensee_name}（开放许可声明 {decl.announcement_no}）",
        on=on,
    )
    session.flush()
    return licence_read(session, licence)


def add_report(
    *, session: Session, principal: Principal, licence_id: int, data: ReportIn
) -> LicenceRead:
    """The licensee's report for the next period: use, royalty base, payment."""
    licence = _writable_by_licensee(session, principal, licence_id)
    if licence.status != "effective" or licence.effective_on is None:
        raise Conflict("许可生效后才能报告实施情况")
    fee = fee_from_terms(licence.terms)
    if fee.sales_rate is not None and data.net_sales is None:
        raise InvalidInput("按净销售额提成的许可须报告本期净销售额")
    if fee.profit_rate is not None and data.profit is None:
        raise InvalidInput("按利润分成的许可须报告本期利润")
    done = session.scalar(
        select(func.count(LicenceReport.id)).where(LicenceReport.licence_id == licence.id)
    )
    period_no = (done or 0) + 1
    months = PERIOD_MONTHS.get(fee.payment_schedule, 12 * fee.term_years)
    start = add_months(licence.effective_on, months * (period_no - 1))
    if licence.ends_on and start > licence.ends_on:
        raise Conflict("许可期限内的各期报告已全部提交")
    end = add_months(licence.effective_on, months * period_no) - timedelta(days=1)
    fixed, royalty = fee.period_due(
        period_no=period_no, net_sales=data.net_sales, profit=data.profit
    )
    session.add(
        LicenceReport(
            licence_id=licence.id,
            period_no=period_no,
            period_start=start,
            period_end=min(end, licence.ends_on) if licence.ends_on else end,
            use_note=data.use_note,
            net_sales=data.net_sales,
            profit=data.profit,
            fixed_due=fixed,
            royalty_due=royalty,
            paid=data.paid,
            paid_on=data.paid_on,
        )
    )
    session.flush()
    return licence_read(session, licence)


def _readable(
    session: Session, principal: Principal | None, licence_id: int
) -> tuple[Licence, Declaration]:
    licence = session.get(Licence, licence_id)
    decl = session.get(Declaration, licence.declaration_id) if licence else None
    if licence is None or decl is None or not _may_read(principal, licence, decl):
        raise NotFound(f"许可 {licence_id} 不存在", details={"id": licence_id})
    return licence, decl


def _may_read(principal: Principal | None, licence: Licence, decl: Declaration) -> bool:
    if principal is None:
        return False
    if principal.is_platform_admin or access.is_office(principal):
        return True
    return principal.org_id in (licence.owner_org_id, decl.owner_org_id)


def _writable_by_licensee(session: Session, principal: Principal, licence_id: int) -> Licence:
    licence, _decl = _readable(session, principal, licence_id)
    if not (
        principal.is_platform_admin
        or (principal.org_id == licence.owner_org_id and principal.can_edit)
    ):
        raise PermissionDenied("只有被许可人可以办理")
    return licence


def get_licence(*, session: Session, principal: Principal | None, licence_id: int) -> LicenceRead:
    licence, _ = _readable(session, principal, licence_id)
    return licence_read(session, licence)


def get_licence_by_number(
    *, session: Session, principal: Principal | None, number: str
) -> LicenceRead:
    ident = session.scalar(select(Licence.id).where(Licence.number == number.strip()))
    if ident is None:
        raise NotFound(f"许可 {number} 不存在", details={"number": number})
    return get_licence(session=session, principal=principal, licence_id=ident)


def list_licences(
    *, session: Session, principal: Principal, scope: str = "mine"
) -> list[LicenceRead]:
    """``mine``: licences the organisation holds or granted; ``all``: the office's view."""
    stmt = select(Licence).join(Declaration, Declaration.id == Licence.declaration_id)
    if scope == "all":
        if not access.is_office(principal):
            raise PermissionDenied("只有知识产权局可以查看全部许可")
    else:
        stmt = stmt.where(
            or_(
                Licence.owner_org_id == principal.org_id,
                Declaration.owner_org_id == principal.org_id,
            )
        )
    return [
        licence_read(session, x)
        for x in session.scalars(stmt.order_by(Licence.id.desc()).limit(500))
    ]


def licence_read(session: Session, licence: Licence) -> LicenceRead:
    decl = session.get(Declaration, licence.declaration_id)
    assert decl is not None
    fee = fee_from_terms(licence.terms)
    reports = []
    for r in session.scalars(
        select(LicenceReport)
        .where(LicenceReport.licence_id == licence.id)
        .order_by(LicenceReport.period_no)
    ):
        item = ReportRead.model_validate(r)
        item.formula = _formula(fee, r)
        reports.append(item)
    title = session.scalar(
        select(DeclarationPatent.title).where(
            DeclarationPatent.declaration_id == decl.id,
            DeclarationPatent.patent_id == licence.patent_id,
        )
    )
    data = {c: getattr(licence, c) for c in LicenceRead.model_fields if hasattr(licence, c)}
    return LicenceRead.model_validate(
        data
        | {
            "announcement_no": decl.announcement_no,
            "patent_title": title,
            "patentee_name": decl.patentee_name,
            "status_label": STATUSES[licence.status],
            "reports": reports,
        }
    )


def _formula(fee: fees.FeeStandard, r: LicenceReport) -> str:
    parts = []
    if r.fixed_due:
        parts.append(f"第 {r.period_no} 个许可年度固定费用 {fees.yuan(r.fixed_due)}")
    if fee.sales_rate is not None and r.net_sales is not None:
        parts.append(f"净销售额 {fees.yuan(r.net_sales)} × {fees.pct(fee.sales_rate)}")
    if fee.profit_rate is not None and r.profit is not None:
        parts.append(f"利润 {fees.yuan(max(r.profit, Decimal(0)))} × {fees.pct(fee.profit_rate)}")
    total = r.fixed_due + r.royalty_due
    return (" + ".join(parts) or "本期无应付费用") + f" = {fees.yuan(total)}"
