"""Patent and copyright terms, with the steps and the articles relied on.

Patent: 专利法第四十二条 (20/10/15 years from filing; term compensation for unreasonable
examination delay, 实施细则第七十七至七十九条; new-drug compensation, 实施细则第八十二条, capped
at five years and fourteen years of effective term after approval). The term ends on the day
before the anniversary of the filing date, as CNIPA records expiry. Copyright: 著作权法
第二十二、二十三、三十七、四十一、四十四、四十七条 and 计算机软件保护条例第十四条; copyright
terms always end on 31 December.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from zhichan.core.dates import add_months
from zhichan.core.errors import InvalidInput
from zhichan.law.deadlines import PATENT_LAW, RULES

COPYRIGHT_LAW = "《中华人民共和国著作权法》"
SOFTWARE_RULES = "《计算机软件保护条例》"
#: The fourth amendment of the Patent Law (15-year design term) applies from this day.
AMENDED_2020 = date(2021, 6, 1)
YEARS = {"invention": 20, "utility_model": 10, "design": 15}


@dataclass(slots=True)
class Term:
    ends: date | None  # None: not limited in time
    steps: list[str] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)
    compensation_days: int = 0
    protected: bool = True


def _anniversary_eve(start: date, years: int) -> date:
    return add_months(start, 12 * years) - timedelta(days=1)


def patent_term(
    patent_type: str,
    filing: date,
    *,
    grant: date | None = None,
    exam_request: date | None = None,
    reasonable_delay_days: int = 0,
    applicant_delay_days: int = 0,
    drug_approval: date | None = None,
) -> Term:
    if patent_type not in YEARS:
        raise InvalidInput(f"专利类型应为 {'、'.join(YEARS)}：{patent_type}")
    years = YEARS[patent_type]
    term = Term(None, articles=[f"{PATENT_LAW}第四十二条第一款"])
    if patent_type == "design" and filing < AMENDED_2020:
        years = 10
        term.steps.append(
            f"申请日 {filing} 早于 2021-06-01（2020 年修正的专利法施行日），"
            "外观设计专利权期限仍为十年"
        )
    term.ends = _anniversary_eve(filing, years)
    term.steps.insert(
        0, f"{years} 年，自申请日 {filing} 起算，届满于 {term.ends}（申请日对应日的前一日）"
    )
    if patent_type == "invention" and grant and exam_request:
        _examination_delay(
            term, filing, grant, exam_request, reasonable_delay_days, applicant_delay_days
        )
    if patent_type == "invention" and drug_approval:
        _new_drug(term, filing, drug_approval)
    return term


def _examination_delay(
    term: Term, filing: date, grant: date, request: date, reasonable: int, applicant: int
) -> None:
    start = max(add_months(filing, 48), add_months(request, 36))
    term.articles += [f"{PATENT_LAW}第四十二条第二款", f"{RULES}第七十八条第二款"]
    if grant <= start:
        term.steps.append(
            f"授权公告日 {grant} 不晚于申请日满4年且实质审查请求日满3年之日 {start}，不给予期限补偿"
        )
        return
    days = max(0, (grant - start).days - reasonable - applicant)
    term.compensation_days += days
    assert term.ends is not None
    term.ends += timedelta(days=days)
    term.articles.append(f"{RULES}第七十七条")
    term.steps.append(
        f"自 {start} 至授权公告日 {grant} 共 {(grant - start).days} 日，"
        f"减去合理延迟 {reasonable} 日和申请人引起的延迟 {applicant} 日，"
        f"补偿 {days} 日，期限延至 {term.ends}；"
        f"须自授权公告之日起3个月内请求"
    )


def _new_drug(term: Term, filing: date, approval: date) -> None:
    assert term.ends is not None
    interval = (approval - filing).days
    five_years = (add_months(filing, 60) - filing).days
    wanted = max(0, interval - five_years)
    cap_five = (add_months(term.ends, 60) - term.ends).days
    cap_fourteen = (_anniversary_eve(approval, 14) - term.ends).days
    days = max(0, min(wanted, cap_five, cap_fourteen))
    term.articles += [f"{PATENT_LAW}第四十二条第三款", f"{RULES}第八十二条", f"{RULES}第八十一条"]
    term.steps.append(
        f"新药上市许可日 {approval} 距申请日 {interval} 日，减去5年为 {wanted} 日；"
        f"补偿不超过5年（{cap_five} 日），且批准上市后总有效期不超过14年"
        f"（至多再补 {max(cap_fourteen, 0)} 日）：补偿 {days} 日；"
        "须自上市许可之日起3个月内请求"
    )
    term.compensation_days += days
    term.ends += timedelta(days=days)


def _dec31(year: int) -> date:
    return date(year, 12, 31)


def copyright_term(
    kind: str,
    *,
    death_year: int | None = None,
    created_year: int | None = None,
    published_year: int | None = None,
    event_year: int | None = None,
) -> Term:
    """``kind``: natural (incl. joint works: the last author's death), legal_person (and
    works for hire owned by the organisation), audiovisual, software_natural,
    software_legal, layout, performance, recording, broadcast, moral."""
    if kind == "moral":
        return Term(
            None, ["署名权、修改权、保护作品完整权的保护期不受限制"], [f"{COPYRIGHT_LAW}第二十二条"]
        )
    if kind in ("natural", "software_natural"):
        year = _need(death_year, "作者（合作作品为最后死亡的作者）死亡年份")
        cite = (
            f"{COPYRIGHT_LAW}第二十三条第一款"
            if kind == "natural"
            else f"{SOFTWARE_RULES}第十四条第二款"
        )
        return Term(
            _dec31(year + 50), [f"作者终生及其死亡后五十年，截止于 {year + 50} 年12月31日"], [cite]
        )
    if kind in ("legal_person", "audiovisual", "software_legal"):
        return _published_work(kind, created_year, published_year)
    spans = {
        "layout": (10, "首次出版", f"{COPYRIGHT_LAW}第三十七条第二款"),
        "performance": (50, "表演发生", f"{COPYRIGHT_LAW}第四十一条第二款"),
        "recording": (50, "首次制作完成", f"{COPYRIGHT_LAW}第四十四条第一款"),
        "broadcast": (50, "首次播放", f"{COPYRIGHT_LAW}第四十七条第三款"),
    }
    if kind not in spans:
        raise InvalidInput(f"未知的作品或权利类型：{kind}")
    years, what, cite = spans[kind]
    year = _need(event_year, f"{what}年份")
    return Term(
        _dec31(year + years), [f"{what}后第{years}年的12月31日：{year + years}-12-31"], [cite]
    )


def _published_work(kind: str, created: int | None, published: int | None) -> Term:
    made = _need(created, "创作（开发）完成年份")
    cite = {
        "legal_person": f"{COPYRIGHT_LAW}第二十三条第二款",
        "audiovisual": f"{COPYRIGHT_LAW}第二十三条第三款",
        "software_legal": f"{SOFTWARE_RULES}第十四条第三款",
    }[kind]
    if published is None or published > made + 50:
        return Term(
            _dec31(made + 50),
            [f"完成后五十年内未发表的，不再受保护；其发表权截止于 {made + 50} 年12月31日"],
            [cite],
            protected=published is None,
        )
    return Term(
        _dec31(published + 50),
        [
            f"首次发表于 {published} 年（完成后五十年内），"
            f"截止于首次发表后第五十年的12月31日：{published + 50}-12-31"
        ],
        [cite],
    )


def _need(value: int | None, what: str) -> int:
    if value is None:
        raise InvalidInput(f"请提供{what}")
    return value


def term_for(
    kind: str,
    *,
    filing: date | None = None,
    grant: date | None = None,
    exam_request: date | None = None,
    reasonable_delay_days: int = 0,
    applicant_delay_days: int = 0,
    drug_approval: date | None = None,
    death_year: int | None = None,
    created_year: int | None = None,
    published_year: int | None = None,
    event_year: int | None = None,
) -> Term:
    """A patent term when ``kind`` is a patent type, else a copyright term."""
    if kind in YEARS:
        if filing is None:
            raise InvalidInput("专利期限需要申请日")
        return patent_term(
            kind,
            filing,
            grant=grant,
            exam_request=exam_request,
            reasonable_delay_days=reasonable_delay_days,
            applicant_delay_days=applicant_delay_days,
            drug_approval=drug_approval,
        )
    return copyright_term(
        kind,
        death_year=death_year,
        created_year=created_year,
        published_year=published_year,
        event_year=event_year,
    )
