"""Filling the index from the patent store: full rebuild, incremental sync, vectors.

Embedding is the slow part (tens of texts per second on a CPU), so it never holds up an
import: a sync embeds at most ``INLINE_EMBED`` changed records and drops the stale vectors of
the rest, which ``embed_missing`` (``zhichan index embed``) then fills in. A rebuild carries
the vectors of the current generation over when the model is the same.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np
import tantivy
from sqlalchemy.orm import Session, sessionmaker

from zhichan.fulltext import vectors
from zhichan.jobs import embedding
from zhichan.jobs.batch import Batch, OnDone, partitions
from zhichan.patents import service as patents
from zhichan.search import documents
from zhichan.search.store import Generation, Store

PAGE = 2000
#: Records per analysis partition of an index build (one batch task).
INDEX_PART = 500
#: Patents one embedding step reads, embeds (as partitions) and then stores under the lock.
STEP = 256
INLINE_EMBED = 64


@dataclass(slots=True)
class Progress:
    phase: str
    done: int = 0
    embedded: int = 0
    pending_vectors: int = 0


ProgressFn = Callable[[Progress], None]


def _pages(
    factory: sessionmaker[Session], since: datetime | None, size: int = PAGE, after_id: int = 0
) -> Iterator[list[patents.IndexRow]]:
    after = after_id
    while True:
        with factory() as session:
            rows = patents.index_rows(session=session, since=since, after_id=after, limit=size)
        if not rows:
            return
        yield rows
        after = rows[-1].id


def _write(
    gen: Generation,
    writer: tantivy.IndexWriter,
    rows: list[patents.IndexRow],
    replace: bool,
    batch: Batch,
) -> None:
    parts = batch.map(
        documents.fields_part,
        partitions([(r.id, r.data, r.legal_category) for r in rows], INDEX_PART),
        shared={"analyser": gen.state.analyser},
    )
    for row, fields in zip(rows, (f for part in parts for f in part), strict=True):
        if replace:
            writer.delete_documents_by_term("pid", row.id)
        writer.add_document(documents.document(fields))


def _text(row: patents.IndexRow) -> str:
    return vectors.record_text(row.data)


def _embed(
    model: str,
    vindex: vectors.VectorIndex,
    rows: list[patents.IndexRow],
    *,
    budget: int | None,
    changed: bool,
    batch: Batch,
) -> tuple[int, int]:
    """Embed ``rows`` (changed ones always, others only when missing), at most ``budget``;
    the vectors of changed rows beyond the budget are dropped as stale. → (embedded, pending)"""
    todo = rows if changed else [r for r in rows if not vindex.has(r.id)]
    if budget is not None:
        todo, rest = todo[: max(budget, 0)], todo[max(budget, 0) :]
        vindex.remove([r.id for r in rest])
    else:
        rest = []
    if todo:
        vindex.upsert(
            [r.id for r in todo], embedding.embed_texts(batch, model, [_text(r) for r in todo])
        )
    return len(todo), len(rest)


def _newest(rows: list[patents.IndexRow], current: str | None) -> str | None:
    stamps = [r.updated_at.replace(tzinfo=None).isoformat() for r in rows]
    return max([s for s in [current, *stamps] if s], default=None)


def _vector_index(gen: Generation) -> vectors.VectorIndex | None:
    model = gen.state.model
    return vectors.VectorIndex(gen.vectors_path, vectors.embedder(model).dim) if model else None


def _index_pages(
    factory: sessionmaker[Session],
    since: datetime | None,
    gen: Generation,
    writer: tantivy.IndexWriter,
    vindex: vectors.VectorIndex | None,
    embed_budget: int | None,
    progress: Progress,
    on_progress: ProgressFn | None,
    *,
    batch: Batch,
) -> None:
    """Every patent changed since ``since`` (all when None) into ``gen``. A sync replaces
    documents and re-embeds those changed after ``since`` (rows stamped exactly ``since``
    were indexed, vectors and all, by the sync that set the watermark); a rebuild embeds only
    what has no vector yet."""
    changed = progress.phase == "sync"
    for rows in _pages(factory, since):
        _write(gen, writer, rows, changed, batch)
        if vindex is not None and gen.state.model:
            budget = None if embed_budget is None else embed_budget - progress.embedded
            fresh = [r for r in rows if since is None or r.updated_at.replace(tzinfo=None) > since]
            done, pending = _embed(
                gen.state.model, vindex, fresh, budget=budget, changed=changed, batch=batch
            )
            progress.embedded += done
            progress.pending_vectors += pending
        progress.done += len(rows)
        gen.state.watermark = _newest(rows, gen.state.watermark)
        if on_progress:
            on_progress(progress)


def rebuild(
    factory: sessionmaker[Session],
    store: Store,
    *,
    analyser: str,
    model: str | None,
    threads: int = 1,
    embed_budget: int | None = None,
    lock_wait: float = 60.0,
    on_progress: ProgressFn | None = None,
    batch: Batch | None = None,
) -> Progress:
    """Build a new generation from every stored patent; it replaces the old one only when
    complete. ``embed_budget`` caps the vectors computed now (None: all that are missing)."""
    started = time.perf_counter()
    progress = Progress("rebuild")
    with store.lock(lock_wait), store.new_generation(analyser, model) as gen:
        old = store.open_current()
        if old is not None and model and old.state.model == model and old.vectors_path.exists():
            shutil.copyfile(old.vectors_path, gen.vectors_path)
        writer = gen.index.writer(256_000_000, threads)
        vindex = _vector_index(gen)
        pages = (factory, None, gen, writer, vindex, embed_budget, progress, on_progress)
        _index_pages(*pages, batch=batch or Batch())
        writer.commit()
        writer.wait_merging_threads()
        _finish(gen, vindex, progress.done)
        gen.state.built_at = datetime.now(UTC).isoformat(timespec="seconds")
        gen.state.build_seconds = round(time.perf_counter() - started, 2)
    return progress


def _finish(gen: Generation, vindex: vectors.VectorIndex | None, documents_count: int) -> None:
    if vindex is not None:
        vindex.save()
    gen.state.vectors = len(vindex) if vindex is not None else 0
    gen.state.documents = documents_count


def sync(
    factory: sessionmaker[Session],
    store: Store,
    *,
    analyser: str,
    model: str | None,
    embed_budget: int | None = INLINE_EMBED,
    lock_wait: float = 60.0,
    on_progress: ProgressFn | None = None,
    batch: Batch | None = None,
) -> Progress:
    """Index the patents changed since the last sync (or rebuild when there is no index);
    embed at most ``embed_budget`` of them now (None: all). The vectors of the rest are
    dropped as stale and left to :func:`embed_missing`."""
    if store.current_name() is None:
        return rebuild(
            factory,
            store,
            analyser=analyser,
            model=model,
            embed_budget=embed_budget,
            lock_wait=lock_wait,
            on_progress=on_progress,
            batch=batch,
        )
    progress = Progress("sync")
    with store.lock(lock_wait):
        gen = store.open_current()
        assert gen is not None
        since = datetime.fromisoformat(gen.state.watermark) if gen.state.watermark else None
        writer = gen.index.writer(128_000_000, 1)
        vindex = _vector_index(gen)
        pages = (factory, since, gen, writer, vindex, embed_budget, progress, on_progress)
        _index_pages(*pages, batch=batch or Batch())
        if not progress.done:
            writer.rollback()
            return progress
        writer.commit()
        writer.wait_merging_threads()
        gen.index.reload()
        _finish(gen, vindex, gen.index.searcher().num_docs)
        gen.save_state()
    return progress


def _missing(
    factory: sessionmaker[Session], vindex: vectors.VectorIndex, after_id: int, limit: int
) -> tuple[list[patents.IndexRow], int | None]:
    todo: list[patents.IndexRow] = []
    for rows in _pages(factory, None, size=512, after_id=after_id):
        for row in rows:
            if not vindex.has(row.id):
                todo.append(row)
            if len(todo) == limit:
                return todo, row.id
    return todo, None


def embed_step(
    factory: sessionmaker[Session],
    store: Store,
    *,
    after_id: int = 0,
    limit: int = STEP,
    lock_wait: float = 60.0,
    batch: Batch | None = None,
    on_done: OnDone | None = None,
) -> tuple[int, int | None]:
    """Embed up to ``limit`` patents without a vector, scanning from ``after_id``. The texts
    are embedded without the index's write lock, which is taken only to store the vectors;
    rows a sync changed meanwhile are left for the next step. → (embedded, id to continue
    after or None at the end)"""
    gen = store.open_current()
    if gen is None or gen.state.model is None:
        return 0, None
    model, watermark = gen.state.model, gen.state.watermark
    vindex = _vector_index(gen)
    assert vindex is not None
    todo, cursor = _missing(factory, vindex, after_id, limit)
    if not todo:
        return 0, cursor
    computed = embedding.embed_texts(batch or Batch(), model, [_text(r) for r in todo], on_done)
    with store.lock(lock_wait):
        gen = store.open_current()
        if gen is None or gen.state.model != model:
            return 0, None
        keep = _unchanged(factory, todo, watermark, gen.state.watermark)
        vindex = _vector_index(gen)
        assert vindex is not None
        rows = [(r.id, v) for r, v in zip(todo, computed, strict=True) if r.id in keep]
        if rows:
            vindex.upsert([i for i, _ in rows], np.stack([v for _, v in rows]))
            vindex.save()
            gen.state.vectors = len(vindex)
            gen.save_state()
    return len(rows), cursor


def _unchanged(
    factory: sessionmaker[Session],
    rows: list[patents.IndexRow],
    before: str | None,
    now: str | None,
) -> set[int]:
    """Ids of ``rows`` that no sync re-indexed since ``before`` (their vector is current)."""
    ids = {r.id for r in rows}
    if now == before:
        return ids
    since = datetime.fromisoformat(before) if before else None
    for page in _pages(factory, since):
        ids -= {r.id for r in page}
    return ids


def embed_missing(
    factory: sessionmaker[Session],
    store: Store,
    *,
    lock_wait: float = 60.0,
    on_progress: ProgressFn | None = None,
    batch: Batch | None = None,
) -> Progress:
    """Compute every vector that syncs left pending, a few dozen at a time."""
    progress = Progress("embed", pending_vectors=pending(store))
    cursor: int | None = 0
    while cursor is not None:
        done, cursor = embed_step(factory, store, after_id=cursor, lock_wait=lock_wait, batch=batch)
        progress.embedded += done
        if on_progress:
            on_progress(progress)
    return progress


def pending(store: Store) -> int:
    """Documents of the current generation without a vector (0 without a model)."""
    gen = store.open_current()
    if gen is None or gen.state.model is None:
        return 0
    return max(gen.index.searcher().num_docs - gen.state.vectors, 0)
