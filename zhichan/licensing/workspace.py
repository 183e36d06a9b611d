"""Signed-in pages of open licensing: the patentee's declarations, the licensee's licences,
the office's queue and statistics (mediation: :mod:`.mediation_views`). Forms post here;
success redirects (post/redirect/get), a refused action re-renders the page with the reason."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError
from starlette.datastructures import FormData

from zhichan.accounts import service as accounts_service
from zhichan.accounts.deps import SignedIn, permit
from zhichan.core import dates
from zhichan.core.errors import PermissionDenied, ZhichanError
from zhichan.core.principal import Principal
from zhichan.http.deps import DbSession
from zhichan.http.pages import render
from zhichan.http.params import Id
from zhichan.http.routing import Router
from zhichan.licensing import access, licences, mediation, service, stats
from zhichan.licensing.context import common, declaration_context
from zhichan.licensing.declarations import lifecycle
from zhichan.licensing.forms import Form, as_dict, clean, refusal, see
from zhichan.licensing.schemas import (
    DeclarationIn,
    FilingIn,
    LicenceIn,
    PaymentIn,
    ReportIn,
    TransitionIn,
)

router = Router(include_in_schema=False)


def _declaration_or_error(
    request: Request,
    session: DbSession,
    principal: Principal,
    declaration_id: Id,
    act: Callable[[], str],
) -> Response:
    """Run ``act``; on success go back to the declaration page, else show why on it."""
    try:
        notice = act()
        return see(f"/licensing/declarations/{declaration_id}", notice)
    except (ZhichanError, ValidationError) as exc:
        message, status = refusal(exc)
    session.rollback()
    decl = service.get_declaration(
        session=session, principal=principal, declaration_id=declaration_id
    )
    context = declaration_context(session, principal, decl) | {"error": message}
    return render(request, "licensing/declaration.html", context, status_code=status)


@router.get("/licensing/mine", dependencies=[permit("licensing.mine")], response_class=HTMLResponse)
def mine(request: Request, session: DbSession, principal: SignedIn) -> Response:
    return render(
        request,
        "licensing/mine.html",
        common()
        | {
            "declarations": service.list_declarations(session=session, principal=principal),
            "licences": licences.list_licences(session=session, principal=principal),
            "cases": mediation.list_cases(session=session, principal=principal),
        },
    )


def _declaration_in(form: FormData) -> DeclarationIn:
    def pairs(name: str) -> dict[str, str]:
        out = {}
        for line in str(form.get(name) or "").splitlines():
            number, sep, ref = line.partition("=")
            if sep and ref.strip():
                out[number.strip()] = ref.strip()
        return out

    reports, consents = pairs("evaluation_reports"), pairs("pledgee_consents")
    numbers = [
        n.strip()
        for n in str(form.get("patents") or "").replace("，", "\n").replace(",", "\n").splitlines()
        if n.strip()
    ]
    data = clean(
        form,
        "patentee_name", "agent_authorisation", "contact_name", "contact_phone", "contact_email",
        "fixed_fee", "fixed_period", "sales_rate", "profit_rate", "payment_method",
        "payment_schedule", "term_years", "field_of_use", "territory", "other_terms",
    )  # fmt: skip
    data["patents"] = [
        {"number": n, "evaluation_report": reports.get(n), "pledgee_consent": consents.get(n)}
        for n in numbers
    ]
    data["confirmations"] = form.getlist("confirmations")
    return DeclarationIn.model_validate(data)


def _form_page(
    request: Request,
    form: dict[str, Any],
    error: str | None,
    status: int = 200,
    decl_id: int | None = None,
) -> Response:
    context = common() | {"f": form, "error": error, "decl_id": decl_id}
    return render(request, "licensing/form.html", context, status_code=status)


@router.get(
    "/licensing/new", dependencies=[permit("licensing.declare")], response_class=HTMLResponse
)
def new_form(request: Request, session: DbSession, principal: SignedIn) -> Response:
    org_name = principal.username
    if not principal.is_operator:
        org_name = accounts_service.get_org(session=session, org_id=principal.org_id).name
    prefill = {
        "patents": request.query_params.get("patent", ""),
        "patentee_name": org_name,
        "term_years": "3",
        "payment_method": "银行转账",
        "fixed_period": "once",
        "payment_schedule": "year",
        "confirmations": [],
    }
    return _form_page(request, prefill, None)


@router.post(
    "/licensing/new", dependencies=[permit("licensing.declare")], response_class=HTMLResponse
)
def create(request: Request, session: DbSession, principal: SignedIn, form: Form) -> Response:
    try:
        decl = service.create_declaration(
            session=session, principal=principal, data=_declaration_in(form)
        )
    except (ZhichanError, ValidationError) as exc:
        session.rollback()
        return _form_page(request, as_dict(form), *refusal(exc))
    return see(f"/licensing/declarations/{decl.id}", "草稿已保存，请查看逐条检查结果")


@router.get(
    "/licensing/declarations/{declaration_id}/edit",
    dependencies=[permit("licensing.declare")],
    response_class=HTMLResponse,
)
def edit_form(
    request: Request, declaration_id: Id, session: DbSession, principal: SignedIn
) -> Response:
    d = service.get_declaration(session=session, principal=principal, declaration_id=declaration_id)
    form = d.model_dump(mode="json")
    form["patents"] = "\n".join(p.number for p in d.patents)
    form["evaluation_reports"] = "\n".join(
        f"{p.number}={p.evaluation_report}" for p in d.patents if p.evaluation_report
    )
    form["pledgee_consents"] = "\n".join(
        f"{p.number}={p.pledgee_consent}" for p in d.patents if p.pledgee_consent
    )
    return _form_page(request, form, None, decl_id=declaration_id)


@router.post(
    "/licensing/declarations/{declaration_id}/edit",
    dependencies=[permit("licensing.declare")],
    response_class=HTMLResponse,
)
def update(
    request: Request, declaration_id: Id, session: DbSession, principal: SignedIn, form: Form
) -> Response:
    try:
        service.update_declaration(
            session=session,
            principal=principal,
            declaration_id=declaration_id,
            data=_declaration_in(form),
        )
    except (ZhichanError, ValidationError) as exc:
        session.rollback()
        return _form_page(request, as_dict(form), *refusal(exc), declaration_id)
    return see(f"/licensing/declarations/{declaration_id}", "草稿已更新")


@router.post(
    "/licensing/declarations/{declaration_id}/step",
    dependencies=[permit("licensing.declare")],
    response_class=HTMLResponse,
)
def step(
    request: Request, declaration_id: Id, session: DbSession, principal: SignedIn, form: Form
) -> Response:
    def act() -> str:
        step_in = TransitionIn.model_validate(clean(form, "action", "note", "version", "on"))
        decl = service.transition(
            session=session,
            principal=principal,
            declaration_id=declaration_id,
            step_in=step_in,
            today=dates.today(),
        )
        return f"已完成“{lifecycle.ACTIONS[step_in.action]}”，当前状态：{decl.status_label}"

    return _declaration_or_error(request, session, principal, declaration_id, act)


@router.post(
    "/licensing/declarations/{declaration_id}/license",
    dependencies=[permit("licensing.license")],
    response_class=HTMLResponse,
)
def license_(
    request: Request, declaration_id: Id, session: DbSession, principal: SignedIn, form: Form
) -> Response:
    created: list[int] = []

    def act() -> str:
        data = LicenceIn.model_validate(
            clean(
                form,
                "patent_number",
                "notice_on",
                "notice_ref",
                "start_on",
                "paid",
                "paid_on",
                "payment_ref",
            )
        )
        lic = licences.take_licence(
            session=session,
            principal=principal,
            declaration_id=declaration_id,
            data=data,
            today=dates.today(),
        )
        created.append(lic.id)
        return f"已取得许可 {lic.number}（{lic.status_label}）"

    response = _declaration_or_error(request, session, principal, declaration_id, act)
    if created:
        return see(f"/licensing/licences/{created[0]}", "许可通知已提交")
    return response


def _licence_page(
    request: Request,
    session: DbSession,
    principal: Principal,
    licence_id: Id,
    error: str | None = None,
    status: int = 200,
) -> Response:
    lic = licences.get_licence(session=session, principal=principal, licence_id=licence_id)
    context = common() | {
        "lic": lic,
        "error": error,
        "notice": request.query_params.get("notice"),
        "is_licensee": principal.is_platform_admin or principal.org_id == lic.owner_org_id,
        "today": dates.today().isoformat(),
    }
    return render(request, "licensing/licence.html", context, status_code=status)


@router.get(
    "/licensing/licences/{licence_id}",
    dependencies=[permit("licensing.mine")],
    response_class=HTMLResponse,
)
def licence_page(
    request: Request, licence_id: Id, session: DbSession, principal: SignedIn
) -> Response:
    return _licence_page(request, session, principal, licence_id)


@router.post(
    "/licensing/licences/{licence_id}/{what}",
    dependencies=[permit("licensing.license")],
    response_class=HTMLResponse,
)
def licence_action(
    request: Request,
    licence_id: Id,
    what: str,
    session: DbSession,
    principal: SignedIn,
    form: Form,
) -> Response:
    try:
        if what == "pay":
            data = PaymentIn.model_validate(clean(form, "paid", "paid_on", "payment_ref"))
            licences.pay(session=session, principal=principal, licence_id=licence_id, data=data)
            notice = "付款已记录"
        elif what == "file":
            filing = FilingIn.model_validate(clean(form, "document", "on"))
            licences.file_licence(
                session=session,
                principal=principal,
                licence_id=licence_id,
                data=filing,
                today=dates.today(),
            )
            notice = "备案已完成"
        elif what == "report":
            report = ReportIn.model_validate(
                clean(form, "use_note", "net_sales", "profit", "paid", "paid_on")
            )
            licences.add_report(
                session=session, principal=principal, licence_id=licence_id, data=report
            )
            notice = "本期实施情况已报告"
        else:
            return Response(status_code=404)
    except (ZhichanError, ValidationError) as exc:
        session.rollback()
        message, status = refusal(exc)
        return _licence_page(request, session, principal, licence_id, message, status)
    return see(f"/licensing/licences/{licence_id}", notice)


@router.get(
    "/licensing/office", dependencies=[permit("licensing.office")], response_class=HTMLResponse
)
def office(request: Request, session: DbSession, principal: SignedIn) -> Response:
    if not access.is_office(principal):
        raise PermissionDenied("只有知识产权局可以访问开放许可审查页面")
    queue = service.list_declarations(session=session, principal=principal, scope="office")
    return render(
        request,
        "licensing/office.html",
        common()
        | {
            "todo": [d for d in queue if d.actions],
            "done": [d for d in queue if not d.actions][:50],
            "cases": mediation.list_cases(session=session, principal=principal),
        },
    )


@router.get(
    "/licensing/stats", dependencies=[permit("licensing.office")], response_class=HTMLResponse
)
def stats_page(request: Request, session: DbSession, principal: SignedIn) -> Response:
    unit = request.query_params.get("unit", "month")
    result = stats.compute(session=session, principal=principal, unit=unit)
    return render(request, "licensing/stats.html", common() | {"s": result, "unit": unit})
