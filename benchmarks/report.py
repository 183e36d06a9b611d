"""Print a benchmark table and write benchmarks/results/<name>.json with machine details."""

from __future__ import annotations

import json
import os
import platform
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from zhichan import __version__

RESULTS = Path(__file__).parent / "results"


def print_table(rows: list[dict[str, Any]], columns: list[str]) -> None:
    widths = [max(len(c), *(len(str(r.get(c, ""))) for r in rows)) for c in columns]
    print(" | ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)))
    print("-+-".join("-" * w for w in widths))
    for r in rows:
        print(" | ".join(str(r.get(c, "")).ljust(w) for c, w in zip(columns, widths, strict=True)))


def write_result(name: str, *, data: str, method: str, rows: list[dict[str, Any]]) -> Path:
    RESULTS.mkdir(exist_ok=True)
    doc = {
        "benchmark": name,
        "zhichan": __version__,
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "python": sys.version.split()[0],
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
        },
        "data": data,
        "method": method,
        "results": rows,
    }
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
    return path
