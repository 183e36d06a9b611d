"""Mediation of disputes over implementing an open licence (调解).

《专利法》第五十二条: the parties may ask the patent administration to mediate. The office
accepts and registers a case (with a number) or refuses it with a reason, holds sessions,
and records the outcome. Material list and refusal grounds follow 《专利开放许可实施纠纷调解
工作办法（试行）》 as summarised in seeds/000 §1.2 (the text itself is not in the corpus).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from zhichan.accounts import service as accounts_service
from zhichan.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from zhichan.core.principal import Principal
from zhichan.db.base import Visibility
from zhichan.licensing import access, numbering
from zhichan.licensing.models import Declaration, Licence, Mediation, MediationSession
from zhichan.licensing.schemas import (
    MediationDecisionIn,
    MediationIn,
    MediationRead,
    OutcomeIn,
    SessionIn,
    SessionRead,
)

BASIS = "专利法第五十二条"
MATERIALS = {
    "request": "调解请求书（当事人、请求事项、事实和理由）",
    "identity": "当事人主体资格证明",
    "licence_proof": "开放许可声明公告及许可通知、付费等证明材料",
    "evidence": "与纠纷有关的证据材料",
}
STATUSES = {
    "applied": "已申请",
    "accepted": "已受理登记",
    "refused": "不予受理",
    "closed": "已结案",
    "withdrawn": "已撤回",
}
OUTCOMES = {"agreement": "达成调解协议", "no_agreement": "调解不成", "withdrawn": "申请人撤回"}


def apply(
    *,
    session: Session,
    principal: Principal,
    data: MediationIn,
    today: date,
    applicant_org_id: int | None = None,
) -> MediationRead:
    """A party (the declarant, or an organisation that gave notice under the declaration)
    applies; the other party is named as respondent. The platform operator may file for a
    party (``applicant_org_id``)."""
    if not principal.can_edit:
        raise PermissionDenied("只读成员不能申请调解")
    applicant = principal.org_id
    if applicant_org_id is not None and applicant_org_id != principal.org_id:
        if not principal.is_platform_admin:
            raise PermissionDenied("只能以本机构名义申请调解")
        applicant = applicant_org_id
    decl = session.get(Declaration, data.declaration_id)
    if decl is None or decl.announcement_no is None:
        raise NotFound(f"开放许可声明 {data.declaration_id} 不存在或未公告")
    licence_id = None
    if data.licence_number:
        licence_id = session.scalar(
            select(Licence.id).where(
                Licence.number == data.licence_number.strip(),
                Licence.declaration_id == decl.id,
            )
        )
        if licence_id is None:
            raise InvalidInput(f"许可 {data.licence_number} 不属于该声明")
    parties = {decl.owner_org_id} | set(
        session.scalars(select(Licence.owner_org_id).where(Licence.declaration_id == decl.id))
    )
    if applicant not in parties:
        raise PermissionDenied("只有开放许可的当事人可以申请调解")
    unknown = set(data.materials) - set(MATERIALS)
    if unknown:
        raise InvalidInput(f"未知的材料类型：{'、'.join(sorted(unknown))}")
    org = accounts_service.org_read(accounts_service.get_org(session=session, org_id=applicant))
    case = Mediation(
        owner_org_id=applicant,
        visibility=Visibility.INTERNAL.value,
        declaration_id=decl.id,
        licence_id=licence_id,
        applicant_name=org.name,
        respondent_name=data.respondent_name,
        request=data.request,
        facts=data.facts,
        materials=sorted(set(data.materials)),
        other_proceedings=data.other_proceedings,
        status="applied",
    )
    session.add(case)
    session.flush()
    return read(session, case)


def missing(case: Mediation) -> list[str]:
    return [label for key, label in MATERIALS.items() if key not in case.materials]


def decide(
    *, session: Session, principal: Principal, case_id: int, data: MediationDecisionIn, today: date
) -> MediationRead:
    case = _for_office(session, principal, case_id)
    if case.status != "applied":
        raise Conflict(f"案件当前状态为“{STATUSES[case.status]}”，不能再作受理决定")
    on = data.on or today
    if data.accept:
        if lacking := missing(case):
            raise InvalidInput(f"材料不齐，不能受理：缺{'、'.join(lacking)}")
        if case.other_proceedings:
            raise InvalidInput("当事人已就该纠纷起诉、申请仲裁或请求处理的，不予受理")
        case.status = "accepted"
        case.number = numbering.next_number(session, "TJ", on.year)
        case.registered_on = on
        case.decision_reason = data.reason
    else:
        if not (data.reason or "").strip():
            raise InvalidInput("不予受理须写明理由")
        case.status, case.decision_reason, case.closed_on = "refused", data.reason, on
    session.flush()
    return read(session, case)


def add_session(
    *, session: Session, principal: Principal, case_id: int, data: SessionIn
) -> MediationRead:
    case = _for_office(session, principal, case_id)
    if case.status != "accepted":
        raise Conflict("受理登记后、结案前才能记录调解")
    session.add(MediationSession(mediation_id=case.id, **data.model_dump()))
    session.flush()
    return read(session, case)


def close(
    *, session: Session, principal: Principal, case_id: int, data: OutcomeIn, today: date
) -> MediationRead:
    """The office records the outcome; the applicant may withdraw the application."""
    case = _readable(session, principal, case_id)
    applicant = principal.org_id == case.owner_org_id and principal.can_edit
    if data.outcome == "withdrawn":
        if not (applicant or access.is_office(principal)):
            raise PermissionDenied("只有申请人可以撤回调解申请")
    elif not access.is_office(principal):
        raise PermissionDenied("只有知识产权局可以记录调解结果")
    if case.status not in ("applied", "accepted"):
        raise Conflict(f"案件当前状态为“{STATUSES[case.status]}”，已经结束")
    if data.outcome != "withdrawn" and case.status != "accepted":
        raise Conflict("受理登记后才能记录调解结果")
    case.status = "withdrawn" if data.outcome == "withdrawn" else "closed"
    case.outcome, case.outcome_note, case.closed_on = data.outcome, data.note, data.on or today
    session.flush()
    return read(session, case)


def _readable(session: Session, principal: Principal | None, case_id: int) -> Mediation:
    case = session.get(Mediation, case_id)
    if case is None or not _may_read(session, principal, case):
        raise NotFound(f"调解案件 {case_id} 不存在", details={"id": case_id})
    return case


def _may_read(session: Session, principal: Principal | None, case: Mediation) -> bool:
    if principal is None:
        return False
    if principal.is_platform_admin or access.is_office(principal):
        return True
    if principal.org_id == case.owner_org_id:
        return True
    decl = session.get(Declaration, case.declaration_id)
    licensee = case.licence_id and session.scalar(
        select(Licence.owner_org_id).where(Licence.id == case.licence_id)
    )
    return principal.org_id in {decl.owner_org_id if decl else None, licensee}


def _for_office(session: Session, principal: Principal, case_id: int) -> Mediation:
    case = _readable(session, principal, case_id)
    if not access.is_office(principal):
        raise PermissionDenied("只有知识产权局可以办理调解")
    return case


def get(*, session: Session, principal: Principal | None, case_id: int) -> MediationRead:
    return read(session, _readable(session, principal, case_id))


def list_cases(*, session: Session, principal: Principal) -> list[MediationRead]:
    stmt = select(Mediation).order_by(Mediation.id.desc()).limit(500)
    if not access.is_office(principal):
        own_decls = select(Declaration.id).where(Declaration.owner_org_id == principal.org_id)
        stmt = stmt.where(
            or_(
                Mediation.owner_org_id == principal.org_id,
                Mediation.declaration_id.in_(own_decls),
            )
        )
    return [read(session, c) for c in session.scalars(stmt)]


def read(session: Session, case: Mediation) -> MediationRead:
    sessions = [
        SessionRead.model_validate(s)
        for s in session.scalars(
            select(MediationSession)
            .where(MediationSession.mediation_id == case.id)
            .order_by(MediationSession.held_on, MediationSession.id)
        )
    ]
    data = {c: getattr(case, c) for c in MediationRead.model_fields if hasattr(case, c)}
    return MediationRead.model_validate(
        data
        | {"missing_materials": missing(case), "status_label": STATUSES[case.status]}
        | {"sessions": sessions}
    )
