"""Running queries against the current index generation (reopened when it changes)."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import tantivy
from tantivy import Occur, Query

from zhichan.core.errors import InvalidInput
from zhichan.fulltext import vectors
from zhichan.search import compile as compile_mod
from zhichan.search import documents, syntax
from zhichan.search.store import Generation, Store

SORTS = {
    "relevance": (None, tantivy.Order.Desc),
    "ad_desc": ("ad", tantivy.Order.Desc),
    "ad_asc": ("ad", tantivy.Order.Asc),
    "pd_desc": ("pd", tantivy.Order.Desc),
    "pd_asc": ("pd", tantivy.Order.Asc),
}
FACET_SIZE = 10


@dataclass(slots=True)
class Ranked:
    total: int
    hits: list[tuple[int, float]]
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)


class SearchEngine:
    """One per process: the store, the open generation and its vector index."""

    def __init__(self, root: Path, normalise_number: Any = None) -> None:
        self.store = Store(root)
        self.normalise_number = normalise_number or (lambda code, raw: raw.upper())
        self._lock = threading.Lock()
        self._gen: Generation | None = None
        self._name: str | None = None
        self._stamps: tuple[int, ...] = ()
        self._vectors: vectors.VectorIndex | None = None
        self._vectors_mtime = 0

    # ---- opening -----------------------------------------------------------------------
    def generation(self) -> Generation | None:
        with self._lock:
            name = self.store.current_name()
            if name != self._name:
                self._gen = self.store.open_current()
                self._name = name
                self._vectors = None
                self._stamps = ()
            gen = self._gen
            if gen is not None:
                self._refresh(gen)
            return gen

    def _refresh(self, gen: Generation) -> None:
        """Pick up commits and state changes written by other writers (CLI, embedder)."""
        stamps = tuple(
            p.stat().st_mtime_ns if p.exists() else 0
            for p in (gen.path / "meta.json", gen.path / "state.json")
        )
        if stamps != self._stamps:
            gen.index.reload()
            gen.state = self.store.open_state(gen.path)
            self._stamps = stamps

    def require(self) -> Generation:
        gen = self.generation()
        if gen is None:
            raise InvalidInput(
                "检索索引尚未建立：后台任务会自动建立，也可运行 zhichan index rebuild"
            )
        return gen

    def vector_index(self) -> vectors.VectorIndex | None:
        gen = self.require()
        path = gen.vectors_path
        if gen.state.model is None or not path.exists():
            return None
        mtime = path.stat().st_mtime_ns
        with self._lock:
            if self._vectors is None or mtime != self._vectors_mtime:
                dim = vectors.embedder(gen.state.model).dim
                self._vectors = vectors.VectorIndex(path, dim)
                self._vectors_mtime = mtime
            return self._vectors

    def compiler(self, gen: Generation) -> compile_mod.Compiler:
        return compile_mod.Compiler(gen.index.schema, gen.state.analyser, self.normalise_number)

    # ---- lexical -----------------------------------------------------------------------
    def query_of(
        self, parsed: syntax.Parsed, chosen: dict[str, str], within: list[int] | None = None
    ) -> Query:
        """The compiled query, narrowed by the facet filters and, with ``within``, to those
        patents (another domain's set, e.g. high-value verdicts)."""
        gen = self.require()
        compiler = self.compiler(gen)
        if parsed.root is None:
            main = Query.all_query()
        elif parsed.free_text:
            main = compiler.free_text(parsed.query)
        else:
            main = compiler.compile(parsed.root)
        extra = compile_mod.filters(gen.index.schema, chosen)
        if within is not None:
            extra.append(Query.term_set_query(gen.index.schema, "pid", within))
        if not extra:
            return main
        return Query.boolean_query(
            [(Occur.Must, main), *[(Occur.Must, Query.const_score_query(q, 0.0)) for q in extra]]
        )

    def lexical(
        self, query: Query, *, offset: int, limit: int, sort: str = "relevance", facets: bool = True
    ) -> Ranked:
        gen = self.require()
        searcher = gen.index.searcher()
        if sort not in SORTS:
            raise InvalidInput(f"未知的排序方式：{sort}，可用：{', '.join(SORTS)}")
        order_field, order = SORTS[sort]
        result = searcher.search(
            query, limit, count=True, order_by_field=order_field, offset=offset, order=order
        )
        addresses = [a for _, a in result.hits]
        pids = _pids(searcher, addresses)
        hits = [(p, float(s)) for p, (s, _) in zip(pids, result.hits, strict=True)]
        ranked = Ranked(total=getattr(result, "count", None) or 0, hits=hits)
        if facets:
            ranked.facets = self.facets(searcher, query)
        return ranked

    def facets(self, searcher: tantivy.Searcher, query: Query) -> dict[str, list[tuple[str, int]]]:
        aggs = {
            name: {"terms": {"field": name, "size": 30 if name == "year" else FACET_SIZE}}
            for name in documents.FACET_FIELDS
        }
        raw = searcher.aggregate(query, aggs)
        out: dict[str, list[tuple[str, int]]] = {}
        for name in documents.FACET_FIELDS:
            buckets = raw.get(name, {}).get("buckets", [])
            pairs = [(str(_key(b["key"])), int(b["doc_count"])) for b in buckets]
            if name == "year":
                pairs.sort(reverse=True)
            out[name] = pairs
        return out

    def facets_of(self, pids: list[int], query: Query) -> dict[str, list[tuple[str, int]]]:
        gen = self.require()
        if not pids:
            return {name: [] for name in documents.FACET_FIELDS}
        within = Query.term_set_query(gen.index.schema, "pid", pids)
        both = Query.boolean_query([(Occur.Must, within), (Occur.Must, query)])
        return self.facets(gen.index.searcher(), both)

    def count_within(self, query: Query, pids: list[int]) -> int:
        """How many of ``pids`` match ``query``."""
        gen = self.require()
        within = Query.term_set_query(gen.index.schema, "pid", pids)
        both = Query.boolean_query([(Occur.Must, within), (Occur.Must, query)])
        return int(getattr(gen.index.searcher().search(both, 1, count=True), "count", 0) or 0)

    def restrict(self, query: Query, pids: list[int]) -> set[int]:
        """Which of ``pids`` match ``query`` (used to apply filters to vector hits)."""
        gen = self.require()
        if not pids:
            return set()
        within = Query.term_set_query(gen.index.schema, "pid", pids)
        both = Query.boolean_query([(Occur.Must, within), (Occur.Must, query)])
        searcher = gen.index.searcher()
        result = searcher.search(both, len(pids), count=False)
        return set(_pids(searcher, [a for _, a in result.hits]))

    # ---- semantic ----------------------------------------------------------------------
    def nearest(self, vector: np.ndarray, count: int) -> list[tuple[int, float]]:
        vi = self.vector_index()
        if vi is None:
            raise InvalidInput(
                "语义检索的向量尚未生成：后台任务正在生成（见“后台任务”页），"
                "也可运行 zhichan index embed"
            )
        return vi.nearest(vector, count)

    def stats(self) -> dict[str, Any]:
        gen = self.generation()
        if gen is None:
            return {"ready": False}
        started = time.perf_counter()
        docs = gen.index.searcher().num_docs
        return {
            "ready": True,
            "generation": gen.path.name,
            "analyser": gen.state.analyser,
            "model": gen.state.model,
            "documents": docs,
            "vectors": gen.state.vectors,
            "vectors_pending": max(docs - gen.state.vectors, 0) if gen.state.model else 0,
            "watermark": gen.state.watermark,
            "built_at": gen.state.built_at,
            "build_seconds": gen.state.build_seconds,
            "took_ms": round((time.perf_counter() - started) * 1000, 2),
        }


def _pids(searcher: tantivy.Searcher, addresses: list[tantivy.DocAddress]) -> list[int]:
    if not addresses:
        return []
    return [int(p) for p in searcher.fast_field_values("pid", addresses) if p is not None]


def _key(value: Any) -> Any:
    return int(value) if isinstance(value, float) and value.is_integer() else value
