"""The high-value invention patent (高价值发明专利) test, one pure function per criterion.

Definition (seeds/003, 《"十四五"国家知识产权保护和运用规划》 note ① to the indicator table):
每万人口本国居民拥有的经国家知识产权局授权的符合下列任一条件的有效发明专利数量：1 战略性新兴产业的
发明专利；2 在海外有同族专利权的发明专利；3 维持年限超过10年的发明专利；4 实现较高质押融资金额的发明
专利；5 获得国家科学技术奖、中国专利奖的发明专利。

Every test answers met / not_met / unknown with the facts it used and their source; an unknown
is reported, never guessed. The criteria are OR-ed (a patent counts once) and apply only to a
valid invention patent of a domestic resident.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

MET, NOT_MET, UNKNOWN = "met", "not_met", "unknown"
STATES = {MET: "符合", NOT_MET: "不符合", UNKNOWN: "无法判断"}
DEFINITION = "《“十四五”国家知识产权保护和运用规划》主要指标注①（seeds/003）"
SEI_SOURCE = "《战略性新兴产业分类与国际专利分类参照关系表（2021）》（国家知识产权局）"

#: (code, label) of the eligibility tests and the five criteria, in the definition's order.
ELIGIBILITY = {
    "invention": "发明专利",
    "valid": "有效（经授权且未失效）",
    "resident": "本国居民拥有（不含港澳台）",
}
CRITERIA = {
    "sei": "战略性新兴产业的发明专利",
    "family": "在海外有同族专利权",
    "maintained": "维持年限超过 10 年",
    "pledge": "实现较高质押融资金额",
    "award": "获得国家科学技术奖或中国专利奖",
}
#: Regions the national figure leaves out (港澳台).
OUTSIDE = {"HK", "MO", "TW", "香港特别行政区", "澳门特别行政区", "台湾省"}


@dataclass(frozen=True, slots=True)
class Test:
    code: str
    state: str
    why: str
    facts: dict[str, Any] = field(default_factory=dict)
    source: str = ""

    def stored(self) -> dict[str, Any]:
        """As a result row keeps it (the facts are flat: no deep copy, which took about 40 % of
        a computation's time when profiled)."""
        return {
            "code": self.code,
            "state": self.state,
            "why": self.why,
            "facts": dict(self.facts),
            "source": self.source,
        }


@dataclass(frozen=True, slots=True)
class Holder:
    name: str
    country: str | None
    province: str | None


@dataclass(frozen=True, slots=True)
class Member:
    """A family member abroad, as the office's family data gives it."""

    number: str
    country: str
    granted: bool | None
    grant_date: date | None
    source: str


@dataclass(frozen=True, slots=True)
class Pledge:
    registration: str
    registered_on: date | None
    amount: Decimal | None
    source: str


@dataclass(frozen=True, slots=True)
class Award:
    name: str
    edition: str
    level: str
    source: str


@dataclass(frozen=True, slots=True)
class SeiMatch:
    sei_code: str
    sei_name: str
    rule_no: int
    ipc: str
    pattern: str
    confirmed: bool


@dataclass(frozen=True, slots=True)
class Facts:
    """What the record and the office's loaded data say about one patent."""

    number: str
    patent_type: str | None
    legal: str  # valid / invalid / pending / unknown (patents.legal)
    legal_text: str | None
    filing_date: date | None
    grant_date: date | None
    ipc: tuple[str, ...]
    sei: tuple[SeiMatch, ...]
    holders: tuple[Holder, ...]
    family_numbers: tuple[str, ...] = ()
    members: tuple[Member, ...] = ()
    pledges: tuple[Pledge, ...] = ()
    pledge_events: int = 0
    awards: tuple[Award, ...] = ()
    #: The date of the record's termination event, if any (lapsed after the reference date:
    #: still valid on it).
    lapsed_on: date | None = None


@dataclass(frozen=True, slots=True)
class Loaded:
    """Which of the office's inputs exist at all: with none loaded, absence proves nothing."""

    families: bool = False
    pledges: bool = False
    awards: bool = False


@dataclass(frozen=True, slots=True)
class Params:
    reference_date: date
    #: 维持年限 counted from the filing date (the default, an assumption) or the grant date.
    maintained_from: str = "filing"
    maintained_years: int = 10
    #: No public source states the threshold: until the office sets it the criterion is unknown.
    pledge_threshold: Decimal | None = None


def invention(f: Facts) -> Test:
    facts = {"专利类型": f.patent_type or "未知"}
    if f.patent_type is None:
        return Test("invention", UNKNOWN, "记录未载明专利类型", facts, "专利记录")
    if f.patent_type == "invention":
        return Test("invention", MET, "发明专利", facts, "专利记录")
    return Test("invention", NOT_MET, "不是发明专利", facts, "专利记录")


def valid(f: Facts, p: Params) -> Test:
    """Valid on the reference date: granted by then, and not lapsed by then."""
    facts = {"法律状态": f.legal_text or "未载明", "授权日": str(f.grant_date or "未载明"),
             "基准日": str(p.reference_date)}  # fmt: skip
    if f.legal == "pending":
        return Test("valid", NOT_MET, "尚未授权", facts, "专利记录")
    if f.grant_date is not None and f.grant_date > p.reference_date:
        return Test("valid", NOT_MET, "基准日时尚未授权", facts, "专利记录")
    if f.legal == "valid":
        return Test("valid", MET, "记录的法律状态为有效", facts, "专利记录")
    if f.legal == "invalid":
        if f.lapsed_on is not None and f.grant_date is not None and f.lapsed_on > p.reference_date:
            facts["终止日"] = str(f.lapsed_on)
            return Test("valid", MET, "基准日时仍有效（其后终止）", facts, "专利记录（法律事件）")
        return Test("valid", NOT_MET, "已失效", facts, "专利记录")
    return Test("valid", UNKNOWN, "记录的法律状态无法判断是否有效", facts, "专利记录")


def resident(f: Facts) -> Test:
    """Domestic resident: a holder in mainland China (the national figure excludes 港澳台)."""
    if not f.holders:
        return Test("resident", UNKNOWN, "记录中没有专利权人或申请人", {}, "专利记录")
    shown = {h.name: h.province or h.country or "地址未知" for h in f.holders}
    domestic = [h for h in f.holders if h.country == "CN" and h.province not in OUTSIDE]
    if domestic:
        return Test("resident", MET, f"{domestic[0].name}位于{domestic[0].province or '境内'}",
                    shown, "专利记录（申请人/专利权人地址）")  # fmt: skip
    known = [h for h in f.holders if h.country or h.province]
    if known and len(known) == len(f.holders):
        return Test("resident", NOT_MET, "专利权人均不是本国（不含港澳台）居民", shown,
                    "专利记录（申请人/专利权人地址）")  # fmt: skip
    return Test("resident", UNKNOWN, "专利权人的国籍或地址未载明", shown, "专利记录")


def sei(f: Facts) -> Test:
    if not f.ipc:
        return Test("sei", UNKNOWN, "记录中没有 IPC 分类号", {}, SEI_SOURCE)
    if f.sei:
        m = f.sei[0]
        facts = {
            "IPC": m.ipc,
            "产业": f"{m.sei_code} {m.sei_name}",
            "参照关系": f"第 {m.rule_no} 条 {m.pattern}",
        }
        why = "IPC 分类号落入参照关系表" + (
            "，关键词也已核对" if m.confirmed else "（关键词待人工核对）"
        )
        return Test("sei", MET, why, facts | {"其他命中": len(f.sei) - 1}, SEI_SOURCE)
    return Test("sei", NOT_MET, "IPC 分类号均不在参照关系表内（或被排除）",
                {"IPC": "、".join(f.ipc)}, SEI_SOURCE)  # fmt: skip


def family(f: Facts, loaded: Loaded) -> Test:
    granted = [m for m in f.members if m.country != "CN" and m.granted]
    if granted:
        m = granted[0]
        facts = {"同族": m.number, "国家或地区": m.country, "授权日": str(m.grant_date or "未载明")}
        return Test("family", MET, "海外同族已获授权（专利权）", facts, m.source)
    abroad = [m for m in f.members if m.country != "CN"]
    if abroad and all(m.granted is False for m in abroad):
        facts = {"海外同族": "、".join(m.number for m in abroad)}
        return Test("family", NOT_MET, "海外同族均未获授权（仅申请不算）", facts, abroad[0].source)
    listed = [n for n in f.family_numbers if n[:2].isalpha() and not n.startswith("CN")]
    if abroad or listed:
        facts = {"海外同族": "、".join([m.number for m in abroad] + listed)}
        return Test("family", UNKNOWN, "有海外同族，但授权情况未载明", facts, "同族数据")
    if loaded.families:
        return Test("family", NOT_MET, "已导入的同族数据中没有海外同族", {}, "同族数据")
    return Test("family", UNKNOWN, "未导入同族数据", {}, "")


def _add_years(start: date, years: int) -> date:
    try:
        return start.replace(year=start.year + years)
    except ValueError:  # 29 February
        return start.replace(year=start.year + years, day=28)


def maintained(f: Facts, p: Params) -> Test:
    start = f.filing_date if p.maintained_from == "filing" else f.grant_date
    basis = "申请日" if p.maintained_from == "filing" else "授权日"
    facts: dict[str, Any] = {basis: str(start or "未载明"), "基准日": str(p.reference_date)}
    source = f"专利记录；维持年限自{basis}起算（参数）"
    if start is None:
        return Test("maintained", UNKNOWN, f"记录未载明{basis}", facts, source)
    validity = valid(f, p).state
    if validity != MET:
        return Test("maintained", validity, "基准日时不处于有效状态，无法计为维持", facts, source)
    limit = _add_years(start, p.maintained_years)
    facts["满 10 年之日"] = str(limit)
    if p.reference_date > limit:
        return Test("maintained", MET, f"至基准日已维持超过 {p.maintained_years} 年", facts, source)
    return Test("maintained", NOT_MET, f"至基准日未超过 {p.maintained_years} 年", facts, source)


def pledge(f: Facts, p: Params, loaded: Loaded) -> Test:
    if p.pledge_threshold is None:
        return Test("pledge", UNKNOWN, "阈值未设置：公开文件未规定“较高质押融资金额”，由本局设定",
                    {"质押登记": len(f.pledges)}, "参数")  # fmt: skip
    threshold = p.pledge_threshold
    amounts = [x for x in f.pledges if x.amount is not None]
    top = max(amounts, key=lambda x: x.amount or 0) if amounts else None
    facts: dict[str, Any] = {"阈值（元）": str(threshold)}
    if top is not None:
        facts |= {"登记号": top.registration, "登记日": str(top.registered_on or "未载明"),
                  "金额（元）": str(top.amount)}  # fmt: skip
        if top.amount is not None and top.amount >= threshold:
            return Test("pledge", MET, "质押融资金额达到阈值", facts, top.source)
    without_amount = len(f.pledges) - len(amounts) + max(0, f.pledge_events - len(f.pledges))
    if without_amount > 0:
        facts["金额未载明的质押"] = without_amount
        return Test("pledge", UNKNOWN, "有质押登记，但金额未载明", facts, "质押登记/法律事件")
    if top is not None:
        return Test("pledge", NOT_MET, "质押融资金额低于阈值", facts, top.source)
    if loaded.pledges:
        return Test("pledge", NOT_MET, "已导入的质押登记中没有本专利", {}, "质押登记数据")
    return Test("pledge", UNKNOWN, "未导入质押登记数据", {}, "")


def award(f: Facts, loaded: Loaded) -> Test:
    if f.awards:
        a = f.awards[0]
        facts = {"奖项": a.name, "届次或年度": a.edition, "等级": a.level}
        return Test("award", MET, "在获奖名单中", facts, a.source)
    if loaded.awards:
        return Test("award", NOT_MET, "已导入的获奖名单中没有本专利", {}, "获奖名单")
    return Test("award", UNKNOWN, "未导入获奖名单", {}, "")


@dataclass(frozen=True, slots=True)
class Verdict:
    number: str
    #: yes / no / unknown: a valid domestic invention meeting any criterion, proven or not.
    high_value: str
    eligibility: tuple[Test, ...]
    criteria: tuple[Test, ...]

    @property
    def met(self) -> list[str]:
        return [t.code for t in self.criteria if t.state == MET]


def evaluate(f: Facts, p: Params, loaded: Loaded) -> Verdict:
    gates = (invention(f), valid(f, p), resident(f))
    tests = (sei(f), family(f, loaded), maintained(f, p), pledge(f, p, loaded), award(f, loaded))
    return decide(f.number, gates, tests)


def decide(number: str, gates: tuple[Test, ...], tests: tuple[Test, ...]) -> Verdict:
    """Yes: every gate met and any criterion met; no: a gate not met or every criterion not
    met; otherwise unknown (a figure counts only yes, and says how many are unknown)."""
    if any(g.state == NOT_MET for g in gates):
        verdict = "no"
    elif all(g.state == MET for g in gates) and any(t.state == MET for t in tests):
        verdict = "yes"
    elif all(t.state == NOT_MET for t in tests):
        verdict = "no"
    else:
        verdict = "unknown"
    return Verdict(number, verdict, gates, tests)
