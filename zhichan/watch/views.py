"""The watch pages: the organisation's watches, a new watch, the alert inbox with each
alert's evidence, and the weekly digest."""

from __future__ import annotations

import re

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError

from zhichan.accounts.deps import SignedIn, permit
from zhichan.core import dates
from zhichan.core.errors import ZhichanError
from zhichan.http.deps import DbSession
from zhichan.http.forms import Form, see, validation_message
from zhichan.http.nav import NavItem
from zhichan.http.pages import pager, render
from zhichan.http.params import Id
from zhichan.http.routing import Router
from zhichan.watch import jobs, rules, service
from zhichan.watch.schemas import WatchIn

page_router = Router(include_in_schema=False)
NAV = [NavItem("专利监测", "/watch", "watch.read", order=47)]
HOME = "/watch"
FIELDS = {
    "name": "监测名称",
    "kind": "监测类型",
    "targets": "监测对象",
    "mine": "本机构专利",
    "threshold": "相似度阈值",
}
#: The watch each kind of organisation starts from.
DEFAULT_KIND = {"enterprise": "applicant", "university": "ipc", "ip_office": "ipc"}
MOST_OFFSET = 100_000


def _items(text: object, most: int) -> list[str]:
    """Items typed one per line or separated by commas or semicolons (names keep spaces)."""
    return [w.strip() for w in re.split(r"[,，;；\n]+", str(text or "")) if w.strip()][:most]


def _lines(text: object, most: int) -> list[str]:
    return [w.strip() for w in str(text or "").splitlines() if w.strip()][:most]


def _offset(request: Request) -> int:
    raw = request.query_params.get("offset", "0")
    return min(int(raw), MOST_OFFSET) if raw.isdigit() and len(raw) <= 6 else 0


@page_router.get("/watch", dependencies=[permit("watch.read")], response_class=HTMLResponse)
def home(request: Request, session: DbSession, principal: SignedIn) -> Response:
    unread = request.query_params.get("unread") == "1"
    kind = request.query_params.get("kind") or None
    kind = kind if kind in rules.KINDS else None
    offset = _offset(request)
    size = service.PAGE_SIZE
    page = service.alerts(
        session=session,
        principal=principal,
        page=offset // size + 1,
        size=size,
        unread_only=unread,
        kind=kind,
    )
    context = {
        "watches": service.list_watches(session=session, principal=principal),
        "page": page,
        "unread": unread,
        "kind": kind,
        "alert_kinds": rules.KINDS,
        "watch_kinds": service.KINDS,
        "default_kind": DEFAULT_KIND.get(principal.org_kind.value, "applicant"),
        **pager(request, (page.page - 1) * size, size, page.total),
    }
    return render(request, "watch/home.html", context)


@page_router.post(
    "/watch/watches", dependencies=[permit("watch.manage")], response_class=HTMLResponse
)
def create(session: DbSession, principal: SignedIn, form: Form) -> Response:
    try:
        data = WatchIn(
            name=str(form.get("name") or "").strip(),
            kind=str(form.get("kind") or ""),  # type: ignore[arg-type]
            # A search query may hold commas: one query per line.
            targets=(
                _lines(form.get("targets"), 200)
                if form.get("kind") == "query"
                else _items(form.get("targets"), 200)
            ),
            mine=_items(form.get("mine"), 200),
            threshold=_threshold(form.get("threshold")),
        )
        made = service.create_watch(session=session, principal=principal, data=data)
    except ValidationError as exc:
        return see(HOME, error=validation_message(exc, FIELDS))
    except ZhichanError as exc:
        return see(HOME, error=exc.message)
    return see(
        HOME, notice=f"已新建监测“{made.name}”；下次扫描时建立基线，此后的变化会出现在收件箱"
    )


def _threshold(value: object) -> float:
    text = str(value or "").strip()
    if not text:
        return 0.35
    return float(text) if re.fullmatch(r"0?\.\d{1,3}|0", text) else -1.0


@page_router.post(
    "/watch/watches/{watch_id}/delete",
    dependencies=[permit("watch.manage")],
    response_class=HTMLResponse,
)
def remove(watch_id: Id, session: DbSession, principal: SignedIn) -> Response:
    try:
        service.delete_watch(session=session, principal=principal, watch_id=watch_id)
    except ZhichanError as exc:
        return see(HOME, error=exc.message)
    return see(HOME, notice="监测及其提醒已删除")


@page_router.post("/watch/scan", dependencies=[permit("watch.manage")], response_class=HTMLResponse)
def scan(session: DbSession, principal: SignedIn) -> Response:
    job = jobs.submit(session=session, principal=principal)
    return see(f"/jobs/{job.id}", notice="监测扫描已在后台开始")


@page_router.post("/watch/read", dependencies=[permit("watch.read")], response_class=HTMLResponse)
def read(session: DbSession, principal: SignedIn, form: Form) -> Response:
    typed = [str(i) for i in form.getlist("id")]
    ids = [int(i) for i in typed if i.isdigit() and len(i) <= 15][:500]
    changed = service.mark_read(
        session=session, principal=principal, ids=ids, every=form.get("all") == "1"
    )
    return see(HOME, notice=f"已标为已读 {changed} 条")


@page_router.get("/watch/digest", dependencies=[permit("watch.read")], response_class=HTMLResponse)
def digest(request: Request, session: DbSession, principal: SignedIn) -> Response:
    d = service.digest(session=session, principal=principal, end=dates.today())
    return render(request, "watch/digest.html", {"d": d})
