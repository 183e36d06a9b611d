"""Concurrent licence notices on one patent, against a concurrent withdrawal, on committed
data in a private database: no duplicate licence, no lost or shared number, no error other
than the clear refusals, and every licence granted stays valid."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from tests.conftest import FreshDatabases
from tests.licensing import constructed as c
from tests.licensing.conftest import OPERATOR, TODAY, declaration_in
from tests.support import factories
from zhichan.accounts import audit
from zhichan.core.errors import Conflict
from zhichan.core.principal import OrgKind, Principal, Role
from zhichan.db import migrate
from zhichan.db.engine import make_engine
from zhichan.db.session import make_session_factory, unit_of_work
from zhichan.licensing import licences, service
from zhichan.licensing.models import Licence
from zhichan.licensing.schemas import LicenceIn, TransitionIn
from zhichan.patents import service as patents_service

FIRMS = 5


@pytest.fixture
def committed(fresh_db: FreshDatabases, tmp_path: Path) -> Iterator[sessionmaker[Session]]:
    engine = make_engine(fresh_db.url())
    migrate.upgrade(engine)
    factory = audit.install(make_session_factory(engine))
    with unit_of_work(factory, OPERATOR, via="test") as session:
        factories.build_world(session, OPERATOR)
        for i in range(FIRMS):
            org = factories.org(session, OPERATOR, f"并发企业{i}", OrgKind.ENTERPRISE)
            factories.user(session, OPERATOR, f"firm{i}", org.id, Role.EDITOR)
    patents_service.import_file(
        factory=factory, path=c.write_jsonl(tmp_path / "p.jsonl"), principal=OPERATOR
    )
    yield factory
    engine.dispose()


def _who(factory: sessionmaker[Session], name: str) -> Principal:
    with unit_of_work(factory) as session:
        return factories.principal(session, name)


def _announce(factory: sessionmaker[Session]) -> int:
    univ, office = _who(factory, "a_editor"), _who(factory, "office")
    with unit_of_work(factory, univ, will_write=True) as session:
        did = service.create_declaration(
            session=session, principal=univ, data=declaration_in(c.OK)
        ).id
        service.transition(
            session=session,
            principal=univ,
            declaration_id=did,
            step_in=TransitionIn(action="submit"),
            today=TODAY,
        )
    with unit_of_work(factory, office, will_write=True) as session:
        for action in ("approve", "publish"):
            service.transition(
                session=session,
                principal=office,
                declaration_id=did,
                step_in=TransitionIn(action=action, note="ok"),
                today=TODAY,
            )
    with unit_of_work(factory, univ, will_write=True) as session:
        service.transition(
            session=session,
            principal=univ,
            declaration_id=did,
            step_in=TransitionIn(action="request_withdrawal", note="x"),
            today=TODAY,
        )
    return did


def _race(jobs: list[Callable[[], object]]) -> list[object]:
    barrier = threading.Barrier(len(jobs))
    results: list[object] = [None] * len(jobs)

    def run(i: int) -> None:
        barrier.wait()
        try:
            results[i] = jobs[i]()
        except Exception as exc:  # collected and checked by the test
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(jobs))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


def _license(factory: sessionmaker[Session], p: Principal, did: int) -> Callable[[], object]:
    def job() -> object:
        with unit_of_work(factory, p, will_write=True) as session:
            data = LicenceIn(patent_number=c.OK, paid=Decimal(50000))
            return licences.take_licence(
                session=session, principal=p, declaration_id=did, data=data, today=TODAY
            )

    return job


def test_concurrent_notices_and_a_withdrawal(committed: sessionmaker[Session]) -> None:
    did = _announce(committed)
    firms = [_who(committed, f"firm{i}") for i in range(FIRMS)]
    office = _who(committed, "office")

    def withdraw() -> object:
        with unit_of_work(committed, office, will_write=True) as session:
            return service.transition(
                session=session,
                principal=office,
                declaration_id=did,
                step_in=TransitionIn(action="announce_withdrawal"),
                today=TODAY,
            )

    results = _race([_license(committed, p, did) for p in firms] + [withdraw])
    unexpected = [r for r in results if isinstance(r, Exception) and not isinstance(r, Conflict)]
    assert unexpected == []
    granted = [r for r in results[:FIRMS] if isinstance(r, licences.LicenceRead)]
    refused = [r for r in results[:FIRMS] if isinstance(r, Conflict)]
    assert len(granted) + len(refused) == FIRMS
    assert all("撤回" in r.message for r in refused)
    with unit_of_work(committed) as session:
        rows = session.execute(select(Licence.number, Licence.status)).all()
        assert sorted(n for n, _ in rows) == sorted(g.number for g in granted)
        assert len({n for n, _ in rows}) == len(rows) and {s for _, s in rows} <= {"effective"}
        assert (
            service.get_declaration(session=session, principal=None, declaration_id=did).status
            == "withdrawn"
        )


def test_the_same_licensee_twice_at_once_gets_one_licence(committed: sessionmaker[Session]) -> None:
    did = _announce(committed)
    firm = _who(committed, "firm0")
    results = _race([_license(committed, firm, did) for _ in range(4)])
    assert sum(isinstance(r, licences.LicenceRead) for r in results) == 1
    assert sum(isinstance(r, Conflict) for r in results) == 3, results
    with unit_of_work(committed) as session:
        assert session.scalar(select(func.count(Licence.id))) == 1
