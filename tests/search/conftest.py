"""A patent store with its search index, per backend: constructed records (+ real KPPatent)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine

from tests.conftest import SHARED, FreshDatabases
from tests.search import constructed
from zhichan.accounts import service as accounts_service
from zhichan.core.principal import Principal
from zhichan.core.settings import Settings
from zhichan.db import migrate
from zhichan.db.engine import make_engine
from zhichan.db.session import unit_of_work
from zhichan.jobs.worker import of as worker_of
from zhichan.patents import service as patents
from zhichan.runtime import Runtime, build

KPPATENT = SHARED / "data/patents/kppatent-zh/patents.jsonl"
OPERATOR = Principal.operator("pytest")


@dataclass
class Indexed:
    rt: Runtime
    data_dir: Path


def make_runtime(url: str, data_dir: Path, model: str = "none") -> Runtime:
    engine: Engine = make_engine(url)
    migrate.upgrade(engine)
    rt = build(Settings(database_url=url, data_dir=str(data_dir), search_model=model), engine)
    with unit_of_work(rt.session_factory) as session:
        accounts_service.ensure_platform_admin(session=session, password="not-used-here-123")
    return rt


def load(rt: Runtime, path: Path) -> None:
    """Import, then run the index sync the import queued (as the server's worker would)."""
    patents.import_file(factory=rt.session_factory, path=path, principal=OPERATOR)
    worker_of(rt, lanes=("index",)).run_until_idle(timeout=300)


@pytest.fixture(scope="session")
def indexed(
    fresh_db: FreshDatabases, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Indexed]:
    """Constructed records and the 3,720 real KPPatent-ZH patents; the index is built by the
    import event, as in production (no embedding model: semantic tests have their own)."""
    tmp = tmp_path_factory.mktemp("search")
    rt = make_runtime(fresh_db.url(), tmp / "var")
    load(rt, constructed.write_jsonl(tmp / "constructed.jsonl"))
    load(rt, KPPATENT)
    yield Indexed(rt, tmp / "var")
    rt.engine.dispose()
