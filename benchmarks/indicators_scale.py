"""The high-value test at national scale: 5,000,000 GENERATED patents (labelled so in the
results) through the criteria engine and the aggregation by province.

National scale is about 5 million valid domestic invention patents (≈532 万 at the end of
2025, ../shared/reference/scaling.md). The facts are generated with a fixed seed: provinces
drawn from the 31 (plus 1 % Hong Kong owners and 5 % without an address), 85 % inventions,
70 % valid, filing dates 2000–2024, IPC codes drawn from a list of real symbols some of which
the 2021 concordance covers (their SEI hits matched once per symbol with the real rules),
5 % with a family member granted abroad, 2 % with a pledge (amounts around the threshold),
0.05 % on an award list. Each record goes through :func:`zhichan.indicators.criteria.evaluate`
and is counted by province exactly as the figures are.

The facts are drawn in partitions of 250,000, each with its own seed, and the partitions are
judged twice: one after another in this process, then as batch tasks on a dask.distributed
LocalCluster (the same partitions, so the same counts — checked).

What the first stages do not include: reading the records from the database and writing one
result row per patent. The database stages measure that path — ``indicators.compute.run``,
the ``indicators.compute`` job's computation, on SQLite — on INDICATORS_DB_PATENTS generated
records (default 20,000), the judging on the local scheduler and then on the cluster, and
compare the stored rows.

Environment: INDICATORS_PATENTS (default 5,000,000), INDICATORS_DB_PATENTS (default 20,000),
INDICATORS_WORKERS (default 2).
"""

from __future__ import annotations

import os
import random
import tempfile
import time
from collections import Counter, defaultdict
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from benchmarks.cluster import local_batch
from benchmarks.memory import PssSampler
from benchmarks.report import print_table, write_result
from zhichan.indicators import criteria as c
from zhichan.indicators.population import PROVINCES
from zhichan.patents import sei

SHARED = Path(os.environ.get("ZHICHAN_SHARED_DIR", Path(__file__).parents[2] / "shared"))
SYMBOLS = ("G06N10/00", "G06F11/30", "A01B1/00", "H01M10/052", "C12N15/10", "B65D5/00",
           "A47J27/00", "F16B5/02", "G01S1/02", "B60L53/00", "C08L23/06", "E04B1/00")  # fmt: skip
PARAMS = c.Params(reference_date=date(2025, 12, 31), pledge_threshold=Decimal(5_000_000))
LOADED = c.Loaded(families=True, pledges=True, awards=True)
AWARD = c.Award("中国专利奖", "生成", "优秀奖", "生成")


def _rules() -> list[sei.Rule]:
    return sei.read_rules(SHARED / "data/reference/sei-ipc/sei_ipc_2021.jsonl")


def generated(n: int, seed: int = 20261203, first: int = 0):
    """GENERATED facts, one at a time (never all in memory), numbered from ``first``."""
    rng = random.Random(seed)
    rules = _rules()
    hits = {
        s: tuple(c.SeiMatch(h.sei_code, h.sei_name, h.rule_no, h.ipc, h.pattern, h.confirmed)
                 for h in sei.classify([s], rules, ""))
        for s in SYMBOLS
    }  # fmt: skip
    provinces = list(PROVINCES.values())
    start = date(2000, 1, 1)
    for i in range(first, first + n):
        roll = rng.random()
        if roll < 0.01:
            holder = c.Holder("香港某公司（生成）", "CN", "香港特别行政区")
        elif roll < 0.06:
            holder = c.Holder("某公司（生成）", None, None)
        else:
            holder = c.Holder("某机构（生成）", "CN", rng.choice(provinces))
        symbol = rng.choice(SYMBOLS)
        filed = start + timedelta(days=rng.randrange(25 * 365))
        legal = rng.choices(("valid", "invalid", "unknown"), (70, 25, 5))[0]
        number = f"CN{100000000 + i}B"
        yield c.Facts(
            number=number,
            patent_type="invention" if rng.random() < 0.85 else "utility_model",
            legal=legal, legal_text=None, filing_date=filed,
            grant_date=filed + timedelta(days=700), ipc=(symbol,), sei=hits[symbol],
            holders=(holder,),
            members=(c.Member("US1B2", "US", True, None, "生成"),) if rng.random() < 0.05 else (),
            pledges=(c.Pledge("P", None, Decimal(rng.randrange(1, 10)) * 1_000_000, "生成"),)
            if rng.random() < 0.02 else (),
            awards=(AWARD,) if rng.random() < 0.0005 else (),
        )  # fmt: skip


#: Generated facts per partition: each partition draws its own with its own seed, so the
#: same partitions give the same facts in one process or on workers.
PART = 250_000


def count_part(part: tuple[int, int]) -> dict[str, dict[str, int]]:
    """A batch task: partition ``(index, size)`` generated, judged and counted by province."""
    index, size = part
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for facts in generated(size, seed=20261203 + index, first=index * PART):
        v = c.evaluate(facts, PARAMS, LOADED)
        if all(g.state == c.MET for g in v.eligibility):
            province = facts.holders[0].province or "省份未知"
            counts[province]["valid"] += 1
            counts[province][v.high_value] += 1
    return {p: dict(x) for p, x in counts.items()}


def _total(parts: list[dict[str, dict[str, int]]]) -> dict[str, Counter[str]]:
    out: dict[str, Counter[str]] = defaultdict(Counter)
    for part in parts:
        for province, x in part.items():
            out[province].update(x)
    return out


def engine_stage(n: int, workers: int) -> list[dict[str, object]]:
    """The criteria over ``n`` generated patents in partitions: in this process one after
    another, then on a LocalCluster of ``workers`` processes (the same partitions)."""

    parts = [(i, min(PART, n - i * PART)) for i in range(-(-n // PART))]
    rows, reference = [], None
    for where in ("one process", f"LocalCluster, {workers} workers"):
        sampler = PssSampler()
        sampler.start()
        if where == "one process":
            began = time.perf_counter()
            counts = _total([count_part(p) for p in parts])
            seconds = time.perf_counter() - began
        else:
            with local_batch(workers) as batch:
                began = time.perf_counter()
                counts = _total(batch.map(count_part, parts))
                seconds = time.perf_counter() - began
        sampler.stop.set()
        sampler.join()
        reference = reference or counts
        rows.append(
            {
                "stage": f"criteria engine + aggregation ({where})",
                "patents": n,
                "seconds": round(seconds, 1),
                "per_second": round(n / seconds),
                "valid_domestic": sum(x["valid"] for x in counts.values()),
                "high_value": sum(x["yes"] for x in counts.values()),
                "same_as_first": counts == reference,
                "peak_pss_mb": round(sampler.peak_kb / 1024),
            }
        )
    return rows


def db_stage(n: int, workers: int) -> list[dict[str, object]]:
    """compute.run (the indicators.compute job's computation) over ``n`` generated records
    imported into a fresh SQLite database: the judging on the local scheduler, then on a
    LocalCluster of ``workers`` processes; the stored result rows compared."""
    from sqlalchemy import select

    from zhichan.accounts import audit
    from zhichan.accounts import service as accounts_service
    from zhichan.core.principal import Principal
    from zhichan.db import migrate
    from zhichan.db.engine import make_engine
    from zhichan.db.session import make_session_factory, unit_of_work
    from zhichan.indicators import compute
    from zhichan.indicators.models import Result
    from zhichan.jobs.batch import Batch
    from zhichan.patents import service as patents_service
    from zhichan.patents.record import Classification, Party, PatentRecord

    operator = Principal.operator("bench")
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{tmp}/bench.db")
        migrate.upgrade(engine)
        factory = audit.install(make_session_factory(engine))
        with unit_of_work(factory, operator) as session:
            accounts_service.ensure_platform_admin(session=session, password="bench-only-password")
            patents_service.load_reference(session=session, data_dir=SHARED / "data")
        path = Path(tmp) / "generated.jsonl"
        with path.open("w", encoding="utf-8") as out:
            for f in generated(n):
                h = f.holders[0]
                party = Party(name_raw=h.name, name=h.name, country=h.country, province=h.province)
                rec = PatentRecord(
                    number=f.number,
                    country="CN",
                    kind="B",
                    patent_type=f.patent_type,
                    title_zh="生成的记录",
                    applicants=[party],
                    application_date=f.filing_date,
                    grant_date=f.grant_date,
                    ipc=[Classification(x) for x in f.ipc],
                    legal_status={"valid": "有效", "invalid": "失效"}.get(f.legal),
                    source="generated",
                )
                out.write(rec.to_json() + "\n")
        patents_service.import_file(factory=factory, path=path, principal=operator)
        rows, reference = [], None
        with local_batch(workers) as remote:
            for where, batch in (
                ("local scheduler", Batch()),
                (f"LocalCluster, {workers} workers", remote),
            ):
                sampler = PssSampler()
                sampler.start()
                with unit_of_work(factory, operator, will_write=True) as session:
                    began = time.perf_counter()
                    counts = compute.run(session=session, params=PARAMS, batch=batch)
                    seconds = time.perf_counter() - began
                sampler.stop.set()
                sampler.join()
                with factory() as session:
                    stored = [
                        (r.patent_id, r.high_value, r.eligible, r.met, r.tests, r.disagreements)
                        for r in session.scalars(select(Result).order_by(Result.patent_id))
                    ]
                reference = reference or stored
                rows.append(
                    {
                        "stage": f"compute.run on SQLite, judging on the {where}",
                        "patents": n,
                        "seconds": round(seconds, 1),
                        "per_second": round(n / seconds),
                        "valid_domestic": "",
                        "high_value": counts.get("yes", 0),
                        "same_as_first": stored == reference,
                        "peak_pss_mb": round(sampler.peak_kb / 1024),
                    }
                )
        engine.dispose()
    return rows


def main() -> None:
    n = int(os.environ.get("INDICATORS_PATENTS", 5_000_000))
    m = int(os.environ.get("INDICATORS_DB_PATENTS", 20_000))
    workers = int(os.environ.get("INDICATORS_WORKERS", 2))
    rows = [*engine_stage(n, workers), *db_stage(m, workers)]
    columns = list(rows[0])
    print_table(rows, columns)
    path = write_result(
        "indicators_scale",
        data=f"GENERATED facts ({n:,} for the engine, {m:,} records for the database stage), "
        "seeded; SEI hits from the real 2021 concordance",
        method=f"partitions of {PART:,} generated facts (each with its own seed) judged in one "
        f"process, then the same partitions as batch tasks on a dask.distributed LocalCluster "
        f"of {workers} worker processes x 1 thread; the database stage runs the job's "
        "computation (compute.run: this process reads pages of 1,000 records and writes "
        "the results, the judging goes to the engine 8 pages at a time) on the local "
        "scheduler and on the cluster, and compares the stored rows; wall time; memory: peak "
        "summed PSS of this process and its descendants sampled every 0.2 s",
        rows=rows,
    )
    print(f"written {path}")


if __name__ == "__main__":
    main()
