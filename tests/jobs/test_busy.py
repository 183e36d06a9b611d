"""A "database busy" answer names the background work that is running, instead of guessing."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy.exc
from fastapi.testclient import TestClient

from tests.conftest import FreshDatabases
from zhichan.core.settings import Settings
from zhichan.db import migrate
from zhichan.db.engine import make_engine
from zhichan.db.session import make_session_factory, unit_of_work
from zhichan.jobs import service as jobs_service
from zhichan.web.app import create_app


def _locked() -> None:
    raise sqlalchemy.exc.OperationalError("INSERT …", {}, Exception("database is locked"))


def test_busy_answer_names_the_running_job(fresh_db: FreshDatabases, tmp_path: Path) -> None:
    url = fresh_db.url()
    engine = make_engine(url)
    migrate.upgrade(engine)
    settings = Settings(database_url=url, data_dir=str(tmp_path), secret_key="t", web_jobs=False)
    app = create_app(settings, engine=engine)
    app.add_api_route("/api/v1/_locked", _locked)
    client = TestClient(app, base_url="https://testserver", raise_server_exceptions=False)
    quiet = client.get("/api/v1/_locked")
    assert quiet.status_code == 503 and "另一项写入尚未结束" in quiet.json()["detail"]
    with unit_of_work(make_session_factory(engine)) as session:
        job = jobs_service.enqueue(session=session, kind="patents.import")
        job.state = "running"
        job_id = job.id
    busy = client.get("/api/v1/_locked")
    assert busy.status_code == 503 and "可能正在导入" not in busy.json()["detail"]
    assert f"后台任务 #{job_id}「专利数据导入」正在运行" in busy.json()["detail"]
    engine.dispose()
