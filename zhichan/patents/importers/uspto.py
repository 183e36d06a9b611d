"""USPTO full-text XML in its six historic dialects, streamed one document at a time.

* ``xml2014`` / ``xml2006`` / ``xml2004`` grants and ``xmlApp2004`` applications: ST.36-style
  ``us-patent-grant`` / ``us-patent-application`` (parsed by :mod:`.uspto_st36`);
* ``sgml``: the 1990s–2004 grant format, root ``PATDOC`` with B-tags (:mod:`.uspto_st32`);
* ``pap``: 2001–2004 application publications, root ``patent-application-publication``
  (:mod:`.uspto_pap`).

Weekly bulk files concatenate many documents, each with its own XML declaration; a document
is parsed when the next one starts, so memory holds one document. The DOCTYPE (whose DTDs are
not shipped) is dropped, and the ISO character entities the files use (``&lsqb;``,
``&mdash;``…) are replaced by their characters before parsing; no entity is ever expanded
from the file itself.
"""

from __future__ import annotations

import html.entities
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import BinaryIO

from zhichan.patents.importers import uspto_pap, uspto_st32, uspto_st36
from zhichan.patents.importers.base import Failed, Format, Item, Meter, Options, Parsed, Raw

_DECLARATION = re.compile(rb"^\s*<\?xml[^>]*\?>")
_ROOT_START = re.compile(rb"<[A-Za-z]")
_ENTITY = re.compile(rb"&([A-Za-z][A-Za-z0-9]*);")
_XML_ENTITIES = {b"lt", b"gt", b"amp", b"quot", b"apos"}
ROOTS = {
    "us-patent-grant": uspto_st36.record,
    "us-patent-application": uspto_st36.record,
    "PATDOC": uspto_st32.record,
    "patent-application-publication": uspto_pap.record,
}


def _entity(m: re.Match[bytes]) -> bytes:
    name = m.group(1)
    if name in _XML_ENTITIES:
        return m.group(0)
    char = html.entities.html5.get(name.decode() + ";")
    return char.encode() if char else b"?"


def _documents(fh: BinaryIO, meter: Meter) -> Iterator[tuple[int, bytes]]:
    """Split a (possibly concatenated) file into documents: (first line number, bytes)."""
    buf: list[bytes] = []
    start, seen_root = 1, False
    for n, line in enumerate(fh, start=1):
        meter.done += len(line)
        head = line.lstrip()
        starts_doc = head.startswith(b"<?xml") or (head.startswith(b"<!DOCTYPE") and seen_root)
        if starts_doc and seen_root:
            yield start, b"".join(buf)
            buf, start, seen_root = [], n, False
        buf.append(line)
        seen_root = seen_root or bool(_ROOT_START.match(head))
    if any(b.strip() for b in buf):
        yield start, b"".join(buf)


def parse_document(data: bytes) -> ET.Element:
    """Parse one document without its prolog: comments and DOCTYPE (with any internal subset)
    before the root element are dropped, so nothing the file declares is ever expanded."""
    root = _ROOT_START.search(data)
    if root is None:
        raise ET.ParseError("no element found")
    declaration = _DECLARATION.match(data)
    prolog_lines = data[: root.start()].count(b"\n")
    body = (
        (declaration.group(0) if declaration else b"") + b"\n" * prolog_lines + data[root.start() :]
    )
    return ET.fromstring(_ENTITY.sub(_entity, body))


def documents(fh: BinaryIO, opts: Options, meter: Meter) -> Iterator[Raw | Failed]:
    for n, (line, data) in enumerate(_documents(fh, meter), start=1):
        yield Raw(f"文档 {n}（第 {line} 行起）", (line, data))


def parse(raw: Raw, opts: Options) -> Item:
    line, data = raw.payload
    try:
        root = parse_document(data)
    except ET.ParseError as exc:
        # An empty document (no element at all) has no position on some parsers.
        row, col = getattr(exc, "position", None) or (1, 0)
        why = "文档为空或不完整" if "no element found" in str(exc) else str(exc)
        return Failed(raw.location, None, f"XML 格式错误：第 {line + row - 1} 行第 {col} 列：{why}")
    build = ROOTS.get(root.tag)
    if build is None:
        return Failed(raw.location, None, f"不是 USPTO 专利文档（根元素 <{root.tag}>）")
    try:
        return Parsed(raw.location, [build(root, opts)])
    except ValueError as exc:
        return Failed(raw.location, None, str(exc))


FORMAT = Format("uspto", documents, parse, parallel=True)


def looks_like(head: bytes) -> bool:
    return any(root.encode() in head for root in ROOTS)
