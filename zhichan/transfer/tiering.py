"""Screening and tiering of inventoried patents into the pool of transferable patents.

The programme asks institutions to screen their stock patents and the system to build a
tiered pool (分层构建可转化的专利资源库, seeds/003 《专利转化运用专项行动方案》; and to
"排查产业化前景不明的专利，筛选价值高、转化前景好的专利", seeds/000 §1.4). The rules are an
office's policy, not law: every threshold and point below is configurable and each result
lists the rules that produced it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from pydantic import BaseModel, Field, model_validator

EXCLUDED = "不入库"
PROSPECTS = ("好", "较好", "一般", "不明")
MATURITIES = ("实验室", "小试", "中试", "可量产")
MODES = ("转让", "许可", "作价入股", "开放许可", "合作开发")
TYPES = {"invention": "发明", "utility_model": "实用新型", "design": "外观设计"}
#: The valuation domain's tiers for the 管理 scenario (A ≥ 80, B ≥ 65, C ≥ 50, D below).
VALUE_TIERS = ("A", "B", "C", "D")


class Policy(BaseModel):
    """An office's tiering rules; the defaults are this platform's documented starting point."""

    exclude_lapsed: bool = True
    exclude_unknown_status: bool = False
    min_remaining_years: int = Field(default=3, ge=0, le=20)
    allowed_types: list[str] = Field(default_factory=lambda: list(TYPES))
    prospect_points: dict[str, int] = Field(
        default_factory=lambda: {"好": 3, "较好": 2, "一般": 1, "不明": 0}
    )
    maturity_points: dict[str, int] = Field(default_factory=lambda: {"中试": 1, "可量产": 2})
    invention_points: int = 1
    long_term_years: int = Field(default=10, ge=0, le=20)
    long_term_points: int = 1
    maintained_years: int = Field(default=5, ge=0, le=20)
    maintained_points: int = 1
    #: Points by the valuation's 管理 (management) tier (A–D), when the office counts it;
    #: empty: valuations do not change tiers.
    value_points: dict[str, int] = Field(default_factory=dict)
    #: (tier, minimum points), best first; an included patent gets the first it reaches.
    tiers: list[tuple[str, int]] = Field(default_factory=lambda: [("A", 5), ("B", 3), ("C", 0)])

    @model_validator(mode="after")
    def _check(self) -> Policy:
        if not self.tiers or [m for _t, m in self.tiers] != sorted(
            (m for _t, m in self.tiers), reverse=True
        ):
            raise ValueError("tiers 须按最低分从高到低排列")
        unknown = set(self.prospect_points) - set(PROSPECTS)
        if unknown:
            raise ValueError(f"未知的产业化前景：{'、'.join(sorted(unknown))}")
        if set(self.value_points) - set(VALUE_TIERS):
            raise ValueError(f"价值评估档次应为 {'、'.join(VALUE_TIERS)}")
        if set(self.maturity_points) - set(MATURITIES):
            raise ValueError(f"成熟度应为 {'、'.join(MATURITIES)}")
        return self


@dataclass(frozen=True, slots=True)
class Facts:
    """What tiering reads about one inventory item; ``None`` = the records do not say."""

    status: str
    prospect: str
    maturity: str | None
    patent_type: str | None
    legal: str  # valid / invalid / pending / unknown
    expiry: date | None
    grant_date: date | None
    today: date
    #: The latest 管理-scenario valuation of the item: its tier and score, if any.
    value_tier: str | None = None
    value_score: float | None = None


@dataclass(slots=True)
class Result:
    tier: str | None
    points: int = 0
    reasons: list[str] = field(default_factory=list)


def _years(start: date, end: date) -> float:
    return (end - start).days / 365.25


def _exclusion(p: Policy, f: Facts) -> str | None:
    if f.status == "abandoned":
        return "盘点结论为放弃"
    if p.exclude_lapsed and f.legal == "invalid":
        return "法律状态为失效"
    if p.exclude_unknown_status and f.legal == "unknown":
        return "法律状态未知"
    if f.legal == "pending":
        return "尚未授权"
    if f.patent_type and f.patent_type not in p.allowed_types:
        return f"专利类型“{TYPES.get(f.patent_type, f.patent_type)}”不在入库范围"
    if f.expiry and _years(f.today, f.expiry) < p.min_remaining_years:
        return f"剩余保护期不足 {p.min_remaining_years} 年（届满日 {f.expiry}）"
    return None


def _points(p: Policy, f: Facts) -> tuple[int, list[str]]:
    got = [(p.prospect_points.get(f.prospect, 0), f"产业化前景“{f.prospect}”")]
    if f.maturity in p.maturity_points:
        got.append((p.maturity_points[f.maturity], f"技术成熟度“{f.maturity}”"))
    if f.patent_type == "invention":
        got.append((p.invention_points, "发明专利"))
    if f.expiry and _years(f.today, f.expiry) >= p.long_term_years:
        got.append((p.long_term_points, f"剩余保护期 ≥ {p.long_term_years} 年"))
    if f.grant_date and _years(f.grant_date, f.today) >= p.maintained_years:
        got.append((p.maintained_points, f"授权后已维持 ≥ {p.maintained_years} 年"))
    if f.value_tier in p.value_points:
        got.append(
            (
                p.value_points[f.value_tier],
                f"价值评估（管理场景）{f.value_tier} 档，{f.value_score:.1f} 分",
            )
        )
    if f.legal == "unknown":
        got.append((0, "法律状态未知（记录未载明，待核实）"))
    return sum(n for n, _ in got), [f"{why} {n:+d}" for n, why in got]


def evaluate(policy: Policy, facts: Facts) -> Result:
    """The tier of one item: none before the inventory is done, 不入库 with the reason, or the
    first tier whose minimum the points reach, with every point listed."""
    if facts.status == "pending":
        return Result(None, 0, ["尚未盘点"])
    excluded = _exclusion(policy, facts)
    if excluded:
        return Result(EXCLUDED, 0, [excluded])
    points, reasons = _points(policy, facts)
    tier = next((t for t, minimum in policy.tiers if points >= minimum), EXCLUDED)
    return Result(tier, points, [*reasons, f"合计 {points} 分 → {tier}"])
