"""The demo's watch: the demo enterprise watches the applicant with the most loaded records
(from the USPTO samples; the Chinese texts name no applicant) and the first scan sets its
baseline. Alerts appear only after a later import changes the store: none are made up."""

from __future__ import annotations

from collections import Counter

from sqlalchemy.orm import Session

from zhichan.accounts import service as accounts_service
from zhichan.patents import service as patents_service
from zhichan.watch import service
from zhichan.watch.schemas import WatchIn

PREFIX = "【演示】竞争对手："


def load(*, session: Session) -> str:
    firm = accounts_service.principal_named(session=session, username="demo-firm")
    if firm is None:
        return "没有演示企业账号，未建立监测"
    if any(
        w.name.startswith(PREFIX) for w in service.list_watches(session=session, principal=firm)
    ):
        return "演示监测已存在"
    counts: Counter[str] = Counter()
    after = 0
    while page := patents_service.facts_page(session=session, after_id=after, limit=1000):
        counts.update(p.holders[0].name for p in page if p.holders)
        after = page[-1].id
    if not counts:
        return "专利库中没有载明申请人的记录，未建立监测"
    name, n = min(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    made = service.create_watch(
        session=session,
        principal=firm,
        data=WatchIn(name=PREFIX + name, kind="applicant", targets=[name]),
    )
    done = service.scan(session=session, principal=firm, watch_id=made.id)
    return (
        f"演示企业监测 {name}（{n} 件记录），基线 {done[0].in_scope} 件；"
        "此后导入的变化会出现在收件箱"
    )
