"""Memory as the benchmarks report it: the peak summed PSS of a process tree (shared pages
counted once), sampled from /proc, and a process's own peak RSS."""

from __future__ import annotations

import os
import threading


def pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def descendants(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/task/{p}/children") as fh:
                kids = [int(x) for x in fh.read().split()]
        except OSError:
            kids = []
        out += kids
        todo += kids
    return out


class PssSampler(threading.Thread):
    """The largest sum of PSS over process ``pid`` (default: this one) and all its
    descendants, sampled every 0.2 s."""

    def __init__(self, pid: int | None = None) -> None:
        super().__init__(daemon=True)
        self.pid = pid or os.getpid()
        self.peak_kb = 0
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            pids = [self.pid, *descendants(self.pid)]
            self.peak_kb = max(self.peak_kb, sum(pss_kb(p) for p in pids))
            self.stop.wait(0.2)


def peak_mb() -> float:
    """This process's peak RSS (VmHWM: ``ru_maxrss`` would carry over the parent's peak into a
    worker started by fork and exec)."""
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0
