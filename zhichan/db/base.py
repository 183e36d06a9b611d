"""Declarative base and the column conventions every domain shares."""

from __future__ import annotations

import enum
from datetime import UTC, datetime
from typing import Annotated, Any

from sqlalchemy import (
    BigInteger,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    TypeDecorator,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

# Stable constraint names make Alembic migrations identical on SQLite and PostgreSQL.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# SQLite only autoincrements INTEGER PRIMARY KEY; PostgreSQL gets BIGINT for large tables.
BigId = BigInteger().with_variant(Integer(), "sqlite")
IdPk = Annotated[int, mapped_column(BigId, primary_key=True, autoincrement=True)]


def utcnow() -> datetime:
    return datetime.now(UTC)


def as_utc(value: datetime | None) -> datetime | None:
    """SQLite hands timestamps back without tzinfo; they were written in UTC."""
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


class UtcDateTime(TypeDecorator[datetime]):
    """A timestamp that always comes back with its offset (UTC), on SQLite too, so that no
    API answer or page shows a time whose zone the reader must guess."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        return as_utc(value)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: UtcDateTime()}  # noqa: RUF012 - read by SQLAlchemy

    #: Set False on tables whose writes must not be audited (the audit log itself, sessions).
    __audited__: bool = True
    #: Attribute names whose values never appear in the audit log.
    __audit_redact__: frozenset[str] = frozenset()
    #: Bookkeeping attributes whose changes alone do not make an audit entry.
    __audit_ignore__: frozenset[str] = frozenset()


class Timestamped:
    created_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        default=utcnow, onupdate=utcnow, server_default=func.now()
    )


class Visibility(enum.StrEnum):
    """Who may read a record owned by an organisation (see :mod:`zhichan.db.authz`)."""

    PUBLIC = "public"
    INTERNAL = "internal"
    DRAFT = "draft"

    @property
    def label(self) -> str:
        return {"public": "公开", "internal": "本机构可见", "draft": "草稿"}[self.value]


class Owned:
    """Mixin for every domain record that is not public by nature."""

    @declared_attr
    def owner_org_id(cls) -> Mapped[int]:
        return mapped_column(BigId, ForeignKey("organisations.id", ondelete="RESTRICT"), index=True)

    visibility: Mapped[str] = mapped_column(String(16), default=Visibility.DRAFT.value)


def table(model: type[Base]) -> Table:
    """The Core table of a mapped class, for bulk INSERT/UPDATE statements."""
    found = model.__table__
    assert isinstance(found, Table)
    return found
