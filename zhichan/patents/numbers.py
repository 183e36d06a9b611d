"""Patent numbers to one form.

CN application numbers (GB/T-style, as CNIPA prints them):

* 1985–2003: ``YY T NNNNN`` — 2-digit year, type digit, 5-digit serial (8 digits);
* from 1 Oct 2003: ``YYYY T NNNNNNN`` — 4-digit year, type digit, 7-digit serial (12 digits);
* both followed by a check character after a dot: the digits weighted 2,3,4,5,6,7,8,9
  (then 2,3,4,5 again for the 12-digit form), summed, modulo 11; 10 is written ``X``.
  Worked examples: 201710601862.3, 97101765.4, 95115608.X.

Type digits: 1 invention, 2 utility model, 3 design, 8 PCT invention entering China,
9 PCT utility model entering China.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from zhichan.core.text import nfkc

CN_TYPES = {
    "1": "invention",
    "2": "utility_model",
    "3": "design",
    "8": "invention",
    "9": "utility_model",
}

_WEIGHTS = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)


def cn_check_digit(digits: str) -> str:
    total = sum(int(d) * w for d, w in zip(digits, _WEIGHTS, strict=False))
    rest = total % 11
    return "X" if rest == 10 else str(rest)


@dataclass(frozen=True, slots=True)
class ApplicationNumber:
    country: str
    digits: str
    check: str | None
    #: "ok", "missing" (none given; the computed one is in ``check``), "wrong" (given ≠ computed)
    check_status: str
    given_check: str | None = None

    @property
    def text(self) -> str:
        """``CN201710601862.3`` — always with the computed check character for CN numbers."""
        if self.country == "CN" and self.check:
            return f"CN{self.digits}.{self.check}"
        return f"{self.country}{self.digits}"

    @property
    def cn_type(self) -> str | None:
        if self.country != "CN":
            return None
        return CN_TYPES.get(self.digits[4] if len(self.digits) == 12 else self.digits[2])


_CN_APP = re.compile(r"^(?:CN|ZL)?(\d{8}|\d{12})(?:\.?([0-9X]))?$")


def parse_application_number(raw: str, default_country: str = "CN") -> ApplicationNumber:
    """Normalise an application number; raises ``ValueError`` when it has no known shape."""
    text = re.sub(r"[\s\u00a0]", "", nfkc(raw)).upper().replace("·", ".")
    country = default_country
    m = _CN_APP.match(text)
    if m and (text[:2] in ("CN", "ZL") or default_country == "CN"):
        digits, given = m.group(1), m.group(2)
        computed = cn_check_digit(digits)
        status = "missing" if given is None else ("ok" if given == computed else "wrong")
        return ApplicationNumber("CN", digits, computed, status, given)
    m = re.match(r"^([A-Z]{2})?([0-9][0-9/,\-]*[0-9A-Z]?)$", text)
    if not m:
        raise ValueError(f"无法识别的申请号：{raw}")
    country = m.group(1) or default_country
    digits = re.sub(r"[/,\-]", "", m.group(2))
    return ApplicationNumber(country, digits, None, "n/a")


@dataclass(frozen=True, slots=True)
class PublicationNumber:
    country: str
    number: str
    kind: str | None

    @property
    def text(self) -> str:
        return f"{self.country}{self.number}{self.kind or ''}"


def parse_publication_number(raw: str, default_country: str | None = None) -> PublicationNumber:
    """``CN 1234567 A``, ``CN118866379A``, ``US 8,926,509 B2``, ``WO2020/123456A1`` and the like.

    US grant numbers lose leading zeros (USPTO files write ``08926509``); design and plant
    prefixes (``D``, ``PP``, ``RE``) are kept.
    """
    # Google Patents writes CN-118000001-A; commas and dots come from typed US numbers.
    text = nfkc(raw).upper().replace(",", "").replace(".", "").replace("-", "")
    if default_country and not re.match(r"^[A-Z]{2}", text):
        text = default_country + text
    text = re.sub(r"\s+", "", text)
    m = re.match(r"^([A-Z]{2})(RE|PP|D|H|T)?(\d+(?:/\d+)?)([A-Z]\d?)?$", text)
    if not m:
        raise ValueError(f"无法识别的公开(公告)号：{raw}")
    country, prefix, digits, kind = m.group(1), m.group(2) or "", m.group(3), m.group(4)
    if country == "WO" and "/" in digits:
        year, serial = digits.split("/", 1)
        digits = (("20" + year) if len(year) == 2 else year) + serial.zfill(6)
    if country == "US" and len(digits) < 11:
        digits = digits.lstrip("0") or "0"
    return PublicationNumber(country, prefix + digits, kind)


def us_patent_type(number: PublicationNumber, appl_type: str | None = None) -> str:
    """USPTO document type from the number prefix or the ``appl-type`` attribute."""
    if appl_type in {"utility", "design", "plant", "reissue"}:
        return appl_type
    digits = number.number
    if digits.startswith("D"):
        return "design"
    if digits.startswith("PP"):
        return "plant"
    if digits.startswith("RE"):
        return "reissue"
    return "utility"


TYPE_LABELS = {
    "invention": "发明",
    "utility_model": "实用新型",
    "design": "外观设计",
    "utility": "发明（美国实用专利）",
    "plant": "植物专利",
    "reissue": "再颁专利",
}


def cn_type_from_kind(kind: str | None) -> str | None:
    """CN kind codes: A/B/C invention, U/Y utility model, S/D design."""
    if not kind:
        return None
    return {
        "A": "invention",
        "B": "invention",
        "C": "invention",
        "U": "utility_model",
        "Y": "utility_model",
        "S": "design",
        "D": "design",
    }.get(kind[0])
