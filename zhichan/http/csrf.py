"""CSRF protection by a double-submit cookie.

Every browser gets a random ``zhichan_csrf`` cookie (SameSite=Strict). Any state-changing
request that is not authenticated by a bearer token must echo that value in the
``X-CSRF-Token`` header (HTMX does this from ``hx-headers``) or a ``csrf_token`` form field.
A cross-site page can neither read the cookie nor make the browser send a matching header.
"""

from __future__ import annotations

import hmac
import secrets

from fastapi import Request

from zhichan.core.errors import CsrfFailed

COOKIE = "zhichan_csrf"
HEADER = "x-csrf-token"
FIELD = "csrf_token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


def token_for(request: Request) -> str:
    """The request's CSRF token, creating one that the middleware will set as a cookie."""
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
    expected = request.cookies.get(COOKIE)
    sent = request.headers.get(HEADER)
    if sent is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        form = await request.form()
        value = form.get(FIELD)
        sent = value if isinstance(value, str) else None
    if not expected or not sent or not hmac.compare_digest(expected, sent):
        raise CsrfFailed("页面已过期或来源不明，请刷新页面后重试")
