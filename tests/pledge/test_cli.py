"""``zhichan pledge …`` as an operator types it: rules, a loan through registration, a claim and
the statistics workbook (SQLite: the commands, not the store)."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from tests.pledge import constructed
from tests.test_cli import Cli


def test_rules_a_loan_to_registration_a_claim_and_statistics(tmp_path: Path) -> None:
    cli = Cli(f"sqlite:///{tmp_path / 'cli.db'}", tmp_path)
    assert cli("db", "upgrade").returncode == 0
    path = constructed.write_jsonl(tmp_path / "constructed.jsonl")
    assert cli("import", str(path)).returncode == 0
    assert cli("org", "add", "构造银行", "--kind", "bank").returncode == 0
    loaded = cli("pledge", "rules", "load")
    assert loaded.returncode == 0 and "新载入政策规则 15 条、风险补偿资金池 3 个" in loaded.stdout
    listed = cli("pledge", "rules", "list", "--region", "山东省")
    assert "SD-1 山东省 保费补贴：60.0000%" in listed.stdout and "GS-1" not in listed.stdout
    made = cli(
        "pledge",
        "create",
        "--enterprise",
        constructed.FIRM,
        "--bank",
        "构造银行",
        "--amount",
        "1,000,000",
        "--ends-on",
        "2028-12-01",
        "--region",
        "山东省",
        "--numbers",
        ",".join(constructed.VALID[:2]),
    )
    assert made.returncode == 0, made.stderr
    assert "已新建贷款申请 1" in made.stdout and constructed.VALID[0] in made.stdout
    long = cli(
        "pledge",
        "create",
        "--enterprise",
        constructed.FIRM,
        "--bank",
        "构造银行",
        "--amount",
        "1",
        "--ends-on",
        "2200-01-01",
        "--numbers",
        constructed.VALID[0],
    )
    assert long.returncode != 0 and "期限不超过十年" in long.stderr
    checked = cli("pledge", "check", "1")
    assert "[通过] 债务履行期限不超过专利权期限" in checked.stdout
    for action, *extra in (
        ("submit",),
        ("precheck",),
        ("review",),
        ("approve",),
        ("sign", "--contract-items", "parties,debt,term,patents,scope"),
        ("file", "--documents", "application_form,contract,identity"),
        ("register", "--reg-no", "Y2026370000002"),
        ("disburse", "--amount", "1000000"),
        ("start_repaying",),
        ("repay",),
    ):
        got = cli("pledge", "step", "1", action, *extra)
        assert got.returncode == 0, (action, got.stderr)
    wrong = cli("pledge", "step", "1", "disburse")
    assert wrong.returncode != 0 and "不能“放款”" in wrong.stderr
    claim = cli("pledge", "claim", "1", "--rule", "SD-1", "--base", "20000")
    # 山东 SD-1 pays only on insured loans: refused, with the reason, and nothing counted.
    assert claim.returncode == 0 and "0.00 元（不予支持）" in claim.stdout
    assert "条件未满足：投保了保证保险" in claim.stdout
    interest = cli(
        "pledge", "claim", "1", "--rule", "SD-5", "--benchmark-rate", "4.35", "--days", "365"
    )
    assert interest.returncode == 0, interest.stderr
    assert "43,500.00 元 × 60%" in interest.stdout and "26,100.00 元" in interest.stdout
    out = tmp_path / "pledge.xlsx"
    stats = cli("pledge", "stats", "--xlsx", str(out))
    assert stats.returncode == 0 and "质押登记金额（元）：1000000.00" in stats.stdout
    sheet = load_workbook(out).worksheets[0]
    assert [c.value for c in sheet[2]][:2] == ["质押登记金额（元）", 1000000]
