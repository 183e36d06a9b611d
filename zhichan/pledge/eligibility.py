"""Whether a patent can be registered as a pledge: the refusal grounds of the registration rules
turned into checks on the records, each with the fact it read and its source.

The 金融 scenario's gates come from the valuation domain (granted, in force, annuity, existing
pledge, preservation, loan term against the remaining term, co-owners, invalidation); this adds
what only a pledge has: the pledgor must be the registered owner, and a same-day utility model
and invention is a warning the parties must accept (the rules let them insist).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass

from zhichan.patents.schemas import PatentProfile
from zhichan.pledge.catalogue import CONTRACT_ITEMS, GROUNDS, GROUNDS_SOURCE
from zhichan.valuation.schemas import GateRead

#: The valuation gate behind each refusal ground.
GATE_GROUNDS = {
    "granted": "not_granted",
    "in_force": "not_in_force",
    "annuity": "annuity_unpaid",
    "pledge": "already_pledged",
    "preservation": "suspended",
    "loan_term": "term_exceeded",
    "co_owners": "co_owner_consent",
    "invalidation": "invalidation",
}
STATE_LABELS = {"pass": "通过", "block": "阻止", "warn": "提示", "unknown": "无法判断"}
TYPES = {"invention": "发明", "utility_model": "实用新型", "design": "外观设计"}


@dataclass(frozen=True, slots=True)
class Check:
    ground: str
    label: str
    state: str
    fact: str
    source: str

    def as_json(self) -> dict[str, str]:
        return asdict(self) | {"state_label": STATE_LABELS[self.state]}


def _name(text: str) -> str:
    """A company name compared without spaces, bracket widths or case."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).casefold()


def owner(p: PatentProfile, pledgor: str) -> Check:
    label = GROUNDS["pledgor_not_owner"].replace("不是", "应为")
    if not p.holders:
        return Check("pledgor_not_owner", label, "unknown", "记录没有专利权人", GROUNDS_SOURCE)
    names = "、".join(p.holders)
    if _name(pledgor) in {_name(h) for h in p.holders}:
        return Check("pledgor_not_owner", label, "pass", f"专利权人：{names}", GROUNDS_SOURCE)
    return Check(
        "pledgor_not_owner",
        label,
        "block",
        f"出质人 {pledgor}，记录的专利权人：{names}",
        GROUNDS_SOURCE,
    )


def same_day(p: PatentProfile, counterparts: list[tuple[str, str]] | None) -> Check:
    label = GROUNDS["same_day"]
    if counterparts is None:
        return Check("same_day", label, "unknown", "记录没有申请人或申请日", GROUNDS_SOURCE)
    if not counterparts:
        return Check("same_day", label, "pass", "同一申请人同日没有另一类型的申请", GROUNDS_SOURCE)
    found = "、".join(f"{n}（{TYPES.get(t, t)}）" for n, t in counterparts)
    return Check("same_day", label, "warn", f"同日申请：{found}", GROUNDS_SOURCE)


def from_gate(g: GateRead) -> Check:
    ground = GATE_GROUNDS.get(g.key, "other")
    return Check(ground, g.label, g.state, g.fact, g.source)


def package(
    p: PatentProfile,
    gates: list[GateRead],
    pledgor: str,
    counterparts: list[tuple[str, str]] | None,
) -> list[Check]:
    """Every check of one patent, in the order of the grounds."""
    found = [owner(p, pledgor), *(from_gate(g) for g in gates), same_day(p, counterparts)]
    order = {k: i for i, k in enumerate(GROUNDS)}
    return sorted(found, key=lambda c: order.get(c.ground, 99))


def contract(items: list[str]) -> Check:
    """The contract's required items (a loan-level ground)."""
    missing = [v for k, v in CONTRACT_ITEMS.items() if k not in items]
    label = "质押合同载明必备条款"
    if missing:
        return Check(
            "contract_items", label, "block", f"缺少：{'、'.join(missing)}", GROUNDS_SOURCE
        )
    return Check("contract_items", label, "pass", "五项必备条款均已载明", GROUNDS_SOURCE)


def blocking(checks: list[Check]) -> list[Check]:
    return [c for c in checks if c.state == "block"]


def warnings(checks: list[Check]) -> list[Check]:
    return [c for c in checks if c.state == "warn"]
