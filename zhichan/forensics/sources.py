"""Reading a deposit or a product: a directory or a zip/tar/7z archive, streamed file by file.

Every entry gets a SHA-256 of its bytes (for the evidence manifest) and one of two fates:

* kept as source text, decoded as UTF-8 (BOM allowed) or else GB18030 — a superset of GBK and
  GB2312 — with the encoding recorded; minified files (very long lines) are re-broken after
  ``;``, ``{`` and ``}`` so the line report stays readable, and say so;
* skipped with a reason: binary content, too large, a path pattern of third-party code, a
  known-library fingerprint, or a file identical to one in the base/template directory.

Archives are read member by member (nothing is extracted to disk), so a large tree costs the
memory of its text, and ``progress`` is told after every entry.
"""

from __future__ import annotations

import fnmatch
import hashlib
import re
import tarfile
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from zhichan.core.errors import InvalidInput

MAX_BYTES = 20 * 1024 * 1024
MINIFIED_LINE = 1000
THIRD_PARTY = (
    "node_modules/*", "*/node_modules/*", "vendor/*", "*/vendor/*", "third_party/*",
    "*/third_party/*", "thirdparty/*", "*/thirdparty/*", "bower_components/*", "*/libs/*",
    ".git/*", "*/.git/*", "*.min.js", "*.min.css", "*/jquery*.js", "jquery*.js",
)  # fmt: skip
ARCHIVES = (".zip", ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tar.xz", ".7z")
Progress = Callable[[str, int, int | None], None]


@dataclass(frozen=True, slots=True)
class Entry:
    path: str  # relative, with forward slashes
    size: int
    sha256: str


@dataclass(frozen=True, slots=True)
class SourceFile:
    entry: Entry
    text: str
    encoding: str
    reflowed: bool  # minified: re-broken into statements for the line report

    @property
    def path(self) -> str:
        return self.entry.path

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n") if self.text else []


@dataclass(frozen=True, slots=True)
class Skipped:
    entry: Entry
    reason: str


@dataclass
class Tree:
    root: str
    files: list[SourceFile] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)

    @property
    def entries(self) -> list[Entry]:
        return sorted(
            [f.entry for f in self.files] + [s.entry for s in self.skipped], key=lambda e: e.path
        )


@dataclass(frozen=True, slots=True)
class Exclusions:
    patterns: tuple[str, ...] = THIRD_PARTY
    known: dict[str, str] = field(default_factory=dict)  # SHA-256 → library name
    base: frozenset[str] = frozenset()  # normalised-content hashes of the template's files


def is_archive(path: Path) -> bool:
    return path.is_file() and path.name.lower().endswith(ARCHIVES)


def walk(root: Path) -> Iterator[tuple[str, bytes]]:
    """(relative path, bytes) of every file in a directory or an archive, in path order."""
    if root.is_dir():
        for p in sorted(x for x in root.rglob("*") if x.is_file()):
            yield p.relative_to(root).as_posix(), p.read_bytes()
        return
    if not root.is_file():
        raise InvalidInput(f"找不到证据：{root}")
    name = root.name.lower()
    try:
        if name.endswith(".zip"):
            yield from _zip(root)
        elif name.endswith(".7z"):
            yield from _sevenzip(root)
        elif name.endswith(ARCHIVES):
            yield from _tar(root)
        else:
            yield root.name, root.read_bytes()
    except (zipfile.BadZipFile, tarfile.TarError, EOFError, OSError) as exc:
        raise InvalidInput(f"压缩包无法读取：{root.name}（{exc}）") from exc


def _zip(root: Path) -> Iterator[tuple[str, bytes]]:
    with zipfile.ZipFile(root) as z:
        for info in sorted(z.infolist(), key=lambda i: i.filename):
            if not info.is_dir():
                yield _member_name(info.filename, info.flag_bits), z.read(info)


def _member_name(name: str, flags: int) -> str:
    """Zip tools on Chinese Windows write GBK names without the UTF-8 flag (bit 11)."""
    if flags & 0x800:
        return name
    try:
        return name.encode("cp437").decode("gb18030")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return name


def _tar(root: Path) -> Iterator[tuple[str, bytes]]:
    with tarfile.open(root) as t:
        for member in t:  # streamed: tar is sequential
            if member.isfile():
                handle = t.extractfile(member)
                if handle is not None:
                    yield member.name.removeprefix("./"), handle.read()


def _sevenzip(root: Path) -> Iterator[tuple[str, bytes]]:
    """7z archives are usually solid (one compressed stream), so they are unpacked in memory."""
    import py7zr  # only 7z cases pay for the import
    from py7zr.io import BytesIOFactory

    factory = BytesIOFactory(MAX_BYTES + 1)
    with py7zr.SevenZipFile(root) as z:
        names = sorted(i.filename for i in z.list() if not i.is_directory)
        z.extractall(factory=factory)
    for name in names:
        product = factory.products.get(name)
        if product is not None:
            product.seek(0)
            yield name, product.read()


def decode(data: bytes) -> tuple[str, str] | None:
    """(text, encoding), or None for binary content."""
    if b"\x00" in data[:8192]:
        return None
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", "replace"), "UTF-8 (BOM)"
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "GB18030/GBK"
    except UnicodeDecodeError:
        return None


_BREAK = re.compile(r"(?<=[;{}])(?!\n)")


def reflow(text: str) -> tuple[str, bool]:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not any(len(line) > MINIFIED_LINE for line in text.split("\n")):
        return text, False
    return _BREAK.sub("\n", text), True


def content_key(text: str) -> str:
    """A hash that ignores line endings and surrounding whitespace (template matching)."""
    body = "\n".join(line.strip() for line in text.replace("\r", "\n").split("\n") if line.strip())
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def read(
    root: Path, exclusions: Exclusions = Exclusions(), progress: Progress | None = None
) -> Tree:
    tree = Tree(root.name)
    for n, (path, data) in enumerate(walk(root), start=1):
        entry = Entry(path, len(data), hashlib.sha256(data).hexdigest())
        reason = _exclusion(entry, exclusions)
        decoded = None if reason else decode(data) if len(data) <= MAX_BYTES else None
        if reason is None and len(data) > MAX_BYTES:
            reason = f"超过 {MAX_BYTES // 1024 // 1024} MB，未比对"
        elif reason is None and decoded is None:
            reason = "二进制文件，未作为源代码比对"
        elif decoded is not None and content_key(decoded[0]) in exclusions.base:
            reason = "与基础/模板目录中的文件相同"
        if reason is not None or decoded is None:
            tree.skipped.append(Skipped(entry, reason or "未比对"))
        else:
            text, reflowed = reflow(decoded[0])
            tree.files.append(SourceFile(entry, text, decoded[1], reflowed))
        if progress:
            progress(f"读取 {root.name}", n, None)
    return tree


def _exclusion(entry: Entry, exclusions: Exclusions) -> str | None:
    if entry.sha256 in exclusions.known:
        return f"已知第三方库：{exclusions.known[entry.sha256]}"
    for pattern in exclusions.patterns:
        if fnmatch.fnmatch(entry.path, pattern):
            return f"排除规则：{pattern}"
    return None


def base_keys(base: Path) -> frozenset[str]:
    keys = set()
    for _path, data in walk(base):
        decoded = decode(data)
        if decoded is not None:
            keys.add(content_key(decoded[0]))
    return frozenset(keys)


def known_list(text: str) -> dict[str, str]:
    """A known-library list: one ``<sha256> <name>`` per line (``sha256sum`` output works)."""
    out = {}
    for n, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        digest, _, name = line.partition(" ")
        if not re.fullmatch(r"[0-9a-fA-F]{64}", digest):
            raise InvalidInput(f"已知库清单第 {n} 行不是 SHA-256：{line[:40]}")
        out[digest.lower()] = name.strip().lstrip("*") or digest[:12]
    return out
