"""Every real statute file in shared/data/law parses, with article counts checked against the
instruments themselves (their last article number) and known anchors."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import SHARED
from zhichan.law import corpus

LAW = SHARED / "data/law"


@pytest.fixture(scope="module")
def instruments() -> dict[str, corpus.Instrument]:
    if not LAW.is_dir():
        pytest.fail(f"共享法规目录不存在：{LAW}")
    return {Path(i.source).stem: i for i in corpus.parse_corpus(LAW)}


def test_every_file_parses_without_issues(instruments: dict[str, corpus.Instrument]) -> None:
    assert len(instruments) == len(list(LAW.glob("*/*.md")))
    report = {name: inst.issues for name, inst in instruments.items() if inst.issues}
    assert report == {}


@pytest.mark.parametrize(
    ("stem", "title", "count", "first", "last"),
    [
        ("专利法(2020-10-17)", "中华人民共和国专利法", 82, 1, 82),
        ("著作权法(2020-11-11)", "中华人民共和国著作权法", 67, 1, 67),
        ("专利法实施细则(2023-12-11)", "中华人民共和国专利法实施细则", 149, 1, 149),
        ("商标法(2019-04-23)", "中华人民共和国商标法", 73, 1, 73),
        ("民法典-合同编", "中华人民共和国民法典", 526, 463, 988),
    ],
)
def test_article_counts(
    instruments: dict[str, corpus.Instrument],
    stem: str,
    title: str,
    count: int,
    first: int,
    last: int,
) -> None:
    inst = instruments[stem]
    assert inst.title.startswith(title)
    assert len(inst.articles) == count
    assert (inst.articles[0].number, inst.articles[-1].number) == (first, last)


def test_paragraphs_items_and_headings(instruments: dict[str, corpus.Instrument]) -> None:
    patent = instruments["专利法(2020-10-17)"]
    art42 = next(a for a in patent.articles if a.number == 42)
    assert art42.label == "第四十二条"
    assert art42.paragraphs[0].text.startswith("发明专利权的期限为二十年")
    assert len(art42.paragraphs) == 3
    assert art42.path == ("第五章 专利权的期限、终止和无效",)
    art24 = next(a for a in patent.articles if a.number == 24)
    assert [i.number for i in art24.paragraphs[0].items] == [1, 2, 3, 4]
    assert patent.short_name == "专利法"
    assert patent.level == "法律"
    assert str(patent.version_date) == "2020-10-17"
    assert str(patent.promulgated) == "1984-03-12"


def test_replies_are_numbered_by_points_or_kept_whole(
    instruments: dict[str, corpus.Instrument],
) -> None:
    net = instruments["最高人民法院关于涉网络知识产权侵权纠纷几个法律适用问题的批复"]
    assert [a.label for a in net.articles][:2] == ["一、", "二、"]
    costs = instruments[
        "最高人民法院关于知识产权侵权诉讼中被告以原告滥用权利为由请求赔偿合理开支问题的批复"
    ]
    (whole,) = costs.articles
    assert whole.label == "全文" and "合理的律师费" in whole.text
