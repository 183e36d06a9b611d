"""Pages of mediation cases: the application form, the case page, the office's decisions."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError

from zhichan.accounts.deps import SignedIn, permit
from zhichan.core import dates
from zhichan.core.errors import ZhichanError
from zhichan.core.principal import Principal
from zhichan.http.deps import DbSession
from zhichan.http.pages import render
from zhichan.http.params import Id
from zhichan.http.routing import Router
from zhichan.licensing import access, mediation
from zhichan.licensing.forms import Form, as_dict, clean, refusal, see
from zhichan.licensing.schemas import MediationDecisionIn, MediationIn, OutcomeIn, SessionIn

router = Router(include_in_schema=False)


@router.get(
    "/licensing/mediations/new",
    dependencies=[permit("licensing.mediation.apply")],
    response_class=HTMLResponse,
)
def mediation_form(request: Request, session: DbSession, principal: SignedIn) -> Response:
    return render(
        request,
        "licensing/mediation_form.html",
        {"f": dict(request.query_params), "materials": mediation.MATERIALS, "error": None},
    )


@router.post(
    "/licensing/mediations",
    dependencies=[permit("licensing.mediation.apply")],
    response_class=HTMLResponse,
)
def mediation_apply(
    request: Request, session: DbSession, principal: SignedIn, form: Form
) -> Response:
    try:
        data = clean(
            form, "declaration_id", "licence_number", "respondent_name", "request", "facts"
        )
        data["materials"] = form.getlist("materials")
        data["other_proceedings"] = form.get("other_proceedings") == "on"
        case = mediation.apply(
            session=session,
            principal=principal,
            data=MediationIn.model_validate(data),
            today=dates.today(),
        )
    except (ZhichanError, ValidationError) as exc:
        session.rollback()
        message, _status = refusal(exc)
        f = as_dict(form) | {"materials": form.getlist("materials")}
        return render(
            request,
            "licensing/mediation_form.html",
            {"f": f, "materials": mediation.MATERIALS, "error": message},
            status_code=422,
        )
    return see(f"/licensing/mediations/{case.id}", "调解申请已提交")


def _mediation_page(
    request: Request,
    session: DbSession,
    principal: Principal,
    case_id: Id,
    error: str | None = None,
    status: int = 200,
) -> Response:
    case = mediation.get(session=session, principal=principal, case_id=case_id)
    context = {
        "c": case,
        "error": error,
        "notice": request.query_params.get("notice"),
        "office": access.is_office(principal),
        "outcomes": mediation.OUTCOMES,
        "materials": mediation.MATERIALS,
        "today": dates.today().isoformat(),
    }
    return render(request, "licensing/mediation.html", context, status_code=status)


@router.get(
    "/licensing/mediations/{case_id}",
    dependencies=[permit("licensing.mediation.read")],
    response_class=HTMLResponse,
)
def mediation_page(
    request: Request, case_id: Id, session: DbSession, principal: SignedIn
) -> Response:
    return _mediation_page(request, session, principal, case_id)


@router.post(
    "/licensing/mediations/{case_id}/{what}",
    dependencies=[permit("licensing.mediation.act")],
    response_class=HTMLResponse,
)
def mediation_action(
    request: Request, case_id: Id, what: str, session: DbSession, principal: SignedIn, form: Form
) -> Response:
    try:
        if what == "decision":
            decision = MediationDecisionIn(
                accept=form.get("accept") == "1", reason=str(form.get("reason") or "") or None
            )
            mediation.decide(
                session=session,
                principal=principal,
                case_id=case_id,
                data=decision,
                today=dates.today(),
            )
        elif what == "session":
            mediation.add_session(
                session=session,
                principal=principal,
                case_id=case_id,
                data=SessionIn.model_validate(
                    clean(form, "held_on", "place", "participants", "notes")
                ),
            )
        elif what == "outcome":
            mediation.close(
                session=session,
                principal=principal,
                case_id=case_id,
                data=OutcomeIn.model_validate(clean(form, "outcome", "note")),
                today=dates.today(),
            )
        else:
            return Response(status_code=404)
    except (ZhichanError, ValidationError) as exc:
        session.rollback()
        message, status = refusal(exc)
        return _mediation_page(request, session, principal, case_id, message, status)
    return see(f"/licensing/mediations/{case_id}", "已记录")
