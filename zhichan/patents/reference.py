"""Reference tables: Chinese IPC titles and the SEI ↔ IPC concordance, loaded from shared/."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from zhichan.core.errors import InvalidInput
from zhichan.core.text import nfkc
from zhichan.db.base import table
from zhichan.patents.models import IpcTitle, SeiRule

IPC_FILE = Path("reference/ipc-zh/ipc_zh_main_groups.csv")
SEI_FILE = Path("reference/sei-ipc/sei_ipc_2021.jsonl")


def load_ipc_titles(session: Session, data_dir: Path) -> int:
    """Replace the IPC title table with the shared CSV; returns the number of titles."""
    path = data_dir / IPC_FILE
    if not path.is_file():
        raise InvalidInput(f"找不到 IPC 中文名称表：{path}")
    with path.open(encoding="utf-8") as fh:
        rows = [
            {
                "code": r["code"].strip(),
                "level": r["level"].strip(),
                "title_zh": nfkc(r["title_zh"]),
            }
            for r in csv.DictReader(fh)
        ]
    session.execute(delete(IpcTitle))
    session.execute(insert(table(IpcTitle)), rows)
    return len(rows)


def load_sei_rules(session: Session, data_dir: Path) -> int:
    path = data_dir / SEI_FILE
    if not path.is_file():
        return 0
    rows = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                r = json.loads(line)
                rows.append(
                    {
                        k: r[k]
                        for k in (
                            "sei_code",
                            "sei_name",
                            "rule_no",
                            "source_page",
                            "ipc_patterns",
                            "exclude_patterns",
                            "keywords",
                        )
                    }
                )
    session.execute(delete(SeiRule))
    session.execute(insert(table(SeiRule)), rows)
    return len(rows)


def known_main_groups(session: Session) -> frozenset[str]:
    return frozenset(session.scalars(select(IpcTitle.code).where(IpcTitle.level == "main_group")))


def titles_for(session: Session, codes: list[str]) -> dict[str, str]:
    """Chinese titles of every level (section → main group) that the given codes fall under."""
    wanted: set[str] = set()
    for code in codes:
        wanted |= {code[:1], code[:3], code[:4]}
        if "/" in code:
            wanted.add(code.split("/")[0] + "/00")
    if not wanted:
        return {}
    rows = session.execute(
        select(IpcTitle.code, IpcTitle.title_zh).where(IpcTitle.code.in_(wanted))
    )
    return {code: title for code, title in rows}


def counts(session: Session) -> tuple[int, int]:
    return (
        session.scalar(select(func.count()).select_from(IpcTitle)) or 0,
        session.scalar(select(func.count()).select_from(SeiRule)) or 0,
    )
