"""The web app under a bounded load, as deployed: PostgreSQL, several web processes
(``zhichan serve --workers``), background jobs in their own process, the demo data.

Load: WEB_USERS concurrent users (default 20), each a thread with its own HTTP connection,
for WEB_SECONDS (default 30), each request drawn at random from four kinds, without pauses:

* 检索 — ``/search?q=…`` with a query drawn from real patent titles' words;
* 专利页 — ``/patents/<number>`` of a random real demo patent;
* 资源库 — ``/transfer?offset=…``, the pool catalogue, a random page;
* 法规问答 — ``/law/ask?q=…`` with a question of the development set's tuning part.

Reported per kind and overall: requests, p50/p95/max latency, error rate (a status other than
200, or no answer within 30 s), throughput; and the peak summed PSS of the server's process
tree (PostgreSQL not included), sampled every 0.2 s. Anonymous visitors: all four are public.

Environment: WEB_USERS, WEB_SECONDS, WEB_WORKERS (default 2).
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path
from typing import Any

import httpx
import numpy as np
from sqlalchemy import create_engine, text

from benchmarks.memory import PssSampler
from benchmarks.report import print_table, write_result
from tests.support.pgcluster import free_port, start_cluster

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = ROOT / "benchmarks/data/law_questions.jsonl"
TIMEOUT = 30.0
WORDS = ["锂电池", "隔膜", "图像识别", "传感器", "电机", "催化剂", "复合材料", "无人机",
         "混凝土", "污水处理", "基因", "芯片", "光伏", "机器人", "有机肥", "焊接"]  # fmt: skip


def _zhichan(*args: str, env: dict[str, str]) -> None:
    exe = str(Path(sys.executable).with_name("zhichan"))
    subprocess.run([exe, *args], env=env, check=True, stdout=subprocess.DEVNULL)


def _targets(url: str) -> dict[str, list[str]]:
    engine = create_engine(url)
    with engine.connect() as conn:
        numbers = [r[0] for r in conn.execute(text("SELECT number FROM patents LIMIT 2000"))]
        pool = conn.execute(text("SELECT count(*) FROM transfer_inventory")).scalar() or 0
    engine.dispose()
    questions = [
        json.loads(line)["q"]
        for line in QUESTIONS.read_text(encoding="utf-8").splitlines()
        if json.loads(line)["part"] == "tune"
    ]
    q = urllib.parse.quote
    return {
        "检索": [f"/search?q={q(a)}+{q(b)}" for a in WORDS for b in WORDS if a != b],
        "专利页": [f"/patents/{q(n)}" for n in numbers],
        "资源库": [f"/transfer?offset={o}" for o in range(0, max(pool, 1), 20)],
        "法规问答": [f"/law/ask?q={q(x)}" for x in questions],
    }


def _user(
    base: str,
    targets: dict[str, list[str]],
    until: float,
    seed: int,
    out: list[tuple[str, float, bool]],
) -> None:
    rng = random.Random(seed)
    kinds = list(targets)
    with httpx.Client(base_url=base, timeout=TIMEOUT, follow_redirects=False) as client:
        while time.monotonic() < until:
            kind = rng.choice(kinds)
            path = rng.choice(targets[kind])
            t = time.perf_counter()
            try:
                ok = client.get(path).status_code == 200
            except httpx.HTTPError:
                ok = False
            out.append((kind, time.perf_counter() - t, ok))


def _row(kind: str, got: list[tuple[str, float, bool]], seconds: float) -> dict[str, Any]:
    ms = np.array([d for _, d, _ in got]) * 1000
    errors = sum(1 for *_, ok in got if not ok)
    return {
        "kind": kind,
        "requests": len(got),
        "p50_ms": round(float(np.percentile(ms, 50))) if len(ms) else "",
        "p95_ms": round(float(np.percentile(ms, 95))) if len(ms) else "",
        "max_ms": round(float(ms.max())) if len(ms) else "",
        "error_rate": round(errors / max(len(got), 1), 4),
        "per_s": round(len(got) / seconds, 1),
    }


def main() -> None:
    users = int(os.environ.get("WEB_USERS", "20"))
    seconds = float(os.environ.get("WEB_SECONDS", "30"))
    workers = int(os.environ.get("WEB_WORKERS", "2"))
    pg = start_cluster()
    server: subprocess.Popen[bytes] | None = None
    try:
        admin = create_engine(pg.url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text('CREATE DATABASE "zhichan_load"'))
        admin.dispose()
        url = pg.url_for("zhichan_load")
        with tempfile.TemporaryDirectory() as tmp:
            env = {k: v for k, v in os.environ.items() if not k.startswith("ZHICHAN_")} | {
                "ZHICHAN_DATABASE_URL": url,
                "ZHICHAN_DATA_DIR": tmp,
                "ZHICHAN_SHARED_DIR": str(ROOT.parent / "shared"),
                "ZHICHAN_WEB_JOBS": "false",
                "ZHICHAN_LOG_LEVEL": "warning",
            }
            t = time.perf_counter()
            _zhichan("db", "upgrade", env=env)
            _zhichan("demo", "load", env=env)
            print(f"demo data loaded in {time.perf_counter() - t:.0f} s", file=sys.stderr)
            port = free_port()
            exe = str(Path(sys.executable).with_name("zhichan"))
            server = subprocess.Popen(
                [exe, "serve", "--port", str(port), "--workers", str(workers)],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            base = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                try:
                    if httpx.get(base + "/", timeout=5).status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.5)
            targets = _targets(url)
            for paths in targets.values():  # one warm-up request per kind and process
                for _ in range(workers):
                    httpx.get(base + paths[0], timeout=TIMEOUT)
            sampler = PssSampler(server.pid)
            sampler.start()
            got: list[tuple[str, float, bool]] = []
            until = time.monotonic() + seconds
            threads = [
                threading.Thread(target=_user, args=(base, targets, until, i, got))
                for i in range(users)
            ]
            for th in threads:
                th.start()
            for th in threads:
                th.join(TIMEOUT + seconds + 10)
            sampler.stop.set()
            sampler.join()
            rows = [_row(k, [g for g in got if g[0] == k], seconds) for k in targets]
            rows.append(_row("全部", got, seconds))
            for row in rows:
                row["peak_pss_mb"] = round(sampler.peak_kb / 1024)
    finally:
        if server is not None:
            server.terminate()
            server.wait(30)
        pg.stop()
    print(f"\n== Web app under load: {users} users, {seconds:.0f} s, {workers} web processes ==")
    print_table(rows, list(rows[0]))
    path = write_result(
        "web_load",
        data="the demo data of ../shared/data (3,791 real patents, the real pool, 3,036 statute "
        "articles); search words, questions (tuning part) and pages drawn at random",
        method=f"PostgreSQL (tests/support/pgcluster, fsync off), zhichan serve --workers "
        f"{workers}, jobs not in the web processes; {users} threads x httpx, no think time, "
        f"{seconds:.0f} s; latency per request; error = status != 200 or no answer in "
        f"{TIMEOUT:.0f} s; peak summed PSS of the server's process tree",
        rows=rows,
    )
    print(f"written {path}")


if __name__ == "__main__":
    main()
