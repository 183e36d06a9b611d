"""Chinese numerals of article numbers, both ways: 第一千二百六十条 ↔ 1260."""

from __future__ import annotations

DIGITS = "零一二三四五六七八九"
_VALUE = {c: i for i, c in enumerate(DIGITS)} | {"两": 2, "〇": 0}
_UNITS = {"十": 10, "百": 100, "千": 1000}


def to_int(text: str) -> int:
    """``四十二`` → 42, ``一百零一`` → 101, ``十`` → 10; ``ValueError`` for anything else."""
    if not text:
        raise ValueError("空的中文数字")
    total, digit = 0, None
    for ch in text:
        if ch in _VALUE:
            digit = _VALUE[ch]
        elif ch in _UNITS:
            total += (1 if digit is None else digit) * _UNITS[ch]
            digit = None
        else:
            raise ValueError(f"不是中文数字：{text}")
    return total + (digit or 0)


def to_chinese(number: int) -> str:
    """42 → ``四十二``, 10 → ``十``, 101 → ``一百零一``, 110 → ``一百一十`` (as statutes write)."""
    if not 0 < number < 10000:
        raise ValueError(f"条文序号超出范围：{number}")
    parts: list[str] = []
    zero = False
    for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d = number // unit % 10
        if d == 0:
            zero = bool(parts)
            continue
        if zero:
            parts.append("零")
            zero = False
        parts.append(DIGITS[d] + name)
    text = "".join(parts)
    return text[1:] if text.startswith("一十") else text
