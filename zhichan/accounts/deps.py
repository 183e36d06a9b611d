"""Who is calling: resolved once per request from a bearer token or the session cookie."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Request
from sqlalchemy.exc import OperationalError

from zhichan.accounts import credentials, service
from zhichan.core import permissions
from zhichan.core.errors import NotAuthenticated, PermissionDenied
from zhichan.core.logging import request_id
from zhichan.core.principal import Principal
from zhichan.db.engine import BUSY_TIMEOUT_MS
from zhichan.db.session import set_actor
from zhichan.http.csrf import SESSION_COOKIE
from zhichan.http.deps import DbSession, get_ctx

log = logging.getLogger(__name__)

TOUCH_WAIT_MS = 200


def identify(request: Request) -> Principal | None:
    """The signed-in user of a request that no route served (a 404 page): read from the
    session cookie only, so the error page shows the user's own menu."""
    raw = request.cookies.get(SESSION_COOKIE)
    if not raw:
        return None
    with get_ctx(request).session_factory() as session:
        user = credentials.resolve_session(session=session, raw=raw)
        return service.principal_for(user, via="web") if user is not None else None


def current_principal(request: Request, session: DbSession) -> Principal | None:
    if hasattr(request.state, "principal"):
        return request.state.principal
    auth = request.headers.get("authorization", "")
    principal: Principal | None = None
    if auth.lower().startswith("bearer "):
        raw_token = auth[7:].strip()
        found = credentials.resolve_token_use(session=session, raw=raw_token)
        if found is None:
            raise NotAuthenticated("访问令牌无效、已过期或已撤销")
        user, stale_token = found
        principal = service.principal_for(user, via="api")
        if stale_token is not None:
            _touch(request, stale_token)
    elif raw := request.cookies.get(SESSION_COOKIE):
        signed_in = credentials.resolve_session(session=session, raw=raw)
        if signed_in is not None:
            principal = service.principal_for(signed_in, via="web")
    request.state.principal = principal
    via = principal.via if principal else "web"
    set_actor(session, principal, via=via, request_id=request_id.get())
    return principal


def _touch(request: Request, token_id: int) -> None:
    """Record a token's use in its own short transaction, never holding the request up.

    On SQLite a bulk import holds the only write lock for minutes; the touch then waits at
    most 200 ms and is skipped, rather than failing or delaying a read-only request.
    """
    session = get_ctx(request).session_factory()
    conn = session.connection()
    sqlite = conn.dialect.name == "sqlite"
    try:
        if sqlite:
            conn.exec_driver_sql(f"PRAGMA busy_timeout={TOUCH_WAIT_MS}")
        try:
            credentials.touch_token(session=session, token_id=token_id)
        finally:
            if sqlite:
                conn.exec_driver_sql(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        session.commit()
    except OperationalError:
        session.rollback()
        log.info("token %s use not recorded: database busy", token_id)
    finally:
        session.close()


def require_principal(
    principal: Annotated[Principal | None, Depends(current_principal)],
) -> Principal:
    if principal is None:
        raise NotAuthenticated("请先登录")
    return principal


def require_admin(principal: Annotated[Principal, Depends(require_principal)]) -> Principal:
    if not principal.is_org_admin:
        raise PermissionDenied("只有管理员可以访问此页面")
    return principal


def require_platform_admin(
    principal: Annotated[Principal, Depends(require_principal)],
) -> Principal:
    if not principal.is_platform_admin:
        raise PermissionDenied("只有平台管理员可以访问此页面")
    return principal


def permit(action: str) -> Any:
    """The route's declared action, enforced from the permission matrix before it runs."""
    rule = permissions.rule(action)  # an unknown action fails at import, not at request

    def check(principal: Annotated[Principal | None, Depends(current_principal)]) -> None:
        if not rule.public:
            permissions.require(principal, action)

    check.action = action  # type: ignore[attr-defined]
    return Depends(check)


def action_of(call: Callable[..., Any]) -> str | None:
    """The action a ``permit`` dependency declares."""
    return getattr(call, "action", None)


def declared_routes(app: FastAPI) -> Iterator[tuple[str, str, list[str]]]:
    """(method, path, declared actions) of every route of the app, for the matrix test and
    the generated table of docs/security.md."""

    def walk(items: list[Any]) -> Iterator[Any]:
        for item in items:
            if hasattr(item, "original_router"):  # a router included in another
                yield from walk(item.original_router.routes)
            elif hasattr(item, "dependant"):
                yield item

    for route in walk(app.routes):
        actions = [a for d in route.dependant.dependencies if (a := action_of(d.call))]
        for method in sorted(route.methods - {"HEAD"}):
            yield method, route.path, actions


CurrentPrincipal = Annotated[Principal | None, Depends(current_principal)]
SignedIn = Annotated[Principal, Depends(require_principal)]
Admin = Annotated[Principal, Depends(require_admin)]
PlatformAdmin = Annotated[Principal, Depends(require_platform_admin)]
