"""The on-disk index: generations under ``<data_dir>/search`` and the pointer to the good one.

A full rebuild writes a new generation beside the current one and only then swaps the
``CURRENT`` pointer with an atomic rename, so a crash or an error mid-build leaves the good
index in place (the half-built folder is removed on the next build). Writers — rebuilds and
incremental syncs, from the web server or the CLI — take an exclusive file lock first.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import tantivy

from zhichan.core.errors import Conflict
from zhichan.fulltext import analysis
from zhichan.search import documents

STATE = "state.json"


@dataclass(slots=True)
class State:
    """What a generation holds; written after each commit."""

    analyser: str
    model: str | None
    documents: int = 0
    vectors: int = 0
    watermark: str | None = None  # ISO time of the newest patent update indexed
    built_at: str | None = None
    build_seconds: float | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Generation:
    path: Path
    index: tantivy.Index
    state: State

    @property
    def vectors_path(self) -> Path:
        return self.path / "vectors.usearch"

    def save_state(self) -> None:
        tmp = self.path / (STATE + ".tmp")
        tmp.write_text(json.dumps(asdict(self.state), ensure_ascii=False, indent=1))
        os.replace(tmp, self.path / STATE)


def _open_index(path: Path) -> tantivy.Index:
    index = tantivy.Index.open(str(path))
    index.register_tokenizer(analysis.TOKENIZER, analysis.tantivy_analyser())
    return index


def _read_state(path: Path) -> State:
    data = json.loads((path / STATE).read_text())
    return State(**data)


class Store:
    def __init__(self, root: Path) -> None:
        self.root = root

    @property
    def pointer(self) -> Path:
        return self.root / "CURRENT"

    def current_name(self) -> str | None:
        try:
            return self.pointer.read_text().strip() or None
        except FileNotFoundError:
            return None

    def open_state(self, path: Path) -> State:
        return _read_state(path)

    def open_current(self) -> Generation | None:
        name = self.current_name()
        if name is None:
            return None
        path = self.root / name
        return Generation(path, _open_index(path), _read_state(path))

    @contextlib.contextmanager
    def lock(self, wait_seconds: float = 60.0) -> Iterator[None]:
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / "write.lock", "w") as fh:
            deadline = time.monotonic() + wait_seconds
            while True:
                try:
                    fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise Conflict("检索索引正被另一个进程写入，请稍后再试") from None
                    time.sleep(0.2)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    @contextlib.contextmanager
    def new_generation(self, analyser: str, model: str | None) -> Iterator[Generation]:
        """Yield an empty generation; on normal exit it becomes current, on error it is removed."""
        self.root.mkdir(parents=True, exist_ok=True)
        for stale in self.root.glob("building-*"):
            shutil.rmtree(stale, ignore_errors=True)
        name = f"gen-{time.strftime('%Y%m%d%H%M%S')}-{os.getpid()}"
        building = self.root / f"building-{name}"
        building.mkdir()
        index = tantivy.Index(documents.schema(analyser), path=str(building))
        index.register_tokenizer(analysis.TOKENIZER, analysis.tantivy_analyser())
        gen = Generation(building, index, State(analyser=analyser, model=model))
        try:
            yield gen
            gen.save_state()
        except BaseException:
            shutil.rmtree(building, ignore_errors=True)
            raise
        final = self.root / name
        os.rename(building, final)
        self._point_to(name)

    def _point_to(self, name: str) -> None:
        tmp = self.root / "CURRENT.tmp"
        tmp.write_text(name)
        with open(tmp) as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, self.pointer)
        for old in self.root.glob("gen-*"):
            if old.name != name:
                shutil.rmtree(old, ignore_errors=True)
