"""Text of two works (plot, quest, item and dialogue text, mostly Chinese): aligned passages.

Both texts are NFKC-normalised and reduced to their letters, digits and Han characters
(punctuation, spaces and line breaks vary between editions and do not count), each kept
character remembering its line. Shared passages are found by greedy string tiling on these
characters (at least ``MIN_CHARS`` in a row, so common words do not count but a copied
sentence does, even moved elsewhere); shares are relative to the left text, the right, both
(symmetric) and the larger one-sided share (maximum). For folders, texts are paired by the
most shared character 8-grams (winnowed), then each pair is aligned.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from zhichan.forensics.code import clone, tiling, winnowing
from zhichan.forensics.code.tokens import Token
from zhichan.forensics.evidence.sources import Progress, SourceFile

MIN_CHARS = 8
EXTENSIONS = (".txt", ".md", ".json", ".csv", ".xml", ".lua", ".ini", ".yaml", ".yml", ".po")


@dataclass(frozen=True, slots=True)
class Passage:
    left_lines: tuple[int, int]
    right_lines: tuple[int, int]
    chars: int
    left_text: str
    right_text: str


@dataclass(frozen=True, slots=True)
class TextMatch:
    left: SourceFile
    right: SourceFile
    shares: clone.Shares
    shared_chars: int
    left_chars: int
    right_chars: int
    passages: list[Passage]


def is_text(path: str) -> bool:
    return path.lower().endswith(EXTENSIONS)


def characters(text: str) -> list[Token]:
    """The text's letters, digits and Han characters with their lines (lower-cased)."""
    out = []
    for n, line in enumerate(unicodedata.normalize("NFKC", text).split("\n"), start=1):
        out += [Token(ch.lower(), n, ch) for ch in line if ch.isalnum()]
    return out


def compare(left: SourceFile, right: SourceFile, min_chars: int = MIN_CHARS) -> TextMatch:
    a, b = characters(left.text), characters(right.text)
    found = tiling.tiles([t.kind for t in a], [t.kind for t in b], min_chars)
    shared = sum(t.length for t in found)
    passages = [
        Passage(
            (a[t.left].line, a[t.left + t.length - 1].line),
            (b[t.right].line, b[t.right + t.length - 1].line),
            t.length,
            _span(left.text, a[t.left].line, a[t.left + t.length - 1].line),
            _span(right.text, b[t.right].line, b[t.right + t.length - 1].line),
        )
        for t in found
    ]
    passages.sort(key=lambda p: -p.chars)
    return TextMatch(
        left, right, clone.Shares.of(shared, len(a), len(b)), shared, len(a), len(b), passages
    )


def _span(text: str, first: int, last: int, limit: int = 400) -> str:
    body = "\n".join(text.split("\n")[first - 1 : last])
    return body if len(body) <= limit else body[:limit] + "…"


def pair_and_compare(
    left: list[SourceFile],
    right: list[SourceFile],
    progress: Progress | None = None,
    min_chars: int = MIN_CHARS,
) -> list[TextMatch]:
    prints_r = [_prints(f) for f in right]
    index: dict[int, set[int]] = {}
    for j, prints in enumerate(prints_r):
        for h in prints:
            index.setdefault(h, set()).add(j)
    out = []
    used: set[int] = set()
    candidates = []
    for i, f in enumerate(left):
        counts: dict[int, int] = {}
        for h in _prints(f):
            for j in index.get(h, ()):
                counts[j] = counts.get(j, 0) + 1
        candidates += [(-c, i, j) for j, c in counts.items()]
    taken_l: set[int] = set()
    for _c, i, j in sorted(candidates):
        if i in taken_l or j in used:
            continue
        taken_l.add(i)
        used.add(j)
        out.append(compare(left[i], right[j], min_chars))
        if progress:
            progress("比对文本", len(out), len(left))
    return sorted(out, key=lambda m: -m.shares.maximum)


def _prints(f: SourceFile) -> set[int]:
    chars = characters(f.text)
    hashes = winnowing.kgram_hashes(chars, MIN_CHARS)
    return {fp.hash for fp in winnowing.winnow(hashes, 4)}
