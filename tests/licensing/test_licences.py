"""Licences under announced declarations: equal terms, payment, filing, reports, withdrawal."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy.orm import Session

from tests.licensing import constructed as c
from tests.licensing.conftest import TODAY
from tests.licensing.steps import announce, make, step
from zhichan.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from zhichan.core.principal import Principal
from zhichan.licensing import licences
from zhichan.licensing.schemas import FilingIn, LicenceIn, LicenceRead, PaymentIn, ReportIn
from zhichan.patents import service as patents_service


def take(ldb: Session, p: Principal, did: int, number: str = c.OK, **kw: object) -> LicenceRead:
    data = LicenceIn.model_validate({"patent_number": number, "notice_on": TODAY} | kw)
    return licences.take_licence(
        session=ldb, principal=p, declaration_id=did, data=data, today=TODAY
    )


def test_every_licensee_gets_the_announced_terms_and_pays_before_it_takes_effect(
    ldb: Session, who: dict[str, Principal]
) -> None:
    d = announce(ldb, who, c.OK, c.SECOND, fixed_fee=Decimal(50000))
    first = take(ldb, who["firm"], d.id, paid=Decimal(20000))
    assert first.status == "notified" and first.effective_on is None
    paid = licences.pay(
        session=ldb,
        principal=who["firm"],
        licence_id=first.id,
        data=PaymentIn(paid=Decimal(30000), paid_on=date(2026, 11, 21)),
    )
    assert paid.status == "effective" and paid.upfront_paid == Decimal("50000.00")
    assert paid.effective_on == TODAY and paid.ends_on == date(2029, 11, 20)
    second = take(ldb, who["b_editor"], d.id, paid=Decimal(50000))
    assert (
        second.terms == first.terms and second.terms["label"] == "固定费用 50,000.00 元（一次性）"
    )
    assert first.number != second.number and first.number.startswith("XK2026")
    with pytest.raises(Conflict):
        take(ldb, who["firm"], d.id, paid=Decimal(50000))
    with pytest.raises(InvalidInput):
        take(ldb, who["a_editor"], d.id)  # the declarant cannot license to itself
    with pytest.raises(InvalidInput):
        take(ldb, who["court"], d.id, number=c.LAPSED)  # not a patent of this declaration
    with pytest.raises(PermissionDenied):
        take(ldb, who["a_viewer"], d.id)
    from zhichan.licensing import service

    counts = {
        p.number: p.licensees
        for p in service.get_declaration(session=ldb, principal=None, declaration_id=d.id).patents
    }
    assert counts == {c.OK: 2, c.SECOND: 0}


def test_withdrawal_never_voids_an_earlier_licence(ldb: Session, who: dict[str, Principal]) -> None:
    d = announce(ldb, who, c.OK, sales_rate=Decimal(3), fixed_fee=None)
    before = take(ldb, who["firm"], d.id)
    assert before.status == "effective" and before.upfront_due == Decimal(0)
    step(ldb, who["a_editor"], d.id, "request_withdrawal", "停止开放许可")
    during = take(ldb, who["b_editor"], d.id)  # still in effect until the withdrawal is announced
    step(ldb, who["office"], d.id, "announce_withdrawal")
    with pytest.raises(Conflict) as refused:
        take(ldb, who["court"], d.id)
    assert "撤回" in refused.value.message
    for lic in (before, during):
        again = licences.get_licence(session=ldb, principal=who["office"], licence_id=lic.id)
        assert (again.status, again.effective_on, again.ends_on) == (
            lic.status,
            lic.effective_on,
            lic.ends_on,
        )


def test_filing_is_recorded_on_the_patent_and_reports_compute_what_is_due(
    ldb: Session, who: dict[str, Principal]
) -> None:
    d = announce(
        ldb, who, c.OK, fixed_fee=Decimal(20000), fixed_period="year", sales_rate=Decimal("2.5")
    )
    lic = take(ldb, who["firm"], d.id, paid=Decimal(20000))
    filed = licences.file_licence(
        session=ldb,
        principal=who["a_editor"],
        licence_id=lic.id,
        data=FilingIn(document="许可通知与付款凭证"),
        today=TODAY,
    )
    assert filed.filing_no and filed.filing_no.startswith("BA2026")
    with pytest.raises(Conflict):
        licences.file_licence(
            session=ldb,
            principal=who["firm"],
            licence_id=lic.id,
            data=FilingIn(document="x"),
            today=TODAY,
        )
    events = patents_service.detail(session=ldb, number=c.OK).record["legal_events"]
    assert events[-1]["code"] == "licence_record" and filed.filing_no in events[-1]["text"]
    with pytest.raises(InvalidInput):
        licences.add_report(session=ldb, principal=who["firm"], licence_id=lic.id, data=ReportIn())
    one = licences.add_report(
        session=ldb,
        principal=who["firm"],
        licence_id=lic.id,
        data=ReportIn(net_sales=Decimal(1000000), paid=Decimal(25000)),
    )
    two = licences.add_report(
        session=ldb,
        principal=who["firm"],
        licence_id=lic.id,
        data=ReportIn(net_sales=Decimal(400000)),
    )
    r1, r2 = two.reports
    assert (r1.fixed_due, r1.royalty_due) == (Decimal("0.00"), Decimal("25000.00"))
    assert (r2.fixed_due, r2.royalty_due) == (Decimal("20000.00"), Decimal("10000.00"))
    assert (r1.period_start, r1.period_end, r2.period_start) == (
        TODAY,
        date(2027, 11, 20),
        date(2027, 11, 21),
    )
    assert "净销售额 400,000.00 元 × 2.5%" in r2.formula and r2.formula.endswith("30,000.00 元")
    assert len(one.reports) == 1
    with pytest.raises(PermissionDenied):
        licences.add_report(
            session=ldb,
            principal=who["a_editor"],
            licence_id=lic.id,
            data=ReportIn(net_sales=Decimal(1)),
        )
    with pytest.raises(NotFound):
        licences.get_licence(session=ldb, principal=who["bank"], licence_id=lic.id)


def test_licences_end_at_the_patent_expiry(ldb: Session, who: dict[str, Principal]) -> None:
    d = announce(ldb, who, c.OLD, fixed_fee=Decimal(1000), term_years=5)
    lic = take(ldb, who["firm"], d.id, number=c.OLD, paid=Decimal(1000))
    assert lic.ends_on == date(2028, 1, 9)  # twenty years from the filing date 2008-01-10


def test_licences_only_under_announced_declarations(
    ldb: Session, who: dict[str, Principal]
) -> None:
    d = make(ldb, who["a_editor"], c.OK)
    with pytest.raises(NotFound):
        take(ldb, who["firm"], d.id)
