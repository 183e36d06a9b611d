"""Create engines for the embedded SQLite store or a PostgreSQL server."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from zhichan.core.errors import DatabaseUnavailable

log = logging.getLogger(__name__)


def normalise_url(url: str) -> str:
    """Use psycopg 3 for ``postgresql://`` URLs; SQLAlchemy would otherwise pick psycopg2."""
    if url.startswith("postgresql://"):
        return "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url


IMMEDIATE = "zhichan_sqlite_immediate"
#: How long a SQLite writer waits for the lock (a running import holds it) before failing.
BUSY_TIMEOUT_MS = 10_000


def _sqlite_connect(dbapi_conn: Any, _record: Any) -> None:
    # pysqlite's own transaction handling breaks SAVEPOINT and transactional DDL; let
    # SQLAlchemy emit BEGIN itself so a failed import or migration rolls back entirely.
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    # WAL lets the web server read while an import writes; FKs are off by default in SQLite.
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    # 64 MB page cache: index pages of big tables stay in memory during bulk imports.
    cur.execute("PRAGMA cache_size=-65536")
    cur.execute("PRAGMA temp_store=MEMORY")
    cur.close()


def _sqlite_begin(conn: Any) -> None:
    # A transaction that will write takes the write lock up front: in WAL mode a reader that
    # later writes fails at once if another writer committed meanwhile, instead of waiting.
    immediate = conn.get_execution_options().get(IMMEDIATE)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def make_engine(url: str, *, echo: bool = False) -> Engine:
    url = normalise_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url, echo=echo, connect_args={"check_same_thread": False}, json_serializer=_json
        )
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(
        url,
        echo=echo,
        pool_pre_ping=True,
        pool_size=10,
        connect_args={"connect_timeout": 5},
        json_serializer=_json,
    )


def _json(value: Any) -> str:
    # Bulk importers hand over values whose JSON text they computed already (``.text``).
    text = getattr(value, "text", None)
    if isinstance(text, str):
        return text
    # Chinese text stored as itself, not as \uXXXX escapes: a third of the size.
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def check_connection(engine: Engine) -> None:
    """Fail fast with a readable message when the database cannot be reached."""
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except OperationalError as exc:
        where = engine.url.render_as_string(hide_password=True)
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise DatabaseUnavailable(
            f"无法连接数据库 {where}：{reason}", details={"database_url": where}
        ) from exc
