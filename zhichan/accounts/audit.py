"""Every write is recorded: who, when, which object and each changed field before/after.

Installed on a session factory by :func:`install`; works for any mapped class that keeps
``__audited__`` true, so later domains are audited without writing any code.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import event, insert, inspect
from sqlalchemy.orm import Session, sessionmaker

from zhichan.accounts.models import AuditEntry
from zhichan.core.principal import Principal
from zhichan.db.base import Base, utcnow
from zhichan.db.session import ACTOR_KEY, REQUEST_KEY, VIA_KEY

REDACTED = "***"


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    try:
        json.dumps(value)
    except TypeError:
        return str(value)
    return value


def _column_keys(obj: Base) -> list[str]:
    return [attr.key for attr in inspect(obj).mapper.column_attrs]


def _changes(obj: Base, action: str) -> dict[str, Any]:
    state = inspect(obj)
    redact = type(obj).__audit_redact__
    changes: dict[str, Any] = {}
    for key in _column_keys(obj):
        hist = state.attrs[key].history
        if action == "update":
            if not hist.has_changes():
                continue
            before = hist.deleted[0] if hist.deleted else None
            after = hist.added[0] if hist.added else None
        elif action == "create":
            before, after = None, state.attrs[key].value
            if after is None:
                continue
        else:
            before, after = state.attrs[key].value, None
        if key in redact:
            before = REDACTED if before is not None else None
            after = REDACTED if after is not None else None
        changes[key] = {"before": _plain(before), "after": _plain(after)}
    return changes


def _object_id(obj: Base) -> str:
    # During after_flush new rows have their keys but no identity yet, so read the columns.
    values = inspect(obj).mapper.primary_key_from_instance(obj)
    return "/".join(str(v) for v in values)


def _label(actor: Principal | None, via: str) -> str:
    if actor is None:
        return f"{via}:匿名"
    return f"{via}:{actor.username}" if actor.is_operator else actor.username


def _rows(session: Session) -> list[dict[str, Any]]:
    actor: Principal | None = session.info.get(ACTOR_KEY)
    via = session.info.get(VIA_KEY) or "system"
    base = {
        "at": utcnow(),
        "actor_user_id": actor.user_id if actor and not actor.is_operator else None,
        "actor_org_id": actor.org_id if actor and not actor.is_operator else None,
        "actor_label": _label(actor, via),
        "via": via,
        "request_id": session.info.get(REQUEST_KEY),
    }
    rows = []
    for action, objs in (
        ("create", session.new),
        ("update", session.dirty),
        ("delete", session.deleted),
    ):
        for obj in objs:
            if not isinstance(obj, Base) or not type(obj).__audited__:
                continue
            if action == "update" and not session.is_modified(obj, include_collections=False):
                continue
            changes = _changes(obj, action)
            if action == "update" and not set(changes) - type(obj).__audit_ignore__:
                continue
            rows.append(
                base
                | {
                    "action": action,
                    "object_type": type(obj).__tablename__,
                    "object_id": _object_id(obj),
                    "changes": changes,
                }
            )
    return rows


def _after_flush(session: Session, _flush_context: Any) -> None:
    rows = _rows(session)
    if rows:
        session.connection().execute(insert(AuditEntry), rows)


INSTALLED = "_zhichan_audit"


def install(factory: sessionmaker[Session]) -> sessionmaker[Session]:
    # A mark on the factory itself, not ``event.contains``: SQLAlchemy's listener registry is
    # keyed by ``id()``, and a new factory at the address of a collected one was sometimes
    # taken for it, leaving the new factory's writes unaudited.
    if not getattr(factory, INSTALLED, False):
        event.listen(factory, "after_flush", _after_flush)
        setattr(factory, INSTALLED, True)
    return factory
