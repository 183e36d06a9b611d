"""What the HTML form handlers of every domain share: the parsed form, redirects after a
post, and the message and status a page shows for a refused form."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import Depends, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError
from starlette.datastructures import FormData

from zhichan.core import labels
from zhichan.core.errors import ZhichanError
from zhichan.core.validation import chinese


async def _form(request: Request) -> FormData:
    return await request.form()


Form = Annotated[FormData, Depends(_form)]


def see(path: str, notice: str | None = None, error: str | None = None) -> Response:
    """Post/redirect/get, with a notice or an error for the page to show."""
    query = f"?notice={quote(notice)}" if notice else (f"?error={quote(error)}" if error else "")
    return RedirectResponse(path + query, status_code=303)


def strings(form: FormData, name: str) -> list[str]:
    """The non-empty text values of a (possibly repeated) field."""
    return [v for v in form.getlist(name) if isinstance(v, str) and v]


def clean(form: FormData, *names: str) -> dict[str, Any]:
    """The named fields that were filled in, for a schema to validate."""
    return {n: v for n in names if isinstance(v := form.get(n), str) and v.strip()}


def validation_messages(exc: ValidationError, names: Mapping[str, str] | None = None) -> list[str]:
    """One Chinese line per refused field, the field named as the form names it (``names``)
    or by the platform's column labels — never by its code."""
    lines = []
    for err in exc.errors():
        field = ".".join(str(x) for x in err["loc"] if not isinstance(x, int))
        leaf = field.rsplit(".", 1)[-1]
        label = (names or {}).get(field) or labels.COLUMNS.get(leaf) or labels.FORM_FIELDS.get(leaf)
        message = chinese(err)
        lines.append(f"{label}：{message}" if label else message)
    return lines


def validation_message(exc: ValidationError, names: Mapping[str, str] | None = None) -> str:
    return "；".join(validation_messages(exc, names))


def refusal(
    exc: ZhichanError | ValidationError, names: Mapping[str, str] | None = None
) -> tuple[str, int]:
    """The message and status a page shows for a refused form."""
    if isinstance(exc, ZhichanError):
        return exc.message, exc.status
    return validation_message(exc, names), 422
