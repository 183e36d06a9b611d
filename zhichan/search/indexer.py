"""Filling the index from the patent store: full rebuild and incremental sync."""

from __future__ import annotations

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
EMBED_BATCH = 32


@dataclass(slots=True)
class Progress:
    phase: str
    done: int = 0
    embedded: int = 0


ProgressFn = Callable[[Progress], None]


def _pages(
    factory: sessionmaker[Session], since: datetime | None
) -> Iterator[list[patents.IndexRow]]:
    after = 0
    while True:
        with factory() as session:
            rows = patents.index_rows(session=session, since=since, after_id=after, limit=PAGE)
        if not rows:
            return
        yield rows
        after = rows[-1].id


def _write(
    gen: Generation,
    writer: tantivy.IndexWriter,
    vindex: vectors.VectorIndex | None,
    rows: list[patents.IndexRow],
    replace: bool,
) -> int:
    for row in rows:
        if replace:
            writer.delete_documents_by_term("pid", row.id)
        fields = documents.fields_of(row.id, row.data, gen.state.analyser, row.legal_category)
        writer.add_document(documents.document(fields))
    if vindex is None or gen.state.model is None:
        return 0
    texts = [
        vectors.passage_text(
            r.data.get("title_zh") or r.data.get("title_en"),
            r.data.get("abstract_zh") or r.data.get("abstract_en"),
        )
        for r in rows
    ]
    for i in range(0, len(rows), EMBED_BATCH):
        chunk = texts[i : i + EMBED_BATCH]
        vindex.upsert(
            [r.id for r in rows[i : i + EMBED_BATCH]],
            vectors.embed_passages(gen.state.model, chunk),
        )
    return len(rows)


def _newest(rows: list[patents.IndexRow], current: str | None) -> str | None:
    stamps = [r.updated_at.replace(tzinfo=None).isoformat() for r in rows]
    return max([s for s in [current, *stamps] if s], default=None)


def rebuild(
    factory: sessionmaker[Session],
    store: Store,
    *,
    analyser: str,
    model: str | None,
    threads: int = 1,
    on_progress: ProgressFn | None = None,
) -> Progress:
    """Build a new generation from every stored patent; it replaces the old one only when
    complete."""
    started = time.perf_counter()
    progress = Progress("rebuild")
    with store.lock(), store.new_generation(analyser, model) as gen:
        writer = gen.index.writer(256_000_000, threads)
        vindex = (
            vectors.VectorIndex(gen.vectors_path, vectors.embedder(model).dim) if model else None
        )
        for rows in _pages(factory, None):
            progress.embedded += _write(gen, writer, vindex, rows, replace=False)
            progress.done += len(rows)
            gen.state.watermark = _newest(rows, gen.state.watermark)
            if on_progress:
                on_progress(progress)
        writer.commit()
        writer.wait_merging_threads()
        if vindex is not None:
            vindex.save()
        gen.state.documents = progress.done
        gen.state.vectors = len(vindex) if vindex is not None else 0
        gen.state.built_at = datetime.now(UTC).isoformat(timespec="seconds")
        gen.state.build_seconds = round(time.perf_counter() - started, 2)
    return progress


def sync(
    factory: sessionmaker[Session],
    store: Store,
    *,
    analyser: str,
    model: str | None,
    on_progress: ProgressFn | None = None,
) -> Progress:
    """Index the patents changed since the last sync (or rebuild when there is no index)."""
    if store.current_name() is None:
        return rebuild(factory, store, analyser=analyser, model=model, on_progress=on_progress)
    progress = Progress("sync")
    with store.lock():
        gen = store.open_current()
        assert gen is not None
        since = datetime.fromisoformat(gen.state.watermark) if gen.state.watermark else None
        writer = gen.index.writer(128_000_000, 1)
        model = gen.state.model
        vindex = (
            vectors.VectorIndex(gen.vectors_path, vectors.embedder(model).dim) if model else None
        )
        for rows in _pages(factory, since):
            progress.embedded += _write(gen, writer, vindex, rows, replace=True)
            progress.done += len(rows)
            gen.state.watermark = _newest(rows, gen.state.watermark)
            if on_progress:
                on_progress(progress)
        if progress.done:
            writer.commit()
            writer.wait_merging_threads()
            if vindex is not None:
                vindex.save()
                gen.state.vectors = len(vindex)
            gen.index.reload()
            gen.state.documents = gen.index.searcher().num_docs
            gen.save_state()
        else:
            writer.rollback()
    return progress
