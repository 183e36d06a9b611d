"""A batch is atomic: kill the importing process mid-way and nothing of it remains."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import func, select

from tests.conftest import FreshDatabases
from tests.patents.conftest import DATA, fresh_store
from tests.support import generated
from zhichan.db.session import unit_of_work
from zhichan.patents.models import ImportBatch, Patent, PatentParty

#: Four chunks of 1,000: the kill lands once the first chunk is in, well before the end.
ROWS = 4_000


def test_killed_import_leaves_nothing(fresh_db: FreshDatabases, tmp_path: Path) -> None:
    engine, factory = fresh_store(fresh_db)
    source = generated.write_csv(
        tmp_path / "generated.csv", DATA / "patents/kppatent-zh/patents.jsonl", ROWS
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZHICHAN_")}
    env["ZHICHAN_DATABASE_URL"] = str(engine.url.render_as_string(hide_password=False))
    env["ZHICHAN_SEARCH_MODEL"] = "none"  # the import is under test, not the embeddings
    proc = subprocess.Popen(
        [sys.executable, "-m", "zhichan.cli", "import", str(source)],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stderr is not None
    deadline = time.monotonic() + 120
    line = ""
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        if line.startswith("进度") and "新增 0 " not in line:
            break
    assert line.startswith("进度"), f"no progress before the deadline: {line!r}"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    with unit_of_work(factory) as session:
        assert session.scalar(select(func.count(Patent.id))) == 0
        assert session.scalar(select(func.count(PatentParty.id))) == 0
        assert session.scalar(select(func.count(ImportBatch.id))) == 0
    # And the same file then imports completely.
    done = subprocess.run(
        [sys.executable, "-m", "zhichan.cli", "import", str(source), "--json"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["index"] == "检索索引已同步，导入的记录已可检索"
    with unit_of_work(factory) as session:
        assert session.scalar(select(func.count(Patent.id))) == ROWS
    engine.dispose()
