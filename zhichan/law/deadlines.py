"""Patent procedure deadlines under 专利法实施细则（2023）第五条 and CNIPA practice.

The first day is not counted; a period in years or months ends on the corresponding day of
its last month, or that month's last day when it has none; a period ending on a rest day
(public holiday or weekend that is not a make-up working day) ends on the next working day.
Each result carries its steps and the articles relied on, cited as the corpus names them.

The deemed receipt of a mailed notice (细则第四条第四款: 15 days after dispatch) is a date the
rules presume, not the end of a time limit: 第五条 moves only a 期限届满日 off a rest day, and
the Examination Guidelines (第五部分第七章 2.3, as amended by 修改公报第1号, 2008) apply the
holiday rule to the period counted *from* the deemed receipt. So the deemed receipt is never
moved; a reply period counted from it is. A notice served electronically is received when it
enters the recipient's system (第四条第七款): no 15 days at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from zhichan.core.dates import add_months
from zhichan.core.errors import InvalidInput
from zhichan.law import workdays

PATENT_LAW = "《中华人民共和国专利法》"
RULES = "《中华人民共和国专利法实施细则》"
PERIOD_RULE = f"{RULES}第五条"


@dataclass(frozen=True, slots=True)
class Kind:
    label: str
    start: str  # what the start date is
    years: int = 0
    months: int = 0
    days: int = 0
    articles: tuple[str, ...] = ()
    note: str | None = None
    period: bool = True  # False: a presumed date, not a time limit (no rest-day rule)


KINDS: dict[str, Kind] = {
    "priority": Kind(
        "要求优先权（发明、实用新型）",
        "在外国或中国第一次提出申请之日",
        months=12,
        articles=(f"{PATENT_LAW}第二十九条第一款", f"{PATENT_LAW}第二十九条第二款"),
    ),
    "priority_design": Kind(
        "要求优先权（外观设计）",
        "第一次提出申请之日",
        months=6,
        articles=(f"{PATENT_LAW}第二十九条第一款",),
    ),
    "priority_copy": Kind(
        "提交在先申请文件副本（发明、实用新型）",
        "第一次提出申请之日",
        months=16,
        articles=(f"{PATENT_LAW}第三十条第一款",),
    ),
    "priority_copy_design": Kind(
        "提交在先申请文件副本（外观设计）",
        "提出申请之日",
        months=3,
        articles=(f"{PATENT_LAW}第三十条第二款",),
    ),
    "publication": Kind(
        "发明专利申请公布",
        "申请日（有优先权的，为优先权日）",
        months=18,
        articles=(f"{PATENT_LAW}第三十四条",),
        note="满十八个月即行公布；申请人可请求早日公布",
    ),
    "examination": Kind(
        "提出实质审查请求",
        "申请日（有优先权的，为优先权日）",
        years=3,
        articles=(f"{PATENT_LAW}第三十五条第一款",),
    ),
    "reexamination": Kind(
        "请求复审", "收到驳回决定之日", months=3, articles=(f"{PATENT_LAW}第四十一条第一款",)
    ),
    "appeal": Kind(
        "对复审或无效宣告决定向人民法院起诉",
        "收到决定之日",
        months=3,
        articles=(f"{PATENT_LAW}第四十一条第二款", f"{PATENT_LAW}第四十六条第二款"),
    ),
    "restoration": Kind(
        "请求恢复权利（正当理由）",
        "收到国务院专利行政部门通知之日",
        months=2,
        articles=(f"{RULES}第六条第二款",),
    ),
    "annual_fee_grace": Kind(
        "补缴年费（宽限期）", "应当缴纳年费期满之日", months=6, articles=(f"{RULES}第一百一十五条",)
    ),
    "receipt": Kind(
        "推定收到邮寄文件",
        "文件发出之日",
        days=15,
        articles=(f"{RULES}第四条第四款",),
        note="当事人能证明实际收到日的，以实际收到日为准；电子送达的文件以进入当事人认可的电子系统之日为送达日，"
        "不适用推定（细则第四条第七款）",
        period=False,
    ),
}


@dataclass(slots=True)
class Deadline:
    kind: str
    label: str
    start: date
    raw_end: date
    due: date
    steps: list[str] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)
    provisional: bool = False  # the end falls in a year the holiday calendar does not cover


def period_end(
    start: date, *, years: int = 0, months: int = 0, days: int = 0
) -> tuple[date, list[str]]:
    """Where a period ends before the rest-day rule, with the steps in words."""
    if days and (years or months):
        raise InvalidInput("期限只能以日或以年月计算，不能混用")
    if days:
        end = start + timedelta(days=days)
        return end, [f"起算日 {start} 当日不计入，自次日起算 {days} 日，届满于 {end}"]
    total = years * 12 + months
    end = add_months(start, total)
    span = f"{years} 年" if years and not months else f"{total} 个月"
    corresponding = end.day == start.day
    where = "相应日" if corresponding else "该月无相应日，以该月最后一日"
    return end, [
        f"起算日 {start} 当日不计入；{span}后的最后一月为 {end:%Y 年 %m 月}，{where}：{end}"
    ]


def compute(kind: str, start: date, *, months: int | None = None) -> Deadline:
    """The deadline of ``kind`` from ``start``; ``months`` only for ``reply`` (as notified)."""
    if kind == "reply":
        if not months or months < 1:
            raise InvalidInput("答复通知书的期限以通知书指定的月数为准，请给出月数")
        spec = Kind(
            "答复审查意见通知书",
            "收到通知书之日（电子送达的，为进入当事人认可的电子系统之日；邮寄的，"
            "推定为发文日起满15日，可先用“推定收到邮寄文件”算出）",
            months=months,
            articles=(f"{RULES}第四条第四款", f"{RULES}第四条第七款"),
        )
    elif kind in KINDS:
        spec = KINDS[kind]
    else:
        raise InvalidInput(f"未知的期限类型：{kind}，可用：{'、'.join([*KINDS, 'reply'])}")
    raw, steps = period_end(start, years=spec.years, months=spec.months, days=spec.days)
    if spec.period:
        due, skipped = workdays.next_working_day(raw)
        if skipped:
            names = "、".join(sorted({d.name or "休息日" for d in skipped}))
            steps.append(f"{raw} 为法定休假日（{names}），顺延至其后第一个工作日 {due}")
        else:
            steps.append(f"{raw} 为工作日，不顺延")
        provisional = not all(workdays.day(d).known for d in (raw, due))
        if provisional:
            steps.append(f"{due.year} 年的节假日安排尚未收录，仅按周末判断，结果仅供参考")
    else:
        due, provisional = raw, False
        day = workdays.day(raw)
        rest = f"，即使当日是法定休假日（{day.name or '休息日'}）" if day.rest else ""
        steps.append(
            f"{raw} 是推定的收到日，不是期限届满日，不顺延{rest}；"
            "以此日起算的期限届满日遇法定休假日才顺延（细则第五条）"
        )
    if spec.note:
        steps.append(spec.note)
    return Deadline(
        kind=kind,
        label=spec.label,
        start=start,
        raw_end=raw,
        due=due,
        steps=[f"{spec.label}：自{spec.start}起算", *steps],
        articles=list(dict.fromkeys([*spec.articles, PERIOD_RULE])),  # each article once
        provisional=provisional,
    )
