"""Home page: a dashboard for each kind of organisation, and its JSON twin."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import text
from sqlalchemy.orm import Session

from zhichan import __version__, domains
from zhichan.accounts import service as accounts_service
from zhichan.accounts.deps import CurrentPrincipal, SignedIn, permit
from zhichan.accounts.schemas import Dashboard
from zhichan.core import permissions
from zhichan.core.principal import OrgKind, Principal
from zhichan.http.deps import DbSession
from zhichan.http.nav import NavItem
from zhichan.http.pages import render
from zhichan.http.routing import Router
from zhichan.jobs import service as jobs_service
from zhichan.patents import service as patents_service

router = Router()

NAV = [NavItem("工作台", "/", "public.read", order=0)]

#: What each kind of organisation does here today (the landing page and the dashboard title);
#: work that is not built yet is not advertised.
MISSIONS: dict[OrgKind, tuple[str, list[str]]] = {
    OrgKind.IP_OFFICE: (
        "知识产权局 / 运营中心工作台",
        [
            "导入专利数据",
            "开放许可审查与公告",
            "存量专利分层、推送与统计",
            "质押融资白名单、补贴与统计",
        ],
    ),
    OrgKind.UNIVERSITY: (
        "高校 / 科研院所技术转移工作台",
        ["存量专利盘点与分层", "开放许可声明", "对接与交易跟踪"],
    ),
    OrgKind.ENTERPRISE: (
        "企业知识产权 / 研发工作台",
        ["中英文专利检索", "技术需求与匹配推荐", "取得开放许可", "对接与交易", "专利质押贷款申请"],
    ),
    OrgKind.BANK: (
        "金融机构工作台",
        [
            "知识产权质押贷款：白名单、资格检查、登记与贷后",
            "政策补贴与风险补偿测算",
            "专利检索与价值评估",
        ],
    ),
    OrgKind.COURT: (
        "技术调查官工作台",
        ["代码比对", "图像、文本与音频比对", "生成法官可读的技术调查报告"],
    ),
    OrgKind.PLATFORM: ("平台管理工作台", ["机构与用户管理", "审计日志", "数据导入与维护"]),
}


def dashboard_data(session: Session, principal: Principal) -> Dashboard:
    user = accounts_service.get_user(session=session, user_id=principal.user_id)
    return Dashboard(
        user=accounts_service.user_read(user),
        organisation=accounts_service.org_read(user.organisation),
        member_count=accounts_service.member_count(session=session, org_id=principal.org_id),
        active_tokens=accounts_service.active_token_count(session=session, user_id=user.id),
        writes_by_day=accounts_service.writes_by_day(session=session, principal=principal),
        orgs_by_kind=(
            accounts_service.orgs_by_kind(session=session) if principal.is_platform_admin else None
        ),
        patents=patents_service.patent_count(session=session),
        import_batches=patents_service.batch_count(session=session, principal=principal),
        jobs=jobs_service.counts(session=session, principal=principal),
    )


@router.get(
    "/", dependencies=[permit("public.read")], response_class=HTMLResponse, include_in_schema=False
)
def home(request: Request, session: DbSession, principal: CurrentPrincipal) -> Response:
    if principal is None:
        return render(request, "landing.html", {"missions": MISSIONS})
    data = dashboard_data(session, principal)
    title, _tasks = MISSIONS[principal.org_kind]
    work = [
        w
        for d in domains.ALL
        for w in d.work(session, principal)
        if permissions.allows(principal, w.action)
    ]
    context = {"data": data, "title": title, "work": work}
    return render(request, "dashboard.html", context)


@router.get(
    "/api/v1/dashboard",
    dependencies=[permit("dashboard.read")],
    response_model=Dashboard,
    tags=["web"],
    summary="工作台数据",
)
def dashboard_json(session: DbSession, principal: SignedIn) -> Dashboard:
    return dashboard_data(session, principal)


@router.get(
    "/api/v1/health", dependencies=[permit("public.read")], tags=["web"], summary="健康检查"
)
def health(session: DbSession) -> dict[str, str]:
    session.execute(text("SELECT 1"))
    return {"status": "ok", "version": __version__, "database": session.get_bind().dialect.name}
