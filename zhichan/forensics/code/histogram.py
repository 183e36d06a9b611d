"""Histogram diff (the algorithm of JGit and ``git diff --histogram``), in pure Python.

In a region, the common prefix and suffix are matched; then the line that occurs least
often on the left and also occurs on the right anchors the longest common run through it;
the regions before and after the run are diffed the same way. Rare lines make good anchors,
so moved blocks and repeated boilerplate (braces, ``return``) do not pull the alignment
apart as a plain longest-common-subsequence can. Regions with no common line are left
unmatched. Works on any hashable items; iterative, so deep recursion cannot occur.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Sequence

MAX_CHAIN = 64  # a line occurring more often than this on the left is not used as an anchor


def matches(
    a: Sequence[Hashable], b: Sequence[Hashable], weak: frozenset[Hashable] = frozenset()
) -> list[tuple[int, int]]:
    """Pairs (i, j) with a[i] == b[j], increasing in both i and j.

    ``weak`` items (blank lines in the line report) anchor a region only when no other line
    can: a blank line shared by chance must not pull real code apart."""
    out: list[tuple[int, int]] = []
    stack = [(0, len(a), 0, len(b))]
    while stack:
        alo, ahi, blo, bhi = stack.pop()
        while alo < ahi and blo < bhi and a[alo] == b[blo]:
            out.append((alo, blo))
            alo, blo = alo + 1, blo + 1
        tail = []
        while alo < ahi and blo < bhi and a[ahi - 1] == b[bhi - 1]:
            ahi, bhi = ahi - 1, bhi - 1
            tail.append((ahi, bhi))
        out.extend(tail)
        if alo >= ahi or blo >= bhi:
            continue
        run = _anchor(a, b, alo, ahi, blo, bhi, weak)
        if run is None:
            continue
        i, j, n = run
        out.extend((i + k, j + k) for k in range(n))
        stack.append((alo, i, blo, j))
        stack.append((i + n, ahi, j + n, bhi))
    out.sort()
    return out


def _anchor(
    a: Sequence[Hashable], b: Sequence[Hashable], alo: int, ahi: int, blo: int, bhi: int,
    weak: frozenset[Hashable],
) -> tuple[int, int, int] | None:  # fmt: skip
    """(i, j, length) of the longest common run through the rarest shared line."""
    where: dict[Hashable, list[int]] = defaultdict(list)
    for i in range(alo, ahi):
        where[a[i]].append(i)
    best: tuple[int, int, int] | None = None
    best_count = MAX_CHAIN + 1
    j = blo
    while j < bhi:
        positions = where.get(b[j])
        rarity = MAX_CHAIN if b[j] in weak else len(positions) if positions else 0
        if not positions or rarity > best_count:
            j += 1
            continue
        longest_here = 0
        for i in positions:
            if i < alo:
                continue
            start_i, start_j = i, j
            while start_i > alo and start_j > blo and a[start_i - 1] == b[start_j - 1]:
                start_i, start_j = start_i - 1, start_j - 1
            end_i, end_j = i + 1, j + 1
            while end_i < ahi and end_j < bhi and a[end_i] == b[end_j]:
                end_i, end_j = end_i + 1, end_j + 1
            n = end_i - start_i
            count = rarity
            if best is None or count < best_count or (count == best_count and n > best[2]):
                best, best_count = (start_i, start_j, n), count
            longest_here = max(longest_here, end_j - j)
        j += max(longest_here, 1)
    return best
