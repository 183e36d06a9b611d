"""Statistics of open licensing for the office: declarations, licences, income.

Definitions (also returned with every result, so a figure can be traced):
* 公告声明数: declarations with an announcement number (in effect or withdrawn since);
* 涉及专利数: distinct patents of those declarations;
* 许可数: licences in effect or expired (a notice still awaiting payment is not counted);
* 许可使用费收入: payments recorded with the notices plus those of the periodic reports;
* 期间: the month, quarter or year of the announcement (declarations, patents) or of the
  licence's effective date (licences, income).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from zhichan.core import periods
from zhichan.core.errors import PermissionDenied
from zhichan.core.principal import Principal
from zhichan.licensing import access, mediation, queries
from zhichan.licensing.models import (
    Declaration,
    DeclarationPatent,
    Licence,
    LicenceReport,
    Mediation,
)
from zhichan.licensing.schemas import Bucket, StatsRead
from zhichan.patents import service as patents_service

DEFINITIONS = {
    "announced": "公告声明数：已取得公告号的开放许可声明（含此后撤回的）",
    "announced_patents": "涉及专利数：上述声明中不重复的专利",
    "licences": "许可数：已生效或已届满的开放许可实施许可（已通知未付款的不计）",
    "licensees": "被许可人数：上述许可中不重复的被许可人",
    "income": "许可使用费收入：许可通知时支付的费用与各期报告中支付的费用之和（元）",
    "period": "期间：声明与专利按公告日、许可与收入按许可生效日归入月份、季度或年度",
    "field": "领域：专利主 IPC 的部（A–H）",
    "region": "地区：声明机构登记的地区",
}


@dataclass(slots=True)
class _Lic:
    declaration_id: int
    patent_id: int
    licensee: str
    effective_on: date | None
    income: Decimal


def compute(*, session: Session, principal: Principal, unit: str = "month") -> StatsRead:
    if not access.is_office(principal):
        raise PermissionDenied("只有知识产权局可以查看开放许可统计")
    periods.check_unit(unit)
    by_status = dict(
        session.execute(select(Declaration.status, func.count()).group_by(Declaration.status)).all()
    )
    decls = {
        d.id: d
        for d in session.scalars(
            select(Declaration).where(Declaration.announcement_no.is_not(None))
        )
    }
    dps: list[tuple[int, int, str | None]] = [
        (did, pid, ipc)
        for did, pid, ipc in session.execute(
            select(
                DeclarationPatent.declaration_id,
                DeclarationPatent.patent_id,
                DeclarationPatent.ipc_main,
            ).where(DeclarationPatent.declaration_id.in_(list(decls)))
        )
    ]
    section = {pid: (ipc or "?")[:1] for _d, pid, ipc in dps}
    lics = _licences(session)
    titles = patents_service.ipc_titles(session=session, codes=sorted(set(section.values())))

    def field(pid: int) -> str:
        s = section.get(pid, "?")
        return f"{s} {titles.get(s, '')}".strip() if s != "?" else "未分类"

    def buckets(key_pid: Callable[[int, int], str]) -> list[Bucket]:
        out: dict[str, Bucket] = defaultdict(lambda: Bucket(key=""))
        seen: set[tuple[str, int]] = set()
        for did, pid, _ in dps:
            k = key_pid(did, pid)
            b = out[k]
            b.key = k
            if (k, did) not in seen:
                seen.add((k, did))
                b.declarations += 1
            b.patents += 1
        for lic in lics:
            k = (
                key_pid(lic.declaration_id, lic.patent_id)
                if lic.declaration_id in decls
                else "其他"
            )
            b = out[k]
            b.key = k
            b.licences += 1
            b.income += lic.income
        return sorted(out.values(), key=lambda b: (-b.declarations, b.key))

    by_period = _by_period(decls, dps, lics, unit)
    mediations = dict(
        session.execute(select(Mediation.status, func.count()).group_by(Mediation.status)).all()
    )
    return StatsRead(
        by_status=by_status,
        announced=len(decls),
        announced_patents=len({pid for _d, pid, _ in dps}),
        licences=len(lics),
        licensees=len({x.licensee for x in lics}),
        filed=session.scalar(select(func.count(Licence.id)).where(Licence.filing_no.is_not(None)))
        or 0,
        income=sum((x.income for x in lics), Decimal(0)),
        mediations={mediation.STATUSES[k]: v for k, v in mediations.items()},
        by_field=buckets(lambda _d, pid: field(pid)),
        by_region=buckets(lambda did, _p: decls[did].region or "未知"),
        by_institution=buckets(lambda did, _p: decls[did].declarant_name),
        by_period=by_period,
        definitions=DEFINITIONS,
    )


def _licences(session: Session) -> list[_Lic]:
    reported = dict(
        session.execute(
            select(LicenceReport.licence_id, func.sum(LicenceReport.paid)).group_by(
                LicenceReport.licence_id
            )
        ).all()
    )
    rows = session.execute(
        select(
            Licence.id,
            Licence.declaration_id,
            Licence.patent_id,
            Licence.licensee_name,
            Licence.effective_on,
            Licence.upfront_paid,
        ).where(Licence.status.in_(queries.GRANTED))
    )
    return [
        _Lic(did, pid, name, on, Decimal(paid or 0) + Decimal(reported.get(lid) or 0))
        for lid, did, pid, name, on, paid in rows
    ]


def _by_period(
    decls: dict[int, Declaration],
    dps: list[tuple[int, int, str | None]],
    lics: list[_Lic],
    unit: str,
) -> list[Bucket]:
    def add_licence(b: Bucket, lic: _Lic) -> None:
        b.licences += 1
        b.income += lic.income

    return periods.by_period(
        unit,
        lambda key: Bucket(key=key),
        periods.Series(decls.values(), lambda d: d.announced_on, _add_declaration),
        periods.Series(dps, lambda dp: decls[dp[0]].announced_on, _add_patent),
        periods.Series(lics, lambda lic: lic.effective_on, add_licence),
    )


def _add_declaration(b: Bucket, _d: Declaration) -> None:
    b.declarations += 1


def _add_patent(b: Bucket, _dp: tuple[int, int, str | None]) -> None:
    b.patents += 1


def to_xlsx(stats: StatsRead) -> bytes:
    overview = [
        [DEFINITIONS[key].split("：")[0], getattr(stats, key), DEFINITIONS[key]]
        for key in ("announced", "announced_patents", "licences", "licensees", "income")
    ]
    overview.append(["已备案许可", stats.filed, "许可中已取得备案号的"])
    return periods.workbook(
        (["指标", "数值", "口径"], overview),
        ["分组", "公告声明数", "涉及专利数", "许可数", "许可使用费收入（元）"],
        [
            ("按领域", stats.by_field),
            ("按地区", stats.by_region),
            ("按机构", stats.by_institution),
            ("按期间", stats.by_period),
        ],
        lambda b: [b.key, b.declarations, b.patents, b.licences, b.income],
    )
