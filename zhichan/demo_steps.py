"""The steps of ``zhichan demo load``, each announced with its counts and elapsed time, ending
with the search index and every vector in place (computed by the same job runners the web
server uses, in the foreground)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import typer

from zhichan.accounts import demo as accounts_demo
from zhichan.core.principal import Principal
from zhichan.db.session import unit_of_work
from zhichan.forensics import demo as forensics_demo
from zhichan.jobs.context import Context, Snapshot
from zhichan.law import service as law_service
from zhichan.licensing import demo as licensing_demo
from zhichan.patents import demo as patents_demo
from zhichan.runtime import Runtime
from zhichan.search import service as search_service
from zhichan.transfer import demo as transfer_demo

Echo = Callable[[str], None]


@contextmanager
def step(echo: Echo, title: str) -> Iterator[None]:
    echo(f"▶ {title}……")
    started = time.monotonic()
    yield
    echo(f"  完成，用时 {time.monotonic() - started:.1f} 秒")


def _accounts(rt: Runtime, operator: Principal, echo: Echo) -> None:
    with unit_of_work(rt.session_factory, operator) as session:
        accounts = accounts_demo.load(session=session, principal=operator)
    if not accounts:
        echo(f"  演示账号已存在（密码见 {rt.settings.data_path / 'demo-accounts.txt'}）")
        return
    lines = [f"{a.username}\t{a.password}\t{a.organisation}" for a in accounts]
    path = rt.settings.data_path / "demo-accounts.txt"
    path.write_text("登录名\t密码\t机构\n" + "\n".join(lines) + "\n")
    path.chmod(0o600)
    echo("  已创建演示账号（密码同时保存在 " + str(path) + "）：")
    for line in lines:
        echo("    " + line)


def _domains(rt: Runtime, operator: Principal, shared: Path, today: date, echo: Echo) -> None:
    with step(echo, "法律法规"), unit_of_work(rt.session_factory, operator) as session:
        report = law_service.load_corpus(session=session, root=shared / "law")
        echo(f"  {report.instruments} 部，{report.articles} 条")
    with step(echo, "开放许可（演示）"):
        with unit_of_work(rt.session_factory, operator, will_write=True) as session:
            made = licensing_demo.load(session=session, principal=operator, today=today)
        echo(f"  新建 {made} 份声明，含公告、许可、备案、撤回与调解" if made else "  已存在")
    with step(echo, "存量专利盘活（演示）"):
        with unit_of_work(rt.session_factory, operator, will_write=True) as session:
            pooled = transfer_demo.load(session=session, principal=operator, today=today)
        echo(f"  资源库 {pooled} 件真实专利，演示需求、推送、反馈与交易" if pooled else "  已存在")
    with step(echo, "技术比对（演示）"):
        with unit_of_work(rt.session_factory, operator, will_write=True) as session:
            compared = forensics_demo.load(
                session=session,
                principal=operator,
                shared_data=shared,
                data_dir=rt.settings.data_path,
            )
        echo("  演示法庭的一个案件，真实 IR-Plag 代码的比对与报告" if compared else "  已存在")


def _derived(rt: Runtime, echo: Echo) -> None:
    last = [0.0]

    def report(ctx: Context, snap: Snapshot) -> None:
        now = time.monotonic()
        if now - last[0] >= 5 and snap.total:
            last[0] = now
            echo(f"  {snap.stage}：{snap.done} / {snap.total}")

    rt.queue_derived()
    worker = rt.worker(report=report)
    ran = worker.run_until_idle(timeout=3600)
    info = search_service.status(engine=rt.search, factory=rt.session_factory)
    labels = rt.jobs.labels()
    names = "、".join(dict.fromkeys(labels[k] for k in worker.ran)) or "无需补齐"
    echo(
        f"  运行 {ran} 个后台任务（{names}）；"
        f"检索索引 {info.get('documents', 0)} 件专利，语义向量 {info.get('vectors', 0)} 个"
    )
    if info.get("vectors_pending") or info.get("not_indexed"):
        echo(
            f"  仍有 {info.get('not_indexed', 0)} 件未进索引、{info.get('vectors_pending', 0)} 件"
            "无语义向量：Web 服务的后台任务会继续补齐（见“后台任务”页）"
        )


def load(rt: Runtime, operator: Principal, today: date, echo: Echo = typer.echo) -> None:
    started = time.monotonic()
    with step(echo, "演示机构与账号"):
        _accounts(rt, operator, echo)
    shared = rt.settings.shared_path / "data"
    if not shared.is_dir():
        echo(f"未找到共享数据目录 {shared}，只加载了演示账号")
        return
    echo(f"从 {shared.resolve()} 加载真实数据：")
    with step(echo, "专利数据（真实记录）"):
        patents_demo.load(
            factory=rt.session_factory, data_dir=shared, principal=operator, echo=echo
        )
    _domains(rt, operator, shared, today, echo)
    with step(echo, "检索索引与语义向量（专利与法条）"):
        _derived(rt, echo)
    echo(f"演示数据就绪，共用时 {time.monotonic() - started:.1f} 秒")
