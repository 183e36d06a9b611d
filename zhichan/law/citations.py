"""Reading a citation as people write it: ``专利法 42``, ``细则第85条``, ``惩罚性赔偿解释第五条``,
``民法典合同编第八百六十二条``, ``商标法第五十七条第（七）项``, ``专利法第六十九条第二款、第三款``.

Pure parsing; ``service.article_by_citation`` finds the instrument and the article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from zhichan.core.errors import InvalidInput
from zhichan.core.text import nfkc
from zhichan.law import names, numerals

_CN = "零一二三四五六七八九十百千两〇"
_NUM = rf"(?:\d+|[{_CN}]+)"
_NAME = re.compile(r"^(?P<name>[^\d第]+?)\s*(?=第|\d)")
_ARTICLE = re.compile(rf"^第?\s*(?P<art>{_NUM})\s*条?(?:之(?P<sub>{_NUM}))?")
_SEP = r"[、，,和及]?\s*"
_PARAGRAPHS = re.compile(rf"^(?:{_SEP}第?\s*{_NUM}\s*款?)*{_SEP}第?\s*{_NUM}\s*款")
_ITEM = re.compile(rf"^[、，,]?\s*第?\s*\(?\s*(?P<item>{_NUM})\s*\)?\s*项$")
_DIGITS = re.compile(_NUM)
#: A text that reads as a citation rather than a question (an article, paragraph or item
#: number, or a name and a bare number), and has no question words.
_LOOKS = re.compile(rf"第\s*{_NUM}\s*[条款项]|^\S{{2,40}}?\s*\d+\s*条?$")
_QUESTION = re.compile(r"吗|什么|怎么|如何|哪|是否|能否|可以|为什么|？|\?")
#: No instrument has more articles, paragraphs or items than this (the Civil Code: 1,260).
MAX_NUMBER = 10_000
HINT = (
    "应写作“专利法 42”“专利法第四十二条第二款”“民法典合同编第八百六十二条”"
    "或“商标法第五十七条第（七）项”"
)


@dataclass(frozen=True, slots=True)
class Citation:
    name: str
    book: str | None  # 合同编 … of the Civil Code
    article: int
    sub: int | None = None  # 第十条之一
    paragraphs: tuple[int, ...] = ()
    item: int | None = None


def _number(text: str) -> int:
    return int(text) if text.isdigit() else numerals.to_int(text)


def looks_like_citation(text: str) -> bool:
    cleaned = nfkc(text).strip()
    return len(cleaned) <= 60 and bool(_LOOKS.search(cleaned)) and not _QUESTION.search(cleaned)


def parse(text: str) -> Citation:
    cleaned = re.sub(r"\s+", " ", nfkc(text)).strip()
    known = known_name(cleaned)
    if known is not None:
        raw, rest = known, cleaned.lstrip("《")[len(known) :].lstrip("》 ")
    elif m := _NAME.match(bare := cleaned.replace("《", "").replace("》", "")):
        raw, rest = m.group("name").strip(), bare[m.end() :].strip()
    else:
        raise InvalidInput(f"看不懂的条文引用：{text}；{HINT}", details={"citation": text})
    name, book = split_book(raw)
    a = _ARTICLE.match(rest)
    if not a:
        raise InvalidInput(f"看不懂的条文引用：{text}；{HINT}", details={"citation": text})
    rest = rest[a.end() :].strip()
    paragraphs: tuple[int, ...] = ()
    if p := _PARAGRAPHS.match(rest):
        paragraphs = tuple(dict.fromkeys(_number(n) for n in _DIGITS.findall(p.group())))
        rest = rest[p.end() :].strip()
    item = None
    if rest and (i := _ITEM.match(rest)):
        item = _number(i.group("item"))
        rest = ""
    if rest:
        raise InvalidInput(
            f"看不懂的条文引用：{text}（无法识别“{rest}”）；{HINT}", details={"citation": text}
        )
    sub = _number(a.group("sub")) if a.group("sub") else None
    article = _number(a.group("art"))
    if max(article, sub or 0, item or 0, *paragraphs) > MAX_NUMBER:
        raise InvalidInput(f"条文引用中的编号过大：{text}", details={"citation": text})
    return Citation(name, book, article, sub, paragraphs, item)


def known_name(text: str) -> str | None:
    """The short name or title a citation starts with (the longest), so that names holding
    第 or digits (第一审管辖规定) are read whole."""
    bare = text.lstrip("《")
    return next((n for n in _KNOWN if bare.startswith(n)), None)


_KNOWN = sorted(
    {*names.titles_by_name(), *names.SHORT_NAMES},
    key=len,
    reverse=True,
)


def split_book(name: str) -> tuple[str, str | None]:
    """``民法典合同编`` → (``民法典``, ``合同编``); ``总则编`` is the book the corpus calls 总则."""
    bare = name.removeprefix("中华人民共和国")
    if bare.startswith("民法典") and bare != "民法典":
        book = bare.removeprefix("民法典").strip("·• ")
        if book in names.CIVIL_CODE_BOOKS:
            return "民法典", book.removesuffix("编") if book == "总则编" else book
    return name, None


def label(article: int, sub: int | None) -> str:
    suffix = f"之{numerals.to_chinese(sub)}" if sub else ""
    return f"第{numerals.to_chinese(article)}条{suffix}"
