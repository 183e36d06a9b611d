"""The labelled development sets of the clone benchmark: one real, two GENERATED.

* **IR-Plag** (real; Karnalim et al. 2019, ``../shared/data/forensics/ir-plag``): 7 Java tasks,
  each original against its plagiarised copies (L1–L6) and against the task's independently
  written solutions.
* **GEN-Java** (GENERATED): 60 classes (and 6 more as authors' templates) of the OpenJDK 17
  class library (Debian package ``openjdk-17-source``, GPL-2.0 with the Classpath exception),
  each disguised at L1–L6 by :mod:`benchmarks.clone_generator`; negatives as :func:`generated`
  says.
* **GEN-C** (GENERATED): the example programs the Debian packages of :data:`C_PACKAGES` ship
  under ``/usr/share/doc/<package>/examples`` and git's ``contrib`` (zlib, nettle, libpng,
  liblzma, xmlsec, libidn2, libtasn1 … each under its package's licence, see its ``copyright``
  file), disguised
  the same way; many come in families (sign1/sign2/sign3, base16enc/base64enc) written by the
  same authors for related tasks, which makes hard negatives.

Every set is split by original (task) into a tuning half and an untouched half with a fixed
hash, so no original's pairs sit on both sides.
"""

from __future__ import annotations

import hashlib
import random
import zipfile
from dataclasses import dataclass
from pathlib import Path

from benchmarks import clone_generator
from zhichan.forensics.code.tokens import tokenize

JDK_SOURCES = Path("/usr/lib/jvm/openjdk-17/lib/src.zip")
JDK_PACKAGES = (
    "java/util/", "java/util/concurrent/", "java/util/stream/", "java/text/", "java/time/",
    "java/time/format/", "java/io/", "java/math/", "java/net/", "java/nio/file/",
    "java/util/regex/", "java/lang/invoke/",
)  # fmt: skip
C_EXAMPLES = Path("/usr/share/doc")
C_PACKAGES = (
    "git", "libexpat1-dev", "libidn2-dev", "libjansson4", "libjpeg62-turbo-dev", "liblzma-dev",
    "libpam-modules", "libpng-dev", "libstemmer0d", "libtasn1-6-dev", "libxmlsec1-dev",
    "linux-perf", "nettle-dev", "zlib1g-dev",
)  # fmt: skip
ORIGINALS = 66
AUTHORS = 6
NEGATIVES = 6
MIN_TOKENS, MAX_TOKENS = 100, 1200  # the size of course and contest submissions, not of libraries


@dataclass(frozen=True, slots=True)
class Pair:
    left: Path
    right: Path
    label: int
    level: str  # L1–L6, or "none" for a negative
    group: str  # the original (task) the pair belongs to
    language: str

    @property
    def held_out(self) -> bool:
        return int(hashlib.sha1(self.group.encode()).hexdigest(), 16) % 3 == 0


def ir_plag(root: Path) -> list[Pair]:
    out = []
    for case in sorted(p for p in root.iterdir() if p.is_dir()):
        original = next((case / "original").glob("*.java"))
        for f in sorted((case / "plagiarized").glob("*/*/*.java")):
            out.append(Pair(original, f, 1, f.parent.parent.name, case.name, "java"))
        for f in sorted((case / "non-plagiarized").glob("*/*.java")):
            out.append(Pair(original, f, 0, "none", case.name, "java"))
    return out


def _sized(source: bytes, language: str) -> bool:
    return MIN_TOKENS <= len(tokenize(source, language)) <= MAX_TOKENS


def jdk_originals(seed: int = 23) -> list[tuple[str, str, bytes]]:
    """(name, package, source) of classes from the JDK's own sources."""
    if not JDK_SOURCES.exists():
        raise SystemExit(f"缺少 {JDK_SOURCES}：请安装 Debian 软件包 openjdk-17-source")
    with zipfile.ZipFile(JDK_SOURCES) as z:
        names = sorted(
            n
            for n in z.namelist()
            if n.endswith(".java")
            and any(n.startswith(f"java.base/{p}") and n.count("/") == p.count("/") + 1
                    for p in JDK_PACKAGES)
        )  # fmt: skip
        random.Random(seed).shuffle(names)
        out = []
        for name in names:
            source = z.read(name)
            if _sized(source, "java"):
                out.append((name.rsplit("/", 1)[1], name.rsplit("/", 1)[0], source))
            if len(out) == ORIGINALS:
                break
    return out


def c_originals() -> list[tuple[str, str, bytes]]:
    missing = [p for p in C_PACKAGES if not (C_EXAMPLES / p).is_dir()]
    if missing:
        raise SystemExit(f"缺少 Debian 软件包：{' '.join(missing)}（make bench 会安装）")
    examples = [C_EXAMPLES / p / "examples" for p in C_PACKAGES if p != "git"]
    found = sorted(path for folder in examples for path in folder.glob("**/*.c"))
    found += sorted((C_EXAMPLES / "git" / "contrib").glob("**/*.c"))
    out = []
    for path in found:
        source = path.read_bytes()
        if _sized(source, "c"):
            package = path.relative_to(C_EXAMPLES).parts[0]
            out.append((f"{package}-{path.name}", str(path.parent), source))
    return out


def generated(
    originals: list[tuple[str, str, bytes]], language: str, target: Path, seed: int = 7
) -> list[Pair]:
    """GENERATED: writes each submission and its six disguises under ``target``.

    As in a programming contest, every file belongs to one of ``AUTHORS`` authors, and each
    author appends their own template (a real file of the same language not used as an
    original) to everything they write: an original is its author's template + the code, a
    disguised copy is made by another author and carries that author's template. Negatives
    per original: two files of the same author (the template is all they share), two of the
    same package or family, the most different in size, and one at random.
    """
    rng = random.Random(seed)
    suffix = ".java" if language == "java" else ".c"
    templates = [source for _n, _p, source in originals[:AUTHORS]]
    originals = originals[AUTHORS:]
    author = [n % AUTHORS for n in range(len(originals))]
    written: list[Path] = []
    out: list[Pair] = []
    for n, (name, _package, source) in enumerate(originals):
        folder = target / f"{n:03d}"
        folder.mkdir(parents=True)
        original = folder / f"original{suffix}"
        original.write_bytes(source + b"\n" + templates[author[n]])
        written.append(original)
        for level in range(1, 7):
            copier = (author[n] + rng.randrange(1, AUTHORS)) % AUTHORS
            disguised = clone_generator.disguise(source, language, level, seed * 1000 + n)
            copy = folder / f"L{level}{suffix}"
            copy.write_bytes(disguised + b"\n" + templates[copier])
            out.append(Pair(original, copy, 1, f"L{level}", name, language))
    sizes = [len(source) for _n, _p, source in originals]
    for n, (name, package, _source) in enumerate(originals):
        others = [m for m in range(len(originals)) if m != n]
        mine = [m for m in others if author[m] == author[n]]
        family = [m for m in others if originals[m][1] == package and m not in mine]
        chosen = rng.sample(mine, min(2, len(mine))) + rng.sample(family, min(2, len(family)))
        chosen.append(max(others, key=lambda m: abs(sizes[m] - sizes[n])))
        rest = [m for m in others if m not in chosen]
        chosen += rng.sample(rest, NEGATIVES - len(chosen))
        for m in chosen:
            out.append(Pair(written[n], written[m], 0, "none", name, language))
    return out
