"""Questions about the law: look-up by citation, calculations, or retrieval of the articles
that answer them — and an answer made only of retrieved statute text, each sentence cited."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

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
