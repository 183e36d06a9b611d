"""Who may change a record of the shared patent store.

Intellectual-property offices and the platform import authoritative records: their imports
insert and update any patent. Every other organisation that may import (universities,
enterprises) adds patents the store does not have yet and updates only the records its own
imports wrote; a record that another organisation's import wrote — its title, owners,
legal status and events — is left as it is, and the row is reported in the batch's issues.
A correction to such a record goes through an office. ``docs/security.md`` states the rule.
"""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import select
from sqlalchemy.orm import Session

from zhichan.core.principal import OrgKind, Principal
from zhichan.patents.models import ImportBatch, Patent

AUTHORITIES = frozenset({OrgKind.IP_OFFICE, OrgKind.PLATFORM})
REFUSED = "该专利已由其他机构导入，本机构的导入不能修改它；如需更正，请联系知识产权局"


def editor_org(principal: Principal, owner_org_id: int) -> int | None:
    """The organisation whose records this import may change, or None for every record."""
    if principal.is_operator or principal.org_kind in AUTHORITIES:
        return None
    return owner_org_id


def foreign(session: Session, ids: Collection[int], org_id: int | None) -> set[int]:
    """Those of the patents ``ids`` that an import by ``org_id`` may not change."""
    if org_id is None or not ids:
        return set()
    stmt = (
        select(Patent.id, ImportBatch.owner_org_id)
        .outerjoin(ImportBatch, ImportBatch.id == Patent.batch_id)
        .where(Patent.id.in_(list(ids)))
    )
    return {pid for pid, owner in session.execute(stmt) if owner != org_id}
