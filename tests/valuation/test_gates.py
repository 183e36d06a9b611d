"""Hard gates, table-driven on constructed profiles (profiles.py). The CN invention filed
2016-03-10 has its term end on 2036-03-09 (《专利法》第四十二条: twenty years from the filing
date, the term ending the day before the anniversary)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from tests.valuation.profiles import cn, event
from zhichan.valuation import gates

TODAY = date(2026, 12, 1)
ENDS = date(2036, 3, 9)

CASES: list[tuple[str, str, dict[str, Any], gates.Terms, str, str]] = [
    # (case, scenario, profile changes, terms, gate, expected state)
    (
        "loan ends on the term's last day",
        "finance",
        {},
        gates.Terms(loan_ends=ENDS),
        "loan_term",
        "pass",
    ),
    (
        "loan one day longer than the term",
        "finance",
        {},
        gates.Terms(loan_ends=date(2036, 3, 10)),
        "loan_term",
        "block",
    ),
    ("no loan date given", "finance", {}, gates.Terms(), "loan_term", "unknown"),
    ("in force", "finance", {}, gates.Terms(), "in_force", "pass"),
    (
        "lapsed",
        "finance",
        {"legal_status": "未缴年费专利权终止", "status_category": "invalid"},
        gates.Terms(),
        "in_force",
        "block",
    ),
    (
        "annuity unpaid",
        "finance",
        {"legal_status": "未缴年费专利权终止", "status_category": "invalid"},
        gates.Terms(),
        "annuity",
        "block",
    ),
    (
        "application only",
        "finance",
        {"grant_date": None, "legal_status": "实质审查", "status_category": "pending"},
        gates.Terms(),
        "granted",
        "block",
    ),
    (
        "pledged, not released",
        "finance",
        {"events": [event("2020-01-02", "pledge", "专利权质押合同登记的生效")]},
        gates.Terms(),
        "pledge",
        "block",
    ),
    (
        "pledge released",
        "finance",
        {
            "events": [
                event("2020-01-02", "pledge", "质押登记"),
                event("2021-01-02", "pledge_release", "质押登记的注销"),
            ]
        },
        gates.Terms(),
        "pledge",
        "pass",
    ),
    ("no events at all", "finance", {"events": []}, gates.Terms(), "pledge", "unknown"),
    (
        "court preservation",
        "finance",
        {"events": [event("2022-05-05", "other", "专利权的保全")]},
        gates.Terms(),
        "preservation",
        "block",
    ),
    (
        "co-owned, no consent",
        "finance",
        {"holders": ["甲大学", "乙公司"]},
        gates.Terms(),
        "co_owners",
        "block",
    ),
    (
        "co-owned, consent declared",
        "finance",
        {"holders": ["甲大学", "乙公司"]},
        gates.Terms(co_owner_consent=True),
        "co_owners",
        "pass",
    ),
    (
        "invalidation pending warns",
        "finance",
        {"events": [event("2023-02-02", "invalidation", "无效宣告请求")]},
        gates.Terms(),
        "invalidation",
        "warn",
    ),
    (
        "licensing: pledged needs the pledgee",
        "licensing",
        {"events": [event("2020-01-02", "pledge", "质押登记")]},
        gates.Terms(),
        "licensed",
        "warn",
    ),
    (
        "infringement before grant",
        "enforcement",
        {},
        gates.Terms(infringement_on=date(2018, 5, 31)),
        "at_infringement",
        "block",
    ),
    (
        "infringement while in force",
        "enforcement",
        {},
        gates.Terms(infringement_on=date(2020, 1, 1)),
        "at_infringement",
        "pass",
    ),
    (
        "infringement after the lapse",
        "enforcement",
        {
            "status_category": "invalid",
            "events": [event("2021-03-10", "termination", "未缴年费专利权终止")],
        },
        gates.Terms(infringement_on=date(2022, 1, 1)),
        "at_infringement",
        "block",
    ),
]


@pytest.mark.parametrize(
    ("case", "scenario", "changes", "terms", "gate", "state"), CASES, ids=[c[0] for c in CASES]
)
def test_gate(
    case: str, scenario: str, changes: dict[str, Any], terms: gates.Terms, gate: str, state: str
) -> None:
    found = {g.key: g for g in gates.check(scenario, cn(**changes), TODAY, terms)}
    assert found[gate].state == state, found[gate]
    assert found[gate].source and found[gate].fact
    assert gates.blocked(list(found.values())) == any(g.state == "block" for g in found.values())


def test_management_has_no_gates() -> None:
    assert gates.check("management", cn(status_category="invalid"), TODAY) == []
