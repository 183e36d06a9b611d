"""Patent and copyright terms, table-driven from the statute text, and every cited article
checked against the real corpus."""

from __future__ import annotations

from datetime import date

import pytest

from tests.law.cited import cited_texts
from zhichan.core.errors import InvalidInput
from zhichan.law import terms


@pytest.mark.parametrize(
    ("ptype", "filing", "ends"),
    [
        ("invention", date(2010, 1, 1), date(2029, 12, 31)),  # 二十年
        ("utility_model", date(2016, 2, 29), date(2026, 2, 27)),  # 十年; 2026 has no 2-29
        ("design", date(2021, 6, 1), date(2036, 5, 31)),  # 十五年 from the 2020 amendment
        ("design", date(2021, 5, 31), date(2031, 5, 30)),  # filed before it: ten years
    ],
)
def test_patent_term(ptype: str, filing: date, ends: date) -> None:
    assert terms.patent_term(ptype, filing).ends == ends


def test_examination_delay_compensation() -> None:
    t = terms.patent_term(
        "invention",
        date(2015, 3, 1),
        grant=date(2021, 6, 1),
        exam_request=date(2016, 1, 10),
        reasonable_delay_days=10,
        applicant_delay_days=30,
    )
    # later of filing + 4 years (2019-03-01) and request + 3 years (2019-01-10)
    assert t.compensation_days == (date(2021, 6, 1) - date(2019, 3, 1)).days - 40
    on_time = terms.patent_term(
        "invention", date(2015, 3, 1), grant=date(2019, 2, 1), exam_request=date(2016, 1, 10)
    )
    assert on_time.compensation_days == 0 and on_time.ends == date(2035, 2, 28)
    assert (
        terms.patent_term(
            "utility_model",
            date(2015, 3, 1),
            grant=date(2021, 6, 1),
            exam_request=date(2016, 1, 10),
        ).compensation_days
        == 0
    )


@pytest.mark.parametrize(
    ("filing", "approval", "days"),
    [
        (date(2018, 1, 1), date(2022, 1, 1), 0),  # approved within five years: nothing
        # interval − 5 years would be 731 days, but 14 years after approval end 2035-12-31
        (date(2015, 1, 1), date(2022, 1, 1), (date(2035, 12, 31) - date(2034, 12, 31)).days),
        # interval − 5 years ≈ 10 years: the five-year cap binds
        (date(2010, 1, 1), date(2025, 6, 1), (date(2034, 12, 31) - date(2029, 12, 31)).days),
        (date(2008, 1, 1), date(2022, 6, 1), (date(2032, 12, 31) - date(2027, 12, 31)).days),
    ],
)
def test_new_drug_compensation(filing: date, approval: date, days: int) -> None:
    assert terms.patent_term("invention", filing, drug_approval=approval).compensation_days == days


@pytest.mark.parametrize(
    ("kind", "kwargs", "ends", "protected"),
    [
        ("natural", {"death_year": 1970}, date(2020, 12, 31), True),
        ("software_natural", {"death_year": 2000}, date(2050, 12, 31), True),
        ("legal_person", {"created_year": 1990, "published_year": 1995}, date(2045, 12, 31), True),
        ("audiovisual", {"created_year": 1960, "published_year": 2015}, date(2010, 12, 31), False),
        ("software_legal", {"created_year": 2020}, date(2070, 12, 31), True),
        ("layout", {"event_year": 2020}, date(2030, 12, 31), True),
        ("performance", {"event_year": 2001}, date(2051, 12, 31), True),
        ("recording", {"event_year": 1999}, date(2049, 12, 31), True),
        ("broadcast", {"event_year": 2010}, date(2060, 12, 31), True),
    ],
)
def test_copyright_terms_end_on_31_december(
    kind: str, kwargs: dict[str, int], ends: date, protected: bool
) -> None:
    t = terms.copyright_term(kind, **kwargs)  # type: ignore[arg-type]
    assert (t.ends, t.protected) == (ends, protected)
    assert (t.ends.month, t.ends.day) == (12, 31)


def test_moral_rights_and_bad_input() -> None:
    assert terms.copyright_term("moral").ends is None
    with pytest.raises(InvalidInput, match="死亡年份"):
        terms.copyright_term("natural")
    with pytest.raises(InvalidInput):
        terms.patent_term("plant", date(2020, 1, 1))


PHRASES = [
    (terms.patent_term("invention", date(2010, 1, 1)), "二十年"),
    (
        terms.patent_term(
            "invention", date(2015, 3, 1), grant=date(2021, 6, 1), exam_request=date(2016, 1, 10)
        ),
        "满4年",
    ),
    (terms.patent_term("invention", date(2008, 1, 1), drug_approval=date(2022, 6, 1)), "减去5年"),
    (terms.copyright_term("natural", death_year=1970), "死亡后第五十年的12月31日"),
    (
        terms.copyright_term("legal_person", created_year=1990, published_year=1995),
        "五十年内未发表",
    ),
    (terms.copyright_term("audiovisual", created_year=1990, published_year=1995), "视听作品"),
    (terms.copyright_term("software_legal", created_year=2020), "首次发表后第50年"),
    (terms.copyright_term("layout", event_year=2020), "第十年的12月31日"),
    (terms.copyright_term("performance", event_year=2001), "表演发生后第五十年"),
    (terms.copyright_term("recording", event_year=1999), "首次制作完成后第五十年"),
    (terms.copyright_term("broadcast", event_year=2010), "首次播放后第五十年"),
    (terms.copyright_term("moral"), "不受限制"),
]


def test_cited_articles_say_it() -> None:
    for term, phrase in PHRASES:
        texts = [t for c in term.articles for t in cited_texts(c)]
        assert any(phrase in t for t in texts), (term.articles, phrase)
