"""Highlighted snippets and the per-hit "why it matched", computed from the hit's own text.

Highlighting marks every place where two consecutive Han characters of the query (or a Latin
word with the same stem) occur, so it works the same for both analysers and for pasted
paragraphs; the snippet is the window of the abstract with the most marked characters.
"""

from __future__ import annotations

import html
import re

from zhichan.fulltext import analysis

WINDOW = 120


class Needles:
    def __init__(self, texts: list[str]) -> None:
        self.pairs: set[str] = set()
        self.singles: set[str] = set()
        latin: list[str] = []
        for text in texts:
            for han, run in analysis.runs(text):
                if not han:
                    latin.append(run)
                elif len(run) == 1:
                    self.singles.add(run)
                else:
                    self.pairs.update(analysis.bigrams(run))
        self.stems = set(analysis.final_terms(latin))

    def __bool__(self) -> bool:
        return bool(self.pairs or self.singles or self.stems)

    def marks(self, text: str) -> list[bool]:
        marked = [False] * len(text)
        for i in range(len(text) - 1):
            if text[i : i + 2] in self.pairs:
                marked[i] = marked[i + 1] = True
        for i, ch in enumerate(text):
            if ch in self.singles:
                marked[i] = True
        if self.stems:
            for m in re.finditer(r"[^\W_]+", text):
                word = m.group()
                if not _han(word) and analysis.final_terms([word])[0] in self.stems:
                    marked[m.start() : m.end()] = [True] * (m.end() - m.start())
        return marked


def _han(word: str) -> bool:
    return next(analysis.runs(word))[0]


def _render(text: str, marked: list[bool]) -> str:
    out: list[str] = []
    inside = False
    for ch, m in zip(text, marked, strict=True):
        if m and not inside:
            out.append("<mark>")
        elif not m and inside:
            out.append("</mark>")
        inside = m
        out.append(html.escape(ch))
    if inside:
        out.append("</mark>")
    return "".join(out)


def highlight(text: str | None, needles: Needles) -> str:
    if not text:
        return ""
    return _render(text, needles.marks(text))


def snippet(text: str | None, needles: Needles, width: int = WINDOW) -> str:
    """The best window of ``text`` as HTML with ``<mark>`` around matches."""
    if not text:
        return ""
    marked = needles.marks(text)
    if len(text) <= width:
        return _render(text, marked)
    best, best_count = 0, -1
    count = sum(marked[:width])
    for start in range(0, len(text) - width + 1):
        if start:
            count += marked[start + width - 1] - marked[start - 1]
        if count > best_count:
            best, best_count = start, count
    piece = _render(text[best : best + width], marked[best : best + width])
    return ("…" if best else "") + piece + ("…" if best + width < len(text) else "")


def coverage(text: str | None, needles: Needles) -> float:
    """Share of the query's character pairs that occur in ``text``."""
    if not text or not needles.pairs:
        return 0.0
    found = {text[i : i + 2] for i in range(len(text) - 1)} & needles.pairs
    return len(found) / len(needles.pairs)


def mark(text: str, query: str) -> str:
    """``text`` as HTML with ``<mark>`` around what it shares with ``query``."""
    return highlight(text, Needles([query]))


def overlap(text: str, query: str) -> float:
    """Share of the query's character pairs that ``text`` contains."""
    return coverage(text, Needles([query]))
