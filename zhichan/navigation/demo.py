"""The demo's navigation report: the demo office's 产业规划类 report over every loaded record
(the real KPPatent-ZH texts give the matrix; the USPTO samples the dated analyses)."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from zhichan.accounts import service as accounts_service
from zhichan.navigation import service
from zhichan.navigation.schemas import ReportIn

TITLE = "【演示】全库产业规划类专利导航"


def load(*, session: Session, today: date) -> str:
    office = accounts_service.principal_named(session=session, username="demo-office")
    if office is None:
        return "没有演示运营中心账号，未生成导航报告"
    if any(r.title == TITLE for r in service.list_reports(session=session, principal=office)):
        return "演示导航报告已存在"
    data = ReportIn(kind="industry", title=TITLE)
    made = service.make_report(session=session, principal=office, data=data, today=today)
    return f"专利导航报告（演示运营中心）：计入 {made.manifest['records']} 件，报告编号 {made.id}"
