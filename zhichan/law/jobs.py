"""Statute article vectors as a ``law.embed`` job: queued when the corpus is loaded and when
the web server finds vectors missing; until they are there, questions say they were answered
by keywords only."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from zhichan.db.session import unit_of_work
from zhichan.jobs import service as jobs_service
from zhichan.jobs.batch import Batch
from zhichan.jobs.context import Context
from zhichan.jobs.kinds import Kind
from zhichan.law import service

EMBED = "law.embed"


def kind(factory: sessionmaker[Session], data_dir: Path, model: str | None, batch: Batch) -> Kind:
    def run(ctx: Context) -> dict[str, Any]:
        if model is None:
            return {"embedded": 0, "note": "未启用语义模型"}
        stage = f"生成条文语义向量（{batch.where}）"
        ctx.progress(stage, 0, None, force=True)
        with factory() as session:
            n = service.embed_articles(
                session=session,
                data_dir=data_dir,
                model=model,
                on_progress=lambda done, total: ctx.progress(stage, done, total),
                batch=batch,
            )
        return {"embedded": n}

    return Kind(EMBED, "法条语义向量", run, lane="vectors")


def enqueue_if_missing(factory: sessionmaker[Session], data_dir: Path, model: str | None) -> bool:
    """Queue the article vectors when some are missing; True when a job is waiting."""
    if model is None:
        return False
    with factory() as session:
        if service.corpus_counts(session=session)[1] == 0:
            return False
        if service.vectors_ready(session=session, data_dir=data_dir, model=model):
            return False
    with unit_of_work(factory, will_write=True) as session:
        jobs_service.enqueue(session=session, kind=EMBED, unique=True)
    return True
