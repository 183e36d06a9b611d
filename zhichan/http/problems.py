"""One error envelope: RFC 7807 problem+json for the API, a consistent page for browsers."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from sqlalchemy.exc import DataError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from zhichan.core.errors import (
    DatabaseBusy,
    DatabaseUnavailable,
    InvalidInput,
    NotAuthenticated,
    NotFound,
    ZhichanError,
)
from zhichan.core.logging import request_id
from zhichan.core.validation import chinese
from zhichan.http.pages import render, wants_html

log = logging.getLogger(__name__)

PROBLEM = "application/problem+json"
#: Set on the request's state by the body limit when it stops a body mid-stream.
BODY_TOO_LARGE = "body_too_large"

_HTTP_TITLES = {
    400: "请求无效",
    401: "需要登录",
    403: "没有权限",
    404: "未找到",
    405: "不支持该请求方法",
    409: "冲突",
    413: "请求过大",
    422: "输入无效",
    500: "内部错误",
}


def problem_body(
    *, status: int, code: str, title: str, detail: str, request: Request, extra: dict[str, Any]
) -> dict[str, Any]:
    return {
        "type": f"/problems/{code}",
        "title": title,
        "status": status,
        "detail": detail,
        "instance": request.url.path,
        "code": code,
        # An unexpected error is answered outside the request middleware, after its context
        # variable was reset: the id kept on the request still names it.
        "request_id": request_id.get() or getattr(request.state, "request_id", None),
        **extra,
    }


def _respond(
    request: Request, *, status: int, code: str, title: str, detail: str, extra: dict[str, Any]
) -> Response:
    if wants_html(request):
        if status == 401 and request.method == "GET":
            target = quote(
                str(request.url.path) + ("?" + request.url.query if request.url.query else "")
            )
            return RedirectResponse(f"/login?next={target}", status_code=303)
        return render(
            request,
            "error.html",
            {"status": status, "title": title, "detail": detail, "code": code},
            status_code=status,
        )
    body = problem_body(
        status=status, code=code, title=title, detail=detail, request=request, extra=extra
    )
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse(body, status_code=status, media_type=PROBLEM, headers=headers)


def _as(
    request: Request, kind: type[ZhichanError], detail: str, extra: dict[str, Any] | None = None
) -> Response:
    """The answer for an error of ``kind`` (its status, code and title) with this detail."""
    return _respond(
        request,
        status=kind.status,
        code=kind.code,
        title=kind.title,
        detail=detail,
        extra=extra or {},
    )


async def on_zhichan_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ZhichanError)
    message = exc.message
    if isinstance(exc, DatabaseBusy) and (reason := _holder(request)):
        message = f"{message}（{reason}）"
    if exc.status >= 500:
        log.error("request failed: %s", exc.message, extra={"code": exc.code})
    return _respond(
        request,
        status=exc.status,
        code=exc.code,
        title=exc.title,
        detail=message,
        extra={"details": exc.details} if exc.details else {},
    )


async def on_validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    errors = [
        {
            "field": ".".join(str(p) for p in err.get("loc", ()) if p not in ("body", "query")),
            "message": chinese(err),
        }
        for err in exc.errors()
    ]
    detail = "；".join(f"{e['field']}：{e['message']}" for e in errors) or "请求格式不正确"
    return _respond(
        request,
        status=422,
        code=InvalidInput.code,
        title=InvalidInput.title,
        detail=detail,
        extra={"errors": errors},
    )


async def on_http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    status = exc.status_code
    if status == 405 and request.method == "GET" and wants_html(request):
        # A form's address opened as a page (a reload after a refused form, a bookmark): go
        # to the page the form belongs to instead of showing 405.
        parent = request.url.path.rstrip("/").rsplit("/", 1)[0] or "/"
        return RedirectResponse(parent, status_code=303)
    code = NotFound.code if status == 404 else f"http-{status}"
    if status == 401:
        code = NotAuthenticated.code
    too_large = getattr(request.state, BODY_TOO_LARGE, None)
    if too_large:
        status, code = 413, "http-413"
    title = _HTTP_TITLES.get(status, "请求失败")
    detail = "您访问的页面或资源不存在" if status == 404 else str(exc.detail or title)
    if too_large:
        detail = str(too_large)
    elif detail == "There was an error parsing the body":
        detail = "请求内容无法解析：应为 JSON 或表单"
    return _respond(request, status=status, code=code, title=title, detail=detail, extra={})


async def on_database_error(request: Request, exc: Exception) -> Response:
    log.warning("database error on %s %s: %s", request.method, request.url.path, exc)
    if "locked" in str(exc) or "busy" in str(exc):
        return _busy(request)
    return _as(
        request, DatabaseUnavailable, "数据库暂时无法访问，本次操作未保存；请稍后重试或联系管理员"
    )


def _holder(request: Request) -> str | None:
    # The app may know who holds the write lock (a running background job): say so, and
    # otherwise say only what is known, never guess an import.
    holder = getattr(request.app.state, "busy_reason", None)
    found: str | None = holder() if holder is not None else None
    return found


def _busy(request: Request) -> Response:
    reason = _holder(request)
    detail = f"数据库正忙（{reason or '另一项写入尚未结束'}），本次操作未保存；请稍后重试"
    return _as(request, DatabaseBusy, detail, {"retry_after": 5})


async def on_out_of_range(request: Request, exc: Exception) -> Response:
    """A number the database cannot hold (an id beyond 64 bits in a body): the input is at
    fault, and routes bound their own parameters; this catches what a model did not."""
    log.info("value out of range on %s %s: %s", request.method, request.url.path, exc)
    return _as(request, InvalidInput, "数值超出范围，请检查输入")


async def on_unexpected(request: Request, exc: Exception) -> Response:
    log.exception("unhandled error on %s %s", request.method, request.url.path)
    return _as(request, ZhichanError, "服务器内部错误，已记录日志；请稍后重试或联系管理员")


def install(app: FastAPI) -> None:
    app.add_exception_handler(ZhichanError, on_zhichan_error)
    app.add_exception_handler(RequestValidationError, on_validation_error)
    app.add_exception_handler(StarletteHTTPException, on_http_error)
    app.add_exception_handler(OperationalError, on_database_error)
    app.add_exception_handler(OverflowError, on_out_of_range)
    app.add_exception_handler(DataError, on_out_of_range)
    app.add_exception_handler(Exception, on_unexpected)
