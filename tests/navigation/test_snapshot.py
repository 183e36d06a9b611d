"""The navigation snapshot gives the same reports as reading the records, and never an old one:
a changed record is read live until the refresh rewrites its row (CONSTRUCTED records, both
databases; changes rolled back)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine, func, select

from tests.support.rollback import rolled_back
from zhichan.navigation import reports, snapshot, store
from zhichan.navigation.facts import Scope
from zhichan.navigation.models import FactRow
from zhichan.patents import service as patents_service

DAY = date(2026, 12, 3)


def _hashes(session: object) -> tuple[str, str]:
    facts, keywords = store.load(session)  # type: ignore[arg-type]
    r = reports.build("industry", "快照", facts, Scope(), DAY, keywords=keywords)
    return r.manifest["snapshot"], r.manifest["chart_data_sha256"]


def test_snapshot_rows_give_the_same_report_and_stale_rows_are_read_live(
    navigation_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    with rolled_back(navigation_engine) as factory, factory() as session:
        live = _hashes(session)
        assert snapshot.refresh(session) == {"refreshed": 4, "removed": 0}
        assert session.scalar(select(func.count()).select_from(FactRow)) == 4
        assert _hashes(session) == live
        assert snapshot.refresh(session) == {"refreshed": 0, "removed": 0}
        # A new event changes the record's hash: its row is stale, the report reads it live.
        patents_service.add_event(
            session=session,
            number="CN400000001B",
            code="transfer",
            text="专利权的转移",
            on=date(2026, 5, 20),
        )
        session.flush()
        changed = _hashes(session)
        assert changed[0] != live[0]
        assert snapshot.refresh(session) == {"refreshed": 1, "removed": 0}
        assert _hashes(session) == changed
        # Another snapshot version makes every row stale.
        monkeypatch.setattr(snapshot, "VERSION", snapshot.VERSION + 1)
        assert _hashes(session) == changed
        assert snapshot.refresh(session)["refreshed"] == 4
