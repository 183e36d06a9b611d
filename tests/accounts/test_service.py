from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.orm import Session

from tests.conftest import FreshDatabases
from tests.support import factories
from tests.support.factories import World
from zhichan.accounts import credentials, service
from zhichan.accounts.models import ApiToken
from zhichan.accounts.schemas import OrgCreate, TokenCreate, UserCreate
from zhichan.core.errors import Conflict, InvalidInput, NotAuthenticated, NotFound, PermissionDenied
from zhichan.core.principal import OrgKind, Principal, Role
from zhichan.db import migrate
from zhichan.db.base import utcnow
from zhichan.db.engine import make_engine
from zhichan.db.session import make_session_factory, unit_of_work

HOME, AWAY = "10.0.0.1", "203.0.113.9"


def _user_in(username: str, org_id: int, role: Role = Role.EDITOR) -> UserCreate:
    return UserCreate(
        username=username,
        display_name=username,
        password="x" * 12,
        organisation_id=org_id,
        role=role,
    )


def test_duplicate_org_name_is_a_conflict(db: Session, world: World, operator: Principal) -> None:
    with pytest.raises(Conflict, match="甲大学"):
        service.create_org(
            session=db, org_in=OrgCreate(name="甲大学", kind=OrgKind.UNIVERSITY), principal=operator
        )


def test_org_names_are_kept_as_typed_and_compared_across_widths(
    db: Session, operator: Principal
) -> None:
    org = service.create_org(
        session=db,
        org_in=OrgCreate(name="  ＡＢＣ大学（测试）", kind=OrgKind.UNIVERSITY),
        principal=operator,
    )
    assert org.name == "ＡＢＣ大学（测试）"
    assert service.org_id_by_name(session=db, name="ABC大学(测试)") == org.id
    assert service.find_org(session=db, name="ABC大学") is None
    with pytest.raises(Conflict):
        service.create_org(
            session=db,
            org_in=OrgCreate(name="ABC大学(测试)", kind=OrgKind.UNIVERSITY),
            principal=operator,
        )


def test_duplicate_credit_code_is_a_conflict(db: Session, operator: Principal) -> None:
    code = "91330000MA27XXXX0Q"
    service.create_org(
        session=db,
        org_in=OrgCreate(name="一号公司", kind=OrgKind.ENTERPRISE, credit_code=code),
        principal=operator,
    )
    with pytest.raises(Conflict, match="统一社会信用代码"):
        service.create_org(
            session=db,
            org_in=OrgCreate(name="二号公司", kind=OrgKind.ENTERPRISE, credit_code=code.lower()),
            principal=operator,
        )


def test_only_platform_admin_creates_orgs(db: Session, world: World) -> None:
    org_in = OrgCreate(name="新机构", kind=OrgKind.BANK)
    with pytest.raises(PermissionDenied):
        service.create_org(session=db, org_in=org_in, principal=factories.principal(db, "a_admin"))
    with pytest.raises(NotAuthenticated):
        service.create_org(session=db, org_in=org_in, principal=None)
    created = service.create_org(
        session=db, org_in=org_in, principal=factories.principal(db, "root")
    )
    assert created.kind is OrgKind.BANK


def test_duplicate_username_is_a_conflict(db: Session, world: World, operator: Principal) -> None:
    with pytest.raises(Conflict, match="a_editor"):
        service.create_user(
            session=db, user_in=_user_in("A_Editor", world.orgs["univ_b"].id), principal=operator
        )


def test_org_admin_adds_users_only_to_own_org(db: Session, world: World) -> None:
    a_admin = factories.principal(db, "a_admin")
    made = service.create_user(
        session=db, user_in=_user_in("a_new", world.orgs["univ_a"].id), principal=a_admin
    )
    assert made.organisation_id == world.orgs["univ_a"].id
    with pytest.raises(PermissionDenied):
        service.create_user(
            session=db, user_in=_user_in("b_new", world.orgs["univ_b"].id), principal=a_admin
        )
    with pytest.raises(PermissionDenied):
        service.create_user(
            session=db,
            user_in=_user_in("a_new2", world.orgs["univ_a"].id),
            principal=factories.principal(db, "a_editor"),
        )


def test_user_for_missing_org_is_not_found(db: Session, operator: Principal) -> None:
    with pytest.raises(NotFound):
        service.create_user(session=db, user_in=_user_in("ghost", 987654), principal=operator)


def test_users_listing_is_scoped_to_own_org(db: Session, world: World) -> None:
    names = {
        u.username
        for u in service.list_users(session=db, principal=factories.principal(db, "a_viewer"))
    }
    assert names == {"a_admin", "a_editor", "a_viewer"}
    everyone = service.list_users(session=db, principal=factories.principal(db, "root"))
    assert len(everyone) == len(factories.USERS)


def test_authenticate(db: Session, world: World) -> None:
    user = credentials.authenticate(
        session=db, username=" A_EDITOR ", password=factories.PASSWORD, address=HOME
    )
    assert user.username == "a_editor"
    assert user.last_login_at is not None
    with pytest.raises(NotAuthenticated, match="登录名或密码错误"):
        credentials.authenticate(
            session=db, username="a_editor", password="wrong-password", address=HOME
        )
    with pytest.raises(NotAuthenticated, match="登录名或密码错误"):
        credentials.authenticate(
            session=db, username="nobody", password=factories.PASSWORD, address=HOME
        )


def test_inactive_user_cannot_log_in_or_use_tokens(db: Session, world: World) -> None:
    headers = factories.bearer(db, "firm")
    user = service.get_user(session=db, user_id=world.users["firm"].id)
    user.is_active = False
    db.flush()
    with pytest.raises(NotAuthenticated):
        credentials.authenticate(
            session=db, username="firm", password=factories.PASSWORD, address=HOME
        )
    raw = headers["Authorization"].removeprefix("Bearer ")
    assert credentials.resolve_token(session=db, raw=raw) is None


def test_token_lifecycle(db: Session, world: World) -> None:
    owner = factories.principal(db, "a_editor")
    created = credentials.create_token(
        session=db, principal=owner, token_in=TokenCreate(name="sync", days=30)
    )
    assert created.token.startswith("zc_")
    assert db.get(ApiToken, created.id).token_hash != created.token
    assert credentials.resolve_token(session=db, raw=created.token).username == "a_editor"
    assert credentials.resolve_token(session=db, raw=created.token + "x") is None
    with pytest.raises(NotFound):
        credentials.revoke_token(
            session=db, principal=factories.principal(db, "b_editor"), token_id=created.id
        )
    revoked = credentials.revoke_token(session=db, principal=owner, token_id=created.id)
    assert revoked.revoked_at is not None
    assert credentials.resolve_token(session=db, raw=created.token) is None


def test_expired_token_is_rejected(db: Session, world: World) -> None:
    owner = factories.principal(db, "a_editor")
    created = credentials.create_token(
        session=db, principal=owner, token_in=TokenCreate(name="old", days=1)
    )
    db.get(ApiToken, created.id).expires_at = utcnow() - timedelta(seconds=1)
    db.flush()
    assert credentials.resolve_token(session=db, raw=created.token) is None


def test_expired_web_session_is_rejected(db: Session, world: World) -> None:
    user = service.get_user(session=db, user_id=world.users["court"].id)
    raw = credentials.start_session(session=db, user=user, hours=1, user_agent="pytest")
    assert credentials.resolve_session(session=db, raw=raw).id == user.id
    fresh = credentials.start_session(session=db, user=user, hours=-1, user_agent=None)
    assert credentials.resolve_session(session=db, raw=fresh) is None
    credentials.end_session(session=db, raw=raw)
    assert credentials.resolve_session(session=db, raw=raw) is None


def test_platform_admin_is_created_once(fresh_db: FreshDatabases) -> None:
    engine = make_engine(fresh_db.url())
    migrate.upgrade(engine)
    factory = make_session_factory(engine)
    try:
        with unit_of_work(factory) as db:
            password = service.ensure_platform_admin(session=db)
            assert password and len(password) >= 12
        with unit_of_work(factory) as db:
            assert service.ensure_platform_admin(session=db) is None
            admin = credentials.authenticate(
                session=db, username="admin", password=password, address=HOME
            )
            assert service.principal_for(admin).is_platform_admin
    finally:
        engine.dispose()


def test_guessing_slows_that_address_down_but_never_locks_the_owner_out(
    db: Session, world: World
) -> None:
    from zhichan.accounts import throttle
    from zhichan.accounts.models import LoginThrottle
    from zhichan.core.errors import LoginThrottled

    def pair(name: str) -> LoginThrottle:
        key = throttle._keys(name, AWAY)[0][0]
        row = db.get(LoginThrottle, key)
        assert row is not None
        return row

    for name in ("bank", "no-such-user"):
        for _ in range(throttle.PAIR_FREE):
            with pytest.raises(NotAuthenticated, match="登录名或密码错误"):
                credentials.authenticate(
                    session=db, username=name, password="wrong-guess", address=AWAY
                )
        # The fifth failure set a wait, for a real and an unknown name alike.
        row = pair(name)
        assert row.failures == throttle.PAIR_FREE and row.blocked_until > row.updated_at
        row.blocked_until = utcnow() + timedelta(minutes=5)  # as if the guesses came faster
        db.flush()
        with pytest.raises(LoginThrottled, match=r"请 \d+ 分钟后再试") as refused:
            credentials.authenticate(
                session=db, username=name, password=factories.PASSWORD, address=AWAY
            )
        assert "账户" not in str(refused.value)
    # The owner, from their own address, is not held up by someone else's guessing.
    user = credentials.authenticate(
        session=db, username="bank", password=factories.PASSWORD, address=HOME
    )
    assert user.username == "bank"
    # Each further failure doubles the wait.
    pair("bank").blocked_until = utcnow() - timedelta(seconds=1)
    db.flush()
    with pytest.raises(NotAuthenticated):
        credentials.authenticate(session=db, username="bank", password="again", address=AWAY)
    row = pair("bank")
    assert row.failures == throttle.PAIR_FREE + 1
    assert row.blocked_until - row.updated_at == 2 * throttle._backoff(0)


def test_success_clears_the_count_for_that_address(db: Session, world: World) -> None:
    from zhichan.accounts import throttle

    for _ in range(throttle.PAIR_FREE - 1):
        with pytest.raises(NotAuthenticated):
            credentials.authenticate(session=db, username="court", password="nope", address=HOME)
    credentials.authenticate(
        session=db, username="court", password=factories.PASSWORD, address=HOME
    )
    for _ in range(throttle.PAIR_FREE - 1):
        with pytest.raises(NotAuthenticated):
            credentials.authenticate(session=db, username="court", password="nope", address=HOME)
    assert throttle.wait(db, "court", HOME) == 0


def test_update_user_rules(db: Session, world: World) -> None:
    from zhichan.accounts.schemas import UserUpdate

    a_admin = factories.principal(db, "a_admin")
    changed = service.update_user(
        session=db,
        principal=a_admin,
        user_id=world.users["a_viewer"].id,
        changes=UserUpdate(role=Role.EDITOR),
    )
    assert changed.role is Role.EDITOR
    with pytest.raises(NotFound):
        service.update_user(
            session=db,
            principal=a_admin,
            user_id=world.users["b_editor"].id,
            changes=UserUpdate(is_active=False),
        )
    with pytest.raises(PermissionDenied):
        service.update_user(
            session=db,
            principal=factories.principal(db, "a_editor"),
            user_id=world.users["a_viewer"].id,
            changes=UserUpdate(is_active=False),
        )
    with pytest.raises(InvalidInput, match="自己"):
        service.update_user(
            session=db,
            principal=a_admin,
            user_id=a_admin.user_id,
            changes=UserUpdate(role=Role.VIEWER),
        )
    root = factories.principal(db, "root")
    with pytest.raises(Conflict, match="最后一位平台管理员"):
        service.update_user(
            session=db,
            principal=Principal.operator("t"),
            user_id=root.user_id,
            changes=UserUpdate(is_active=False),
        )


def test_deactivation_ends_sessions_and_tokens(db: Session, world: World) -> None:
    from zhichan.accounts.schemas import UserUpdate

    user = service.get_user(session=db, user_id=world.users["firm"].id)
    raw_session = credentials.start_session(session=db, user=user, hours=1, user_agent=None)
    raw_token = factories.bearer(db, "firm")["Authorization"].removeprefix("Bearer ")
    service.update_user(
        session=db,
        principal=factories.principal(db, "root"),
        user_id=user.id,
        changes=UserUpdate(is_active=False),
    )
    assert credentials.resolve_session(session=db, raw=raw_session) is None
    assert credentials.resolve_token(session=db, raw=raw_token) is None


def test_a_count_another_login_inserted_first_is_taken(db: Session, world: World) -> None:
    """Two failed logins in parallel may both find no count and both insert it."""
    from zhichan.accounts import throttle
    from zhichan.accounts.models import LoginThrottle

    key = throttle._keys("bank", AWAY)[1][0]
    db.add(LoginThrottle(key=key, failures=3, updated_at=utcnow()))
    db.flush()
    db.expunge_all()  # as if this request had looked before the other one committed
    taken = throttle._insert(db, key)
    assert taken.failures == 3
