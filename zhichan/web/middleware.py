"""Per-request id, access log line, CSRF cookie, security headers, and a bound on bodies."""

from __future__ import annotations

import logging
import re
import time
import uuid

from fastapi import Request, Response
from fastapi.responses import JSONResponse
from starlette.datastructures import MutableHeaders
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
#: Added to every response that does not set them itself.
SECURITY = (
    ("Content-Security-Policy", CSP),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "same-origin"),
)


class Headers:
    """Names the request, logs it, adds the security headers and the CSRF cookie: a plain ASGI
    middleware (Starlette's ``BaseHTTPMiddleware`` runs each request in an extra task with
    memory streams, a measurable share of a small request's time)."""

    def __init__(self, app: ASGIApp, cookie_secure: bool) -> None:
        self.app, self.cookie_secure = app, cookie_secure

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        # The server names every request: a client's own id could be forged into the audit
        # log, so it is only logged beside ours, cut and stripped of anything but id chars.
        rid = uuid.uuid4().hex[:16]
        client_rid = CLIENT_ID.sub("", request.headers.get("x-request-id", ""))[:64] or None
        request.state.request_id = rid
        status = 500

        async def send_with_headers(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = MutableHeaders(scope=message)
                headers["X-Request-ID"] = rid
                for name, value in SECURITY:
                    if name not in headers:
                        headers[name] = value
                new_csrf = getattr(request.state, "new_csrf", None)
                if new_csrf and not request.cookies.get(csrf.COOKIE):
                    cookie = Response()
                    cookie.set_cookie(
                        csrf.COOKIE,
                        new_csrf,
                        httponly=True,
                        secure=self.cookie_secure,
                        samesite="strict",
                    )
                    headers.append("set-cookie", cookie.headers["set-cookie"])
            await send(message)

        token = request_id.set(rid)
        started = time.perf_counter()
        try:
            await self.app(scope, receive, send_with_headers)
        finally:
            request_id.reset(token)
            log.info(
                "%s %s %s",
                request.method,
                request.url.path,
                status,
                extra={"ms": round((time.perf_counter() - started) * 1000, 1), "request_id": rid}
                | ({"client_request_id": client_rid} if client_rid else {}),
            )


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
