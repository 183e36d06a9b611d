"""All against all: every pair of a collection of submissions (or versions) ranked by clone
similarity, without comparing every pair from scratch.

1. Each file is tokenised once and its boilerplate found (:mod:`.boilerplate`).
2. The rest is fingerprinted once (winnowed k-grams, :mod:`.winnowing`) into an inverted
   index; a pair is a candidate when it shares at least :data:`MIN_SHARED` fingerprints. Any
   common run of ``k + window − 1`` tokens is guaranteed a shared fingerprint, so a pair left
   out has no long common run outside the boilerplate.
3. Only candidates are tiled and scored (:mod:`.clone`), in ``workers`` processes; a pair
   without a single tile is not listed.
4. Clusters are the connected groups of pairs at or above ``cluster_at``.
"""

from __future__ import annotations

import gc
import os
import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

from zhichan.forensics.code import boilerplate, clone, winnowing
from zhichan.forensics.code.tokens import Token
from zhichan.forensics.evidence.sources import Progress

WINDOW = 8
MIN_SHARED = 2
CLUSTER_AT = 0.5
MAX_WORKERS = 4
# Bounds the work a hostile or accidental upload can cause (e.g. thousands of identical files
# with suppression switched off): beyond it, the pairs sharing the most fingerprints are kept.
MAX_CANDIDATES = 300_000


@dataclass(frozen=True, slots=True)
class Pair:
    left: int
    right: int
    score: clone.CloneScore


@dataclass
class Ranking:
    pairs: list[Pair]  # best first
    clusters: list[list[int]]  # file indexes, largest first
    boilerplate: boilerplate.Boilerplate
    files: int
    candidates: int
    params: clone.Params
    cluster_at: float
    notes: list[str] = field(default_factory=list)

    @property
    def all_pairs(self) -> int:
        return self.files * (self.files - 1) // 2


def candidates(
    streams: Sequence[Sequence[Token]], found: boilerplate.Boilerplate, k: int
) -> dict[tuple[int, int], int]:
    """(i, j) with i < j → number of shared fingerprints, for pairs sharing enough."""
    index: dict[int, list[int]] = {}
    table: dict[str, int] = {}
    for i, s in enumerate(streams):
        kept = [table.setdefault(x, len(table)) for x in _unsuppressed(s, found.masks[i])]
        for fp in {f.hash for f in winnowing.winnow(_hashes(kept, k), WINDOW)}:
            index.setdefault(fp, []).append(i)
    shared: dict[tuple[int, int], int] = {}
    for files in index.values():
        for a in range(len(files)):
            for b in range(a + 1, len(files)):
                key = (files[a], files[b])
                shared[key] = shared.get(key, 0) + 1
    return {pair: n for pair, n in shared.items() if n >= MIN_SHARED}


def _unsuppressed(stream: Sequence[Token], mask: bytearray) -> list[str]:
    """Kinds with each suppressed run replaced by one break (no k-gram spans boilerplate)."""
    out: list[str] = []
    for t, off in zip(stream, mask, strict=True):
        if not off:
            out.append(t.kind)
        elif not out or out[-1] != "\0":
            out.append("\0")
    return out


def _hashes(codes: list[int], k: int) -> list[int]:
    # tuples of ints hash the same in every process (str hashes are salted per process)
    return [hash(tuple(codes[i : i + k])) for i in range(len(codes) - k + 1)]


def rank(
    streams: Sequence[list[Token]],
    params: clone.Params = clone.DEFAULT,
    share: float | None = boilerplate.DEFAULT_SHARE,
    template: Sequence[list[Token]] = (),
    cluster_at: float = CLUSTER_AT,
    workers: int = 1,
    progress: Progress | None = None,
    exhaustive: bool = False,
) -> Ranking:
    found = boilerplate.find(streams, share, template)
    notes: list[str] = []
    if exhaustive:
        todo = [(i, j) for i in range(len(streams)) for j in range(i + 1, len(streams))]
    else:
        shared = candidates(streams, found, params.min_tile)
        todo = sorted(shared)
        if len(todo) > MAX_CANDIDATES:
            todo = sorted(sorted(shared, key=lambda p: (-shared[p], p))[:MAX_CANDIDATES])
            notes.append(
                f"候选文件对 {len(shared)} 对，超过上限：只比对共享指纹最多的 {MAX_CANDIDATES} 对"
            )
    table: dict[str, int] = {}
    sides = [
        clone.side(s, found.suppressed(i), table, params.min_tile) for i, s in enumerate(streams)
    ]
    scores = _score(todo, (sides, params), workers, progress)
    pairs = [Pair(i, j, s) for (i, j), s in zip(todo, scores, strict=True) if s.tiled_tokens]
    pairs.sort(key=lambda p: (-p.score.similarity, p.left, p.right))
    return Ranking(
        pairs,
        _clusters(pairs, cluster_at),
        found,
        len(streams),
        len(todo),
        params,
        cluster_at,
        notes,
    )


Shared = tuple[list[clone.Side], clone.Params]
_shared: list[Shared] = []  # in a worker process: the collection, sent once, not per pair


def _init(shared: Shared) -> None:
    _shared[:] = [shared]


def _compare(pair: tuple[int, int]) -> clone.CloneScore:
    sides, params = _shared[0]
    return clone.compare_sides(sides[pair[0]], sides[pair[1]], params)


def _score(
    todo: list[tuple[int, int]], shared: Shared, workers: int, progress: Progress | None
) -> list[clone.CloneScore]:
    workers = max(1, min(workers, MAX_WORKERS, os.cpu_count() or 1))
    if threading.active_count() > 1:
        workers = 1  # a forked child could inherit a lock another thread holds (the web app)
    out: list[clone.CloneScore] = []
    results: Iterator[clone.CloneScore]
    pool = None
    if workers == 1 or len(todo) < 200:
        _init(shared)
        results = map(_compare, todo)
    else:
        pool = ProcessPoolExecutor(workers, initializer=_init, initargs=(shared,))
        results = pool.map(_compare, todo, chunksize=256)
    # the loop allocates millions of short-lived acyclic objects: with a large heap (the web
    # app, the benchmark) the cyclic collector's passes cost about a fifth of the time
    collecting = gc.isenabled()
    gc.disable()
    try:
        for n, score in enumerate(results, start=1):
            out.append(score)
            if progress and (n % 500 == 0 or n == len(todo)):
                progress("比对候选文件对", n, len(todo))
    finally:
        if collecting:
            gc.enable()
        _shared.clear()
        if pool is not None:
            pool.shutdown()
    return out


def _clusters(pairs: list[Pair], at: float) -> list[list[int]]:
    parent: dict[int, int] = {}

    def root(x: int) -> int:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for p in pairs:
        if p.score.similarity >= at:
            parent[root(p.left)] = root(p.right)
    groups: dict[int, list[int]] = {}
    for x in list(parent):
        groups.setdefault(root(x), []).append(x)
    return sorted((sorted(g) for g in groups.values() if len(g) > 1), key=lambda g: (-len(g), g))
