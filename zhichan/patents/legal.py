"""Legal events and legal status: the categories of a CN patent's life, from free text.

Exporters write events as text (``2019-05-10 授权``, ``专利权的终止(未缴年费专利权终止)``); each is
mapped to a stable code by the first rule whose pattern matches. Order matters: withdrawals
and releases are tested before what they withdraw or release.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from zhichan.core.text import nfkc, nfkc_lines
from zhichan.patents.dates import parse_date

EVENTS: tuple[tuple[str, str, re.Pattern[str]], ...] = tuple(
    (code, label, re.compile(pattern))
    for code, label, pattern in (
        ("open_licence_withdrawn", "开放许可声明撤回", r"开放许可.*(撤回|撤销)|撤回.*开放许可"),
        ("open_licence", "开放许可声明", r"开放许可"),
        ("pledge_release", "质押解除", r"质押.*(解除|注销)|(解除|注销).*质押"),
        ("pledge", "质押登记", r"质押"),
        ("licence_record", "许可备案", r"许可.*备案|备案.*许可|实施许可"),
        ("invalidation", "无效宣告", r"无效宣告|宣告.*无效|无效请求"),
        ("transfer", "转让", r"转让|转移|专利权人.*变更|申请人.*变更|权利人.*变更"),
        ("termination", "权利终止", r"终止|未缴年费|放弃专利权|期限届满"),
        ("deemed_withdrawn", "视为撤回", r"视为撤回|视为放弃"),
        ("withdrawn", "撤回", r"撤回"),
        ("rejection", "驳回", r"驳回"),
        ("grant", "授权", r"授权|授予|专利权.*生效"),
        ("exam_request", "实质审查生效", r"实质审查"),
        ("publication", "公开", r"公开|公布"),
        ("change", "著录事项变更", r"变更"),
        ("restoration", "权利恢复", r"恢复"),
    )
)

#: Events that the platform itself records (the licensing domain's declarations), never
#: matched against imported text.
PLATFORM_EVENTS = {
    "open_licence_submitted": "开放许可声明提交",
    "open_licence_recalled": "开放许可声明撤回提交",
    "open_licence_approved": "开放许可声明审查合格",
    "open_licence_rejected": "开放许可声明审查不合格",
    "open_licence_revised": "开放许可声明退回修改",
    "open_licence_withdrawal_requested": "开放许可声明申请撤回",
    "pledge_changed": "质押登记变更",
}
EVENT_LABELS = {code: label for code, label, _ in EVENTS} | PLATFORM_EVENTS | {"other": "其他"}
#: After which event the patent is under an open licence in effect (年费减免, 专利法第五十一条).
_OPEN_ON = frozenset({"open_licence", "open_licence_withdrawal_requested"})
_OPEN_OFF = frozenset({"open_licence_withdrawn"})


def classify_event(text: str) -> str:
    cleaned = nfkc(text)
    for code, _label, pattern in EVENTS:
        if pattern.search(cleaned):
            return code
    return "other"


@dataclass(frozen=True, slots=True)
class Event:
    date: date | None
    code: str
    text: str


_LEADING_DATE = re.compile(
    r"^\s*(\d{4}[-./年]\d{1,2}[-./月]\d{1,2}日?|\d{8})\s*[:：,，\s]?\s*(.*)$"
)


def parse_events(raw: str | None) -> list[Event]:
    """Split a 法律事件 cell (one event per line or per ``;``) into dated, coded events."""
    if not raw:
        return []
    events = []
    for part in re.split(r"[\n;；]+", nfkc_lines(raw)):
        part = part.strip()
        if not part:
            continue
        when = None
        if m := _LEADING_DATE.match(part):
            when, part = parse_date(m.group(1)), m.group(2).strip() or part
        events.append(Event(when, classify_event(part), part))
    return sorted(events, key=lambda e: e.date or date.min)


def open_licence_active(codes: list[str]) -> bool:
    """Whether the last open-licence announcement among events (in date order) still holds."""
    active = False
    for code in codes:
        if code in _OPEN_ON:
            active = True
        elif code in _OPEN_OFF:
            active = False
    return active


def pledged(codes: list[str]) -> bool | None:
    """Whether a pledge registration is not yet released; ``None`` without any events."""
    if not codes:
        return None
    state = False
    for code in codes:
        if code == "pledge":
            state = True
        elif code == "pledge_release":
            state = False
    return state


STATUSES = {"valid": "有效", "invalid": "失效", "pending": "审中", "unknown": "未知"}


def status_category(raw: str | None) -> str:
    """有效 / 失效 / 审中 from the 法律状态 text of CNIPA, incoPat or PatSnap exports."""
    if not raw:
        return "unknown"
    text = nfkc(raw)
    if re.search(r"失效|终止|驳回|撤回|放弃|届满|无效|invalid|expired|lapsed", text, re.I):
        return "invalid"
    if re.search(r"审中|实质审查|公开|在审|pending", text, re.I):
        return "pending"
    if re.search(r"有效|授权|维持|active|granted", text, re.I):
        return "valid"
    return "unknown"
