"""The search index's background work as jobs: ``search.sync`` after every committed import
and ``search.embed`` for the vectors a sync left pending.

A sync that finds the index's write lock held (a rebuild or an embedding step in another
process) does not give up: it is retried with a growing pause, and the job shows why.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from zhichan.core import events
from zhichan.core.errors import Conflict
from zhichan.db.session import unit_of_work
from zhichan.jobs import embedding
from zhichan.jobs import service as jobs_service
from zhichan.jobs.batch import Batch
from zhichan.jobs.context import Context
from zhichan.jobs.kinds import Kind, Retry
from zhichan.search import indexer
from zhichan.search.engine import SearchEngine

SYNC = "search.sync"
EMBED = "search.embed"
#: Published (scope: the session factory) after an embedding job stored new vectors.
VECTORS = "search.vectors"
#: How long one attempt waits for the write lock before it is retried later.
LOCK_WAIT = 10.0
#: Retries are spaced 5, 10, 20, 40, 60, 60 … seconds; a sync is never dropped for a lock.
SYNC_ATTEMPTS = 10_000
LOCK_HELD = "检索索引正被另一个进程写入（例如正在重建索引），稍后自动重试"


def _pause(attempt: int) -> float:
    return float(min(5 * 2 ** max(attempt - 1, 0), 60))


def kinds(
    factory: sessionmaker[Session],
    engine: SearchEngine,
    analyser: str,
    model: str | None,
    batch: Batch,
) -> list[Kind]:
    def sync(ctx: Context) -> dict[str, Any]:
        ctx.progress("同步检索索引", 0, None, force=True)
        try:
            p = indexer.sync(
                factory,
                engine.store,
                analyser=analyser,
                model=model,
                embed_budget=0,
                lock_wait=LOCK_WAIT,
                on_progress=lambda p: ctx.progress("同步检索索引", p.done),
                batch=batch,
            )
        except Conflict:
            raise Retry(LOCK_HELD, _pause(ctx.attempt)) from None
        pending = indexer.pending(engine.store)
        if pending:
            enqueue_embed(factory)
        return {"indexed": p.done, "vectors_pending": pending}

    def embed(ctx: Context) -> dict[str, Any]:
        total = indexer.pending(engine.store)
        stage = f"生成专利语义向量（{batch.where}）"
        ctx.progress(stage, 0, total, force=True)
        done = 0
        step: int | None = 0

        def part_done(n: int, _parts: int) -> None:
            # Within a step, progress moves with each finished partition of texts.
            now = done + n * embedding.PART
            ctx.progress(stage, min(now, total), max(total, done))

        try:
            while step is not None:
                n, step = indexer.embed_step(
                    factory,
                    engine.store,
                    after_id=step,
                    lock_wait=LOCK_WAIT,
                    batch=batch,
                    on_done=part_done,
                )
                done += n
                ctx.progress(stage, done, max(total, done))
        except Conflict:
            raise Retry(LOCK_HELD, _pause(ctx.attempt)) from None
        if done:
            events.publish(factory, VECTORS, factory=factory)
        return {"embedded": done, "vectors_pending": indexer.pending(engine.store)}

    return [
        Kind(SYNC, "检索索引同步", sync, lane="index", max_attempts=SYNC_ATTEMPTS),
        Kind(EMBED, "专利语义向量", embed, lane="vectors", max_attempts=SYNC_ATTEMPTS),
    ]


def enqueue_sync(
    factory: sessionmaker[Session], *, parent_id: int | None, owner_org_id: int | None
) -> int:
    """Queue an index sync: the child of the import job that made it necessary, or (for work
    done outside a job, such as a CLI import) any sync already waiting, which covers it."""
    with unit_of_work(factory, will_write=True) as session:
        job = jobs_service.enqueue(
            session=session,
            kind=SYNC,
            parent_id=parent_id,
            owner_org_id=owner_org_id,
            unique=parent_id is None,
        )
        return job.id


def enqueue_embed(factory: sessionmaker[Session]) -> int:
    with unit_of_work(factory, will_write=True) as session:
        return jobs_service.enqueue(session=session, kind=EMBED, unique=True).id
