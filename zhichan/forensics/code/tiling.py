"""Greedy string tiling (Wise 1993, as JPlag uses it) over normalised token streams.

Repeatedly take the longest common runs of unmarked tokens (at least ``min_length``) and mark
them as tiles; shorter runs can only use what is left. Each round collects every maximal run
and marks them longest first, skipping any that now overlap a tile (it returns, shortened, in
the next round), so a file pair needs a few rounds rather than one per distinct run length.
Unlike fingerprints, tiles survive reordered methods and declarations, because a tile may sit
anywhere in the other file.
Candidate runs are found through an index of the right file's ``min_length``-grams (built
once), so a round costs about the length of the files, not their product.
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


def tiles(
    left: Sequence[object], right: Sequence[object], min_length: int = MIN_LENGTH
) -> list[Tile]:
    codes = _codes(left, right)
    a, b = codes[: len(left)], codes[len(left) :]
    marked_a = bytearray(len(a))  # 1 = inside a tile
    marked_b = bytearray(len(b))
    index: dict[tuple[int, ...], list[int]] = {}
    for j in range(len(b) - min_length + 1):
        index.setdefault(tuple(b[j : j + min_length]), []).append(j)
    out: list[Tile] = []
    while True:
        taken = 0
        # longest first; a match that now overlaps a tile is found again, shortened, next round
        for tile in sorted(_maximal(a, b, index, marked_a, marked_b, min_length), key=_longest):
            if _free(marked_a, tile.left, tile.length) and _free(marked_b, tile.right, tile.length):
                marked_a[tile.left : tile.left + tile.length] = b"\x01" * tile.length
                marked_b[tile.right : tile.right + tile.length] = b"\x01" * tile.length
                out.append(tile)
                taken += 1
        if not taken:
            return sorted(out, key=lambda t: t.left)


def _longest(tile: Tile) -> tuple[int, int, int]:
    return (-tile.length, tile.left, tile.right)


def _free(marked: bytearray, start: int, length: int) -> bool:
    return marked.find(1, start, start + length) < 0


def _maximal(
    a: list[int],
    b: list[int],
    index: dict[tuple[int, ...], list[int]],
    marked_a: bytearray,
    marked_b: bytearray,
    min_length: int,
) -> list[Tile]:
    """Every unmarked common run of at least ``min_length`` that cannot be extended leftwards."""
    found: list[Tile] = []
    for i in range(len(a) - min_length + 1):
        if not _free(marked_a, i, min_length):
            continue
        for j in index.get(tuple(a[i : i + min_length]), ()):
            if i and j and a[i - 1] == b[j - 1] and not marked_a[i - 1] and not marked_b[j - 1]:
                continue  # inside a longer run that starts earlier
            if not _free(marked_b, j, min_length):
                continue
            n = min_length
            while (
                i + n < len(a)
                and j + n < len(b)
                and a[i + n] == b[j + n]
                and not marked_a[i + n]
                and not marked_b[j + n]
            ):
                n += 1
            found.append(Tile(i, j, n))
    return found


def _codes(left: Sequence[object], right: Sequence[object]) -> list[int]:
    """Both streams as small integers (tuples of ints hash faster than tuples of strings)."""
    table: dict[object, int] = {}
    return [table.setdefault(x, len(table)) for x in (*left, *right)]
