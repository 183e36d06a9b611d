"""Greedy string tiling (Wise 1993, as JPlag uses it) over normalised token streams.

Repeatedly take the longest common runs of unmarked tokens (at least ``min_length``) and mark
them as tiles; shorter runs can only use what is left. Each round collects every maximal run
and marks them longest first, skipping any that now overlap a tile (it returns, shortened, in
the next round), so a file pair needs a few rounds rather than one per distinct run length.
Unlike fingerprints, tiles survive reordered methods and declarations, because a tile may sit
anywhere in the other file.
The common runs are found once per pair: each file's ``min_length``-grams are indexed once
(:func:`prepare`, so a collection reuses them for every pair), the grams both files hold come
from a set intersection, and each run is extended from its first gram only. Later rounds
split those runs around the tiles already marked, so a round costs about the number of runs,
not the length of the files.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

MIN_LENGTH = 6


@dataclass(frozen=True, slots=True)
class Tile:
    left: int  # first token in the left stream
    right: int
    length: int


@dataclass(frozen=True, slots=True)
class Prepared:
    """A stream as small integers, its ``min_length``-grams and where each gram starts."""

    codes: Sequence[int]
    grams: list[tuple[int, ...]]
    index: dict[tuple[int, ...], list[int]]
    min_length: int


def prepare(codes: Sequence[int], min_length: int = MIN_LENGTH) -> Prepared:
    grams = [tuple(codes[i : i + min_length]) for i in range(len(codes) - min_length + 1)]
    index: dict[tuple[int, ...], list[int]] = {}
    for j, gram in enumerate(grams):
        index.setdefault(gram, []).append(j)
    return Prepared(codes, grams, index, min_length)


def tiles(
    left: Sequence[object], right: Sequence[object], min_length: int = MIN_LENGTH
) -> list[Tile]:
    codes = _codes(left, right)
    return tiles_of(
        prepare(codes[: len(left)], min_length), prepare(codes[len(left) :], min_length)
    )


def tiles_of(left: Prepared, right: Prepared) -> list[Tile]:
    """Tiles of two prepared streams (codes from one table, the same ``min_length``)."""
    m = left.min_length
    marked_a = bytearray(len(left.codes))  # 1 = inside a tile
    marked_b = bytearray(len(right.codes))
    runs = _runs(left, right)
    out: list[Tile] = []
    while runs:
        # every maximal unmarked stretch of a common run, longest first; one that now overlaps
        # a tile is found again, shortened, next round
        found = [t for run in runs for t in _stretches(run, marked_a, marked_b, m)]
        taken = 0
        for tile in sorted(found, key=_longest):
            if _free(marked_a, tile.left, tile.length) and _free(marked_b, tile.right, tile.length):
                marked_a[tile.left : tile.left + tile.length] = b"\x01" * tile.length
                marked_b[tile.right : tile.right + tile.length] = b"\x01" * tile.length
                out.append(tile)
                taken += 1
        if not taken:
            break
        runs = found
    return sorted(out, key=lambda t: t.left)


def _runs(left: Prepared, right: Prepared) -> list[Tile]:
    """The maximal common runs of at least ``min_length``: from each pair of starts of a gram
    both sides hold (found by a set intersection) that is the head of its run, extended."""
    a, b, m = left.codes, right.codes, left.min_length
    runs: list[Tile] = []
    for gram in left.index.keys() & right.index.keys():
        for i in left.index[gram]:
            for j in right.index[gram]:
                if i and j and a[i - 1] == b[j - 1]:
                    continue  # inside a run that starts earlier
                n = m
                while i + n < len(a) and j + n < len(b) and a[i + n] == b[j + n]:
                    n += 1
                runs.append(Tile(i, j, n))
    return runs


def _stretches(run: Tile, marked_a: bytearray, marked_b: bytearray, m: int) -> list[Tile]:
    """The parts of ``run`` of at least ``m`` tokens where neither side is marked."""
    out: list[Tile] = []
    i, j, n = run.left, run.right, run.length
    k = 0
    while k < n:
        if marked_a[i + k] or marked_b[j + k]:
            k += 1
            continue
        na = marked_a.find(1, i + k, i + n)
        nb = marked_b.find(1, j + k, j + n)
        end = min(na - i if na >= 0 else n, nb - j if nb >= 0 else n)
        if end - k >= m:
            out.append(Tile(i + k, j + k, end - k))
        k = end
    return out


def _longest(tile: Tile) -> tuple[int, int, int]:
    return (-tile.length, tile.left, tile.right)


def _free(marked: bytearray, start: int, length: int) -> bool:
    return marked.find(1, start, start + length) < 0


def _codes(left: Sequence[object], right: Sequence[object]) -> list[int]:
    """Both streams as small integers (tuples of ints hash faster than tuples of strings)."""
    table: dict[object, int] = {}
    return [table.setdefault(x, len(table)) for x in (*left, *right)]
