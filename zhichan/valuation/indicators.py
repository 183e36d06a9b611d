"""Each indicator as a pure function of what the records say: a 0–100 value with the inputs it
used, or ``None`` with the reason it is absent (an absent indicator is left out of the score,
never counted as zero)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from zhichan.core.labels import actor
from zhichan.patents.schemas import PatentProfile
from zhichan.valuation import catalogue
from zhichan.valuation.measures import LABELS, Measures
from zhichan.valuation.terms import Term, legal_term


@dataclass(frozen=True, slots=True)
class Operation:
    """One recorded operation on the patent: a legal event or a registry entry of this
    platform (a signed deal, an open licence taken)."""

    kind: str
    on: date | None
    source: str


@dataclass(frozen=True, slots=True)
class Expert:
    value: int
    note: str | None
    entered_by: str
    entered_on: date


@dataclass(frozen=True, slots=True)
class Context:
    profile: PatentProfile
    measures: Measures
    #: Percentile (0–100) of each measure within ``cohort``; a measure without one is absent.
    percentiles: Mapping[str, float]
    cohort: str
    today: date
    operations: tuple[Operation, ...] = ()
    expert: Mapping[str, Expert] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Value:
    key: str
    score: float | None
    inputs: dict[str, Any]
    note: str


def _clip(x: float) -> float:
    return round(min(100.0, max(0.0, x)), 2)


def _pcts(ctx: Context, names: tuple[str, ...]) -> dict[str, Any]:
    return {
        LABELS[n]: f"{getattr(ctx.measures, n)}（百分位 {ctx.percentiles[n]:g}）"
        for n in names
        if n in ctx.percentiles
    }


def _percentile_of(key: str, measure: str, absent: str) -> Callable[[Context], Value]:
    def compute(ctx: Context) -> Value:
        if measure not in ctx.percentiles:
            return Value(key, None, {}, absent)
        inputs = _pcts(ctx, (measure,)) | {"同组": ctx.cohort}
        return Value(key, ctx.percentiles[measure], inputs, "同组百分位")

    return compute


def term(ctx: Context) -> Value:
    p = ctx.profile
    found: Term | None = legal_term(p)
    if p.status_category == "invalid":
        return Value("term", 0.0, {"法律状态": p.legal_status or "已终止"}, "已不在有效期内")
    if found is None:
        return Value("term", None, {}, "专利类型或申请日不详，无法计算保护期")
    inputs: dict[str, Any] = {
        "起算日": found.starts,
        "届满日": found.ends,
        "估值日": ctx.today,
        "计算": "；".join(found.steps),
        "依据": "、".join(found.articles),
    }
    if found.ends < ctx.today:
        return Value("term", 0.0, inputs, "保护期已届满")
    if p.grant_date is None and p.status_category != "valid":
        return Value("term", None, inputs, "尚无授权记录，不能认定在有效期内")
    if p.status_category == "unknown":
        inputs["法律状态"] = "记录未载明，未核实年费缴纳"
    total = (found.ends - found.starts).days
    left = (found.ends - ctx.today).days
    inputs["剩余天数"] = left
    return Value("term", _clip(100 * left / total), inputs, f"100 × {left} ÷ {total}")


def stability(ctx: Context) -> Value:
    p = ctx.profile
    if p.patent_type is None or (p.grant_date is None and p.status_category == "unknown"):
        return Value("stability", None, {}, "专利类型或授权情况不详")
    score, steps = 70.0, ["基准 70"]
    if p.patent_type in ("invention", "utility", "plant") and p.grant_date is not None:
        score += 15
        steps.append("已授权且经实质审查 +15")
    if any(e.code == "invalidation" for e in p.events):
        score -= 40
        steps.append("有无效宣告请求记录 −40")
    x_hits = sum(1 for _n, cat in p.citations if _is_x(cat))
    if x_hits:
        score -= min(30, 10 * x_hits)
        steps.append(f"检索报告 X 类文献 {x_hits} 篇 −{min(30, 10 * x_hits)}")
    return Value("stability", _clip(score), {"计算": "；".join(steps)}, "按规则加减")


def _is_x(category: str | None) -> bool:
    """A search-report category X (alone or with others, ``X,Y``); USPTO's "cited by examiner"
    is no category."""
    return bool(category) and "X" in re.split(r"[^A-Z]+", (category or "").upper())


def scope(ctx: Context) -> Value:
    parts = [n for n in ("claims", "independent", "shortest", "subclasses") if n in ctx.percentiles]
    if not {"claims", "independent"} & set(parts):
        return Value("scope", None, {}, "记录没有权利要求")
    mean = sum(ctx.percentiles[n] for n in parts) / len(parts)
    inputs = _pcts(ctx, tuple(parts)) | {"同组": ctx.cohort}
    return Value("scope", _clip(mean), inputs, f"{len(parts)} 项百分位的平均")


def encumbrance(ctx: Context) -> Value:
    p = ctx.profile
    if not p.events:
        return Value("encumbrance", None, {}, "记录没有法律事件，无法判断质押与保全")
    score, steps = 100.0, ["基准 100"]
    pledges = sum(1 for e in p.events if e.code == "pledge")
    releases = sum(1 for e in p.events if e.code == "pledge_release")
    if pledges > releases:
        score -= 50
        steps.append("质押登记未见解除 −50")
    if len(p.holders) >= 2:
        score -= 30
        steps.append(f"共有人 {len(p.holders)} 个 −30")
    if any(w in e.text for e in p.events for w in ("保全", "冻结", "中止")):
        score -= 100
        steps.append("有保全、冻结或中止程序记录 −100")
    return Value("encumbrance", _clip(score), {"计算": "；".join(steps)}, "按规则扣分")


def operations(ctx: Context) -> Value:
    ops = ctx.operations
    if not ops and not ctx.profile.events:
        return Value("operations", None, {}, "记录没有法律事件，本平台也无登记")
    n = len(ops)
    inputs = {
        "记录": "；".join(f"{o.on or '日期不详'} {o.kind}（{o.source}）" for o in ops) or "无"
    }
    return Value("operations", _clip(20 + 30 * n), inputs, f"20 + 30 × {n}")


def policy_fit(ctx: Context) -> Value:
    p = ctx.profile
    if not p.ipc:
        return Value("policy_fit", None, {}, "记录没有 IPC 分类号")
    if p.sei:
        names = "、".join(dict.fromkeys(f"{h.sei_code} {h.sei_name}" for h in p.sei))
        return Value(
            "policy_fit", 100.0, {"战略性新兴产业": names, "依据": p.sei[0].source}, "属于"
        )
    return Value("policy_fit", 50.0, {"IPC": "、".join(p.ipc[:5])}, "不属于战略性新兴产业")


def expert(key: str) -> Callable[[Context], Value]:
    def compute(ctx: Context) -> Value:
        got = ctx.expert.get(key)
        if got is None:
            return Value(key, None, {}, "尚未填写")
        score = 10 + (got.value - 1) * 90 / 8 if key == "trl" else float(got.value)
        inputs = {
            "填写值": got.value,
            "填写人": actor(got.entered_by),
            "日期": got.entered_on,
            "说明": got.note or "—",
        }
        return Value(key, _clip(score), inputs, "专家填写")

    return compute


FUNCTIONS: dict[str, Callable[[Context], Value]] = {
    "term": term,
    "stability": stability,
    "scope": scope,
    "family": _percentile_of("family", "family", "记录没有同族信息"),
    "encumbrance": encumbrance,
    "grant_lag": _percentile_of("grant_lag", "grant_lag", "申请日或授权日不详"),
    "forward_citations": _percentile_of(
        "forward_citations", "forward", "本库没有引用它的记录（不按 0 计）"
    ),
    "backward_citations": _percentile_of("backward_citations", "backward", "记录没有引证文献"),
    "breadth": _percentile_of("breadth", "classes", "记录没有 IPC 分类号"),
    "originality": _percentile_of("originality", "originality", "尚无语义向量"),
    "operations": operations,
    "policy_fit": policy_fit,
    "maintenance": _percentile_of("maintenance", "maintained", "法律状态或日期不详"),
    **{k: expert(k) for k in catalogue.EXPERT},
}


def evaluate(ctx: Context) -> list[Value]:
    """Every indicator of the catalogue, in its order."""
    return [FUNCTIONS[i.key](ctx) for i in catalogue.CATALOGUE]
