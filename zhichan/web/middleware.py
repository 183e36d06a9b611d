"""Per-request id, access log line, CSRF cookie, security headers, and a bound on bodies."""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Awaitable, Callable

from fastapi import Request, Response
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from zhichan.core.logging import request_id
from zhichan.http import csrf
from zhichan.http.problems import BODY_TOO_LARGE, PROBLEM, problem_body

log = logging.getLogger("zhichan.access")
CLIENT_ID = re.compile(r"[^A-Za-z0-9._:-]")

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
        # The server names every request: a client's own id could be forged into the audit
        # log, so it is only logged beside ours, cut and stripped of anything but id chars.
        rid = uuid.uuid4().hex[:16]
        client_rid = CLIENT_ID.sub("", request.headers.get("x-request-id", ""))[:64] or None
        request.state.request_id = rid
        token = request_id.set(rid)
        started = time.perf_counter()
        try:
            response = await call_next(request)
        finally:
            request_id.reset(token)
        elapsed_ms = round((time.perf_counter() - started) * 1000, 1)
        response.headers["X-Request-ID"] = rid
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
            extra={"ms": elapsed_ms, "request_id": rid}
            | ({"client_request_id": client_rid} if client_rid else {}),
        )
        return response

    return middleware


#: An upload (multipart form) may be as large as the largest file a domain accepts (2 GB of
#: patent data or evidence); any other body is JSON or a small form.
FORM_LIMIT = 2 * 1024**3 + 1024**2
BODY_LIMIT = 16 * 1024**2


class BodyLimit:
    """Refuse a request body past its limit: by its declared length before a byte is read,
    and by counting while it streams in, for a body sent without a length."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        form = headers.get(b"content-type", b"").startswith(b"multipart/form-data")
        limit = FORM_LIMIT if form else BODY_LIMIT
        refusal = f"请求内容超过 {limit // 1024**2} MB 上限，未接收"
        declared = headers.get(b"content-length", b"")
        if declared.isdigit() and int(declared) > limit:
            body = problem_body(
                status=413,
                code="http-413",
                title="请求过大",
                detail=refusal,
                request=Request(scope),
                extra={},
            )
            await JSONResponse(body, status_code=413, media_type=PROBLEM)(scope, receive, send)
            return
        seen = 0

        async def bounded() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    # The framework turns any error while reading a body into a 400; the
                    # mark lets the error handler answer what really happened.
                    scope.setdefault("state", {})[BODY_TOO_LARGE] = refusal
                    raise HTTPException(413, refusal)
            return message

        await self.app(scope, bounded, send)
