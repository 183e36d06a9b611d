"""Home page: a dashboard for each kind of organisation, and its JSON twin."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import text
from sqlalchemy.orm import Session

from zhichan import __version__
from zhichan.accounts import service as accounts_service
from zhichan.accounts.deps import CurrentPrincipal, SignedIn, permit
from zhichan.accounts.schemas import Dashboard
from zhichan.core.principal import OrgKind, Principal
from zhichan.http.deps import DbSession
from zhichan.http.nav import NavItem
from zhichan.http.pages import render
from zhichan.jobs import service as jobs_service
from zhichan.patents import service as patents_service

router = APIRouter()

NAV = [NavItem("工作台", "/", "public.read", order=0)]

#: What each kind of organisation comes to the platform for (shown on its dashboard).
MISSIONS: dict[OrgKind, tuple[str, list[str]]] = {
    OrgKind.IP_OFFICE: (
        "知识产权局 / 运营中心工作台",
        [
            "导入专利数据",
            "专利导航与统计指标",
            "高校专利向企业推送",
            "开放许可声明公示",
            "质押融资监测",
        ],
    ),
    OrgKind.UNIVERSITY: (
        "高校 / 科研院所技术转移工作台",
        ["存量专利盘点", "筛选与分级", "开放许可声明", "转化交易跟踪"],
    ),
    OrgKind.ENTERPRISE: (
        "企业知识产权 / 研发工作台",
        ["中英文专利检索", "技术需求发布", "匹配专利订阅", "许可获取", "竞争对手监控"],
    ),
    OrgKind.BANK: ("金融机构工作台", ["知识产权质押贷款", "白名单", "政策贴息与补贴"]),
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
    title, tasks = MISSIONS[principal.org_kind]
    context = {"data": data, "title": title, "tasks": tasks}
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
