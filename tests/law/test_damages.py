"""Damages and fines, table-driven from 专利法第六十八、七十一条, 著作权法第五十三、五十四条 and
商标法第六十三条; cited paragraphs checked against the corpus."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.law.cited import cited_texts
from zhichan.core.errors import InvalidInput
from zhichan.law import damages

D = Decimal


@pytest.mark.parametrize(
    ("law", "kwargs", "method", "low", "high"),
    [
        (
            "patent",
            {"actual_loss": D(800_000), "infringer_gain": D(1_200_000)},
            "loss_or_gain",
            D(800_000),
            D(1_200_000),
        ),
        (
            "patent",
            {"licence_fee": D(100_000), "licence_multiple": D(3)},
            "licence_fee",
            D(300_000),
            D(300_000),
        ),
        ("patent", {}, "statutory", D(30_000), D(5_000_000)),
        (
            "patent",
            {"actual_loss": D(1_000_000), "intentional": True, "serious": True},
            "loss_or_gain",
            D(1_000_000),
            D(5_000_000),
        ),
        (
            "patent",
            {"actual_loss": D(1_000_000), "intentional": True},
            "loss_or_gain",
            D(1_000_000),
            D(1_000_000),
        ),
        ("patent", {"intentional": True, "serious": True}, "statutory", D(30_000), D(5_000_000)),
        ("copyright", {}, "statutory", D(500), D(5_000_000)),
        (
            "copyright",
            {"infringer_gain": D(20_000), "expenses": D(5_000)},
            "loss_or_gain",
            D(25_000),
            D(25_000),
        ),
        (
            "trademark",
            {"actual_loss": D(50_000), "infringer_gain": D(900_000)},
            "actual_loss",
            D(50_000),
            D(50_000),
        ),
        (
            "trademark",
            {"infringer_gain": D(900_000), "intentional": True, "serious": True},
            "infringer_gain",
            D(900_000),
            D(4_500_000),
        ),
        ("trademark", {}, "statutory", D(0), D(5_000_000)),
    ],
)
def test_damages(
    law: str, kwargs: dict[str, object], method: str, low: Decimal, high: Decimal
) -> None:
    result = damages.damages(law, **kwargs)  # type: ignore[arg-type]
    assert (result.method, result.low, result.high) == (method, low, high)
    assert result.articles


@pytest.mark.parametrize(
    ("law", "amount", "low", "high"),
    [
        ("patent", None, D(0), D(250_000)),
        ("patent", D(50_000), D(0), D(250_000)),
        ("patent", D(100_000), D(0), D(500_000)),
        ("copyright", D(49_999), D(0), D(250_000)),
        ("copyright", D(80_000), D(80_000), D(400_000)),
    ],
)
def test_fines(law: str, amount: Decimal | None, low: Decimal, high: Decimal) -> None:
    fine = damages.administrative_fine(law, amount)
    assert (fine.low, fine.high) == (low, high)


def test_bad_input() -> None:
    with pytest.raises(InvalidInput):
        damages.damages("design", actual_loss=D(1))
    with pytest.raises(InvalidInput, match="负数"):
        damages.damages("patent", actual_loss=D(-1))
    with pytest.raises(InvalidInput):
        damages.administrative_fine("trademark", D(1))


PHRASES = [
    (damages.damages("patent", actual_loss=D(1)).articles, "实际损失"),
    (damages.damages("patent").articles, "三万元以上五百万元以下"),
    (damages.damages("copyright").articles, "五百元以上五百万元以下"),
    (damages.damages("trademark").articles, "五百万元以下"),
    (damages.damages("copyright", infringer_gain=D(1), expenses=D(1)).articles, "合理开支"),
    (damages.damages("trademark", actual_loss=D(1), expenses=D(1)).articles, "合理开支"),
    (damages.administrative_fine("patent", None).articles, "二十五万元以下"),
    (damages.administrative_fine("copyright", D(80_000)).articles, "一倍以上五倍以下"),
]


def test_cited_paragraphs_say_it() -> None:
    for citations, phrase in PHRASES:
        texts = [t for c in citations for t in cited_texts(c)]
        assert any(phrase in t for t in texts), (citations, phrase)
