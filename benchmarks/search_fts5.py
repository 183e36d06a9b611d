"""The comparison engine of the speed benchmark: SQLite FTS5 over the same token streams.

FTS5 gets exactly the tokens Tantivy gets (the bigram analyser's unigram and bigram
streams, space-separated, read by FTS5's unicode61 tokenizer), and each query of the
language is translated to an FTS5 MATCH expression plus SQL conditions for dates, so the
two engines answer the same question; totals are compared query by query.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from zhichan.fulltext import analysis
from zhichan.search import syntax
from zhichan.search.compile import TYPES
from zhichan.search.dates import day_range

COLUMNS = ("ti_u", "ti_b", "ab_u", "ab_b", "pa_u", "pa_b", "ipc", "pt")
TEXT = {"TI": "ti", "AB": "ab", "PA": "pa"}
DATE = {"AD": "ad", "PD": "pd"}


def create(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=OFF")
    db.execute("PRAGMA synchronous=OFF")
    cols = ", ".join(COLUMNS)
    db.execute(
        f"CREATE VIRTUAL TABLE fts USING fts5({cols}, tokenize='unicode61 remove_diacritics 0')"
    )
    db.execute("CREATE TABLE docs (id INTEGER PRIMARY KEY, ad INTEGER, pd INTEGER)")
    return db


def row(pid: int, fields: dict[str, Any]) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    values = [fields.get(c, "") for c in COLUMNS[:6]]
    values.append(" ".join(c.replace("/", "_") for c in fields.get("ipc", [])))
    values.append(" ".join(fields.get("pt", [])))
    return (pid, *values), (pid, fields.get("ad"), fields.get("pd"))


def insert(db: sqlite3.Connection, rows: list[tuple[tuple[Any, ...], tuple[Any, ...]]]) -> None:
    marks = ", ".join("?" * (len(COLUMNS) + 1))
    db.executemany(
        f"INSERT INTO fts(rowid, {', '.join(COLUMNS)}) VALUES ({marks})", [r[0] for r in rows]
    )
    db.executemany("INSERT INTO docs VALUES (?, ?, ?)", [r[1] for r in rows])


def _quote(tokens: list[str]) -> str:
    return '"' + " ".join(t.replace('"', "") for t in tokens) + '"'


def _text(stem: str, text: str) -> str:
    parts = []
    for han, run in analysis.runs(text):
        if not han:
            parts.append(f"{stem}_u : {_quote([run.lower()])}")
        elif len(run) == 1:
            parts.append(f"{stem}_u : {_quote([run])}")
        else:
            parts.append(f"{stem}_b : {_quote(analysis.bigrams(run))}")
    return parts[0] if len(parts) == 1 else "(" + " AND ".join(parts) + ")"


class Translator:
    """A parsed query → (MATCH expression or None, SQL conditions on ``docs``)."""

    def __init__(self) -> None:
        self.where: list[str] = []

    def free_text(self, text: str) -> str:
        tokens: set[str] = set()
        for han, run in analysis.runs(text):
            if not han:
                tokens.add(f"ti_u : {_quote([run.lower()])}")
                tokens.add(f"ab_u : {_quote([run.lower()])}")
                continue
            for t in run:
                tokens |= {f"ti_u : {_quote([t])}", f"ab_u : {_quote([t])}"}
            for t in analysis.bigrams(run):
                tokens |= {f"ti_b : {_quote([t])}", f"ab_b : {_quote([t])}"}
        return " OR ".join(sorted(tokens))

    def node(self, node: syntax.Node) -> str | None:
        if isinstance(node, syntax.Compare):
            low, high = day_range(node.op, node.value)
            col = DATE[node.field]
            if low is not None:
                self.where.append(f"docs.{col} >= {low}")
            if high is not None:
                self.where.append(f"docs.{col} <= {high}")
            return None
        if isinstance(node, syntax.Term):
            return self.term(node)
        if isinstance(node, syntax.Or):
            return "(" + " OR ".join(self.node(c) or "" for c in node.children) + ")"
        if isinstance(node, syntax.And):
            pos = [self.node(c) for c in node.children if not isinstance(c, syntax.Not)]
            neg = [self.node(c.child) for c in node.children if isinstance(c, syntax.Not)]
            expr = " AND ".join(p for p in pos if p)
            for n in neg:
                expr = f"({expr}) NOT {n}"
            return f"({expr})" if expr else None
        raise ValueError(f"not translated: {node}")

    def term(self, t: syntax.Term) -> str:
        code = t.field or "TX"
        if code == "TX":
            return "(" + " OR ".join(_text(s, t.text) for s in ("ti", "ab")) + ")"
        if code in TEXT:
            return _text(TEXT[code], t.text)
        if code == "IPC":
            return f"ipc : {t.text.lower()}*" if t.prefix else f"ipc : {_quote([t.text.lower()])}"
        if code == "PT":
            return f"pt : {_quote([TYPES.get(t.text, t.text)])}"
        raise ValueError(f"field {code} not translated")


def search(db: sqlite3.Connection, parsed: syntax.Parsed, limit: int = 20) -> tuple[int, list[int]]:
    tr = Translator()
    match = tr.free_text(parsed.query) if parsed.free_text else tr.node(parsed.root)  # type: ignore[arg-type]
    join = " JOIN docs ON docs.id = fts.rowid" if tr.where else ""
    where = "".join(f" AND {w}" for w in tr.where)
    sql = f"FROM fts{join} WHERE fts MATCH ?{where}"
    total = db.execute(f"SELECT count(*) {sql}", (match,)).fetchone()[0]
    ids = [
        r[0]
        for r in db.execute(f"SELECT fts.rowid {sql} ORDER BY fts.rank LIMIT {limit}", (match,))
    ]
    return total, ids
