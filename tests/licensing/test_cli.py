"""``zhichan licensing`` as a user runs it, against a fresh database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.licensing import constructed as c
from tests.test_cli import Cli


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    # SQLite only: every step below runs on PostgreSQL in the service and API tests.
    return Cli(f"sqlite:///{tmp_path / 'cli.db'}", tmp_path)


def test_declare_examine_publish_license_withdraw_and_stats(cli: Cli, tmp_path: Path) -> None:
    assert cli("db", "upgrade").returncode == 0
    for name, kind in ((c.UNIV_A, "university"), (c.FIRM, "enterprise")):
        assert cli("org", "add", name, "--kind", kind, "--region", "浙江省").returncode == 0
    assert cli("import", str(c.write_jsonl(tmp_path / "p.jsonl"))).returncode == 0
    common = [
        "--org",
        c.UNIV_A,
        "--patentee",
        c.UNIV_A,
        "--term",
        "3",
        "--contact-name",
        "张老师",
        "--contact-phone",
        "0571-1",
    ]
    refused = cli(
        "licensing",
        "declare",
        *common,
        "--patent",
        c.LAPSED,
        "--fixed",
        "50000",
        "--confirm-all",
        "--submit",
    )
    assert refused.returncode == 2 and "未提交" in refused.stderr and "✗" in refused.stdout
    made = cli(
        "licensing",
        "declare",
        *common,
        "--patent",
        c.OK,
        "--sales-rate",
        "25",
        "--schedule",
        "year",
        "--confirm-all",
        "--submit",
        "--json",
    )
    assert made.returncode == 0, made.stderr
    out = json.loads(made.stdout)
    did = str(out["declaration"]["id"])
    assert out["declaration"]["status"] == "submitted"
    assert any(
        f["code"] == "fee_caps" and f["severity"] == "warning" for f in out["check"]["findings"]
    )
    assert cli("licensing", "examine", did, "--pass", "--opinion", "已核实").returncode == 0
    published = json.loads(cli("licensing", "publish", did, "--json").stdout)
    assert published["announcement_no"].startswith("KF")
    lic = cli("licensing", "license", did, "--patent", c.OK, "--licensee", c.FIRM)
    assert lic.returncode == 0 and "已生效" in lic.stdout, lic.stderr
    again = cli("licensing", "license", did, "--patent", c.OK, "--licensee", c.FIRM)
    assert again.returncode == 2 and "已就专利" in again.stderr
    assert cli("licensing", "withdraw", did).returncode == 2  # a request needs its reason
    assert cli("licensing", "withdraw", did, "--reason", "重新定价").returncode == 0
    done = json.loads(cli("licensing", "withdraw", did, "--announce", "--json").stdout)
    assert done["status"] == "withdrawn" and done["licensees"] == 1
    xlsx = tmp_path / "stats.xlsx"
    stats = json.loads(cli("licensing", "stats", "--json", "--export", str(xlsx)).stdout)
    assert stats["announced"] == 1 and stats["licences"] == 1
    assert load_workbook(xlsx).sheetnames[0] == "总览"
    listing = cli("licensing", "list")
    assert "已撤回" in listing.stdout and "草稿" not in listing.stdout
