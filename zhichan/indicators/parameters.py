"""The settings the figures depend on, each with its default, why, and who changed it last.

* ``reference_date`` — the day the indicators are counted on; default the last 31 December
  (official figures are year-end stocks).
* ``maintained_from`` — 维持年限 counted from the filing date (default) or the grant date. No
  source we found states CNIPA's rule; filing date is an assumption, documented as such.
* ``pledge_threshold`` — the amount (yuan) above which a pledge counts as 较高质押融资金额.
  No public source states it; until the office sets it the criterion answers 阈值未设置.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from zhichan.core import inputs
from zhichan.core.errors import InvalidInput
from zhichan.core.principal import Principal
from zhichan.indicators.criteria import Params
from zhichan.indicators.models import Parameter


@dataclass(frozen=True, slots=True)
class Spec:
    label: str
    default: str
    why: str


SPECS = {
    "reference_date": Spec("基准日", "", "默认为上一年的 12 月 31 日（官方指标为年末存量）"),
    "maintained_from": Spec(
        "维持年限起算", "filing",
        "默认自申请日起算：公开文件未说明国家知识产权局的口径，此为假设（可改为自授权日）",
    ),
    "pledge_threshold": Spec(
        "较高质押融资金额阈值（元）", "",
        "公开文件未规定阈值，由本局设定；未设定时该条件一律“无法判断”",
    ),
}  # fmt: skip
FROM = {"filing": "申请日", "grant": "授权日"}


@dataclass(frozen=True, slots=True)
class Shown:
    key: str
    label: str
    value: str
    why: str
    note: str | None
    updated_by: str | None
    #: The value as people read it (申请日 for ``filing``).
    value_label: str


def _check(key: str, value: str) -> str:
    text = value.strip()
    if key == "reference_date":
        if text and inputs.day(text) is None:
            raise InvalidInput("基准日应写作 YYYY-MM-DD")
    elif key == "maintained_from":
        text = next((code for code, label in FROM.items() if text in (code, label)), "")
        if not text:
            raise InvalidInput("维持年限起算应为“申请日”或“授权日”")
    elif key == "pledge_threshold":
        amount = inputs.money(text)
        if amount is not None and amount <= 0:
            raise InvalidInput("阈值应为正数（元）")
    else:
        raise InvalidInput(f"未知的参数：{key}，可用：{'、'.join(SPECS)}")
    return text


def set_value(
    *, session: Session, principal: Principal, key: str, value: str, note: str | None
) -> None:
    """Change one parameter (the audit log keeps the old value); an empty value restores the
    default."""
    text = _check(key, value)
    row = session.get(Parameter, key)
    if row is None:
        row = Parameter(key=key, value=text, note=note, updated_by=principal.username)
        session.add(row)
    else:
        row.value, row.note, row.updated_by = text, note, principal.username
    session.flush()


def shown(*, session: Session) -> list[Shown]:
    rows = {p.key: p for p in session.scalars(select(Parameter))}
    out = []
    for key, spec in SPECS.items():
        row = rows.get(key)
        value = row.value if row and row.value else spec.default
        label = FROM.get(value, value) if key == "maintained_from" else (value or "未设置")
        out.append(Shown(key, spec.label, value or "", spec.why, row.note if row else None,
                         row.updated_by if row else None, label))  # fmt: skip
    return out


def default_reference(today: date) -> date:
    return date(today.year - 1, 12, 31)


def current(*, session: Session, today: date) -> Params:
    rows = {p.key: p.value for p in session.scalars(select(Parameter)) if p.value}
    reference = inputs.day(rows.get("reference_date")) or default_reference(today)
    return Params(
        reference_date=reference,
        maintained_from=rows.get("maintained_from", "filing"),
        pledge_threshold=inputs.money(rows.get("pledge_threshold")),
    )
