"""HTML pages of the accounts domain; they call the same service functions as the API."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, TypeVar

from fastapi import Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from zhichan.accounts import credentials, service
from zhichan.accounts.deps import (
    SESSION_COOKIE,
    Admin,
    CurrentPrincipal,
    PlatformAdmin,
    SignedIn,
    permit,
)
from zhichan.accounts.routes import AuditFilter
from zhichan.accounts.schemas import (
    OrgCreate,
    OrgRead,
    TokenCreate,
    UserCreate,
    UserRead,
    UserUpdate,
)
from zhichan.core.errors import ZhichanError
from zhichan.core.principal import ORG_KIND_LABELS, ROLE_LABELS
from zhichan.http.deps import Ctx, DbSession
from zhichan.http.forms import see, validation_messages
from zhichan.http.nav import NavItem
from zhichan.http.pages import render
from zhichan.http.params import Id
from zhichan.http.routing import Router

page_router = Router(include_in_schema=False)

NAV = [
    NavItem("账户与令牌", "/account", "account.self", order=900),
    NavItem("用户管理", "/admin/users", "accounts.users", order=910),
    NavItem("机构管理", "/admin/orgs", "accounts.orgs", order=920),
    NavItem("审计日志", "/admin/audit", "accounts.audit", order=930),
]


def _safe_next(target: str | None) -> str:
    # Only same-site relative paths, so the login form cannot become an open redirect.
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


T = TypeVar("T")


def _attempt(action: Callable[[], T]) -> tuple[T | None, list[str], int]:
    """Run a form's validation and service call; on failure return the messages and status
    the form is re-rendered with, so the user keeps what they typed."""
    try:
        return action(), [], 200
    except ValidationError as exc:
        return None, _errors(exc), 422
    except ZhichanError as exc:
        return None, [exc.message], exc.status


def _errors(exc: ValidationError) -> list[str]:
    return validation_messages(exc)


@page_router.get("/login", dependencies=[permit("session.login")], response_class=HTMLResponse)
def login_page(request: Request, principal: CurrentPrincipal, next: str = "/") -> Response:
    if principal is not None:
        return RedirectResponse(_safe_next(next), status_code=303)
    return render(request, "accounts/login.html", {"next": _safe_next(next)})


@page_router.post("/login", dependencies=[permit("session.login")], response_class=HTMLResponse)
def login(
    request: Request,
    session: DbSession,
    ctx: Ctx,
    username: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/",
) -> Response:
    try:
        address = request.client.host if request.client else "unknown"
        user = credentials.authenticate(
            session=session, username=username, password=password, address=address
        )
    except ZhichanError as exc:
        context = {"next": _safe_next(next), "error": exc.message, "username": username}
        return render(request, "accounts/login.html", context, status_code=exc.status)
    raw = credentials.start_session(
        session=session,
        user=user,
        hours=ctx.settings.session_hours,
        user_agent=request.headers.get("user-agent"),
    )
    response = RedirectResponse(_safe_next(next), status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        raw,
        max_age=ctx.settings.session_hours * 3600,
        httponly=True,
        secure=ctx.settings.cookie_secure,
        samesite="lax",
    )
    return response


@page_router.post("/logout", dependencies=[permit("session.login")])
def logout(request: Request, session: DbSession) -> Response:
    if raw := request.cookies.get(SESSION_COOKIE):
        credentials.end_session(session=session, raw=raw)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


@page_router.get("/account", dependencies=[permit("account.self")], response_class=HTMLResponse)
def account(request: Request, session: DbSession, principal: SignedIn) -> Response:
    user = service.user_read(service.get_user(session=session, user_id=principal.user_id))
    tokens = credentials.list_tokens(session=session, principal=principal)
    return render(request, "accounts/account.html", {"user": user, "tokens": tokens})


@page_router.post(
    "/account/password", dependencies=[permit("account.self")], response_class=HTMLResponse
)
def account_change_password(
    request: Request,
    session: DbSession,
    principal: SignedIn,
    old_password: Annotated[str, Form()] = "",
    new_password: Annotated[str, Form()] = "",
    new_password2: Annotated[str, Form()] = "",
) -> Response:
    if new_password != new_password2:
        context = {"error": "两次输入的新密码不一致"}
        return render(request, "accounts/_password.html", context, status_code=422)
    try:
        credentials.change_password(
            session=session,
            principal=principal,
            old_password=old_password,
            new_password=new_password,
            keep_session=request.cookies.get(SESSION_COOKIE),
        )
    except ZhichanError as exc:
        return render(request, "accounts/_password.html", {"error": exc.message}, exc.status)
    return render(request, "accounts/_password.html", {"changed": True})


@page_router.post(
    "/account/tokens", dependencies=[permit("account.self")], response_class=HTMLResponse
)
def account_create_token(
    request: Request,
    session: DbSession,
    principal: SignedIn,
    name: Annotated[str, Form()] = "",
    days: Annotated[str, Form()] = "90",
) -> Response:
    context: dict[str, object] = {}
    try:
        token_in = TokenCreate(name=name.strip(), days=int(days) if days.strip() else None)
        context["created"] = credentials.create_token(
            session=session, principal=principal, token_in=token_in
        )
    except ValidationError as exc:
        context["errors"] = _errors(exc)
    except ValueError:
        context["errors"] = ["有效天数必须是整数"]
    context["tokens"] = credentials.list_tokens(session=session, principal=principal)
    return render(request, "accounts/_tokens.html", context)


@page_router.post(
    "/account/tokens/{token_id}/revoke",
    dependencies=[permit("account.self")],
    response_class=HTMLResponse,
)
def account_revoke_token(
    request: Request, token_id: Id, session: DbSession, principal: SignedIn
) -> Response:
    credentials.revoke_token(session=session, principal=principal, token_id=token_id)
    tokens = credentials.list_tokens(session=session, principal=principal)
    return render(request, "accounts/_tokens.html", {"tokens": tokens})


@page_router.get("/admin/orgs", dependencies=[permit("accounts.orgs")], response_class=HTMLResponse)
def admin_orgs(request: Request, session: DbSession, principal: PlatformAdmin) -> Response:
    orgs = service.list_orgs(session=session, principal=principal)
    return render(request, "accounts/orgs.html", {"orgs": orgs, "kinds": ORG_KIND_LABELS})


@page_router.post(
    "/admin/orgs", dependencies=[permit("accounts.orgs")], response_class=HTMLResponse
)
def admin_create_org(
    request: Request,
    session: DbSession,
    principal: PlatformAdmin,
    name: Annotated[str, Form()] = "",
    kind: Annotated[str, Form()] = "",
    region: Annotated[str, Form()] = "",
    credit_code: Annotated[str, Form()] = "",
) -> Response:
    form = {"name": name, "kind": kind, "region": region, "credit_code": credit_code}

    def create() -> OrgRead:
        org_in = OrgCreate.model_validate(
            form | {"region": region or None, "credit_code": credit_code or None}
        )
        return service.create_org(session=session, org_in=org_in, principal=principal)

    created, errors, status = _attempt(create)
    if created:
        return see("/admin/orgs", f"已新增机构“{created.name}”")
    orgs = service.list_orgs(session=session, principal=principal)
    context = {"orgs": orgs, "kinds": ORG_KIND_LABELS, "errors": errors, "form": form}
    return render(request, "accounts/orgs.html", context, status_code=status)


@page_router.get(
    "/admin/users", dependencies=[permit("accounts.users")], response_class=HTMLResponse
)
def admin_users(request: Request, session: DbSession, principal: Admin) -> Response:
    return render(request, "accounts/users.html", _users_context(session, principal))


def _users_context(session: DbSession, principal: Admin) -> dict[str, object]:
    users = service.list_users(session=session, principal=principal)
    if principal.is_platform_admin:
        orgs = service.list_orgs(session=session, principal=principal)
    else:
        orgs = [service.org_read(service.get_org(session=session, org_id=principal.org_id))]
    return {"users": users, "orgs": orgs, "roles": ROLE_LABELS}


@page_router.post(
    "/admin/users", dependencies=[permit("accounts.users")], response_class=HTMLResponse
)
def admin_create_user(
    request: Request,
    session: DbSession,
    principal: Admin,
    username: Annotated[str, Form()] = "",
    display_name: Annotated[str, Form()] = "",
    email: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    organisation_id: Annotated[str, Form()] = "",
    role: Annotated[str, Form()] = "editor",
) -> Response:
    form = {"username": username, "display_name": display_name, "email": email, "role": role}

    def create() -> UserRead:
        user_in = UserCreate.model_validate(
            form
            | {
                "email": email or None,
                "password": password,
                "organisation_id": organisation_id or 0,
            }
        )
        return service.create_user(session=session, user_in=user_in, principal=principal)

    created, errors, status = _attempt(create)
    if created:
        return see("/admin/users", f"已新增用户“{created.username}”")
    context = _users_context(session, principal) | {"errors": errors, "form": form}
    return render(request, "accounts/users.html", context, status_code=status)


@page_router.post(
    "/admin/users/{user_id}", dependencies=[permit("accounts.users")], response_class=HTMLResponse
)
def admin_update_user(
    request: Request,
    user_id: Id,
    session: DbSession,
    principal: Admin,
    role: Annotated[str, Form()] = "",
    is_active: Annotated[str, Form()] = "",
) -> Response:

    def update() -> UserRead:
        active = {"true": True, "false": False}.get(is_active)
        changes = UserUpdate.model_validate({"role": role or None, "is_active": active})
        return service.update_user(
            session=session, principal=principal, user_id=user_id, changes=changes
        )

    updated, errors, status = _attempt(update)
    if updated:
        return see("/admin/users", f"用户“{updated.username}”已更新")
    context = _users_context(session, principal) | {"errors": errors, "form": {}}
    return render(request, "accounts/users.html", context, status_code=status)


@page_router.get(
    "/admin/audit", dependencies=[permit("accounts.audit")], response_class=HTMLResponse
)
def admin_audit(
    request: Request, query: AuditFilter, session: DbSession, principal: Admin
) -> Response:
    page = service.query_audit(session=session, principal=principal, query=query)
    context = {
        "page": page,
        "query": query,
        "object_types": service.audit_object_types(session=session),
        "querystring": request.url.query,
    }
    return render(request, "accounts/audit.html", context)
