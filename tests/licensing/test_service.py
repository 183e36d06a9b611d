"""Declarations through their life on real databases, with constructed patents."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.licensing import constructed as c
from tests.licensing.conftest import TODAY, declaration_in
from tests.licensing.steps import announce, make, step
from zhichan.accounts.models import AuditEntry
from zhichan.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from zhichan.core.principal import Principal
from zhichan.licensing import catalogue, service
from zhichan.licensing.schemas import DeclarationPatentIn, TransitionIn
from zhichan.patents import service as patents_service


def test_check_reads_the_records_and_cites_each_article(
    ldb: Session, who: dict[str, Principal]
) -> None:
    numbers = [
        c.OK,
        c.UTILITY,
        c.PLEDGED,
        c.LAPSED,
        c.PENDING,
        c.CO_OWNED,
        c.OTHERS,
        c.FILED,
        c.OLD,
    ]
    d = make(ldb, who["a_editor"], *numbers)
    check = service.check_declaration(
        session=ldb, principal=who["a_editor"], declaration_id=d.id, today=TODAY
    )
    got = {(f.number, f.code, f.severity) for f in check.findings}
    assert {
        (c.LAPSED, "in_force", "error"),
        (c.PENDING, "granted", "error"),
        (c.OTHERS, "owner", "error"),
        (c.UTILITY, "evaluation_report", "error"),
        (c.PLEDGED, "pledge", "error"),
        (c.CO_OWNED, "co_owners", "warning"),
        (c.FILED, "exclusive", "verify"),
        (c.OLD, "term", "warning"),
        (c.OK, "owner", "pass"),
        (c.OK, "in_force", "pass"),
    } <= got
    assert not check.ok and check.errors == 5
    cited = {f.basis: f for f in check.findings if f.basis_article_id}
    assert "开放许可" in cited["专利法实施细则第八十五条第一款"].basis_text
    assert "质押" in cited["专利法实施细则第八十六条"].basis_text
    owner = next(f for f in check.findings if f.number == c.OTHERS and f.code == "owner")
    assert owner.facts["记录中的专利权人"] == c.UNIV_B
    with pytest.raises(InvalidInput) as refused:
        step(ldb, who["a_editor"], d.id, "submit")
    assert "不能提交" in refused.value.message and c.LAPSED in refused.value.message
    assert (
        service.get_declaration(session=ldb, principal=who["a_editor"], declaration_id=d.id).status
        == "draft"
    )


def test_reports_and_consents_clear_their_rules(ldb: Session, who: dict[str, Principal]) -> None:
    data = declaration_in().model_copy(
        update={
            "patents": [
                DeclarationPatentIn(number=c.UTILITY, evaluation_report="PJ2023-1"),
                DeclarationPatentIn(number=c.PLEDGED, pledgee_consent="质权人同意书-1"),
            ]
        }
    )
    d = service.create_declaration(session=ldb, principal=who["a_editor"], data=data)
    assert step(ldb, who["a_editor"], d.id, "submit").status == "submitted"


def test_announcement_records_events_and_turns_the_fee_reduction_on_and_off(
    ldb: Session, who: dict[str, Principal]
) -> None:
    d = make(ldb, who["a_editor"], c.OK)
    step(ldb, who["a_editor"], d.id, "submit", on=date(2026, 2, 1))
    step(ldb, who["office"], d.id, "approve", "核实无误", on=date(2026, 2, 20))
    d = step(ldb, who["office"], d.id, "publish", on=date(2026, 3, 2))
    assert d.status == "announced" and d.announcement_no == "KF2026" + d.announcement_no[6:]
    assert d.in_effect and d.announced_on == date(2026, 3, 2)
    public = service.get_declaration(session=ldb, principal=None, declaration_id=d.id)
    assert public.announcement_no == d.announcement_no
    reduction = service.fee_reduction(session=ldb, number=c.OK)
    assert reduction.active and reduction.announcement_no == d.announcement_no
    assert patents_service.detail(session=ldb, number=c.OK).open_licence_active
    step(ldb, who["a_editor"], d.id, "request_withdrawal", "技术升级", on=date(2026, 8, 20))
    assert service.fee_reduction(session=ldb, number=c.OK).active  # still in effect until announced
    with pytest.raises(InvalidInput):
        step(ldb, who["office"], d.id, "announce_withdrawal", on=date(2026, 8, 1))
    done = step(ldb, who["office"], d.id, "announce_withdrawal", on=date(2026, 9, 1))
    assert (
        done.status == "withdrawn"
        and done.withdrawal_no
        and done.withdrawal_no.startswith("KC2026")
    )
    assert not service.fee_reduction(session=ldb, number=c.OK).active
    assert not patents_service.detail(session=ldb, number=c.OK).open_licence_active
    events = patents_service.detail(session=ldb, number=c.OK).record["legal_events"]
    assert [e["code"] for e in events] == [
        "grant",
        "open_licence_submitted",
        "open_licence_approved",
        "open_licence",
        "open_licence_withdrawal_requested",
        "open_licence_withdrawn",
    ]
    assert [t.action for t in done.transitions] == [
        "submit",
        "approve",
        "publish",
        "request_withdrawal",
        "announce_withdrawal",
    ]
    gazette = catalogue.gazette(session=ldb)
    mine = [e for e in gazette if e.declaration_id == d.id]
    assert [e.kind for e in mine] == ["开放许可声明", "开放许可声明撤回"]
    audited = ldb.scalars(
        select(AuditEntry.changes).where(
            AuditEntry.object_type == "licensing_declarations", AuditEntry.object_id == str(d.id)
        )
    ).all()
    assert any(ch.get("status", {}).get("after") == "withdrawn" for ch in audited)


def test_who_may_read_and_act(ldb: Session, who: dict[str, Principal]) -> None:
    d = make(ldb, who["a_editor"], c.OK)
    for outsider in ("firm", "office", "b_editor"):
        with pytest.raises(NotFound):
            service.get_declaration(session=ldb, principal=who[outsider], declaration_id=d.id)
    with pytest.raises(NotFound):
        service.get_declaration(session=ldb, principal=None, declaration_id=d.id)
    # A viewer of the declarant sees neither the draft nor it in the organisation's list.
    with pytest.raises(NotFound):
        service.get_declaration(session=ldb, principal=who["a_viewer"], declaration_id=d.id)
    mine = service.list_declarations(session=ldb, principal=who["a_viewer"])
    assert d.id not in {x.id for x in mine}
    assert d.id in {x.id for x in service.list_declarations(session=ldb, principal=who["a_editor"])}
    with pytest.raises(NotFound):
        step(ldb, who["a_viewer"], d.id, "submit")
    step(ldb, who["a_editor"], d.id, "submit")
    assert (
        service.get_declaration(session=ldb, principal=who["office"], declaration_id=d.id).status
        == "submitted"
    )
    with pytest.raises(PermissionDenied):
        step(ldb, who["a_admin"], d.id, "approve")
    with pytest.raises(InvalidInput):
        step(ldb, who["office"], d.id, "reject")  # a rejection needs its reason
    step(ldb, who["office"], d.id, "approve", "ok")
    step(ldb, who["office"], d.id, "publish")
    with pytest.raises(PermissionDenied):
        step(ldb, who["office"], d.id, "request_withdrawal", "x")
    with pytest.raises(PermissionDenied):
        step(ldb, who["b_editor"], d.id, "request_withdrawal", "x")
    with pytest.raises(Conflict) as wrong:
        step(ldb, who["a_editor"], d.id, "submit")
    assert "已公告" in wrong.value.message


def test_rejected_declarations_go_back_to_draft_and_a_stale_version_is_refused(
    ldb: Session, who: dict[str, Principal]
) -> None:
    d = make(ldb, who["a_editor"], c.OK)
    step(ldb, who["a_editor"], d.id, "submit")
    rejected = step(ldb, who["office"], d.id, "reject", "联系方式有误")
    assert rejected.exam_opinion == "联系方式有误"
    with pytest.raises(Conflict):
        service.transition(
            session=ldb,
            principal=who["a_editor"],
            declaration_id=d.id,
            step_in=TransitionIn(action="revise", version=d.version),
            today=TODAY,
        )
    step(ldb, who["a_editor"], d.id, "revise")
    updated = service.update_declaration(
        session=ldb,
        principal=who["a_editor"],
        declaration_id=d.id,
        data=declaration_in(c.OK, contact_phone="0571-87654321"),
    )
    assert updated.contact_phone == "0571-87654321" and updated.exam_opinion is None


def test_a_patent_is_in_one_live_declaration_at_a_time(
    ldb: Session, who: dict[str, Principal]
) -> None:
    first = announce(ldb, who, c.OK)
    second = make(ldb, who["a_editor"], c.OK)
    check = service.check_declaration(
        session=ldb, principal=who["a_editor"], declaration_id=second.id, today=TODAY
    )
    assert any(f.code == "holding" and first.announcement_no in f.message for f in check.findings)
    step(ldb, who["a_editor"], first.id, "request_withdrawal", "重新定价")
    step(ldb, who["office"], first.id, "announce_withdrawal")
    assert step(ldb, who["a_editor"], second.id, "submit").status == "submitted"
