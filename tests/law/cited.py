"""The text a calculator's citation points at, read from the real corpus, so tests can check
that every article relied on exists and says what it is cited for."""

from __future__ import annotations

import functools
from datetime import date

from tests.conftest import SHARED
from zhichan.law import corpus, references


@functools.cache
def _newest_by_title() -> dict[str, corpus.Instrument]:
    newest: dict[str, corpus.Instrument] = {}
    for inst in corpus.parse_corpus(SHARED / "data/law"):
        old = newest.get(inst.title)
        if old is None or (inst.version_date or date.min) > (old.version_date or date.min):
            newest[inst.title] = inst
    return newest


def cited_texts(citation: str) -> list[str]:
    """The cited paragraphs' texts (the whole article when no paragraph is named)."""
    (ref,) = references.find(citation, 1)
    inst = _newest_by_title()[(ref.name or "").strip("《》")]
    art = next(a for a in inst.articles if a.number == ref.article)
    return [art.paragraphs[p - 1].text for p in ref.paragraphs] or [art.text]
