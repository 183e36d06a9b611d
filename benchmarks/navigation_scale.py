"""A full 产业规划类 navigation report over 1,000,000 GENERATED records (labelled so in the
results), and the analytics engine's group-by beside the plain-SQL alternative in the same run.

Stage 1 builds the report exactly as ``navigation.service`` does after loading (``reports.build``:
every chapter of the industry type — trends, growth, IPC composition, provinces, applicants
with CR4/HHI, applicant types, new entrants, the technology–effect matrix read from the texts,
legal status, co-applicants — the manifest with the snapshot hash and the chart-data hash) over
NAVIGATION_RECORDS generated facts (default 1,000,000). The facts are drawn with a fixed seed:
filing years 2005–2025, publication 18 months later and a grant for 60 %, IPC symbols from a
list of real ones, 1–3 applicants from 20,000 generated names with a long tail, 31 provinces,
statuses, inventors, and a short generated abstract with effect phrases.

Stage 2 is the group-by that dominates the report (records per filing year, per IPC subclass,
per first applicant) twice: in the Python engine the analyses use, over the facts in memory, and
as plain SQL (``GROUP BY``) over the same rows in a SQLite table (the embedded store), with the
time to write that table reported apart.

Stage 3 imports NAVIGATION_DB_RECORDS GENERATED records (default 1,000,000; real KPPatent-ZH
texts cycled with synthesised numbers, dates, applicants and IPC, tests/support/generated.py)
into SQLite and measures the path a report takes from the store: the snapshot refresh (the
``navigation.snapshot`` job after an import; it parses every record, as a report without a
snapshot would), ``store.load`` from the snapshot, and a full report through
``service.make_report``.

Environment: NAVIGATION_RECORDS, NAVIGATION_DB_RECORDS.
"""

from __future__ import annotations

import json
import os
import random
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from datetime import date
from pathlib import Path

from benchmarks.report import print_table, write_result
from zhichan.navigation import reports
from zhichan.navigation.facts import Fact, Scope

SYMBOLS = (
    "H01M10/052",
    "H01M4/13",
    "H01M50/40",
    "G06F17/30",
    "G06N3/08",
    "G06Q50/06",
    "A01B1/00",
    "C12N15/10",
    "B65D5/00",
    "A47J27/00",
    "F16B5/02",
    "G01S1/02",
    "B60L53/00",
    "C08L23/06",
    "E04B1/00",
    "H04L9/32",
    "H04W4/02",
    "A61K36/00",
    "B01D53/00",
    "C02F1/00",
)
PROVINCES = (
    "北京市",
    "天津市",
    "河北省",
    "山西省",
    "内蒙古自治区",
    "辽宁省",
    "吉林省",
    "黑龙江省",
    "上海市",
    "江苏省",
    "浙江省",
    "安徽省",
    "福建省",
    "江西省",
    "山东省",
    "河南省",
    "湖北省",
    "湖南省",
    "广东省",
    "广西壮族自治区",
    "海南省",
    "重庆市",
    "四川省",
    "贵州省",
    "云南省",
    "西藏自治区",
    "陕西省",
    "甘肃省",
    "青海省",
    "宁夏回族自治区",
    "新疆维吾尔自治区",
)
EFFECTS = (
    "提高效率",
    "降低成本",
    "延长使用寿命",
    "减少能耗",
    "提高精度",
    "避免污染",
    "简化结构",
    "提升稳定性",
    "缩短时间",
    "降低噪音",
)
STATUS = ("valid", "valid", "valid", "invalid", "pending")
KINDS = ("enterprise", "enterprise", "enterprise", "university", "individual")


def _rss_mb() -> int:
    """Peak resident memory of this process image (VmHWM: unlike ``ru_maxrss`` it is not
    carried over from the parent across exec)."""
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024)
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def generated(n: int, seed: int = 20261203) -> list[Fact]:
    """GENERATED facts (not real patents), seeded."""
    rng = random.Random(seed)
    names = [f"生成申请人{i:05d}有限公司" for i in range(20_000)]
    out = []
    for i in range(n):
        filed = rng.randint(2005, 2025)
        granted = filed + rng.randint(1, 4) if rng.random() < 0.6 else None
        count = 1 if rng.random() < 0.8 else rng.randint(2, 3)
        # A long tail: the first names file far more than the rest.
        holders = tuple(
            dict.fromkeys(names[int(rng.paretovariate(1.2)) % 20_000] for _ in range(count))
        )
        ipc = tuple(rng.sample(SYMBOLS, rng.randint(1, 3)))
        a, b = rng.sample(EFFECTS, 2)
        out.append(
            Fact(
                number=f"GEN{i:09d}A",
                filing_year=filed,
                publication_year=filed + 2 if filed + 2 <= 2026 else None,
                grant_year=granted if granted and granted <= 2026 else None,
                patent_type="invention",
                status=rng.choice(STATUS),
                ipc=ipc,
                applicants=holders,
                applicant_kinds=tuple(rng.choice(KINDS) for _ in holders),
                province=rng.choice(PROVINCES),
                inventors=tuple(f"发明人{rng.randint(0, 200_000)}" for _ in range(2)),
                title=f"生成的专利{i}",
                text=f"本发明公开了一种生成的技术方案{i % 997}，通过改进结构，可{a}，并{b}。",
                content_hash=f"{i:064x}",
            )
        )
    return out


def _python_groupby(facts: list[Fact]) -> tuple[float, int]:
    start = time.perf_counter()
    years = Counter(f.filing_year for f in facts)
    subclasses = Counter(c[:4] for f in facts for c in set(f.ipc))
    firsts = Counter(f.applicants[0] for f in facts if f.applicants)
    return time.perf_counter() - start, len(years) + len(subclasses) + len(firsts)


def _sql_groupby(facts: list[Fact], path: Path) -> tuple[float, float, int]:
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE facts (number TEXT, filing_year INT, first_applicant TEXT)")
    db.execute("CREATE TABLE ipc (number TEXT, subclass TEXT)")
    start = time.perf_counter()
    db.executemany(
        "INSERT INTO facts VALUES (?, ?, ?)",
        ((f.number, f.filing_year, f.applicants[0] if f.applicants else None) for f in facts),
    )
    db.executemany(
        "INSERT INTO ipc VALUES (?, ?)",
        ((f.number, s) for f in facts for s in {c[:4] for c in f.ipc}),
    )
    db.commit()
    written = time.perf_counter() - start
    start = time.perf_counter()
    groups = 0
    for sql in (
        "SELECT filing_year, count(*) FROM facts GROUP BY filing_year",
        "SELECT subclass, count(*) FROM ipc GROUP BY subclass",
        "SELECT first_applicant, count(*) FROM facts GROUP BY first_applicant",
    ):
        groups += len(db.execute(sql).fetchall())
    took = time.perf_counter() - start
    db.close()
    return written, took, groups


def _store_stages(n: int) -> list[dict[str, object]]:
    """Stage 3: GENERATED records imported into SQLite, the snapshot refreshed, read as a
    report reads them, and a full 产业规划类 report through the service."""
    from tests.support import generated as generated_rows
    from zhichan.accounts import service as accounts_service
    from zhichan.core.principal import Principal
    from zhichan.db import migrate
    from zhichan.db.engine import make_engine
    from zhichan.db.session import make_session_factory, unit_of_work
    from zhichan.navigation import service, snapshot, store
    from zhichan.navigation.schemas import ReportIn
    from zhichan.patents import service as patents_service

    out: list[dict[str, object]] = []

    def timed(stage: str, run: Callable[[], int]) -> None:
        start = time.perf_counter()
        count = run()
        took = time.perf_counter() - start
        out.append(
            {
                "stage": stage,
                "records": count,
                "seconds": round(took, 1),
                "per_second": round(count / took) if took else "",
                "peak_rss_mb": _rss_mb(),
            }
        )

    operator = Principal.operator("bench")
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{tmp}/nav.db")
        migrate.upgrade(engine)
        factory = make_session_factory(engine)
        with unit_of_work(factory) as session:
            accounts_service.ensure_platform_admin(session=session, password="benchmark-only-1")
        kppatent = Path(__file__).resolve().parents[2] / "shared/data/patents/kppatent-zh"
        path = generated_rows.write_csv(Path(tmp) / "gen.csv", kppatent / "patents.jsonl", n)

        def imported() -> int:
            done = patents_service.import_file(factory=factory, path=path, principal=operator)
            return done.progress.inserted

        def load() -> int:
            with factory() as session:
                return len(store.load(session)[0])

        def refresh() -> int:
            with unit_of_work(factory, will_write=True) as session:
                return snapshot.refresh(session)["refreshed"]

        def report() -> int:
            with unit_of_work(factory, operator, will_write=True) as session:
                data = ReportIn(kind="industry", title="生成数据产业导航")
                made = service.make_report(
                    session=session, principal=operator, data=data, today=date(2026, 12, 3)
                )
                return int(made.manifest["records"])

        timed("import into SQLite (CSV, GENERATED)", imported)
        timed("snapshot refresh (navigation.snapshot job)", refresh)
        timed("store.load from the snapshot", load)
        timed("产业规划类 report from the store (service.make_report)", report)
        engine.dispose()
    return out


def main() -> None:
    n = int(os.environ.get("NAVIGATION_RECORDS", 1_000_000))
    n_db = int(os.environ.get("NAVIGATION_DB_RECORDS", 1_000_000))
    rows: list[dict[str, object]] = []
    start = time.perf_counter()
    facts = generated(n)
    made = time.perf_counter() - start
    rows.append(
        {
            "stage": "generate facts (GENERATED)",
            "records": n,
            "seconds": round(made, 1),
            "per_second": round(n / made),
            "peak_rss_mb": _rss_mb(),
        }
    )
    start = time.perf_counter()
    report = reports.build("industry", "生成数据产业导航", facts, Scope(), date(2026, 12, 3))
    took = time.perf_counter() - start
    figures = sum(len(figs) for _, figs in report.chapters)
    rows.append(
        {
            "stage": f"产业规划类 report, {figures} figures (reports.build)",
            "records": n,
            "seconds": round(took, 1),
            "per_second": round(n / took),
            "peak_rss_mb": _rss_mb(),
        }
    )
    py, groups = _python_groupby(facts)
    rows.append(
        {
            "stage": "group-by ×3, Python engine (in memory)",
            "records": n,
            "seconds": round(py, 2),
            "per_second": round(n / py),
            "groups": groups,
        }
    )
    with tempfile.TemporaryDirectory() as tmp:
        written, sql, sql_groups = _sql_groupby(facts, Path(tmp) / "g.db")
    rows.append(
        {
            "stage": "group-by ×3, plain SQL on SQLite",
            "records": n,
            "seconds": round(sql, 2),
            "per_second": round(n / sql),
            "groups": sql_groups,
        }
    )
    rows.append(
        {
            "stage": "  (writing those SQLite rows)",
            "records": n,
            "seconds": round(written, 1),
            "per_second": round(n / written),
        }
    )
    del facts, report
    # Its own process, so that its peak memory is its own (not the million facts' above).
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.navigation_scale", "--store", str(n_db)],
        check=True,
        capture_output=True,
        text=True,
    )
    rows += json.loads(done.stdout.strip().splitlines()[-1])
    print_table(rows, ["stage", "records", "seconds", "per_second", "groups", "peak_rss_mb"])
    write_result(
        "navigation_scale",
        data=f"GENERATED navigation facts ({n:,} for the report and group-bys, {n_db:,} "
        "GENERATED records imported for the store stage), seeded; not real patents",
        method="wall time (time.perf_counter); peak RSS (ru_maxrss) of the process so far: "
        "stages 1-2 in one process (includes the generated facts), stage 3 in its own",
        rows=rows,
    )


if __name__ == "__main__":
    if sys.argv[1:2] == ["--store"]:
        print(json.dumps(_store_stages(int(sys.argv[2])), ensure_ascii=False))
    else:
        main()
