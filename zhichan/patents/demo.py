"""The real patent files in ``shared/data/patents`` that ``zhichan demo load`` imports."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from zhichan.core.principal import Principal
from zhichan.db.session import unit_of_work
from zhichan.patents import loader, service

PATTERNS = (
    "patents/kppatent-zh/patents.jsonl",
    "patents/cn-cpc-sample/*.csv",
    "patents/uspto-samples/*/*.xml",
)


def files(data_dir: Path) -> list[Path]:
    return [p for pattern in PATTERNS for p in sorted(data_dir.glob(pattern))]


def load(
    *,
    factory: sessionmaker[Session],
    data_dir: Path,
    principal: Principal,
    echo: Callable[[str], None],
) -> list[loader.Outcome]:
    """Reference tables first (their IPC main groups resolve compact USPTO symbols), then files."""
    with unit_of_work(factory, principal) as session:
        ipc_count, sei_count = service.load_reference(session=session, data_dir=data_dir)
    echo(f"IPC 中文名称 {ipc_count} 条，战略性新兴产业对照规则 {sei_count} 条")
    outcomes = []
    for path in files(data_dir):
        name = str(path.relative_to(data_dir))
        outcome = service.import_file(
            factory=factory, path=path, principal=principal, source_name=name
        )
        echo(f"{name}：{loader.counts_text(outcome.progress)}")
        outcomes.append(outcome)
    return outcomes
