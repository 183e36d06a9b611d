"""The life of a pledge loan and of its registration, as explicit state machines.

Loan (pledge_spec.md §2): 草稿 → 已提交 → 已预审 → (待评估 → 已评估 →) 银行审查 → 已批准 | 已拒绝 →
合同已签 → 登记已申请 → 已登记 → 已放款 → 还款中 → 已还清 → 质押已注销 → 已结清; exception branch
还款中 → 逾期 → 违约 → 保险理赔 → 处置 → 风险补偿 → 已结清 (先理赔后补偿, seeds/002 一(二)).
Registration: 准备中 → 已申请 → 补正 → 已申请 … → 已登记 | 不予登记; 已登记 → 已变更 → 已注销.
The pledge exists from registration (《民法典》第四百四十四条).
"""

from __future__ import annotations

from dataclasses import dataclass

from zhichan.core.errors import Conflict, PermissionDenied

LOAN_STATES = {
    "draft": "草稿",
    "submitted": "已提交",
    "prechecked": "已预审",
    "valuation_requested": "待评估",
    "valued": "已评估",
    "bank_review": "银行审查",
    "approved": "已批准",
    "rejected": "已拒绝",
    "contract_signed": "合同已签",
    "registration_filed": "登记已申请",
    "registered": "已登记",
    "disbursed": "已放款",
    "repaying": "还款中",
    "repaid": "已还清",
    "registration_cancelled": "质押已注销",
    "overdue": "逾期",
    "defaulted": "违约",
    "insurance_claimed": "保险理赔",
    "disposal": "质物处置",
    "risk_pool_claimed": "风险补偿",
    "closed": "已结清",
    "withdrawn": "已撤回",
}
REGISTRATION_STATES = {
    "prepared": "准备中",
    "filed": "已申请",
    "correction_requested": "补正",
    "registered": "已登记",
    "refused": "不予登记",
    "changed": "已变更",
    "cancelled": "已注销",
}
ACTORS = {"enterprise": "出质企业", "bank": "贷款银行", "office": "知识产权局"}


@dataclass(frozen=True, slots=True)
class Step:
    action: str
    label: str
    sources: tuple[str, ...]
    target: str
    actors: frozenset[str]


def _s(action: str, label: str, sources: str, target: str, actors: str) -> Step:
    return Step(action, label, tuple(sources.split()), target, frozenset(actors.split()))


LOAN_STEPS = (
    _s("submit", "提交申请", "draft", "submitted", "enterprise bank"),
    _s("withdraw", "撤回申请", "draft submitted prechecked", "withdrawn", "enterprise bank"),
    _s("precheck", "预审通过", "submitted", "prechecked", "bank"),
    _s("request_valuation", "委托评估", "prechecked", "valuation_requested", "bank"),
    _s("record_valuation", "录入评估结果", "valuation_requested", "valued", "bank"),
    _s("review", "进入银行审查", "prechecked valued", "bank_review", "bank"),
    _s("approve", "批准", "bank_review", "approved", "bank"),
    _s("reject", "拒绝", "bank_review", "rejected", "bank"),
    _s("sign", "签订借款与质押合同", "approved", "contract_signed", "bank"),
    _s("file", "申请质押登记", "contract_signed", "registration_filed", "bank"),
    _s("register", "质押登记生效", "registration_filed", "registered", "bank"),
    _s("refused", "不予登记", "registration_filed", "contract_signed", "bank"),
    _s("disburse", "放款", "registered", "disbursed", "bank"),
    _s("start_repaying", "进入还款期", "disbursed", "repaying", "bank"),
    _s("repay", "还清本息", "repaying overdue", "repaid", "bank"),
    _s("cancel_registration", "注销质押登记", "repaid", "registration_cancelled", "bank"),
    _s("close", "结清", "registration_cancelled risk_pool_claimed", "closed", "bank office"),
    _s("overdue", "标记逾期", "repaying", "overdue", "bank"),
    _s("cure", "逾期已纠正", "overdue", "repaying", "bank"),
    _s("default", "认定违约", "overdue", "defaulted", "bank"),
    _s("insurance_claim", "保险理赔", "defaulted", "insurance_claimed", "bank"),
    _s("dispose", "处置质物", "defaulted insurance_claimed", "disposal", "bank"),
    _s("pool_claim", "申请风险补偿", "disposal", "risk_pool_claimed", "bank"),
)
LOAN_ACTIONS = {s.action: s.label for s in LOAN_STEPS}
#: Steps that need a reason from the actor.
NEEDS_REASON = frozenset({"withdraw", "reject", "refused", "overdue", "default"})
#: States in which the bank holds (or is about to hold) a pledge on the package.
PLEDGED = frozenset(
    {"registered", "disbursed", "repaying", "overdue", "defaulted", "insurance_claimed", "disposal"}
)
#: States in which the package may still change.
OPEN_PACKAGE = frozenset(
    {
        "draft",
        "submitted",
        "prechecked",
        "valuation_requested",
        "valued",
        "bank_review",
        "approved",
        "contract_signed",
    }
)
FINAL = frozenset({"rejected", "closed", "withdrawn"})


def allowed(state: str, actors: frozenset[str]) -> list[Step]:
    """The steps ``actors`` may take from ``state``, in table order."""
    return [s for s in LOAN_STEPS if state in s.sources and s.actors & actors]


def step(state: str, action: str, actors: frozenset[str]) -> Step:
    """The step ``action`` from ``state``; a clear error when it is not a legal move."""
    if action not in LOAN_ACTIONS:
        raise Conflict(f"未知操作：{action}", details={"action": action})
    found = next((s for s in LOAN_STEPS if s.action == action and state in s.sources), None)
    if found is None:
        possible = "、".join(s.label for s in LOAN_STEPS if state in s.sources) or "无"
        raise Conflict(
            f"贷款申请当前状态为“{LOAN_STATES[state]}”，不能“{LOAN_ACTIONS[action]}”；"
            f"此状态下可以：{possible}",
            details={"state": state, "action": action},
        )
    if not found.actors & actors:
        who = "或".join(ACTORS[a] for a in sorted(found.actors))
        raise PermissionDenied(
            f"“{found.label}”只能由{who}操作", details={"state": state, "action": action}
        )
    return found


#: Registration steps of their own (the loan's ``file``/``register``/``refused``/
#: ``cancel_registration`` move the registration too; see ``REGISTRATION_OF``).
REGISTRATION_STEPS = {
    "correct": ("收到补正通知", ("filed",), "correction_requested"),
    "resubmit": ("提交补正", ("correction_requested",), "filed"),
    "change": ("质押登记变更", ("registered", "changed"), "changed"),
}
#: The registration state a loan step leads to.
REGISTRATION_OF = {
    "file": "filed",
    "register": "registered",
    "refused": "refused",
    "cancel_registration": "cancelled",
}


def registration_step(state: str, action: str) -> str:
    """The registration's next state after ``action``; a clear error when it is not legal."""
    label, sources, target = REGISTRATION_STEPS.get(action, (action, (), ""))
    if state not in sources:
        raise Conflict(
            f"质押登记当前状态为“{REGISTRATION_STATES.get(state, state)}”，不能“{label}”",
            details={"state": state, "action": action},
        )
    return target
