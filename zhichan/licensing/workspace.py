"""Signed-in pages of open licensing: the patentee's declarations, the licensee's licences,
the office's queue and statistics, and mediation. Forms post here; success redirects
(post/redirect/get), a refused action re-renders the page with the reason."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from starlette.datastructures import FormData

from zhichan.accounts import service as accounts_service
from zhichan.accounts.deps import SignedIn
from zhichan.core.errors import PermissionDenied, ZhichanError
from zhichan.core.principal import Principal
from zhichan.http.deps import DbSession
from zhichan.http.pages import render
from zhichan.licensing import access, licences, lifecycle, mediation, service, stats
from zhichan.licensing.context import common, declaration_context
from zhichan.licensing.schemas import (
    DeclarationIn,
    FilingIn,
    LicenceIn,
    MediationDecisionIn,
    MediationIn,
    OutcomeIn,
    PaymentIn,
    ReportIn,
    SessionIn,
    TransitionIn,
)

router = APIRouter(include_in_schema=False)
FIELD_NAMES = {
    "patents": "专利号",
    "patentee_name": "专利权人",
    "term_years": "许可期限",
    "fixed_fee": "固定费用",
    "sales_rate": "提成比例",
    "profit_rate": "分成比例",
    "paid": "金额",
    "net_sales": "净销售额",
    "profit": "利润",
    "respondent_name": "被申请人",
    "request": "请求事项",
    "facts": "事实和理由",
    "notes": "调解记录",
    "held_on": "调解日期",
    "document": "许可证明文件",
}


async def _form(request: Request) -> FormData:
    return await request.form()


Form = Annotated[FormData, Depends(_form)]


def validation_message(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors():
        field = ".".join(str(x) for x in err["loc"] if not isinstance(x, int))
        parts.append(f"{FIELD_NAMES.get(field, field)}：{err['msg']}")
    return "；".join(parts)


def _clean(form: FormData, *names: str) -> dict[str, Any]:
    return {n: v for n in names if isinstance(v := form.get(n), str) and v.strip()}


def _see(path: str, notice: str | None = None) -> Response:
    url = path + (f"?notice={quote(notice)}" if notice else "")
    return RedirectResponse(url, status_code=303)


def _declaration_or_error(
    request: Request,
    session: DbSession,
    principal: Principal,
    declaration_id: int,
    act: Callable[[], str],
) -> Response:
    """Run ``act``; on success go back to the declaration page, else show why on it."""
    try:
        notice = act()
        return _see(f"/licensing/declarations/{declaration_id}", notice)
    except (ZhichanError, ValidationError) as exc:
        message = exc.message if isinstance(exc, ZhichanError) else validation_message(exc)
        status = exc.status if isinstance(exc, ZhichanError) else 422
    session.rollback()
    decl = service.get_declaration(
        session=session, principal=principal, declaration_id=declaration_id
    )
    context = declaration_context(session, principal, decl) | {"error": message}
    return render(request, "licensing/declaration.html", context, status_code=status)


@router.get("/licensing/mine", response_class=HTMLResponse)
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
    data = _clean(
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


@router.get("/licensing/new", response_class=HTMLResponse)
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


def _as_dict(form: FormData) -> dict[str, Any]:
    out: dict[str, Any] = {k: v for k, v in form.items() if isinstance(v, str)}
    out["confirmations"] = form.getlist("confirmations")
    return out


@router.post("/licensing/new", response_class=HTMLResponse)
def create(request: Request, session: DbSession, principal: SignedIn, form: Form) -> Response:
    try:
        decl = service.create_declaration(
            session=session, principal=principal, data=_declaration_in(form)
        )
    except ValidationError as exc:
        return _form_page(request, _as_dict(form), validation_message(exc), 422)
    except ZhichanError as exc:
        session.rollback()
        return _form_page(request, _as_dict(form), exc.message, exc.status)
    return _see(f"/licensing/declarations/{decl.id}", "草稿已保存，请查看逐条检查结果")


@router.get("/licensing/declarations/{declaration_id}/edit", response_class=HTMLResponse)
def edit_form(
    request: Request, declaration_id: int, session: DbSession, principal: SignedIn
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


@router.post("/licensing/declarations/{declaration_id}/edit", response_class=HTMLResponse)
def update(
    request: Request, declaration_id: int, session: DbSession, principal: SignedIn, form: Form
) -> Response:
    try:
        service.update_declaration(
            session=session,
            principal=principal,
            declaration_id=declaration_id,
            data=_declaration_in(form),
        )
    except ValidationError as exc:
        return _form_page(request, _as_dict(form), validation_message(exc), 422, declaration_id)
    except ZhichanError as exc:
        session.rollback()
        return _form_page(request, _as_dict(form), exc.message, exc.status, declaration_id)
    return _see(f"/licensing/declarations/{declaration_id}", "草稿已更新")


@router.post("/licensing/declarations/{declaration_id}/step", response_class=HTMLResponse)
def step(
    request: Request, declaration_id: int, session: DbSession, principal: SignedIn, form: Form
) -> Response:
    def act() -> str:
        step_in = TransitionIn.model_validate(_clean(form, "action", "note", "version", "on"))
        decl = service.transition(
            session=session,
            principal=principal,
            declaration_id=declaration_id,
            step_in=step_in,
            today=date.today(),
        )
        return f"已完成“{lifecycle.ACTIONS[step_in.action]}”，当前状态：{decl.status_label}"

    return _declaration_or_error(request, session, principal, declaration_id, act)


@router.post("/licensing/declarations/{declaration_id}/license", response_class=HTMLResponse)
def license_(
    request: Request, declaration_id: int, session: DbSession, principal: SignedIn, form: Form
) -> Response:
    created: list[int] = []

    def act() -> str:
        data = LicenceIn.model_validate(
            _clean(
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
            today=date.today(),
        )
        created.append(lic.id)
        return f"已取得许可 {lic.number}（{lic.status_label}）"

    response = _declaration_or_error(request, session, principal, declaration_id, act)
    if created:
        return _see(f"/licensing/licences/{created[0]}", "许可通知已提交")
    return response


def _licence_page(
    request: Request,
    session: DbSession,
    principal: Principal,
    licence_id: int,
    error: str | None = None,
    status: int = 200,
) -> Response:
    lic = licences.get_licence(session=session, principal=principal, licence_id=licence_id)
    context = common() | {
        "lic": lic,
        "error": error,
        "notice": request.query_params.get("notice"),
        "is_licensee": principal.is_platform_admin or principal.org_id == lic.owner_org_id,
        "today": date.today().isoformat(),
    }
    return render(request, "licensing/licence.html", context, status_code=status)


@router.get("/licensing/licences/{licence_id}", response_class=HTMLResponse)
def licence_page(
    request: Request, licence_id: int, session: DbSession, principal: SignedIn
) -> Response:
    return _licence_page(request, session, principal, licence_id)


@router.post("/licensing/licences/{licence_id}/{what}", response_class=HTMLResponse)
def licence_action(
    request: Request,
    licence_id: int,
    what: str,
    session: DbSession,
    principal: SignedIn,
    form: Form,
) -> Response:
    try:
        if what == "pay":
            data = PaymentIn.model_validate(_clean(form, "paid", "paid_on", "payment_ref"))
            licences.pay(session=session, principal=principal, licence_id=licence_id, data=data)
            notice = "付款已记录"
        elif what == "file":
            filing = FilingIn.model_validate(_clean(form, "document", "on"))
            licences.file_licence(
                session=session,
                principal=principal,
                licence_id=licence_id,
                data=filing,
                today=date.today(),
            )
            notice = "备案已完成"
        elif what == "report":
            report = ReportIn.model_validate(
                _clean(form, "use_note", "net_sales", "profit", "paid", "paid_on")
            )
            licences.add_report(
                session=session, principal=principal, licence_id=licence_id, data=report
            )
            notice = "本期实施情况已报告"
        else:
            return Response(status_code=404)
    except (ZhichanError, ValidationError) as exc:
        session.rollback()
        message = exc.message if isinstance(exc, ZhichanError) else validation_message(exc)
        status = exc.status if isinstance(exc, ZhichanError) else 422
        return _licence_page(request, session, principal, licence_id, message, status)
    return _see(f"/licensing/licences/{licence_id}", notice)


@router.get("/licensing/office", response_class=HTMLResponse)
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


@router.get("/licensing/stats", response_class=HTMLResponse)
def stats_page(request: Request, session: DbSession, principal: SignedIn) -> Response:
    unit = request.query_params.get("unit", "month")
    result = stats.compute(session=session, principal=principal, unit=unit)
    return render(request, "licensing/stats.html", common() | {"s": result, "unit": unit})


@router.get("/licensing/mediations/new", response_class=HTMLResponse)
def mediation_form(request: Request, session: DbSession, principal: SignedIn) -> Response:
    return render(
        request,
        "licensing/mediation_form.html",
        {"f": dict(request.query_params), "materials": mediation.MATERIALS, "error": None},
    )


@router.post("/licensing/mediations", response_class=HTMLResponse)
def mediation_apply(
    request: Request, session: DbSession, principal: SignedIn, form: Form
) -> Response:
    try:
        data = _clean(
            form, "declaration_id", "licence_number", "respondent_name", "request", "facts"
        )
        data["materials"] = form.getlist("materials")
        data["other_proceedings"] = form.get("other_proceedings") == "on"
        case = mediation.apply(
            session=session,
            principal=principal,
            data=MediationIn.model_validate(data),
            today=date.today(),
        )
    except (ZhichanError, ValidationError) as exc:
        session.rollback()
        message = exc.message if isinstance(exc, ZhichanError) else validation_message(exc)
        f = _as_dict(form) | {"materials": form.getlist("materials")}
        return render(
            request,
            "licensing/mediation_form.html",
            {"f": f, "materials": mediation.MATERIALS, "error": message},
            status_code=422,
        )
    return _see(f"/licensing/mediations/{case.id}", "调解申请已提交")


def _mediation_page(
    request: Request,
    session: DbSession,
    principal: Principal,
    case_id: int,
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
        "today": date.today().isoformat(),
    }
    return render(request, "licensing/mediation.html", context, status_code=status)


@router.get("/licensing/mediations/{case_id}", response_class=HTMLResponse)
def mediation_page(
    request: Request, case_id: int, session: DbSession, principal: SignedIn
) -> Response:
    return _mediation_page(request, session, principal, case_id)


@router.post("/licensing/mediations/{case_id}/{what}", response_class=HTMLResponse)
def mediation_action(
    request: Request, case_id: int, what: str, session: DbSession, principal: SignedIn, form: Form
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
                today=date.today(),
            )
        elif what == "session":
            mediation.add_session(
                session=session,
                principal=principal,
                case_id=case_id,
                data=SessionIn.model_validate(
                    _clean(form, "held_on", "place", "participants", "notes")
                ),
            )
        elif what == "outcome":
            mediation.close(
                session=session,
                principal=principal,
                case_id=case_id,
                data=OutcomeIn.model_validate(_clean(form, "outcome", "note")),
                today=date.today(),
            )
        else:
            return Response(status_code=404)
    except (ZhichanError, ValidationError) as exc:
        session.rollback()
        message = exc.message if isinstance(exc, ZhichanError) else validation_message(exc)
        status = exc.status if isinstance(exc, ZhichanError) else 422
        return _mediation_page(request, session, principal, case_id, message, status)
    return _see(f"/licensing/mediations/{case_id}", "已记录")
