"""Per-request id, access log line, CSRF cookie and security headers."""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Awaitable, Callable

from fastapi import Request, Response

from zhichan.core.logging import request_id
from zhichan.http import csrf

log = logging.getLogger("zhichan.access")

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; form-action 'self'"
)


def make(
    cookie_secure: bool,
) -> Callable[[Request, Callable[[Request], Awaitable[Response]]], Awaitable[Response]]:
    async def middleware(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        rid = request.headers.get("x-request-id") or uuid.uuid4().hex[:16]
        token = request_id.set(rid[:40])
        started = time.perf_counter()
        try:
            response = await call_next(request)
        finally:
            request_id.reset(token)
        elapsed_ms = round((time.perf_counter() - started) * 1000, 1)
        response.headers["X-Request-ID"] = rid[:40]
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        new_csrf = getattr(request.state, "new_csrf", None)
        if new_csrf and not request.cookies.get(csrf.COOKIE):
            response.set_cookie(
                csrf.COOKIE, new_csrf, httponly=True, secure=cookie_secure, samesite="strict"
            )
        log.info(
            "%s %s %s",
            request.method,
            request.url.path,
            response.status_code,
            extra={"ms": elapsed_ms, "request_id": rid},
        )
        return response

    return middleware
