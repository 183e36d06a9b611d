"""Cross-references inside statute text: 本法第十九条, 专利法第二十条, 《…》第X条第Y款, 前款.

``find`` reports each reference with its span in the paragraph; ``resolve`` turns them into
links to an instrument of the corpus (by title or short name), or leaves them unresolved with
the name they give (the Civil Procedure Law, say, is not in the corpus).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from zhichan.law import numerals

_CN = "零一二三四五六七八九十百千两"
_SELF = r"本(?:法|条例|细则|规定|解释|办法|决定)"
#: Short names written without 《》 in the corpus's own text; 《…》 titles are always found.
SHORT_NAMES = (
    "专利法实施细则",
    "著作权法实施条例",
    "商标法实施条例",
    "专利法",
    "著作权法",
    "商标法",
    "民法典",
    "反不正当竞争法",
    "反垄断法",
    "民事诉讼法",
    "行政诉讼法",
    "刑事诉讼法",
    "刑法",
    "电子商务法",
    "促进科技成果转化法",
    "科学技术进步法",
    "民法通则",
    "民法总则",
    "合同法",
    "侵权责任法",
    "物权法",
    "种子法",
    "药品管理法",
)
_JOIN = re.compile(r"^(?:、|至|和|及|以及|或者|或|，|,)$")


def _pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    short = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(
        rf"(?:(?P<self>{_SELF})|《(?P<book>[^《》]{{2,80}})》|(?P<short>{short}))?"
        rf"第(?P<art>[{_CN}]+)条(?:之(?P<sub>[{_CN}]+))?"
        rf"(?:第(?P<para>[{_CN}]+)款)?(?:第(?P<item>[{_CN}]+)项)?"
    )


_ARTICLE = _pattern(SHORT_NAMES)
_RELATIVE = re.compile(rf"(?P<rel>前(?P<n>[{_CN}])?款|本条第(?P<para>[{_CN}]+)款)")


@dataclass(frozen=True, slots=True)
class Reference:
    start: int
    end: int
    text: str
    name: str | None  # the instrument named, or None for this one
    article: int | None  # None: a paragraph of the same article (前款)
    paragraphs: tuple[int, ...] = ()
    item: int | None = None


def find(text: str, paragraph: int) -> list[Reference]:
    """References in the text of paragraph number ``paragraph`` of some article."""
    out: list[Reference] = []
    for m in _ARTICLE.finditer(text):
        name = m.group("book") or m.group("short")
        if (
            name is None
            and not m.group("self")
            and out
            and _JOIN.match(text[out[-1].end : m.start()])
        ):
            name = out[-1].name  # 专利法第十一条、第六十九条: the list shares its law
        out.append(
            Reference(
                m.start(),
                m.end(),
                m.group(),
                name.strip() if name else None,
                numerals.to_int(m.group("art")),
                (numerals.to_int(m.group("para")),) if m.group("para") else (),
                numerals.to_int(m.group("item")) if m.group("item") else None,
            )
        )
    taken = [(r.start, r.end) for r in out]
    for m in _RELATIVE.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        if m.group("para"):
            paras: tuple[int, ...] = (numerals.to_int(m.group("para")),)
        else:
            back = numerals.to_int(m.group("n")) if m.group("n") else 1
            paras = tuple(range(max(1, paragraph - back), paragraph))
        out.append(Reference(m.start(), m.end(), m.group(), None, None, paras))
    return sorted(out, key=lambda r: r.start)


@dataclass(frozen=True, slots=True)
class Link:
    """A reference found in ``source`` article ``article`` paragraph ``paragraph``."""

    source: str
    article: str  # label of the citing article
    paragraph: int
    ref: Reference
    target: str | None  # source path of the cited instrument; None when not in the corpus
    target_article: int | None


def resolve(instruments: list[Any]) -> list[Link]:
    """Every reference of the corpus, linked to the instrument it cites where that is here.

    By title or short name (the newest version when there are several); a Civil Code article
    goes to the book file that holds it; a bare ``第X条`` is the instrument's own article,
    except in decisions that amend other instruments, where it is left unresolved."""
    by_name: dict[str, list[Any]] = {}
    for inst in instruments:
        for name in {inst.title, inst.short_name}:
            by_name.setdefault(name, []).append(inst)
    links: list[Link] = []
    for inst in instruments:
        amending = any(a.point for a in inst.articles) and "决定" in inst.title
        for art in inst.articles:
            for para in art.paragraphs:
                texts = [para.text, *(i.text for i in para.items)]
                for text in texts:
                    for ref in find(text, para.number):
                        links.append(_link(inst, art, para.number, ref, by_name, amending))
    return links


def _link(
    inst: Any,
    art: Any,
    paragraph: int,
    ref: Reference,
    by_name: dict[str, list[Any]],
    amending: bool,
) -> Link:
    number = ref.article if ref.article is not None else art.number
    if ref.name is None:
        family = [] if amending and ref.article is not None else by_name.get(inst.title, [inst])
    else:
        family = by_name.get(ref.name, [])
    holders = [i for i in family if any(a.number == number for a in i.articles)]
    if ref.name is None and inst in holders:
        target = inst
    else:
        target = max(holders, key=lambda i: i.version_date or date.min, default=None)
    return Link(
        inst.source,
        art.label,
        paragraph,
        ref,
        target.source if target is not None else None,
        number if target is not None else None,
    )
