"""The navigation pages: make a report over a scope and the organisation's reports; one
report with its charts, tables, rules, manifest and downloads; the applicant alias table."""

from __future__ import annotations

import re
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError

from zhichan.accounts.deps import SignedIn, permit
from zhichan.core import dates
from zhichan.core.errors import ZhichanError
from zhichan.http.deps import DbSession
from zhichan.http.forms import Form, see, validation_message
from zhichan.http.nav import NavItem
from zhichan.http.pages import render
from zhichan.http.params import Id
from zhichan.http.routing import Router
from zhichan.navigation import export, jobs, reports, service
from zhichan.navigation.schemas import AliasIn, FigureRead, ReportIn, ScopeIn

page_router = Router(include_in_schema=False)
NAV = [NavItem("专利导航", "/navigation", "navigation.read", order=46)]
HOME = "/navigation"
#: The report type each kind of organisation starts from (GB/T 39551 parts by requester).
DEFAULT_KIND = {"ip_office": "industry", "university": "rnd", "enterprise": "competitor"}
FIELDS = {
    "title": "报告名称",
    "year_from": "起始年份",
    "year_to": "终止年份",
    "top": "排行条数",
    "features": "产品技术特征",
}


def _words(text: object, most: int) -> list[str]:
    """Items of a list field typed with commas, semicolons or spaces."""
    return [w for w in re.split(r"[,，;；\s]+", str(text or "")) if w][:most]


@page_router.get(
    "/navigation", dependencies=[permit("navigation.read")], response_class=HTMLResponse
)
def home(request: Request, session: DbSession, principal: SignedIn) -> Response:
    context = {
        "kinds": reports.KINDS,
        "default_kind": DEFAULT_KIND.get(principal.org_kind.value, "industry"),
        "rows": service.list_reports(session=session, principal=principal),
        "aliases": service.aliases(session=session),
    }
    return render(request, "navigation/home.html", context)


@page_router.post(
    "/navigation/reports", dependencies=[permit("navigation.report")], response_class=HTMLResponse
)
def make_report(session: DbSession, principal: SignedIn, form: Form) -> Response:
    try:
        data = ReportIn(
            kind=str(form.get("kind") or "industry"),
            title=str(form.get("title") or "").strip(),
            top=_number(form.get("top"), 20, 3) or 0,
            features=[
                line.strip()
                for line in str(form.get("features") or "").splitlines()
                if line.strip()
            ][:30],
            scope=ScopeIn(
                ipc=_words(form.get("ipc"), 20),
                provinces=_words(form.get("provinces"), 34),
                applicants=_words(form.get("applicants"), 50),
                year_from=_year(form.get("year_from")),
                year_to=_year(form.get("year_to")),
            ),
        )
    except ValidationError as exc:
        return see(HOME, error=validation_message(exc, FIELDS))
    try:
        if not service.runs_inline(session=session):
            service.check(data)
            job = jobs.submit_report(session=session, principal=principal, data=data)
            return see(f"/jobs/{job.id}", notice="专利库较大，报告正在后台生成，完成后可从此页打开")
        made = service.make_report(
            session=session, principal=principal, data=data, today=dates.today()
        )
    except ZhichanError as exc:
        return see(HOME, error=exc.message)
    return see(f"/navigation/reports/{made.id}", notice="报告已生成")


def _year(value: object) -> int | None:
    return _number(value, None, 4)


def _number(value: object, empty: int | None, digits: int) -> int | None:
    """A typed whole number of at most ``digits`` digits; anything else becomes -1, which the
    schema refuses with the field's name (a long digit string never reaches ``int``)."""
    text = str(value or "").strip()
    if not text:
        return empty
    return int(text) if text.isdigit() and len(text) <= digits else -1


@page_router.get(
    "/navigation/reports/{report_id}",
    dependencies=[permit("navigation.read")],
    response_class=HTMLResponse,
)
def report(request: Request, report_id: Id, session: DbSession, principal: SignedIn) -> Response:
    r = service.get_report(session=session, principal=principal, report_id=report_id)
    context = {
        "r": r,
        "manifest": export.manifest_rows(r),
        "charts": {f.key: chart(f) for c in r.chapters for f in c.figures},
        "verdict": None,
    }
    if request.query_params.get("rerun") == "1":
        context["verdict"] = service.rerun(
            session=session, principal=principal, report_id=report_id
        )
    return render(request, "navigation/report.html", context)


def chart(f: FigureRead) -> dict[str, Any] | None:
    """What app.js draws for a figure: categories, series and orientation."""
    if f.insufficient or not f.rows or f.chart in ("table", "graph", "bubble"):
        return None
    if f.chart == "line":
        series = [
            {"name": f.header[i], "data": [r[i] for r in f.rows]}
            for i in range(1, len(f.header) - 1)
        ]
        return {"type": "line", "x": [str(r[0]) for r in f.rows], "series": series}
    if f.chart == "scatter":
        return {
            "type": "line",
            "x": [str(r[0]) for r in f.rows],
            "series": [
                {"name": h, "data": [r[i] for r in f.rows]} for i, h in enumerate(f.header[1:], 1)
            ],
        }
    value = 2 if f.header[1] == "名称" else 1
    rows = f.rows[:15][::-1]
    return {
        "type": "bar",
        "horizontal": True,
        "x": [str(r[0]) for r in rows],
        "series": [{"name": f.header[value], "data": [r[value] for r in rows]}],
    }


@page_router.post(
    "/navigation/aliases", dependencies=[permit("navigation.alias")], response_class=HTMLResponse
)
def add_alias(session: DbSession, principal: SignedIn, form: Form) -> Response:
    try:
        data = AliasIn(
            written=str(form.get("written") or "").strip(),
            canonical=str(form.get("canonical") or "").strip(),
            note=str(form.get("note") or "").strip() or None,
        )
        a = service.set_alias(session=session, principal=principal, data=data)
    except ValidationError as exc:
        return see(
            HOME, error=validation_message(exc, {"written": "写法", "canonical": "统一名称"})
        )
    except ZhichanError as exc:
        return see(HOME, error=exc.message)
    return see(HOME, notice=f"已把“{a.written}”计入“{a.canonical}”")
