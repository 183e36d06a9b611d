"""CSRF protection: a token bound to the browser session, checked on every write.

A signed-in browser's token is an HMAC of its session cookie under the server's secret, so it
changes with every login and cannot be planted: someone who can set cookies for the site
still cannot compute it. Before signing in (the login form), the token is a random
``zhichan_csrf`` cookie (SameSite=Strict) that the form echoes. Any state-changing request
that is not authenticated by a bearer token must send the token in the ``X-CSRF-Token``
header (HTMX does this from ``hx-headers``) or a ``csrf_token`` form field.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from fastapi import Request

from zhichan.core.errors import CsrfFailed

COOKIE = "zhichan_csrf"
SESSION_COOKIE = "zhichan_session"
HEADER = "x-csrf-token"
FIELD = "csrf_token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


def _bound(request: Request, session: str) -> str:
    secret = request.app.state.ctx.settings.secret_key.encode("utf-8")
    mac = hmac.new(secret, b"csrf|" + session.encode("utf-8"), hashlib.sha256)
    return base64.urlsafe_b64encode(mac.digest()).decode("ascii").rstrip("=")


def token_for(request: Request) -> str:
    """The request's CSRF token: bound to the session if there is one, else a cookie that the
    middleware will set."""
    if session := request.cookies.get(SESSION_COOKIE):
        return _bound(request, session)
    token = request.cookies.get(COOKIE)
    if not token:
        token = getattr(request.state, "new_csrf", None) or secrets.token_urlsafe(32)
        request.state.new_csrf = token
    return token


async def protect(request: Request) -> None:
    if request.method in SAFE_METHODS:
        return
    if request.headers.get("authorization", "").lower().startswith("bearer "):
        return
    session = request.cookies.get(SESSION_COOKIE)
    expected = _bound(request, session) if session else request.cookies.get(COOKIE)
    sent = request.headers.get(HEADER)
    if sent is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        form = await request.form()
        value = form.get(FIELD)
        sent = value if isinstance(value, str) else None
    if not expected or not sent or not hmac.compare_digest(expected, sent):
        raise CsrfFailed("页面已过期或来源不明，请刷新页面后重试")
