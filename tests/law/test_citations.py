"""Citations as people write them (short names, Civil Code books, items, lists), the
instruments' status, and what the ask box says when a citation cannot be followed."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.law.conftest import LAW
from tests.law.test_ask import LawDb, _ask
from zhichan.core.errors import InvalidInput, NotFound
from zhichan.db.session import unit_of_work
from zhichan.law import citations, corpus, names, service, status, vocabulary


@pytest.mark.parametrize(
    ("citation", "expected", "words"),
    [
        (
            "惩罚性赔偿解释第五条",
            "《最高人民法院关于审理侵害知识产权民事案件适用惩罚性赔偿的解释》第五条",
            "人民法院确定惩罚性赔偿数额时",
        ),
        (
            "技术调查官规定第十一条",
            "《最高人民法院关于技术调查官参与知识产权案件诉讼活动的若干规定》第十一条",
            "技术调查官提出的技术调查意见",
        ),
        (
            "民法典合同编第八百六十二条",
            "《中华人民共和国民法典》第八百六十二条",
            "技术转让合同是合法拥有技术的权利人",
        ),
        (
            "《中华人民共和国民法典》物权编第444条",
            "《中华人民共和国民法典》第四百四十四条",
            "以注册商标专用权",
        ),
        (
            "第一审管辖规定第二条",
            "《最高人民法院关于第一审知识产权民事、行政案件管辖的若干规定》第二条",
            "外观设计专利",
        ),
        (
            "专利侵权解释（二）第二十一条",
            "《最高人民法院关于审理侵犯专利权纠纷案件应用法律若干问题的解释(二)》第二十一条",
            "明知有关产品",
        ),
    ],
)
def test_short_names_and_books(law_db: LawDb, citation: str, expected: str, words: str) -> None:
    with unit_of_work(law_db[1]) as session:
        art = service.article_by_citation(session=session, citation=citation)
    assert art.citation == expected
    assert art.paragraphs[0].text.startswith(words)


def test_items_and_lists(law_db: LawDb) -> None:
    with unit_of_work(law_db[1]) as session:
        item = service.article_by_citation(session=session, citation="商标法第五十七条第（七）项")
        listed = service.article_by_citation(
            session=session, citation="专利法第六十九条第二款、第三款"
        )
        short = service.article_by_citation(session=session, citation="专利法第69条第二、三款")
        whole = service.article_by_citation(session=session, citation="专利法 69")
    assert item.citation == "《中华人民共和国商标法》第五十七条第（七）项"
    (para,) = item.paragraphs
    assert [i.number for i in para.items] == [7] and "其他损害" in para.items[0].text
    assert listed.citation == "《中华人民共和国专利法》第六十九条第二款、第三款"
    assert [p.number for p in listed.paragraphs] == [2, 3]
    assert [p.number for p in short.paragraphs] == [2, 3]
    assert [p.text for p in listed.paragraphs] == [p.text for p in whole.paragraphs[1:3]]


@pytest.mark.parametrize(
    ("citation", "error", "says"),
    [
        ("民法典合同编第四百四十四条", NotFound, "没有第四百四十四条"),
        ("专利法第四十二条第（三）项", NotFound, "没有第（三）项"),
        ("专利法第四十二条第二款第五款", NotFound, "只有 3 款"),
        ("专利法第四十二条附件", InvalidInput, "无法识别“附件”"),
        ("专利法第99999999999999999999条", InvalidInput, "编号过大"),
    ],
)
def test_citation_errors(law_db: LawDb, citation: str, error: type, says: str) -> None:
    with unit_of_work(law_db[1]) as session, pytest.raises(error) as info:
        service.article_by_citation(session=session, citation=citation)
    assert says in info.value.message


def test_unfollowable_citation_is_said_before_the_results(law_db: LawDb, tmp_path: Path) -> None:
    res = _ask(law_db, "专利法第九十九条", tmp_path, mode="bm25")
    assert res.kind == "articles" and res.hits
    assert res.citation_problem and "没有第九十九条" in res.citation_problem
    found = _ask(law_db, "惩罚性赔偿解释第五条", tmp_path, mode="bm25")
    assert found.kind == "citation" and found.citation_problem is None
    question = _ask(law_db, "专利法第二十条说的滥用专利权是什么意思", tmp_path, mode="bm25")
    assert question.citation_problem is None  # a question that quotes an article
    named = _ask(law_db, "技术调查官规定", tmp_path, mode="bm25")
    assert named.kind == "citation" and named.note and "技术调查官参与知识产权案件" in named.note
    assert [h.label for h in named.hits][:2] == ["第一条", "第二条"]


def test_looks_like_citation() -> None:
    assert citations.looks_like_citation("专利法 42")
    assert citations.looks_like_citation("专利法42")
    assert citations.looks_like_citation("商标法第五十七条第（七）项")
    assert not citations.looks_like_citation("发明专利能保护多少年")
    assert not citations.looks_like_citation("专利法第十一条规定的许诺销售是什么")


def test_every_short_name_names_one_instrument_of_the_corpus() -> None:
    titles = {i.title.removeprefix("中华人民共和国") for i in corpus.parse_corpus(LAW)}
    assert set(names.SHORT_NAMES) <= titles
    seen: dict[str, str] = {}
    for title, short in names.SHORT_NAMES.items():
        for n in short:
            assert seen.setdefault(n, title) == title, n


def test_instruments_not_in_force_are_marked(law_db: LawDb, tmp_path: Path) -> None:
    found = status.statuses(corpus.parse_corpus(LAW))
    by_code: dict[str, set[str]] = {}
    for source, st in found.items():
        by_code.setdefault(st.code, set()).add(Path(source).stem)
    assert (
        "最高人民法院关于对诉前停止侵犯专利权行为适用法律问题的若干规定(2001-06-07)"
        in by_code[status.REPEALED_CODE]
    )
    assert "最高人民法院关于知识产权法庭若干问题的规定(2018-12-28)" in by_code[status.SUPERSEDED]
    assert (
        "最高人民法院关于审理专利纠纷案件适用法律问题的若干规定(2015-01-29)"
        in by_code[status.AMENDED]
    )
    assert "最高人民法院关于知识产权法庭若干问题的规定(2023-10-21)" in by_code[status.IN_FORCE]
    # Republished as amended on 2020-12-29, after the decision of 2020-12-23: in force.
    assert (
        "最高人民法院关于审理技术合同纠纷案件适用法律若干问题的解释(2020-12-29)"
        in by_code[status.IN_FORCE]
    )
    res = _ask(law_db, "诉前责令停止侵犯专利权的行为", tmp_path, mode="bm25", k=30)
    first = res.hits[0]
    assert first.status == status.IN_FORCE, first.citation
    # Ranked far down (×0.05), a repealed text is still found when its instrument is asked for.
    with unit_of_work(law_db[1]) as session:
        (repealed_id,) = {
            i.id
            for i in service.instrument_candidates(session=session, name="诉前停止侵犯专利权规定")
        }
    res = _ask(
        law_db, "诉前责令停止侵犯专利权的行为", tmp_path, mode="bm25", instrument_id=repealed_id
    )
    assert res.hits and all(h.status_label == "已废止" for h in res.hits)


def test_expansion_terms_are_statute_words() -> None:
    text = "\n".join(a.text for i in corpus.parse_corpus(LAW) for a in i.articles)
    missing = [t for t in vocabulary.statute_terms() if t not in text]
    assert missing == []
    expanded = vocabulary.expansions("公司想把专利押给银行贷款")
    assert "出质" in expanded and "专利" not in expanded
