"""Eligibility for a pledge registration, table-driven on CONSTRUCTED profiles (made-up CN
records, tests/valuation/profiles.py): each case changes one fact and must decide one ground."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from tests.valuation.profiles import cn, event
from zhichan.pledge import eligibility
from zhichan.valuation import service as valuation_service

TODAY = date(2026, 12, 1)
OWNER = "甲大学"


def _checks(
    profile: Any,
    loan_ends: date | None = date(2028, 12, 1),
    *,
    pledgor: str = OWNER,
    consent: bool = False,
    same: list[tuple[str, str]] | None = None,
) -> dict[str, str]:
    gates = valuation_service.finance_gates(profile, TODAY, loan_ends, consent)
    found = eligibility.package(profile, gates, pledgor, [] if same is None else same)
    return {c.ground: c.state for c in found}


def test_a_clean_patent_passes_every_ground() -> None:
    states = _checks(cn())
    assert set(states.values()) == {"pass"}
    assert {
        "pledgor_not_owner",
        "not_in_force",
        "not_granted",
        "annuity_unpaid",
        "suspended",
        "term_exceeded",
        "co_owner_consent",
        "already_pledged",
        "same_day",
        "invalidation",
    } == set(states)


def test_a_loan_one_day_longer_than_the_patent_term_is_blocked() -> None:
    p = cn()
    ends = valuation_service.term_ends(p)
    assert ends == date(2036, 3, 9)  # 20 years from the filing day 2016-03-10 (专利法第四十二条)
    assert _checks(p, ends)["term_exceeded"] == "pass"
    assert _checks(p, ends + timedelta(days=1))["term_exceeded"] == "block"


@pytest.mark.parametrize(
    ("changes", "kwargs", "ground", "state"),
    [
        ({}, {"pledgor": "乙公司"}, "pledgor_not_owner", "block"),
        ({"holders": ["甲大学（北京）"]}, {"pledgor": "甲大学(北京)"}, "pledgor_not_owner", "pass"),
        ({"holders": []}, {}, "pledgor_not_owner", "unknown"),
        ({"legal_status": "专利权终止", "status_category": "invalid"}, {}, "not_in_force", "block"),
        (
            {"legal_status": "实质审查", "status_category": "pending", "grant_date": None},
            {},
            "not_granted",
            "block",
        ),
        (
            {
                "events": [
                    event("2018-06-01", "grant", "授权"),
                    event("2025-01-01", "termination", "未缴年费专利权终止"),
                ]
            },
            {},
            "annuity_unpaid",
            "block",
        ),
        (
            {"events": [event("2020-01-01", "pledge", "专利权质押登记生效")]},
            {},
            "already_pledged",
            "block",
        ),
        (
            {
                "events": [
                    event("2020-01-01", "pledge", "质押登记"),
                    event("2022-01-01", "pledge_release", "质押解除"),
                ]
            },
            {},
            "already_pledged",
            "pass",
        ),
        ({"events": [event("2024-01-01", "other", "财产保全")]}, {}, "suspended", "block"),
        ({"holders": ["甲大学", "丙公司"]}, {}, "co_owner_consent", "block"),
        ({"holders": ["甲大学", "丙公司"]}, {"consent": True}, "co_owner_consent", "pass"),
        (
            {
                "events": [
                    event("2018-06-01", "grant", "授权"),
                    event("2025-05-01", "invalidation", "无效宣告请求"),
                ]
            },
            {},
            "invalidation",
            "warn",
        ),
        ({}, {"same": [("CN205000001U", "utility_model")]}, "same_day", "warn"),
        ({}, {"loan_ends": None}, "term_exceeded", "unknown"),
    ],
)
def test_each_ground(
    changes: dict[str, Any], kwargs: dict[str, Any], ground: str, state: str
) -> None:
    assert _checks(cn(**changes), **kwargs)[ground] == state


def test_same_day_unknown_without_applicant_or_date() -> None:
    gates = valuation_service.finance_gates(cn(), TODAY, None, False)
    found = {c.ground: c for c in eligibility.package(cn(), gates, OWNER, None)}
    assert found["same_day"].state == "unknown" and "申请日" in found["same_day"].fact


def test_every_check_names_its_fact_and_source() -> None:
    gates = valuation_service.finance_gates(cn(), TODAY, date(2028, 1, 1), False)
    for c in eligibility.package(cn(), gates, OWNER, []):
        assert c.fact and c.source, c
    assert eligibility.contract([]).state == "block"
    assert eligibility.contract(["parties", "debt", "term", "patents", "scope"]).state == "pass"
