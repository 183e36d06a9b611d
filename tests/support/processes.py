"""Processes for restart tests: a pid that is certainly dead."""

from __future__ import annotations

import subprocess
import sys


def dead_pid() -> int:
    """The pid of a child that has exited and been reaped (not reused within a test)."""
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait(timeout=30)
    return proc.pid
