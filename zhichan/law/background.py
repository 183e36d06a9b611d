"""The web server computes missing article vectors once, in the background, at start-up, so
``make run`` serves at once and questions become hybrid when the vectors are there (until
then they are answered by BM25 and say so)."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from zhichan.law import service

log = logging.getLogger(__name__)


def start(factory: sessionmaker[Session], data_dir: Path, model: str) -> threading.Thread:
    def run() -> None:
        try:
            with factory() as session:
                if service.corpus_counts(session=session)[1] == 0:
                    return
                n = service.embed_articles(session=session, data_dir=data_dir, model=model)
            if n:
                log.info("computed %d article vectors (%s)", n, model)
        except Exception:
            log.exception("article embedding failed; questions stay on BM25")

    thread = threading.Thread(target=run, name="law-embedder", daemon=True)
    thread.start()
    return thread
