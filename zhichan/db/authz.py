"""The one place that decides who may read or change an organisation-owned record.

Rules (tested in ``tests/db/test_authz.py``):

* anonymous users read only ``public`` records and change nothing;
* the platform administrator reads and changes everything;
* members of the owning organisation read ``public`` and ``internal`` records; ``draft``
  records only if they may edit (admin or editor role);
* admins and editors of the owning organisation change its records; viewers never do;
* other organisations read only ``public`` records.

A record that a principal may not read is reported as *not found*, so that its existence
does not leak; a readable record that they may not change gives *permission denied*.
"""

from __future__ import annotations

from typing import Any, Protocol, TypeVar

from sqlalchemy import ColumnElement, Select, and_, or_, true
from sqlalchemy.orm import Session

from zhichan.core.errors import NotFound, PermissionDenied
from zhichan.core.principal import Principal
from zhichan.db.base import Visibility


class OwnedRecord(Protocol):
    owner_org_id: int
    visibility: str


T = TypeVar("T")


def can_read(principal: Principal | None, record: OwnedRecord) -> bool:
    if record.visibility == Visibility.PUBLIC:
        return True
    if principal is None:
        return False
    if principal.is_platform_admin:
        return True
    if principal.org_id != record.owner_org_id:
        return False
    return record.visibility == Visibility.INTERNAL or principal.can_edit


def can_write(principal: Principal | None, record: OwnedRecord) -> bool:
    if principal is None:
        return False
    if principal.is_platform_admin:
        return True
    return principal.org_id == record.owner_org_id and principal.can_edit


def readable_clause(model: Any, principal: Principal | None) -> ColumnElement[bool]:
    """SQL form of :func:`can_read`, for listing queries over large tables."""
    public = model.visibility == Visibility.PUBLIC.value
    if principal is None:
        return public
    if principal.is_platform_admin:
        return true()
    own = model.owner_org_id == principal.org_id
    if principal.can_edit:
        return or_(public, own)
    return or_(public, and_(own, model.visibility == Visibility.INTERNAL.value))


def readable(stmt: Select[Any], model: Any, principal: Principal | None) -> Select[Any]:
    return stmt.where(readable_clause(model, principal))


def get_readable(session: Session, model: type[T], ident: int, principal: Principal | None) -> T:
    record = session.get(model, ident)
    if record is None or not can_read(principal, record):  # type: ignore[arg-type]
        raise NotFound(f"记录 {ident} 不存在", details={"id": ident})
    return record


def get_writable(session: Session, model: type[T], ident: int, principal: Principal | None) -> T:
    record = get_readable(session, model, ident, principal)
    if not can_write(principal, record):  # type: ignore[arg-type]
        raise PermissionDenied("您没有修改该记录的权限", details={"id": ident})
    return record
