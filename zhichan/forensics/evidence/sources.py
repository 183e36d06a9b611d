"""Reading a deposit or a product: a directory or a zip/tar/7z archive, streamed file by file.

Every entry gets a SHA-256 of its bytes (for the evidence manifest) and one of two fates:

* kept as source text, decoded as UTF-8 (BOM allowed) or else GB18030 — a superset of GBK and
  GB2312 — with the encoding recorded; minified files (very long lines) are re-broken after
  ``;``, ``{`` and ``}`` so the line report stays readable, and say so;
* skipped with a reason: binary content, too large, a path pattern of third-party code, a
  known-library fingerprint, or a file identical to one in the base/template directory.

Archives are read member by member (nothing is extracted to disk), so a large tree costs the
memory of its text, and ``progress`` is told after every entry. What one archive may unpack
to is bounded (``_Budget``): a compressed bomb fails the run with a message instead of
filling the server's memory.
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
from typing import IO

from zhichan.core.errors import InvalidInput

MAX_BYTES = 20 * 1024 * 1024
#: Limits on what one archive may unpack to (docs/security.md): total bytes, members, and the
#: ratio of unpacked to packed size once more than RATIO_FLOOR bytes are out.
MAX_UNPACKED = 2 * 1024**3
MAX_MEMBERS = 50_000
MAX_RATIO = 200
RATIO_FLOOR = 64 * 1024 * 1024
#: py7zr holds a 7z archive's packed data in memory while it unpacks (zip and tar stream), so a
#: 7z is bounded by its packed size.
MAX_7Z_PACKED = 512 * 1024 * 1024
CHUNK = 1 << 20
TOO_LARGE = f"超过 {MAX_BYTES // 1024 // 1024} MB，未比对"
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


@dataclass(frozen=True, slots=True)
class Member:
    """One file of the evidence: hashed in full, its bytes kept only up to ``MAX_BYTES``."""

    path: str
    size: int
    sha256: str
    data: bytes | None  # None: larger than MAX_BYTES, hashed but not kept

    @property
    def entry(self) -> Entry:
        return Entry(self.path, self.size, self.sha256)


class _Budget:
    """What one archive may unpack to, checked on declared sizes and again on actual bytes.

    A small archive that unpacks to gigabytes (a “zip bomb”) is refused when the ratio or the
    total is exceeded — while streaming, so the server never holds more than one member.
    """

    def __init__(self, archive: Path) -> None:
        self.name = archive.name
        self.packed = max(1, archive.stat().st_size)
        self.total = 0
        self.members = 0

    def declare(self, members: int, total: int) -> None:
        if members > MAX_MEMBERS:
            raise self.refuse(f"含 {members} 个文件，超过上限 {MAX_MEMBERS}")
        self._check(total, "声明的")

    def member(self) -> None:
        self.members += 1
        if self.members > MAX_MEMBERS:
            raise self.refuse(f"文件数超过上限 {MAX_MEMBERS}")

    def add(self, n: int) -> None:
        self.total += n
        self._check(self.total, "")

    def _check(self, total: int, which: str) -> None:
        if total > MAX_UNPACKED:
            raise self.refuse(f"{which}解压后大小超过上限 {MAX_UNPACKED // 1024**3} GB")
        if total > RATIO_FLOOR and total / self.packed > MAX_RATIO:
            raise self.refuse(f"{which}压缩比超过 {MAX_RATIO} 倍，疑似压缩炸弹")

    def refuse(self, why: str) -> InvalidInput:
        return InvalidInput(
            f"压缩包 {self.name} 未读取：{why}；请拆分后重新上传或直接上传目录",
            details={"archive": self.name},
        )


def _take(path: str, chunks: Iterator[bytes], budget: _Budget | None = None) -> Member:
    digest = hashlib.sha256()
    kept = bytearray()
    size = 0
    for chunk in chunks:
        if budget is not None:
            budget.add(len(chunk))
        digest.update(chunk)
        size += len(chunk)
        if size <= MAX_BYTES:
            kept += chunk
    return Member(path, size, digest.hexdigest(), bytes(kept) if size <= MAX_BYTES else None)


def _chunks(handle: IO[bytes]) -> Iterator[bytes]:
    return iter(lambda: handle.read(CHUNK), b"")


def walk(root: Path) -> Iterator[Member]:
    """Every file in a directory or an archive, one member in memory at a time: in path order,
    except 7z members, which come in the archive's order (``read`` sorts what it keeps).

    Archives inside archives are not opened: they are files of the evidence like any other.
    """
    if root.is_dir():
        for p in sorted(x for x in root.rglob("*") if x.is_file()):
            with p.open("rb") as fh:
                yield _take(p.relative_to(root).as_posix(), _chunks(fh))
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
            with root.open("rb") as fh:
                yield _take(root.name, _chunks(fh))
    except (zipfile.BadZipFile, tarfile.TarError, EOFError, OSError, ValueError) as exc:
        raise InvalidInput(f"压缩包无法读取：{root.name}（{exc}）") from exc


def _zip(root: Path) -> Iterator[Member]:
    budget = _Budget(root)
    with zipfile.ZipFile(root) as z:
        infos = sorted((i for i in z.infolist() if not i.is_dir()), key=lambda i: i.filename)
        budget.declare(len(infos), sum(i.file_size for i in infos))
        for info in infos:
            budget.member()
            with z.open(info) as fh:  # zipfile stops a member at its declared size
                yield _take(_member_name(info.filename, info.flag_bits), _chunks(fh), budget)


def _member_name(name: str, flags: int) -> str:
    """Zip tools on Chinese Windows write GBK names without the UTF-8 flag (bit 11)."""
    if flags & 0x800:
        return name
    try:
        return name.encode("cp437").decode("gb18030")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return name


def _tar(root: Path) -> Iterator[Member]:
    budget = _Budget(root)
    with tarfile.open(root) as t:
        for member in t:  # streamed: tar is sequential
            if member.isfile():
                budget.member()
                handle = t.extractfile(member)
                if handle is not None:
                    yield _take(member.name.removeprefix("./"), _chunks(handle), budget)


def _sevenzip(root: Path) -> Iterator[Member]:
    """7z archives are usually solid (one compressed stream): py7zr unpacks in a thread that
    hands over one finished member at a time, so memory holds one member, not the archive."""
    import py7zr  # only 7z cases pay for the import

    from zhichan.forensics.evidence.sevenzip import members

    budget = _Budget(root)
    if budget.packed > MAX_7Z_PACKED:
        raise budget.refuse(
            f"7z 压缩包超过 {MAX_7Z_PACKED // 1024**2} MB（7z 须整体载入内存），请改用 zip 或 tar"
        )
    with py7zr.SevenZipFile(root) as z:
        listed = [i for i in z.list() if not i.is_directory]
        budget.declare(len(listed), sum(i.uncompressed or 0 for i in listed))
    yield from members(root, lambda name: _Sink(name, budget))


class _Sink:
    """Where py7zr writes one member: hashed in full, bytes kept up to MAX_BYTES."""

    def __init__(self, name: str, budget: _Budget) -> None:
        self.name, self.budget = name, budget
        self.digest = hashlib.sha256()
        self.kept = bytearray()
        self.size = 0
        budget.member()

    def write(self, s: bytes | bytearray) -> int:
        self.budget.add(len(s))
        self.digest.update(s)
        self.size += len(s)
        if self.size <= MAX_BYTES:
            self.kept += s
        return len(s)

    def member(self) -> Member:
        data = bytes(self.kept) if self.size <= MAX_BYTES else None
        return Member(self.name, self.size, self.digest.hexdigest(), data)


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
    for n, member in enumerate(walk(root), start=1):
        entry, data = member.entry, member.data
        reason = _exclusion(entry, exclusions)
        decoded = None if reason or data is None else decode(data)
        if reason is None and data is None:
            reason = TOO_LARGE
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
    tree.files.sort(key=lambda f: f.path)
    tree.skipped.sort(key=lambda k: k.entry.path)
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
    for member in walk(base):
        decoded = None if member.data is None else decode(member.data)
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
