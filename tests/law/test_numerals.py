"""Chinese article numerals, taken from how the statutes in shared/data/law write them."""

from __future__ import annotations

import pytest

from zhichan.law import numerals


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("一", 1),
        ("十", 10),
        ("十一", 11),
        ("二十", 20),
        ("四十二", 42),
        ("八十二", 82),
        ("一百", 100),
        ("一百零一", 101),
        ("一百一十", 110),
        ("一百四十九", 149),
        ("四百六十三", 463),
        ("一千", 1000),
        ("一千零一", 1001),
        ("一千二百六十", 1260),
    ],
)
def test_both_ways(text: str, number: int) -> None:
    assert numerals.to_int(text) == number
    assert numerals.to_chinese(number) == text


def test_every_number_round_trips() -> None:
    assert all(numerals.to_int(numerals.to_chinese(n)) == n for n in range(1, 2000))


@pytest.mark.parametrize("bad", ["", "四十二条", "42", "abc"])
def test_rejects_non_numerals(bad: str) -> None:
    with pytest.raises(ValueError):
        numerals.to_int(bad)
