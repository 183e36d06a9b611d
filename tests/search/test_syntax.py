"""The query language: what parses to what, and where a malformed query is pointed at."""

from __future__ import annotations

import pytest

from zhichan.fulltext import analysis
from zhichan.search import syntax
from zhichan.search.dates import day_range
from zhichan.search.syntax import And, Compare, Not, Or, Term


@pytest.mark.parametrize(
    ("query", "root"),
    [
        ("TI=(锂电池 AND 隔膜)", And((Term("锂电池", 4, "TI"), Term("隔膜", 12, "TI")))),
        ("IPC=H01M*", Term("H01M", 4, "IPC", prefix=True)),
        ("AD>=2020-01-01", Compare("AD", ">=", "2020-01-01", 4)),
        (
            "PA=(清华大学 OR 浙江大学)",
            Or((Term("清华大学", 4, "PA"), Term("浙江大学", 12, "PA"))),
        ),
        ("电池 NOT 锂", And((Term("电池", 0), Not(Term("锂", 7))))),
        ('TI="lithium ion"', Term("lithium ion", 3, "TI", phrase=True)),
        ("ti＝（电池）", Term("电池", 4, "TI")),  # full-width forms are NFKC-normalised
        ("a OR b c", Or((Term("a", 0), And((Term("b", 5), Term("c", 7)))))),
    ],
)
def test_parse_trees(query: str, root: syntax.Node) -> None:
    assert syntax.parse(query).root == root


@pytest.mark.parametrize(
    ("query", "free"),
    [
        ("一种锂电池隔膜的制备方法，包括以下步骤", True),
        ("lithium battery separator", True),
        ("锂电池 AND 隔膜", False),
        ("TI=锂电池", False),
        ('"锂电池"', False),
        ("batter*", False),
        ("(PE)隔膜，厚度 2*3 mm", True),  # prose brackets and asterisks stay free text
        ("1)沿矿体走向划分盘区;2)用掘进机回采", True),
    ],
)
def test_free_text_is_only_syntax_free_text(query: str, free: bool) -> None:
    assert syntax.parse(query).free_text is free


@pytest.mark.parametrize(
    ("query", "position", "says"),
    [
        ("TI=(锂电池 AND", 11, "检索词"),
        ("TI=(锂电池 AND 隔膜", 14, "右括号"),
        ("XX=1", 0, "未知的字段代码"),
        ("AD>=abc", 4, "日期"),
        ("TI>=2020", 2, "只能用“=”"),
        ('TI="锂电池', 3, "引号"),
        ("a OR", 4, "检索词"),
        ("TI=*", 3, "通配符"),
        ("TI=锂*池", 3, "词尾"),
        ("TI=(PA=x)", 4, "嵌套"),
    ],
)
def test_errors_point_at_the_position(query: str, position: int, says: str) -> None:
    with pytest.raises(syntax.QuerySyntaxError) as info:
        syntax.parse(query)
    assert info.value.position == position
    assert says in info.value.message
    assert info.value.details["marker"].splitlines()[1].index("^") == position


@pytest.mark.parametrize(
    ("op", "value", "expected"),
    [
        ("=", "2020", (20200101, 20201231)),
        ("=", "2020-02", (20200201, 20200229)),
        ("=", "2020-05-01", (20200501, 20200501)),
        (">=", "2020-01-01", (20200101, None)),
        (">", "2020", (20201232, None)),
        ("<", "2020-05", (None, 20200500)),
        ("=", "2019..2021", (20190101, 20211231)),
        ("=", "20200501", (20200501, 20200501)),
    ],
)
def test_date_ranges(op: str, value: str, expected: tuple[int | None, int | None]) -> None:
    assert day_range(op, value) == expected


@pytest.mark.parametrize("value", ["2020-13", "2021-02-29", "2021..2019"])
def test_bad_dates(value: str) -> None:
    with pytest.raises(ValueError):
        day_range("=", value)


def test_streams_of_each_analyser() -> None:
    text = "锂电池Batteries隔膜"
    big = analysis.streams(text, "bigram")
    assert big.unigrams.split() == ["锂", "电", "池", "Batteries", "隔", "膜"]
    assert big.bigrams.split() == ["锂电", "电池", "隔膜"]
    words = analysis.streams(text, "jieba").words.split()
    assert "Batteries" in words and "隔膜" in words
    assert analysis.final_terms(["Batteries", "Separators"]) == ["batteri", "separ"]


def test_filters_take_colon_or_equals() -> None:
    from zhichan.core.errors import InvalidInput
    from zhichan.search.service import parse_filters

    assert parse_filters(["pt:invention", "year=2020", "pa_raw:浙江大学"]) == {
        "pt": "invention",
        "year": "2020",
        "pa_raw": "浙江大学",
    }
    for bad in (["pt"], ["pt:"], [":x"]):
        with pytest.raises(InvalidInput):
            parse_filters(bad)
