"""Boilerplate: code that many files of a collection share, or that the declared template holds.

As MOSS (``-m``) and Dolos (``--max-fingerprint-percentage``) do, a run of :data:`K` tokens
present in more than ``share`` of the files of a collection (and in at least
:data:`MIN_FILES` of them) says nothing about who copied from whom: a course skeleton, a
contest template, the ``main`` signature. Every token such a run covers is suppressed —
excluded from the clone similarity on both sides — and the report names the passages.
Runs found in the ``--base`` template are suppressed whatever their count.

The share is a trade-off: one original copied by most of a class looks like boilerplate too,
so the default only suppresses what *most* files share; a lower share is for collections where
templates belong to a few authors (docs/forensics.md).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from zhichan.forensics.code.tokens import Token

K = 12
# In a handful of files "shared by most" is two or three files: a copy looks the same.
MIN_FILES = 5
DEFAULT_SHARE = 0.5
MAX_PASSAGES = 20


@dataclass(frozen=True, slots=True)
class Passage:
    """One suppressed run as it appears in one file (the first file that holds it)."""

    file: int
    first_line: int
    last_line: int
    tokens: int
    files: int  # how many files of the collection hold its first k-gram


def _codes(streams: Sequence[Sequence[Token]]) -> list[list[int]]:
    table: dict[str, int] = {}
    return [[table.setdefault(t.kind, len(table)) for t in s] for s in streams]


def _grams(codes: list[int]) -> list[int]:
    return [hash(tuple(codes[i : i + K])) for i in range(len(codes) - K + 1)]


@dataclass
class Boilerplate:
    masks: list[bytearray]  # per file, one byte per token: 1 = suppressed
    passages: list[Passage]
    share: float | None
    threshold: int  # a k-gram in more files than this is boilerplate

    def suppressed(self, i: int) -> bytes | None:
        return bytes(self.masks[i]) if any(self.masks[i]) else None

    @property
    def tokens(self) -> int:
        return sum(sum(m) for m in self.masks)


def find(
    streams: Sequence[Sequence[Token]],
    share: float | None = DEFAULT_SHARE,
    template: Sequence[Sequence[Token]] = (),
) -> Boilerplate:
    """``share`` None: only the template is suppressed."""
    codes = _codes([*streams, *template])
    grams = [_grams(c) for c in codes]
    mine, theirs = grams[: len(streams)], grams[len(streams) :]
    counts: Counter[int] = Counter()
    for g in mine:
        counts.update(set(g))
    threshold = max(MIN_FILES - 1, int(share * len(streams))) if share is not None else 0
    common = {h for h, n in counts.items() if n > threshold} if share is not None else set()
    for g in theirs:
        common.update(g)
    masks = []
    for g, s in zip(mine, streams, strict=True):
        mask = bytearray(len(s))
        for i, h in enumerate(g):
            if h in common:
                mask[i : i + K] = b"\x01" * K
        masks.append(mask)
    return Boilerplate(masks, _passages(mine, masks, streams, counts), share, threshold)


def _passages(
    grams: list[list[int]],
    masks: list[bytearray],
    streams: Sequence[Sequence[Token]],
    counts: Counter[int],
) -> list[Passage]:
    """Each suppressed run once, in the first file where its first k-gram occurs."""
    seen: set[int] = set()
    out: list[Passage] = []
    for f, (mask, g) in enumerate(zip(masks, grams, strict=True)):
        i = 0
        while i < len(mask):
            if not mask[i]:
                i += 1
                continue
            j = mask.find(0, i)
            j = len(mask) if j < 0 else j
            key = g[i] if i < len(g) else -1
            if key not in seen:
                seen.add(key)
                lines = streams[f]
                out.append(Passage(f, lines[i].line, lines[j - 1].line, j - i, counts.get(key, 0)))
            i = j
    out.sort(key=lambda p: (-p.files, -p.tokens, p.file, p.first_line))
    return out[:MAX_PASSAGES]
