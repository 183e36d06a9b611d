"""Validation errors in Chinese: pydantic's own texts are English and reach users otherwise."""

from __future__ import annotations

from typing import Any

_MESSAGES: dict[str, str] = {
    "missing": "必填",
    "less_than_equal": "应不大于 {le}",
    "greater_than_equal": "应不小于 {ge}",
    "less_than": "应小于 {lt}",
    "greater_than": "应大于 {gt}",
    "string_too_long": "最多 {max_length} 个字符",
    "string_too_short": "至少 {min_length} 个字符",
    "too_long": "最多 {max_length} 项",
    "too_short": "至少 {min_length} 项",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "int_from_float": "应为整数",
    "float_parsing": "应为数字",
    "float_type": "应为数字",
    "decimal_parsing": "应为数字",
    "decimal_type": "应为数字",
    "decimal_max_digits": "数字位数过多（最多 {max_digits} 位）",
    "decimal_max_places": "小数位数过多（最多 {decimal_places} 位）",
    "bool_parsing": "应为是或否",
    "bool_type": "应为是或否",
    "date_parsing": "日期应写作 YYYY-MM-DD",
    "date_from_datetime_parsing": "日期应写作 YYYY-MM-DD",
    "date_type": "日期应写作 YYYY-MM-DD",
    "string_pattern_mismatch": "格式不正确",
    "string_type": "应为文字",
    "literal_error": "应为以下之一：{expected}",
    "enum": "应为以下之一：{expected}",
    "json_invalid": "不是有效的 JSON",
    "list_type": "应为列表",
    "extra_forbidden": "不接受此字段",
}


def chinese(err: Any) -> str:
    """A validation error in Chinese: the framework's own texts are English."""
    kind = str(err.get("type", ""))
    if kind == "value_error":  # raised by our validators, already in Chinese
        return str(err.get("msg", "")).removeprefix("Value error, ")
    template = _MESSAGES.get(kind, "格式不正确")
    try:
        return template.format(**(err.get("ctx") or {}))
    except (KeyError, IndexError):
        return template.split("{")[0].rstrip("（：") or "格式不正确"
