"""How Chinese and English text becomes index terms.

Tantivy has no Chinese tokenizer, so text is split here and handed to Tantivy as
space-separated tokens; Tantivy's own analyser (``zh_ws``: whitespace, lowercase, English
stemmer) then does the rest, on the index side and, through :func:`final_terms`, on the
query side, so both sides always agree.

Two analysers, compared on the quality benchmark (``benchmarks/search_quality.py``):

* ``bigram`` — every Han character (``<f>_u``) and every overlapping pair of Han characters
  (``<f>_b``), the classic CJK indexing of Lucene's CJKBigram; a Han word of n ≥ 2 characters
  is searched as the phrase of its n-1 bigrams, which is exact substring matching;
* ``jieba`` — words from jieba's segmenter (rjieba, its Rust port) in ``<f>_w``.

Latin-script words go to ``<f>_u`` and ``<f>_w`` and are stemmed by Tantivy.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

import tantivy

from zhichan.core.errors import InvalidInput

ANALYSERS = ("bigram", "jieba")
TOKENIZER = "zh_ws"

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RUNS = re.compile(rf"(?P<han>[{_HAN}]+)|(?P<word>[^\W_{_HAN}]+)")


@functools.cache
def tantivy_analyser() -> tantivy.TextAnalyzer:
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace())
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.stemmer("english"))
        .build()
    )


def runs(text: str) -> Iterator[tuple[bool, str]]:
    """(is_han, run) for each run of Han characters or of other letters/digits."""
    for m in _RUNS.finditer(text):
        yield (m.lastgroup == "han", m.group())


def bigrams(run: str) -> list[str]:
    return [run[i : i + 2] for i in range(len(run) - 1)]


@functools.cache
def _jieba() -> object:
    import rjieba

    return rjieba


def words(run: str) -> list[str]:
    """jieba's precise-mode words of one Han run."""
    return [w for w in _jieba().cut(run) if w.strip()]  # type: ignore[attr-defined]


@dataclass(frozen=True, slots=True)
class Streams:
    """The token streams of one text field, as Tantivy input (space-separated)."""

    unigrams: str = ""
    bigrams: str = ""
    words: str = ""


def streams(text: str | None, analyser: str) -> Streams:
    if not text:
        return Streams()
    uni: list[str] = []
    bi: list[str] = []
    wd: list[str] = []
    for han, run in runs(text):
        if not han:
            uni.append(run)
            wd.append(run)
        elif analyser == "bigram":
            uni.append(" ".join(run))
            if len(run) > 1:
                bi.append(" ".join(bigrams(run)))
        else:
            wd.extend(words(run))
    return Streams(" ".join(uni), " ".join(bi), " ".join(wd))


def final_terms(tokens: list[str]) -> list[str]:
    """Tokens as Tantivy stores them (lowercased, English words stemmed)."""
    if not tokens:
        return []
    return tantivy_analyser().analyze(" ".join(tokens))


def terms(text: str, analyser: str) -> list[str]:
    """The index terms of ``text`` under ``analyser`` (bigram: Han characters and pairs plus
    stemmed words; jieba: words), as BM25 anywhere should count them."""
    if analyser not in ANALYSERS:
        raise InvalidInput(f"未知的分析器：{analyser}")
    found = streams(text, analyser)
    return final_terms(f"{found.unigrams} {found.bigrams} {found.words}".split())
