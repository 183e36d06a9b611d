"""``zhichan indicators …``: load the office's inputs, set parameters, compute, show, export.

The shell user acts as the platform operator."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from zhichan import clictx
from zhichan.core import dates, output
from zhichan.core.errors import InvalidInput
from zhichan.indicators import export, inputs, service

indicators_app = typer.Typer(help="高价值发明专利与每万人口指标", no_args_is_help=True)
JsonOpt = Annotated[bool, typer.Option("--json", help="输出 JSON")]


def _data_dir() -> Path:
    return clictx.runtime().settings.shared_path / "data"


@indicators_app.command("load")
def load_command(
    kind: Annotated[str, typer.Argument(help=f"数据类型：{'、'.join(inputs.LAYOUTS)}")],
    path: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="CSV 或 .xlsx")],
) -> None:
    """导入同族、质押登记、获奖名单、官方标识或规划目标（整表无误才写入）。"""
    if path.stat().st_size > inputs.MAX_BYTES:
        raise InvalidInput(f"文件超过 {inputs.MAX_BYTES // 1024 // 1024} MB，请分批导入")
    data = path.read_bytes()
    with clictx.session(will_write=True) as session:
        done = service.load_file(session=session, principal=clictx.operator(), kind=kind,
                                 filename=path.name, data=data)  # fmt: skip
    typer.echo(f"已导入{done.kind_label} {done.rows} 行（导入编号 {done.id}）；重新计算后计入指标")


@indicators_app.command("param")
def param_command(
    key: Annotated[str, typer.Argument(help="reference_date、maintained_from 或 pledge_threshold")],
    value: Annotated[str, typer.Argument(help="新取值；空字符串恢复默认")],
    note: Annotated[str | None, typer.Option(help="设置的依据")] = None,
) -> None:
    """设置参数（记入审计日志）。"""
    with clictx.session(will_write=True) as session:
        shown = service.set_parameter(session=session, principal=clictx.operator(), key=key,
                                      value=value, note=note)  # fmt: skip
    for p in shown:
        typer.echo(f"{p.label}：{p.value}（{p.why}）")


@indicators_app.command("compute")
def compute_command() -> None:
    """逐件判定全部专利（替换上次的结果）。"""
    with clictx.session(will_write=True) as session:
        counts = service.run(session=session, principal=clictx.operator(), today=dates.today())
    typer.echo(
        f"已判定 {counts.get('patents', 0)} 件：高价值 {counts.get('yes', 0)}，"
        f"不是 {counts.get('no', 0)}，无法判断 {counts.get('unknown', 0)}；"
        f"与官方标识不一致 {counts.get('disagreements', 0)} 件"
    )


@indicators_app.command("show")
def show_command(
    number: Annotated[str | None, typer.Argument(help="专利号：显示这一件的判定依据")] = None,
    as_json: JsonOpt = False,
) -> None:
    """显示各省指标，或一件专利的判定与依据。"""
    if number:
        with clictx.session() as session:
            e = service.evidence(session=session, number=number)
        if as_json:
            output.print_json(e)
            return
        typer.echo(f"{e.number}：{e.high_value_label}")
        for t in [*e.eligibility, *e.criteria]:
            facts = "；".join(f"{k} {v}" for k, v in t.facts.items())
            typer.echo(f"  {t.label}：{t.state_label}——{t.why}{f'（{facts}）' if facts else ''}")
        return
    with clictx.session() as session:
        f = service.figure_table(session=session, data_dir=_data_dir(), today=dates.today())
    if as_json:
        output.print_json(f)
        return
    typer.echo(f"基准日 {f.reference_date or '（尚未计算）'}；已判定 {f.computed} 件")
    for note in f.notes:
        typer.echo(f"注意：{note}")
    for r in f.rows:
        per = r.values.get("hv_per_10k")
        typer.echo(f"{r.region}\t有效发明 {r.valid_inventions}\t高价值 {r.high_value}\t"
                   f"每万人口高价值 {'—' if per is None else per}")  # fmt: skip


@indicators_app.command("export")
def export_command(
    out: Annotated[Path, typer.Option("--out", "-o", help="输出文件：.xlsx（含逐件判定）或 .pdf")],
) -> None:
    """导出指标、逐件判定与定义（Excel），或指标报告（PDF）。"""
    if out.suffix.lower() not in (".xlsx", ".pdf"):
        raise InvalidInput(f"输出文件须以 .xlsx 或 .pdf 结尾：{out.name}")
    with clictx.session() as session:
        table = service.figure_table(session=session, data_dir=_data_dir(), today=dates.today())
        if out.suffix.lower() == ".pdf":
            ops = service.operations(session=session, principal=clictx.operator())
            data = export.pdf(table, ops, service.parameter_list(session=session))
        else:
            data = export.workbook(session, table)
    out.write_bytes(data)
    typer.echo(f"已写入 {out}")
