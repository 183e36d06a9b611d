"""The label tables cover what the audit log records: every audited table and each of its
columns has Chinese words, so the log never shows a code."""

from __future__ import annotations

from zhichan import domains
from zhichan.core import labels
from zhichan.db.base import Base


def _audited() -> list:
    domains.metadata()  # imports every domain's models
    return [m.local_table for m in Base.registry.mappers if getattr(m.class_, "__audited__", False)]


def test_every_audited_table_is_labelled() -> None:
    tables = _audited()
    assert len(tables) > 20
    assert {t.name for t in tables} - set(labels.TABLES) == set()


def test_every_audited_column_is_labelled() -> None:
    missing = {
        f"{t.name}.{c.name}"
        for t in _audited()
        for c in t.columns
        if not labels.COLUMNS.get(c.name)
    }
    assert missing == set()


def test_column_filter_falls_back_to_the_code() -> None:
    assert labels.FILTERS["column"]("tier_override") == "人工分层"
    assert labels.FILTERS["column"]("no_such_column") == "no_such_column"
