"""The life of an open-licence declaration as an explicit state machine.

草稿 → 已提交 → 审查合格 / 审查不合格 → 已公告 → 撤回待公告 → 已撤回（公告）.
Legal basis: a declaration is examined and announced by the patent office and withdrawn in
writing with an announcement (《专利法》第五十条); licences granted before the withdrawal
is announced stay valid (第五十条第二款), and licences may be taken while it is in effect
(第五十一条第一款).
"""

from __future__ import annotations

from dataclasses import dataclass

from zhichan.core.errors import Conflict, PermissionDenied

STATES = {
    "draft": "草稿",
    "submitted": "已提交",
    "approved": "审查合格",
    "rejected": "审查不合格",
    "announced": "已公告",
    "withdrawal_requested": "撤回待公告",
    "withdrawn": "已撤回",
}

#: Declarant: the patentee's organisation (or its agent); office: the patent office role.
ACTORS = {"declarant": "声明人", "office": "知识产权局"}


@dataclass(frozen=True, slots=True)
class Step:
    action: str
    label: str
    source: str
    target: str
    actor: str


STEPS = (
    Step("submit", "提交", "draft", "submitted", "declarant"),
    Step("recall", "撤回提交", "submitted", "draft", "declarant"),
    Step("approve", "审查合格", "submitted", "approved", "office"),
    Step("reject", "审查不合格", "submitted", "rejected", "office"),
    Step("revise", "修改后重新提交", "rejected", "draft", "declarant"),
    Step("publish", "公告", "approved", "announced", "office"),
    Step("request_withdrawal", "申请撤回", "announced", "withdrawal_requested", "declarant"),
    Step("announce_withdrawal", "公告撤回", "withdrawal_requested", "withdrawn", "office"),
)
ACTIONS = {s.action: s.label for s in STEPS}
_BY_KEY = {(s.source, s.action): s for s in STEPS}

#: States in which the declaration is in effect: anyone may take a licence, and the
#: annual fees are reduced (《专利法》第五十一条).
IN_EFFECT = frozenset({"announced", "withdrawal_requested"})
#: States that hold the patent: no second declaration may cover it meanwhile.
HOLDING = frozenset({"submitted", "approved", "announced", "withdrawal_requested"})
#: States that need a reason from the actor.
NEEDS_REASON = frozenset({"reject", "request_withdrawal"})


def allowed(state: str, actors: frozenset[str]) -> list[Step]:
    """The steps ``actors`` may take from ``state``, in table order."""
    return [s for s in STEPS if s.source == state and s.actor in actors]


def step(state: str, action: str, actors: frozenset[str]) -> Step:
    """The step ``action`` from ``state``; a clear error when it is not a legal move."""
    if action not in ACTIONS:
        raise Conflict(f"未知操作：{action}", details={"action": action})
    found = _BY_KEY.get((state, action))
    if found is None:
        possible = "、".join(s.label for s in STEPS if s.source == state) or "无"
        raise Conflict(
            f"声明当前状态为“{STATES[state]}”，不能“{ACTIONS[action]}”；此状态下可以：{possible}",
            details={"state": state, "action": action},
        )
    if found.actor not in actors:
        raise PermissionDenied(
            f"“{found.label}”只能由{ACTORS[found.actor]}操作",
            details={"state": state, "action": action},
        )
    return found
