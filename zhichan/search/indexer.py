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

import tantivy
from sqlalchemy.orm import Session, sessionmaker

from zhichan.patents import service as patents
from zhichan.search import documents, vectors
from zhichan.search.store import Generation, Store

PAGE = 2000
EMBED_BATCH = 16
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
    gen: Generation, writer: tantivy.IndexWriter, rows: list[patents.IndexRow], replace: bool
) -> None:
    for row in rows:
        if replace:
            writer.delete_documents_by_term("pid", row.id)
        fields = documents.fields_of(row.id, row.data, gen.state.analyser, row.legal_category)
        writer.add_document(documents.document(fields))


def _text(row: patents.IndexRow) -> str:
    d = row.data
    return vectors.passage_text(
        d.get("title_zh") or d.get("title_en"), d.get("abstract_zh") or d.get("abstract_en")
    )


def _embed(
    model: str,
    vindex: vectors.VectorIndex,
    rows: list[patents.IndexRow],
    *,
    budget: int | None,
    changed: bool,
) -> tuple[int, int]:
    """Embed ``rows`` (changed ones always, others only when missing), at most ``budget``;
    the vectors of changed rows beyond the budget are dropped as stale. → (embedded, pending)"""
    todo = rows if changed else [r for r in rows if not vindex.has(r.id)]
    if budget is not None:
        todo, rest = todo[: max(budget, 0)], todo[max(budget, 0) :]
        vindex.remove([r.id for r in rest])
    else:
        rest = []
    for i in range(0, len(todo), EMBED_BATCH):
        chunk = todo[i : i + EMBED_BATCH]
        vindex.upsert(
            [r.id for r in chunk], vectors.embed_passages(model, [_text(r) for r in chunk])
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
) -> None:
    """Every patent changed since ``since`` (all when None) into ``gen``. A sync replaces
    documents and re-embeds them; a rebuild embeds only what has no vector yet."""
    changed = progress.phase == "sync"
    for rows in _pages(factory, since):
        _write(gen, writer, rows, replace=changed)
        if vindex is not None and gen.state.model:
            budget = None if embed_budget is None else embed_budget - progress.embedded
            done, pending = _embed(gen.state.model, vindex, rows, budget=budget, changed=changed)
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
    on_progress: ProgressFn | None = None,
) -> Progress:
    """Build a new generation from every stored patent; it replaces the old one only when
    complete. ``embed_budget`` caps the vectors computed now (None: all that are missing)."""
    started = time.perf_counter()
    progress = Progress("rebuild")
    with store.lock(), store.new_generation(analyser, model) as gen:
        old = store.open_current()
        if old is not None and model and old.state.model == model and old.vectors_path.exists():
            shutil.copyfile(old.vectors_path, gen.vectors_path)
        writer = gen.index.writer(256_000_000, threads)
        vindex = _vector_index(gen)
        _index_pages(factory, None, gen, writer, vindex, embed_budget, progress, on_progress)
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
    embed_all: bool = False,
    on_progress: ProgressFn | None = None,
) -> Progress:
    """Index the patents changed since the last sync (or rebuild when there is no index);
    embed at most ``INLINE_EMBED`` of them unless ``embed_all``."""
    embed_budget = None if embed_all else INLINE_EMBED
    if store.current_name() is None:
        return rebuild(
            factory,
            store,
            analyser=analyser,
            model=model,
            embed_budget=embed_budget,
            on_progress=on_progress,
        )
    progress = Progress("sync")
    with store.lock():
        gen = store.open_current()
        assert gen is not None
        since = datetime.fromisoformat(gen.state.watermark) if gen.state.watermark else None
        writer = gen.index.writer(128_000_000, 1)
        vindex = _vector_index(gen)
        _index_pages(factory, since, gen, writer, vindex, embed_budget, progress, on_progress)
        if not progress.done:
            writer.rollback()
            return progress
        writer.commit()
        writer.wait_merging_threads()
        gen.index.reload()
        _finish(gen, vindex, gen.index.searcher().num_docs)
        gen.save_state()
    return progress


def embed_step(
    factory: sessionmaker[Session], store: Store, *, after_id: int = 0, limit: int = 64
) -> tuple[int, int | None]:
    """Embed up to ``limit`` patents without a vector, scanning from ``after_id``, under the
    write lock for a few seconds only. → (embedded, id to continue after or None at the end)"""
    with store.lock():
        gen = store.open_current()
        if gen is None or gen.state.model is None:
            return 0, None
        vindex = _vector_index(gen)
        assert vindex is not None
        todo: list[patents.IndexRow] = []
        cursor: int | None = None
        for rows in _pages(factory, None, size=512, after_id=after_id):
            for row in rows:
                if not vindex.has(row.id):
                    todo.append(row)
                if len(todo) == limit:
                    cursor = row.id
                    break
            if cursor is not None:
                break
        if todo:
            _embed(gen.state.model, vindex, todo, budget=None, changed=True)
            vindex.save()
            gen.state.vectors = len(vindex)
            gen.save_state()
        return len(todo), cursor


def embed_missing(
    factory: sessionmaker[Session], store: Store, *, on_progress: ProgressFn | None = None
) -> Progress:
    """Compute every vector that syncs left pending, a few dozen at a time."""
    progress = Progress("embed")
    cursor: int | None = 0
    while cursor is not None:
        done, cursor = embed_step(factory, store, after_id=cursor)
        progress.embedded += done
        if on_progress:
            on_progress(progress)
    return progress
