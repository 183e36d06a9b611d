"""The stored corpus on both backends: loading, look-up by citation, links, errors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from tests.conftest import SHARED
from tests.test_cli import Cli
from zhichan.core.errors import InvalidInput, NotFound
from zhichan.db.session import unit_of_work
from zhichan.law import service
from zhichan.law.schemas import LoadReport


def test_load_report(law_db: tuple[str, sessionmaker[Session], LoadReport]) -> None:
    _, factory, report = law_db
    assert report.issues == {}
    assert report.instruments == len(list((SHARED / "data/law").glob("*/*.md")))
    assert report.resolved_links > 1000
    assert "民事诉讼法" in report.unresolved_names
    with unit_of_work(factory) as session:
        assert service.corpus_counts(session=session) == (report.instruments, report.articles)
        again = service.load_corpus(session=session, root=SHARED / "data/law")  # replaces
        assert again.articles == report.articles
        assert service.corpus_counts(session=session)[1] == report.articles


@pytest.mark.parametrize(
    ("citation", "expected", "first_words"),
    [
        ("专利法 42", "《中华人民共和国专利法》第四十二条", "发明专利权的期限为二十年"),
        ("专利法第四十二条", "《中华人民共和国专利法》第四十二条", "发明专利权的期限为二十年"),
        ("专利法42条第2款", "《中华人民共和国专利法》第四十二条第二款", "自发明专利申请日起满四年"),
        ("细则第85条", "《中华人民共和国专利法实施细则》第八十五条", "专利权人自愿声明"),
        (
            "《中华人民共和国著作权法》第二十三条第一款",
            "《中华人民共和国著作权法》第二十三条第一款",
            "自然人的作品",
        ),
        ("民法典 563", "《中华人民共和国民法典》第五百六十三条", "有下列情形之一的"),
        (
            "计算机软件保护条例 14",
            "《计算机软件保护条例》第十四条",
            "软件著作权自软件开发完成之日起产生",
        ),
    ],
)
def test_article_by_citation(
    law_db: tuple[str, sessionmaker[Session], LoadReport],
    citation: str,
    expected: str,
    first_words: str,
) -> None:
    with unit_of_work(law_db[1]) as session:
        art = service.article_by_citation(session=session, citation=citation)
    assert art.citation == expected
    assert art.paragraphs[0].text.startswith(first_words)


def test_links_point_at_articles(law_db: tuple[str, sessionmaker[Session], LoadReport]) -> None:
    with unit_of_work(law_db[1]) as session:
        art = service.article_by_citation(session=session, citation="专利法 78")
        (link,) = [lk for lk in art.links if lk.text == "本法第十九条"]
        assert link.target == "《中华人民共和国专利法》第十九条"
        assert link.target_id is not None
        target = service.article(session=session, article_id=link.target_id)
        assert target.number == 19


@pytest.mark.parametrize(
    ("citation", "error", "says"),
    [
        ("专利法 99", NotFound, "没有第九十九条"),
        ("专利法 42 第9款", NotFound, "只有 3 款"),
        ("刑法 213", NotFound, "语料中没有"),
        ("随便说说", InvalidInput, "看不懂"),
        ("条例 1", InvalidInput, "多部法规"),
    ],
)
def test_errors(
    law_db: tuple[str, sessionmaker[Session], LoadReport], citation: str, error: type, says: str
) -> None:
    with unit_of_work(law_db[1]) as session, pytest.raises(error) as info:
        service.article_by_citation(session=session, citation=citation)
    assert says in info.value.message


def test_cli_article(law_db: tuple[str, sessionmaker[Session], LoadReport], tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZHICHAN_")}
    env |= {"ZHICHAN_DATABASE_URL": law_db[0], "ZHICHAN_SEARCH_MODEL": "none"}
    done = subprocess.run(
        [sys.executable, "-m", "zhichan.cli", "law", "article", "专利法", "42"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == "《中华人民共和国专利法》第四十二条"
    # The rest in this process: a process start costs seconds.
    late = Cli(law_db[0], tmp_path)("law", "deadline", "examination", "1998-06-01")
    assert late.returncode == 0 and "2001-06-01" in late.stdout
