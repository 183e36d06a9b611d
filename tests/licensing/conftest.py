"""A licensing database per backend: the factories' organisations, constructed patents
and the statutes (for the articles the checks cite). Tests roll their changes back."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from tests.conftest import SHARED, FreshDatabases
from tests.licensing import constructed
from tests.support import factories
from tests.support.rollback import rolled_back
from zhichan.accounts import audit
from zhichan.core.principal import Principal
from zhichan.core.settings import Settings
from zhichan.db import migrate
from zhichan.db.engine import make_engine
from zhichan.db.session import make_session_factory, set_actor, unit_of_work
from zhichan.law import service as law_service
from zhichan.licensing.declarations import rules
from zhichan.licensing.schemas import DeclarationIn, DeclarationPatentIn
from zhichan.patents import service as patents_service
from zhichan.web.app import create_app

OPERATOR = Principal.operator("pytest")
TODAY = date(2026, 11, 21)


@dataclass
class Store:
    engine: Engine
    world: factories.World


@pytest.fixture(scope="session")
def lic_store(
    fresh_db: FreshDatabases, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Store]:
    engine = make_engine(fresh_db.url())
    migrate.upgrade(engine)
    factory = audit.install(make_session_factory(engine))
    with unit_of_work(factory, OPERATOR, via="test") as session:
        world = factories.build_world(session, OPERATOR)
        law_service.load_corpus(session=session, root=SHARED / "data" / "law")
    path = constructed.write_jsonl(tmp_path_factory.mktemp("lic") / "constructed.jsonl")
    patents_service.import_file(factory=factory, path=path, principal=OPERATOR)
    yield Store(engine, world)
    engine.dispose()


@pytest.fixture
def lic_factory(lic_store: Store) -> Iterator[sessionmaker[Session]]:
    with rolled_back(lic_store.engine) as factory:
        yield factory


@pytest.fixture
def ldb(lic_factory: sessionmaker[Session]) -> Iterator[Session]:
    session = lic_factory()
    set_actor(session, None, via="test")
    yield session
    session.close()


@pytest.fixture
def who(ldb: Session) -> dict[str, Principal]:
    return {name: factories.principal(ldb, name) for name in factories.USERS}


def declaration_in(*numbers: str, **kw: Any) -> DeclarationIn:
    data: dict[str, Any] = {
        "patents": [DeclarationPatentIn(number=n) for n in numbers or (constructed.OK,)],
        "patentee_name": constructed.UNIV_A,
        "contact_name": "张老师",
        "contact_phone": "0571-12345678",
        "fixed_fee": Decimal(50000),
        "term_years": 3,
        "payment_method": "银行转账",
        "payment_schedule": "year",
        "confirmations": list(rules.CONFIRMATIONS),
    }
    return DeclarationIn.model_validate(data | kw)


@pytest.fixture
def shared_dir() -> Path:
    return SHARED


@pytest.fixture
def api(
    lic_store: Store, lic_factory: sessionmaker[Session], tmp_path: Path
) -> Iterator[TestClient]:
    settings = Settings(
        database_url=str(lic_store.engine.url),
        data_dir=str(tmp_path),
        shared_dir=str(SHARED),
        secret_key="t",
        search_model="none",
        web_jobs=False,  # writes are in a rolled-back transaction no worker could see
    )
    app = create_app(settings, engine=lic_store.engine)
    app.state.ctx = replace(app.state.ctx, session_factory=lic_factory)
    with TestClient(app, base_url="https://testserver", follow_redirects=False) as client:
        yield client
