"""``zhichan pledge …``: policy rules and pools, loans and their steps, subsidy claims and the
statistics. The shell user acts as the platform operator (who may act as bank and office)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Annotated

import typer

from zhichan import clictx
from zhichan.accounts import service as accounts_service
from zhichan.core import dates, output
from zhichan.core.errors import InvalidInput
from zhichan.pledge import claims, export, service, stats
from zhichan.pledge.schemas import ClaimIn, LoanIn, LoanRead, LoanStepIn

pledge_app = typer.Typer(help="知识产权质押融资", no_args_is_help=True)
rules_app = typer.Typer(help="政策规则与风险补偿资金池", no_args_is_help=True)
pledge_app.add_typer(rules_app, name="rules")
JsonOpt = Annotated[bool, typer.Option("--json", help="输出 JSON")]


def _money(text: str | None, name: str) -> Decimal | None:
    if text is None or not text.strip():
        return None
    try:
        return Decimal(text.replace(",", "").strip())
    except InvalidOperation:
        raise InvalidInput(f"{name}应为数字：{text}") from None


def _date(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(f"日期格式应为 YYYY-MM-DD：{text}") from None


@rules_app.command("load")
def rules_load() -> None:
    """载入参考文件中的政策规则与资金池（已有的不覆盖，已录入的本地比例保留）。"""
    with clictx.session(will_write=True) as session:
        rules, pools = claims.load_rules(session=session)
    typer.echo(f"新载入政策规则 {rules} 条、风险补偿资金池 {pools} 个")


@rules_app.command("list")
def rules_list(
    region: Annotated[str | None, typer.Option(help="只列适用于该地区的规则")] = None,
    as_json: JsonOpt = False,
) -> None:
    """列出政策规则：比例、封顶、年限、条件与来源。"""
    with clictx.session() as session:
        found = claims.rules(session=session, region=region)
    if as_json:
        output.print_json(found)
        return
    for r in found:
        rate = (
            "/".join(r.schedule) + "%"
            if r.schedule
            else (f"{r.rate}%" if r.rate is not None else "比例未载明")
        )
        cap = f"，封顶 {r.cap_amount} 元" if r.cap_amount is not None else ""
        typer.echo(
            f"{r.code} {r.region} {r.kind_label}：{rate}（{r.base_label}）{cap}"
            f" — {r.source}（{r.verified}）"
        )


@rules_app.command("set")
def rules_set(
    code: Annotated[str, typer.Argument(help="规则编号，如 SC-1")],
    rate: Annotated[str, typer.Option(help="比例（%）")],
    note: Annotated[str, typer.Option(help="本地文件名称与条款")],
) -> None:
    """录入来源文件未载明的比例（记入审计日志）。"""
    value = _money(rate, "比例")
    if value is None:
        raise InvalidInput("请填写比例")
    with clictx.session(will_write=True) as session:
        r = claims.set_rate(
            session=session, principal=clictx.operator(), code=code, rate=value, note=note
        )
    typer.echo(f"{r.code}：比例 {r.rate}%（{r.note}）")


@pledge_app.command("loans")
def loans_command(
    status: Annotated[str | None, typer.Option(help="状态代码，如 registered")] = None,
    limit: Annotated[int, typer.Option(min=1, max=500)] = 50,
    as_json: JsonOpt = False,
) -> None:
    """列出贷款申请。"""
    with clictx.session() as session:
        page = service.listing(
            session=session,
            principal=clictx.operator(),
            status=status,
            q=None,
            limit=limit,
            offset=0,
        )
    output.emit(
        page.items,
        as_json=as_json,
        columns=["id", "number", "bank_name", "enterprise_name", "amount", "status_label"],
    )


def _show(loan: LoanRead) -> None:
    typer.echo(f"{loan.number} · {loan.enterprise_name} · {loan.bank_name} · {loan.mode_label}")
    typer.echo(
        f"金额 {loan.amount:,.2f} 元，{loan.starts_on} 至 {loan.ends_on}，状态：{loan.status_label}"
    )
    for p in loan.package:
        typer.echo(f"  {p.number} {p.title or ''}（保护期届满 {p.term_ends or '无法计算'}）")
        for c in p.checks:
            typer.echo(f"    [{c.state_label}] {c.label}：{c.fact}（{c.source}）")
    if loan.registration:
        r = loan.registration
        typer.echo(
            f"质押登记：{r.status_label} {r.reg_no or ''}，担保金额 {r.secured_amount:,.2f} 元"
        )
    for a in loan.alerts:
        typer.echo(f"提示：{a}")
    if loan.actions:
        typer.echo("可办理：" + "、".join(f"{a['label']}（{a['action']}）" for a in loan.actions))


@pledge_app.command("create")
def create_command(
    enterprise: Annotated[str, typer.Option(help="出质企业名称")],
    bank: Annotated[str, typer.Option(help="贷款银行（机构名称）")],
    amount: Annotated[str, typer.Option(help="申请金额（元）")],
    ends_on: Annotated[str, typer.Option(help="到期日 YYYY-MM-DD")],
    numbers: Annotated[str, typer.Option(help="质押专利号，逗号分隔")],
    starts_on: Annotated[str | None, typer.Option(help="起始日，默认今天")] = None,
    region: Annotated[str | None, typer.Option(help="企业所在地区")] = None,
    mode: Annotated[
        str, typer.Option(help="pledge、guarantee、insurance 或 knowledge_credit")
    ] = "pledge",
    ltv_limit: Annotated[str | None, typer.Option(help="本行质押率上限（%）")] = None,
) -> None:
    """为企业新建贷款申请（草稿），列出质押专利包。"""
    with clictx.session(will_write=True) as session:
        bank_id = accounts_service.org_id_by_name(session=session, name=bank)
        value = _money(amount, "金额")
        data = LoanIn(
            enterprise_name=enterprise,
            bank_id=bank_id,
            amount=value or Decimal(0),
            starts_on=_date(starts_on) or dates.today(),
            ends_on=_date(ends_on) or dates.today(),
            numbers=[n.strip() for n in numbers.split(",") if n.strip()],
            region=region,
            mode=mode,
            ltv_limit=_money(ltv_limit, "质押率上限"),
        )
        loan = service.create(
            session=session, principal=clictx.operator(), data=data, today=dates.today()
        )
    typer.echo(f"已新建贷款申请 {loan.id}（{loan.number}）")
    _show(loan)


@pledge_app.command("show")
def show_command(loan_id: Annotated[int, typer.Argument(min=1)], as_json: JsonOpt = False) -> None:
    """查看一笔贷款：质押专利包、每项资格检查的事实与依据、登记与提示。"""
    with clictx.session() as session:
        loan = service.get(
            session=session, principal=clictx.operator(), loan_id=loan_id, today=dates.today()
        )
    if as_json:
        output.print_json(loan)
    else:
        _show(loan)


@pledge_app.command("check")
def check_command(loan_id: Annotated[int, typer.Argument(min=1)]) -> None:
    """按今天的记录重新检查质押资格。"""
    with clictx.session(will_write=True) as session:
        loan = service.check(
            session=session, principal=clictx.operator(), loan_id=loan_id, today=dates.today()
        )
    _show(loan)


@pledge_app.command("step")
def step_command(
    loan_id: Annotated[int, typer.Argument(min=1)],
    action: Annotated[str, typer.Argument(help="环节代码，如 submit、precheck、file、register")],
    note: Annotated[str | None, typer.Option(help="说明或理由")] = None,
    amount: Annotated[str | None, typer.Option(help="金额（元）")] = None,
    on: Annotated[str | None, typer.Option(help="办理日期 YYYY-MM-DD，默认今天")] = None,
    reg_no: Annotated[str | None, typer.Option(help="质押登记号")] = None,
    ground: Annotated[str | None, typer.Option(help="不予登记的理由代码")] = None,
    documents: Annotated[str | None, typer.Option(help="已备齐的登记材料代码，逗号分隔")] = None,
    contract_items: Annotated[
        str | None, typer.Option(help="合同已载明的条款代码，逗号分隔")
    ] = None,
    accept: Annotated[bool, typer.Option(help="确认提示事项，继续办理")] = False,
) -> None:
    """办理一个环节（状态机校验；版本取当前值）。"""
    with clictx.session(will_write=True) as session:
        who = clictx.operator()
        current = service.get(session=session, principal=who, loan_id=loan_id, today=dates.today())
        data = LoanStepIn(
            action=action,
            version=current.version,
            note=note,
            amount=_money(amount, "金额"),
            on=_date(on),
            reg_no=reg_no,
            ground=ground,
            documents=[d for d in (documents or "").split(",") if d] or None,
            contract_items=[c for c in (contract_items or "").split(",") if c] or None,
            warnings_accepted=accept,
        )
        loan = service.act(
            session=session, principal=who, loan_id=loan_id, data=data, today=dates.today()
        )
    typer.echo(f"{loan.number}：{loan.status_label}")


@pledge_app.command("claim")
def claim_command(
    loan_id: Annotated[int, typer.Argument(min=1)],
    rule: Annotated[str, typer.Option(help="规则编号，如 SD-1")],
    year_no: Annotated[int, typer.Option(min=1, max=20, help="第几年")] = 1,
    base: Annotated[str | None, typer.Option(help="基数（元）：保费、费用等")] = None,
    benchmark_rate: Annotated[str | None, typer.Option(help="基准利率（年 %）")] = None,
    days: Annotated[int | None, typer.Option(min=1, max=3660, help="计息天数")] = None,
) -> None:
    """按政策规则测算一笔申领（逐步列出计算与封顶）。"""
    data = ClaimIn(
        rule_code=rule,
        year_no=year_no,
        base_amount=_money(base, "基数"),
        benchmark_rate=_money(benchmark_rate, "基准利率"),
        days=days,
    )
    with clictx.session(will_write=True) as session:
        c = service.compute_claim(
            session=session,
            principal=clictx.operator(),
            loan_id=loan_id,
            data=data,
            today=dates.today(),
        )
    typer.echo(
        f"申领 {c.id} · {c.rule_code} {c.kind_label}：{c.amount:,.2f} 元（{c.status_label}）"
    )
    for s in c.steps:
        typer.echo(f"  {s}")
    typer.echo(f"依据：{c.source}")


@pledge_app.command("stats")
def stats_command(
    year: Annotated[int | None, typer.Option(min=2000, max=2100, help="统计年度，默认今年")] = None,
    cutoff: Annotated[str | None, typer.Option(help="普惠口径（元），默认 10000000")] = None,
    xlsx: Annotated[Path | None, typer.Option(help="同时写出 Excel 文件")] = None,
    as_json: JsonOpt = False,
) -> None:
    """质押融资统计：登记金额、笔数、专利、企业、普惠占比与同比。"""
    with clictx.session() as session:
        s = stats.statistics(
            session=session,
            principal=clictx.operator(),
            year=year or dates.today().year,
            cutoff=_money(cutoff, "普惠口径"),
        )
    if xlsx is not None:
        xlsx.write_bytes(export.workbook(s))
    if as_json:
        output.print_json(s)
        return
    for key, label in export.FIGURES.items():
        typer.echo(f"{label}：{s.figures.get(key) if s.figures.get(key) is not None else '—'}")
    if xlsx is not None:
        typer.echo(f"已写入 {xlsx}")
