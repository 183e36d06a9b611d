"""One error hierarchy for the whole platform.

Each error carries a stable machine code, an HTTP status and a Chinese message for users.
The API turns it into an RFC 7807 ``application/problem+json`` body; the CLI prints one line
and exits with code 2. Domain code raises these and never framework exceptions.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar


class ZhichanError(Exception):
    status: ClassVar[int] = 500
    code: ClassVar[str] = "internal-error"
    title: ClassVar[str] = "内部错误"

    def __init__(self, message: str, *, details: Mapping[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details: dict[str, Any] = dict(details or {})

    def __str__(self) -> str:
        return self.message


class InvalidInput(ZhichanError):
    status = 422
    code = "invalid-input"
    title = "输入无效"


class NotAuthenticated(ZhichanError):
    status = 401
    code = "not-authenticated"
    title = "需要登录"


class LoginThrottled(ZhichanError):
    status = 429
    code = "login-throttled"
    title = "尝试次数过多"


class PermissionDenied(ZhichanError):
    status = 403
    code = "permission-denied"
    title = "没有权限"


class NotFound(ZhichanError):
    status = 404
    code = "not-found"
    title = "未找到"


class Conflict(ZhichanError):
    status = 409
    code = "conflict"
    title = "冲突"


class CsrfFailed(ZhichanError):
    status = 403
    code = "csrf-failed"
    title = "表单已失效"


class ConfigError(ZhichanError):
    status = 500
    code = "config-error"
    title = "配置错误"


class DatabaseUnavailable(ZhichanError):
    status = 503
    code = "database-unavailable"
    title = "数据库不可用"


class DatabaseBusy(ZhichanError):
    """Another writer holds SQLite's only write lock for longer than a request waits."""

    status = 503
    code = "database-busy"
    title = "数据库正忙"
