"""Pledge financing end to end through the API, on both databases: the office's white list to
the bank, the loan from it with the package checked, registration writing the pledge on each
patent (and the open-licence rules then asking for the pledgee's consent), disbursement, a
subsidy claim, statistics; the default branch to the risk pool; who sees what."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from tests.pledge.constructed import FIRM, LAPSED, OLD, SAME_DAY, VALID
from tests.transfer.test_interfaces import bearer
from zhichan.accounts.models import AuditEntry
from zhichan.core import dates
from zhichan.indicators.models import PledgeRecord
from zhichan.pledge import documents

API = "/api/pledge"
ITEMS = ["parties", "debt", "term", "patents", "scope"]
DOCS = ["application_form", "contract", "identity", "appraisal"]
Api = tuple[TestClient, sessionmaker[Session]]


def _ok(resp: Any, status: int = 200) -> Any:
    assert resp.status_code == status, resp.text
    return resp.json()


def _step(
    client: TestClient, who: dict[str, str], loan: dict[str, Any], action: str, **extra: Any
) -> dict[str, Any]:
    body = {"action": action, "version": loan["version"], **extra}
    return _ok(client.post(f"{API}/loans/{loan['id']}/steps", json=body, headers=who))  # type: ignore[no-any-return]


def _loan(
    client: TestClient, who: dict[str, str], numbers: list[str], **extra: Any
) -> dict[str, Any]:
    today = dates.today()
    body = {
        "enterprise_name": FIRM,
        "region": "山东省",
        "mode": "insurance",
        "amount": "1000000",
        "starts_on": today.isoformat(),
        "ends_on": (today + timedelta(days=730)).isoformat(),
        "numbers": numbers,
        "ltv_limit": "50",
        **extra,
    }
    return _ok(client.post(f"{API}/loans", json=body, headers=who), 201)  # type: ignore[no-any-return]


def _to_signed(client: TestClient, bank: dict[str, str], loan: dict[str, Any]) -> dict[str, Any]:
    for action, extra in (
        ("submit", {}),
        ("precheck", {}),
        ("request_valuation", {}),
        (
            "record_valuation",
            {
                "amount": "4000000",
                "method": "收益法",
                "appraiser": "构造评估所",
                "report_no": "构造第1号",
            },
        ),
        ("review", {}),
    ):
        loan = _step(client, bank, loan, action, **extra)
    loan = _step(client, bank, loan, "approve", amount="1000000")
    return _step(
        client,
        bank,
        loan,
        "sign",
        contract_items=ITEMS,
        interest_rate="4.5",
        benchmark_rate="4.35",
        insurer="构造保险公司",
        premium_rate="1.5",
        insurer_share="60",
    )


def test_white_list_to_registered_loan_claim_and_statistics(api: Api) -> None:
    client, factory = api
    office, bank, bank2, firm, viewer = (
        bearer(factory, n) for n in ("office", "bank_ed", "bank2", "firm", "bank")
    )
    wl = _ok(
        client.post(
            f"{API}/whitelists",
            json={"name": "构造白名单", "min_patents": 3, "min_valid": 3},
            headers=office,
        ),
        201,
    )
    assert wl["entries"] == 1
    entries = _ok(client.get(f"{API}/whitelists/{wl['id']}/entries", headers=office))["items"]
    entry = entries[0]
    assert entry["enterprise_name"] == FIRM and len(entry["evidence"]) == 7
    assert "有效 6 件" in entry["reasons"][0]
    # Before the push no bank sees the list; after it only the bank it went to.
    assert _ok(client.get(f"{API}/whitelists", headers=bank))["total"] == 0
    banks = {o["name"]: o["id"] for o in _ok(client.get("/api/v1/orgs", headers=office))}
    _ok(
        client.post(
            f"{API}/whitelists/{wl['id']}/push",
            json={"bank_ids": [banks["丁银行"]]},
            headers=office,
        )
    )
    assert _ok(client.get(f"{API}/whitelists", headers=bank))["total"] == 1
    assert _ok(client.get(f"{API}/whitelists", headers=bank2))["total"] == 0
    assert client.get(f"{API}/whitelists/{wl['id']}/entries", headers=bank2).status_code == 404

    loan = _loan(client, bank, list(VALID[:2]), entry_id=entry["id"])
    assert loan["white_list"] == FIRM and loan["status"] == "draft"
    # Only its bank, the enterprise and the office see the loan.
    assert client.get(f"{API}/loans/{loan['id']}", headers=bank2).status_code == 404
    assert _ok(client.get(f"{API}/loans", headers=bank2))["total"] == 0
    assert client.get(f"{API}/loans/{loan['id']}", headers=firm).status_code == 200
    assert client.get(f"{API}/loans/{loan['id']}", headers=office).status_code == 200
    assert (
        client.get(f"{API}/loans/{loan['id']}", headers=bearer(factory, "a_editor")).status_code
        == 403
    )
    # A viewer of the bank reads it but cannot act; another bank's editor cannot act either.
    assert client.get(f"{API}/loans/{loan['id']}", headers=viewer).status_code == 200
    step = {"action": "submit", "version": loan["version"]}
    assert (
        client.post(f"{API}/loans/{loan['id']}/steps", json=step, headers=viewer).status_code == 403
    )
    assert (
        client.post(f"{API}/loans/{loan['id']}/steps", json=step, headers=bank2).status_code == 404
    )

    loan = _step(client, bank, loan, "submit")
    loan = _step(client, bank, loan, "precheck")
    checks = {c["ground"]: c["state"] for c in loan["package"][0]["checks"]}
    assert checks["pledgor_not_owner"] == "pass" and checks["term_exceeded"] == "pass"
    for action, extra in (
        ("request_valuation", {}),
        ("record_valuation", {"amount": "4000000"}),
        ("review", {}),
    ):
        loan = _step(client, bank, loan, action, **extra)
    too_much = client.post(
        f"{API}/loans/{loan['id']}/steps",
        json={"action": "approve", "version": loan["version"], "amount": "3000000"},
        headers=bank,
    )
    assert too_much.status_code == 409 and "质押率 75.00% 超过本行上限 50" in too_much.text
    loan = _step(client, bank, loan, "approve", amount="1000000")
    assert loan["ltv"] == "25.00"
    loan = _step(
        client,
        bank,
        loan,
        "sign",
        contract_items=ITEMS,
        interest_rate="4.5",
        benchmark_rate="4.35",
        insurer="构造保险公司",
        premium_rate="2.5",
        insurer_share="60",
    )
    limits = {x["label"][:8]: x["state"] for x in loan["limits"]}
    assert "block" in limits.values()  # 山东 SD-3: premium above 2 % a year
    # Filing: documents complete, and what the records cannot tell must be accepted.
    missing = client.post(
        f"{API}/loans/{loan['id']}/steps",
        json={
            "action": "file",
            "version": loan["version"],
            "documents": DOCS[:2],
            "warnings_accepted": True,
        },
        headers=bank,
    )
    assert missing.status_code == 422 and "登记材料不全" in missing.text
    stale = client.post(
        f"{API}/loans/{loan['id']}/steps",
        json={"action": "file", "version": loan["version"] - 1, "documents": DOCS},
        headers=bank,
    )
    assert stale.status_code == 409 and "已被他人修改" in stale.text
    # Complete records: every check passes, nothing to accept.
    assert {c["state"] for p in loan["package"] for c in p["checks"]} == {"pass"}
    loan = _step(client, bank, loan, "file", documents=DOCS)
    assert loan["registration"]["status"] == "filed" and not loan["warnings_accepted"]
    loan = _step(client, bank, loan, "correct", note="缺少签章")
    paused = client.post(
        f"{API}/loans/{loan['id']}/steps",
        headers=bank,
        json={"action": "register", "version": loan["version"], "reg_no": "Y1"},
    )
    assert paused.status_code == 409 and "补正" in paused.text
    loan = _step(client, bank, loan, "resubmit")
    assert loan["registration"]["status"] == "filed" and loan["status"] == "registration_filed"
    future = (dates.today() + timedelta(days=1)).isoformat()
    ahead = client.post(
        f"{API}/loans/{loan['id']}/steps",
        headers=bank,
        json={"action": "register", "version": loan["version"], "reg_no": "Y1", "on": future},
    )
    assert ahead.status_code == 422 and "不能晚于今天" in ahead.text
    loan = _step(client, bank, loan, "register", reg_no="Y2026330000009")
    assert loan["status"] == "registered" and loan["registration"]["reg_no"] == "Y2026330000009"
    # Filed, corrected and registered the same day: 0 working days against the 3 promised.
    assert loan["registration"]["working_days"] == 0 and not loan["registration"]["overdue"]

    # The pledge is on each patent's record, the indicators read it, the white list advanced.
    rights = _ok(client.get(f"/api/patents/{VALID[0]}"))
    assert any(e["code"] == "pledge" for e in rights["record"]["legal_events"])
    with factory() as session:
        got = session.scalars(
            select(PledgeRecord).where(PledgeRecord.registration == "Y2026330000009")
        ).all()
        assert sorted(p.number for p in got) == sorted(VALID[:2]) and all(
            p.amount == 1_000_000 for p in got
        )
        audited = session.scalars(
            select(AuditEntry).where(AuditEntry.object_type == "pledge_loans")
        ).all()
        assert len(audited) >= 10
    entry = _ok(client.get(f"{API}/whitelists/{wl['id']}/entries", headers=office))["items"][0]
    assert (
        entry["feedback"][0]["stage"] == "approved"
        and entry["feedback"][0]["amount"] == "1000000.00"
    )

    # Cross-domain: an open-licence declaration of a pledged patent now needs the pledgee's consent.
    body = {
        "patents": [{"number": VALID[0]}],
        "patentee_name": FIRM,
        "fixed_fee": "50000",
        "term_years": 3,
        "confirmations": ["no_exclusive", "no_suspension", "fees_paid", "truthful"],
    }
    declared = _ok(client.post("/api/licensing/declarations", json=body, headers=firm), 201)
    check = _ok(client.get(f"/api/licensing/declarations/{declared['id']}/check", headers=firm))
    pledge = next(f for f in check["findings"] if f["code"] == "pledge")
    assert pledge["severity"] == "error" and "质权人同意" in pledge["message"]

    loan = _step(client, bank, loan, "disburse", amount="1000000")
    loan = _step(client, bank, loan, "start_repaying")
    # A premium subsidy before repayment is refused with the reason; after it, 60 % of the premium.
    early = _ok(
        client.post(
            f"{API}/loans/{loan['id']}/claims",
            json={"rule_code": "SD-1", "base_amount": "20000"},
            headers=bank,
        ),
        201,
    )
    assert (
        early["status"] == "refused"
        and early["amount"] == "0.00"
        and "已还本付息" in early["steps"][0]
    )
    loan = _step(client, bank, loan, "repay")
    claim = _ok(
        client.post(
            f"{API}/loans/{loan['id']}/claims",
            json={"rule_code": "SD-1", "base_amount": "20000"},
            headers=bank,
        ),
        201,
    )
    assert (
        claim["amount"] == "12000.00"
        and "《第一批知识产权强省建设试点经验与典型案例》" in claim["source"]
    )
    assert (
        client.post(f"{API}/claims/{claim['id']}/pay", headers=office).status_code == 409
    )  # not approved yet
    assert client.post(f"{API}/claims/{claim['id']}/approve", headers=bank).status_code == 403
    _ok(client.post(f"{API}/claims/{claim['id']}/approve", headers=office))
    paid = _ok(client.post(f"{API}/claims/{claim['id']}/pay?ref=构造凭证1", headers=office))
    assert paid["status"] == "paid"
    unsupported = client.post(
        f"{API}/loans/{loan['id']}/claims", json={"rule_code": "CQ-3"}, headers=bank
    )
    assert unsupported.status_code == 422 and "适用于重庆市" in unsupported.text

    stats = _ok(client.get(f"{API}/stats", headers=office))
    f = stats["figures"]
    assert (
        f["registered_amount"],
        f["registrations"],
        f["patents"],
        f["enterprises"],
        f["smes"],
    ) == ("1000000.00", 1, 2, 1, 1)
    assert f["puhui_share"] == 1.0 and stats["subsidies"][0]["amount"] == "12000.00"
    assert stats["funnel"]["approved"] == 1 and stats["funnel"]["pushed"] == 1
    assert client.get(f"{API}/stats", headers=bank).status_code == 403
    xlsx = client.get(f"{API}/stats.xlsx", headers=office)
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"

    loan = _step(client, bank, loan, "cancel_registration")
    rights = _ok(client.get(f"/api/patents/{VALID[0]}"))
    assert [e["code"] for e in rights["record"]["legal_events"]][-2:] == [
        "pledge",
        "pledge_release",
    ]


def test_default_insurer_disposal_then_the_risk_pool(api: Api) -> None:
    client, factory = api
    office, bank = bearer(factory, "office"), bearer(factory, "bank_ed")
    loan = _loan(client, bank, [VALID[2]], region="重庆市", mode="knowledge_credit")
    loan = _to_signed(client, bank, loan)
    loan = _step(client, bank, loan, "file", documents=DOCS, warnings_accepted=True)
    for action, extra in (
        ("register", {"reg_no": "Y2026500000001"}),
        ("disburse", {"amount": "1000000"}),
        ("start_repaying", {}),
        ("overdue", {"note": "逾期 90 天"}),
        ("default", {"amount": "800000", "note": "认定违约"}),
        ("insurance_claim", {"amount": "100000"}),
        ("dispose", {"route": "auction", "amount": "100000"}),
    ):
        loan = _step(client, bank, loan, action, **extra)
    pools = {p["code"]: p for p in _ok(client.get(f"{API}/pools", headers=bank))}
    before = pools["CQ-2"]["balance"]
    claim = _ok(
        client.post(f"{API}/loans/{loan['id']}/claims", json={"rule_code": "CQ-3"}, headers=bank),
        201,
    )
    # (800,000 − 100,000 insurer − 100,000 disposal) × 80 % = 480,000
    assert claim["amount"] == "480000.00" and claim["pool_code"] == "CQ-2"
    _ok(client.post(f"{API}/claims/{claim['id']}/approve", headers=office))
    pools = {p["code"]: p for p in _ok(client.get(f"{API}/pools", headers=bank))}
    assert float(before) - float(pools["CQ-2"]["balance"]) == 480000
    loan = _step(client, bank, loan, "pool_claim")
    loan = _step(client, office, loan, "close")
    assert loan["status"] == "closed" and [s["action"] for s in loan["steps"]][-2:] == [
        "pool_claim",
        "close",
    ]
    stats = _ok(client.get(f"{API}/stats", headers=office))
    assert stats["figures"]["defaulted_loans"] == 1 and stats["figures"]["default_rate"] == 1.0


def test_the_enterprise_applies_and_a_blocked_package_stops_at_the_precheck(api: Api) -> None:
    client, factory = api
    firm, bank = bearer(factory, "firm"), bearer(factory, "bank_ed")
    banks = {o["name"]: o["id"] for o in _ok(client.get("/api/v1/orgs", headers=firm))}
    today = dates.today()
    body = {
        "enterprise_name": "随便写的名字",
        "bank_id": banks["丁银行"],
        "amount": "500000",
        "starts_on": today.isoformat(),
        "ends_on": (today + timedelta(days=365)).isoformat(),
        "numbers": [VALID[3], LAPSED],
    }
    listed = client.post(f"{API}/applications", json=body | {"entry_id": 1}, headers=firm)
    assert listed.status_code == 422 and "白名单条目由银行选用" in listed.text
    loan = _ok(client.post(f"{API}/applications", json=body, headers=firm), 201)
    assert (
        loan["enterprise_name"] == FIRM and loan["bank_name"] == "丁银行"
    )  # the applicant's own name
    assert (
        client.post(
            f"{API}/applications", json=body | {"bank_id": banks["丙公司"]}, headers=firm
        ).status_code
        == 422
    )
    loan = _step(client, firm, loan, "submit")
    assert (
        client.post(
            f"{API}/loans/{loan['id']}/steps",
            json={"action": "precheck", "version": loan["version"]},
            headers=firm,
        ).status_code
        == 403
    )
    blocked = client.post(
        f"{API}/loans/{loan['id']}/steps",
        json={"action": "precheck", "version": loan["version"]},
        headers=bank,
    )
    assert blocked.status_code == 409 and LAPSED in blocked.text and "专利权有效" in blocked.text
    loan = _ok(
        client.put(
            f"{API}/loans/{loan['id']}/package",
            json={"numbers": [VALID[3]], "version": loan["version"]},
            headers=firm,
        )
    )
    loan = _step(client, bank, loan, "precheck")
    assert loan["status"] == "prechecked" and [p["number"] for p in loan["package"]] == [VALID[3]]
    same_day = next(c for c in loan["package"][0]["checks"] if c["ground"] == "same_day")
    assert same_day["state"] == "warn" and SAME_DAY in same_day["fact"]
    for action, extra in (("review", {}), ("approve", {}), ("sign", {"contract_items": ITEMS})):
        loan = _step(client, bank, loan, action, **extra)
    unaccepted = client.post(
        f"{API}/loans/{loan['id']}/steps",
        json={"action": "file", "version": loan["version"], "documents": DOCS[:3]},
        headers=bank,
    )
    assert unaccepted.status_code == 409 and "须确认后继续办理" in unaccepted.text
    assert SAME_DAY in unaccepted.text
    loan = _step(client, bank, loan, "file", documents=DOCS[:3], warnings_accepted=True)
    assert loan["warnings_accepted"] and loan["registration"]["status"] == "filed"
    # A loan longer than the patents' term is refused at the precheck with both dates.
    long = _loan(client, bank, [OLD], ends_on="2029-01-01")
    long = _step(client, bank, long, "submit")
    refused = client.post(
        f"{API}/loans/{long['id']}/steps",
        json={"action": "precheck", "version": long["version"]},
        headers=bank,
    )
    assert (
        refused.status_code == 409
        and "债务履行期限不超过专利权期限" in refused.text
        and "2028-05-04" in refused.text
    )


def test_referral_answered_with_valuations_and_rules_entered_by_the_office(api: Api) -> None:
    client, factory = api
    office, bank, bank2 = (bearer(factory, n) for n in ("office", "bank_ed", "bank2"))
    ref = _ok(
        client.post(
            f"{API}/referrals", json={"enterprise_name": FIRM, "numbers": [VALID[0]]}, headers=bank
        ),
        201,
    )
    assert ref["status"] == "submitted"
    assert _ok(client.get(f"{API}/referrals", headers=bank2))["total"] == 0
    answered = _ok(
        client.post(
            f"{API}/referrals/{ref['id']}/answer",
            json={"answer": "构造意见：可质押"},
            headers=office,
        )
    )
    assert answered["status"] == "answered" and answered["valuations"][0]["number"] == VALID[0]
    assert answered["valuations"][0]["valuation_id"]
    rules = {r["code"]: r for r in _ok(client.get(f"{API}/rules", headers=bank))}
    assert rules["SC-1"]["rate"] is None and rules["SD-1"]["rate"] == "60.0000"
    assert (
        client.put(
            f"{API}/rules/SC-1", json={"rate": "50", "note": "构造的本地文件第三条"}, headers=bank
        ).status_code
        == 403
    )
    entered = _ok(
        client.put(
            f"{API}/rules/SC-1", json={"rate": "50", "note": "构造的本地文件第三条"}, headers=office
        )
    )
    assert entered["rate"] == "50.0000"
    assert (
        client.put(
            f"{API}/rules/GS-1", json={"rate": "50", "note": "构造"}, headers=office
        ).status_code
        == 409
    )


def test_registration_documents_are_uploaded_bounded_and_read_by_the_parties_only(
    api: Api, monkeypatch: Any
) -> None:
    client, factory = api
    firm, bank, bank2 = (bearer(factory, n) for n in ("firm", "bank_ed", "bank2"))
    loan = _loan(client, bank, [VALID[0]])
    url = f"{API}/loans/{loan['id']}/documents"
    pdf = b"%PDF-1.4 constructed contract\n"
    up = client.post(
        url,
        headers=firm,
        data={"kind": "contract"},
        files={"file": ("质押合同.pdf", pdf, "application/pdf")},
    )
    doc = _ok(up, 201)
    assert doc["kind_label"] == "专利权质押合同" and doc["size"] == len(pdf)
    assert doc["sha256"] == hashlib.sha256(pdf).hexdigest()
    got = client.get(f"{url}/{doc['id']}", headers=bank)
    assert got.status_code == 200 and got.content == pdf
    assert "attachment" in got.headers["content-disposition"]
    assert client.get(f"{url}/{doc['id']}", headers=bank2).status_code == 404
    assert (
        client.post(
            url, headers=bank2, data={"kind": "contract"}, files={"file": ("a.pdf", pdf)}
        ).status_code
        == 404
    )
    bad = client.post(
        url, headers=bank, data={"kind": "contract"}, files={"file": ("run.exe", b"MZ")}
    )
    assert bad.status_code == 422 and "只接受" in bad.text
    unknown = client.post(
        url, headers=bank, data={"kind": "selfie"}, files={"file": ("a.pdf", pdf)}
    )
    assert unknown.status_code == 422 and "未知的材料类型" in unknown.text
    monkeypatch.setattr(documents, "MAX_BYTES", 1024)
    big = client.post(
        url, headers=bank, data={"kind": "identity"}, files={"file": ("id.pdf", b"x" * 2048)}
    )
    assert big.status_code == 422 and "上限" in big.text
    loan = _ok(client.get(f"{API}/loans/{loan['id']}", headers=bank))
    assert [d["filename"] for d in loan["documents"]] == [
        "质押合同.pdf"
    ]  # the refused left nothing
