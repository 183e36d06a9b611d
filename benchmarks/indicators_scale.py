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

What this does not include: reading the records from the database and writing one result row
per patent. The second stage measures that path (``indicators.compute.run`` on SQLite) on
INDICATORS_DB_PATENTS generated records (default 20,000) and reports its rate separately.

Environment: INDICATORS_PATENTS (default 5,000,000), INDICATORS_DB_PATENTS (default 20,000).
"""

from __future__ import annotations

import json
import os
import random
import resource
import tempfile
import time
from collections import Counter, defaultdict
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

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


def _rss_mb() -> int:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def _rules() -> list[sei.Rule]:
    path = SHARED / "data/reference/sei-ipc/sei_ipc_2021.jsonl"
    rows = [json.loads(line) for line in path.open(encoding="utf-8")]
    return [sei.Rule(r["sei_code"], r["sei_name"], r["rule_no"], r["ipc_patterns"],
                     r["exclude_patterns"], r["keywords"]) for r in rows]  # fmt: skip


def generated(n: int, seed: int = 20261203):
    """GENERATED facts, one at a time (never all in memory)."""
    rng = random.Random(seed)
    rules = _rules()
    hits = {
        s: tuple(c.SeiMatch(h.sei_code, h.sei_name, h.rule_no, h.ipc, h.pattern, h.confirmed)
                 for h in sei.classify([s], rules, ""))
        for s in SYMBOLS
    }  # fmt: skip
    provinces = list(PROVINCES.values())
    start = date(2000, 1, 1)
    for i in range(n):
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


def engine_stage(n: int) -> dict[str, object]:
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    began = time.perf_counter()
    for facts in generated(n):
        v = c.evaluate(facts, PARAMS, LOADED)
        gates = [g.state for g in v.eligibility]
        if all(s == c.MET for s in gates):
            province = facts.holders[0].province or "省份未知"
            counts[province]["valid"] += 1
            counts[province][v.high_value] += 1
    seconds = time.perf_counter() - began
    valid = sum(x["valid"] for x in counts.values())
    hv = sum(x["yes"] for x in counts.values())
    return {"stage": "criteria engine + aggregation", "patents": n, "seconds": round(seconds, 1),
            "per_second": round(n / seconds), "valid_domestic": valid, "high_value": hv,
            "peak_rss_mb": _rss_mb()}  # fmt: skip


def db_stage(n: int) -> dict[str, object]:
    """compute.run over ``n`` generated records imported into a fresh SQLite database."""
    from zhichan.accounts import audit
    from zhichan.accounts import service as accounts_service
    from zhichan.core.principal import Principal
    from zhichan.db import migrate
    from zhichan.db.engine import make_engine
    from zhichan.db.session import make_session_factory, unit_of_work
    from zhichan.indicators import compute
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
        with unit_of_work(factory, operator, will_write=True) as session:
            began = time.perf_counter()
            counts = compute.run(session=session, params=PARAMS)
            seconds = time.perf_counter() - began
        engine.dispose()
    return {"stage": "compute.run on SQLite (read records, evaluate, write results)",
            "patents": n, "seconds": round(seconds, 1), "per_second": round(n / seconds),
            "valid_domestic": "", "high_value": counts.get("yes", 0),
            "peak_rss_mb": _rss_mb()}  # fmt: skip


def main() -> None:
    n = int(os.environ.get("INDICATORS_PATENTS", 5_000_000))
    m = int(os.environ.get("INDICATORS_DB_PATENTS", 20_000))
    rows = [engine_stage(n), db_stage(m)]
    columns = ["stage", "patents", "seconds", "per_second", "valid_domestic", "high_value",
               "peak_rss_mb"]  # fmt: skip
    print_table(rows, columns)
    path = write_result(
        "indicators_scale",
        data=f"GENERATED facts ({n:,} for the engine, {m:,} records for the database stage), "
        "seeded; SEI hits from the real 2021 concordance",
        method="one process; wall time; peak RSS of the process (ru_maxrss)",
        rows=rows,
    )
    print(f"written {path}")


if __name__ == "__main__":
    main()
