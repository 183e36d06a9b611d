"""``zhichan org|user|token …`` commands; each parses, calls the service, prints."""

from __future__ import annotations

from typing import Annotated, Any, TypeVar

import typer
from pydantic import BaseModel, ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from zhichan import clictx
from zhichan.accounts import credentials, service
from zhichan.accounts.models import User
from zhichan.accounts.schemas import OrgCreate, TokenCreate, UserCreate, UserUpdate
from zhichan.core.errors import InvalidInput, NotFound
from zhichan.core.output import emit
from zhichan.core.principal import OrgKind, Principal, Role
from zhichan.core.validation import chinese

org_app = typer.Typer(help="机构（organisation）管理", no_args_is_help=True)
user_app = typer.Typer(help="用户管理", no_args_is_help=True)
token_app = typer.Typer(help="API 访问令牌", no_args_is_help=True)

JsonOpt = Annotated[bool, typer.Option("--json", help="以 JSON 输出")]
ORG_COLUMNS = ["id", "name", "kind", "region", "credit_code"]
USER_COLUMNS = ["id", "username", "display_name", "organisation_name", "role", "is_active"]
TOKEN_COLUMNS = ["id", "name", "prefix", "created_at", "expires_at", "revoked_at"]


M = TypeVar("M", bound=BaseModel)


def _validated(model: type[M], **values: Any) -> M:
    try:
        return model(**values)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        message = chinese(first)
        raise InvalidInput(f"{field}：{message}", details={"field": field}) from exc


@org_app.command("add")
def org_add(
    name: str,
    kind: Annotated[OrgKind, typer.Option(help="机构类型")],
    region: Annotated[str | None, typer.Option(help="省/市")] = None,
    credit_code: Annotated[str | None, typer.Option(help="统一社会信用代码")] = None,
    as_json: JsonOpt = False,
) -> None:
    """新增机构。"""
    org_in = _validated(OrgCreate, name=name, kind=kind, region=region, credit_code=credit_code)
    with clictx.session() as session:
        org = service.create_org(session=session, org_in=org_in, principal=clictx.operator())
    emit(org, as_json=as_json, columns=ORG_COLUMNS)


@org_app.command("list")
def org_list(as_json: JsonOpt = False) -> None:
    """列出全部机构。"""
    with clictx.session() as session:
        orgs = service.list_orgs(session=session, principal=clictx.operator())
    emit(orgs, as_json=as_json, columns=ORG_COLUMNS)


def _org_id(session: Session, ref: str) -> int:
    if ref.isdigit():
        return service.get_org(session=session, org_id=int(ref)).id
    return service.org_id_by_name(session=session, name=ref)


@user_app.command("add")
def user_add(
    username: str,
    org: Annotated[str, typer.Option(help="所属机构的 ID 或全称")],
    display_name: Annotated[str | None, typer.Option(help="姓名；默认同登录名")] = None,
    role: Annotated[Role, typer.Option(help="角色")] = Role.EDITOR,
    email: Annotated[str | None, typer.Option()] = None,
    password: Annotated[
        str | None, typer.Option(help="初始密码；不给则交互输入", envvar="ZHICHAN_NEW_PASSWORD")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """新增用户。"""
    if password is None:
        password = typer.prompt("初始密码", hide_input=True, confirmation_prompt=True)
    with clictx.session() as session:
        user_in = _validated(
            UserCreate,
            username=username,
            display_name=display_name or username,
            email=email,
            password=password,
            organisation_id=_org_id(session, org),
            role=role,
        )
        user = service.create_user(session=session, user_in=user_in, principal=clictx.operator())
    emit(user, as_json=as_json, columns=USER_COLUMNS)


@user_app.command("set")
def user_set(
    username: str,
    role: Annotated[Role | None, typer.Option(help="新角色")] = None,
    active: Annotated[bool | None, typer.Option("--active/--inactive", help="启用或停用")] = None,
    as_json: JsonOpt = False,
) -> None:
    """修改用户的角色或启用状态（停用会立即结束其登录、使其令牌失效）。"""
    with clictx.session() as session:
        target = session.scalar(select(User).where(User.username == username.lower()))
        if target is None:
            raise NotFound(f"用户“{username}”不存在", details={"user": username})
        user = service.update_user(
            session=session,
            principal=clictx.operator(),
            user_id=target.id,
            changes=UserUpdate(role=role, is_active=active),
        )
    emit(user, as_json=as_json, columns=USER_COLUMNS)


@user_app.command("list")
def user_list(as_json: JsonOpt = False) -> None:
    """列出全部用户。"""
    with clictx.session() as session:
        users = service.list_users(session=session, principal=clictx.operator())
    emit(users, as_json=as_json, columns=USER_COLUMNS)


def _principal_of(session: Session, username: str) -> Principal:
    user = session.scalar(select(User).where(User.username == username.lower()))
    if user is None:
        raise NotFound(f"用户“{username}”不存在", details={"user": username})
    return service.principal_for(user, via="cli")


@token_app.command("create")
def token_create(
    user: Annotated[str, typer.Option(help="令牌所属用户的登录名")],
    name: Annotated[str, typer.Option(help="令牌用途")] = "cli",
    days: Annotated[int, typer.Option(help="有效天数；0 表示不过期")] = 90,
    as_json: JsonOpt = False,
) -> None:
    """为用户创建 API 令牌；令牌只显示这一次。"""
    token_in = _validated(TokenCreate, name=name, days=days or None)
    with clictx.session() as session:
        principal = _principal_of(session, user)
        created = credentials.create_token(session=session, principal=principal, token_in=token_in)
    emit(created, as_json=as_json, columns=["id", "name", "expires_at", "token"])


@token_app.command("list")
def token_list(
    user: Annotated[str, typer.Option(help="用户登录名")], as_json: JsonOpt = False
) -> None:
    """列出用户的 API 令牌。"""
    with clictx.session() as session:
        tokens = credentials.list_tokens(session=session, principal=_principal_of(session, user))
    emit(tokens, as_json=as_json, columns=TOKEN_COLUMNS)


@token_app.command("revoke")
def token_revoke(token_id: int, as_json: JsonOpt = False) -> None:
    """撤销一个 API 令牌。"""
    with clictx.session() as session:
        token = credentials.revoke_token(
            session=session, principal=clictx.operator(), token_id=token_id
        )
    emit(token, as_json=as_json, columns=TOKEN_COLUMNS)
