from __future__ import annotations

import gc
from datetime import date, timedelta

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from tests.support import factories
from tests.support.factories import World
from zhichan.accounts import audit, service
from zhichan.accounts.models import AuditEntry, Organisation
from zhichan.accounts.schemas import AuditQuery, UserCreate
from zhichan.core.errors import PermissionDenied
from zhichan.core.principal import Role
from zhichan.db.session import set_actor


def _entries(db: Session, object_type: str, object_id: int) -> list[AuditEntry]:
    stmt = (
        select(AuditEntry)
        .where(AuditEntry.object_type == object_type, AuditEntry.object_id == str(object_id))
        .order_by(AuditEntry.id)
    )
    return list(db.scalars(stmt))


def test_create_update_delete_are_recorded_with_before_and_after(db: Session, world: World) -> None:
    root = factories.principal(db, "root")
    set_actor(db, root, via="web", request_id="req-1")
    org = Organisation(name="审计测试机构", kind="bank", region="浙江省")
    db.add(org)
    db.flush()
    org.region = "江苏省"
    db.flush()
    db.delete(org)
    db.flush()
    created, updated, deleted = _entries(db, "organisations", org.id)
    assert (created.action, updated.action, deleted.action) == ("create", "update", "delete")
    assert created.changes["name"] == {"before": None, "after": "审计测试机构"}
    assert updated.changes == {"region": {"before": "浙江省", "after": "江苏省"}} | {
        k: v for k, v in updated.changes.items() if k == "updated_at"
    }
    assert deleted.changes["region"]["before"] == "江苏省"
    assert created.actor_user_id == root.user_id
    assert created.actor_label == "root"
    assert created.request_id == "req-1"


def test_passwords_never_reach_the_log(db: Session, world: World, operator) -> None:
    set_actor(db, operator, via="cli")
    made = service.create_user(
        session=db,
        user_in=UserCreate(
            username="secretive",
            display_name="s",
            password="p" * 12,
            organisation_id=world.orgs["firm"].id,
            role=Role.VIEWER,
        ),
        principal=operator,
    )
    (entry,) = _entries(db, "users", made.id)
    assert entry.changes["password_hash"] == {"before": None, "after": "***"}
    assert entry.actor_label == "cli:pytest"
    assert entry.actor_user_id is None
    assert "p" * 12 not in str(entry.changes)


def test_query_filters_and_scoping(db: Session, world: World) -> None:
    a_admin = factories.principal(db, "a_admin")
    set_actor(db, a_admin, via="web")
    service.create_user(
        session=db,
        user_in=UserCreate(
            username="a_intern",
            display_name="实习生",
            password="q" * 12,
            organisation_id=world.orgs["univ_a"].id,
            role=Role.VIEWER,
        ),
        principal=a_admin,
    )
    db.flush()
    own = service.query_audit(session=db, principal=a_admin, query=AuditQuery())
    assert own.total >= 1
    assert {e.actor_org_id for e in own.items} == {world.orgs["univ_a"].id}
    root = factories.principal(db, "root")
    everything = service.query_audit(session=db, principal=root, query=AuditQuery())
    assert everything.total > own.total  # the world's setup by the operator is visible to root
    by_actor = service.query_audit(session=db, principal=root, query=AuditQuery(actor="a_admin"))
    assert by_actor.total == own.total
    users_only = service.query_audit(
        session=db, principal=root, query=AuditQuery(object_type="users", action="create")
    )
    assert users_only.items and all(e.object_type == "users" for e in users_only.items)
    tomorrow = date.today() + timedelta(days=2)
    assert (
        service.query_audit(session=db, principal=root, query=AuditQuery(since=tomorrow)).total == 0
    )
    with pytest.raises(PermissionDenied):
        service.query_audit(
            session=db, principal=factories.principal(db, "a_editor"), query=AuditQuery()
        )


def test_writes_by_day_counts_todays_changes(db: Session, world: World) -> None:
    root = factories.principal(db, "root")
    days = service.writes_by_day(session=db, principal=root, days=7)
    assert len(days) == 7
    assert days[-1].count >= len(factories.ORGS) + len(factories.USERS)


def test_every_new_session_factory_is_audited(engine: Engine) -> None:
    """Factories made and dropped one after another (as each test and each runtime does) all
    get the audit listener; SQLAlchemy's own ``event.contains`` took fresh ones for old ones."""
    conn = engine.connect()
    outer = conn.begin()
    try:
        for n in range(30):
            factory = audit.install(
                sessionmaker(bind=conn, join_transaction_mode="create_savepoint")
            )
            session = factory()
            set_actor(session, None, via="test")
            org = Organisation(name=f"逐个工厂{n}", kind="bank", region="浙江省")
            session.add(org)
            session.flush()
            assert _entries(session, "organisations", org.id), f"factory {n} wrote unaudited"
            session.close()
            del factory, session
            gc.collect()
    finally:
        outer.rollback()
        conn.close()
