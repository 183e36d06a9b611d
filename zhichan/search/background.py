"""The web server's background embedder: fills in the vectors that imports left pending, so
the server starts at once and semantic search covers new patents within minutes."""

from __future__ import annotations

import logging
import threading

from sqlalchemy.orm import Session, sessionmaker

from zhichan.search import indexer
from zhichan.search.engine import SearchEngine

log = logging.getLogger(__name__)


class BackgroundEmbedder:
    def __init__(
        self, factory: sessionmaker[Session], engine: SearchEngine, interval: float = 10.0
    ) -> None:
        self.factory = factory
        self.engine = engine
        self.interval = interval
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread = threading.Thread(target=self._run, name="search-embedder", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout=30)

    def _pending(self) -> bool:
        stats = self.engine.stats()
        return bool(stats.get("ready") and stats.get("vectors_pending"))

    def _run(self) -> None:
        cursor: int | None = 0
        while not self._stop.is_set():
            try:
                if self._pending():
                    done, cursor = indexer.embed_step(
                        self.factory, self.engine.store, after_id=cursor or 0
                    )
                    if done or cursor is not None:
                        continue
                    cursor = 0
            except Exception:
                log.exception("background embedding failed; retrying later")
            self._wake.wait(self.interval)
            self._wake.clear()
