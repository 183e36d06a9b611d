"""Valuation batch scoring at scale: 1,000,000 GENERATED patents (labelled so in the results)
through the same code the inventory job runs — measures, cohort populations, every indicator,
the finance gates and the scenario score.

The profiles are generated with a fixed seed: 85 % inventions, filing dates 2000–2024 (grant
700 days later), 70 % valid / 25 % lapsed / 5 % unknown status, IPC symbols drawn from a list of
real ones (their SEI hits matched once per symbol with the real 2021 concordance), 1–30 claims,
0–20 citations, 20 % with a family abroad, 2 % pledged, 10 % co-owned. Pass 1 measures every
profile and builds the cohorts; pass 2 regenerates the same profiles and scores each one (the
job holds the measures, not the profiles, in memory, and so does this).

The second stage measures the database path (``valuation.service.score_inventory`` on SQLite:
measures refresh, populations read back, one stored valuation per patent) on
VALUATION_DB_PATENTS generated records (default 5,000) in one institution's inventory.

Environment: VALUATION_PATENTS (default 1,000,000), VALUATION_DB_PATENTS (default 5,000).
"""

from __future__ import annotations

import os
import random
import resource
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import asdict
from datetime import date, timedelta
from pathlib import Path

from benchmarks.report import print_table, write_result
from zhichan.patents import sei
from zhichan.patents.schemas import ClaimFacts, EventFacts, PatentProfile, SeiHit
from zhichan.valuation import gates, indicators, measures, scoring, weights
from zhichan.valuation.populations import Populations

SHARED = Path(os.environ.get("ZHICHAN_SHARED_DIR", Path(__file__).parents[2] / "shared"))
SYMBOLS = (
    "G06N10/00",
    "G06F11/30",
    "A01B1/00",
    "H01M10/052",
    "C12N15/10",
    "B65D5/00",
    "A47J27/00",
    "F16B5/02",
    "G01S1/02",
    "B60L53/00",
    "C08L23/06",
    "E04B1/00",
)
TODAY = date(2026, 12, 1)


def _rss_mb() -> int:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def _hits() -> dict[str, list[SeiHit]]:
    rules = sei.read_rules(SHARED / "data/reference/sei-ipc/sei_ipc_2021.jsonl")
    return {s: [SeiHit(**asdict(h)) for h in sei.classify([s], rules, "")] for s in SYMBOLS}


def generated(
    n: int, hits: dict[str, list[SeiHit]], seed: int = 20261203
) -> Iterator[PatentProfile]:
    """GENERATED profiles, one at a time."""
    rng = random.Random(seed)
    start = date(2000, 1, 1)
    for i in range(n):
        filed = start + timedelta(days=rng.randrange(25 * 365))
        granted = filed + timedelta(days=700)
        status = rng.choices(("valid", "invalid", "unknown"), (70, 25, 5))[0]
        events = [EventFacts(date=granted, code="grant", text="授权（生成）")]
        if status == "invalid":
            events.append(
                EventFacts(
                    date=granted + timedelta(days=rng.randrange(3000)),
                    code="termination",
                    text="未缴年费专利权终止（生成）",
                )
            )
        if rng.random() < 0.02:
            events.append(EventFacts(date=granted, code="pledge", text="质押登记（生成）"))
        claims = rng.randrange(1, 31)
        independent = min(claims, rng.randrange(1, 5))
        symbol = rng.choice(SYMBOLS)
        yield PatentProfile(
            id=i + 1,
            number=f"CN{100000000 + i}B",
            country="CN",
            patent_type="invention" if rng.random() < 0.85 else "utility_model",
            title="生成的记录",
            legal_status={"valid": "有效", "invalid": "失效"}.get(status),
            status_category=status,
            application_date=filed,
            grant_date=granted,
            ipc=[symbol],
            family_id=None,
            family_members=[f"{rng.choice(('US', 'EP', 'JP'))}{i}"] if rng.random() < 0.2 else [],
            claims=[
                ClaimFacts(num=k + 1, length=rng.randrange(80, 900), independent=k < independent)
                for k in range(claims)
            ],
            citations=[(f"CN{j}A", None) for j in range(rng.randrange(0, 21))],
            cited_by=rng.randrange(0, 5),
            events=events,
            holders=["某机构（生成）", "另一机构（生成）"]
            if rng.random() < 0.1
            else ["某机构（生成）"],
            sei=hits[symbol],
            content_hash="0" * 64,
        )


def engine_stage(n: int) -> dict[str, object]:
    hits = _hits()
    began = time.perf_counter()
    pops = Populations((measures.cohort_keys(p), measures.of(p, TODAY)) for p in generated(n, hits))
    measured = time.perf_counter() - began
    w = weights.default("finance")
    tiers: Counter[str] = Counter()
    blocked = 0
    for p in generated(n, hits):
        m = measures.of(p, TODAY)
        cohort, pct = pops.percentiles(measures.cohort_keys(p), m)
        values = indicators.evaluate(indicators.Context(p, m, pct, cohort.label, TODAY))
        result = scoring.combine({v.key: v.score for v in values}, w)
        blocked += gates.blocked(gates.check("finance", p, TODAY))
        tiers[result.tier or "—"] += 1
    seconds = time.perf_counter() - began
    return {
        "stage": "measures + cohorts + indicators + gates + score (金融)",
        "patents": n,
        "seconds": round(seconds, 1),
        "measure_pass_s": round(measured, 1),
        "per_second": round(n / seconds),
        "tiers": " ".join(f"{t}:{tiers[t]}" for t in sorted(tiers)),
        "blocked": blocked,
        "peak_rss_mb": _rss_mb(),
    }


def db_stage(n: int) -> dict[str, object]:
    """score_inventory over ``n`` generated records imported into a fresh SQLite database."""
    from zhichan.accounts import audit
    from zhichan.accounts import service as accounts_service
    from zhichan.accounts.schemas import OrgCreate, UserCreate
    from zhichan.core.principal import OrgKind, Principal, Role
    from zhichan.db import migrate
    from zhichan.db.engine import make_engine
    from zhichan.db.session import make_session_factory, unit_of_work
    from zhichan.patents import service as patents_service
    from zhichan.patents.record import ClaimItem, Classification, Party, PatentRecord
    from zhichan.transfer import service as transfer_service
    from zhichan.valuation import service as valuation_service

    operator = Principal.operator("bench")
    hits = _hits()
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{tmp}/bench.db")
        migrate.upgrade(engine)
        factory = audit.install(make_session_factory(engine))
        with unit_of_work(factory, operator) as session:
            accounts_service.ensure_platform_admin(session=session, password="bench-only-password")
            patents_service.load_reference(session=session, data_dir=SHARED / "data")
            org = accounts_service.create_org(
                session=session,
                principal=operator,
                org_in=OrgCreate(name="生成大学", kind=OrgKind.UNIVERSITY, region="浙江省"),
            )
            user = accounts_service.create_user(
                session=session,
                principal=operator,
                user_in=UserCreate(
                    username="bench",
                    display_name="bench",
                    password="bench-only-password",
                    organisation_id=org.id,
                    role=Role.EDITOR,
                ),
            )
        who = Principal(user.id, "bench", org.id, OrgKind.UNIVERSITY, Role.EDITOR, via="job")
        path = Path(tmp) / "generated.jsonl"
        numbers = []
        with path.open("w", encoding="utf-8") as out:
            for p in generated(n, hits):
                party = Party(name_raw=p.holders[0], name=p.holders[0], country="CN")
                rec = PatentRecord(
                    number=p.number,
                    country="CN",
                    kind="B",
                    patent_type=p.patent_type,
                    title_zh="生成的记录",
                    applicants=[party],
                    application_date=p.application_date,
                    grant_date=p.grant_date,
                    ipc=[Classification(x) for x in p.ipc],
                    legal_status=p.legal_status,
                    claims=[
                        ClaimItem(c.num, "生" * c.length, [] if c.independent else [1])
                        for c in p.claims
                    ],
                    source="generated",
                )
                out.write(rec.to_json() + "\n")
                numbers.append(p.number)
        patents_service.import_file(factory=factory, path=path, principal=operator)
        with unit_of_work(factory, who, will_write=True) as session:
            transfer_service.add_patents(session=session, principal=who, numbers=numbers)
        with unit_of_work(factory, who, will_write=True) as session:
            began = time.perf_counter()
            counts = valuation_service.score_inventory(
                session=session, principal=who, scenario="management", today=TODAY
            )
            seconds = time.perf_counter() - began
        engine.dispose()
    return {
        "stage": "score_inventory on SQLite (measures, populations, store results)",
        "patents": n,
        "seconds": round(seconds, 1),
        "measure_pass_s": "",
        "per_second": round(n / seconds),
        "tiers": " ".join(f"{t}:{counts[t]}" for t in ("A", "B", "C", "D")),
        "blocked": counts["blocked"],
        "peak_rss_mb": _rss_mb(),
    }


def main() -> None:
    n = int(os.environ.get("VALUATION_PATENTS", 1_000_000))
    m = int(os.environ.get("VALUATION_DB_PATENTS", 5_000))
    rows = [engine_stage(n), db_stage(m)]
    columns = [
        "stage",
        "patents",
        "seconds",
        "measure_pass_s",
        "per_second",
        "tiers",
        "blocked",
        "peak_rss_mb",
    ]
    print_table(rows, columns)
    path = write_result(
        "valuation_scale",
        data=f"GENERATED profiles ({n:,} for the scoring pipeline, {m:,} records for the "
        "database stage), seeded; SEI hits from the real 2021 concordance",
        method="one process; wall time; peak RSS of the process (ru_maxrss)",
        rows=rows,
    )
    print(f"written {path}")


if __name__ == "__main__":
    main()
