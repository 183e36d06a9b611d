"""Who may do what: the permission matrix — organisation kind × role × action — as data.

Every route declares one action (``accounts.deps.permit``); one dependency enforces it
before the handler runs, navigation shows only what the matrix allows, and
``tests/http/test_permission_matrix.py`` checks every route of the app against it for a
principal of every kind and role and for anonymous callers. ``docs/security.md`` prints
the table from here (``python scripts/route_docs.py``).

The matrix decides whether a *kind of user* may take an action at all. Which *record* they
may read or change (their own organisation's, a public one, the deal they are a party to)
is decided on the record by ``db.authz`` and the domain services.
"""

from __future__ import annotations

from dataclasses import dataclass

from zhichan.core.errors import NotAuthenticated, PermissionDenied
from zhichan.core.principal import OrgKind, Principal, Role

_RANK = {Role.VIEWER: 0, Role.EDITOR: 1, Role.ADMIN: 2}

OFFICE, UNIV, FIRM, COURT, PLATFORM, BANK = (
    OrgKind.IP_OFFICE,
    OrgKind.UNIVERSITY,
    OrgKind.ENTERPRISE,
    OrgKind.COURT,
    OrgKind.PLATFORM,
    OrgKind.BANK,
)
EVERY_KIND = frozenset(OrgKind)


@dataclass(frozen=True, slots=True)
class Rule:
    label: str
    #: Organisation kinds whose members may act. The platform administrator always may;
    #: other platform staff only where the platform is named.
    kinds: frozenset[OrgKind] = EVERY_KIND
    #: The least role inside that organisation.
    role: Role = Role.VIEWER
    #: Anonymous callers may act too (public pages and open data).
    public: bool = False

    def allows(self, principal: Principal | None) -> bool:
        if principal is None:
            return self.public
        if principal.is_platform_admin:
            return True
        if principal.org_kind not in self.kinds:
            return False
        return _RANK[principal.role] >= _RANK[self.role]

    def describe(self) -> str:
        if self.public:
            return "任何人（无需登录）"
        named = [k.label for k in OrgKind if k in self.kinds]  # declaration order, not hash order
        kinds = "所有机构" if self.kinds == EVERY_KIND else "、".join(named)
        return f"{kinds}的{_ROLE_TEXT[self.role]}"


_ROLE_TEXT = {Role.VIEWER: "所有成员", Role.EDITOR: "业务人员及管理员", Role.ADMIN: "管理员"}


def _r(label: str, kinds: set[OrgKind] | None = None, role: Role = Role.VIEWER) -> Rule:
    return Rule(label, frozenset(kinds) if kinds else EVERY_KIND, role)


def _public(label: str) -> Rule:
    return Rule(label, public=True)


EDIT, ADMIN = Role.EDITOR, Role.ADMIN

MATRIX: dict[str, Rule] = {
    # Open to everyone: the public register and tools any citizen may use.
    "public.read": _public("首页、健康检查、公开机构信息"),
    "session.login": _public("登录与退出"),
    "patents.read": _public("浏览、导出专利"),
    "search.query": _public("检索专利"),
    "law.read": _public("法规条文、问答与期限计算"),
    "licensing.read": _public("开放许可目录、公告、声明详情与费用减缴查询"),
    "transfer.pool.read": _public("浏览可转化专利池与评价"),
    # Any signed-in member, for their own account and their own organisation's work.
    "account.self": _r("本人账号、密码与访问令牌"),
    "dashboard.read": _r("工作台"),
    "jobs.read": _r("查看本机构的后台任务"),
    "search.saved": _r("保存与运行本人的检索式"),
    "accounts.directory": _r("机构目录"),
    # Administration.
    "accounts.orgs": _r("新增机构", {PLATFORM}, ADMIN),
    "accounts.users": _r("管理本机构用户", role=ADMIN),
    "accounts.audit": _r("查看本机构审计日志", role=ADMIN),
    # The shared patent store: see docs/security.md for who may change which record.
    "patents.import": _r("导入专利数据", {OFFICE, UNIV, FIRM, PLATFORM}, EDIT),
    "patents.batches": _r("查看本机构的导入批次", {OFFICE, UNIV, FIRM, PLATFORM}),
    # Open licensing (开放许可).
    "licensing.declare": _r("起草、修改、提交开放许可声明", {OFFICE, UNIV, FIRM}, EDIT),
    "licensing.mine": _r("查看本机构的声明与许可", {OFFICE, UNIV, FIRM}),
    "licensing.license": _r("取得许可、付费、报告与备案", {UNIV, FIRM}, EDIT),
    "licensing.office": _r("开放许可审查与统计", {OFFICE}, EDIT),
    "licensing.mediation.read": _r("查看本机构参与的许可纠纷调解", {OFFICE, UNIV, FIRM}),
    "licensing.mediation.apply": _r("申请许可纠纷调解", {UNIV, FIRM}, EDIT),
    "licensing.mediation.act": _r("办理或撤回许可纠纷调解", {OFFICE, UNIV, FIRM}, EDIT),
    # Stock-patent transfer (存量专利盘活).
    "transfer.inventory.read": _r(
        "查看存量专利盘点（本单位的；知识产权局可指定单位）", {OFFICE, UNIV}
    ),
    "transfer.inventory.page": _r("本单位的盘点工作页", {UNIV}),
    "transfer.inventory.write": _r("维护盘点、分层与发布", {UNIV}, EDIT),
    "transfer.policy": _r("设定分层规则", {OFFICE}, EDIT),
    "transfer.spotcheck.read": _r("查看盘点抽查", {OFFICE}),
    "transfer.spotcheck.write": _r("抽查盘点", {OFFICE}, EDIT),
    "transfer.needs.read": _r("查看本企业画像、需求与推荐", {FIRM}),
    "transfer.needs.write": _r("维护企业画像、发布需求与反馈", {FIRM}, EDIT),
    "transfer.reverse": _r("查看专利匹配的企业（知识产权局与专利所属单位）", {OFFICE, UNIV}),
    "transfer.subscriptions": _r("查看本企业的订阅", {FIRM}),
    "transfer.subscribe": _r("订阅产业、IPC 或机构", {FIRM}, EDIT),
    "transfer.messages": _r("查看本机构的站内消息并标为已读"),
    "transfer.push": _r("批量推送", {OFFICE}, EDIT),
    "transfer.deals.read": _r("查看本机构参与的对接与交易", {OFFICE, UNIV, FIRM}),
    "transfer.deals.write": _r("发起对接、推进本方交易步骤", {UNIV, FIRM}, EDIT),
    "transfer.office": _r("盘活工作台与统计", {OFFICE}),
    # Official indicators (高价值发明专利, 每万人口指标): the office's, and banks read evidence.
    "indicators.read": _r("查看指标与高价值专利判定依据", {OFFICE, BANK}),
    "indicators.manage": _r("导入指标数据、设置参数、重新计算", {OFFICE}, EDIT),
    # Valuation (专利价值评估): each organisation's own valuations and expert inputs.
    "valuation.read": _r("查看本机构的专利估值与专家指标"),
    "valuation.score": _r("评估专利价值、填写专家指标、计算金额与批量评估", role=EDIT),
    "valuation.weights": _r("发布场景权重（记入审计日志）", {OFFICE}, EDIT),
    # Pledge financing (知识产权质押融资): a loan is read only by its bank, enterprise and offices.
    "pledge.read": _r("查看本机构参与的质押融资（白名单、贷款、登记与补贴）", {OFFICE, BANK, FIRM}),
    "pledge.apply": _r("企业申请质押贷款、维护质押专利包", {FIRM}, EDIT),
    "pledge.act": _r(
        "推进本机构参与的贷款申请（提交、撤回、检查、办理各环节）", {OFFICE, BANK, FIRM}, EDIT
    ),
    "pledge.bank": _r("银行办理：白名单反馈、评估请求、贷款审查、登记、放款与贷后", {BANK}, EDIT),
    "pledge.claim": _r("测算补贴与风险补偿申领", {OFFICE, BANK, FIRM}, EDIT),
    "pledge.office": _r("建立与推送白名单、答复评估请求、政策规则、审核补贴", {OFFICE}, EDIT),
    "pledge.stats": _r("质押融资统计与导出", {OFFICE}),
    # Patent navigation (专利导航): each organisation's own reports; the shared alias table.
    "navigation.read": _r("查看本机构的专利导航报告与申请人别名表", {OFFICE, UNIV, FIRM}),
    "navigation.report": _r("生成、重跑与下载专利导航报告", {OFFICE, UNIV, FIRM}, EDIT),
    "navigation.alias": _r("维护申请人别名表（记入审计日志）", {OFFICE}, EDIT),
    # Watch lists (专利监测): each organisation's own watches and alerts.
    "watch.read": _r("查看本机构的专利监测与提醒", {OFFICE, UNIV, FIRM}),
    "watch.manage": _r("新建、删除与扫描本机构的专利监测", {OFFICE, UNIV, FIRM}, EDIT),
    # Technical comparison for courts (技术调查).
    "forensics.read": _r("查看本院技术比对案件与报告", {COURT}),
    "forensics.write": _r("新建案件、上传证据、运行比对与核验", {COURT}, EDIT),
}


def rule(action: str) -> Rule:
    return MATRIX[action]


def allows(principal: Principal | None, action: str) -> bool:
    return MATRIX[action].allows(principal)


def require(principal: Principal | None, action: str) -> Principal:
    """The principal, if the matrix lets them take ``action``; services call this too, so that
    the command line and background jobs hold to the same rule as the routes."""
    found = MATRIX[action]
    if principal is not None and found.allows(principal):
        return principal
    if principal is None:
        raise NotAuthenticated("请先登录")
    raise PermissionDenied(f"您没有权限：{found.label}（仅限{found.describe()}）")
