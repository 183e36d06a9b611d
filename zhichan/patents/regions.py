"""Provinces of China: administrative-division code prefixes (GB/T 2260) and names."""

from __future__ import annotations

import re

PROVINCES: dict[str, str] = {
    "11": "北京市",
    "12": "天津市",
    "13": "河北省",
    "14": "山西省",
    "15": "内蒙古自治区",
    "21": "辽宁省",
    "22": "吉林省",
    "23": "黑龙江省",
    "31": "上海市",
    "32": "江苏省",
    "33": "浙江省",
    "34": "安徽省",
    "35": "福建省",
    "36": "江西省",
    "37": "山东省",
    "41": "河南省",
    "42": "湖北省",
    "43": "湖南省",
    "44": "广东省",
    "45": "广西壮族自治区",
    "46": "海南省",
    "50": "重庆市",
    "51": "四川省",
    "52": "贵州省",
    "53": "云南省",
    "54": "西藏自治区",
    "61": "陕西省",
    "62": "甘肃省",
    "63": "青海省",
    "64": "宁夏回族自治区",
    "65": "新疆维吾尔自治区",
    "71": "台湾省",
    "81": "香港特别行政区",
    "82": "澳门特别行政区",
}

_SHORT = {
    name: re.sub(r"(省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)$", "", name)
    for name in PROVINCES.values()
}
_BY_SHORT = {short: full for full, short in _SHORT.items()}
_IN_TEXT = re.compile("(" + "|".join(sorted(_BY_SHORT, key=len, reverse=True)) + ")")


def province_from_code(code: str | None) -> str | None:
    """``44``, ``440300``, ``CN44`` or ``广东;44`` → 广东省."""
    if not code:
        return None
    digits = re.search(r"(\d{2})", code)
    if digits and digits.group(1) in PROVINCES:
        return PROVINCES[digits.group(1)]
    return province_from_text(code)


def province_from_text(text: str | None) -> str | None:
    """The first province named in an address (``浙江省杭州市西湖区…`` → 浙江省)."""
    if not text:
        return None
    m = _IN_TEXT.search(text)
    return _BY_SHORT[m.group(1)] if m else None


_SUFFIX = re.compile(r"^(省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)")
_CITY = re.compile(r"(?:省|自治区)?([\u4e00-\u9fff]{2,7}?(?:市|自治州|地区|盟))")


def city_from_text(text: str | None, province: str | None) -> str | None:
    if not text:
        return None
    rest = text
    if province and _SHORT[province] in text:
        rest = _SUFFIX.sub("", text.split(_SHORT[province], 1)[1])
        if province.endswith("市"):
            return province
    m = _CITY.match(rest)
    return m.group(1) if m else None
