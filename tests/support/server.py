"""A real uvicorn server in a thread, for browser tests."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import uvicorn
from sqlalchemy import Engine

from tests.support.pgcluster import free_port
from zhichan.core.settings import Settings
from zhichan.web.app import create_app


@contextlib.contextmanager
def serving(settings: Settings, engine: Engine) -> Iterator[str]:
    port = free_port()
    config = uvicorn.Config(
        create_app(settings, engine=engine), host="127.0.0.1", port=port, log_config=None
    )
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert srv.started, "uvicorn did not start"
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        thread.join(timeout=10)


@contextlib.contextmanager
def serving_store(url: str, engine: Engine, data_dir: Path) -> Iterator[str]:
    """The app over a seeded test store (no search model, the real shared data), served until
    the test ends; the engine is disposed of after."""
    from tests.conftest import SHARED

    settings = Settings(
        database_url=url, data_dir=str(data_dir), shared_dir=str(SHARED), search_model="none"
    )
    with serving(settings, engine) as base:
        yield base
    engine.dispose()
