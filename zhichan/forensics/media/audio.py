"""Audio of two works (music, sound effects, voice): Chromaprint fingerprints, aligned in time.

``fpcalc`` (Debian ``libchromaprint-tools``) turns a file into one 32-bit sub-fingerprint per
``ITEM_SECONDS`` of sound. Two recordings are slid against each other; at every offset the
overlapping sub-fingerprints are compared bit by bit, and the offset with the most matching
bits wins. Reported: that offset in seconds (how far into the right file the left one
starts), the overlap's duration and the share of matching bits (about 0.5 for unrelated
sound, close to 1 for the same recording, also re-encoded or at another volume).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from zhichan.core.errors import InvalidInput
from zhichan.forensics.evidence.sources import Entry, Progress

ITEM_SECONDS = 4096 / 11025 / 3  # Chromaprint's hop: 0.1238 s
MIN_OVERLAP = 16  # sub-fingerprints (≈ 2 s)
MATCH = 0.75  # share of matching bits taken as the same sound
EXTENSIONS = (".wav", ".mp3", ".ogg", ".flac", ".m4a", ".aac", ".wma", ".opus")


@dataclass(frozen=True, slots=True)
class Fingerprint:
    entry: Entry
    duration: float
    items: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class AudioMatch:
    left: Fingerprint
    right: Fingerprint
    offset_seconds: float
    overlap_seconds: float
    bit_match: float

    @property
    def same_sound(self) -> bool:
        return self.bit_match >= MATCH


def is_audio(path: str) -> bool:
    return path.lower().endswith(EXTENSIONS)


def fpcalc_version() -> str:
    tool = _tool()
    out = subprocess.run([tool, "-version"], capture_output=True, text=True, check=False)
    return out.stdout.strip() or out.stderr.strip()


def _tool() -> str:
    tool = shutil.which("fpcalc")
    if tool is None:
        raise InvalidInput("找不到 fpcalc：请安装 Debian 软件包 libchromaprint-tools")
    return tool


def fingerprint(entry: Entry, path: Path) -> Fingerprint | None:
    """None when the file is not decodable audio."""
    out = subprocess.run(
        [_tool(), "-raw", "-json", "-length", "0", str(path)],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    # fpcalc reports "End of file" as an error (exit 3) after a complete fingerprint
    try:
        doc = json.loads(out.stdout)
    except json.JSONDecodeError:
        return None
    if not doc.get("fingerprint"):
        return None
    return Fingerprint(entry, float(doc["duration"]), tuple(int(x) for x in doc["fingerprint"]))


def align(left: Fingerprint, right: Fingerprint) -> AudioMatch:
    a = np.array(left.items, dtype=np.uint32)
    b = np.array(right.items, dtype=np.uint32)
    best = (0.0, 0, 0)  # (bit match, offset, overlap)
    if len(a) and len(b):
        minimum = min(MIN_OVERLAP, len(a), len(b))
        for offset in range(-(len(a) - minimum), len(b) - minimum + 1):
            # left item i sits at right item i + offset
            lo, hi = max(0, -offset), min(len(a), len(b) - offset)
            x = np.bitwise_xor(a[lo:hi], b[lo + offset : hi + offset])
            wrong = int(np.unpackbits(x.view(np.uint8)).sum())
            share = 1 - wrong / (32 * (hi - lo))
            if share > best[0]:
                best = (share, offset, hi - lo)
    share, offset, overlap = best
    return AudioMatch(left, right, offset * ITEM_SECONDS, overlap * ITEM_SECONDS, share)


def best_matches(
    left: list[Fingerprint], right: list[Fingerprint], progress: Progress | None = None
) -> list[AudioMatch]:
    out = []
    for n, a in enumerate(left, start=1):
        found = [align(a, b) for b in right]
        if found:
            out.append(max(found, key=lambda m: m.bit_match))
        if progress:
            progress("比对音频", n, len(left))
    return out
