"""Patent import throughput into SQLite and PostgreSQL, with peak memory.

Data: ``BENCH_RECORDS`` (default 200,000) GENERATED records — real KPPatent-ZH titles,
abstracts and main claims, cycled, with synthesised numbers, dates, applicants and IPC codes
(see tests/support/generated.py). They are written once as a CNIPA-style CSV (the format
users bring, normalised on import) and once as zhichan JSONL (the lossless export format).
Each import runs in a fresh process on an empty database, so its peak RSS is its own.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.report import print_table, write_result
from tests.support import generated
from tests.support.pgcluster import start_cluster
from zhichan.core.settings import Settings

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"
TARGETS = {"sqlite": 5000, "postgresql": 2000}


def _jsonl_from_csv(csv_path: Path, out: Path, tmp: Path) -> None:
    """The same records in zhichan's JSONL, by importing the CSV once and exporting it."""
    db = f"sqlite:///{tmp}/convert.db"
    subprocess.run(
        [sys.executable, "-m", "benchmarks._import_once", db, str(csv_path), "0"],
        check=True,
        capture_output=True,
    )
    env = os.environ | {"ZHICHAN_DATABASE_URL": db}
    with out.open("w") as fh:
        subprocess.run(
            [sys.executable, "-m", "zhichan.cli", "export", "--format", "jsonl"],
            check=True,
            stdout=fh,
            stderr=subprocess.DEVNULL,
            env=env,
        )


def _run(url: str, path: Path, workers: int) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks._import_once", url, str(path), str(workers)],
        check=True,
        capture_output=True,
        text=True,
    )
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def main() -> None:
    n = int(os.environ.get("BENCH_RECORDS", "200000"))
    workers = Settings().workers
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp_dir:
        tmp = Path(tmp_dir)
        started = time.perf_counter()
        csv_path = generated.write_csv(
            tmp / "generated.csv", SHARED / "patents/kppatent-zh/patents.jsonl", n
        )
        jsonl_path = tmp / "generated.jsonl"
        _jsonl_from_csv(csv_path, jsonl_path, tmp)
        mb = {p.suffix: round(p.stat().st_size / 1e6) for p in (csv_path, jsonl_path)}
        size = f"CSV {mb['.csv']} MB, JSONL {mb['.jsonl']} MB"
        print(f"generated {n} records in {time.perf_counter() - started:.0f}s ({size})")
        cluster = start_cluster()
        try:
            for backend in ("sqlite", "postgresql"):
                for fmt, path in (("cnipa-csv", csv_path), ("zhichan-jsonl", jsonl_path)):
                    name = f"{backend}_{fmt.replace('-', '_')}"
                    url = (
                        f"sqlite:///{tmp}/{name}.db"
                        if backend == "sqlite"
                        else _pg_database(cluster, name)
                    )
                    result = _run(url, path, workers)
                    result["db_mb_per_million"] = round(_db_bytes(url) / n * 1e6 / 2**20)
                    rows.append(
                        {"backend": backend, "file": fmt, "target_per_s": TARGETS[backend]} | result
                    )
                    print(json.dumps(rows[-1], ensure_ascii=False))
        finally:
            cluster.stop()
    columns = [
        "backend",
        "file",
        "inserted",
        "seconds",
        "records_per_s",
        "target_per_s",
        "peak_rss_mb_main",
        "peak_rss_mb_total",
        "db_mb_per_million",
    ]
    print_table(rows, columns)
    write_result(
        "import_throughput",
        data=(
            f"{n} GENERATED records from real KPPatent-ZH texts (tests/support/generated.py); "
            "CNIPA-style CSV and zhichan JSONL"
        ),
        method=(
            f"one fresh process per import into an empty database; import_workers={workers}; "
            "peak RSS sampled from /proc every 50 ms (main process; main plus workers); "
            "database size after the import (SQLite file with its WAL, or pg_database_size) "
            "scaled to a million records"
        ),
        rows=rows,
    )


def _db_bytes(url: str) -> int:
    from sqlalchemy import create_engine, text

    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))
    engine = create_engine(url)
    with engine.connect() as conn:
        size = int(conn.execute(text("SELECT pg_database_size(current_database())")).scalar() or 0)
    engine.dispose()
    return size


def _pg_database(cluster: Any, name: str) -> str:
    from sqlalchemy import create_engine, text

    admin = create_engine(cluster.url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return str(cluster.url_for(name))


if __name__ == "__main__":
    main()
