"""The pledge pages: the workspace of each kind of organisation (bank, office, enterprise), a
white list, one loan (the bank officer's screen of pledge_spec.md §4), the rules and the
office's statistics. The forms they post are in ``forms.py``."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from fastapi import Request
from fastapi.responses import HTMLResponse, Response

from zhichan.accounts import service as accounts_service
from zhichan.accounts.deps import SignedIn, permit
from zhichan.core import dates, permissions
from zhichan.core.errors import ZhichanError
from zhichan.core.principal import OrgKind, Principal
from zhichan.http.deps import DbSession
from zhichan.http.nav import NavItem
from zhichan.http.pages import pager, render
from zhichan.http.params import Id, PageOffset
from zhichan.http.routing import Router
from zhichan.law import service as law_service
from zhichan.pledge import access, catalogue, claims, lifecycle, service, stats, whitelists
from zhichan.pledge.eligibility import STATE_LABELS

page_router = Router(include_in_schema=False)
NAV = [
    NavItem("质押融资", "/pledge", "pledge.read", order=48),
    NavItem("质押统计", "/pledge/stats", "pledge.stats", order=49),
]
PAGE = 20


def _banks(session: DbSession) -> list[tuple[int, str]]:
    orgs = accounts_service.orgs_by_id(session=session).values()
    return sorted((o.id, o.name) for o in orgs if o.kind is OrgKind.BANK and o.is_active)


def _common() -> dict[str, object]:
    return {
        "modes": catalogue.MODES,
        "states": lifecycle.LOAN_STATES,
        "check_states": STATE_LABELS,
        "feedback_stages": catalogue.FEEDBACK,
    }


@page_router.get("/pledge", dependencies=[permit("pledge.read")], response_class=HTMLResponse)
def home(request: Request, session: DbSession, principal: SignedIn, window: PageOffset) -> Response:
    status = (request.query_params.get("status") or "").strip()[:24] or None
    q = (request.query_params.get("q") or "").strip()[:100] or None
    loans = service.listing(
        session=session, principal=principal, status=status, q=q, limit=PAGE, offset=window.offset
    )
    context = _common() | {
        "loans": loans,
        "page": loans,
        "status": status,
        "q": q,
        "kind": _kind(principal),
        "lists": whitelists.lists_for(session=session, principal=principal, limit=20, offset=0),
        "referrals": whitelists.referrals(session=session, principal=principal, limit=20, offset=0),
        "banks": _banks(session),
        "today": dates.today(),
        "org": accounts_service.get_org(session=session, org_id=principal.org_id)
        if principal.org_id
        else None,
    }
    return render(
        request, "pledge/home.html", context | pager(request, window.offset, PAGE, loans.total)
    )


def _kind(principal: Principal) -> str:
    if access.is_office(principal):
        return "office"
    return "bank" if principal.org_kind is OrgKind.BANK else "enterprise"


@page_router.get(
    "/pledge/whitelists/{list_id}",
    dependencies=[permit("pledge.read")],
    response_class=HTMLResponse,
)
def whitelist(
    request: Request, list_id: Id, session: DbSession, principal: SignedIn, window: PageOffset
) -> Response:
    wl, page = whitelists.entries(
        session=session, principal=principal, list_id=list_id, limit=PAGE, offset=window.offset
    )
    context = _common() | {
        "wl": wl,
        "page": page,
        "banks": _banks(session),
        "kind": _kind(principal),
        "today": dates.today(),
    }
    return render(
        request, "pledge/whitelist.html", context | pager(request, window.offset, PAGE, page.total)
    )


@page_router.get(
    "/pledge/loans/{loan_id}", dependencies=[permit("pledge.read")], response_class=HTMLResponse
)
def loan(request: Request, loan_id: Id, session: DbSession, principal: SignedIn) -> Response:
    today = dates.today()
    found = service.get(session=session, principal=principal, loan_id=loan_id, today=today)
    context = _common() | {
        "loan": found,
        "claims": service.claims_for(session=session, principal=principal, loan_id=loan_id),
        "rules": [
            r
            for r in claims.rules(session=session, region=found.region)
            if r.kind not in catalogue.LIMIT_KINDS
        ],
        "pools": claims.pools(session=session),
        "grounds": catalogue.GROUNDS,
        "documents": catalogue.DOCUMENTS,
        "contract_items": catalogue.CONTRACT_ITEMS,
        "channels": catalogue.CHANNELS,
        "disposals": catalogue.DISPOSALS,
        "commitment": catalogue.COMMITMENT_DAYS,
        "commitment_source": catalogue.COMMITMENT_SOURCE,
        "reg_states": lifecycle.REGISTRATION_STATES,
        "claim_states": catalogue.CLAIM_STATES,
        "can_claim": permissions.allows(principal, "pledge.claim"),
        "is_office": access.is_office(principal),
        "statutes": _statutes(session),
        "registration_rules": catalogue.REGISTRATION,
        "today": today,
    }
    return render(request, "pledge/loan.html", context)


@page_router.get("/pledge/rules", dependencies=[permit("pledge.read")], response_class=HTMLResponse)
def rules(request: Request, session: DbSession, principal: SignedIn) -> Response:
    context = {
        "rules": claims.rules(session=session),
        "pools": claims.pools(session=session),
        "cap_periods": catalogue.CAP_PERIODS,
        "conditions": catalogue.CONDITIONS,
    }
    return render(request, "pledge/rules.html", context)


@page_router.get(
    "/pledge/stats", dependencies=[permit("pledge.stats")], response_class=HTMLResponse
)
def statistics(request: Request, session: DbSession, principal: SignedIn) -> Response:
    today = dates.today()
    raw_year = (request.query_params.get("year") or "").strip()
    year = int(raw_year) if raw_year.isdigit() and 2000 <= int(raw_year) <= 2100 else today.year
    cutoff = _cutoff(request.query_params.get("cutoff"))
    s = stats.statistics(session=session, principal=principal, year=year, cutoff=cutoff)
    context = {"s": s, "cutoffs": catalogue.PUHUI_CUTOFFS, "by_labels": BY_LABELS}
    return render(request, "pledge/stats.html", context)


#: The articles a pledge rests on, linked to the statute corpus when it is loaded.
STATUTES = (
    ("《民法典》第四百四十四条", "民法典第四百四十四条"),
    ("《专利法实施细则》第八十六条", "专利法实施细则第八十六条"),
)


def _statutes(session: DbSession) -> list[tuple[str, int | None]]:
    found: list[tuple[str, int | None]] = []
    for label, citation in STATUTES:
        try:
            found.append(
                (label, law_service.article_by_citation(session=session, citation=citation).id)
            )
        except ZhichanError:
            found.append((label, None))
    return found


BY_LABELS = {
    "region": "按地区",
    "bank": "按银行",
    "industry": "按行业",
    "mode": "按贷款模式",
    "size": "按企业规模",
}


def _cutoff(raw: str | None) -> Decimal | None:
    try:
        value = Decimal((raw or "").strip())
    except InvalidOperation:
        return None
    return value if Decimal(0) < value <= Decimal("10000000000") else None
