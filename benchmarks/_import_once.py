"""Run one import in this process and print its figures as JSON (used by import_throughput)."""

from __future__ import annotations

import json
import os
import sys
import threading
import time
from pathlib import Path

from zhichan.accounts import service as accounts_service
from zhichan.core.principal import Principal
from zhichan.core.settings import Settings
from zhichan.db import migrate
from zhichan.db.engine import make_engine
from zhichan.db.session import unit_of_work
from zhichan.patents import service
from zhichan.runtime import build


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as fh:
            return next(int(line.split()[1]) for line in fh if line.startswith("VmRSS:"))
    except (OSError, StopIteration):
        return 0


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            found += [int(c) for c in task.read_text().split()]
        except OSError:
            continue
    return found


class TreeRss:
    """Peak resident memory of this process plus its worker processes, sampled every 50 ms."""

    def __init__(self) -> None:
        self.peak_main = self.peak_total = 0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        me = os.getpid()
        while not self.stop.wait(0.05):
            main = _rss_kb(me)
            total = main + sum(_rss_kb(c) for c in _children(me))
            self.peak_main, self.peak_total = max(self.peak_main, main), max(self.peak_total, total)

    def __enter__(self) -> TreeRss:
        self.thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop.set()
        self.thread.join()


def main() -> None:
    url, path, workers = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
    engine = make_engine(url)
    migrate.upgrade(engine)
    factory = build(Settings(), engine).session_factory
    with unit_of_work(factory) as session:
        accounts_service.ensure_platform_admin(session=session, password="benchmark-only-1")
    started = time.perf_counter()
    with TreeRss() as rss:
        outcome = service.import_file(
            factory=factory, path=path, principal=Principal.operator("bench"), workers=workers
        )
    seconds = time.perf_counter() - started
    p = outcome.progress
    figures = {
        "format": outcome.format,
        "read": p.read,
        "inserted": p.inserted,
        "failed": p.failed,
        "seconds": round(seconds, 2),
        "records_per_s": round(p.inserted / seconds),
        "peak_rss_mb_main": round(rss.peak_main / 1024, 1),
        "peak_rss_mb_total": round(rss.peak_total / 1024, 1),
    }
    print(json.dumps(figures))
    engine.dispose()


if __name__ == "__main__":
    main()
