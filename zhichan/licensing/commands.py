"""``zhichan licensing …``: declare, examine, publish, withdraw, license, stats.

The shell user acts as the platform operator: both declarant (for the organisation named
with ``--org``) and office. Every step is audited under the operating-system user name.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Annotated

import typer
from pydantic import BaseModel

from zhichan import clictx
from zhichan.accounts import service as accounts_service
from zhichan.core import dates, inputs, output
from zhichan.core.errors import InvalidInput
from zhichan.licensing import catalogue, licences, service, stats
from zhichan.licensing.declarations import fees, lifecycle, rules
from zhichan.licensing.schemas import (
    CheckRead,
    DeclarationIn,
    DeclarationPatentIn,
    DeclarationRead,
    LicenceIn,
    LicenceRead,
    TransitionIn,
)

licensing_app = typer.Typer(
    help="专利开放许可：声明、审查、公告、撤回、许可、统计", no_args_is_help=True
)

JsonOpt = Annotated[bool, typer.Option("--json", help="输出 JSON")]
DateOpt = Annotated[str | None, typer.Option("--date", help="日期 YYYY-MM-DD，默认今天")]


def _echo_model(model: BaseModel) -> None:
    output.print_json(model)


def _day(text: str | None) -> date:
    return inputs.day(text.strip() if text else None) or dates.today()


def _money(text: str | None) -> Decimal | None:
    return inputs.money(text.replace("元", "").strip() if text else None)


def _pairs(values: list[str], what: str) -> dict[str, str]:
    out = {}
    for v in values:
        number, sep, ref = v.partition("=")
        if not sep or not ref.strip():
            raise InvalidInput(f"{what}应写作 专利号=编号：{v}")
        out[number.strip()] = ref.strip()
    return out


def _print_declaration(d: DeclarationRead) -> None:
    typer.echo(f"声明 #{d.id}  {d.status_label}  {d.announcement_no or ''}")
    typer.echo(f"  专利权人：{d.patentee_name}（声明机构 {d.declarant_name}）")
    typer.echo(f"  许可使用费：{d.fee_label}；许可期限 {d.term_years} 年")
    for p in d.patents:
        typer.echo(f"  - {p.number} {p.title or ''}（被许可人 {p.licensees}）")
    if d.actions:
        typer.echo("  可执行：" + "、".join(f"{a.label}（{a.action}）" for a in d.actions))


def _print_check(c: CheckRead) -> None:
    marks = {"error": "✗", "warning": "!", "verify": "?", "pass": "✓"}
    typer.echo(f"检查：{c.errors} 项不符合，{c.warnings} 项提示，{c.to_verify} 项待审查员核实")
    for f in c.findings:
        where = f"{f.number} " if f.number else ""
        typer.echo(f"  {marks[f.severity]} {where}{f.title}：{f.message}（{f.basis}）")


@licensing_app.command("declare")
def declare(
    org: Annotated[str, typer.Option(help="声明机构名称（平台中的机构）")],
    patent: Annotated[list[str], typer.Option(help="专利号，可重复")],
    patentee: Annotated[str, typer.Option(help="专利权人名称（与专利记录一致）")],
    term: Annotated[int, typer.Option(help="许可期限（年）")],
    fixed: Annotated[str | None, typer.Option(help="固定费用（元）")] = None,
    fixed_period: Annotated[str, typer.Option(help="once 一次性 / year 每个许可年度")] = "once",
    sales_rate: Annotated[str | None, typer.Option(help="净销售额提成比例（%）")] = None,
    profit_rate: Annotated[str | None, typer.Option(help="利润分成比例（%）")] = None,
    payment_method: Annotated[str, typer.Option(help="支付方式")] = "银行转账",
    schedule: Annotated[str, typer.Option(help="支付周期 once/year/half/quarter")] = "once",
    contact_name: Annotated[str | None, typer.Option(help="联系人")] = None,
    contact_phone: Annotated[str | None, typer.Option(help="联系电话")] = None,
    contact_email: Annotated[str | None, typer.Option(help="电子邮箱")] = None,
    agent_authorisation: Annotated[str | None, typer.Option(help="代理声明的委托书编号")] = None,
    evaluation_report: Annotated[
        list[str], typer.Option(help="专利权评价报告：专利号=报告编号，可重复")
    ] = [],  # noqa: B006 - Typer reads the default, never mutates it
    pledgee_consent: Annotated[
        list[str], typer.Option(help="质权人同意书：专利号=编号，可重复")
    ] = [],  # noqa: B006
    field_of_use: Annotated[str | None, typer.Option("--field", help="实施领域")] = None,
    territory: Annotated[str | None, typer.Option(help="实施地域")] = None,
    other: Annotated[str | None, typer.Option(help="其他需要明确的事项")] = None,
    confirm: Annotated[
        list[str], typer.Option(help=f"承诺事项：{'、'.join(rules.CONFIRMATIONS)}")
    ] = [],  # noqa: B006
    confirm_all: Annotated[bool, typer.Option(help="确认全部承诺事项")] = False,
    submit: Annotated[bool, typer.Option(help="检查通过后立即提交")] = False,
    as_json: JsonOpt = False,
) -> None:
    """起草开放许可声明（可 --submit 直接提交），并逐条检查。"""
    reports, consents = _pairs(evaluation_report, "评价报告"), _pairs(pledgee_consent, "同意书")
    data = DeclarationIn(
        patents=[
            DeclarationPatentIn(
                number=n, evaluation_report=reports.get(n), pledgee_consent=consents.get(n)
            )
            for n in patent
        ],
        patentee_name=patentee,
        agent_authorisation=agent_authorisation,
        contact_name=contact_name,
        contact_phone=contact_phone,
        contact_email=contact_email,
        fixed_fee=_money(fixed),
        fixed_period=fixed_period,
        sales_rate=_money(sales_rate),
        profit_rate=_money(profit_rate),
        payment_method=payment_method,
        payment_schedule=schedule,
        term_years=term,
        field_of_use=field_of_use,
        territory=territory,
        other_terms=other,
        confirmations=list(rules.CONFIRMATIONS) if confirm_all else confirm,
    )
    with clictx.session(will_write=True) as session:
        decl = service.create_declaration(
            session=session,
            principal=clictx.operator(),
            data=data,
            org_id=accounts_service.org_id_by_name(session=session, name=org),
        )
        check = service.check_declaration(
            session=session,
            principal=clictx.operator(),
            declaration_id=decl.id,
            today=dates.today(),
        )
    if submit and check.ok:
        decl = _step(decl.id, "submit", None, None)
    if as_json:
        output.print_json({"declaration": decl, "check": check})
        return
    _print_declaration(decl)
    _print_check(check)
    if submit and not check.ok:
        raise InvalidInput("声明有不符合要求的项目，已保存为草稿，未提交")


def _step(declaration_id: int, action: str, note: str | None, on: str | None) -> DeclarationRead:
    with clictx.session(will_write=True) as session:
        return service.transition(
            session=session,
            principal=clictx.operator(),
            declaration_id=declaration_id,
            step_in=TransitionIn(action=action, note=note, on=_day(on) if on else None),
            today=dates.today(),
        )


def _show_step(decl: DeclarationRead, as_json: bool) -> None:
    if as_json:
        _echo_model(decl)
    else:
        _print_declaration(decl)


@licensing_app.command("check")
def check(declaration_id: int, as_json: JsonOpt = False) -> None:
    """逐条检查声明：每项结论附依据条文。"""
    with clictx.session() as session:
        result = service.check_declaration(
            session=session,
            principal=clictx.operator(),
            declaration_id=declaration_id,
            today=dates.today(),
        )
    _echo_model(result) if as_json else _print_check(result)


@licensing_app.command("submit")
def submit_command(declaration_id: int, as_json: JsonOpt = False) -> None:
    """提交草稿（检查有不符合项时拒绝）。"""
    _show_step(_step(declaration_id, "submit", None, None), as_json)


@licensing_app.command("examine")
def examine(
    declaration_id: int,
    passed: Annotated[bool, typer.Option("--pass/--fail", help="审查合格 / 不合格")],
    opinion: Annotated[str | None, typer.Option(help="审查意见（不合格时必填）")] = None,
    on: DateOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """审查已提交的声明。"""
    _show_step(_step(declaration_id, "approve" if passed else "reject", opinion, on), as_json)


@licensing_app.command("publish")
def publish(declaration_id: int, on: DateOpt = None, as_json: JsonOpt = False) -> None:
    """公告审查合格的声明（分配公告号）。"""
    _show_step(_step(declaration_id, "publish", None, on), as_json)


@licensing_app.command("withdraw")
def withdraw(
    declaration_id: int,
    reason: Annotated[str | None, typer.Option(help="撤回理由（申请撤回时必填）")] = None,
    announce: Annotated[bool, typer.Option(help="公告撤回（知识产权局操作）")] = False,
    on: DateOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """申请撤回已公告的声明；--announce 公告撤回。在先给予的许可继续有效。"""
    action = "announce_withdrawal" if announce else "request_withdrawal"
    _show_step(_step(declaration_id, action, reason, on), as_json)


@licensing_app.command("license")
def license_command(
    declaration_id: int,
    patent: Annotated[str, typer.Option(help="专利号")],
    licensee: Annotated[str, typer.Option(help="被许可机构名称")],
    paid: Annotated[str, typer.Option(help="随通知支付的金额（元）")] = "0",
    notice_date: Annotated[str | None, typer.Option(help="书面通知日期")] = None,
    payment_ref: Annotated[str | None, typer.Option(help="付款凭证号")] = None,
    as_json: JsonOpt = False,
) -> None:
    """以书面通知并按公告标准付费，取得开放许可。"""
    with clictx.session(will_write=True) as session:
        lic = licences.take_licence(
            session=session,
            principal=clictx.operator(),
            declaration_id=declaration_id,
            data=LicenceIn(
                patent_number=patent,
                notice_on=_day(notice_date),
                paid=_money(paid) or Decimal(0),
                payment_ref=payment_ref,
            ),
            today=dates.today(),
            licensee_org_id=accounts_service.org_id_by_name(session=session, name=licensee),
        )
    _echo_model(lic) if as_json else _print_licence(lic)


def _print_licence(lic: LicenceRead) -> None:
    typer.echo(f"许可 {lic.number}  {lic.status_label}")
    typer.echo(f"  {lic.patent_number} {lic.patent_title or ''}")
    typer.echo(f"  许可人 {lic.patentee_name} → 被许可人 {lic.licensee_name}")
    typer.echo(f"  标准：{lic.terms.get('label')}（公告 {lic.announcement_no}）")
    typer.echo(f"  应付 {fees.yuan(lic.upfront_due)}，已付 {fees.yuan(lic.upfront_paid)}")
    if lic.effective_on:
        typer.echo(f"  生效 {lic.effective_on}，届满 {lic.ends_on}")


@licensing_app.command("list")
def list_command(
    status: Annotated[str | None, typer.Option(help=f"状态：{'、'.join(lifecycle.STATES)}")] = None,
    as_json: JsonOpt = False,
) -> None:
    """列出草稿以外的全部声明。"""
    with clictx.session() as session:
        found = service.list_declarations(
            session=session, principal=clictx.operator(), scope="office", status=status
        )
    if as_json:
        output.print_json(found)
        return
    for d in found:
        typer.echo(
            f"#{d.id}\t{d.status_label}\t{d.announcement_no or '-'}\t{d.patentee_name}\t"
            f"{len(d.patents)} 件\t{d.fee_label}"
        )


@licensing_app.command("stats")
def stats_command(
    unit: Annotated[str, typer.Option(help="期间：month / quarter / year")] = "month",
    export: Annotated[Path | None, typer.Option(help="导出 Excel 到此文件")] = None,
    as_json: JsonOpt = False,
) -> None:
    """开放许可统计：声明、专利、许可、收入（按领域、地区、机构、期间）。"""
    with clictx.session() as session:
        result = stats.compute(session=session, principal=clictx.operator(), unit=unit)
    if export:
        export.write_bytes(stats.to_xlsx(result))
    if as_json:
        _echo_model(result)
        return
    typer.echo(
        f"公告声明 {result.announced} 份，涉及专利 {result.announced_patents} 件；"
        f"许可 {result.licences} 项（被许可人 {result.licensees} 个，已备案 {result.filed}）；"
        f"许可使用费收入 {fees.yuan(result.income)}"
    )
    for title, rows in (
        ("按领域", result.by_field),
        ("按地区", result.by_region),
        ("按机构", result.by_institution),
        ("按期间", result.by_period),
    ):
        typer.echo(title + "：")
        for b in rows:
            typer.echo(
                f"  {b.key}\t声明 {b.declarations}\t专利 {b.patents}\t许可 {b.licences}\t"
                f"收入 {fees.yuan(b.income)}"
            )
    if export:
        typer.echo(f"已导出 {export}")


@licensing_app.command("catalogue")
def catalogue_command(
    q: Annotated[str, typer.Option(help="关键词（专利名称或专利权人）")] = "",
    ipc: Annotated[str, typer.Option(help="IPC 前缀")] = "",
    export: Annotated[Path | None, typer.Option(help="导出到 .csv 或 .xlsx 文件")] = None,
    as_json: JsonOpt = False,
) -> None:
    """公开的开放许可目录（已公告的声明）。"""
    query = catalogue.Query(q=q, ipc=ipc)
    with clictx.session() as session:
        page = catalogue.search(session=session, query=query, limit=500)
        table = catalogue.rows(session=session, query=query) if export else []
    if export:
        if export.suffix.lower() == ".xlsx":
            export.write_bytes(catalogue.to_xlsx(table))
        else:
            export.write_text(catalogue.to_csv(table), encoding="utf-8")
    if as_json:
        _echo_model(page)
        return
    typer.echo(f"共 {page.total} 份已公告声明")
    for item in page.items:
        numbers = "、".join(p.number for p in item.patents)
        typer.echo(
            f"{item.announcement_no}\t{item.announced_on}\t{item.patentee_name}\t{item.fee_label}\t{numbers}"
        )
    if export:
        typer.echo(f"已导出 {export}")
