"""Render HTML pages with what every page needs: the user, navigation and CSRF token."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse

from zhichan import __version__
from zhichan.core import permissions
from zhichan.core.principal import Principal
from zhichan.http import csrf
from zhichan.http.deps import get_ctx
from zhichan.http.nav import NavItem


def principal_of(request: Request) -> Principal | None:
    if not hasattr(request.state, "principal"):
        # No route ran (a 404): the app's identify hook reads the session cookie.
        identify = getattr(request.app.state, "identify", None)
        request.state.principal = identify(request) if identify else None
    return request.state.principal


def render(
    request: Request, template: str, context: dict[str, Any] | None = None, status_code: int = 200
) -> HTMLResponse:
    principal = principal_of(request)
    nav: list[NavItem] = getattr(request.app.state, "nav", [])
    base = {
        "principal": principal,
        "nav": [item for item in nav if item.visible_to(principal)],
        "csrf_token": csrf.token_for(request),
        "version": __version__,
        "current_path": request.url.path,
        # A link or button is shown only to those its route admits (the permission matrix).
        "can": lambda action: permissions.allows(principal, action),
        # What ``forms.see`` carried across a post/redirect/get; a page's own context wins.
        "notice": request.query_params.get("notice"),
        "error": request.query_params.get("error"),
    }
    return get_ctx(request).templates.TemplateResponse(
        request, template, base | (context or {}), status_code=status_code
    )


def pager(request: Request, offset: int, size: int, total: int) -> dict[str, Any]:
    """What ``_pager.html`` shows: links to the previous and next page of ``size`` rows that
    keep the page's other filters."""
    kept = {k: v for k, v in request.query_params.items() if k != "offset"}

    def at(start: int) -> str:
        return f"{request.url.path}?{urlencode(kept | {'offset': str(start)})}"

    return {
        "offset": offset,
        "prev_page": at(max(offset - size, 0)) if offset > 0 else None,
        "next_page": at(offset + size) if offset + size < total else None,
    }


def wants_html(request: Request) -> bool:
    if request.url.path.startswith("/api/"):
        return False
    accept = request.headers.get("accept", "")
    return "application/json" not in accept or "text/html" in accept
