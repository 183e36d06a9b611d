"""Parse workers of an import die with the process that started them, even on kill -9."""

from __future__ import annotations

import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

PARENT = """
from concurrent.futures import ProcessPoolExecutor
import multiprocessing, os, time
from zhichan.patents import pipeline
from zhichan.patents.importers.base import Options

if __name__ == "__main__":
    ctx = multiprocessing.get_context("spawn")
    opts = Options("x", frozenset(), None, None, None)
    pool = ProcessPoolExecutor(2, mp_context=ctx, initializer=pipeline._init, initargs=("uspto", opts))
    futures = [pool.submit(os.getpid) for _ in range(8)]
    pids = {f.result() for f in futures}
    print(" ".join(map(str, sorted(pids))), flush=True)
    time.sleep(600)
"""


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "\nState:\tZ" not in state  # a killed child not yet reaped is a zombie: dead


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_workers_go_when_the_server_is_killed(tmp_path: Path) -> None:
    script = tmp_path / "parent.py"
    script.write_text(PARENT)
    parent = subprocess.Popen(
        [sys.executable, str(script)], stdout=subprocess.PIPE, text=True, cwd=tmp_path
    )
    try:
        assert parent.stdout is not None
        ready, _, _ = select.select([parent.stdout], [], [], 60)
        assert ready, "the parent did not start its workers within 60 s"
        workers = [int(p) for p in parent.stdout.readline().split()]
        assert workers and all(_alive(p) for p in workers)
    finally:
        parent.kill()  # SIGKILL: the server killed outright
        parent.wait(timeout=30)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and any(_alive(p) for p in workers):
        time.sleep(0.1)
    assert not any(_alive(p) for p in workers)
