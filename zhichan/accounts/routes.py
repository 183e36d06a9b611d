"""JSON API of the accounts domain; each handler parses, calls the service, returns a schema."""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import Depends
from fastapi.responses import StreamingResponse

from zhichan.accounts import credentials, service
from zhichan.accounts.deps import Admin, CurrentPrincipal, SignedIn, permit
from zhichan.accounts.schemas import (
    AuditPage,
    AuditQuery,
    OrgCreate,
    OrgRead,
    PasswordChange,
    TokenCreate,
    TokenCreated,
    TokenRead,
    UserCreate,
    UserRead,
    UserUpdate,
)
from zhichan.core import tables
from zhichan.http.deps import DbSession
from zhichan.http.params import Id
from zhichan.http.routing import Router

api_router = Router(prefix="/api/v1", tags=["accounts"])


@api_router.get(
    "/me", dependencies=[permit("account.self")], response_model=UserRead, summary="当前用户"
)
def me(session: DbSession, principal: SignedIn) -> UserRead:
    return service.user_read(service.get_user(session=session, user_id=principal.user_id))


@api_router.post(
    "/me/password", dependencies=[permit("account.self")], status_code=204, summary="修改本人密码"
)
def change_password(change: PasswordChange, session: DbSession, principal: SignedIn) -> None:
    credentials.change_password(
        session=session,
        principal=principal,
        old_password=change.old_password,
        new_password=change.new_password,
    )


@api_router.get(
    "/orgs",
    dependencies=[permit("accounts.directory")],
    response_model=list[OrgRead],
    summary="机构目录",
)
def list_orgs(session: DbSession, principal: CurrentPrincipal) -> list[OrgRead]:
    return service.list_orgs(session=session, principal=principal)


@api_router.post(
    "/orgs",
    dependencies=[permit("accounts.orgs")],
    response_model=OrgRead,
    status_code=201,
    summary="新增机构",
)
def create_org(org_in: OrgCreate, session: DbSession, principal: CurrentPrincipal) -> OrgRead:
    return service.create_org(session=session, org_in=org_in, principal=principal)


@api_router.get(
    "/users",
    dependencies=[permit("accounts.users")],
    response_model=list[UserRead],
    summary="用户列表",
)
def list_users(session: DbSession, principal: CurrentPrincipal) -> list[UserRead]:
    return service.list_users(session=session, principal=principal)


@api_router.post(
    "/users",
    dependencies=[permit("accounts.users")],
    response_model=UserRead,
    status_code=201,
    summary="新增用户",
)
def create_user(user_in: UserCreate, session: DbSession, principal: CurrentPrincipal) -> UserRead:
    return service.create_user(session=session, user_in=user_in, principal=principal)


@api_router.patch(
    "/users/{user_id}",
    dependencies=[permit("accounts.users")],
    response_model=UserRead,
    summary="修改用户角色或启用状态",
)
def update_user(
    user_id: Id, changes: UserUpdate, session: DbSession, principal: CurrentPrincipal
) -> UserRead:
    return service.update_user(
        session=session, principal=principal, user_id=user_id, changes=changes
    )


@api_router.get(
    "/tokens",
    dependencies=[permit("account.self")],
    response_model=list[TokenRead],
    summary="我的访问令牌",
)
def list_tokens(session: DbSession, principal: CurrentPrincipal) -> list[TokenRead]:
    return credentials.list_tokens(session=session, principal=principal)


@api_router.post(
    "/tokens",
    dependencies=[permit("account.self")],
    response_model=TokenCreated,
    status_code=201,
    summary="创建访问令牌",
)
def create_token(
    token_in: TokenCreate, session: DbSession, principal: CurrentPrincipal
) -> TokenCreated:
    return credentials.create_token(session=session, principal=principal, token_in=token_in)


@api_router.delete(
    "/tokens/{token_id}",
    dependencies=[permit("account.self")],
    response_model=TokenRead,
    summary="撤销访问令牌",
)
def revoke_token(token_id: Id, session: DbSession, principal: CurrentPrincipal) -> TokenRead:
    return credentials.revoke_token(session=session, principal=principal, token_id=token_id)


AuditFilter = Annotated[AuditQuery, Depends()]


@api_router.get(
    "/audit", dependencies=[permit("accounts.audit")], response_model=AuditPage, summary="审计日志"
)
def audit(query: AuditFilter, session: DbSession, principal: Admin) -> AuditPage:
    return service.query_audit(session=session, principal=principal, query=query)


AUDIT_CSV_HEADER = ["时间", "操作人", "途径", "动作", "对象类型", "对象ID", "变更字段", "请求ID"]
CSV_EXPORT_LIMIT = 1000


@api_router.get(
    "/audit.csv", dependencies=[permit("accounts.audit")], summary="导出审计日志（CSV）"
)
def audit_csv(query: AuditFilter, session: DbSession, principal: Admin) -> StreamingResponse:
    query = query.model_copy(update={"limit": CSV_EXPORT_LIMIT, "offset": 0})
    page = service.query_audit(session=session, principal=principal, query=query)
    rows = [
        [
            e.at.isoformat(timespec="seconds"),
            e.actor_label,
            e.via,
            e.action,
            e.object_type,
            e.object_id,
            json.dumps(e.changes, ensure_ascii=False),
            e.request_id,
        ]
        for e in page.items
    ]
    return StreamingResponse(
        tables.csv_lines(AUDIT_CSV_HEADER, rows),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="audit-log.csv"'},
    )
