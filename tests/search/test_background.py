"""The web server fills in pending vectors in the background."""

from __future__ import annotations

import time
from pathlib import Path

from tests.conftest import FreshDatabases
from tests.search import constructed
from tests.search.conftest import load, make_runtime
from zhichan.search import indexer
from zhichan.search.background import BackgroundEmbedder


def test_background_embedder_catches_up(
    fresh_db: FreshDatabases, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    rt = make_runtime(fresh_db.url(), tmp_path / "var", model="use")
    monkeypatch.setattr(indexer, "INLINE_EMBED", 0)
    load(rt, constructed.write_jsonl(tmp_path / "c.jsonl"))
    assert rt.search.stats()["vectors_pending"] == 6
    embedder = BackgroundEmbedder(rt.session_factory, rt.search, interval=0.2)
    embedder.start()
    try:
        deadline = time.monotonic() + 60
        while rt.search.stats()["vectors_pending"] and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        embedder.stop()
    assert rt.search.stats()["vectors"] == 6
    rt.engine.dispose()
