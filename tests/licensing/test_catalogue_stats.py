"""The public catalogue, its exports, the fee helper, office statistics and mediation."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from sqlalchemy.orm import Session

from tests.licensing import constructed as c
from tests.licensing.conftest import TODAY
from tests.licensing.steps import announce, step
from tests.support.sheets import read_xlsx
from zhichan.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from zhichan.core.principal import Principal
from zhichan.licensing import catalogue, licences, mediation, stats
from zhichan.licensing.declarations import helper
from zhichan.licensing.schemas import (
    HelperIn,
    LicenceIn,
    MediationDecisionIn,
    MediationIn,
    OutcomeIn,
    SessionIn,
)


@pytest.fixture
def three(ldb: Session, who: dict[str, Principal]) -> list[int]:
    a = announce(ldb, who, c.OK, on=date(2026, 3, 5), fixed_fee=Decimal(80000))
    b = announce(ldb, who, c.SECOND, on=date(2026, 6, 5), fixed_fee=None, sales_rate=Decimal(3))
    x = announce(
        ldb, who, c.FILED, on=date(2026, 6, 9), fixed_fee=Decimal(10000), sales_rate=Decimal(30)
    )
    step(ldb, who["a_editor"], x.id, "request_withdrawal", "x", on=date(2026, 7, 1))
    step(ldb, who["office"], x.id, "announce_withdrawal", on=date(2026, 7, 2))
    licences.take_licence(
        session=ldb,
        principal=who["firm"],
        declaration_id=a.id,
        data=LicenceIn(patent_number=c.OK, notice_on=date(2026, 4, 1), paid=Decimal(80000)),
        today=TODAY,
    )
    licences.take_licence(
        session=ldb,
        principal=who["firm"],
        declaration_id=b.id,
        data=LicenceIn(patent_number=c.SECOND, notice_on=date(2026, 7, 1)),
        today=TODAY,
    )
    return [a.id, b.id, x.id]


def ids(query: catalogue.Query, ldb: Session) -> set[int]:
    return {i.id for i in catalogue.search(session=ldb, query=query).items}


def test_catalogue_filters(ldb: Session, three: list[int]) -> None:
    a, b, x = three
    assert ids(catalogue.Query(), ldb) == {a, b}
    assert ids(catalogue.Query(scope="withdrawn"), ldb) == {x}
    assert ids(catalogue.Query(scope="all"), ldb) == {a, b, x}
    assert ids(catalogue.Query(ipc="G06F40"), ldb) == {b}
    assert ids(catalogue.Query(field="G"), ldb) == {a, b}
    assert ids(catalogue.Query(field="H"), ldb) == set()
    assert ids(catalogue.Query(fee_kind="sales"), ldb) == {b}
    assert ids(catalogue.Query(fee_kind="combination", scope="all"), ldb) == {x}
    assert ids(catalogue.Query(max_fixed=Decimal(50000)), ldb) == {b}
    assert ids(catalogue.Query(max_rate=Decimal(2)), ldb) == {a}
    assert ids(catalogue.Query(patentee=c.UNIV_A, region="浙江省"), ldb) == {a, b}
    assert ids(catalogue.Query(q="构造样例专利 " + c.SECOND), ldb) == {b}
    with pytest.raises(InvalidInput):
        catalogue.search(session=ldb, query=catalogue.Query(fee_kind="barter"))


def test_catalogue_exports_and_gazette_order(ldb: Session, three: list[int]) -> None:
    table = catalogue.rows(session=ldb, query=catalogue.Query(scope="all"))
    rows = list(csv.reader(io.StringIO(catalogue.to_csv(table).lstrip("\ufeff"))))
    assert rows[0] == catalogue.HEADER and len(rows) == 4
    by_number = {r[5]: r for r in rows[1:]}
    assert by_number[c.OK][-1] == "1" and by_number[c.OK][10] == "80000.00"
    sheet = load_workbook(io.BytesIO(catalogue.to_xlsx(table))).active
    assert sheet is not None and sheet.max_row == 4
    gazette = [e for e in catalogue.gazette(session=ldb, year=2026) if e.declaration_id in three]
    assert [e.on for e in gazette] == sorted(e.on for e in gazette)
    assert [e.kind for e in gazette][-1] == "开放许可声明撤回"


def test_helper_shows_inputs_formulas_and_comparables(ldb: Session, three: list[int]) -> None:
    result = helper.estimate(
        session=ldb,
        data=HelperIn(
            ipc="G06F16/35",
            annual_sales=Decimal(1000000),
            margin=Decimal(20),
            contribution=Decimal(25),
            years=2,
            discount=Decimal(10),
        ),
    )
    assert result.label.startswith("估算")
    steps = {s.label: s.value for s in result.estimate}
    assert steps["年利润"] == "200,000.00 元"
    assert steps["折合净销售额提成比例"] == "5%"
    assert steps["每年许可使用费"] == "50,000.00 元"
    assert steps["2 年合计现值"] == "86,776.86 元"  # 50,000/1.1 + 50,000/1.21
    assert all("≤" in s.formula for s in result.caps)
    assert {x.declaration_id for x in result.comparables} == set(three[:2])
    assert "G06F" in result.scope or "G" in result.scope


def test_statistics_for_the_office(
    ldb: Session, who: dict[str, Principal], three: list[int]
) -> None:
    with pytest.raises(PermissionDenied):
        stats.compute(session=ldb, principal=who["firm"])
    s = stats.compute(session=ldb, principal=who["office"], unit="quarter")
    mine = [b for b in s.by_institution if b.key == "甲大学"]
    assert mine and mine[0].declarations == 3 and mine[0].licences == 2
    assert s.announced >= 3 and s.income >= Decimal(80000)
    periods = {b.key: b for b in s.by_period}
    assert periods["2026Q1"].declarations >= 1 and periods["2026Q2"].licences >= 1
    assert all(k in s.definitions for k in ("licences", "income", "period"))
    book = read_xlsx(stats.to_xlsx(s))
    assert list(book) == ["总览", "按领域", "按地区", "按机构", "按期间"]
    assert ["甲大学", mine[0].declarations, mine[0].patents, 2] == book["按机构"][
        [r[0] for r in book["按机构"]].index("甲大学")
    ][:4]
    assert [r[0] for r in book["按期间"][1:]] == [b.key for b in s.by_period]


def test_mediation_from_application_to_outcome(
    ldb: Session, who: dict[str, Principal], three: list[int]
) -> None:
    a = three[0]
    with pytest.raises(PermissionDenied):  # not a party
        mediation.apply(
            session=ldb,
            principal=who["court"],
            data=MediationIn(declaration_id=a, respondent_name="甲大学", request="r", facts="f"),
            today=TODAY,
        )
    case = mediation.apply(
        session=ldb,
        principal=who["firm"],
        data=MediationIn(
            declaration_id=a,
            respondent_name="甲大学",
            request="确认费用",
            facts="事实",
            materials=["request", "identity"],
        ),
        today=TODAY,
    )
    assert case.status == "applied" and len(case.missing_materials) == 2
    with pytest.raises(InvalidInput):
        mediation.decide(
            session=ldb,
            principal=who["office"],
            case_id=case.id,
            data=MediationDecisionIn(accept=True),
            today=TODAY,
        )
    with pytest.raises(PermissionDenied):
        mediation.decide(
            session=ldb,
            principal=who["firm"],
            case_id=case.id,
            data=MediationDecisionIn(accept=False, reason="x"),
            today=TODAY,
        )
    with pytest.raises(NotFound):
        mediation.get(session=ldb, principal=who["bank"], case_id=case.id)
    assert (
        mediation.get(session=ldb, principal=who["a_editor"], case_id=case.id).id == case.id
    )  # the respondent reads it
    full = mediation.apply(
        session=ldb,
        principal=who["firm"],
        data=MediationIn(
            declaration_id=a,
            respondent_name="甲大学",
            request="r",
            facts="f",
            materials=list(mediation.MATERIALS),
        ),
        today=TODAY,
    )
    accepted = mediation.decide(
        session=ldb,
        principal=who["office"],
        case_id=full.id,
        data=MediationDecisionIn(accept=True),
        today=TODAY,
    )
    assert (
        accepted.number and accepted.number.startswith("TJ2026") and accepted.registered_on == TODAY
    )
    mediation.add_session(
        session=ldb,
        principal=who["office"],
        case_id=full.id,
        data=SessionIn(held_on=TODAY, notes="双方陈述"),
    )
    closed = mediation.close(
        session=ldb,
        principal=who["office"],
        case_id=full.id,
        data=OutcomeIn(outcome="agreement", note="按年支付"),
        today=TODAY,
    )
    assert (closed.status, closed.outcome, len(closed.sessions)) == ("closed", "agreement", 1)
    with pytest.raises(Conflict):
        mediation.close(
            session=ldb,
            principal=who["office"],
            case_id=full.id,
            data=OutcomeIn(outcome="no_agreement"),
            today=TODAY,
        )
    withdrawn = mediation.close(
        session=ldb,
        principal=who["firm"],
        case_id=case.id,
        data=OutcomeIn(outcome="withdrawn"),
        today=TODAY,
    )
    assert withdrawn.status == "withdrawn"
    with pytest.raises(InvalidInput):
        refused = mediation.apply(
            session=ldb,
            principal=who["firm"],
            data=MediationIn(
                declaration_id=a,
                respondent_name="甲大学",
                request="r",
                facts="f",
                materials=list(mediation.MATERIALS),
                other_proceedings=True,
            ),
            today=TODAY,
        )
        mediation.decide(
            session=ldb,
            principal=who["office"],
            case_id=refused.id,
            data=MediationDecisionIn(accept=True),
            today=TODAY,
        )
