"""Text normalisation applied to every piece of Chinese text at import or entry."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def nfkc(text: str) -> str:
    """NFKC-normalise and collapse whitespace.

    NFKC folds full-width Latin letters and digits (ＣＮ１２３ → CN123) and full-width
    punctuation that CNIPA exports mix freely with half-width forms, so equal names compare equal.
    """
    normalised = text if text.isascii() else unicodedata.normalize("NFKC", text)
    return _SPACES.sub(" ", normalised).strip()


_H_SPACES = re.compile(r"[^\S\n]+")


def tidy(text: str) -> str:
    """Whitespace collapsed and trimmed, nothing else: for what a person typed and will see
    again — a case number （2026）浙01民初123号 keeps its full-width brackets."""
    return _SPACES.sub(" ", text).strip()


def nfkc_lines(text: str) -> str:
    """Like :func:`nfkc` but keeps line breaks, which separate claims, events and names."""
    # NFKC leaves ASCII unchanged; skipping it matters when importing millions of rows.
    normalised = text if text.isascii() else unicodedata.normalize("NFKC", text)
    normalised = normalised.replace("\r\n", "\n").replace("\r", "\n")
    lines = (_H_SPACES.sub(" ", line).strip() for line in normalised.split("\n"))
    return "\n".join(line for line in lines if line)


def optional_nfkc(text: str | None) -> str | None:
    if text is None:
        return None
    cleaned = nfkc(text)
    return cleaned or None
