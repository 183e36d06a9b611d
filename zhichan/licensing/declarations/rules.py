"""Checks of an open-licence declaration, each with the article it comes from.

Pure: the caller gathers what the patent records say (:class:`PatentFacts`) and what the
declarant states (:class:`Draft`). A finding is ``error`` (blocks submission), ``warning``
(advice), ``verify`` (the records cannot confirm it: the examiner checks the declarant's
statement) or ``pass``. Each finding names the facts it used, so a user sees why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from zhichan.core.dates import add_months
from zhichan.core.text import nfkc
from zhichan.licensing.declarations import fees

RULES: dict[str, tuple[str, str]] = {
    # code: (what is checked, the source it comes from)
    "granted": ("已授权并公告", "专利法实施细则第八十五条第一款"),
    "in_force": ("专利权有效", "专利法第五十条第一款"),
    "owner": ("声明人是专利权人", "专利法第五十条第一款"),
    "co_owners": ("共有专利", "专利法第十四条"),
    "agent": ("代理声明需委托", "专利法第十八条第二款"),
    "evaluation_report": ("实用新型、外观设计附专利权评价报告", "专利法第五十条第一款"),
    "exclusive": ("无独占或排他许可", "专利法实施细则第八十六条"),
    "suspension": ("无中止情形", "专利法实施细则第八十六条"),
    "annual_fee": ("已按规定缴纳年费", "专利法实施细则第八十六条"),
    "pledge": ("质押需质权人同意", "专利法实施细则第八十六条"),
    "holding": ("同一专利只在一份有效声明中", "专利法第五十条第一款"),
    "items": (
        "写明专利号、专利权人、使用费支付方式和标准、许可期限",
        "专利法实施细则第八十五条第二款",
    ),
    "term": ("许可期限", "专利法实施细则第八十五条第二款"),
    "wording": ("内容准确清楚，无商业性宣传用语", "专利法实施细则第八十五条第三款"),
    "fee_caps": ("使用费指导上限", fees.CAP_SOURCE),
    "truthful": ("材料真实", "专利法实施细则第八十八条"),
    "contact": ("受理许可通知的联系方式", "专利法第五十一条第一款"),
}
CONFIRMATIONS = {
    "no_exclusive": "该专利不处于独占或排他许可有效期限内",
    "no_suspension": "该专利不属于细则第一百零三条、第一百零四条规定的中止情形",
    "fees_paid": "已按规定缴纳年费",
    "truthful": "所提交材料真实，无虚假材料或隐瞒事实",
}
#: Commercial-promotion words that make a declaration unclear (细则第八十五条第三款).
PROMOTIONAL = (
    "最佳", "最好", "最优", "最先进", "第一", "顶级", "顶尖", "极品", "首选", "唯一", "独家",
    "国际领先", "国内领先", "世界领先", "行业领先", "史无前例", "绝对", "百分之百", "100%",
    "稳赚", "保赚", "包赚", "零风险", "无风险", "暴利", "全网", "王牌", "爆款", "限时", "抢购",
)  # fmt: skip
_PROMO = re.compile("|".join(re.escape(w) for w in PROMOTIONAL))
TYPES = {"invention": "发明", "utility_model": "实用新型", "design": "外观设计"}
MAX_TERM_YEARS = 20
GRANTED_KINDS = frozenset({"B", "C", "U", "Y", "S"})


@dataclass(frozen=True, slots=True)
class PatentFacts:
    """What the stored record of one patent says; ``None`` = the record does not say."""

    number: str
    patent_type: str | None = None
    kind: str | None = None
    status: str = "unknown"
    legal_status: str | None = None
    grant_date: date | None = None
    expiry: date | None = None
    holders: tuple[str, ...] = ()
    pledged: bool | None = None
    licence_records: int = 0
    holding_declaration: str | None = None
    evaluation_report: str | None = None
    pledgee_consent: str | None = None


@dataclass(frozen=True, slots=True)
class Draft:
    declarant: str
    patentee: str
    agent_authorisation: str | None
    contact_name: str | None
    contact_phone: str | None
    contact_email: str | None
    fee: fees.FeeStandard
    texts: tuple[str, ...]
    confirmations: frozenset[str]
    patents: tuple[PatentFacts, ...]
    today: date


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    severity: str
    message: str
    number: str | None = None
    facts: dict[str, str] = field(default_factory=dict)

    @property
    def title(self) -> str:
        return RULES[self.code][0]

    @property
    def basis(self) -> str:
        return RULES[self.code][1]


def check(draft: Draft) -> list[Finding]:
    """Every rule over the declaration, declaration-wide rules first, then per patent."""
    out = [*_items(draft), *_wording(draft), *_contact(draft), *_confirmed(draft)]
    out += _caps(draft.fee)
    for p in draft.patents:
        out += _patent(draft, p)
    return out


def blocking(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity == "error"]


def _items(d: Draft) -> list[Finding]:
    fee = d.fee
    out = [Finding("items", "error", m) for m in _fee_problems(fee)]
    if not d.patents:
        out.append(Finding("items", "error", "至少写明一件专利的专利号"))
    if not d.patentee.strip():
        out.append(Finding("items", "error", "未写明专利权人的姓名或者名称"))
    if not 1 <= fee.term_years <= MAX_TERM_YEARS:
        out.append(Finding("term", "error", f"许可期限应为 1 至 {MAX_TERM_YEARS} 年"))
    if not out:
        out.append(
            Finding(
                "items",
                "pass",
                f"已写明：专利权人 {d.patentee}；{fee.label()}；"
                f"{fees.SCHEDULES.get(fee.payment_schedule, '')}支付（{fee.payment_method}）；"
                f"许可期限 {fee.term_years} 年",
            )
        )
    return out


def _fee_problems(fee: fees.FeeStandard) -> list[str]:
    out = []
    if fee.kind == "none":
        out.append("未写明许可使用费标准（固定费用、提成或分成至少一项）")
    for name, value in (
        ("固定费用", fee.fixed_fee),
        ("净销售额提成比例", fee.sales_rate),
        ("利润分成比例", fee.profit_rate),
    ):
        if value is not None and value <= 0:
            out.append(f"{name}应大于 0")
        elif value is not None and name.endswith("比例") and value > 100:
            out.append(f"{name}不能超过 100%")
    if not fee.payment_method.strip():
        out.append("未写明许可使用费支付方式（如银行转账）")
    if fee.fixed_period == "year" and fee.payment_schedule != "year":
        out.append("按许可年度收取的固定费用须按年支付")
    return out


def _wording(d: Draft) -> list[Finding]:
    found = sorted({m.group(0) for t in d.texts for m in _PROMO.finditer(t)})
    if found:
        return [
            Finding(
                "wording",
                "error",
                f"含商业性宣传用语：{'、'.join(found)}；请改为客观描述",
                facts={"用语": "、".join(found)},
            )
        ]
    return [Finding("wording", "pass", "未发现商业性宣传用语")]


def _contact(d: Draft) -> list[Finding]:
    if not (d.contact_name or "").strip() or not ((d.contact_phone or d.contact_email) or ""):
        return [Finding("contact", "error", "请填写联系人及电话或电子邮箱，以便被许可人书面通知")]
    return [Finding("contact", "pass", f"联系人 {d.contact_name}")]


def _confirmed(d: Draft) -> list[Finding]:
    codes = {
        "no_exclusive": "exclusive",
        "no_suspension": "suspension",
        "fees_paid": "annual_fee",
        "truthful": "truthful",
    }
    out = []
    for key, code in codes.items():
        if key in d.confirmations:
            out.append(Finding(code, "pass", f"声明人承诺：{CONFIRMATIONS[key]}"))
        else:
            out.append(Finding(code, "error", f"须由声明人确认：{CONFIRMATIONS[key]}"))
    return out


def _caps(fee: fees.FeeStandard) -> list[Finding]:
    return [
        Finding(
            "fee_caps",
            "warning" if c.over else "pass",
            f"{c.message}：{c.value}（上限 {c.cap}）",
            facts={"取值": c.value, "上限": c.cap},
        )
        for c in fees.cap_checks(fee)
    ]


def _patent(d: Draft, p: PatentFacts) -> list[Finding]:
    return [
        _granted(d, p),
        _in_force(p),
        *_owner(d, p),
        _evaluation(p),
        _pledge(p),
        *_licence_records(p),
        *_holding(p),
        *_term(d, p),
    ]


def _status_facts(p: PatentFacts) -> dict[str, str]:
    return {
        "法律状态": p.legal_status or "未知",
        "授权公告日": p.grant_date.isoformat() if p.grant_date else "未知",
        "文献类型": p.kind or "未知",
    }


def _granted(d: Draft, p: PatentFacts) -> Finding:
    facts = _status_facts(p)
    if p.status == "pending":
        return Finding("granted", "error", "专利尚未授权，授权公告后才能声明", p.number, facts)
    if p.grant_date and p.grant_date > d.today:
        return Finding("granted", "error", "授权公告日在今天之后", p.number, facts)
    if p.grant_date or p.status == "valid" or (p.kind or "") in GRANTED_KINDS:
        return Finding("granted", "pass", "记录显示已授权", p.number, facts)
    return Finding("granted", "verify", "专利记录中没有授权信息，请审查员核实", p.number, facts)


def _in_force(p: PatentFacts) -> Finding:
    facts = _status_facts(p)
    if p.status == "invalid":
        return Finding("in_force", "error", "专利权已失效，不能声明开放许可", p.number, facts)
    if p.status == "valid":
        return Finding("in_force", "pass", "法律状态有效", p.number, facts)
    return Finding("in_force", "verify", "专利记录中没有法律状态，请审查员核实", p.number, facts)


def _owner(d: Draft, p: PatentFacts) -> list[Finding]:
    facts = {"记录中的专利权人": "、".join(p.holders) or "未知", "声明的专利权人": d.patentee}
    out = []
    if not p.holders:
        out.append(
            Finding("owner", "verify", "专利记录中没有专利权人，请审查员核实", p.number, facts)
        )
    elif nfkc(d.patentee) not in {nfkc(h) for h in p.holders}:
        out.append(Finding("owner", "error", "声明的专利权人与记录不符", p.number, facts))
    else:
        out.append(Finding("owner", "pass", "与记录中的专利权人一致", p.number, facts))
    if len(p.holders) > 1:
        out.append(
            Finding(
                "co_owners",
                "warning",
                "共有专利：请附全体共有人同意的书面证明，许可使用费应在共有人之间分配",
                p.number,
                facts,
            )
        )
    if nfkc(d.declarant) != nfkc(d.patentee):  # one name, typed in either width
        agent = {"声明机构": d.declarant, "委托书": d.agent_authorisation or "未提供"}
        if d.agent_authorisation:
            out.append(Finding("agent", "pass", "代理声明，已附委托书", p.number, agent))
        else:
            out.append(
                Finding("agent", "error", "声明机构不是专利权人，须附委托书", p.number, agent)
            )
    return out


def _evaluation(p: PatentFacts) -> Finding:
    kind = TYPES.get(p.patent_type or "", p.patent_type or "未知")
    facts = {"专利类型": kind, "评价报告": p.evaluation_report or "未提供"}
    if p.patent_type in ("utility_model", "design"):
        if p.evaluation_report:
            return Finding("evaluation_report", "pass", "已提供专利权评价报告", p.number, facts)
        return Finding(
            "evaluation_report", "error", "实用新型、外观设计须提供专利权评价报告", p.number, facts
        )
    if p.patent_type == "invention" or p.evaluation_report:
        return Finding("evaluation_report", "pass", "无需或已提供评价报告", p.number, facts)
    return Finding(
        "evaluation_report",
        "verify",
        "专利类型未知：如为实用新型或外观设计，须提供专利权评价报告",
        p.number,
        facts,
    )


def _pledge(p: PatentFacts) -> Finding:
    facts = {
        "质押": {True: "记录显示质押中", False: "记录中无未解除的质押", None: "记录中无法律事件"}[
            p.pledged
        ],
        "质权人同意书": p.pledgee_consent or "未提供",
    }
    if p.pledgee_consent:
        return Finding("pledge", "pass", "已附质权人同意书", p.number, facts)
    if p.pledged:
        return Finding("pledge", "error", "专利权已质押，须经质权人同意", p.number, facts)
    if p.pledged is None:
        return Finding("pledge", "verify", "无法从记录确认是否质押，请审查员核实", p.number, facts)
    return Finding("pledge", "pass", "未质押", p.number, facts)


def _licence_records(p: PatentFacts) -> list[Finding]:
    if p.licence_records:
        return [
            Finding(
                "exclusive",
                "verify",
                f"记录中有 {p.licence_records} 条许可备案，"
                "请审查员核实其中没有有效的独占或排他许可",
                p.number,
                {"许可备案": str(p.licence_records)},
            )
        ]
    return []


def _holding(p: PatentFacts) -> list[Finding]:
    if p.holding_declaration:
        return [
            Finding(
                "holding",
                "error",
                f"该专利已在开放许可声明 {p.holding_declaration} 中，该声明撤回后才能重新声明",
                p.number,
                {"声明": p.holding_declaration},
            )
        ]
    return []


def _term(d: Draft, p: PatentFacts) -> list[Finding]:
    if p.expiry is None or not 1 <= d.fee.term_years <= MAX_TERM_YEARS:
        return []
    end = add_months(d.today, 12 * d.fee.term_years)
    if end > p.expiry:
        return [
            Finding(
                "term",
                "warning",
                f"许可期限（至 {end}）超过专利权期限届满日 {p.expiry}，许可至届满日终止",
                p.number,
                {"届满日": p.expiry.isoformat()},
            )
        ]
    return []
