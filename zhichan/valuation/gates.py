"""Hard gates per scenario: conditions that make a use impossible whatever the score (a lapsed
patent cannot be pledged), each with the fact it read and its source. A gate blocks, passes,
warns, or says the records cannot tell (``unknown``) — it never lowers the score."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from zhichan.patents.schemas import PatentProfile
from zhichan.valuation.terms import Term, legal_term

PLEDGE_RULES = "《专利权质押登记办法》（国家知识产权局公告第四六一号）不予登记的情形"
CIVIL_444 = "《中华人民共和国民法典》第四百四十四条"
PATENT_44 = "《中华人民共和国专利法》第四十四条"
PATENT_42 = "《中华人民共和国专利法》第四十二条"
STATES = {"pass": "通过", "block": "阻止", "warn": "提示", "unknown": "无法判断"}


@dataclass(frozen=True, slots=True)
class Gate:
    key: str
    label: str
    state: str
    fact: str
    source: str


@dataclass(frozen=True, slots=True)
class Terms:
    """What the user states for a scenario: the loan's last day, the co-owners' consent, the
    date of the infringement."""

    loan_ends: date | None = None
    co_owner_consent: bool = False
    infringement_on: date | None = None


def _granted(p: PatentProfile) -> Gate:
    label = "已授权"
    if p.grant_date is not None or p.status_category in ("valid", "invalid"):
        return Gate(
            "granted", label, "pass", f"授权日 {p.grant_date or '见法律状态'}", PLEDGE_RULES
        )
    if p.status_category == "pending":
        return Gate(
            "granted", label, "block", f"法律状态：{p.legal_status}（仅为申请）", PLEDGE_RULES
        )
    return Gate("granted", label, "unknown", "记录没有授权日和法律状态", PLEDGE_RULES)


def _in_force(p: PatentProfile, term: Term | None, today: date) -> Gate:
    label = "专利权有效"
    if p.status_category == "invalid":
        return Gate(
            "in_force", label, "block", f"法律状态：{p.legal_status or '已终止'}", PATENT_42
        )
    if term is not None and term.ends < today:
        return Gate("in_force", label, "block", f"保护期已于 {term.ends} 届满", PATENT_42)
    if p.status_category == "valid":
        return Gate("in_force", label, "pass", f"法律状态：{p.legal_status}", PATENT_42)
    return Gate("in_force", label, "unknown", "记录未载明法律状态", PATENT_42)


def _annuity(p: PatentProfile) -> Gate:
    label = "年费已缴"
    texts = [p.legal_status or "", *(e.text for e in p.events)]
    if any("未缴年费" in t or "年费滞纳" in t for t in texts):
        return Gate("annuity", label, "block", "记录有未缴年费的法律状态或事件", PATENT_44)
    if p.status_category == "valid":
        return Gate("annuity", label, "pass", "法律状态为有效（年费未欠缴至终止）", PATENT_44)
    return Gate("annuity", label, "unknown", "记录未载明年费缴纳情况", PATENT_44)


def _pledge(p: PatentProfile) -> Gate:
    label = "未被质押"
    pledges = sum(1 for e in p.events if e.code == "pledge")
    releases = sum(1 for e in p.events if e.code == "pledge_release")
    if pledges > releases:
        return Gate(
            "pledge", label, "block", f"质押登记 {pledges} 次、解除 {releases} 次", PLEDGE_RULES
        )
    if p.events:
        return Gate("pledge", label, "pass", "法律事件中没有未解除的质押", PLEDGE_RULES)
    return Gate("pledge", label, "unknown", "记录没有法律事件", PLEDGE_RULES)


def _preservation(p: PatentProfile) -> Gate:
    label = "无保全或权属纠纷中止"
    hit = next((e for e in p.events if any(w in e.text for w in ("保全", "冻结", "中止"))), None)
    if hit is not None:
        return Gate("preservation", label, "block", f"{hit.date or ''} {hit.text}", PLEDGE_RULES)
    if p.events:
        return Gate("preservation", label, "pass", "法律事件中没有保全、冻结或中止", PLEDGE_RULES)
    return Gate("preservation", label, "unknown", "记录没有法律事件", PLEDGE_RULES)


def _loan_term(term: Term | None, t: Terms) -> Gate:
    label = "债务履行期限不超过专利权期限"
    if t.loan_ends is None:
        return Gate("loan_term", label, "unknown", "未填写贷款到期日", PLEDGE_RULES)
    if term is None:
        return Gate(
            "loan_term", label, "unknown", "专利类型或申请日不详，无法计算届满日", PATENT_42
        )
    fact = f"贷款到期 {t.loan_ends}，专利权届满 {term.ends}"
    state = "block" if t.loan_ends > term.ends else "pass"
    return Gate("loan_term", label, state, fact, f"{PLEDGE_RULES}；{PATENT_42}")


def _co_owners(p: PatentProfile, t: Terms) -> Gate:
    label = "共有人同意"
    if not p.holders:
        return Gate("co_owners", label, "unknown", "记录没有权利人", PLEDGE_RULES)
    if len(p.holders) == 1:
        return Gate("co_owners", label, "pass", f"权利人 {p.holders[0]}", PLEDGE_RULES)
    names = "、".join(p.holders)
    if t.co_owner_consent:
        return Gate("co_owners", label, "pass", f"共有人 {names}，已声明同意", PLEDGE_RULES)
    return Gate("co_owners", label, "block", f"共有人 {names}，未声明同意", PLEDGE_RULES)


def _invalidation(p: PatentProfile) -> Gate:
    hit = next((e for e in p.events if e.code == "invalidation"), None)
    label = "无效宣告程序"
    if hit is None and not p.events:
        return Gate("invalidation", label, "unknown", "记录没有法律事件", PLEDGE_RULES)
    if hit is None:
        return Gate("invalidation", label, "pass", "法律事件中没有无效宣告", PLEDGE_RULES)
    return Gate(
        "invalidation",
        label,
        "warn",
        f"{hit.date or ''} {hit.text}（当事人坚持的可登记）",
        PLEDGE_RULES,
    )


def _licensed(p: PatentProfile) -> Gate:
    label = "已有许可与质押"
    pledged = sum(1 for e in p.events if e.code == "pledge") > sum(
        1 for e in p.events if e.code == "pledge_release"
    )
    if pledged:
        return Gate("licensed", label, "warn", "质押未解除：转让或许可须经质权人同意", CIVIL_444)
    if any(e.code == "licence_record" for e in p.events):
        return Gate("licensed", label, "warn", "已有许可备案：须核对是否为独占许可", CIVIL_444)
    return Gate("licensed", label, "pass", "没有质押或许可备案记录", CIVIL_444)


def _at_infringement(p: PatentProfile, term: Term | None, t: Terms, today: date) -> Gate:
    label = "侵权行为发生时专利权有效"
    if t.infringement_on is None:
        gate = _in_force(p, term, today)
        return Gate(
            "at_infringement",
            label,
            "unknown" if gate.state == "pass" else gate.state,
            f"未填写侵权行为日期；{gate.fact}",
            PATENT_42,
        )
    on = t.infringement_on
    lapsed = next((e.date for e in p.events if e.code == "termination" and e.date), None)
    if p.grant_date is not None and on < p.grant_date:
        return Gate("at_infringement", label, "block", f"{on} 早于授权日 {p.grant_date}", PATENT_42)
    if term is not None and on > term.ends:
        return Gate("at_infringement", label, "block", f"{on} 晚于届满日 {term.ends}", PATENT_42)
    if lapsed is not None and on > lapsed:
        return Gate("at_infringement", label, "block", f"{on} 晚于终止日 {lapsed}", PATENT_44)
    if p.grant_date is None:
        return Gate("at_infringement", label, "unknown", "记录没有授权日", PATENT_42)
    return Gate(
        "at_infringement", label, "pass", f"{on} 在授权日 {p.grant_date} 之后、届满之前", PATENT_42
    )


def check(scenario: str, p: PatentProfile, today: date, t: Terms | None = None) -> list[Gate]:
    t = t or Terms()
    term = legal_term(p)
    if scenario == "finance":
        return [
            _granted(p),
            _in_force(p, term, today),
            _annuity(p),
            _pledge(p),
            _preservation(p),
            _loan_term(term, t),
            _co_owners(p, t),
            _invalidation(p),
        ]
    if scenario == "licensing":
        return [_granted(p), _in_force(p, term, today), _licensed(p)]
    if scenario == "enforcement":
        return [_at_infringement(p, term, t, today)]
    return []


def blocked(gates: list[Gate]) -> bool:
    return any(g.state == "block" for g in gates)
