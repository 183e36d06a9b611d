"""Parse the statute files of ``shared/data/law`` (LawRefBook Markdown) into structure.

A file is a ``# title`` line, promulgation and amendment lines, ``<!-- INFO END -->``, then
``##``–``####`` headings (编, 分编, 章, 节, or 一、… parts of some interpretations) and
articles that start a line with ``第X条``. The lines after an article are its further
paragraphs (款); lines starting ``（一）`` are items (项) of the paragraph before them. Replies
and decisions without ``第X条`` are numbered by their points ``一、二、…``. Anything that does not
fit is reported in ``Instrument.issues`` rather than guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from zhichan.core.text import nfkc
from zhichan.law import numerals

LEVELS = ("法律", "行政法规", "司法解释", "地方性法规")
_CN = "零一二三四五六七八九十百千两〇"
_ARTICLE = re.compile(rf"^第([{_CN}]+)条(?:之([{_CN}]+))?[ \u3000]*(.*)$")
_POINT = re.compile(rf"^([{_CN}]+)、(.*)$")
_ITEM = re.compile(rf"^[（(]([{_CN}]+)[）)](.*)$")
_HEADING = re.compile(r"^(#{2,6})\s+(.*)$")
_HEADING_KIND = re.compile(rf"^第([{_CN}]+)(编|分编|章|节)\s*(.*)$")
_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
_FILE_DATE = re.compile(r"\((\d{4})-(\d{2})-(\d{2})\)$")


@dataclass(slots=True)
class Item:
    number: int
    text: str


@dataclass(slots=True)
class Paragraph:
    number: int
    text: str
    items: list[Item] = field(default_factory=list)


@dataclass(slots=True)
class Article:
    number: int
    sub: int | None  # 第十条之一 → 1
    path: tuple[str, ...]  # headings above it, outermost first
    paragraphs: list[Paragraph] = field(default_factory=list)
    point: bool = False  # numbered 一、二、 in a reply or decision
    whole: bool = False  # a one-paragraph reply: its operative text as one unit

    @property
    def label(self) -> str:
        if self.whole:
            return "全文"
        if self.point:
            return f"{numerals.to_chinese(self.number)}、"
        suffix = f"之{numerals.to_chinese(self.sub)}" if self.sub else ""
        return f"第{numerals.to_chinese(self.number)}条{suffix}"

    @property
    def text(self) -> str:
        lines = []
        for p in self.paragraphs:
            lines.append(p.text)
            lines.extend(i.text for i in p.items)
        return "\n".join(lines)


@dataclass(slots=True)
class Instrument:
    title: str
    level: str
    source: str
    version_date: date | None
    history: list[str]
    articles: list[Article] = field(default_factory=list)
    preamble: list[str] = field(default_factory=list)
    issues: list[str] = field(default_factory=list)
    book: str | None = None  # 合同编 … of the Civil Code, one file per book

    @property
    def short_name(self) -> str:
        return self.title.removeprefix("中华人民共和国")

    @property
    def promulgated(self) -> date | None:
        found = [d for line in self.history if (d := _first_date(line))]
        return found[0] if found else None

    @property
    def effective(self) -> date | None:
        for line in self.history:
            if "施行" in line and (d := _first_date(line)):
                return d
        return self.version_date


def _first_date(text: str) -> date | None:
    m = _DATE.search(text)
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


class _Builder:
    def __init__(self, inst: Instrument, points: bool) -> None:
        self.inst = inst
        self.points = points
        self.path: list[tuple[int, str]] = []  # (depth, heading)
        self.current: Article | None = None

    def heading(self, depth: int, text: str) -> None:
        self.path = [(d, h) for d, h in self.path if d < depth] + [(depth, text)]
        self.current = None

    def line(self, text: str, n: int) -> None:
        if m := _ARTICLE.match(text):
            self._start(numerals.to_int(m.group(1)), m.group(2), m.group(3), point=False)
        elif self.points and (m := _POINT.match(text)):
            self._start(numerals.to_int(m.group(1)), None, text, point=True)
        elif (m := _ITEM.match(text)) and self.current and self.current.paragraphs:
            self.current.paragraphs[-1].items.append(Item(numerals.to_int(m.group(1)), text))
        elif self.current is not None:
            para = Paragraph(len(self.current.paragraphs) + 1, text)
            self.current.paragraphs.append(para)
        elif not self.inst.articles:
            self.inst.preamble.append(text)
        else:
            self.inst.issues.append(f"第 {n} 行：不属于任何条文：{text[:30]}")

    def _start(self, number: int, sub: str | None, rest: str, *, point: bool) -> None:
        path = tuple(h for _, h in self.path)
        art = Article(number, numerals.to_int(sub) if sub else None, path, point=point)
        if rest.strip():
            art.paragraphs.append(Paragraph(1, rest.strip()))
        self.inst.articles.append(art)
        self.current = art


def parse_text(text: str, *, level: str, source: str) -> Instrument:
    lines = [nfkc(line).strip() for line in text.splitlines()]
    if not lines or not lines[0].startswith("# "):
        raise ValueError(f"{source}：第一行应为“# 标题”")
    try:
        end = lines.index("<!-- INFO END -->")
    except ValueError as exc:
        raise ValueError(f"{source}：缺少 <!-- INFO END --> 行") from exc
    m = _FILE_DATE.search(Path(source).stem)
    version = date(int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None
    header = [line for line in lines[1:end] if line]
    book = header.pop(0)[2:].strip() if header and header[0].startswith("# ") else None
    inst = Instrument(
        title=lines[0][2:].strip(),
        level=level,
        source=source,
        version_date=version,
        history=header,
        book=book,
    )
    body = [(n, line) for n, line in enumerate(lines[end + 1 :], start=end + 2) if line]
    points = not any(_ARTICLE.match(line) for _, line in body)
    builder = _Builder(inst, points)
    for n, line in body:
        if h := _HEADING.match(line):
            builder.heading(len(h.group(1)), h.group(2).strip())
        else:
            builder.line(line, n)
    _check(inst)
    return inst


def _check(inst: Instrument) -> None:
    """Article numbers run 1, 2, 3 … (or on from a Civil Code book's first) without gaps.
    A reply with neither articles nor points is kept whole: its last preamble paragraph (after
    the addressee and the "批复如下" line) is the operative text."""
    if not inst.articles:
        if "批复" in inst.title and len(inst.preamble) >= 2:
            text = inst.preamble.pop()
            inst.articles.append(Article(1, None, (), [Paragraph(1, text)], whole=True))
        else:
            inst.issues.append("没有找到任何条文")
        return
    main = [a.number for a in inst.articles if a.sub is None]
    expected = list(range(main[0], main[0] + len(main)))
    if main != expected:
        wrong = next(f"{e}→{g}" for e, g in zip(expected, main, strict=False) if e != g)
        inst.issues.append(f"条文序号不连续：应为 {wrong}")
    for art in inst.articles:
        if not art.paragraphs:
            inst.issues.append(f"{art.label} 没有正文")


def parse_file(path: Path, root: Path) -> Instrument:
    level = path.parent.name
    if level not in LEVELS:
        raise ValueError(f"{path}：上级目录应为 {'/'.join(LEVELS)} 之一")
    return parse_text(
        path.read_text(encoding="utf-8"), level=level, source=str(path.relative_to(root))
    )


def parse_corpus(root: Path) -> list[Instrument]:
    """Every ``*.md`` under ``root/<level>/``, in a stable order."""
    return [parse_file(p, root) for p in sorted(root.glob("*/*.md"))]
