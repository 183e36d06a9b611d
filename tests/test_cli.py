"""The ``zhichan`` command as a user runs it, against a fresh database."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from tests.conftest import SHARED, FreshDatabases
from tests.support.pgcluster import free_port
from zhichan import cli as zhichan_cli
from zhichan.accounts import credentials, service
from zhichan.accounts.models import AuditEntry
from zhichan.db.engine import make_engine
from zhichan.db.session import make_session_factory, unit_of_work


class Cli:
    """Runs ``zhichan`` as a user would: in this process by default (the same ``main`` with
    its own streams, environment and working directory — a process start costs over a
    second), or as a real process with ``real=True`` (one smoke test per command group)."""

    def __init__(self, url: str, cwd: Path, *, real: bool = False) -> None:
        self.url, self.cwd, self.real = url, cwd, real

    def _env(self, extra: dict[str, str]) -> dict[str, str]:
        # No embedding model: computing vectors for the demo data takes a minute of CPU;
        # tests/search covers semantic search.
        return {
            "ZHICHAN_DATABASE_URL": self.url,
            "ZHICHAN_SHARED_DIR": str(SHARED),
            "ZHICHAN_SEARCH_MODEL": "none",
        } | extra

    def __call__(self, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
        if self.real:
            environ = {k: v for k, v in os.environ.items() if not k.startswith("ZHICHAN_")}
            return subprocess.run(
                [sys.executable, "-m", "zhichan.cli", *args],
                cwd=self.cwd,
                env=environ | self._env(env),
                capture_output=True,
                text=True,
                timeout=120,
            )
        cleared: dict[str, str | None] = {k: None for k in os.environ if k.startswith("ZHICHAN_")}
        code = 0
        with (
            contextlib.chdir(self.cwd),
            CliRunner().isolation(env=cleared | self._env(env)) as (out, err, _),
        ):
            try:
                zhichan_cli.main(list(args))
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else 1
            stdout, stderr = out.getvalue().decode(), err.getvalue().decode()
        return subprocess.CompletedProcess(list(args), code, stdout, stderr)


@pytest.fixture
def cli(fresh_db: FreshDatabases, tmp_path: Path) -> Cli:
    return Cli(fresh_db.url(), tmp_path)


def test_first_upgrade_prints_admin_login_once(fresh_db: FreshDatabases, tmp_path: Path) -> None:
    cli = Cli(fresh_db.url(), tmp_path, real=True)  # the installed entry point, end to end
    first = cli("db", "upgrade")
    assert first.returncode == 0, first.stderr
    assert "用户名：admin" in first.stdout
    password = first.stdout.split("初始密码：")[1].split()[0]
    assert (cli.cwd / "var" / "initial-admin.txt").read_text().count(password) == 1
    again = cli("db", "upgrade")
    assert again.returncode == 0 and "初始密码" not in again.stdout
    engine = make_engine(cli.url)
    with unit_of_work(make_session_factory(engine)) as session:
        user = credentials.authenticate(
            session=session, username="admin", password=password, address="cli"
        )
        assert service.principal_for(user).is_platform_admin
    engine.dispose()


def test_org_user_token_round_trip_with_json(cli: Cli) -> None:
    assert cli("db", "upgrade").returncode == 0
    org = cli("org", "add", "浙江某大学", "--kind", "university", "--region", "浙江省", "--json")
    assert org.returncode == 0, org.stderr
    org_id = json.loads(org.stdout)["id"]
    user = cli(
        "user",
        "add",
        "zju-tto",
        "--org",
        "浙江某大学",
        "--role",
        "admin",
        "--json",
        ZHICHAN_NEW_PASSWORD="a-long-password",
    )
    assert user.returncode == 0, user.stderr
    assert json.loads(user.stdout)["organisation_id"] == org_id
    token = cli("token", "create", "--user", "zju-tto", "--name", "sync", "--json")
    raw = json.loads(token.stdout)["token"]
    engine = make_engine(cli.url)
    with unit_of_work(make_session_factory(engine)) as session:
        assert credentials.resolve_token(session=session, raw=raw).username == "zju-tto"
        labels = set(session.scalars(select(AuditEntry.actor_label)))
    engine.dispose()
    assert any(label.startswith("cli:") for label in labels)
    listed = json.loads(cli("user", "list", "--json").stdout)
    assert {u["username"] for u in listed} == {"admin", "zju-tto"}
    changed = json.loads(
        cli("user", "set", "zju-tto", "--role", "viewer", "--inactive", "--json").stdout
    )
    assert (changed["role"], changed["is_active"]) == ("viewer", False)
    last_admin = cli("user", "set", "admin", "--inactive")
    assert last_admin.returncode == 2 and "最后一位平台管理员" in last_admin.stderr


def test_duplicates_fail_with_one_line_and_exit_2(cli: Cli) -> None:
    assert cli("db", "upgrade").returncode == 0
    assert cli("org", "add", "某银行", "--kind", "bank").returncode == 0
    dup = cli("org", "add", "某银行", "--kind", "bank")
    assert dup.returncode == 2
    assert dup.stderr.strip() == "错误：机构“某银行”已存在"
    bad = cli("user", "add", "x", "--org", "不存在的机构", ZHICHAN_NEW_PASSWORD="a-long-password")
    assert bad.returncode == 2 and "不存在" in bad.stderr
    weak = cli("user", "add", "weak", "--org", "某银行", ZHICHAN_NEW_PASSWORD="short")
    assert weak.returncode == 2 and "password" in weak.stderr


def test_demo_load_is_repeatable(cli: Cli, backend: str) -> None:
    if backend == "sqlite":
        # The crawl (tests/web/test_crawl.py) loads the demo twice on SQLite already.
        pytest.skip("the crawl's demo site loads the demo twice on SQLite")
    assert cli("db", "upgrade").returncode == 0
    first = cli("demo", "load")
    assert first.returncode == 0, first.stderr
    assert "demo-univ" in first.stdout
    assert "新建 6 份声明" in first.stdout
    assert "资源库 637 件真实专利" in first.stdout
    assert "演示法庭的一个案件" in first.stdout
    assert "完成，用时" in first.stdout and "演示数据就绪，共用时" in first.stdout
    assert "检索索引 3791 件专利" in first.stdout
    second = cli("demo", "load")
    assert second.returncode == 0 and "demo-univ" not in second.stdout
    assert "新建" not in second.stdout and "资源库 637" not in second.stdout
    assert "演示法庭的一个案件" not in second.stdout and "无需补齐" in second.stdout
    stats = json.loads(cli("transfer", "stats", "--json").stdout)
    assert stats["pool"] > 0 and stats["deals"] == {"signed": 1} and stats["pushes"] > 0
    catalogue = json.loads(cli("licensing", "catalogue", "--json").stdout)
    assert catalogue["total"] == 4  # announced and in effect; one more was withdrawn
    assert all(p["number"].startswith("CN") for i in catalogue["items"] for p in i["patents"])
    orgs = json.loads(cli("org", "list", "--json").stdout)
    assert sum("演示" in o["name"] for o in orgs) == 9  # 6 with logins + 3 demo enterprises


def test_invalid_setting_is_named(tmp_path: Path) -> None:
    result = Cli("sqlite:///x.db", tmp_path)("org", "list", ZHICHAN_SESSION_HOURS="zero")
    assert result.returncode == 2
    assert "session_hours" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_unreachable_database_is_a_clear_error(tmp_path: Path) -> None:
    url = f"postgresql://nobody@127.0.0.1:{free_port()}/none"
    result = Cli(url, tmp_path, real=True)("db", "upgrade")
    assert result.returncode == 2
    assert result.stderr.startswith("错误：无法连接数据库")
    assert "Traceback" not in result.stderr


def test_help_and_version_never_open_the_database(tmp_path: Path) -> None:
    cli = Cli(f"postgresql://nobody@127.0.0.1:{free_port()}/none", tmp_path)
    assert cli("version").returncode == 0
    helped = cli("transfer", "--help")
    assert helped.returncode == 0 and "存量专利盘活" in helped.stdout
    assert cli("jobs", "list").returncode == 2  # this one needs it, and says so


def test_each_invocation_gets_its_own_runtime(cli: Cli, tmp_path: Path) -> None:
    assert cli("db", "upgrade").returncode == 0
    assert cli("org", "add", "甲银行", "--kind", "bank").returncode == 0
    other = Cli(f"sqlite:///{tmp_path / 'other.db'}", tmp_path)
    assert other("db", "upgrade").returncode == 0
    names = {o["name"] for o in json.loads(other("org", "list", "--json").stdout)}
    assert "甲银行" not in names  # nothing of the first database leaked into the second
    assert "甲银行" in {o["name"] for o in json.loads(cli("org", "list", "--json").stdout)}
