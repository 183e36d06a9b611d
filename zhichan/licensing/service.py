"""Service functions of open-licence declarations: draft, check, lifecycle, fee reduction.

They flush, never commit. Licences, mediation, the catalogue and statistics have their own
modules (:mod:`.licences`, :mod:`.mediation`, :mod:`.catalogue`, :mod:`.stats`).
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from zhichan.accounts import service as accounts_service
from zhichan.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from zhichan.core.operations import Operation
from zhichan.core.principal import Principal
from zhichan.db.base import Visibility
from zhichan.licensing import access, numbering, queries, stats
from zhichan.licensing.declarations import facts, lifecycle, rules
from zhichan.licensing.models import Declaration, DeclarationPatent, Licence, Transition
from zhichan.licensing.schemas import (
    CheckRead,
    DeclarationIn,
    DeclarationRead,
    FeeReductionRead,
    StatsRead,
    TransitionIn,
)
from zhichan.patents import service as patents_service

#: Legal event recorded on each patent for a step (《专利法》第五十条: announced, withdrawn).
EVENT_OF_STEP = {
    "submit": "open_licence_submitted",
    "recall": "open_licence_recalled",
    "approve": "open_licence_approved",
    "reject": "open_licence_rejected",
    "revise": "open_licence_revised",
    "publish": "open_licence",
    "request_withdrawal": "open_licence_withdrawal_requested",
    "announce_withdrawal": "open_licence_withdrawn",
}


def _label(principal: Principal | None) -> str:
    if principal is None:
        return "匿名"
    return principal.actor


def _declarant_org(principal: Principal, org_id: int | None) -> int:
    if org_id is None or org_id == principal.org_id:
        if principal.is_operator:
            raise InvalidInput("请指定声明机构（--org）")
        if not principal.can_edit:
            raise PermissionDenied("只读成员不能起草开放许可声明")
        return principal.org_id
    if not principal.is_platform_admin:
        raise PermissionDenied("只能以本机构名义起草声明")
    return org_id


def create_declaration(
    *, session: Session, principal: Principal, data: DeclarationIn, org_id: int | None = None
) -> DeclarationRead:
    owner = _declarant_org(principal, org_id)
    org = accounts_service.org_read(accounts_service.get_org(session=session, org_id=owner))
    decl = Declaration(
        owner_org_id=owner,
        visibility=Visibility.INTERNAL.value,
        status="draft",
        declarant_name=org.name,
        region=org.region,
    )
    _fill(session, decl, data)
    return get_declaration(session=session, principal=principal, declaration_id=decl.id)


def update_declaration(
    *, session: Session, principal: Principal, declaration_id: int, data: DeclarationIn
) -> DeclarationRead:
    decl = _readable(session, principal, declaration_id)
    if "declarant" not in access.actors(principal, decl.owner_org_id):
        raise PermissionDenied("只有声明人可以修改声明")
    if decl.status != "draft":
        raise Conflict(
            f"只有草稿可以修改；声明当前状态为“{lifecycle.STATES[decl.status]}”",
            details={"state": decl.status},
        )
    _fill(session, decl, data)
    decl.version += 1
    session.flush()
    return get_declaration(session=session, principal=principal, declaration_id=decl.id)


def _fill(session: Session, decl: Declaration, data: DeclarationIn) -> None:
    unknown = set(data.confirmations) - set(rules.CONFIRMATIONS)
    if unknown:
        raise InvalidInput(f"未知的承诺事项：{'、'.join(sorted(unknown))}")
    for name in (
        "patentee_name", "agent_authorisation", "contact_name", "contact_phone",
        "contact_email", "fixed_fee", "fixed_period", "sales_rate", "profit_rate",
        "payment_method", "payment_schedule", "term_years", "field_of_use", "territory",
        "other_terms",
    ):  # fmt: skip
        setattr(decl, name, getattr(data, name))
    decl.confirmations = sorted(set(data.confirmations))
    if decl.id is None:
        session.add(decl)
        session.flush()
    for old in session.scalars(
        select(DeclarationPatent).where(DeclarationPatent.declaration_id == decl.id)
    ):
        session.delete(old)
    session.flush()
    seen: set[int] = set()
    for seq, p in enumerate(data.patents):
        rights = patents_service.rights(session=session, number=p.number)
        if rights.id in seen:
            raise InvalidInput(f"专利 {rights.number} 重复", details={"number": p.number})
        seen.add(rights.id)
        session.add(
            DeclarationPatent(
                declaration_id=decl.id,
                seq=seq,
                patent_id=rights.id,
                number=rights.number,
                title=rights.title,
                patent_type=rights.patent_type,
                ipc_main=rights.ipc_main,
                evaluation_report=p.evaluation_report or None,
                pledgee_consent=p.pledgee_consent or None,
            )
        )
    session.flush()


def _readable(session: Session, principal: Principal | None, declaration_id: int) -> Declaration:
    decl = session.get(Declaration, declaration_id)
    if decl is None or not access.can_read_declaration(principal, decl, decl.status):  # type: ignore[arg-type]
        raise NotFound(f"开放许可声明 {declaration_id} 不存在", details={"id": declaration_id})
    return decl


def get_declaration(
    *, session: Session, principal: Principal | None, declaration_id: int
) -> DeclarationRead:
    decl = _readable(session, principal, declaration_id)
    return queries.declaration(
        session, decl, actors=access.actors(principal, decl.owner_org_id), history=True
    )


def count_declarations(*, session: Session, status: str, org_id: int | None = None) -> int:
    """Declarations in ``status`` (of ``org_id`` when given), for dashboards."""
    stmt = select(func.count(Declaration.id)).where(Declaration.status == status)
    if org_id is not None:
        stmt = stmt.where(Declaration.owner_org_id == org_id)
    return session.scalar(stmt) or 0


def list_declarations(
    *, session: Session, principal: Principal, scope: str = "mine", status: str | None = None
) -> list[DeclarationRead]:
    """``mine``: the principal's organisation's (drafts only for those who may edit them, as
    ``db.authz`` rules for one record); ``office``: everything past the draft."""
    stmt = select(Declaration).order_by(Declaration.id.desc())
    if scope == "office":
        if not access.is_office(principal):
            raise PermissionDenied("只有知识产权局可以查看审查队列")
        stmt = stmt.where(Declaration.status != "draft")
    else:
        stmt = stmt.where(Declaration.owner_org_id == principal.org_id)
        if not principal.can_edit:
            stmt = stmt.where(Declaration.status != "draft")
    if status:
        if status not in lifecycle.STATES:
            raise InvalidInput(f"未知状态：{status}")
        stmt = stmt.where(Declaration.status == status)
    return [
        queries.declaration(session, d, actors=access.actors(principal, d.owner_org_id))
        for d in session.scalars(stmt.limit(500))
    ]


def check_declaration(
    *, session: Session, principal: Principal | None, declaration_id: int, today: date
) -> CheckRead:
    decl = _readable(session, principal, declaration_id)
    return queries.check(session, _findings(session, decl, today))


def _findings(session: Session, decl: Declaration, today: date) -> list[rules.Finding]:
    draft = rules.Draft(
        declarant=decl.declarant_name,
        patentee=decl.patentee_name,
        agent_authorisation=decl.agent_authorisation,
        contact_name=decl.contact_name,
        contact_phone=decl.contact_phone,
        contact_email=decl.contact_email,
        fee=queries.fee_of(decl),
        texts=tuple(
            t
            for t in (decl.field_of_use, decl.territory, decl.other_terms, decl.payment_method)
            if t
        ),
        confirmations=frozenset(decl.confirmations),
        patents=tuple(facts.of_declaration(session, decl)),
        today=today,
    )
    return rules.check(draft)


def transition(
    *,
    session: Session,
    principal: Principal,
    declaration_id: int,
    step_in: TransitionIn,
    today: date,
) -> DeclarationRead:
    """Take one lifecycle step; the declaration row is locked for the whole step."""
    _readable(session, principal, declaration_id)
    decl = session.scalars(
        select(Declaration)
        .where(Declaration.id == declaration_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()
    if step_in.version is not None and step_in.version != decl.version:
        raise Conflict("声明已被他人更新，请刷新后重试", details={"version": decl.version})
    step = lifecycle.step(decl.status, step_in.action, access.actors(principal, decl.owner_org_id))
    note = (step_in.note or "").strip() or None
    if step.action in lifecycle.NEEDS_REASON and not note:
        raise InvalidInput(f"“{step.label}”需要写明理由")
    on = _step_date(session, decl.id, step_in.on, today)
    if step.action == "submit":
        blocking = rules.blocking(_findings(session, decl, today))
        if blocking:
            raise InvalidInput(
                f"声明有 {len(blocking)} 项不符合要求，不能提交："
                + "；".join(
                    f"{f.number + '：' if f.number else ''}{f.message}（{f.basis}）"
                    for f in blocking
                ),
                details={"findings": [f.code for f in blocking]},
            )
    _apply(session, decl, step, on, note)
    session.add(
        Transition(
            declaration_id=decl.id,
            action=step.action,
            from_state=step.source,
            to_state=step.target,
            on=on,
            actor_label=_label(principal),
            note=note,
        )
    )
    _record_events(session, decl, step, on, note)
    session.flush()
    return get_declaration(session=session, principal=principal, declaration_id=decl.id)


def _step_date(session: Session, declaration_id: int, wanted: date | None, today: date) -> date:
    """The date of a step: today unless given; never in the future or before the last step."""
    on = wanted or today
    if on > today:
        raise InvalidInput(f"日期 {on} 晚于今天")
    last = session.scalar(
        select(Transition.on)
        .where(Transition.declaration_id == declaration_id)
        .order_by(Transition.id.desc())
        .limit(1)
    )
    if last and on < last:
        raise InvalidInput(f"日期 {on} 早于上一步的日期 {last}")
    return on


def _apply(
    session: Session, decl: Declaration, step: lifecycle.Step, on: date, note: str | None
) -> None:
    decl.status = step.target
    decl.version += 1
    if step.action in ("approve", "reject"):
        decl.exam_opinion, decl.examined_on = note, on
    elif step.action == "revise":
        decl.exam_opinion = decl.examined_on = None
    elif step.action == "publish":
        decl.announcement_no = numbering.next_number(session, "KF", on.year)
        decl.announced_on = on
        decl.visibility = Visibility.PUBLIC.value
    elif step.action == "request_withdrawal":
        decl.withdrawal_reason = note
    elif step.action == "announce_withdrawal":
        decl.withdrawal_no = numbering.next_number(session, "KC", on.year)
        decl.withdrawn_on = on


def _record_events(
    session: Session, decl: Declaration, step: lifecycle.Step, on: date, note: str | None
) -> None:
    ref = decl.announcement_no or f"#{decl.id}"
    text = f"{lifecycle.ACTIONS[step.action]}：开放许可声明 {ref}"
    if step.action == "publish":
        text = f"开放许可声明公告 {decl.announcement_no}（{decl.patentee_name}）"
    elif step.action == "announce_withdrawal":
        text = f"开放许可声明撤回公告 {decl.withdrawal_no}（原公告 {decl.announcement_no}）"
    if note:
        text += f"；{note}"
    for number in session.scalars(
        select(DeclarationPatent.number).where(DeclarationPatent.declaration_id == decl.id)
    ):
        patents_service.add_event(
            session=session, number=number, code=EVENT_OF_STEP[step.action], text=text, on=on
        )


def fee_reduction(*, session: Session, number: str) -> FeeReductionRead:
    """Whether the patent's annual fees are reduced: a declaration of it is in effect."""
    rights = patents_service.rights(session=session, number=number)
    row = session.execute(
        select(Declaration.id, Declaration.announcement_no, Declaration.announced_on)
        .join(DeclarationPatent, DeclarationPatent.declaration_id == Declaration.id)
        .where(
            DeclarationPatent.patent_id == rights.id,
            Declaration.status.in_(lifecycle.IN_EFFECT),
        )
    ).first()
    if row is None:
        return FeeReductionRead(
            number=rights.number,
            active=False,
            declaration_id=None,
            announcement_no=None,
            since=None,
            explanation="该专利没有处于公告有效期内的开放许可声明，不享受开放许可年费减免",
        )
    return FeeReductionRead(
        number=rights.number,
        active=True,
        declaration_id=row.id,
        announcement_no=row.announcement_no,
        since=row.announced_on,
        explanation=(
            f"开放许可声明 {row.announcement_no} 自 {row.announced_on} 公告实施，"
            "开放许可实施期间对专利年费相应给予减免；撤回公告后停止"
        ),
    )


def statistics(*, session: Session, principal: Principal, unit: str = "month") -> StatsRead:
    """The office's open-licence statistics with their definitions, for other domains."""
    return stats.compute(session=session, principal=principal, unit=unit)


def licence_operations(
    *,
    session: Session,
    patent_ids: Collection[int] | None = None,
    priced: bool = False,
    unrecorded: bool = False,
    limit: int = 200,
) -> list[Operation]:
    """Open licences taken and declarations announced with a fixed fee (of these patents, or
    all; with an amount when ``priced``), newest first: what valuation counts as operations
    and offers as comparables. ``unrecorded``: only what the patents' legal events do not
    already say (announcements and licence filings are written there as events)."""
    taken = select(Licence).order_by(Licence.id.desc()).limit(limit)
    announced = (
        select(Declaration, DeclarationPatent.number)
        .join(DeclarationPatent, DeclarationPatent.declaration_id == Declaration.id)
        .where(Declaration.status.in_(lifecycle.IN_EFFECT))
        .order_by(Declaration.id.desc())
        .limit(limit)
    )
    if patent_ids is not None:
        taken = taken.where(Licence.patent_id.in_(list(patent_ids)))
        announced = announced.where(DeclarationPatent.patent_id.in_(list(patent_ids)))
    if priced:
        taken = taken.where(Licence.upfront_due > 0)
        announced = announced.where(Declaration.fixed_fee.is_not(None), Declaration.fixed_fee > 0)
    if unrecorded:
        taken = taken.where(Licence.filing_no.is_(None))
    out = [
        Operation(
            lic.patent_number,
            "开放许可实施",
            lic.notice_on,
            lic.upfront_due or None,
            f"本平台开放许可 {lic.number}",
        )
        for lic in session.scalars(taken)
    ]
    if unrecorded:
        return out
    out += [
        Operation(
            number,
            "开放许可声明（固定费）",
            d.announced_on,
            d.fixed_fee,
            f"开放许可声明 {d.announcement_no or d.id}",
        )
        for d, number in session.execute(announced)
    ]
    return out
