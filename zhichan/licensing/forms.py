"""Form handling shared by the licensing pages: field names in Chinese, refusals, redirects."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import Depends, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError
from starlette.datastructures import FormData

from zhichan.core.errors import ZhichanError

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


async def _form(request: Request) -> FormData:
    return await request.form()


Form = Annotated[FormData, Depends(_form)]


def validation_message(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors():
        field = ".".join(str(x) for x in err["loc"] if not isinstance(x, int))
        parts.append(f"{FIELD_NAMES.get(field, field)}：{err['msg']}")
    return "；".join(parts)


def clean(form: FormData, *names: str) -> dict[str, Any]:
    return {n: v for n in names if isinstance(v := form.get(n), str) and v.strip()}


def see(path: str, notice: str | None = None) -> Response:
    url = path + (f"?notice={quote(notice)}" if notice else "")
    return RedirectResponse(url, status_code=303)


def refusal(exc: ZhichanError | ValidationError) -> tuple[str, int]:
    """The message and status a page shows for a refused form."""
    if isinstance(exc, ZhichanError):
        return exc.message, exc.status
    return validation_message(exc), 422


def as_dict(form: FormData) -> dict[str, Any]:
    out: dict[str, Any] = {k: v for k, v in form.items() if isinstance(v, str)}
    out["confirmations"] = form.getlist("confirmations")
    return out
