"""The declaration checks, one table row per rule and outcome, each naming its article."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from zhichan.licensing.declarations import fees, rules
from zhichan.licensing.declarations.rules import Draft, PatentFacts

TODAY = date(2026, 11, 21)
GOOD = PatentFacts(
    number="CN1B",
    patent_type="invention",
    kind="B",
    status="valid",
    legal_status="有效",
    grant_date=date(2022, 6, 1),
    expiry=date(2040, 1, 9),
    holders=("甲大学",),
    pledged=False,
)
DRAFT = Draft(
    declarant="甲大学",
    patentee="甲大学",
    agent_authorisation=None,
    contact_name="张老师",
    contact_phone="0571",
    contact_email=None,
    fee=fees.FeeStandard(fixed_fee=Decimal(50000), payment_method="银行转账", term_years=3),
    texts=(),
    confirmations=frozenset(rules.CONFIRMATIONS),
    patents=(GOOD,),
    today=TODAY,
)


def outcome(draft: Draft, code: str) -> set[str]:
    return {f.severity for f in rules.check(draft) if f.code == code}


def with_patent(**kw: object) -> Draft:
    return replace(DRAFT, patents=(replace(GOOD, **kw),))


CASES = [
    # (draft, rule, expected severities, article the rule cites)
    (DRAFT, "granted", {"pass"}, "专利法实施细则第八十五条第一款"),
    (with_patent(status="pending", grant_date=None), "granted", {"error"}, None),
    (with_patent(grant_date=date(2027, 1, 1)), "granted", {"error"}, None),
    (with_patent(status="unknown", grant_date=None, kind="A"), "granted", {"verify"}, None),
    (with_patent(status="invalid"), "in_force", {"error"}, "专利法第五十条第一款"),
    (with_patent(status="unknown"), "in_force", {"verify"}, None),
    (with_patent(holders=("乙大学",)), "owner", {"error"}, "专利法第五十条第一款"),
    (with_patent(holders=()), "owner", {"verify"}, None),
    (with_patent(holders=("甲大学", "丙公司")), "co_owners", {"warning"}, "专利法第十四条"),
    (replace(DRAFT, declarant="某代理机构"), "agent", {"error"}, "专利法第十八条第二款"),
    (replace(DRAFT, declarant="某代理机构", agent_authorisation="WT-1"), "agent", {"pass"}, None),
    (
        with_patent(patent_type="utility_model"),
        "evaluation_report",
        {"error"},
        "专利法第五十条第一款",
    ),
    (
        with_patent(patent_type="design", evaluation_report="PJ-1"),
        "evaluation_report",
        {"pass"},
        None,
    ),
    (with_patent(patent_type=None), "evaluation_report", {"verify"}, None),
    (with_patent(pledged=True), "pledge", {"error"}, "专利法实施细则第八十六条"),
    (with_patent(pledged=True, pledgee_consent="TY-1"), "pledge", {"pass"}, None),
    (with_patent(pledged=None), "pledge", {"verify"}, None),
    (with_patent(licence_records=2), "exclusive", {"pass", "verify"}, "专利法实施细则第八十六条"),
    (with_patent(holding_declaration="KF2026000001"), "holding", {"error"}, "专利法第五十条第一款"),
    (
        replace(DRAFT, confirmations=frozenset()),
        "annual_fee",
        {"error"},
        "专利法实施细则第八十六条",
    ),
    (
        replace(DRAFT, confirmations=frozenset({"fees_paid"})),
        "truthful",
        {"error"},
        "专利法实施细则第八十八条",
    ),
    (
        replace(DRAFT, texts=("本技术国际领先，稳赚不赔",)),
        "wording",
        {"error"},
        "专利法实施细则第八十五条第三款",
    ),
    (
        replace(DRAFT, fee=fees.FeeStandard(payment_method="银行转账")),
        "items",
        {"error"},
        "专利法实施细则第八十五条第二款",
    ),
    (
        replace(DRAFT, fee=fees.FeeStandard(sales_rate=Decimal(120), payment_method="x")),
        "items",
        {"error"},
        None,
    ),
    (
        replace(
            DRAFT,
            fee=fees.FeeStandard(
                fixed_fee=Decimal(1),
                fixed_period="year",
                payment_schedule="once",
                payment_method="x",
            ),
        ),
        "items",
        {"error"},
        None,
    ),
    (
        replace(DRAFT, fee=fees.FeeStandard(fixed_fee=Decimal(1), payment_method=" ")),
        "items",
        {"error"},
        None,
    ),
    (
        replace(
            DRAFT, fee=fees.FeeStandard(fixed_fee=Decimal(1), payment_method="x", term_years=0)
        ),
        "term",
        {"error"},
        None,
    ),
    (with_patent(expiry=date(2027, 12, 31)), "term", {"warning"}, "专利法实施细则第八十五条第二款"),
    (replace(DRAFT, contact_phone=None), "contact", {"error"}, "专利法第五十一条第一款"),
    (
        replace(
            DRAFT, fee=fees.FeeStandard(sales_rate=Decimal(25), payment_method="x", term_years=3)
        ),
        "fee_caps",
        {"warning"},
        fees.CAP_SOURCE,
    ),
    (replace(DRAFT, patents=()), "items", {"error"}, None),
]


@pytest.mark.parametrize(("draft", "code", "expected", "article"), CASES)
def test_rule_outcomes(draft: Draft, code: str, expected: set[str], article: str | None) -> None:
    assert outcome(draft, code) == expected
    if article:
        assert all(f.basis == article for f in rules.check(draft) if f.code == code)


def test_a_clean_declaration_has_no_errors_and_every_finding_names_its_facts() -> None:
    findings = rules.check(DRAFT)
    assert rules.blocking(findings) == []
    per_patent = [f for f in findings if f.number]
    assert per_patent and all(f.facts for f in per_patent)
    assert {f.code for f in findings} >= {
        "granted",
        "in_force",
        "owner",
        "pledge",
        "items",
        "wording",
    }


def test_promotional_words_are_listed_in_the_message() -> None:
    (f,) = [
        f for f in rules.check(replace(DRAFT, texts=("全网首选，零风险",))) if f.code == "wording"
    ]
    assert "全网" in f.message and "首选" in f.message and "零风险" in f.message
