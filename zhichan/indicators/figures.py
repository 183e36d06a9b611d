"""The indicators by province from the stored verdicts, each with its definition, the counts
it divides, the population it divides by, and the plan target it is measured against."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from zhichan.indicators import criteria
from zhichan.indicators.models import History, Result, Target
from zhichan.indicators.population import Population

NATIONAL = "全国"
UNKNOWN_PROVINCE = "省份未知"

#: code → (name, definition with its source)
INDICATORS = {
    "hv_per_10k": ("每万人口高价值发明专利拥有量",
                   "本国居民拥有的、符合五项条件之一的有效发明专利数 ÷ 年末常住人口（万人）；"
                   + criteria.DEFINITION),
    "inv_per_10k": ("每万人口发明专利拥有量",
                    "本国居民拥有的有效发明专利数 ÷ 年末常住人口（万人）（seeds/003）"),
    "hv_share": ("高价值发明专利占有效发明专利的比例",
                 "高价值发明专利数 ÷ 本国居民有效发明专利数"),
}  # fmt: skip

#: Plan targets the seeds state (the office adds others as data).
CQ = "《重庆市知识产权保护和运用“十四五”规划（2021—2025年）》专栏1（seeds/003）"
NATION = (
    "《知识产权强国建设纲要（2021—2035年）》、《“十四五”国家知识产权保护和运用规划》（seeds/003）"
)
PLAN_TARGETS = (
    (NATIONAL, "hv_per_10k", 2025, Decimal(12), NATION),
    ("重庆市", "hv_per_10k", 2025, Decimal(12), CQ),
    ("重庆市", "inv_per_10k", 2025, Decimal(16), CQ),
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class TargetShown:
    year: int
    value: Decimal
    source: str


@dataclass(slots=True)
class Row:
    region: str
    valid_inventions: int = 0
    high_value: int = 0
    unknown: int = 0
    by_criterion: dict[str, int] = field(default_factory=dict)
    population: int | None = None
    population_year: int | None = None
    values: dict[str, Decimal | None] = field(default_factory=dict)
    targets: dict[str, TargetShown] = field(default_factory=dict)
    gaps: dict[str, Decimal] = field(default_factory=dict)


def _ratio(count: int, population: int | None, places: str = "0.0001") -> Decimal | None:
    if not population:
        return None
    return (Decimal(count) / Decimal(population)).quantize(Decimal(places), ROUND_HALF_UP)


def _targets(session: Session) -> dict[tuple[str, str], TargetShown]:
    found = {(r, i): TargetShown(y, v, s) for r, i, y, v, s in PLAN_TARGETS}
    for t in session.scalars(select(Target).order_by(Target.id)):  # the office's win
        found[(t.region, t.indicator)] = TargetShown(t.year, t.value, t.source)
    return found


def rows(session: Session, population: Population, year: int) -> list[Row]:
    """One row per province with verdicts, then the national row (mainland residents)."""
    by: dict[str, Row] = defaultdict(lambda: Row(""))
    stmt = select(Result.province, Result.eligible, Result.high_value, Result.met, func.count())
    grouped = stmt.group_by(Result.province, Result.eligible, Result.high_value, Result.met)
    for province, eligible, hv, met, n in session.execute(grouped):
        if eligible != "yes":
            continue
        for key in (province or UNKNOWN_PROVINCE, NATIONAL):
            row = by[key]
            row.region = key
            row.valid_inventions += n
            row.high_value += n if hv == "yes" else 0
            row.unknown += n if hv == "unknown" else 0
            for code in met.strip(",").split(",") if hv == "yes" and met != "," else ():
                row.by_criterion[code] = row.by_criterion.get(code, 0) + n
    targets = _targets(session)
    out = []
    for key, row in by.items():
        pop = population.national(year) if key == NATIONAL else population.of(key, year)
        row.population, row.population_year = pop if pop else (None, None)
        row.values = {
            "hv_per_10k": _ratio(row.high_value, row.population, "0.0001"),
            "inv_per_10k": _ratio(row.valid_inventions, row.population, "0.0001"),
            "hv_share": _ratio(row.high_value, row.valid_inventions or None, "0.0001"),
        }
        for code in INDICATORS:
            if (target := targets.get((key, code))) is not None:
                row.targets[code] = target
                if (value := row.values.get(code)) is not None:
                    row.gaps[code] = target.value - value
        out.append(row)
    return sorted(out, key=lambda r: (r.region == NATIONAL, -(r.values["hv_per_10k"] or 0)))


@dataclass(frozen=True, slots=True)
class Point:
    region: str
    year: int
    valid_inventions: int
    high_value: int
    population: int | None
    hv_per_10k: Decimal | None
    inv_per_10k: Decimal | None


def trend(session: Session, population: Population, current: list[Row], year: int) -> list[Point]:
    """Earlier year-ends (from the last full computation) and the reference year, per region
    and nationally, each divided by that year's population."""
    counts: dict[tuple[str, int], list[int]] = defaultdict(lambda: [0, 0])
    for h in session.scalars(select(History)):
        for key in (h.region, NATIONAL):
            counts[(key, h.year)][0] += h.valid_inventions
            counts[(key, h.year)][1] += h.high_value
    if not counts:
        return []
    for row in current:
        counts[(row.region, year)] = [row.valid_inventions, row.high_value]
    points = []
    for (region, y), (valid, hv) in sorted(counts.items()):
        pop = population.national(y) if region == NATIONAL else population.of(region, y)
        people = pop[0] if pop else None
        points.append(
            Point(region, y, valid, hv, people, _ratio(hv, people), _ratio(valid, people))
        )
    return points
