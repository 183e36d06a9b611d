"""Questions about the law: look-up by citation, calculations, or retrieval of the articles
that answer them — and an answer made only of retrieved statute text, each sentence cited."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

#: Words that make a question a computation, with the calculator and kind they route to.
DEADLINE_WORDS = (
    ("实质审查", "examination"),
    ("实审", "examination"),
    ("外观设计优先权", "priority_design"),
    ("优先权", "priority"),
    ("公布", "publication"),
    ("复审", "reexamination"),
    ("起诉", "appeal"),
    ("恢复", "restoration"),
    ("年费", "annual_fee_grace"),
    ("收到", "receipt"),
)
TERM_WORDS = (("外观设计", "design"), ("实用新型", "utility_model"), ("发明", "invention"))
_DATE = re.compile(r"(\d{4})\s*[-年./]\s*(\d{1,2})\s*[-月./]\s*(\d{1,2})\s*日?")
_WHEN = re.compile(r"哪天|何时|什么时候|截止|届满|到期|期限|最晚|哪一天")


@dataclass(frozen=True, slots=True)
class Route:
    calculator: str  # deadline | term
    kind: str
    start: date


@dataclass(frozen=True, slots=True)
class DamagesRoute:
    law: str
    loss: Decimal | None
    gain: Decimal | None
    licence_fee: Decimal | None
    intentional: bool
    serious: bool


_AMOUNT = r"(\d+(?:\.\d+)?)\s*(万元|万|元)"
_MONEY_WORDS = (
    ("loss", r"损失"),
    ("gain", r"获利|获得的利益|违法所得|利润"),
    ("licence_fee", r"许可(使用)?费"),
)


def _amount(number: str, unit: str) -> Decimal:
    value = Decimal(number)
    return value * 10000 if unit.startswith("万") else value


def route_damages(question: str) -> DamagesRoute | None:
    """A damages question names an amount (万/元) and asks about 赔偿; the law is taken from
    专利 / 著作权 / 版权 / 商标 in the question."""
    if "赔" not in question or not re.search(_AMOUNT, question):
        return None
    law = next(
        (
            code
            for word, code in (
                ("商标", "trademark"),
                ("著作权", "copyright"),
                ("版权", "copyright"),
                ("专利", "patent"),
            )
            if word in question
        ),
        None,
    )
    if law is None:
        return None
    found: dict[str, Decimal] = {}
    for key, words in _MONEY_WORDS:
        m = re.search(rf"(?:{words})[^\d，,。；]{{0,8}}{_AMOUNT}", question)
        if m:
            number, unit = m.groups()[-2:]
            found[key] = _amount(number, unit)
    if not found:
        return None
    return DamagesRoute(
        law,
        found.get("loss"),
        found.get("gain"),
        found.get("licence_fee"),
        intentional=bool(re.search(r"故意|恶意", question)),
        serious=bool(re.search(r"情节严重", question)),
    )


def route(question: str) -> Route | None:
    """A question with a date and a "when" word goes to a calculator, else None."""
    m = _DATE.search(question)
    if not m or not _WHEN.search(question):
        return None
    try:
        start = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None
    if re.search(r"保护期|专利权.*(届满|到期)|有效期", question):
        kind = next((k for word, k in TERM_WORDS if word in question), "invention")
        return Route("term", kind, start)
    for word, kind in DEADLINE_WORDS:
        if word in question:
            return Route("deadline", kind, start)
    return None


def sentences(text: str) -> list[str]:
    """Split statute text into sentences, keeping the closing punctuation."""
    parts = re.findall(r"[^。;；]+[。;；]?", text)
    return [p.strip() for p in parts if p.strip()]
