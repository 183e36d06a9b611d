"""``zhichan`` command line: mounts every domain's commands. Nothing imports this module."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from zhichan import __version__, clictx, demo_steps, domains, runtime
from zhichan.accounts import service as accounts_service
from zhichan.core import dates
from zhichan.core import logging as zlogging
from zhichan.core import settings as settings_mod
from zhichan.core.errors import ZhichanError
from zhichan.db import migrate

log = logging.getLogger("zhichan.cli")

app = typer.Typer(
    help="知产 zhichan — 专利转化运用平台", no_args_is_help=True, pretty_exceptions_enable=False
)
db_app = typer.Typer(help="数据库", no_args_is_help=True)
demo_app = typer.Typer(help="演示数据", no_args_is_help=True)
config_app = typer.Typer(help="配置", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(demo_app, name="demo")
app.add_typer(config_app, name="config")
for _domain in domains.ALL:
    for _command in _domain.commands:
        if isinstance(_command.target, typer.Typer):
            app.add_typer(_command.target, name=_command.name)
        else:
            app.command(_command.name)(_command.target)


@app.callback()
def root(
    ctx: typer.Context,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="出错时显示完整堆栈")] = False,
) -> None:
    settings = settings_mod.load()
    zlogging.configure("debug" if verbose else settings.log_level, settings.log_format)
    if verbose:
        os.environ["ZHICHAN_VERBOSE"] = "1"
    # One runtime per invocation, built on first use and closed with the context.
    ctx.call_on_close(clictx.open_invocation(lambda: runtime.build_checked(settings)))


@app.command()
def version() -> None:
    """显示版本。"""
    typer.echo(__version__)


@db_app.command("upgrade")
def db_upgrade(
    revision: Annotated[str, typer.Option(help="目标版本，默认最新")] = "head",
) -> None:
    """创建或升级数据库结构；首次运行时创建平台管理员并打印初始密码。"""
    rt = clictx.runtime()
    where = rt.engine.url.render_as_string(hide_password=True)
    before = migrate.current(rt.engine)
    current = migrate.upgrade(rt.engine, revision)
    if before is None:
        typer.echo(f"已创建新数据库（{where}），结构版本 {current}")
    elif before != current:
        typer.echo(f"数据库已从版本 {before} 升级到 {current}（{where}）")
    else:
        typer.echo(f"数据库已是最新版本 {current}（{where}）")
    with clictx.session() as session:
        password = accounts_service.ensure_platform_admin(
            session=session, password=os.environ.get("ZHICHAN_ADMIN_PASSWORD")
        )
    if password:
        _announce_admin(rt.settings.data_path, password)


def _announce_admin(data_dir: Path, password: str) -> None:
    note = data_dir / "initial-admin.txt"
    note.parent.mkdir(parents=True, exist_ok=True)
    note.write_text(f"用户名: {accounts_service.ADMIN_USERNAME}\n初始密码: {password}\n")
    note.chmod(0o600)
    bar = "=" * 60
    typer.echo(
        f"{bar}\n首次启动：已创建平台管理员\n  用户名：{accounts_service.ADMIN_USERNAME}\n"
        f"  初始密码：{password}\n（同时保存在 {note}，仅本机用户可读）\n{bar}"
    )


@db_app.command("current")
def db_current() -> None:
    """显示数据库当前版本与最新版本。"""
    rt = clictx.runtime()
    typer.echo(f"当前 {migrate.current(rt.engine)}，最新 {migrate.head()}")


@demo_app.command("load")
def demo_load() -> None:
    """加载演示机构与账号、../shared/data 中的真实数据，建好检索索引和全部语义向量；可重复运行。"""
    rt = clictx.runtime()
    demo_steps.load(rt, clictx.operator(), dates.today())


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="监听地址")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="端口")] = 8000,
    workers: Annotated[
        int, typer.Option(min=1, max=64, help="Web 进程数（生产环境按核数设置，见 docs/deploy.md）")
    ] = 1,
) -> None:
    """启动 Web 服务。"""
    import uvicorn

    from zhichan.web.app import create_app

    rt = clictx.runtime()
    if migrate.current(rt.engine) != migrate.head():
        raise ZhichanError("数据库结构不是最新版本，请先运行 zhichan db upgrade")
    jobs_note = (
        "后台任务随服务一起运行" if rt.settings.web_jobs else "后台任务由 zhichan jobs run 执行"
    )
    if workers > 1:
        # Each process builds its own runtime from the same settings (environment and
        # zhichan.toml), so nothing opened here is shared across processes. The signing key is
        # made here first: processes racing to create it could each sign with their own.
        typer.echo(f"正在启动 Web 服务：{workers} 个进程（{jobs_note}）……")
        rt.settings.with_secret()
        rt.engine.dispose()
        uvicorn.run(
            "zhichan.web.app:from_settings",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            log_config=None,
        )
        return
    typer.echo(f"正在启动 Web 服务（{jobs_note}）……")
    web = create_app(rt.settings, runtime=rt)
    web.router.add_event_handler(
        "startup", lambda: typer.echo(f"知产已就绪，请在浏览器中打开：http://{host}:{port}/")
    )
    uvicorn.run(web, host=host, port=port, log_config=None)


@config_app.command("show")
def config_show() -> None:
    """显示生效的配置（密钥打码）。"""
    current = settings_mod.load()
    for spec in settings_mod.SPECS:
        value = getattr(current, spec.name)
        if spec.name == "secret_key" and value:
            value = "***"
        typer.echo(f"{spec.name} = {value!r}    # {spec.help}")


def main(args: list[str] | None = None) -> None:
    """The ``zhichan`` command (``args`` default to the process's)."""
    # Typer reports its own usage errors (exit 2); ours become one line and exit 2 as well.
    try:
        typer.main.get_command(app).main(args=args, prog_name="zhichan")
    except ZhichanError as exc:
        if os.environ.get("ZHICHAN_VERBOSE"):
            raise
        typer.echo(f"错误：{exc.message}", err=True)
        sys.exit(2)


if __name__ == "__main__":
    main()
