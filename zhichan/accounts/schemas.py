"""Create/Read schema families of the accounts domain."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from zhichan.core.paging import MAX_LIMIT, MAX_OFFSET, Page
from zhichan.core.principal import OrgKind, Role
from zhichan.core.text import nfkc, optional_nfkc, tidy

USERNAME = re.compile(r"^[a-z0-9][a-z0-9_.-]{1,62}$")
CREDIT_CODE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{18}$")
MIN_PASSWORD = 10


class OrgCreate(BaseModel):
    name: str = Field(min_length=2, max_length=200, description="机构全称")
    kind: OrgKind
    region: str | None = Field(default=None, max_length=64, description="省/市")
    credit_code: str | None = Field(default=None, description="统一社会信用代码（18 位）")

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        return tidy(value)  # a name is kept as typed; look-ups compare its NFKC form

    @field_validator("region")
    @classmethod
    def _region(cls, value: str | None) -> str | None:
        return optional_nfkc(value)

    @field_validator("credit_code")
    @classmethod
    def _credit_code(cls, value: str | None) -> str | None:
        value = optional_nfkc(value)
        if value is None:
            return None
        value = value.upper()
        if not CREDIT_CODE.match(value):
            raise ValueError("统一社会信用代码应为 18 位数字或大写字母")
        return value


class OrgRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    kind: OrgKind
    kind_label: str
    region: str | None
    credit_code: str | None
    is_active: bool
    created_at: datetime


class UserCreate(BaseModel):
    username: str = Field(description="登录名：小写字母、数字、._-，2–63 位")
    display_name: str = Field(min_length=1, max_length=100)
    email: str | None = Field(default=None, max_length=200)
    password: str = Field(min_length=MIN_PASSWORD, max_length=256)
    organisation_id: int
    role: Role = Role.EDITOR

    @field_validator("username")
    @classmethod
    def _username(cls, value: str) -> str:
        value = nfkc(value).lower()
        if not USERNAME.match(value):
            raise ValueError("登录名只能包含小写字母、数字和 . _ -，长度 2–63")
        return value

    @field_validator("display_name")
    @classmethod
    def _display(cls, value: str) -> str:
        return tidy(value)

    @field_validator("email")
    @classmethod
    def _email(cls, value: str | None) -> str | None:
        value = optional_nfkc(value)
        if value is not None and "@" not in value:
            raise ValueError("邮箱格式不正确")
        return value


class UserRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    username: str
    display_name: str
    email: str | None
    organisation_id: int
    organisation_name: str
    organisation_kind: OrgKind
    role: Role
    role_label: str
    is_active: bool
    last_login_at: datetime | None


class PasswordChange(BaseModel):
    old_password: str = Field(max_length=256)
    new_password: str = Field(max_length=256)


class UserUpdate(BaseModel):
    role: Role | None = None
    is_active: bool | None = None


class TokenCreate(BaseModel):
    name: str = Field(min_length=1, max_length=100, description="令牌用途")
    days: int | None = Field(default=90, ge=1, le=3650, description="有效天数；空表示不过期")


class TokenRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    prefix: str
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None
    revoked_at: datetime | None


class TokenCreated(TokenRead):
    token: str = Field(description="只显示这一次；之后只存摘要")


class AuditQuery(BaseModel):
    actor: str | None = None
    object_type: str | None = None
    object_id: str | None = None
    action: str | None = Field(default=None, pattern="^(create|update|delete)$")
    since: date | None = None
    until: date | None = None
    limit: int = Field(default=100, ge=1, le=MAX_LIMIT)
    offset: int = Field(default=0, ge=0, le=MAX_OFFSET)


class AuditRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    at: datetime
    actor_user_id: int | None
    actor_org_id: int | None
    actor_label: str
    via: str
    request_id: str | None
    action: str
    object_type: str
    object_id: str
    changes: dict[str, Any]


AuditPage = Page[AuditRead]


class DailyCount(BaseModel):
    day: date
    count: int


class Dashboard(BaseModel):
    user: UserRead
    organisation: OrgRead
    member_count: int
    active_tokens: int
    writes_by_day: list[DailyCount]
    orgs_by_kind: dict[str, int] | None = None
    patents: int = 0
    import_batches: int = 0
    #: The organisation's background jobs by state code (all jobs for the platform).
    jobs: dict[str, int] = {}
