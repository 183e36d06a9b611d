"""The licensing pages' forms: their field names in Chinese for refusals (the shared form
handling is :mod:`zhichan.http.forms`)."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from starlette.datastructures import FormData

from zhichan.core.errors import ZhichanError
from zhichan.http import forms as http_forms

FIELD_NAMES = {
    "patents": "专利号",
    "patentee_name": "专利权人",
    "term_years": "许可期限",
    "fixed_fee": "固定费用",
    "sales_rate": "提成比例",
    "profit_rate": "分成比例",
    "paid": "金额",
    "net_sales": "净销售额",
    "profit": "利润",
    "respondent_name": "被申请人",
    "request": "请求事项",
    "facts": "事实和理由",
    "notes": "调解记录",
    "held_on": "调解日期",
    "document": "许可证明文件",
    "annual_sales": "年净销售额",
    "margin": "利润率",
    "contribution": "许可方利润分成",
    "years": "年限",
    "discount": "折现率",
}


def validation_message(exc: ValidationError) -> str:
    return http_forms.validation_message(exc, FIELD_NAMES)


def refusal(exc: ZhichanError | ValidationError) -> tuple[str, int]:
    """The message and status a page shows for a refused form."""
    return http_forms.refusal(exc, FIELD_NAMES)


def as_dict(form: FormData) -> dict[str, Any]:
    out: dict[str, Any] = {k: v for k, v in form.items() if isinstance(v, str)}
    out["confirmations"] = form.getlist("confirmations")
    return out


Form = http_forms.Form
clean = http_forms.clean
see = http_forms.see
