"""Rewrite the shipped passage vectors (zhichan/fulltext/data/vectors-<model>.npz) from a
database holding the demo data: every patent's and every statute article's embedded text.

Run after ``zhichan demo load`` when the demo data, the embedded texts or the model change:
    .venv/bin/python scripts/ship_vectors.py [--model e5]
``--law-only`` adds the statute texts (articles and their paragraphs, from a temporary
database loaded from shared/data/law) to the vectors already shipped, without the demo data.
Texts that already have a shipped vector are not embedded again.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from zhichan.core import settings as settings_mod
from zhichan.db import migrate
from zhichan.db.engine import make_engine
from zhichan.db.session import make_session_factory, unit_of_work
from zhichan.fulltext import shipped, vectors
from zhichan.law import service as law_service
from zhichan.runtime import build
from zhichan.search import indexer


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default="e5", choices=vectors.MODELS)
    parser.add_argument("--law-only", action="store_true")
    args = parser.parse_args()
    model = args.model
    settings = settings_mod.load()
    if args.law_only:
        texts = _law_texts(settings.shared_path / "data" / "law")
    else:
        rt = build(settings)
        texts = []
        for rows in indexer._pages(rt.session_factory, None):
            texts.extend(indexer._text(r) for r in rows)
        with rt.session_factory() as session:
            texts.extend(u.embedded_text for u in law_service.embedded_units(session=session))
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
    path = shipped.write(model, out, keep=args.law_only)
    print(f"\nwrote {len(out)} vectors to {path}")


def _law_texts(root: Path) -> list[str]:
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{tmp}/law.db")
        migrate.upgrade(engine)
        with unit_of_work(make_session_factory(engine)) as session:
            law_service.load_corpus(session=session, root=root)
            texts = [u.embedded_text for u in law_service.embedded_units(session=session)]
        engine.dispose()
    return texts


if __name__ == "__main__":
    main()
