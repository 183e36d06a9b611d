"""Patent procedure deadlines: the issue's worked examples, a table per kind, and a check that
every article a result relies on exists in the real corpus and says what it is cited for."""

from __future__ import annotations

from datetime import date

import pytest

from tests.law.cited import cited_texts
from zhichan.core.errors import InvalidInput
from zhichan.law import deadlines, workdays


@pytest.mark.parametrize(
    ("kind", "start", "months", "due", "provisional"),
    [
        # The examples (1998–2001 lie before the official calendar here: weekends only).
        ("examination", date(1998, 6, 1), None, date(2001, 6, 1), True),
        ("reply", date(1999, 12, 31), 2, date(2000, 2, 29), True),
        # 审查指南修改公报第1号 (2008): filed 2007-10-30, the 2-month fee period ends 2007-12-30
        # (元旦 holiday) and moves to 2008-01-02.
        ("restoration", date(2007, 10, 30), None, date(2008, 1, 2), False),
        # Corresponding day, month end, and the golden weeks.
        ("priority", date(2025, 3, 31), None, date(2026, 3, 31), False),
        # 2026-02-28 is a Saturday but a make-up working day after the Spring Festival.
        ("priority_design", date(2025, 8, 31), None, date(2026, 2, 28), False),
        ("publication", date(2024, 4, 1), None, date(2025, 10, 9), False),  # 10-1 国庆 → 10-9
        ("reexamination", date(2026, 7, 1), None, date(2026, 10, 8), False),
        ("appeal", date(2025, 10, 28), None, date(2026, 1, 28), False),
        ("restoration", date(2025, 12, 1), None, date(2026, 2, 2), False),  # 2-1 is a Sunday
        ("annual_fee_grace", date(2025, 4, 30), None, date(2025, 10, 30), False),
        ("priority_copy", date(2024, 6, 30), None, date(2025, 10, 30), False),
    ],
)
def test_deadlines(
    kind: str, start: date, months: int | None, due: date, provisional: bool
) -> None:
    result = deadlines.compute(kind, start, months=months)
    assert result.due == due
    assert result.provisional is provisional
    assert deadlines.PERIOD_RULE in result.articles
    assert workdays.day(result.due).rest is False


def test_month_end_rule_and_steps() -> None:
    end, steps = deadlines.period_end(date(1999, 12, 31), months=2)
    assert end == date(2000, 2, 29)
    assert "该月无相应日" in steps[0]
    moved = deadlines.compute("restoration", date(2007, 10, 30))
    assert moved.raw_end == date(2007, 12, 30)
    assert any("元旦" in s and "2008-01-02" in s for s in moved.steps)


def test_deemed_receipt_is_not_moved_but_the_period_from_it_is() -> None:
    # 细则第四条第四款: a notice mailed on 2024-09-16 is deemed received 15 days later, on
    # 2024-10-01 — National Day, and it stays there: only the end of a period moves (第五条).
    receipt = deadlines.compute("receipt", date(2024, 9, 16))
    assert receipt.due == receipt.raw_end == date(2024, 10, 1)
    assert workdays.day(receipt.due).rest
    assert any("不顺延" in s for s in receipt.steps)
    # A 4-month reply from that day ends 2025-02-01, in the Spring Festival: 2025-02-05.
    reply = deadlines.compute("reply", receipt.due, months=4)
    assert (reply.raw_end, reply.due) == (date(2025, 2, 1), date(2025, 2, 5))
    assert len(reply.articles) == len(set(reply.articles))  # each article cited once
    assert any("第四条第七款" in a for a in reply.articles)  # electronic service: no 15 days
    assert "电子" in reply.steps[0]


def test_bad_requests() -> None:
    with pytest.raises(InvalidInput, match="未知的期限类型"):
        deadlines.compute("coffee", date(2020, 1, 1))
    with pytest.raises(InvalidInput, match="月数"):
        deadlines.compute("reply", date(2020, 1, 1))


KEY_PHRASES = {
    "priority": "十二个月",
    "priority_design": "六个月",
    "priority_copy": "十六个月",
    "priority_copy_design": "三个月",
    "publication": "十八个月",
    "examination": "三年内",
    "reexamination": "三个月",
    "appeal": "三个月",
    "restoration": "2个月",
    "annual_fee_grace": "6个月",
    "receipt": "满15日",
}


def test_cited_articles_exist_and_say_it() -> None:
    for kind, phrase in KEY_PHRASES.items():
        texts = [t for c in deadlines.KINDS[kind].articles for t in cited_texts(c)]
        assert any(phrase in t for t in texts), (kind, texts)
    assert "最后一日为期限届满日" in cited_texts(deadlines.PERIOD_RULE)[0]


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        # 2026 National Day and Mid-autumn: 1–7 October off; 10 October (Saturday) is worked.
        (date(2026, 9, 30), date(2026, 10, 9), 2),
        (date(2026, 9, 30), date(2026, 10, 10), 3),
        (date(2026, 12, 3), date(2026, 12, 3), 0),
        (date(2026, 12, 4), date(2026, 12, 7), 1),  # Friday → Monday: only the Monday
    ],
)
def test_working_days_after_a_day(start: date, end: date, expected: int) -> None:
    count, known = workdays.working_days_after(start, end)
    assert (count, known) == (expected, True)
