"""Platform foundation: audited write throughput and authenticated API latency.

Measured on this machine against the embedded SQLite store and a private PostgreSQL cluster
(started like the test suite's). The rows written are *generated* organisations named
``基准测试机构-N`` — scale-test data, not real institutions.
"""

from __future__ import annotations

import statistics
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select

from benchmarks.report import print_table, write_result
from tests.support.pgcluster import start_cluster
from zhichan.accounts import credentials, service
from zhichan.accounts.models import AuditEntry, Organisation
from zhichan.accounts.schemas import TokenCreate
from zhichan.core.principal import OrgKind, Principal
from zhichan.core.settings import Settings
from zhichan.db import migrate
from zhichan.db.engine import make_engine
from zhichan.db.session import unit_of_work
from zhichan.runtime import build
from zhichan.web.app import create_app

RESULTS = Path(__file__).parent / "results"
ROWS = 5_000
REQUESTS = 300


def _audited_inserts(engine: Engine) -> dict[str, Any]:
    factory = build(Settings(), engine).session_factory
    operator = Principal.operator("bench")
    started = time.perf_counter()
    with unit_of_work(factory, operator) as session:
        session.add_all(
            Organisation(name=f"基准测试机构-{i}", kind=OrgKind.ENTERPRISE.value)
            for i in range(ROWS)
        )
    elapsed = time.perf_counter() - started
    with unit_of_work(factory) as session:
        audited = session.scalar(
            select(func.count(AuditEntry.id)).where(AuditEntry.object_type == "organisations")
        )
    return {
        "rows": ROWS,
        "seconds": round(elapsed, 3),
        "rows_per_s": round(ROWS / elapsed),
        "audit_entries": audited,
    }


def _api_latency(engine: Engine, data_dir: str) -> dict[str, Any]:
    settings = Settings(database_url=str(engine.url), data_dir=data_dir, secret_key="bench")
    app = create_app(settings, engine=engine)
    factory = app.state.ctx.session_factory
    with unit_of_work(factory) as session:
        service.ensure_platform_admin(session=session, password="bench-password-1")
        admin = service.principal_for(
            credentials.authenticate(session=session, username="admin", password="bench-password-1")
        )
        token = credentials.create_token(
            session=session, principal=admin, token_in=TokenCreate(name="bench")
        ).token
    headers = {"Authorization": f"Bearer {token}"}
    timings: list[float] = []
    with TestClient(app, base_url="https://bench") as client:
        for _ in range(REQUESTS):
            started = time.perf_counter()
            resp = client.get("/api/v1/me", headers=headers)
            timings.append((time.perf_counter() - started) * 1000)
            assert resp.status_code == 200
    timings.sort()
    return {
        "requests": REQUESTS,
        "median_ms": round(statistics.median(timings), 2),
        "p95_ms": round(timings[int(len(timings) * 0.95)], 2),
    }


def _measure(name: str, engine: Engine, data_dir: str) -> dict[str, Any]:
    migrate.upgrade(engine)
    result = {"backend": name, **_audited_inserts(engine), **_api_latency(engine, data_dir)}
    engine.dispose()
    return result


def main() -> None:
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        rows.append(_measure("sqlite", make_engine(f"sqlite:///{tmp}/bench.db"), tmp))
        cluster = start_cluster()
        try:
            rows.append(_measure("postgresql", make_engine(cluster.url), tmp))
        finally:
            cluster.stop()
    _print(rows)
    _write(rows)


def _print(rows: list[dict[str, Any]]) -> None:
    print_table(rows, ["backend", "rows_per_s", "seconds", "median_ms", "p95_ms"])


def _write(rows: list[dict[str, Any]]) -> None:
    write_result(
        "foundation",
        data=(
            f"{ROWS} generated organisations (scale-test data); "
            f"{REQUESTS} bearer-token requests through the in-process ASGI client"
        ),
        method="audited ORM inserts in one unit of work; GET /api/v1/me latency per request",
        rows=rows,
    )


if __name__ == "__main__":
    main()
