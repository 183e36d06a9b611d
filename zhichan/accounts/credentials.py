"""Logging in, browser sessions, passwords and API tokens. Functions flush, never commit."""

from __future__ import annotations

import functools
from datetime import timedelta

from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.orm import Session

from zhichan.accounts import secrets, throttle
from zhichan.accounts.models import ApiToken, User, WebSession
from zhichan.accounts.schemas import MIN_PASSWORD, TokenCreate, TokenCreated, TokenRead
from zhichan.accounts.service import get_user
from zhichan.core.errors import InvalidInput, LoginThrottled, NotAuthenticated, NotFound
from zhichan.core.principal import Principal
from zhichan.db.base import as_utc, utcnow


def change_password(
    *,
    session: Session,
    principal: Principal | None,
    old_password: str,
    new_password: str,
    keep_session: str | None = None,
) -> None:
    """Change one's own password, end the user's other browser sessions and revoke their API
    tokens: whoever learnt the old password may have made one.

    ``keep_session`` is the cookie value of the session making the change, which stays valid.
    """
    if principal is None:
        raise NotAuthenticated("请先登录")
    user = get_user(session=session, user_id=principal.user_id)
    if not secrets.verify_password(user.password_hash, old_password):
        raise InvalidInput("原密码不正确", details={"field": "old_password"})
    if len(new_password) < MIN_PASSWORD:
        raise InvalidInput(f"新密码至少 {MIN_PASSWORD} 位", details={"field": "new_password"})
    if new_password == old_password:
        raise InvalidInput("新密码不能与原密码相同", details={"field": "new_password"})
    user.password_hash = secrets.hash_password(new_password)
    others = delete(WebSession).where(WebSession.user_id == user.id)
    if keep_session:
        others = others.where(WebSession.id != secrets.digest(keep_session))
    session.execute(others)
    session.execute(
        update(ApiToken)
        .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
    session.flush()


LOGIN_FAILED = "登录名或密码错误"


def authenticate(*, session: Session, username: str, password: str, address: str) -> User:
    """Check a login from ``address``. Wrong passwords are counted (``throttle``; the caller
    commits even when this raises), and every refusal reads the same for a real and an
    unknown login name, at the same cost."""
    if seconds := throttle.wait(session, username, address):
        raise LoginThrottled(throttle.blocked_message(seconds))
    user = session.scalar(select(User).where(User.username == username.strip().lower()))
    stored = user.password_hash if user is not None else _dummy_hash()
    right = secrets.verify_password(stored, password)
    if user is None or not right or not user.is_active:
        throttle.failed(session, username, address)
        raise NotAuthenticated(LOGIN_FAILED)
    if not user.organisation.is_active:
        raise NotAuthenticated("所属机构已停用")
    throttle.succeeded(session, username, address)
    if secrets.needs_rehash(user.password_hash):
        user.password_hash = secrets.hash_password(password)
    user.last_login_at = utcnow()
    return user


@functools.cache
def _dummy_hash() -> str:
    return secrets.hash_password("zhichan-timing-equaliser")


def start_session(*, session: Session, user: User, hours: int, user_agent: str | None) -> str:
    """Create a login session and return the cookie value (shown to nobody else)."""
    raw = secrets.new_token()
    session.add(
        WebSession(
            id=secrets.digest(raw),
            user_id=user.id,
            expires_at=utcnow() + timedelta(hours=hours),
            user_agent=(user_agent or "")[:300] or None,
        )
    )
    session.flush()
    return raw


def resolve_session(*, session: Session, raw: str) -> User | None:
    row = session.get(WebSession, secrets.digest(raw))
    if row is None or (as_utc(row.expires_at) or utcnow()) <= utcnow():
        return None
    user = session.get(User, row.user_id)
    if user is None or not user.is_active or not user.organisation.is_active:
        return None
    return user


def end_session(*, session: Session, raw: str) -> None:
    row = session.get(WebSession, secrets.digest(raw))
    if row is not None:
        session.delete(row)
        session.flush()


def create_token(
    *, session: Session, principal: Principal | None, token_in: TokenCreate
) -> TokenCreated:
    if principal is None:
        raise NotAuthenticated("请先登录")
    raw = secrets.new_token()
    expires = utcnow() + timedelta(days=token_in.days) if token_in.days else None
    token = ApiToken(
        user_id=principal.user_id,
        name=token_in.name,
        prefix=raw[:10],
        token_hash=secrets.digest(raw),
        expires_at=expires,
    )
    session.add(token)
    session.flush()
    return TokenCreated(**_token_read(token).model_dump(), token=raw)


def _token_read(token: ApiToken) -> TokenRead:
    return TokenRead(
        id=token.id,
        name=token.name,
        prefix=token.prefix,
        created_at=as_utc(token.created_at) or utcnow(),
        expires_at=as_utc(token.expires_at),
        last_used_at=as_utc(token.last_used_at),
        revoked_at=as_utc(token.revoked_at),
    )


def list_tokens(*, session: Session, principal: Principal | None) -> list[TokenRead]:
    if principal is None:
        raise NotAuthenticated("请先登录")
    stmt = (
        select(ApiToken)
        .where(ApiToken.user_id == principal.user_id)
        .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
    )
    return [_token_read(t) for t in session.scalars(stmt)]


def revoke_token(*, session: Session, principal: Principal | None, token_id: int) -> TokenRead:
    if principal is None:
        raise NotAuthenticated("请先登录")
    token = session.get(ApiToken, token_id)
    if token is None or (token.user_id != principal.user_id and not principal.is_platform_admin):
        raise NotFound(f"令牌 {token_id} 不存在", details={"id": token_id})
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        session.flush()
    return _token_read(token)


def resolve_token(*, session: Session, raw: str) -> User | None:
    found = resolve_token_use(session=session, raw=raw)
    return found[0] if found is not None else None


# Writing the last use on every request would turn each API read into a write.
TOKEN_USE_GRANULARITY = timedelta(minutes=5)


#: Built once: constructing the statement cost more than running it.
_TOKEN_OWNER = (
    select(ApiToken, User)
    .join(User, User.id == ApiToken.user_id)
    .where(ApiToken.token_hash == bindparam("digest"))
)


def resolve_token_use(*, session: Session, raw: str) -> tuple[User, int | None] | None:
    """The token's user, and the token's id when its last-use time is older than the
    granularity (else ``None``): one query, since every API request asks."""
    row = session.execute(_TOKEN_OWNER, {"digest": secrets.digest(raw)}).first()
    if row is None:
        return None
    token, user = row
    expires = as_utc(token.expires_at)
    if token.revoked_at is not None or (expires is not None and expires <= utcnow()):
        return None
    if not user.is_active or not user.organisation.is_active:
        return None
    last = as_utc(token.last_used_at)
    stale = last is None or utcnow() - last > TOKEN_USE_GRANULARITY
    return user, token.id if stale else None


def touch_token(*, session: Session, token_id: int) -> None:
    session.execute(update(ApiToken).where(ApiToken.id == token_id).values(last_used_at=utcnow()))
