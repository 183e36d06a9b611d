"""Rewrite the shipped passage vectors (zhichan/fulltext/data/vectors-<model>.npz) from a
database holding the demo data: every patent's and every statute article's embedded text.

Run after ``zhichan demo load`` when the demo data, the embedded texts or the model change:
    .venv/bin/python scripts/ship_vectors.py [--model e5]
Texts that already have a shipped vector are not embedded again.
"""

from __future__ import annotations

import argparse
import sys
import time

import numpy as np

from zhichan.core import settings as settings_mod
from zhichan.law import service as law_service
from zhichan.runtime import build
from zhichan.search import indexer
from zhichan.fulltext import shipped, vectors


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default="e5", choices=vectors.MODELS)
    model = parser.parse_args().model
    rt = build(settings_mod.load())
    texts: list[str] = []
    for rows in indexer._pages(rt.session_factory, None):
        texts.extend(indexer._text(r) for r in rows)
    with rt.session_factory() as session:
        texts.extend(e.embedded_text for e in law_service.entries(session=session))
    texts = sorted(set(texts))
    out: dict[str, np.ndarray] = {}
    started = time.perf_counter()
    for i in range(0, len(texts), 16):
        chunk = texts[i : i + 16]
        for text, vec in zip(chunk, vectors.embed_passages(model, chunk), strict=True):
            out[text] = vec
        done = i + len(chunk)
        rate = done / max(time.perf_counter() - started, 1e-6)
        print(f"\r{done}/{len(texts)} texts, {rate:.1f}/s", end="", file=sys.stderr)
    path = shipped.write(model, out)
    print(f"\nwrote {len(out)} vectors to {path}")


if __name__ == "__main__":
    main()
