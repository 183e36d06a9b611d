"""What a PDF holds, read from its compressed streams (no PDF library needed)."""

from __future__ import annotations

import re
import zlib


def streams(pdf: bytes) -> list[bytes]:
    out = []
    for chunk in pdf.split(b"stream")[1:]:
        body = chunk.split(b"endstream")[0].strip(b"\r\n")
        try:
            out.append(zlib.decompress(body))
        except zlib.error:
            continue
    return out


def embedded_fonts(pdf: bytes) -> set[bytes]:
    """Names of the embedded (subset) fonts, e.g. ``Noto-Sans-CJK-SC``."""
    return {f for d in streams(pdf) for f in re.findall(rb"/BaseFont\s*/[A-Z]{6}\+([\w-]+)", d)}
