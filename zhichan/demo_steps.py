"""``zhichan demo load``: every domain's demo steps in order, each announced with its counts and
elapsed time, ending with the search index and every vector in place (computed by the same job
runners the web server uses, in the foreground)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

import typer

from zhichan import domains, runtime
from zhichan.core.principal import Principal
from zhichan.db.runtime import Runtime
from zhichan.domain import DemoContext, Echo
from zhichan.jobs.context import Context, Snapshot
from zhichan.jobs.kinds import Registry
from zhichan.jobs.worker import of as worker_of
from zhichan.search import service as search_service
from zhichan.search.engine import SearchEngine


@contextmanager
def step(echo: Echo, title: str) -> Iterator[None]:
    echo(f"▶ {title}……")
    started = time.monotonic()
    yield
    echo(f"  完成，用时 {time.monotonic() - started:.1f} 秒")


def _derived(rt: Runtime, echo: Echo) -> None:
    last = [0.0]

    def report(ctx: Context, snap: Snapshot) -> None:
        now = time.monotonic()
        if now - last[0] >= 5 and snap.total:
            last[0] = now
            echo(f"  {snap.stage}：{snap.done} / {snap.total}")

    runtime.queue_derived(rt)
    worker = worker_of(rt, report=report)
    ran = worker.run_until_idle(timeout=3600)
    info = search_service.status(engine=rt.get(SearchEngine), factory=rt.session_factory)
    labels = rt.get(Registry).labels()
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
    shared = rt.settings.shared_path / "data"
    ctx = DemoContext(runtime=rt, operator=operator, shared=shared, today=today, echo=echo)
    steps = sorted((s for d in domains.ALL for s in d.demo), key=lambda s: s.order)
    announced = False
    for demo in steps:
        if demo.needs_shared and not shared.is_dir():
            echo(f"未找到共享数据目录 {shared}，只加载了演示账号")
            return
        if demo.needs_shared and not announced:
            echo(f"从 {shared.resolve()} 加载真实数据：")
            announced = True
        with step(echo, demo.title):
            line = demo.run(ctx)
            for text in (line or "").splitlines():
                echo("  " + text)
    with step(echo, "检索索引与语义向量（专利与法条）"):
        _derived(rt, echo)
    echo(f"演示数据就绪，共用时 {time.monotonic() - started:.1f} 秒")
