"""A valuation database per backend: the factories' world, the reference tables, the 14 real
USPTO samples and the first 40 real KPPatent-ZH records (claims and text, no dates). Tests
roll their changes back."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy import Engine

from tests.conftest import SHARED, FreshDatabases
from tests.support.stores import OPERATOR, seeded
from zhichan.db.session import unit_of_work
from zhichan.patents import service as patents_service
from zhichan.valuation import store

PATENTS = SHARED / "data" / "patents"
KPPATENT = PATENTS / "kppatent-zh" / "patents.jsonl"
REAL_KP = 40
#: The valuation day of every test (fixed, so remaining terms are worked out by hand).
TODAY = date(2026, 12, 1)


@pytest.fixture(scope="session")
def valuation_engine(
    fresh_db: FreshDatabases, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Engine]:
    engine, factory, _world = seeded(fresh_db.url())
    for path in sorted(PATENTS.glob("uspto-samples/*/*.xml")):
        patents_service.import_file(factory=factory, path=path, principal=OPERATOR)
    kp = tmp_path_factory.mktemp("valuation") / "kppatent.jsonl"
    kp.write_text(
        "\n".join(KPPATENT.read_text(encoding="utf-8").splitlines()[:REAL_KP]) + "\n",
        encoding="utf-8",
    )
    patents_service.import_file(factory=factory, path=kp, principal=OPERATOR)
    with unit_of_work(factory, OPERATOR, via="test", will_write=True) as session:
        store.refresh(session, TODAY, None)
    yield engine
    engine.dispose()
