"""What a watch compares: the state of a record it keeps, and the alerts a change of state
raises, each with its evidence. Pure functions over ``patents`` facts.

A record's state holds only what an alert is about (legal status, grant, events of the kinds
below, IPC subclasses), so a scan that reads a record again finds nothing new unless one of
those changed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from zhichan.patents.schemas import EventFacts, PatentFacts

#: Alert kinds and their Chinese names (the one label table; codes are kept in the database).
KINDS = {
    "new_publication": "新公开",
    "new_grant": "新授权",
    "entered_scope": "新进入监测范围",
    "lapsed": "权利终止",
    "status_change": "法律状态变化",
    "event": "转让/许可/质押等事件",
    "new_subclass": "进入新技术领域",
    "similar": "与本机构专利相似的新记录",
}
#: Legal events an alert reports (codes of ``patents.legal``), with the words it uses.
EVENTS = {
    "transfer": "转让",
    "licence_record": "许可备案",
    "pledge": "质押登记",
    "pledge_release": "质押解除",
    "open_licence": "开放许可声明",
    "open_licence_withdrawn": "开放许可声明撤回",
    "invalidation": "无效宣告",
    "restoration": "权利恢复",
}
STATUS = {"valid": "有效", "invalid": "失效", "pending": "审中", "unknown": "未知"}
SOURCE = "来源：本平台专利库的著录项目与法律事件（导入的数据）"


def subclass(code: str) -> str:
    """The IPC subclass of a symbol (``H01M 10/052`` → ``H01M``)."""
    return code.replace(" ", "")[:4].upper()


def state(p: PatentFacts) -> dict[str, Any]:
    counts: dict[str, int] = {}
    for e in p.events:
        if e.code in EVENTS:
            counts[e.code] = counts.get(e.code, 0) + 1
    return {
        "status": p.status_category,
        "grant": p.grant_date.isoformat() if p.grant_date else None,
        "events": counts,
        "subclasses": sorted({subclass(c) for c in p.ipc if len(c) >= 4}),
    }


@dataclass(frozen=True, slots=True)
class Raised:
    kind: str
    number: str
    title: str | None
    happened_on: date | None
    summary: str
    evidence: list[tuple[str, str]] = field(default_factory=list)


def _who(p: PatentFacts) -> str:
    return "、".join(h.name for h in p.holders[:3]) or "（记录未载申请人）"


def _basics(p: PatentFacts) -> list[tuple[str, str]]:
    return [
        ("专利号", p.number),
        ("名称", p.title or "（无名称）"),
        ("申请人/专利权人", _who(p)),
        ("IPC", "；".join(p.ipc[:5]) or "（记录未载）"),
    ]


def changes(before: dict[str, Any] | None, p: PatentFacts, *, new_to_store: bool) -> list[Raised]:
    """The alerts of one record in a watch's scope: ``before`` is what the watch last saw of
    it (``None``: never in scope)."""
    now = state(p)
    if before is None:
        return [_arrival(p, new_to_store)]
    found: list[Raised] = []
    if before["grant"] is None and now["grant"] is not None:
        found.append(
            Raised(
                "new_grant",
                p.number,
                p.title,
                p.grant_date,
                f"{p.number} 已授权（授权日 {now['grant']}）",
                [
                    *_basics(p),
                    ("授权日", now["grant"]),
                    ("规则", "上次扫描时无授权日，本次有"),
                    ("依据", SOURCE),
                ],
            )
        )
    if before["status"] != now["status"]:
        found.append(_status(p, before["status"], now["status"]))
    for code, label in EVENTS.items():
        had, has = before["events"].get(code, 0), now["events"].get(code, 0)
        if has > had:
            fresh = [e for e in p.events if e.code == code][had:]
            found.append(_event(p, label, fresh))
    return found


def _arrival(p: PatentFacts, new_to_store: bool) -> Raised:
    if not new_to_store:
        return Raised(
            "entered_scope",
            p.number,
            p.title,
            None,
            f"{p.number} 新进入监测范围（申请人、分类号或专利集合的变化）",
            [*_basics(p), ("规则", "上次扫描时不在监测范围内，本次在"), ("依据", SOURCE)],
        )
    granted = p.grant_date is not None
    kind = "new_grant" if granted else "new_publication"
    day = p.grant_date if granted else p.publication_date
    said = f"授权日 {day}" if granted else (f"公开日 {day}" if day else "记录未载公开日")
    return Raised(
        kind,
        p.number,
        p.title,
        day,
        f"{_who(p)}：{p.title or p.number}（{said}）",
        [
            *_basics(p),
            ("日期", said),
            ("规则", "上次扫描后新入库且在监测范围内的记录"),
            ("依据", SOURCE),
        ],
    )


def _status(p: PatentFacts, old: str, new: str) -> Raised:
    ended = next((e for e in reversed(p.events) if e.code == "termination"), None)
    evidence = [*_basics(p), ("法律状态", f"{STATUS.get(old, old)} → {STATUS.get(new, new)}")]
    if p.legal_status:
        evidence.append(("记录的法律状态", p.legal_status))
    if ended is not None:
        evidence.append(("终止事件", f"{ended.date or '（未载日期）'} {ended.text}"))
    if old == "valid" and new == "invalid":
        evidence.append(
            (
                "提示",
                "记录显示权利已终止，相关技术可能可以自由实施；可能仍在权利恢复期"
                "（专利法实施细则第六条），以国家知识产权局专利登记簿为准",
            ),
        )
        kind, said = "lapsed", f"{p.number} 权利终止"
    else:
        kind, said = "status_change", f"{p.number} 法律状态：{STATUS.get(new, new)}"
    evidence += [("规则", "上次扫描与本次的法律状态不同"), ("依据", SOURCE)]
    return Raised(kind, p.number, p.title, ended.date if ended else p.lapsed_on, said, evidence)


def _event(p: PatentFacts, label: str, fresh: list[EventFacts]) -> Raised:
    last = fresh[-1]
    lines = "；".join(f"{e.date or '（未载日期）'} {e.text}" for e in fresh[:5])
    return Raised(
        "event",
        p.number,
        p.title,
        last.date,
        f"{p.number} 新的{label}（{len(fresh)} 条）",
        [
            *_basics(p),
            ("事件", lines),
            ("规则", f"法律事件中的{label}条数比上次扫描时多"),
            ("依据", SOURCE),
        ],
    )


def new_subclasses(
    applicant: str, seen: Iterable[str], p: PatentFacts, titles: dict[str, str]
) -> list[Raised]:
    """A watched applicant's record in an IPC subclass none of its earlier records had."""
    known = set(seen)
    fresh = [c for c in state(p)["subclasses"] if c not in known]
    return [
        Raised(
            "new_subclass",
            p.number,
            p.title,
            p.publication_date,
            f"{applicant} 进入新的技术领域 {c}（{titles.get(c, '无中文类名')}）",
            [
                *_basics(p),
                ("新小类", f"{c} {titles.get(c, '')}".strip()),
                ("此前的小类", "、".join(sorted(known)) or "（无）"),
                ("规则", "该申请人在基线及此前扫描的记录中没有这个 IPC 小类"),
                ("依据", SOURCE),
            ],
        )
        for c in fresh
    ]
